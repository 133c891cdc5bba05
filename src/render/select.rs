//! Which outputs a build renders. A clean build renders everything; `serve` renders only the
//! outputs whose inputs changed since its last good build.
//!
//! Every output a renderer produces has a fingerprint: a hash of the site-wide inputs (settings,
//! templates, `--drafts`, the date), of the version of each page it shows (see
//! [`Selection::new`]) and of anything else it shows that is not a page (a term's name, a page
//! number, counts). An output whose fingerprint is the one it had last time is kept as it is.
//! The renderers declare what they read, next to the code that reads it; the integration tests
//! compare a served site after many edits with a clean build to keep those declarations honest.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Mutex;

/// What one output depends on: the pages it shows and a hash of everything else it shows.
#[derive(Debug, Default)]
pub struct Deps {
    /// Indices of the pages the output shows.
    pub pages: Vec<usize>,
    /// Everything else: page numbers, term names, counts …
    pub extra: DefaultHasher,
}

impl Deps {
    /// Dependencies on these pages.
    pub fn pages(pages: impl IntoIterator<Item = usize>) -> Deps {
        Deps {
            pages: pages.into_iter().collect(),
            extra: DefaultHasher::new(),
        }
    }

    /// Adds a value the output shows.
    #[must_use]
    pub fn with(mut self, v: impl Hash) -> Deps {
        v.hash(&mut self.extra);
        self
    }
}

/// The outputs of the last good build and their fingerprints, and the fingerprints of this one.
#[derive(Debug)]
pub struct Selection {
    global: u64,
    versions: Vec<u64>,
    previous: HashMap<String, u64>,
    current: Mutex<Vec<(String, u64)>>,
    /// Set when only the content of some pages changed and the site's structure did not (the
    /// same pages in the same lists, terms and places): those pages, by index.
    touched: Option<Vec<bool>>,
}

impl Selection {
    /// `global` hashes what every output depends on; `versions[i]` is the version of page `i`
    /// (a hash of everything about it that other pages may show); `previous` holds the
    /// fingerprints of the last good build by output path.
    pub fn new(global: u64, versions: Vec<u64>, previous: HashMap<String, u64>) -> Selection {
        Selection {
            global,
            versions,
            previous,
            current: Mutex::new(Vec::new()),
            touched: None,
        }
    }

    /// Says that the site's structure is the one of the last good build and only the pages
    /// `changed` differ, so an output that shows a fixed set of pages (a page, a list page, a
    /// term page) and none of these is as it was, without computing its fingerprint.
    #[must_use]
    pub fn structure_kept(mut self, changed: &[usize]) -> Selection {
        let mut t = vec![false; self.versions.len()];
        for &i in changed {
            if let Some(slot) = t.get_mut(i) {
                *slot = true;
            }
        }
        self.touched = Some(t);
        self
    }

    /// The pages that changed, when the structure was kept (see [`Selection::structure_kept`]).
    pub fn touched_pages(&self) -> Option<Vec<usize>> {
        self.touched.as_ref().map(|t| {
            t.iter()
                .enumerate()
                .filter_map(|(i, &on)| on.then_some(i))
                .collect()
        })
    }

    /// True when the structure was kept and none of `pages` changed: an output showing exactly
    /// these pages is unchanged. Always false after a structural change.
    pub fn untouched(&self, pages: impl IntoIterator<Item = usize>) -> bool {
        self.touched
            .as_ref()
            .is_some_and(|t| !pages.into_iter().any(|i| t.get(i).copied().unwrap_or(true)))
    }

    /// Records the fingerprint of the output at `path` and says whether it differs from last
    /// time (so the output must be rendered).
    pub fn changed(&self, path: &str, deps: Deps) -> bool {
        let mut h = deps.extra;
        self.global.hash(&mut h);
        for i in &deps.pages {
            // A page index past the end cannot happen; hashing a marker keeps it a change.
            self.versions
                .get(*i)
                .copied()
                .unwrap_or(u64::MAX)
                .hash(&mut h);
        }
        let fp = h.finish();
        let changed = self.previous.get(path) != Some(&fp);
        if let Ok(mut c) = self.current.lock() {
            c.push((path.to_string(), fp));
        }
        changed
    }

    /// The fingerprints of the last good build, given back when this build failed.
    pub fn into_previous(self) -> HashMap<String, u64> {
        self.previous
    }

    /// The fingerprints of this build, for the next one. When the structure was kept, outputs
    /// found [`untouched`](Self::untouched) keep their earlier fingerprints.
    pub fn into_fingerprints(self) -> HashMap<String, u64> {
        let current = self.current.into_inner().unwrap_or_default();
        match self.touched {
            Some(_) => {
                let mut all = self.previous;
                all.extend(current);
                all
            }
            None => current.into_iter().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_inputs_are_not_rendered_again() {
        let first = Selection::new(1, vec![10, 20, 30], HashMap::new());
        assert!(first.changed("a/", Deps::pages([0, 1]).with(3)));
        let fps = first.into_fingerprints();
        let same = Selection::new(1, vec![10, 20, 30], fps.clone());
        assert!(!same.changed("a/", Deps::pages([0, 1]).with(3)));
        let page_changed = Selection::new(1, vec![10, 21, 30], fps.clone());
        assert!(page_changed.changed("a/", Deps::pages([0, 1]).with(3)));
        let extra_changed = Selection::new(1, vec![10, 20, 30], fps.clone());
        assert!(extra_changed.changed("a/", Deps::pages([0, 1]).with(4)));
        let global_changed = Selection::new(2, vec![10, 20, 30], fps);
        assert!(global_changed.changed("a/", Deps::pages([0, 1]).with(3)));
    }

    #[test]
    fn a_kept_structure_skips_untouched_outputs_and_keeps_their_fingerprints() {
        let first = Selection::new(1, vec![10, 20, 30], HashMap::new());
        assert!(first.changed("a/", Deps::pages([0, 1])));
        assert!(first.changed("b/", Deps::pages([2])));
        assert!(
            !first.untouched([0]),
            "no structure promise on a full build"
        );
        let fps = first.into_fingerprints();
        let edit = Selection::new(1, vec![10, 20, 31], fps.clone()).structure_kept(&[2]);
        assert!(edit.untouched([0, 1]));
        assert!(!edit.untouched([1, 2]));
        assert!(!edit.untouched([7]), "an unknown page counts as changed");
        assert!(edit.changed("b/", Deps::pages([2])));
        let next = edit.into_fingerprints();
        assert_eq!(next.get("a/"), fps.get("a/"));
        assert_ne!(next.get("b/"), fps.get("b/"));
    }
}

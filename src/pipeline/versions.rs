//! What `serve` compares between rebuilds, and only `serve` asks for: whether an edit keeps the
//! site's structure, what links resolve against, and the versions of pages that the output
//! fingerprints of [`crate::render::select`] are made of. A clean build computes none of it.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use rayon::prelude::*;

use crate::markdown::Rendered;
use crate::model::Site;
use crate::model::page::Page;
use crate::theme::Theme;

/// The hash of a value.
pub(super) fn hash_of(v: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    v.hash(&mut h);
    h.finish()
}

/// The hash of a theme's templates and assets.
pub(super) fn theme_hash(theme: &Theme) -> u64 {
    hash_of((&theme.templates, &theme.assets))
}

/// True when `new`, a new reading of page `i`'s file, leaves the site's structure as it was:
/// the same URL and flags, the same place in list order, the same terms, aliases and dates, the
/// same briefing and document fields that lists group by. Then every list, term page, archive
/// page and neighbour link keeps its members, and only what the pages show can differ.
pub(super) fn same_structure(site: &Site, i: usize, new: &Page) -> bool {
    let old = &site.pages[i];
    let (a, b) = (&old.meta, &new.meta);
    let names = |v: &[(String, std::ops::Range<usize>)]| -> Vec<String> {
        v.iter().map(|(s, _)| s.clone()).collect()
    };
    let briefing = |p: &Page| {
        p.briefing
            .as_ref()
            .map(|b| (b.series.clone(), b.kind, b.issue, b.total, names(&b.items)))
    };
    let document = |p: &Page| p.document.as_ref().map(|d| (d.validity, d.written));
    old.kind == new.kind
        && old.path == new.path
        && old.slug == new.slug
        && old.published == new.published
        && old.included == new.included
        && old.source.bundle == new.source.bundle
        && a.date == b.date
        && a.updated == b.updated
        && a.categories == b.categories
        && a.tags == b.tags
        && names(&a.aliases) == names(&b.aliases)
        && a.draft == b.draft
        && a.visibility == b.visibility
        && a.weight == b.weight
        && a.search == b.search
        && a.cover.is_some() == b.cover.is_some()
        && briefing(old) == briefing(new)
        && document(old) == document(new)
        && site.keeps_list_place(i, new)
}

/// What links resolve against.
pub(super) fn link_world(site: &Site, static_files: &HashSet<String>) -> u64 {
    let mut h = DefaultHasher::new();
    for p in &site.pages {
        (&p.source.content_path, &p.path, p.published, p.included).hash(&mut h);
    }
    let mut statics: Vec<&String> = static_files.iter().collect();
    statics.sort();
    statics.hash(&mut h);
    h.finish()
}

/// A page's own version: its file, path and flags, bundle files and rendered Markdown.
pub(super) fn page_version(p: &Page, r: Option<&Rendered>) -> u64 {
    let mut h = DefaultHasher::new();
    (
        &p.source.content_path,
        &p.source.text,
        &p.path,
        p.published,
        p.included,
    )
        .hash(&mut h);
    if let Some(b) = &p.source.bundle {
        for a in &b.assets {
            a.hash(&mut h);
            // A changed photo of the same name may change the page (its size, its renditions).
            if let Ok(m) = std::fs::metadata(b.dir.join(a)) {
                (m.len(), m.modified().ok()).hash(&mut h);
            }
        }
    }
    if let Some(r) = r {
        (&r.html, &r.summary, &r.more_html).hash(&mut h);
    }
    // Zero marks "not computed yet".
    h.finish().max(1)
}

/// Every page's version as other pages see it: its own (`own[i]`, see [`page_version`]), plus
/// the links of its terms (a term's link can change when another page brings a new term).
/// With `edited`, only those pages are computed again and the rest come from `last`.
pub(super) fn versions(
    site: &Site,
    own: &[u64],
    last: &[u64],
    edited: Option<&[usize]>,
) -> Vec<u64> {
    let slugs: HashMap<&str, &str> = site
        .categories
        .iter()
        .chain(&site.tags)
        .map(|t| (t.name.as_str(), t.slug.as_str()))
        .collect();
    let version = |p: &Page, own: u64| {
        let mut h = DefaultHasher::new();
        own.hash(&mut h);
        for t in p.meta.categories.iter().chain(&p.meta.tags) {
            slugs.get(t.as_str()).hash(&mut h);
        }
        h.finish()
    };
    match edited {
        Some(edited) if last.len() == site.pages.len() => {
            let mut v = last.to_vec();
            for &i in edited {
                if let (Some(slot), Some(p), Some(&o)) =
                    (v.get_mut(i), site.pages.get(i), own.get(i))
                {
                    *slot = version(p, o);
                }
            }
            v
        }
        _ => site
            .pages
            .par_iter()
            .zip(own.par_iter())
            .map(|(p, &o)| version(p, o))
            .collect(),
    }
}

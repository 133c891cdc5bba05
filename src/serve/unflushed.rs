//! Files of the newest build on their way to disk. The server answers from here first, so an
//! edited page is served as soon as it is rendered; writing the files to the served folder
//! (through a temporary file and a rename each, which ext4 makes slow) comes after.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use crate::write::Pending;

/// One output of the newest build, by how it reaches disk.
#[derive(Debug, Clone)]
pub enum Entry {
    /// These bytes.
    Bytes(Arc<Vec<u8>>),
    /// A copy of this file (static files and photos from the cache).
    Copy(PathBuf),
    /// Removed: the page or file is gone from the site.
    Gone,
}

impl From<Pending> for Entry {
    fn from(p: Pending) -> Entry {
        match p {
            Pending::Bytes(b) => Entry::Bytes(Arc::new(b)),
            Pending::Copy(from) => Entry::Copy(from),
        }
    }
}

/// The outputs of the newest build that may not be on disk yet, by path inside the served
/// folder (`/`-separated), in two layers: the build in progress in front, and under it the
/// files of a served build whose writing was called off (`Session::stop`), until a later
/// flush writes them. Empty between rebuilds unless a flush was called off.
#[derive(Debug, Default)]
pub struct Unflushed {
    files: RwLock<HashMap<String, Entry>>,
    left: RwLock<HashMap<String, Entry>>,
}

impl Unflushed {
    /// The newest version of the output at `rel`, when it is not on disk yet.
    pub fn get(&self, rel: &str) -> Option<Entry> {
        if let Some(e) = self.files.read().ok()?.get(rel) {
            return Some(e.clone());
        }
        self.left.read().ok()?.get(rel).cloned()
    }

    /// Puts a build's outputs in front of the folder (and of what is left).
    pub fn show(&self, entries: impl IntoIterator<Item = (String, Entry)>) {
        if let Ok(mut f) = self.files.write() {
            f.clear();
            f.extend(entries);
        }
    }

    /// Forgets the build in front: the folder (with what is left) holds the newest build.
    pub fn clear(&self) {
        if let Ok(mut f) = self.files.write() {
            f.clear();
        }
    }

    /// The files a called-off flush left, to be written with the next build's.
    pub fn left(&self) -> Vec<(String, Entry)> {
        self.left
            .read()
            .map(|l| l.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default()
    }

    /// After a flush of the build in front and of what was left: `left` is what it did not
    /// write. It stays in memory under the folder; the front is cleared.
    pub fn settle(&self, left: Vec<(String, Entry)>) {
        if let Ok(mut l) = self.left.write() {
            l.clear();
            l.extend(left);
        }
        self.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_until_cleared() {
        let u = Unflushed::default();
        u.show([
            (
                "a/index.html".to_string(),
                Entry::Bytes(Arc::new(b"x".to_vec())),
            ),
            ("b.txt".to_string(), Entry::Gone),
        ]);
        assert!(matches!(u.get("a/index.html"), Some(Entry::Bytes(b)) if b.as_slice() == b"x"));
        assert!(matches!(u.get("b.txt"), Some(Entry::Gone)));
        assert!(u.get("c").is_none());
        u.clear();
        assert!(u.get("a/index.html").is_none());
    }

    #[test]
    fn what_a_flush_left_stays_under_the_next_build() {
        let bytes = |s: &str| Entry::Bytes(Arc::new(s.as_bytes().to_vec()));
        let u = Unflushed::default();
        u.show([("a".to_string(), bytes("1")), ("b".to_string(), bytes("1"))]);
        // The flush wrote `a`, then was called off.
        u.settle(vec![("b".to_string(), bytes("1"))]);
        assert!(u.get("a").is_none());
        u.show([("c".to_string(), bytes("2")), ("b".to_string(), bytes("2"))]);
        assert!(matches!(u.get("b"), Some(Entry::Bytes(b)) if b.as_slice() == b"2"));
        u.clear();
        assert!(matches!(u.get("b"), Some(Entry::Bytes(b)) if b.as_slice() == b"1"));
        assert_eq!(u.left().len(), 1);
        u.settle(Vec::new());
        assert!(u.get("b").is_none());
    }
}

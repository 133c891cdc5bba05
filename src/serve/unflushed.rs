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
/// folder (`/`-separated). Empty between rebuilds.
#[derive(Debug, Default)]
pub struct Unflushed {
    files: RwLock<HashMap<String, Entry>>,
}

impl Unflushed {
    /// The newest version of the output at `rel`, when it is not on disk yet.
    pub fn get(&self, rel: &str) -> Option<Entry> {
        self.files.read().ok()?.get(rel).cloned()
    }

    /// Puts a build's outputs in front of the folder.
    pub fn show(&self, entries: impl IntoIterator<Item = (String, Entry)>) {
        if let Ok(mut f) = self.files.write() {
            f.clear();
            f.extend(entries);
        }
    }

    /// Forgets everything: the folder holds the newest build.
    pub fn clear(&self) {
        if let Ok(mut f) = self.files.write() {
            f.clear();
        }
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
}

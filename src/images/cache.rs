//! The image cache in `<site>/.tongxin-cache/images/`: processed copies keyed by the source's
//! content and the settings that made them, so an unchanged rebuild decodes nothing.
//!
//! Layout:
//! - `index.json`: source file → (size, modification time, content hash), so unchanged files
//!   are not even read again;
//! - `entries/<content hash>/<variant>/`: the files made from that content with one set of
//!   settings (`variant`, e.g. `o-q82-w480.960.1600-webp-v1`), and `meta.json`, written last.
//!
//! Entries are written into a temporary folder and renamed into place, so a build that stops
//! half-way leaves no half entry. [`Cache::prune`] removes entries and index lines a full
//! build did not use; nothing outside `images/` is touched (the serve cache lives beside it).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{LazyLock, Mutex};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

/// Entries this process has already read and checked, by folder. A preview server runs the
/// image step after every save; with this, an unchanged photo costs a `stat` of its source
/// and one of its entry's `meta.json`, not a read of every entry.
static VERIFIED: LazyLock<Mutex<HashMap<PathBuf, Meta>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// The cache folder of a site.
pub fn dir(root: &Path) -> PathBuf {
    root.join(".tongxin-cache").join("images")
}

/// What the index remembers about one source file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Known {
    size: u64,
    secs: u64,
    nanos: u32,
    hash: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Index {
    version: u32,
    files: BTreeMap<String, Known>,
}

const INDEX_VERSION: u32 = 1;

/// One rendition as stored in an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredRendition {
    /// Pixels.
    pub width: u32,
    /// Pixels.
    pub height: u32,
    /// File name of the JPEG in the entry folder.
    pub jpeg: String,
    /// File name of the WebP, if made.
    pub webp: Option<String>,
}

/// `meta.json` of an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// Renditions, smallest first (empty for a stripped copy).
    pub renditions: Vec<StoredRendition>,
    /// A stripped copy of the original: its file name in the entry folder.
    pub file: Option<String>,
    /// Size of the upright image (of the crop, for renditions).
    pub width: u32,
    /// Size of the upright image.
    pub height: u32,
}

/// The cache of one site, shared by the threads of one build.
pub struct Cache {
    dir: PathBuf,
    index: Mutex<Index>,
    seen: Mutex<HashSet<String>>,
    used: Mutex<HashSet<PathBuf>>,
    counter: AtomicUsize,
    dirty: AtomicBool,
}

fn stamp(meta: &std::fs::Metadata) -> (u64, u64, u32) {
    let t = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .unwrap_or_default();
    (meta.len(), t.as_secs(), t.subsec_nanos())
}

impl Cache {
    /// Opens (or starts) the cache of the site at `root`; an unreadable index starts afresh.
    /// With `create`, the folder is made now, and when the site cannot be written to (a
    /// read-only copy) a folder in the system's temporary directory stands in.
    pub fn open(root: &Path, create: bool) -> Cache {
        let mut dir = dir(root);
        if create && std::fs::create_dir_all(&dir).is_err() {
            let abs = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
            let id = blake3::hash(abs.to_string_lossy().as_bytes()).to_hex();
            dir = std::env::temp_dir()
                .join(format!("tongxin-cache-{}", &id[..16]))
                .join("images");
            let _ = std::fs::create_dir_all(&dir);
        }
        let index = std::fs::read(dir.join("index.json"))
            .ok()
            .and_then(|b| serde_json::from_slice::<Index>(&b).ok())
            .filter(|i| i.version == INDEX_VERSION)
            .unwrap_or(Index {
                version: INDEX_VERSION,
                files: BTreeMap::new(),
            });
        Cache {
            dir,
            index: Mutex::new(index),
            seen: Mutex::new(HashSet::new()),
            used: Mutex::new(HashSet::new()),
            counter: AtomicUsize::new(0),
            dirty: AtomicBool::new(false),
        }
    }

    /// The cache folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The content hash of a file, named `key` in the index. A file whose size and
    /// modification time are as remembered is not read; otherwise its bytes are returned
    /// with the hash so the caller need not read it twice.
    pub fn content_hash(&self, file: &Path, key: &str) -> io::Result<(String, Option<Vec<u8>>)> {
        let (size, secs, nanos) = stamp(&std::fs::metadata(file)?);
        if let Ok(mut seen) = self.seen.lock() {
            seen.insert(key.to_string());
        }
        if let Ok(index) = self.index.lock()
            && let Some(k) = index.files.get(key)
            && (k.size, k.secs, k.nanos) == (size, secs, nanos)
        {
            return Ok((k.hash.clone(), None));
        }
        let bytes = std::fs::read(file)?;
        let hash = blake3::hash(&bytes).to_hex()[..32].to_string();
        self.dirty.store(true, Ordering::Relaxed);
        if let Ok(mut index) = self.index.lock() {
            index.files.insert(
                key.to_string(),
                Known {
                    size,
                    secs,
                    nanos,
                    hash: hash.clone(),
                },
            );
        }
        Ok((hash, Some(bytes)))
    }

    /// The folder of an entry.
    pub fn entry(&self, hash: &str, variant: &str) -> PathBuf {
        self.dir.join("entries").join(hash).join(variant)
    }

    /// The metadata of a complete entry, marking it used; None when it is not cached.
    pub fn lookup(&self, hash: &str, variant: &str) -> Option<Meta> {
        let dir = self.entry(hash, variant);
        let known = VERIFIED.lock().ok().and_then(|v| v.get(&dir).cloned());
        if let Some(meta) = known
            && dir.join("meta.json").is_file()
        {
            self.mark_used(&dir);
            return Some(meta);
        }
        let meta: Meta =
            serde_json::from_slice(&std::fs::read(dir.join("meta.json")).ok()?).ok()?;
        let names = meta
            .renditions
            .iter()
            .flat_map(|r| std::iter::once(&r.jpeg).chain(r.webp.as_ref()))
            .chain(meta.file.as_ref());
        for name in names {
            if !dir.join(name).is_file() {
                return None;
            }
        }
        self.mark_used(&dir);
        if let Ok(mut v) = VERIFIED.lock() {
            v.insert(dir, meta.clone());
        }
        Some(meta)
    }

    fn mark_used(&self, dir: &Path) {
        if let Ok(mut used) = self.used.lock() {
            used.insert(dir.to_path_buf());
        }
    }

    /// Stores an entry: `files` (name, bytes) and its `meta`, atomically.
    pub fn store(
        &self,
        hash: &str,
        variant: &str,
        files: &[(String, &[u8])],
        meta: &Meta,
    ) -> io::Result<()> {
        let target = self.entry(hash, variant);
        let parent = target.parent().unwrap_or(&self.dir).to_path_buf();
        std::fs::create_dir_all(&parent)?;
        let tmp = parent.join(format!(
            ".tmp-{variant}-{}-{}",
            std::process::id(),
            self.counter.fetch_add(1, Ordering::Relaxed)
        ));
        let result = (|| {
            std::fs::create_dir_all(&tmp)?;
            for (name, bytes) in files {
                std::fs::write(tmp.join(name), bytes)?;
            }
            let json = serde_json::to_vec(meta).map_err(io::Error::other)?;
            std::fs::write(tmp.join("meta.json"), json)?;
            if target.join("meta.json").is_file() {
                // Another build made the same entry meanwhile (same content, same settings:
                // the same files); keep it, readers may be copying from it.
                return std::fs::remove_dir_all(&tmp);
            }
            if target.exists() {
                std::fs::remove_dir_all(&target)?;
            }
            std::fs::rename(&tmp, &target)
        })();
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&tmp);
        }
        result?;
        self.mark_used(&target);
        if let Ok(mut v) = VERIFIED.lock() {
            v.insert(target, meta.clone());
        }
        Ok(())
    }

    /// Writes the index of file hashes when it changed (merged with what was there: a build
    /// of some pages keeps what it did not see).
    pub fn save_index(&self) -> io::Result<()> {
        let Ok(index) = self.index.lock() else {
            return Ok(());
        };
        if !self.dirty.swap(false, Ordering::Relaxed) {
            return Ok(());
        }
        std::fs::create_dir_all(&self.dir)?;
        let json = serde_json::to_vec(&*index).map_err(io::Error::other)?;
        let tmp = self
            .dir
            .join(format!("index.json.tmp-{}", std::process::id()));
        std::fs::write(&tmp, json)?;
        std::fs::rename(&tmp, self.dir.join("index.json"))
    }

    /// After a build of the whole site: removes the entries it did not use and forgets files
    /// it did not see, then saves the index. Returns the number of entries removed.
    pub fn prune(&self) -> io::Result<usize> {
        if let (Ok(mut index), Ok(seen)) = (self.index.lock(), self.seen.lock()) {
            let before = index.files.len();
            index.files.retain(|k, _| seen.contains(k));
            if index.files.len() != before {
                self.dirty.store(true, Ordering::Relaxed);
            }
        }
        self.save_index()?;
        let used = self.used.lock().map(|u| u.clone()).unwrap_or_default();
        let mut removed = 0;
        let entries = self.dir.join("entries");
        let Ok(hashes) = std::fs::read_dir(&entries) else {
            return Ok(0);
        };
        for h in hashes.flatten() {
            let hdir = h.path();
            if !hdir.is_dir() {
                let _ = std::fs::remove_file(&hdir);
                continue;
            }
            for v in std::fs::read_dir(&hdir)?.flatten() {
                let vdir = v.path();
                let name = v.file_name().to_string_lossy().to_string();
                // Another build's entry being written right now is left alone.
                if name.starts_with(".tmp-") || used.contains(&vdir) {
                    continue;
                }
                if let Ok(mut v) = VERIFIED.lock() {
                    v.remove(&vdir);
                }
                if vdir.is_dir() {
                    std::fs::remove_dir_all(&vdir)?;
                } else {
                    std::fs::remove_file(&vdir)?;
                }
                removed += 1;
            }
            let _ = std::fs::remove_dir(&hdir); // only when empty
        }
        Ok(removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_lookup_prune() {
        let root = std::env::temp_dir().join(format!("tongxin-cache-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        let src = root.join("a.jpg");
        std::fs::write(&src, b"one").unwrap();
        let cache = Cache::open(&root, true);
        let (h, bytes) = cache.content_hash(&src, "a.jpg").unwrap();
        assert_eq!(bytes.as_deref(), Some(&b"one"[..]));
        assert!(cache.lookup(&h, "v1").is_none());
        let meta = Meta {
            renditions: Vec::new(),
            file: Some("x.jpg".into()),
            width: 1,
            height: 1,
        };
        cache
            .store(&h, "v1", &[("x.jpg".into(), b"x".as_slice())], &meta)
            .unwrap();
        cache
            .store(&h, "v2", &[("x.jpg".into(), b"y".as_slice())], &meta)
            .unwrap();
        cache.save_index().unwrap();
        // A second run: the file is not read, only v1 is used, v2 is pruned.
        let cache = Cache::open(&root, true);
        let (h2, bytes) = cache.content_hash(&src, "a.jpg").unwrap();
        assert_eq!((h2.as_str(), bytes), (h.as_str(), None));
        assert_eq!(cache.lookup(&h, "v1"), Some(meta));
        assert_eq!(cache.prune().unwrap(), 1);
        assert!(cache.entry(&h, "v1").is_dir() && !cache.entry(&h, "v2").exists());
        // A run that sees nothing prunes everything.
        let cache = Cache::open(&root, true);
        assert_eq!(cache.prune().unwrap(), 1);
        assert!(!cache.entry(&h, "v1").exists());
        let _ = std::fs::remove_dir_all(&root);
    }
}

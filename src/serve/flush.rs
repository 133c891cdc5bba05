//! Writing a build's files into the served folder, each through a temporary file and a rename
//! so the server never sends half a file, and removing what a build no longer produces.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::AtomicBool;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;

use super::unflushed::Entry;

/// Every file in `dir`, as `/`-separated paths inside it (what an earlier run left there).
pub fn files_in(dir: &Path) -> HashSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            e.path()
                .strip_prefix(dir)
                .ok()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
        })
        .collect()
}

/// What [`flush`] did.
#[derive(Debug, Default)]
pub struct Flushed {
    /// Files written (unchanged ones are left alone and not counted).
    pub written: usize,
    /// Files that could not be written.
    pub failures: Vec<Diagnostic>,
    /// Files not written because `stop` went up: still to be written.
    pub left: Vec<(String, Entry)>,
}

/// Writes a build's files into the served folder `dir`, unless `stop` goes up meanwhile: the
/// files not written by then are handed back (`Flushed::left`). Unchanged files are left
/// alone.
pub fn flush(dir: &Path, pending: Vec<(String, Entry)>, stop: Option<&AtomicBool>) -> Flushed {
    let left = Mutex::new(Vec::new());
    let results: Vec<Result<bool, Diagnostic>> = pending
        .into_par_iter()
        .map(|(rel, p)| {
            if crate::render::called_off(stop)
                && let Ok(mut l) = left.lock()
            {
                l.push((rel, p));
                return Ok(false);
            }
            let path = crate::write::safe_join(dir, &rel).map_err(|e| Diagnostic::io(&rel, &e))?;
            let r = match p {
                Entry::Bytes(b) => crate::write::replace_bytes(&path, &b),
                Entry::Copy(from) => crate::write::replace_copy(&from, &path),
                Entry::Gone => Ok(false),
            };
            r.map_err(|e| Diagnostic::io(&path, &e))
        })
        .collect();
    let mut done = Flushed {
        left: left.into_inner().unwrap_or_default(),
        ..Flushed::default()
    };
    for r in results {
        match r {
            Ok(true) => done.written += 1,
            Ok(false) => {}
            Err(d) => done.failures.push(d),
        }
    }
    done
}

/// Removes the files `gone` (paths inside `dir`) and the folders they leave empty; returns how
/// many files were removed.
pub fn remove(dir: &Path, gone: &[String]) -> usize {
    let mut removed = 0;
    for g in gone {
        if let Ok(p) = crate::write::safe_join(dir, g)
            && std::fs::remove_file(&p).is_ok()
        {
            removed += 1;
            remove_empty_parents(dir, &p);
        }
    }
    removed
}

fn remove_empty_parents(root: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == root || !d.starts_with(root) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::Ordering;

    #[test]
    fn a_flush_called_off_hands_back_what_it_did_not_write() {
        let dir = std::env::temp_dir().join(format!("tongxin-flush-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let files = |n: usize| -> Vec<(String, Entry)> {
            (0..n)
                .map(|i| {
                    let bytes = Arc::new(format!("第{i}页").into_bytes());
                    (format!("p/{i}/index.html"), Entry::Bytes(bytes))
                })
                .collect()
        };
        let stop = AtomicBool::new(true);
        let done = flush(&dir, files(50), Some(&stop));
        assert_eq!(done.written, 0);
        assert_eq!(done.left.len(), 50);
        assert!(!dir.join("p/0/index.html").exists());
        stop.store(false, Ordering::Relaxed);
        let done = flush(&dir, done.left, Some(&stop));
        assert_eq!((done.written, done.left.len()), (50, 0));
        assert_eq!(
            std::fs::read_to_string(dir.join("p/49/index.html")).unwrap(),
            "第49页"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}

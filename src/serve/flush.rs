//! Writing a build's files into the served folder, each through a temporary file and a rename
//! so the server never sends half a file, and removing what a build no longer produces.

use std::collections::HashSet;
use std::path::Path;

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

/// Writes a build's files into the served folder `dir`. Unchanged files are left alone.
/// Returns how many files were written, and the failures.
pub fn flush(dir: &Path, pending: Vec<(String, Entry)>) -> (usize, Vec<Diagnostic>) {
    let results: Vec<Result<bool, Diagnostic>> = pending
        .into_par_iter()
        .map(|(rel, p)| {
            let path = crate::write::safe_join(dir, &rel).map_err(|e| Diagnostic::io(&rel, &e))?;
            let r = match p {
                Entry::Bytes(b) => crate::write::replace_bytes(&path, &b),
                Entry::Copy(from) => crate::write::replace_copy(&from, &path),
                Entry::Gone => Ok(false),
            };
            r.map_err(|e| Diagnostic::io(&path, &e))
        })
        .collect();
    let mut written = 0;
    let mut failures = Vec::new();
    for r in results {
        match r {
            Ok(true) => written += 1,
            Ok(false) => {}
            Err(d) => failures.push(d),
        }
    }
    (written, failures)
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

//! Write: output goes into a staging folder beside the target and is swapped into place only
//! when the whole build succeeded, so a failed build leaves the previous site untouched.
//!
//! The staging folder recycles the output of the build before last (kept as a hidden "spare"
//! folder): files whose bytes did not change are left alone, files the build did not produce are
//! pruned, then the folders swap. Deleting a whole site can take seconds on some file systems;
//! this way no build ever deletes one, and unchanged files cost a read instead of a write.
//! The spare is kept only where the caller says it is private (an output inside the site
//! folder): beside an output in a web root it would keep withdrawn pages online.

use std::collections::HashSet;
use std::io;
use std::sync::Mutex;

use crate::diagnostic::Diagnostic;
use std::path::{Path, PathBuf};

/// `dir` joined with a `/`-separated output path, refusing paths that would leave `dir`
/// (`..`, backslashes, drive letters).
pub fn safe_join(dir: &Path, rel: &str) -> io::Result<PathBuf> {
    let mut p = dir.to_path_buf();
    for seg in rel.split('/') {
        if seg.is_empty() || seg == "." {
            continue;
        }
        if seg == ".." || seg.contains('\\') || seg.contains(':') {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("unsafe output path: {rel}"),
            ));
        }
        p.push(seg);
    }
    Ok(p)
}

/// A temporary name beside `path`, for writing before a rename.
fn temp_beside(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().to_string());
    path.with_file_name(format!(".{name}.tongxin-tmp-{}", std::process::id()))
}

fn prepare(path: &Path) -> io::Result<()> {
    if let Ok(meta) = std::fs::symlink_metadata(path)
        && meta.is_dir()
    {
        std::fs::remove_dir_all(path)?;
    }
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p)?;
    }
    Ok(())
}

/// Writes a file into a fresh staging folder: the write is tried first and its folders made
/// only when it fails for want of them (a build writes about two files per folder, and the
/// system calls of checking first were a tenth of a 10,000-article build's time).
fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    match std::fs::write(path, bytes) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            prepare(path)?;
            std::fs::write(path, bytes)
        }
        Err(e) if path.is_dir() => {
            // A folder where this file goes (one output inside another's path): as `prepare`.
            prepare(path).map_err(|_| e)?;
            std::fs::write(path, bytes)
        }
        other => other,
    }
}

/// True when the file at `path` already holds exactly `bytes`.
fn holds_bytes(path: &Path, bytes: &[u8]) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|meta| {
        meta.is_file()
            && meta.len() == bytes.len() as u64
            && std::fs::read(path).is_ok_and(|old| old == bytes)
    })
}

/// True when the file at `path` is a copy of a file with metadata `source`: copies take their
/// source's modification time, so an unchanged copy costs two `stat`s and no read.
fn holds_copy(path: &Path, source: &std::fs::Metadata) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|meta| {
        meta.is_file()
            && meta.len() == source.len()
            && meta.modified().ok() == source.modified().ok()
    })
}

/// Gives a copy its source's modification time. A read-only copy cannot take it; it is then
/// simply copied again next time.
fn take_time(path: &Path, source: &std::fs::Metadata) {
    if let (Ok(time), Ok(f)) = (
        source.modified(),
        std::fs::File::options().write(true).open(path),
    ) {
        let _ = f.set_modified(time);
    }
}

/// Writes `tmp`'s content over `path` in one rename, removing `tmp` if that fails.
fn swap_in(tmp: &Path, path: &Path) -> io::Result<()> {
    std::fs::rename(tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(tmp);
    })
}

/// Replaces the file at `path` with `bytes` unless it already holds them; readers see the old
/// file or the new one, never half of one. Returns whether it wrote.
pub fn replace_bytes(path: &Path, bytes: &[u8]) -> io::Result<bool> {
    if holds_bytes(path, bytes) {
        return Ok(false);
    }
    prepare(path)?;
    let tmp = temp_beside(path);
    std::fs::write(&tmp, bytes)?;
    swap_in(&tmp, path)?;
    Ok(true)
}

/// Replaces the file at `path` with a copy of `from` unless it already is one, as
/// [`replace_bytes`] does.
pub fn replace_copy(from: &Path, path: &Path) -> io::Result<bool> {
    let source = std::fs::metadata(from)?;
    if holds_copy(path, &source) {
        return Ok(false);
    }
    prepare(path)?;
    let tmp = temp_beside(path);
    std::fs::copy(from, &tmp)?;
    take_time(&tmp, &source);
    swap_in(&tmp, path)?;
    Ok(true)
}

/// A staging folder for one build.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
    keep_spare: bool,
    /// Created empty (no spare to reuse): whatever is in it, this build wrote, so nothing in
    /// it needs comparing or pruning.
    fresh: bool,
}

fn target_name(target: &Path) -> String {
    target
        .file_name()
        .map_or("public".into(), |n| n.to_string_lossy().to_string())
}

/// The hidden folder that keeps the previous output for reuse.
pub fn spare_dir(target: &Path) -> PathBuf {
    target.with_file_name(format!(".{}.tongxin-spare", target_name(target)))
}

impl Staging {
    /// Prepares a staging folder next to `target` (same file system, so the swap is a rename),
    /// reusing the spare folder when there is one. With `keep_spare` false the old output is
    /// deleted after the swap instead of kept for the next build.
    pub fn new(target: &Path, keep_spare: bool) -> io::Result<Staging> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let target = parent.join(target_name(target));
        let dir = parent.join(format!(
            ".{}.tongxin-staging-{}",
            target_name(&target),
            std::process::id()
        ));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        let spare = spare_dir(&target);
        let fresh = !(spare.is_dir() && std::fs::rename(&spare, &dir).is_ok());
        if fresh {
            std::fs::create_dir_all(&dir)?;
        }
        Ok(Staging {
            dir,
            target,
            committed: false,
            keep_spare,
            fresh,
        })
    }

    /// The staging folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes one file (a `/`-separated path inside the output), creating folders as needed.
    /// A file that already holds exactly these bytes is not rewritten.
    /// Safe to call from many threads for different paths.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.path_for(rel)?;
        if self.fresh {
            return write_new(&path, bytes);
        }
        if holds_bytes(&path, bytes) {
            return Ok(());
        }
        prepare(&path)?;
        std::fs::write(path, bytes)
    }

    /// Copies a file into the output, streaming (attachments may be large). A copy that already
    /// has the source's size and modification time is left alone: copies take the source's
    /// time, so an unchanged file costs two `stat`s and no read.
    pub fn copy(&self, from: &Path, rel: &str) -> io::Result<()> {
        let path = self.path_for(rel)?;
        let source = std::fs::metadata(from)?;
        if holds_copy(&path, &source) {
            return Ok(());
        }
        prepare(&path)?;
        std::fs::copy(from, &path)?;
        take_time(&path, &source);
        Ok(())
    }

    /// Refuses paths that would leave the output folder.
    fn path_for(&self, rel: &str) -> io::Result<PathBuf> {
        safe_join(&self.dir, rel)
    }

    /// Removes every file under the staging folder that is not in `keep` (`/` paths), and
    /// folders left empty.
    fn prune(&self, keep: &HashSet<String>) -> io::Result<()> {
        if self.fresh {
            return Ok(());
        }
        let mut dirs = Vec::new();
        for e in walkdir::WalkDir::new(&self.dir)
            .min_depth(1)
            .into_iter()
            .filter_map(Result::ok)
        {
            let rel = e
                .path()
                .strip_prefix(&self.dir)
                .map(|r| r.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            if e.file_type().is_dir() {
                dirs.push(e.path().to_path_buf());
            } else if !keep.contains(&rel) {
                std::fs::remove_file(e.path())?;
            }
        }
        // Deepest first, so parents become empty after their children.
        dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        for d in dirs {
            let _ = std::fs::remove_dir(d); // fails (and stays) when not empty
        }
        Ok(())
    }

    /// Prunes what this build did not write, then swaps: output → spare, staging → output.
    pub fn commit(mut self, written: &HashSet<String>) -> io::Result<()> {
        self.prune(written)?;
        let spare = spare_dir(&self.target);
        let had_old = self.target.exists();
        if had_old {
            if spare.exists() {
                // Another build's leftover; clearing it is rare.
                std::fs::remove_dir_all(&spare)?;
            }
            std::fs::rename(&self.target, &spare)?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_old {
                let _ = std::fs::rename(&spare, &self.target);
            }
            return Err(e);
        }
        self.committed = true;
        if had_old && !self.keep_spare {
            std::fs::remove_dir_all(&spare)?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            // A failed build: keep the tree as the spare (the next build prunes and verifies every
            // file), or remove it if a spare already exists.
            let spare = spare_dir(&self.target);
            if !self.keep_spare || spare.exists() || std::fs::rename(&self.dir, &spare).is_err() {
                let _ = std::fs::remove_dir_all(&self.dir);
            }
        }
    }
}

/// Where renderers report errors found while rendering.
pub trait FailSink: Sync {
    /// Records an error.
    fn fail(&self, d: Diagnostic);
}

/// A [`FailSink`] that keeps what it is told, from any thread.
#[derive(Default)]
pub struct Collector(Mutex<Vec<Diagnostic>>);

impl Collector {
    /// Everything recorded, in order.
    pub fn into_inner(self) -> Vec<Diagnostic> {
        self.0.into_inner().unwrap_or_default()
    }
}

impl FailSink for Collector {
    fn fail(&self, d: Diagnostic) {
        if let Ok(mut v) = self.0.lock() {
            v.push(d);
        }
    }
}

/// The output of one build: the staging folder, a memory buffer (`serve`, which writes only
/// once the build succeeded) or nothing (a dry run, which only records what would be written,
/// as `check` needs), plus the list of files produced.
pub struct Output {
    target: Target,
    written: Mutex<Vec<String>>,
}

enum Target {
    Staging(Staging),
    Buffer(Mutex<Vec<(String, Pending)>>),
    Dry,
}

/// A file waiting in a buffered output.
#[derive(Debug)]
pub enum Pending {
    /// These bytes.
    Bytes(Vec<u8>),
    /// A copy of this file.
    Copy(std::path::PathBuf),
}

impl Output {
    /// Wraps a staging folder.
    pub fn new(staging: Staging) -> Output {
        Output {
            target: Target::Staging(staging),
            written: Mutex::new(Vec::new()),
        }
    }

    /// An output that writes nothing and only records the paths.
    pub fn dry() -> Output {
        Output {
            target: Target::Dry,
            written: Mutex::new(Vec::new()),
        }
    }

    /// An output that keeps files in memory until [`Output::into_pending`].
    pub fn buffer() -> Output {
        Output {
            target: Target::Buffer(Mutex::new(Vec::new())),
            written: Mutex::new(Vec::new()),
        }
    }

    fn record(
        &self,
        rel: &str,
        result: std::io::Result<()>,
        shown: &std::path::Path,
        sink: &dyn FailSink,
    ) {
        match result {
            Ok(()) => self.keep(rel),
            Err(e) => sink.fail(Diagnostic::io(shown, &e)),
        }
    }

    fn push(&self, rel: &str, p: Pending) -> std::io::Result<()> {
        if let Target::Buffer(b) = &self.target
            && let Ok(mut b) = b.lock()
        {
            b.push((rel.to_string(), p));
        }
        Ok(())
    }

    /// Writes a file; failures are reported to `sink`.
    pub fn write(&self, rel: &str, bytes: &[u8], sink: &dyn FailSink) {
        match &self.target {
            Target::Staging(s) => self.record(rel, s.write(rel, bytes), &s.dir().join(rel), sink),
            Target::Buffer(_) => self.record(
                rel,
                self.push(rel, Pending::Bytes(bytes.to_vec())),
                std::path::Path::new(rel),
                sink,
            ),
            Target::Dry => self.record(rel, Ok(()), std::path::Path::new(rel), sink),
        }
    }

    /// Copies a file in; failures are reported to `sink`.
    pub fn copy(&self, from: &std::path::Path, rel: &str, sink: &dyn FailSink) {
        let result = match &self.target {
            Target::Staging(s) => s.copy(from, rel),
            Target::Buffer(_) => self.push(rel, Pending::Copy(from.to_path_buf())),
            Target::Dry => Ok(()),
        };
        self.record(rel, result, from, sink);
    }

    /// Records a file that this build produces exactly as the last one did, without writing it
    /// (`serve`, for outputs whose inputs did not change).
    pub fn keep(&self, rel: &str) {
        self.produced(std::iter::once(rel.to_string()));
    }

    /// [`Output::keep`] for many files at once: a renderer that keeps thousands of pages
    /// (`serve` after an edit) takes the lock once, not once a page.
    pub fn keep_all(&self, rels: Vec<String>) {
        self.produced(rels);
    }

    /// Adds files to the ones this build produces, written or kept (see
    /// [`Output::take_written`]).
    fn produced(&self, rels: impl IntoIterator<Item = String>) {
        if let Ok(mut w) = self.written.lock() {
            w.extend(rels);
        }
    }

    /// Every file produced so far, taken out of the output (moved, not copied: 225,000 paths
    /// at 100,000 articles). A path produced twice is one file.
    pub fn take_written(&self) -> HashSet<String> {
        self.written
            .lock()
            .map(|mut w| std::mem::take(&mut *w).into_iter().collect())
            .unwrap_or_default()
    }

    /// The files of a buffered output (empty for the others).
    pub fn into_pending(self) -> Vec<(String, Pending)> {
        match self.target {
            Target::Buffer(b) => b.into_inner().unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// Finishes: prunes files not in `written` (see [`Output::take_written`]) and swaps the output
    /// into place. A dry run and a buffer have nothing to finish.
    pub fn commit(self, written: &HashSet<String>) -> std::io::Result<()> {
        match self.target {
            Target::Staging(s) => s.commit(written),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keep(paths: &[&str]) -> HashSet<String> {
        paths.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn without_spare_the_old_output_is_removed() {
        let base = std::env::temp_dir().join(format!("tongxin-nospare-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let target = base.join("site");
        for text in [b"one", b"two"] {
            let s = Staging::new(&target, false).unwrap();
            s.write("index.html", text).unwrap();
            s.commit(&keep(&["index.html"])).unwrap();
        }
        assert_eq!(std::fs::read(target.join("index.html")).unwrap(), b"two");
        assert!(!spare_dir(&target).exists());
        let _ = std::fs::remove_dir_all(&base);
    }

    #[test]
    fn a_fresh_staging_folder_makes_folders_as_needed_and_replaces_a_folder_in_the_way() {
        let base = std::env::temp_dir().join(format!("tongxin-fresh-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let target = base.join("site");
        let s = Staging::new(&target, false).unwrap();
        assert!(s.fresh);
        s.write("a/b/c/index.html", b"deep").unwrap();
        s.write("a/b/c/index.html", b"again").unwrap();
        s.write("x/inner.txt", b"inner").unwrap();
        // A later output's file where an earlier one made a folder: the file wins, as in a
        // staging folder reused from a spare.
        s.write("x", b"file").unwrap();
        assert!(s.write("../escape", b"x").is_err());
        s.commit(&keep(&["a/b/c/index.html", "x"])).unwrap();
        assert_eq!(
            std::fs::read(target.join("a/b/c/index.html")).unwrap(),
            b"again"
        );
        assert_eq!(std::fs::read(target.join("x")).unwrap(), b"file");
        let _ = std::fs::remove_dir_all(&base);
    }

    #[test]
    fn swap_recycle_and_rollback() {
        let base = std::env::temp_dir().join(format!("tongxin-write-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let target = base.join("public");
        let s = Staging::new(&target, true).unwrap();
        s.write("a/index.html", b"one").unwrap();
        s.write("old/index.html", b"old").unwrap();
        assert!(s.write("../escape", b"x").is_err());
        s.commit(&keep(&["a/index.html", "old/index.html"]))
            .unwrap();
        assert_eq!(std::fs::read(target.join("a/index.html")).unwrap(), b"one");
        {
            let s = Staging::new(&target, true).unwrap();
            s.write("a/index.html", b"two").unwrap();
            // dropped without commit: the live output does not change
        }
        assert_eq!(std::fs::read(target.join("a/index.html")).unwrap(), b"one");
        // The next build recycles the spare: stale files are pruned, changed ones rewritten.
        let s = Staging::new(&target, true).unwrap();
        s.write("a/index.html", b"three").unwrap();
        s.write("b/index.html", b"new").unwrap();
        s.commit(&keep(&["a/index.html", "b/index.html"])).unwrap();
        assert_eq!(
            std::fs::read(target.join("a/index.html")).unwrap(),
            b"three"
        );
        assert!(!target.join("old").exists(), "stale file survived");
        // And once more, over the spare that holds the first build's tree.
        let s = Staging::new(&target, true).unwrap();
        s.write("a/index.html", b"three").unwrap();
        s.commit(&keep(&["a/index.html"])).unwrap();
        assert!(!target.join("b").exists() && !target.join("old").exists());
        let names: Vec<String> = std::fs::read_dir(&base)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().to_string())
            .collect();
        assert!(
            names
                .iter()
                .all(|n| n == "public" || n == ".public.tongxin-spare"),
            "{names:?}"
        );
        let _ = std::fs::remove_dir_all(&base);
    }
}

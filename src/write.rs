//! Write: output goes into a staging folder beside the target and is swapped into place only
//! when the whole build succeeded, so a failed build leaves the previous site untouched.

use std::io;
use std::path::{Path, PathBuf};

/// A staging folder for one build.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staging {
    /// Creates an empty staging folder next to `target` (same file system, so the swap is a rename).
    pub fn new(target: &Path) -> io::Result<Staging> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let name = target
            .file_name()
            .map_or("public".into(), |n| n.to_string_lossy().to_string());
        let dir = parent.join(format!(".{name}.tongxin-staging-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            committed: false,
        })
    }

    /// The staging folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes one file (a `/`-separated path inside the output), creating folders as needed.
    /// Safe to call from many threads for different paths.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.path_for(rel)?;
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p)?;
        }
        std::fs::write(path, bytes)
    }

    /// Copies a file into the output.
    pub fn copy(&self, from: &Path, rel: &str) -> io::Result<()> {
        let path = self.path_for(rel)?;
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p)?;
        }
        std::fs::copy(from, path).map(|_| ())
    }

    /// Refuses paths that would leave the output folder.
    fn path_for(&self, rel: &str) -> io::Result<PathBuf> {
        let mut p = self.dir.clone();
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

    /// Swaps the staged site into place: old output → backup, staging → target, backup removed.
    pub fn commit(mut self) -> io::Result<()> {
        let backup = self.dir.with_file_name(format!(
            ".{}.tongxin-old-{}",
            self.target
                .file_name()
                .map_or("public".into(), |n| n.to_string_lossy().to_string()),
            std::process::id()
        ));
        let had_old = self.target.exists();
        if had_old {
            if backup.exists() {
                std::fs::remove_dir_all(&backup)?;
            }
            std::fs::rename(&self.target, &backup)?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_old {
                // Put the old site back; the build's error is what matters.
                let _ = std::fs::rename(&backup, &self.target);
            }
            return Err(e);
        }
        self.committed = true;
        if had_old {
            let _ = std::fs::remove_dir_all(&backup);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swap_and_rollback() {
        let base = std::env::temp_dir().join(format!("tongxin-write-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let target = base.join("public");
        let s = Staging::new(&target).unwrap();
        s.write("a/index.html", b"one").unwrap();
        assert!(s.write("../escape", b"x").is_err());
        s.commit().unwrap();
        assert_eq!(std::fs::read(target.join("a/index.html")).unwrap(), b"one");
        {
            let s = Staging::new(&target).unwrap();
            s.write("a/index.html", b"two").unwrap();
            // dropped without commit: nothing changes
        }
        assert_eq!(std::fs::read(target.join("a/index.html")).unwrap(), b"one");
        assert_eq!(std::fs::read_dir(&base).unwrap().count(), 1);
        let _ = std::fs::remove_dir_all(&base);
    }
}

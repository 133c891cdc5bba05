//! What changed on disk since the last build, sorted by what it affects: the input of
//! [`super::Project::update`]. `serve`'s watcher (`src/serve/watch.rs`) reports the paths;
//! [`Changes::classify`] sorts them.

use std::path::{Path, PathBuf};

/// What changed on disk since the last rebuild, by kind.
#[derive(Debug, Default, Clone)]
pub struct Changes {
    /// Files under `content/` (created, modified or removed).
    pub content: Vec<PathBuf>,
    /// Files under `static/`.
    pub statics: Vec<PathBuf>,
    /// Templates or theme files.
    pub templates: bool,
    /// `config.yaml` or `data/`: everything is read again.
    pub config: bool,
}

impl Changes {
    /// Sorts changed paths (absolute, under `root`) by what they affect; paths that affect
    /// nothing (the served folder, caches, editor files outside the site's folders) are dropped.
    pub fn classify(root: &Path, paths: impl IntoIterator<Item = PathBuf>) -> Changes {
        let mut c = Changes::default();
        for p in paths {
            let Ok(rel) = p.strip_prefix(root) else {
                continue;
            };
            let first = rel
                .components()
                .next()
                .map(|c| c.as_os_str().to_string_lossy().to_string())
                .unwrap_or_default();
            match first.as_str() {
                "content" => c.content.push(p),
                "static" => c.statics.push(p),
                "templates" | "themes" => c.templates = true,
                "config.yaml" | "data" => c.config = true,
                _ => {}
            }
        }
        c
    }

    /// True when nothing the site is built from changed.
    pub fn is_empty(&self) -> bool {
        self.content.is_empty() && self.statics.is_empty() && !self.templates && !self.config
    }

    /// A short description for the terminal: the first changed file and how many more.
    pub fn describe(&self, root: &Path) -> String {
        let mut names: Vec<String> = self
            .content
            .iter()
            .chain(&self.statics)
            .map(|p| crate::diagnostic::display_path(p.strip_prefix(root).unwrap_or(p)))
            .collect();
        if self.templates {
            names.push("templates".into());
        }
        if self.config {
            names.push("config.yaml".into());
        }
        names.sort();
        names.dedup();
        match names.len() {
            0 => String::new(),
            1 => names.remove(0),
            n => format!("{} 等 {n} 个文件", names[0]),
        }
    }
}

//! Load: walk `content/`, find page bundles, read and decode every Markdown file.

pub mod decode;
pub mod frontmatter;

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Location};
use crate::problem::Problem;

/// A page bundle: a folder with `index.md` and the files that belong to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bundle {
    /// The folder on disk.
    pub dir: PathBuf,
    /// Files in it other than Markdown, relative to `dir`, with `/` separators.
    pub assets: Vec<String>,
}

/// One Markdown file, read and decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Path shown to users, relative to the site root (`content/articles/a.md`).
    pub rel: PathBuf,
    /// Path relative to `content/` with `/` separators (`articles/a.md`); how pages name each other.
    pub content_path: String,
    /// First folder under `content/` (`articles`).
    pub section: String,
    /// Path on disk.
    pub abs: PathBuf,
    /// Decoded text (BOM removed).
    pub text: String,
    /// File stem, or the bundle folder's name for `index.md`.
    pub stem: String,
    /// Set for `index.md` bundles.
    pub bundle: Option<Bundle>,
}

impl Source {
    /// The folder relative links in this file start from.
    pub fn dir(&self) -> PathBuf {
        self.abs.parent().map(Path::to_path_buf).unwrap_or_default()
    }
}

/// A Markdown file found under `content/`, before reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Path on disk.
    pub abs: PathBuf,
    /// Path relative to `content/` with `/` separators.
    pub content_path: String,
    section: String,
    stem: String,
    /// Set for `index.md` bundles.
    pub bundle: Option<Bundle>,
}

fn is_markdown(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('~')
        || name.ends_with('~')
        || name.eq_ignore_ascii_case("thumbs.db")
}

fn slash_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn bundle_assets(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_hidden(&e.file_name().to_string_lossy()))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && !is_markdown(e.path()))
        .filter_map(|e| e.path().strip_prefix(dir).ok().map(slash_path))
        .collect();
    v.sort();
    v
}

/// Finds every content file. Unknown top-level folders give warnings, unreadable folders errors.
fn find_in(site_root: &Path, content: &Path) -> (Vec<Found>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let mut diags = Vec::new();
    let mut walker = WalkDir::new(content).sort_by_file_name().into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| content.to_path_buf());
                let shown = path.strip_prefix(site_root).unwrap_or(&path).to_path_buf();
                diags.push(Diagnostic::error(
                    Problem::Io {
                        path: shown.clone(),
                        detail: e.to_string(),
                    },
                    Location::file_only(shown),
                ));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy().to_string();
        if entry.depth() > 0 && is_hidden(&name) {
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(content) else {
            continue;
        };
        let section = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().to_string())
            .unwrap_or_default();
        if entry.file_type().is_dir() {
            if entry.depth() == 1 && !crate::layout::SECTIONS.contains(&section.as_str()) {
                let shown = entry
                    .path()
                    .strip_prefix(site_root)
                    .unwrap_or(entry.path())
                    .to_path_buf();
                diags.push(Diagnostic::warning(
                    Problem::UnknownSection {
                        name: section.clone(),
                        suggestion: unknown_section_hint(&section),
                    },
                    Location::file_only(shown),
                ));
                walker.skip_current_dir();
                continue;
            }
            // A folder with index.md is a bundle: one page, the rest are its files.
            if entry.depth() >= 2 {
                let index = entry.path().join("index.md");
                if index.is_file() {
                    found.push(Found {
                        abs: index.clone(),
                        content_path: slash_path(&rel.join("index.md")),
                        section: section.clone(),
                        stem: name.clone(),
                        bundle: Some(Bundle {
                            dir: entry.path().to_path_buf(),
                            assets: bundle_assets(entry.path()),
                        }),
                    });
                    walker.skip_current_dir();
                }
            }
            continue;
        }
        if !entry.file_type().is_file() || !is_markdown(entry.path()) || entry.depth() < 2 {
            continue;
        }
        let stem = entry
            .path()
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        found.push(Found {
            abs: entry.path().to_path_buf(),
            content_path: slash_path(rel),
            section,
            stem,
            bundle: None,
        });
    }
    (found, diags)
}

fn unknown_section_hint(section: &str) -> Option<String> {
    crate::text::did_you_mean(section, crate::layout::SECTIONS)
}

impl Found {
    /// The file a source was read from, to read it again.
    pub fn again(source: &Source) -> Found {
        Found {
            abs: source.abs.clone(),
            content_path: source.content_path.clone(),
            section: source.section.clone(),
            stem: source.stem.clone(),
            bundle: source.bundle.clone(),
        }
    }
}

/// Finds every content file under `<root>/content` without reading it (an error when there is
/// no such folder).
pub fn find(site_root: &Path) -> (Vec<Found>, Vec<Diagnostic>) {
    let content = site_root.join("content");
    if !content.is_dir() {
        let no_content = Diagnostic::global(
            crate::diagnostic::Severity::Error,
            Problem::NoContent { path: content },
        );
        return (Vec::new(), vec![no_content]);
    }
    find_in(site_root, &content)
}

/// Reads and decodes one content file. A file that cannot be read or decoded gives an error
/// and no source; a legacy encoding gives a warning beside the source.
pub fn read(site_root: &Path, f: Found) -> (Option<Source>, Vec<Diagnostic>) {
    let rel = f
        .abs
        .strip_prefix(site_root)
        .unwrap_or(&f.abs)
        .to_path_buf();
    let bytes = match std::fs::read(&f.abs) {
        Ok(b) => b,
        Err(e) => {
            let unreadable = Diagnostic::error(
                Problem::Io {
                    path: rel.clone(),
                    detail: e.to_string(),
                },
                Location::file_only(rel),
            );
            return (None, vec![unreadable]);
        }
    };
    match decode::decode(&bytes) {
        Ok(d) => {
            let warn: Vec<Diagnostic> = d
                .legacy_encoding
                .map(|enc| {
                    Diagnostic::warning(
                        Problem::LegacyEncoding {
                            encoding: enc.to_string(),
                        },
                        Location::file_only(rel.clone()),
                    )
                })
                .into_iter()
                .collect();
            let src = Source {
                rel,
                content_path: f.content_path,
                section: f.section,
                abs: f.abs,
                text: d.text,
                stem: f.stem,
                bundle: f.bundle,
            };
            (Some(src), warn)
        }
        Err(e) => (None, vec![e.diagnostic(&rel)]),
    }
}

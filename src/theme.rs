//! Themes: the default theme embedded at compile time, or `themes/<name>/` in the site,
//! with the site's own `templates/` overriding files of the same name.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Severity};
use crate::problem::Problem;

include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// A theme's files, loaded into memory: templates (`templates/…`) and assets (`assets/…`).
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Template name (path under `templates/`) → (source shown in errors, text).
    pub templates: BTreeMap<String, (String, String)>,
    /// Asset path under `assets/` → bytes.
    pub assets: BTreeMap<String, Vec<u8>>,
}

fn read_dir_into(dir: &Path, base: &Path, f: &mut dyn FnMut(String, &Path)) {
    for e in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.file_type().is_file()
            && let Ok(rel) = e.path().strip_prefix(base)
        {
            f(rel.to_string_lossy().replace('\\', "/"), e.path());
        }
    }
}

impl Theme {
    /// The embedded default theme.
    pub fn embedded() -> Theme {
        let mut t = Theme::default();
        for (path, bytes) in DEFAULT_THEME {
            if let Some(name) = path.strip_prefix("templates/") {
                t.templates.insert(
                    name.to_string(),
                    (
                        format!("themes/default/{path}"),
                        String::from_utf8_lossy(bytes).into_owned(),
                    ),
                );
            } else if let Some(name) = path.strip_prefix("assets/") {
                t.assets.insert(name.to_string(), bytes.to_vec());
            }
        }
        t
    }

    /// Loads the theme named in config: `themes/<name>/` in the site if present, else the
    /// embedded default for `default`; then applies the site's `templates/` overrides.
    /// `None` and an error when the name is unknown or a file cannot be read.
    pub fn load(site_root: &Path, name: &str) -> (Option<Theme>, Vec<Diagnostic>) {
        match Theme::read(site_root, name) {
            Ok(Some(theme)) => (Some(theme), Vec::new()),
            Ok(None) => {
                let not_found = Diagnostic::global(
                    Severity::Error,
                    Problem::ThemeNotFound {
                        name: name.to_string(),
                    },
                );
                (None, vec![not_found])
            }
            Err((path, detail)) => {
                let unreadable = Diagnostic::global(Severity::Error, Problem::Io { path, detail });
                (None, vec![unreadable])
            }
        }
    }

    /// [`Theme::load`] before its problems become diagnostics: `None` for an unknown name, the
    /// path and the error of a file that cannot be read (the last one found).
    fn read(site_root: &Path, name: &str) -> Result<Option<Theme>, (PathBuf, String)> {
        let dir = site_root.join("themes").join(name);
        let mut theme = if dir.join("templates").is_dir() {
            let mut t = Theme::default();
            let mut err = None;
            read_dir_into(
                &dir.join("templates"),
                &dir.join("templates"),
                &mut |rel, p| match std::fs::read(p) {
                    Ok(b) => {
                        let shown = format!("themes/{name}/templates/{rel}");
                        t.templates
                            .insert(rel, (shown, String::from_utf8_lossy(&b).into_owned()));
                    }
                    Err(e) => err = Some((p.to_path_buf(), e.to_string())),
                },
            );
            read_dir_into(&dir.join("assets"), &dir.join("assets"), &mut |rel, p| {
                match std::fs::read(p) {
                    Ok(b) => {
                        t.assets.insert(rel, b);
                    }
                    Err(e) => err = Some((p.to_path_buf(), e.to_string())),
                }
            });
            if let Some(e) = err {
                return Err(e);
            }
            t
        } else if name == "default" {
            Theme::embedded()
        } else {
            return Ok(None);
        };
        let overrides = site_root.join("templates");
        if overrides.is_dir() {
            let mut err = None;
            read_dir_into(
                &overrides,
                &overrides,
                &mut |rel, p| match std::fs::read(p) {
                    Ok(b) => {
                        theme.templates.insert(
                            rel.clone(),
                            (
                                format!("templates/{rel}"),
                                String::from_utf8_lossy(&b).into_owned(),
                            ),
                        );
                    }
                    Err(e) => err = Some((p.to_path_buf(), e.to_string())),
                },
            );
            if let Some(e) = err {
                return Err(e);
            }
        }
        Ok(Some(theme))
    }
}

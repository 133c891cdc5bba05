//! Tera templates from the theme (and the site's overrides), with errors mapped back to the
//! template file, line and column.

use std::collections::HashMap;
use std::path::PathBuf;

use serde::Serialize;
use tera::{Context, ErrorKind, Tera};

use crate::diagnostic::{Diagnostic, Location};
use crate::problem::Problem;
use crate::theme::Theme;

/// The compiled templates of one build.
pub struct Templates {
    tera: Tera,
    /// Template name → (shown path, source) for error locations.
    sources: HashMap<String, (String, String)>,
}

impl Templates {
    /// Compiles every template of the theme. All errors are returned, each pointing into its file.
    pub fn new(theme: &Theme) -> Result<Templates, Vec<Diagnostic>> {
        let sources: HashMap<String, (String, String)> =
            theme.templates.clone().into_iter().collect();
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml", ".htm"]);
        let mut errors = Vec::new();
        // Parse one by one first, so every broken file is reported, not only the first.
        for (name, (_, text)) in &theme.templates {
            let mut probe = Tera::new();
            if let Err(e) = probe.add_raw_template(name, text)
                && matches!(e.kind(), ErrorKind::SyntaxError(_))
            {
                errors.push(to_diagnostic(&sources, name, &e));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let all: Vec<(&str, &str)> = theme
            .templates
            .iter()
            .map(|(n, (_, t))| (n.as_str(), t.as_str()))
            .collect();
        if let Err(e) = tera.add_raw_templates(all) {
            return Err(vec![to_diagnostic(&sources, "", &e)]);
        }
        Ok(Templates { tera, sources })
    }

    /// True if the theme has this template.
    pub fn has(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// Renders a template.
    pub fn render(&self, name: &str, ctx: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, ctx)
            .map_err(|e| to_diagnostic(&self.sources, name, &e))
    }

    /// Renders a template with a typed context: the fields of `view` (a struct) are the names
    /// the template reads (see [`crate::render::views::PageContext`]).
    pub fn render_view(&self, name: &str, view: &impl Serialize) -> Result<String, Diagnostic> {
        let ctx =
            Context::from_serialize(view).map_err(|e| to_diagnostic(&self.sources, name, &e))?;
        self.render(name, &ctx)
    }
}

fn to_diagnostic(
    sources: &HashMap<String, (String, String)>,
    name: &str,
    e: &tera::Error,
) -> Diagnostic {
    match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let file = if r.filename().is_empty() {
                name
            } else {
                r.filename()
            };
            let (shown, text) = sources
                .get(file)
                .cloned()
                .unwrap_or_else(|| (file.to_string(), String::new()));
            let loc = if text.is_empty() {
                Location::file_only(PathBuf::from(&shown))
            } else {
                Location::from_offsets(PathBuf::from(&shown), &text, r.span().range.clone())
            };
            Diagnostic::error(
                Problem::Template {
                    name: file.to_string(),
                    detail: r.message().to_string(),
                },
                loc,
            )
        }
        _ => {
            let mut detail = e.to_string();
            let mut src = std::error::Error::source(e);
            while let Some(s) = src {
                detail.push_str(": ");
                detail.push_str(&s.to_string());
                src = s.source();
            }
            let shown = sources
                .get(name)
                .map_or(name.to_string(), |(s, _)| s.clone());
            Diagnostic::error(
                Problem::Template {
                    name: name.to_string(),
                    detail,
                },
                Location::file_only(PathBuf::from(shown)),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_point_into_the_file() {
        let mut theme = Theme::default();
        theme.templates.insert(
            "base.html".into(),
            (
                "templates/base.html".into(),
                "<p>\n{{ site.title \n</p>".into(),
            ),
        );
        let Err(errs) = Templates::new(&theme) else {
            panic!("should fail")
        };
        let loc = errs[0].location.as_ref().unwrap();
        assert_eq!(loc.file, PathBuf::from("templates/base.html"));
        assert!(loc.line >= 2, "{loc:?}");
    }
}

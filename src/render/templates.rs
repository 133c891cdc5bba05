//! Tera templates from the theme (and the site's overrides), with errors mapped back to the
//! template file, line and column.

use std::cell::Cell;
use std::collections::HashMap;
use std::io::{self, Write};
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
        tera.set_escape_fn(escape_html);
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

    /// Renders a template and hands its bytes to `take` (which writes them out), returning what
    /// `take` returns.
    ///
    /// The bytes are rendered into a buffer the thread keeps for its next page, and are not
    /// made into a `String`: that would check every page again as UTF-8, which tera's output
    /// already is (it writes only `str`s). See `docs/performance.md`.
    pub fn render_with<R>(
        &self,
        name: &str,
        ctx: &Context,
        take: impl FnOnce(&[u8]) -> R,
    ) -> Result<R, Diagnostic> {
        thread_local! {
            static BUFFER: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
        }
        // Taken out rather than borrowed, so a nested render on this thread gets its own.
        let mut buf = BUFFER.take();
        buf.clear();
        let rendered = self
            .tera
            .render_to(name, ctx, &mut buf)
            .map_err(|e| to_diagnostic(&self.sources, name, &e));
        let result = rendered.map(|()| take(&buf));
        // A huge page (an archive year of 100,000 articles) is not kept for every page after.
        if buf.capacity() <= KEPT_BUFFER {
            BUFFER.set(buf);
        }
        result
    }

    /// [`Templates::render_with`] with a typed context: the fields of `view` (a struct) are the
    /// names the template reads (see [`crate::render::views::PageContext`]).
    pub fn render_view_with<R>(
        &self,
        name: &str,
        view: &impl Serialize,
        take: impl FnOnce(&[u8]) -> R,
    ) -> Result<R, Diagnostic> {
        let ctx =
            Context::from_serialize(view).map_err(|e| to_diagnostic(&self.sources, name, &e))?;
        self.render_with(name, &ctx, take)
    }

    /// Renders a template into a `String` (the channels use [`Templates::render_with`]).
    #[cfg(test)]
    pub fn render(&self, name: &str, ctx: &Context) -> Result<String, Diagnostic> {
        self.render_with(name, ctx, |b| String::from_utf8_lossy(b).into_owned())
    }
}

/// The largest render buffer a thread keeps between pages.
const KEPT_BUFFER: usize = 1 << 20;

/// Autoescaping as tera's own `escape_html` does it (the same five characters and entities, so
/// every page stays byte-identical), but writing the text between them in one piece: tera's
/// writes each byte on its own through a `dyn Write`, which was about 6 % of a build's CPU.
fn escape_html(input: &str, out: &mut dyn Write) -> io::Result<()> {
    let bytes = input.as_bytes();
    let mut plain = 0;
    for (i, b) in bytes.iter().enumerate() {
        let entity: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&bytes[plain..i])?;
        out.write_all(entity)?;
        plain = i + 1;
    }
    out.write_all(&bytes[plain..])
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

    #[test]
    fn escaping_matches_teras_own() {
        for text in [
            "",
            "plain 文字",
            "<a href=\"x\">'甲' & 乙</a>",
            "&&<<>>\"\"''",
            "尾巴&",
        ] {
            let (mut ours, mut theirs) = (Vec::new(), Vec::new());
            escape_html(text, &mut ours).unwrap();
            tera::escape_html(text, &mut theirs).unwrap();
            assert_eq!(ours, theirs, "{text}");
        }
    }

    #[test]
    fn renders_into_the_threads_buffer_and_reports_errors() {
        let mut theme = Theme::default();
        theme.templates.insert(
            "a.html".into(),
            ("templates/a.html".into(), "<p>{{ t }}</p>".into()),
        );
        let templates = Templates::new(&theme).unwrap();
        let mut ctx = Context::new();
        ctx.insert("t", "甲<乙>");
        assert_eq!(
            templates.render("a.html", &ctx).unwrap(),
            "<p>甲&lt;乙&gt;</p>"
        );
        // The buffer is emptied before the next page.
        ctx.insert("t", "丙");
        assert_eq!(templates.render("a.html", &ctx).unwrap(), "<p>丙</p>");
        // A missing variable is an error pointing at the template, and the next render works.
        assert!(templates.render("a.html", &Context::new()).is_err());
        assert_eq!(templates.render("a.html", &ctx).unwrap(), "<p>丙</p>");
    }
}

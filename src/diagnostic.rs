//! Diagnostics: a `Problem` at a place in a file, rendered for people as
//! `file:line:col`, the source line with a caret under the exact characters, a message and a hint.
//!
//! Problems stay typed until they reach the user; only [`Diagnostic::render`] turns them into text.
//!
//! # How diagnostics travel
//!
//! One convention, in every layer:
//!
//! - a step that produces something returns `(T, Vec<Diagnostic>)`, with `T` an `Option` when
//!   nothing could be made (`crate::config::Config::load`, `crate::load::read`,
//!   `crate::model::Site::from_pages`, `crate::theme::Theme::load`);
//! - a step that only checks returns `Vec<Diagnostic>` (`crate::check::site::privacy_page`);
//! - work spread over threads that cannot return (the channels' renderers, file writes) reports
//!   into a `crate::write::FailSink` and hands back a `Vec<Diagnostic>` at the end;
//! - one operation that either succeeds or fails with exactly one problem (rendering one
//!   template, choosing the output folder, writing one file, a command that cannot start)
//!   returns `Result<T, Diagnostic>`, and its caller adds the error to its list;
//! - [`Diagnostics`] (sorted, grouped, rendered for the terminal) appears only at the command
//!   boundary: the build report and the `Err(Diagnostics)` of a command.
//!
//! No out-parameters (`&mut Vec<Diagnostic>`, `&mut Diagnostics`) and no `Option<Diagnostic>`
//! beside a result. `ARCHITECTURE.md` shows the same rules with the module ladder.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::PathBuf;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::i18n::Lang;
use crate::problem::Problem;
pub use crate::text::display_path;

/// How bad a diagnostic is: the one severity of every diagnostic and of every lint rule
/// (`crate::check::Rule::severity`). `check --format json` prints it as `error` or `warning`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The build cannot publish with this (错误); a lint finding of this severity cannot be
    /// acknowledged.
    Error,
    /// Publishable, but someone should look (警告); a lint warning needs a fix or a recorded
    /// acknowledgement with a reason (`crate::check::Ack`).
    Warning,
}

impl Severity {
    /// The word shown in front of the message and in reports: `错误` / `警告` (or `error` /
    /// `warning`).
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Severity::Error => lang.pick("错误", "error"),
            Severity::Warning => lang.pick("警告", "warning"),
        }
    }
}

/// Where a diagnostic points: a file, a 1-based line and column, and the text of that line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// Path as shown to the user (relative to the site root when possible).
    pub file: PathBuf,
    /// 1-based line number in the file.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub col: usize,
    /// The whole source line (without its line ending).
    pub line_text: String,
    /// Byte range inside `line_text` to underline; may be empty (a point).
    pub span: Range<usize>,
}

impl Location {
    /// A location that names only a file (no line to show).
    pub fn file_only(file: impl Into<PathBuf>) -> Location {
        Location {
            file: file.into(),
            line: 0,
            col: 0,
            line_text: String::new(),
            span: 0..0,
        }
    }

    /// Builds a location from a byte range in `source` (the whole file text).
    /// Out-of-range or mid-character offsets are clamped, never panic.
    pub fn from_offsets(file: impl Into<PathBuf>, source: &str, range: Range<usize>) -> Location {
        let start = floor_char_boundary(source, range.start.min(source.len()));
        let end = floor_char_boundary(source, range.end.min(source.len())).max(start);
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        let mut line_text = &source[line_start..line_end];
        if let Some(stripped) = line_text.strip_suffix('\r') {
            line_text = stripped;
        }
        let line = source[..line_start].bytes().filter(|&b| b == b'\n').count() + 1;
        let col = source[line_start..start].chars().count() + 1;
        let span_start = (start - line_start).min(line_text.len());
        let span_end = (end.min(line_start + line_text.len()) - line_start).max(span_start);
        Location {
            file: file.into(),
            line,
            col,
            line_text: line_text.to_string(),
            span: span_start..span_end,
        }
    }

    /// Builds a location from a 1-based line and 1-based character column in `source`.
    pub fn from_line_col(
        file: impl Into<PathBuf>,
        source: &str,
        line: usize,
        col: usize,
        len_chars: usize,
    ) -> Location {
        let mut offset = 0usize;
        for (i, l) in source.split_inclusive('\n').enumerate() {
            if i + 1 == line {
                let byte_col: usize = l
                    .chars()
                    .take(col.saturating_sub(1))
                    .map(char::len_utf8)
                    .sum();
                let start = offset + byte_col;
                let len: usize = source[start..]
                    .chars()
                    .take(len_chars)
                    .map(char::len_utf8)
                    .sum();
                return Location::from_offsets(file, source, start..start + len);
            }
            offset += l.len();
        }
        Location::from_offsets(file, source, source.len()..source.len())
    }

    /// `file:line:col`, or just the file when there is no line.
    pub fn position(&self) -> String {
        if self.line == 0 {
            display_path(&self.file)
        } else {
            format!("{}:{}:{}", display_path(&self.file), self.line, self.col)
        }
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One finding for the user.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong.
    pub problem: Problem,
    /// Where, when known (boxed: diagnostics travel in `Result`s and should stay small).
    pub location: Option<Box<Location>>,
}

impl Diagnostic {
    /// An error at a location.
    pub fn error(problem: Problem, location: Location) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            problem,
            location: Some(Box::new(location)),
        }
    }

    /// A warning at a location.
    pub fn warning(problem: Problem, location: Location) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            problem,
            location: Some(Box::new(location)),
        }
    }

    /// A diagnostic with no place in a file (e.g. a missing theme).
    pub fn global(severity: Severity, problem: Problem) -> Diagnostic {
        Diagnostic {
            severity,
            problem,
            location: None,
        }
    }

    /// An error reading or writing `path`, not tied to a line.
    pub fn io(path: impl Into<std::path::PathBuf>, e: &std::io::Error) -> Diagnostic {
        Diagnostic::global(
            Severity::Error,
            Problem::Io {
                path: path.into(),
                detail: e.to_string(),
            },
        )
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the diagnostic for a terminal or the browser overlay.
    pub fn render(&self, lang: Lang, color: bool) -> String {
        let title = self.problem.message(lang);
        let hint = self.problem.hint(lang);
        let level = match self.severity {
            Severity::Error => Level::ERROR.with_name(Some(self.severity.label(lang))),
            Severity::Warning => Level::WARNING.with_name(Some(self.severity.label(lang))),
        };
        let help = Level::HELP.with_name(Some(lang.pick("提示", "help")));
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let mut out = String::new();
        match &self.location {
            Some(loc) if loc.line > 0 => {
                // annotate-snippets appends `:line:col` itself.
                let path = display_path(&loc.file);
                let mut span = loc.span.clone();
                if span.is_empty() {
                    // Point at one character so the caret shows.
                    let next = loc.line_text[span.start..]
                        .chars()
                        .next()
                        .map_or(0, char::len_utf8);
                    span = span.start..span.start + next;
                }
                let label = self.problem.label(lang);
                let mut report = vec![
                    level
                        .primary_title(title.as_str())
                        .id(self.problem.id())
                        .element(
                            Snippet::source(loc.line_text.as_str())
                                .line_start(loc.line)
                                .path(path.as_str())
                                .annotation(
                                    AnnotationKind::Primary
                                        .span(span)
                                        .label(label.as_deref().unwrap_or("")),
                                ),
                        ),
                ];
                if let Some(h) = hint.as_deref() {
                    report.push(Group::with_title(help.clone().secondary_title(h)));
                }
                let _ = write!(out, "{}", renderer.render(&report));
            }
            Some(loc) => {
                let mut report = vec![Group::with_title(
                    level
                        .primary_title(format!("{}: {}", display_path(&loc.file), title))
                        .id(self.problem.id()),
                )];
                if let Some(h) = hint.as_deref() {
                    report.push(Group::with_title(help.clone().secondary_title(h)));
                }
                let _ = write!(out, "{}", renderer.render(&report));
            }
            None => {
                let mut report = vec![Group::with_title(
                    level.primary_title(title.as_str()).id(self.problem.id()),
                )];
                if let Some(h) = hint.as_deref() {
                    report.push(Group::with_title(help.clone().secondary_title(h)));
                }
                let _ = write!(out, "{}", renderer.render(&report));
            }
        }
        out
    }

    /// A one-line summary (`file:line:col: 错误: message`) for logs and JSON.
    pub fn one_line(&self, lang: Lang) -> String {
        match &self.location {
            Some(loc) => format!(
                "{}: {}: {}",
                loc.position(),
                self.severity.label(lang),
                self.problem.message(lang)
            ),
            None => format!(
                "{}: {}",
                self.severity.label(lang),
                self.problem.message(lang)
            ),
        }
    }
}

/// All diagnostics of one run, in the order found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Adds one.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Adds many.
    pub fn extend(&mut self, it: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(it);
    }

    /// True if any is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// All diagnostics, sorted by file and line for stable output.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        // Borrowed keys: tens of thousands of findings must not clone a path per comparison.
        v.sort_by(|a, b| {
            let ka = a
                .location
                .as_ref()
                .map(|l| (l.file.as_path(), l.line, l.col));
            let kb = b
                .location
                .as_ref()
                .map(|l| (l.file.as_path(), l.line, l.col));
            ka.cmp(&kb)
        });
        v
    }

    /// What to print: the sorted diagnostics, where each warning rule shows only its first
    /// [`SHOWN_PER_RULE`] findings unless `verbose`; plus, per rule that had more, its id and
    /// total count. Errors are all shown: each one blocks publication and must be fixed, so
    /// hiding any would only cost another run to find it.
    pub fn grouped(&self, verbose: bool) -> (Vec<&Diagnostic>, Vec<(&'static str, usize)>) {
        let sorted = self.sorted();
        if verbose {
            return (sorted, Vec::new());
        }
        let mut counts: Vec<(&'static str, usize)> = Vec::new();
        let mut shown = Vec::with_capacity(sorted.len().min(1024));
        for d in sorted {
            if d.is_error() {
                shown.push(d);
                continue;
            }
            let id = d.problem.id();
            let n = match counts.iter_mut().find(|(k, _)| *k == id) {
                Some((_, n)) => {
                    *n += 1;
                    *n
                }
                None => {
                    counts.push((id, 1));
                    1
                }
            };
            if n <= SHOWN_PER_RULE {
                shown.push(d);
            }
        }
        counts.retain(|&(_, n)| n > SHOWN_PER_RULE);
        (shown, counts)
    }

    /// Renders the diagnostics, repeated warnings of one rule grouped (see [`grouped`](Self::grouped)).
    pub fn render(&self, lang: Lang, color: bool) -> String {
        self.render_with(lang, color, false)
    }

    /// Renders the diagnostics; with `verbose`, every one of them.
    pub fn render_with(&self, lang: Lang, color: bool, verbose: bool) -> String {
        let (shown, hidden) = self.grouped(verbose);
        let mut out = String::new();
        for d in shown {
            out.push_str(&d.render(lang, color));
            out.push_str("\n\n");
        }
        out.push_str(&hidden_summary(&hidden, lang));
        out
    }
    /// Iterates in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// Warnings of one rule printed in full before the rest are only counted (`--verbose` shows all).
pub const SHOWN_PER_RULE: usize = 3;

/// One line per grouped rule: how many findings it had and how to see the rest.
pub fn hidden_summary(hidden: &[(&'static str, usize)], lang: Lang) -> String {
    let mut out = String::new();
    for &(id, total) in hidden {
        let more = total - SHOWN_PER_RULE;
        if lang == Lang::Zh {
            out.push_str(&format!(
                "警告 [{id}] 共 {total} 处，以上显示前 {SHOWN_PER_RULE} 处；另有 {more} 处，用 --verbose 查看全部。\n"
            ));
        } else {
            out.push_str(&format!(
                "warning [{id}]: {total} in all, the first {SHOWN_PER_RULE} shown above; {more} more, use --verbose to see them all.\n"
            ));
        }
    }
    if !hidden.is_empty() {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_to_line_and_char_column() {
        let src = "---\ntitle: 关于召开新闻发布会\ndate: 2026-13-01\n---\n";
        let start = src.find("2026").unwrap();
        let loc = Location::from_offsets("a.md", src, start..start + 10);
        assert_eq!((loc.line, loc.col), (3, 7));
        assert_eq!(loc.line_text, "date: 2026-13-01");
        let start = src.find("新闻").unwrap();
        let loc = Location::from_offsets("a.md", src, start..start + 6);
        assert_eq!((loc.line, loc.col), (2, 12));
    }

    #[test]
    fn crlf_is_trimmed_and_bad_offsets_do_not_panic() {
        let src = "a: 1\r\nb: 中\r\n";
        let loc = Location::from_offsets("x", src, 9..1000);
        assert_eq!(loc.line, 2);
        assert_eq!(loc.line_text, "b: 中");
        let loc = Location::from_line_col("x", src, 2, 4, 1);
        assert_eq!(&loc.line_text[loc.span.clone()], "中");
    }

    #[test]
    fn file_names_with_control_characters_are_shown_escaped() {
        assert_eq!(
            display_path(std::path::Path::new("content\\articles\\通知.md")),
            "content/articles/通知.md"
        );
        let forged =
            std::path::Path::new("content/articles/a\nerror: 伪造的一行\r\u{1b}[2J\u{202e}dm.txt");
        let shown = display_path(forged);
        assert_eq!(
            shown,
            "content/articles/a\\nerror: 伪造的一行\\r\\u{1b}[2J\\u{202e}dm.txt"
        );
        let d = Diagnostic::error(
            Problem::Io {
                path: forged.to_path_buf(),
                detail: "x".into(),
            },
            Location::file_only(forged),
        );
        for lang in [Lang::Zh, Lang::En] {
            let text = d.render(lang, false);
            assert!(
                !text.lines().any(|l| l.starts_with("error: 伪造")),
                "{text}"
            );
            assert!(
                !text.contains('\u{1b}') && !text.contains('\u{202e}'),
                "{text}"
            );
        }
    }

    #[test]
    fn render_shows_position_caret_and_hint() {
        let src = "title: 测试\ndate: 2026-02-30\n";
        let start = src.find("2026").unwrap();
        let d = Diagnostic::error(
            Problem::InvalidDate {
                key: "date".into(),
                value: "2026-02-30".into(),
            },
            Location::from_offsets("content/articles/a.md", src, start..start + 10),
        );
        let text = d.render(Lang::Zh, false);
        assert!(text.contains("content/articles/a.md:2:7"), "{text}");
        assert!(text.contains("^^^^^^^^^^"), "{text}");
        assert!(text.contains("错误"), "{text}");
        assert!(text.contains("提示"), "{text}");
    }
}

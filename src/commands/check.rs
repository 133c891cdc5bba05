//! `tongxin check`: every validation of the build (front matter, links, anchors, templates,
//! privacy and secrecy) plus the official-document text lint, without touching the site's output.

use std::path::Path;

use serde::Serialize;

use crate::check::external;
pub use crate::check::external::ExternalOptions;
use crate::check::{Finding, doclint};
use crate::diagnostic::{
    Diagnostic, Diagnostics, Location, Severity, display_path, hidden_summary,
};
use crate::i18n::Lang;
use crate::model::Site;
use crate::model::page::Kind;
use crate::pipeline::{self, BuildOptions, Project};

fn lint_diag(file: &Path, text: &str, offset: usize, f: Finding) -> Diagnostic {
    let loc = Location::from_offsets(file, text, offset + f.start..offset + f.end);
    f.into_diagnostic(loc)
}

/// Where a front-matter value starts in the file: inside its written span (past quotes), or at
/// the span's start when it is written differently (escapes, block scalars).
fn value_at(text: &str, span: &std::ops::Range<usize>, value: &str) -> usize {
    text.get(span.clone())
        .and_then(|written| written.find(value))
        .map_or(span.start, |i| span.start + i)
}

/// Official-document text lint for documents and briefings: 发文字号, titles, dates, heading
/// order and punctuation in the body.
pub fn official_text(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in site
        .pages
        .iter()
        .filter(|p| p.included && matches!(p.kind, Kind::Document | Kind::Briefing))
    {
        let text = &p.source.text;
        let file = p.file();
        let title_at = value_at(text, &p.meta.title_span, &p.meta.title);
        for f in doclint::check_title(&p.meta.title) {
            out.push(lint_diag(file, text, title_at, f));
        }
        if let Some(d) = &p.document
            && let Some(no) = d.doc_no.as_deref()
            && let Some(f) = doclint::check_doc_no(no)
        {
            out.push(lint_diag(file, text, value_at(text, &d.doc_no_span, no), f));
        }
        for f in doclint::check_body(p.body()) {
            out.push(lint_diag(file, text, p.body_offset, f));
        }
    }
    out
}

/// Runs every check on the site at `root`: the build renders everything and writes nothing, and
/// nothing goes over the network.
pub fn run(root: &Path) -> Diagnostics {
    run_with(root, None)
}

/// [`run`], plus the external link check when `external` is given (`check --external`).
pub fn run_with(root: &Path, external: Option<&ExternalOptions>) -> Diagnostics {
    let opts = BuildOptions {
        root: root.to_path_buf(),
        dry_run: true,
        ..BuildOptions::default()
    };
    // Load once: the document lint reads the same model the build then renders.
    let start = std::time::Instant::now();
    let project = Project::load(&opts);
    let official = official_text(project.site());
    let targets = external.map(|_| external::collect(project.site(), project.rendered()));
    let mut diags = match pipeline::publish(project, start) {
        Ok(report) => report.diagnostics,
        Err(d) => d,
    };
    diags.extend(official);
    if let (Some(opts), Some(targets)) = (external, targets) {
        diags.extend(external::check(&targets, opts));
    }
    diags
}

/// One finding as `--format json` prints it.
#[derive(Debug, Serialize)]
pub struct JsonFinding {
    /// `error` or `warning`.
    pub severity: Severity,
    /// Rule id.
    pub rule: &'static str,
    /// File, relative to the site.
    pub file: Option<String>,
    /// 1-based line (0 when unknown).
    pub line: usize,
    /// 1-based column in characters (0 when unknown).
    pub column: usize,
    /// Message.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

/// Findings as JSON, sorted by file and line.
pub fn to_json(diags: &Diagnostics, lang: Lang) -> String {
    let items: Vec<JsonFinding> = diags
        .sorted()
        .into_iter()
        .map(|d| JsonFinding {
            severity: d.severity,
            rule: d.problem.id(),
            file: d.location.as_ref().map(|l| display_path(&l.file)),
            line: d.location.as_ref().map_or(0, |l| l.line),
            column: d.location.as_ref().map_or(0, |l| l.col),
            message: d.problem.message(lang),
            hint: d.problem.hint(lang),
        })
        .collect();
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into())
}

/// Findings as text, grouped under a heading per file, with a summary line. Unless `verbose`,
/// each warning rule shows its first few findings and a count of the rest (see
/// [`Diagnostics::grouped`]); `--format json` always lists every finding.
pub fn to_text(diags: &Diagnostics, lang: Lang, color: bool, verbose: bool) -> String {
    let mut out = String::new();
    let mut current: Option<String> = None;
    let (shown, hidden) = diags.grouped(verbose);
    for d in shown {
        let file = d.location.as_ref().map_or_else(
            || lang.pick("（全站）", "(site)").to_string(),
            |l| display_path(&l.file),
        );
        if current.as_deref() != Some(file.as_str()) {
            out.push_str(&format!("━━ {file}\n"));
            current = Some(file);
        }
        out.push_str(&d.render(lang, color));
        out.push_str("\n\n");
    }
    out.push_str(&hidden_summary(&hidden, lang));
    let (e, w) = (diags.error_count(), diags.warning_count());
    out.push_str(&if lang == Lang::Zh {
        if e + w == 0 {
            "检查完成：没有发现问题。\n".to_string()
        } else {
            format!("检查完成：{e} 个错误，{w} 条警告。\n")
        }
    } else if e + w == 0 {
        "check finished: no problems found.\n".to_string()
    } else {
        format!("check finished: {e} errors, {w} warnings.\n")
    });
    out
}

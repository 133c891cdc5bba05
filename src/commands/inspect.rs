//! `tongxin inspect`: loads the site (no rendering, nothing written) and runs the inspection of
//! `crate::inspect`; `--external` adds the external link check of `tongxin check`.

use std::path::{Path, PathBuf};

pub use crate::check::external::ExternalOptions;
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::i18n::Lang;
pub use crate::inspect::Status;
use crate::inspect::{self, Input, Report};
use crate::model::date::Date;
use crate::pipeline::{BuildOptions, Project};
use crate::problem::{InspectProblem, Problem};

/// How to print the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Grouped text with carets.
    Text,
    /// JSON for tools.
    Json,
    /// One self-contained HTML page.
    Html,
}

/// `tongxin inspect`'s arguments.
#[derive(Debug, Clone)]
pub struct InspectOptions {
    /// Site folder.
    pub root: PathBuf,
    /// The day to read the clocks on (`--today`); today in China when None.
    pub today: Option<String>,
    /// Output format.
    pub format: Format,
    /// Where to write the report (`--out`); standard output when None.
    pub out: Option<PathBuf>,
    /// Also check external links.
    pub external: Option<ExternalOptions>,
    /// Message language.
    pub lang: Lang,
}

/// What `inspect` produced.
#[derive(Debug)]
pub struct InspectOutcome {
    /// The report text (text, JSON or HTML).
    pub text: String,
    /// The file it was written to, when `--out` was given.
    pub written: Option<PathBuf>,
    /// The worst verdict.
    pub worst: Status,
}

fn error(p: Problem) -> Diagnostics {
    let mut d = Diagnostics::default();
    d.push(Diagnostic::global(Severity::Error, p));
    d
}

/// Runs the inspection. Errors: a bad `--today`, an `--out` inside the website output, a file
/// that cannot be written, or settings so broken the site cannot be read.
pub fn run(opts: &InspectOptions) -> Result<InspectOutcome, Diagnostics> {
    let today = match opts.today.as_deref() {
        Some(s) => match Date::parse(s.trim()) {
            Some(d) => Date { time: None, ..d },
            None => {
                return Err(error(Problem::BadArgument {
                    name: "--today",
                    value: s.to_string(),
                }));
            }
        },
        None => Date::today(),
    };
    let mut clock = crate::timing::Clock::start();
    let project = Project::load(&BuildOptions {
        root: opts.root.clone(),
        dry_run: true,
        ..BuildOptions::default()
    });
    clock.lap("inspect: load");
    let loaded = project.diagnostics();
    clock.lap("inspect: diagnostics");
    // A config.yaml that does not parse gives the defaults: inspecting them would mislead.
    let broken: Vec<Diagnostic> = loaded
        .iter()
        .filter(|d| {
            d.is_error()
                && matches!(
                    d.problem,
                    Problem::ConfigInvalid { .. } | Problem::SafetyKeyTypo { .. }
                )
        })
        .cloned()
        .collect();
    if !broken.is_empty() {
        let mut d = Diagnostics::default();
        d.extend(broken);
        return Err(d);
    }
    let out = opts.out.as_ref().map(|o| {
        if o.is_absolute() {
            o.clone()
        } else {
            std::env::current_dir().map_or_else(|_| o.clone(), |d| d.join(o))
        }
    });
    if let Some(o) = &out
        && super::is_inside(o, &opts.root.join(&project.site().config.output))
    {
        return Err(error(Problem::Inspect(InspectProblem::IntoWebsite {
            path: o.clone(),
        })));
    }
    let external = opts.external.as_ref().map(|e| {
        let targets = crate::check::external::collect(project.site(), project.rendered());
        let mut d = Diagnostics::default();
        d.extend(crate::check::external::check(&targets, e));
        d
    });
    let report: Report = inspect::run(&Input {
        site: project.site(),
        rendered: project.rendered(),
        loaded: &loaded,
        external: external.as_ref(),
        today,
        lang: opts.lang,
    });
    clock.lap("inspect: indicators");
    let text = match opts.format {
        Format::Text => inspect::to_text(&report, opts.lang, false),
        Format::Json => inspect::to_json(&report, opts.lang),
        Format::Html => inspect::html::render(&report, opts.lang),
    };
    clock.lap("inspect: report");
    if let Some(o) = &out {
        write_file(o, text.as_bytes()).map_err(|d| {
            let mut all = Diagnostics::default();
            all.push(d);
            all
        })?;
    }
    Ok(InspectOutcome {
        text,
        written: out,
        worst: report.worst(),
    })
}

/// Writes `bytes` to `path` through a temporary file beside it, creating its folder. An
/// existing folder at `path` is refused, never replaced (`write::replace_bytes` would remove it).
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    if path.is_dir() {
        return Err(Diagnostic::global(
            Severity::Error,
            Problem::Inspect(InspectProblem::OutIsFolder {
                path: path.to_path_buf(),
            }),
        ));
    }
    crate::write::replace_bytes(path, bytes)
        .map(|_| ())
        .map_err(|e| Diagnostic::io(path, &e))
}

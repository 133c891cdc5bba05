//! `tongxin ledger`: loads the site (no rendering) and writes the 宣传台账 workbook of
//! `crate::ledger` to `--out` (default `台账.xlsx` in the site folder), never inside the website
//! output: the workbook lists internal briefings.

use std::path::PathBuf;

use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::ledger::{self, Years, wechat_log};
use crate::pipeline::{BuildOptions, Project};
use crate::problem::{InspectProblem, Problem};

/// `tongxin ledger`'s arguments.
#[derive(Debug, Clone, Default)]
pub struct LedgerOptions {
    /// Site folder.
    pub root: PathBuf,
    /// First year (`--from`).
    pub from: Option<i32>,
    /// Last year (`--to`).
    pub to: Option<i32>,
    /// The workbook (`--out`).
    pub out: Option<PathBuf>,
}

/// What was written.
#[derive(Debug)]
pub struct LedgerReport {
    /// The workbook.
    pub file: PathBuf,
    /// Rows per sheet, in sheet order (the summary's included).
    pub rows: Vec<(&'static str, usize)>,
    /// Warnings from loading the site.
    pub diagnostics: Diagnostics,
}

fn error(p: Problem) -> Diagnostics {
    let mut d = Diagnostics::default();
    d.push(Diagnostic::global(Severity::Error, p));
    d
}

/// Writes the workbook. The site's own errors stop it, as they stop a build: a ledger of a site
/// that does not build would list what is not published.
pub fn run(opts: &LedgerOptions) -> Result<LedgerReport, Diagnostics> {
    if let (Some(from), Some(to)) = (opts.from, opts.to)
        && from > to
    {
        return Err(error(Problem::Inspect(InspectProblem::YearRange {
            from,
            to,
        })));
    }
    let mut project = Project::load(&BuildOptions {
        root: opts.root.clone(),
        dry_run: true,
        ..BuildOptions::default()
    });
    let diags = project.take_diagnostics();
    if diags.has_errors() {
        return Err(diags);
    }
    let out = match &opts.out {
        Some(o) if o.is_absolute() => o.clone(),
        Some(o) => std::env::current_dir().map_or_else(|_| o.clone(), |d| d.join(o)),
        None => opts.root.join("台账.xlsx"),
    };
    let site = project.site();
    if super::is_inside(&out, &opts.root.join(&site.config.output)) {
        return Err(error(Problem::Inspect(InspectProblem::IntoWebsite {
            path: out,
        })));
    }
    let log = wechat_log::read(&opts.root);
    let years = Years {
        from: opts.from,
        to: opts.to,
    };
    let sheets = ledger::sheets(site, project.rendered(), &log, years);
    let bytes = ledger::workbook(&sheets, &site.config.title).map_err(|e| {
        error(Problem::Inspect(InspectProblem::Workbook {
            detail: e.to_string(),
        }))
    })?;
    super::inspect::write_file(&out, &bytes).map_err(|d| {
        let mut all = Diagnostics::default();
        all.push(d);
        all
    })?;
    Ok(LedgerReport {
        file: out,
        rows: sheets.iter().map(|s| (s.name, s.rows.len())).collect(),
        diagnostics: diags,
    })
}

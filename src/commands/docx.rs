//! `tongxin docx`: briefings and documents as editable Word files laid out to GB/T 9704.
//!
//! The same choice of pages, names and series settings as `tongxin pdf` (internal 专报
//! included, drafts not); the files go to `<out>/<series>-<year>-<issue>.docx` (documents:
//! `<slug>.docx`), written under a temporary name and renamed when complete, into a folder
//! that is never inside the website output.

use std::path::PathBuf;

use crate::channels::Channel;
use crate::channels::docx::Word;
use crate::commands::pdf::{choose, out_folder, with_print_input};
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::pipeline::{BuildOptions, Project};
use crate::problem::{DocxProblem, Problem};
use crate::write::{Output, Pending};

/// What to write and where.
#[derive(Debug, Clone, Default)]
pub struct DocxOptions {
    /// Site folder.
    pub root: PathBuf,
    /// Briefings (or documents) by slug, site path or content file.
    pub names: Vec<String>,
    /// Every briefing.
    pub all: bool,
    /// Every document as well.
    pub documents: bool,
    /// Output folder (default `<root>/docx`).
    pub out: Option<PathBuf>,
}

/// What `tongxin docx` wrote.
#[derive(Debug, Default)]
pub struct DocxReport {
    /// The Word files, in the order of the site.
    pub files: Vec<PathBuf>,
    /// Warnings met on the way.
    pub diagnostics: Diagnostics,
}

/// Runs `tongxin docx`.
pub fn run(opts: &DocxOptions) -> Result<DocxReport, Diagnostics> {
    let project = Project::load(&BuildOptions {
        root: opts.root.clone(),
        ..BuildOptions::default()
    });
    let mut project = project;
    let mut diags = project.take_diagnostics();
    if diags.has_errors() {
        return Err(diags);
    }
    let (wanted, chosen) = choose(project.site(), &opts.names, opts.all, opts.documents);
    diags.extend(chosen);
    let out_dir = match out_folder(&opts.root, opts.out.as_ref(), "docx", &project) {
        Ok(o) => Some(o),
        Err(path) => {
            diags.push(Diagnostic::global(
                Severity::Error,
                Problem::Docx(DocxProblem::IntoWebsite { path }),
            ));
            None
        }
    };
    if diags.has_errors() {
        return Err(diags);
    }
    let Some(out_dir) = out_dir else {
        return Err(diags);
    };
    let Some((_, templates)) = project.theme() else {
        return Err(diags);
    };
    let output = Output::buffer();
    let word = Word {
        pages: wanted.iter().copied().collect(),
    };
    diags.extend(with_print_input(&project, &wanted, templates, |input| {
        word.render(input, &output)
    }));
    if diags.has_errors() {
        return Err(diags);
    }
    if let Err(e) = std::fs::create_dir_all(&out_dir) {
        diags.push(Diagnostic::io(&out_dir, &e));
        return Err(diags);
    }
    let mut files: Vec<(String, Vec<u8>)> = output
        .into_pending()
        .into_iter()
        .filter_map(|(name, p)| match p {
            Pending::Bytes(b) => Some((name, b)),
            Pending::Copy(_) => None,
        })
        .collect();
    // In the site's order (the channel writes in parallel).
    let order = |name: &str| {
        wanted
            .iter()
            .position(|&i| {
                format!(
                    "{}.docx",
                    crate::channels::print::file_stem(&project.site().pages[i])
                ) == name
            })
            .unwrap_or(usize::MAX)
    };
    files.sort_by_key(|(name, _)| order(name));
    let mut report = DocxReport::default();
    for (name, bytes) in files {
        let target = out_dir.join(&name);
        let partial = out_dir.join(format!(".{name}.partial"));
        let written =
            std::fs::write(&partial, &bytes).and_then(|()| std::fs::rename(&partial, &target));
        match written {
            Ok(()) => report.files.push(target),
            Err(e) => {
                let _ = std::fs::remove_file(&partial);
                diags.push(Diagnostic::io(&target, &e));
            }
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    report.diagnostics = diags;
    Ok(report)
}

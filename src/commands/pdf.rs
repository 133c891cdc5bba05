//! `tongxin pdf`: the print pages as PDF files through an installed browser.
//!
//! The print pages (internal 专报 included) are rendered into a private temporary folder, never
//! into the website output; the browser prints each to `<out>/<series>-<year>-<issue>.pdf`
//! (documents: `<slug>.pdf`), written under a temporary name and renamed when complete.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rayon::prelude::*;

use crate::channels::Channel;
use crate::channels::print::{Print, Scope};
use crate::commands::browser;
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::model::date::Date;
use crate::model::page::{Kind, Page};
use crate::pipeline::{self, BuildOptions, Project};
use crate::problem::Problem;
use crate::render::RenderInput;
use crate::write::Staging;
use crate::write::{Collector, Output};

/// What to print and where.
#[derive(Debug, Clone, Default)]
pub struct PdfOptions {
    /// Site folder.
    pub root: PathBuf,
    /// Briefings (or documents) by slug, site path or content file.
    pub names: Vec<String>,
    /// Every briefing.
    pub all: bool,
    /// Every document as well.
    pub documents: bool,
    /// Output folder (default `<root>/pdf`).
    pub out: Option<PathBuf>,
}

/// What `tongxin pdf` wrote.
#[derive(Debug, Default)]
pub struct PdfReport {
    /// The PDF files, in the order of the site.
    pub files: Vec<PathBuf>,
    /// Warnings met on the way.
    pub diagnostics: Diagnostics,
}

/// How long one page may take in the browser.
const PRINT_TIMEOUT: Duration = Duration::from_secs(120);

/// The file name of a page's PDF.
pub fn pdf_name(p: &Page) -> String {
    format!("{}.pdf", crate::channels::print::file_stem(p))
}

/// True if `name` designates page `p`: its slug, its site path, or its content file (with or
/// without `content/` and `.md`).
pub(crate) fn names_page(name: &str, p: &Page) -> bool {
    let n = name.trim().replace('\\', "/");
    let n = n.trim_start_matches("./").trim_matches('/');
    let n = n.strip_prefix("content/").unwrap_or(n);
    let content = p.source.content_path.as_str();
    n == p.slug
        || n == p.path.trim_end_matches('/')
        || n == content
        || Some(n) == content.strip_suffix(".md")
        || Some(n) == content.strip_suffix("/index.md")
        || [".pdf", ".docx"].iter().any(|ext| {
            n.strip_suffix(ext)
                .is_some_and(|stem| stem == crate::channels::print::file_stem(p))
        })
}

/// The pages `tongxin pdf` and `tongxin docx` make files of, in site order: the named briefings
/// and documents, every briefing with `all`, every document with `documents` (internal 专报
/// included, drafts not). Unknown names and an empty choice are errors.
pub(crate) fn choose(
    site: &crate::model::Site,
    names: &[String],
    all: bool,
    documents: bool,
) -> (Vec<usize>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let printable = |p: &Page, kind: Kind| p.kind == kind && p.included;
    let known: Vec<String> = site
        .pages
        .iter()
        .filter(|p| printable(p, Kind::Briefing))
        .map(|p| p.slug.clone())
        .collect();
    let mut wanted: Vec<usize> = Vec::new();
    for name in names {
        let found: Vec<usize> = site
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                (printable(p, Kind::Briefing) || printable(p, Kind::Document))
                    && names_page(name, p)
            })
            .map(|(i, _)| i)
            .collect();
        if found.is_empty() {
            diags.push(Diagnostic::global(
                Severity::Error,
                Problem::UnknownPrintTarget {
                    name: name.clone(),
                    known: known.clone(),
                },
            ));
        }
        wanted.extend(found);
    }
    for (i, p) in site.pages.iter().enumerate() {
        if (all && printable(p, Kind::Briefing)) || (documents && printable(p, Kind::Document)) {
            wanted.push(i);
        }
    }
    if names.is_empty() && !all && !documents {
        diags.push(Diagnostic::global(
            Severity::Error,
            Problem::NothingToPrint { known },
        ));
    }
    let mut seen = HashSet::new();
    wanted.retain(|i| seen.insert(*i));
    wanted.sort_unstable();
    (wanted, diags)
}

/// An output folder of `tongxin pdf` or `tongxin docx`: `out` (relative to the working folder)
/// or `<root>/<default>`; Err(the folder) when it lies inside the website output.
pub(crate) fn out_folder(
    root: &Path,
    out: Option<&PathBuf>,
    default: &str,
    project: &Project,
) -> Result<PathBuf, PathBuf> {
    let out = match out {
        Some(o) if o.is_absolute() => o.clone(),
        Some(o) => std::env::current_dir().map_or_else(|_| o.clone(), |d| d.join(o)),
        None => root.join(default),
    };
    let site_out = root.join(&project.site().config.output);
    if super::is_inside(&out, &site_out) {
        return Err(out);
    }
    Ok(out)
}

/// Runs `tongxin pdf`.
pub fn run(opts: &PdfOptions) -> Result<PdfReport, Diagnostics> {
    let mut project = Project::load(&BuildOptions {
        root: opts.root.clone(),
        ..BuildOptions::default()
    });
    let mut diags = project.take_diagnostics();
    if diags.has_errors() {
        return Err(diags);
    }
    let site = project.site();
    let (wanted, chosen) = choose(site, &opts.names, opts.all, opts.documents);
    diags.extend(chosen);
    let out_dir = match out_dir(opts, &project) {
        Ok(o) => Some(o),
        Err(d) => {
            diags.push(d);
            None
        }
    };
    let browser = match browser::find() {
        Ok(b) => Some(b),
        Err(e) => {
            diags.push(Diagnostic::global(
                Severity::Error,
                Problem::BrowserNotFound {
                    named: match e {
                        browser::BrowserError::OverrideMissing(p) => Some(p),
                        browser::BrowserError::NotFound => None,
                    },
                },
            ));
            None
        }
    };
    if diags.has_errors() {
        return Err(diags);
    }
    let (Some(out_dir), Some(browser)) = (out_dir, browser) else {
        return Err(diags);
    };
    let scratch = Scratch::new()?;
    diags.extend(render_print_site(&project, &wanted, scratch.dir()));
    if diags.has_errors() {
        return Err(diags);
    }
    if let Err(e) = std::fs::create_dir_all(&out_dir) {
        diags.push(Diagnostic::io(&out_dir, &e));
        return Err(diags);
    }
    // Two browsers at a time: each is a heavy process and the machine may have two cores.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build();
    let print_one = |&i: &usize| -> Result<PathBuf, Diagnostic> {
        let p = &site.pages[i];
        let html = scratch
            .dir()
            .join(crate::render::links::Linker::file_for(&p.print_path()));
        let target = out_dir.join(pdf_name(p));
        let partial = out_dir.join(format!(".{}.partial", pdf_name(p)));
        let fail = |detail: String| {
            Diagnostic::global(
                Severity::Error,
                Problem::BrowserFailed {
                    page: p.source.content_path.clone(),
                    detail,
                },
            )
        };
        browser::print_to_pdf(&browser, &browser::file_url(&html), &partial, PRINT_TIMEOUT)
            .map_err(|e| {
                let _ = std::fs::remove_file(&partial);
                fail(match e {
                    browser::RunError::Spawn(e) => e.to_string(),
                    browser::RunError::Timeout => "timeout".into(),
                    browser::RunError::Failed(tail) => tail,
                })
            })?;
        std::fs::rename(&partial, &target).map_err(|e| fail(e.to_string()))?;
        Ok(target)
    };
    let results: Vec<Result<PathBuf, Diagnostic>> = match pool {
        Ok(pool) => pool.install(|| wanted.par_iter().map(print_one).collect()),
        Err(_) => wanted.iter().map(print_one).collect(),
    };
    let mut report = PdfReport::default();
    for r in results {
        match r {
            Ok(f) => report.files.push(f),
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    report.diagnostics = diags;
    Ok(report)
}

/// The PDF folder: `--out` or `<root>/pdf`, never inside the website output.
fn out_dir(opts: &PdfOptions, project: &Project) -> Result<PathBuf, Diagnostic> {
    out_folder(&opts.root, opts.out.as_ref(), "pdf", project)
        .map_err(|path| Diagnostic::global(Severity::Error, Problem::PdfIntoWebsite { path }))
}

/// Renders the chosen print pages, the print assets and the images they use into `dir`, and
/// returns the problems found (nothing is committed when one is an error).
fn render_print_site(project: &Project, wanted: &[usize], dir: &Path) -> Vec<Diagnostic> {
    // Without a theme the project's diagnostics hold its errors, and `run` stopped before.
    let Some((theme, templates)) = project.theme() else {
        return Vec::new();
    };
    let staging = match Staging::new(dir, false) {
        Ok(s) => s,
        Err(e) => return vec![Diagnostic::io(dir, &e)],
    };
    let output = Output::new(staging);
    let sink = Collector::default();
    for (name, bytes) in &theme.assets {
        if name.starts_with("print") {
            output.write(&format!("assets/{name}"), bytes, &sink);
        }
    }
    let renderer = Print {
        scope: Scope::Pages(wanted.iter().copied().collect()),
    };
    let mut diags = with_print_input(project, wanted, templates, |input| {
        input.images.write(&output, &sink);
        renderer.render(input, &output)
    });
    diags.extend(sink.into_inner());
    if diags.iter().any(Diagnostic::is_error) {
        return diags;
    }
    let written = output.take_written();
    if let Err(e) = output.commit(&written) {
        diags.push(Diagnostic::io(dir, &e));
    }
    diags
}

/// Runs `f` with the input of the printable pages `wanted`: the image step has processed the
/// photos of those pages and of the articles their briefings include, as for the website
/// (upright, without metadata: neither a PDF nor a Word file may carry GPS). Returns what `f`
/// returned after the image step's problems.
pub(crate) fn with_print_input(
    project: &Project,
    wanted: &[usize],
    templates: &crate::render::templates::Templates,
    f: impl FnOnce(&RenderInput) -> Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let site = project.site();
    // Images of the printed pages and of the articles their briefings include, processed as
    // for the website (upright, without metadata: a PDF must not carry GPS either).
    let mut pages: HashSet<&str> = HashSet::new();
    for &i in wanted {
        pages.insert(&site.pages[i].source.content_path);
        for j in site.briefing_items(&site.pages[i]) {
            pages.insert(&site.pages[j].source.content_path);
        }
    }
    let mut rendered = project.rendered().to_vec();
    let (images, image_diags) = crate::pipeline::prepare_images(
        project.root(),
        site,
        &mut rendered,
        project.static_files(),
        &crate::images::Selection {
            pages: &|p| p.included && pages.contains(p.source.content_path.as_str()),
            all_static: false,
            prune: false,
            progress: false,
        },
    );
    let mut diags = image_diags;
    let input = RenderInput {
        only: None,
        selection: None,
        site,
        rendered: &rendered,
        templates,
        site_view: pipeline::site_view(&site.config),
        portable: true,
        not_found_root: None,
        drafts: false,
        today: Date::today(),
        search_path: None,
        images: &images.set,
        stop: None,
    };
    diags.extend(f(&input));
    diags
}

/// A private temporary folder for the print site, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Result<Scratch, Diagnostics> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir =
            std::env::temp_dir().join(format!("tongxin-print-{}-{nanos}", std::process::id()));
        match std::fs::create_dir_all(&dir) {
            Ok(()) => Ok(Scratch(dir.join("site"))),
            Err(e) => {
                let mut d = Diagnostics::default();
                d.push(Diagnostic::io(&dir, &e));
                Err(d)
            }
        }
    }

    fn dir(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Some(parent) = self.0.parent() {
            let _ = std::fs::remove_dir_all(parent);
        }
    }
}

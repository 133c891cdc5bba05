//! The build driver: load → model → Markdown → checks → images → render → write, one way for
//! every command. It reports every error it can find, and only swaps the new output into place
//! when there are none.
//!
//! * `project.rs` holds `Project`, the loaded site with what is known about each page: the
//!   one loader of `build`, `check`, `pdf` and `serve` (`Project::load`) and `serve`'s
//!   incremental update (`Project::update`, driven by `Changes` from `changes.rs`).
//! * `load.rs` reads the settings, content files, `static/` and the theme; `markdown.rs`
//!   renders the pages' Markdown; `checks.rs` holds the checks across pages (files, anchors,
//!   site paths); `versions.rs` what only `serve` compares between rebuilds.
//! * `render.rs` holds `RenderJob`: the image step, assets, every channel of
//!   `crate::channels::website()` and the site-path check, into any `Output`.
//! * `output_dir.rs` decides where `build` may write.
//! * `wechat.rs` runs the 公众号 export for `tongxin wechat` and `serve`'s `/__wechat/` preview.
//!
//! A new step of the build goes into `Project` (loading and checking) or `RenderJob`
//! (rendering), and every command gets it.

mod changes;
mod checks;
mod load;
mod markdown;
mod output_dir;
mod project;
mod render;
mod versions;
pub(crate) mod wechat;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::write::{Output, Staging};

pub(crate) use changes::Changes;
pub(crate) use load::load_model;
pub(crate) use project::Project;
pub(crate) use render::{Fingerprints, Incremental, Plan, RenderJob, prepare_images, site_view};

/// Options of `tongxin build`, and how any command loads a site (see `Project::load`).
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Site folder.
    pub root: PathBuf,
    /// Include drafts.
    pub drafts: bool,
    /// Override `portable`.
    pub portable: Option<bool>,
    /// Override the output folder.
    pub output: Option<PathBuf>,
    /// Override `base_url`.
    pub base_url: Option<String>,
    /// Show a progress bar on long work.
    pub progress: bool,
    /// Render everything but write nothing (`check`).
    pub dry_run: bool,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    /// Pages on the website.
    pub pages: usize,
    /// Files written.
    pub files: usize,
    /// Where.
    pub output: PathBuf,
    /// Warnings.
    pub diagnostics: Diagnostics,
    /// Wall time.
    pub elapsed: Duration,
    /// What the image step did (nothing decoded on an unchanged rebuild).
    pub images: crate::images::ImageStats,
}

/// Runs a full build. On success the new site is in place; on failure the old one is untouched
/// and every diagnostic is returned.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let start = Instant::now();
    publish(Project::load(opts), start)
}

/// Renders and writes a loaded site (the second half of [`build`]; `check` runs it with
/// [`BuildOptions::dry_run`] after its own lints). `start` is when loading began, for the
/// report and the phase timings.
pub fn publish(mut project: Project, start: Instant) -> Result<BuildReport, Diagnostics> {
    let clock = crate::timing::Clock::since(start);
    clock.phase("load + model + markdown + lint");
    let opts = project.options().clone();
    let pages = project.site().pages.iter().filter(|p| p.published).count();
    let mut diags = project.take_diagnostics();
    let plan = Plan {
        prune: true,
        incremental: None,
        served_at_root: false,
        only: None,
        stop: None,
        release_sources: true,
    };
    let (job, image_diags) = RenderJob::prepare(&mut project, plan);
    diags.extend(image_diags);
    clock.phase("images");
    let config = &job.project().site().config;
    let out_dir = match if opts.drafts {
        output_dir::drafts_dir(&opts.root, config, opts.output.as_deref())
    } else {
        output_dir::output_dir(&opts.root, config, opts.output.as_deref())
    } {
        Ok(o) => Some(o),
        Err(d) => {
            diags.push(d);
            None
        }
    };
    let (Some(out_dir), true, false) = (out_dir, job.can_render(), diags.has_errors()) else {
        return Err(diags);
    };
    let output = if opts.dry_run {
        Output::dry()
    } else {
        match Staging::new(&out_dir, output_dir::is_private(&opts.root, &out_dir)) {
            Ok(s) => Output::new(s),
            Err(e) => {
                diags.push(Diagnostic::io(out_dir, &e));
                return Err(diags);
            }
        }
    };
    let (written, render_diags) = job.render(&output);
    diags.extend(render_diags);
    if diags.has_errors() {
        return Err(diags);
    }
    let files = written.len();
    clock.phase("link checks");
    let committed = output.commit(&written);
    clock.phase("commit");
    if let Err(e) = committed {
        diags.push(Diagnostic::io(out_dir, &e));
        return Err(diags);
    }
    Ok(BuildReport {
        pages,
        files,
        output: out_dir,
        diagnostics: diags,
        elapsed: start.elapsed(),
        images: job.image_stats(),
    })
}

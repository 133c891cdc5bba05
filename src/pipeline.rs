//! The build: load → model → render → write. Reports every error it can find, and only swaps the
//! new output into place when there are none.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, Location, Severity};
use crate::load::load_sources;
use crate::markdown::{self, LinkCheck, LinkRef, Rendered};
use crate::model::Site;
use crate::model::date::Date;
use crate::problem::Problem;
use crate::render::links::Linker;
use crate::render::links::link_resolver;
use crate::render::select::Selection;
use crate::render::views::SiteView;
use crate::render::{RenderInput, Templates};
use crate::theme::Theme;
use crate::write::Staging;
use crate::write::{Collector, Output};

/// Options of `tongxin build`.
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

/// A loaded and checked site, with its Markdown rendered: what `build`, `check` and `pdf` share.
pub struct Loaded {
    /// The model.
    pub site: Site,
    /// Rendered Markdown per page index.
    pub rendered: Vec<Option<Rendered>>,
    /// Static files (site paths).
    pub static_files: HashSet<String>,
    /// Site-path links to check once the output exists: (page, link).
    pub deferred_links: Vec<(usize, LinkRef)>,
    /// Everything found so far.
    pub diags: Vec<Diagnostic>,
}

/// Every file under `static/`, as site paths.
pub fn static_files(root: &Path) -> HashSet<String> {
    let dir = root.join("static");
    walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            e.path()
                .strip_prefix(&dir)
                .ok()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
        })
        .collect()
}

fn bar(enabled: bool, len: usize, msg: &'static str) -> ProgressBar {
    if !enabled || len < 500 {
        return ProgressBar::hidden();
    }
    let b = ProgressBar::new(len as u64);
    if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len}") {
        b.set_style(style.progress_chars("=> "));
    }
    b.set_message(msg);
    b
}

/// Loads config and content into the model, without rendering anything (for commands that only
/// need to know what the site contains, such as `new briefing --month`).
pub fn load_model(
    root: &Path,
    drafts: bool,
    portable_override: Option<bool>,
) -> (Site, Vec<Diagnostic>) {
    let (mut config, mut diags) = Config::load(root);
    if let Some(p) = portable_override {
        config.portable = p;
    }
    let (sources, load_diags) = load_sources(root);
    diags.extend(load_diags);
    let (site, site_diags) = Site::assemble(root, config, sources, drafts);
    diags.extend(site_diags);
    (site, diags)
}

/// Loads config and content, builds the model and renders all Markdown.
pub fn load(root: &Path, drafts: bool, portable_override: Option<bool>, progress: bool) -> Loaded {
    let (site, mut diags) = load_model(root, drafts, portable_override);
    if site.config.unsafe_html {
        diags.push(Diagnostic::warning(
            Problem::UnsafeHtmlKept,
            Location::file_only("config.yaml"),
        ));
    }
    let static_files = static_files(root);
    let which: Vec<usize> = (0..site.pages.len())
        .filter(|&i| site.pages[i].included)
        .collect();
    let mut rendered: Vec<Option<Rendered>> = vec![None; site.pages.len()];
    for (i, r, d) in render_markdown(&site, &static_files, &which, progress) {
        rendered[i] = Some(r);
        diags.extend(d);
    }
    diags.extend(check_files(&site, &static_files));
    // Personal and military information blocks publication (SPEC §9), in the source and in
    // what readers see once rendered.
    diags.extend(crate::check::site::privacy(&site, &rendered));
    // Every other published file too: static/, bundle files, attachments.
    diags.extend(crate::check::files::published(&site, &static_files));
    let (anchor_diags, deferred_links) = check_anchors(&site, &rendered);
    diags.extend(anchor_diags);
    Loaded {
        site,
        rendered,
        static_files,
        deferred_links,
        diags,
    }
}

/// Renders the Markdown of the pages `which` (indices), in parallel: each with the problems
/// found in its links.
pub fn render_markdown(
    site: &Site,
    static_files: &HashSet<String>,
    which: &[usize],
    progress: bool,
) -> Vec<(usize, Rendered, Vec<Diagnostic>)> {
    let linker = Linker {
        portable: site.config.portable,
    };
    let pb = bar(progress, which.len(), "Markdown");
    let out = which
        .par_iter()
        .map(|&i| {
            pb.inc(1);
            let p = &site.pages[i];
            let resolve = link_resolver(site, p, linker, static_files);
            let mut r = markdown::render(p.body(), site.config.unsafe_html, &resolve);
            let mut d: Vec<Diagnostic> = std::mem::take(&mut r.problems)
                .into_iter()
                .map(|(problem, range)| Diagnostic::error(problem, p.location(&range)))
                .collect();
            d.extend(
                std::mem::take(&mut r.warnings)
                    .into_iter()
                    .map(|(problem, range)| Diagnostic::warning(problem, p.location(&range))),
            );
            (i, r, d)
        })
        .collect();
    pb.finish_and_clear();
    out
}

/// True when a link of the page `i` would resolve differently now than when `r` was rendered
/// (a page it links to came, went or moved), so its Markdown must be rendered again.
pub fn links_moved(site: &Site, static_files: &HashSet<String>, i: usize, r: &Rendered) -> bool {
    let linker = Linker {
        portable: site.config.portable,
    };
    let resolve = link_resolver(site, &site.pages[i], linker, static_files);
    r.resolutions
        .iter()
        .any(|((url, is_image), action)| resolve(url, *is_image) != *action)
}

/// Covers, photos and attachments must be files that get published with the page.
pub fn check_files(site: &Site, static_files: &HashSet<String>) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for p in site.pages.iter().filter(|p| p.included) {
        let mut refs: Vec<(&str, std::ops::Range<usize>)> = Vec::new();
        if let Some((c, span)) = &p.meta.cover {
            refs.push((c, span.clone()));
        }
        if let Some((ph, span)) = p.profile.as_ref().and_then(|pr| pr.photo.as_ref()) {
            refs.push((ph, span.clone()));
        }
        for a in p.document.iter().flat_map(|d| &d.attachments) {
            refs.push((&a.file, a.span.clone()));
        }
        for (written, span) in refs {
            if !p.has_file(written, static_files) {
                diags.push(Diagnostic::error(
                    Problem::MissingFile {
                        target: written.to_string(),
                    },
                    Location::from_offsets(p.file(), &p.source.text, span),
                ));
            }
        }
    }
    diags
}

/// Anchors must name a heading (or raw-HTML id) of the page they point into. Site paths wait
/// for the output: they are returned, with the page that links, for [`check_site_paths`].
pub fn check_anchors(
    site: &Site,
    rendered: &[Option<Rendered>],
) -> (Vec<Diagnostic>, Vec<(usize, LinkRef)>) {
    let mut diags = Vec::new();
    let mut deferred_links = Vec::new();
    for (i, r) in rendered.iter().enumerate() {
        let Some(r) = r else { continue };
        let p = &site.pages[i];
        for link in &r.checks {
            match &link.check {
                LinkCheck::SitePath(_) => deferred_links.push((i, link.clone())),
                LinkCheck::External => {}
                LinkCheck::Anchor { target, fragment } => {
                    let target = site
                        .by_content_path
                        .get(target)
                        .and_then(|&t| rendered.get(t))
                        .and_then(Option::as_ref);
                    if target.is_some_and(|t| t.has_anchor(fragment)) {
                        continue;
                    }
                    diags.push(Diagnostic::error(
                        Problem::BrokenAnchor {
                            target: link.written.clone(),
                            known: target.map(|t| t.ids.clone()).unwrap_or_default(),
                        },
                        p.location(&link.span),
                    ));
                }
            }
        }
    }
    (diags, deferred_links)
}

/// Removes `.` and folds `..` lexically, so that paths can be compared without existing.
fn lexical(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// The drafts preview folder (see [`crate::layout::DRAFTS_DIR`]): an error with `--output`, or when the
/// configured publishing folder would contain the preview.
fn drafts_dir(
    root: &Path,
    config: &Config,
    override_: Option<&Path>,
) -> Result<PathBuf, Diagnostic> {
    if let Some(o) = override_ {
        return Err(Diagnostic::global(
            Severity::Error,
            Problem::DraftsOutput {
                path: o.to_path_buf(),
            },
        ));
    }
    let abs_root = lexical(&root.canonicalize().unwrap_or_else(|_| root.to_path_buf()));
    let drafts = abs_root.join(crate::layout::DRAFTS_DIR);
    let published = lexical(&abs_root.join(&config.output));
    // Either way round: the preview inside the published folder, or a preview build replacing
    // a published folder that sits inside it.
    if drafts.starts_with(&published) || published.starts_with(&drafts) {
        return Err(Diagnostic::global(
            Severity::Error,
            Problem::DraftsOutput {
                path: PathBuf::from(&config.output),
            },
        ));
    }
    Ok(root.join(crate::layout::DRAFTS_DIR))
}

/// Where the output goes, refusing folders that must never be replaced.
fn output_dir(
    root: &Path,
    config: &Config,
    override_: Option<&Path>,
) -> Result<PathBuf, Diagnostic> {
    let out = match override_ {
        Some(o) if o.is_absolute() => o.to_path_buf(),
        Some(o) => std::env::current_dir()
            .map(|d| d.join(o))
            .unwrap_or_else(|_| o.to_path_buf()),
        None => root.join(&config.output),
    };
    let abs_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let abs_out = match (
        out.parent().and_then(|p| p.canonicalize().ok()),
        out.file_name(),
    ) {
        (Some(p), Some(n)) => p.join(n),
        _ => out.clone(),
    };
    let forbidden = [
        "content",
        "static",
        "themes",
        "templates",
        "data",
        "src",
        ".git",
    ]
    .map(|d| abs_root.join(d));
    if abs_out == abs_root
        || abs_root.starts_with(&abs_out)
        || forbidden.iter().any(|f| abs_out.starts_with(f))
        || out.file_name().is_none()
    {
        return Err(Diagnostic::global(
            Severity::Error,
            Problem::BadOutput {
                path: out,
                reason: crate::problem::OutputProblem::OverwritesSite,
            },
        ));
    }
    Ok(out)
}

/// Runs a full build. On success the new site is in place; on failure the old one is untouched
/// and every diagnostic is returned.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let start = Instant::now();
    let loaded = load(&opts.root, opts.drafts, opts.portable, opts.progress);
    publish(opts, loaded, start)
}

/// The theme of the site and its compiled templates; problems go to `diags`.
pub fn theme_and_templates(
    root: &Path,
    cfg: &Config,
    diags: &mut Diagnostics,
) -> Option<(Theme, Templates)> {
    let (theme, theme_diags) = Theme::load(root, &cfg.theme);
    diags.extend(theme_diags);
    let templates = match theme.as_ref().map(Templates::new) {
        Some(Ok(t)) => Some(t),
        Some(Err(errs)) => {
            diags.extend(errs);
            None
        }
        None => None,
    };
    let templates = templates?;
    Some((theme?, templates))
}

/// The image step (see [`crate::images::prepare`]), then the pages' Markdown images turned
/// into `<picture>` markup of the processed files.
pub fn prepare_images(
    root: &Path,
    site: &Site,
    rendered: &mut [Option<Rendered>],
    static_files: &HashSet<String>,
    selection: &crate::images::Selection,
) -> (crate::images::Prepared, Vec<Diagnostic>) {
    let (prepared, diags) = crate::images::prepare(root, site, rendered, static_files, selection);
    crate::render::picture::expand_all(site, rendered, &prepared.set, selection.pages);
    (prepared, diags)
}

/// Site settings as templates see them.
pub fn site_view(cfg: &Config) -> SiteView {
    SiteView {
        title: cfg.title.clone(),
        description: cfg.description.clone(),
        language: cfg.language.clone(),
        organization: cfg.organization.clone().filter(|s| !s.trim().is_empty()),
        contact: cfg.contact.clone().filter(|s| !s.trim().is_empty()),
        site_id_code: cfg.site_id_code.clone().filter(|s| !s.trim().is_empty()),
        icp: cfg.icp.clone().filter(|s| !s.trim().is_empty()),
        police_record: cfg.police_record.clone().filter(|s| !s.trim().is_empty()),
        domain: cfg.base_url().and_then(|b| {
            b.split("://")
                .nth(1)
                .map(|r| r.split('/').next().unwrap_or("").to_string())
        }),
    }
}

/// Renders and writes an already loaded site (the second half of [`build`]); `start` is when
/// loading began, for the report and the phase timings.
pub fn publish(
    opts: &BuildOptions,
    mut loaded: Loaded,
    start: Instant,
) -> Result<BuildReport, Diagnostics> {
    let clock = crate::timing::Clock::since(start);
    clock.phase("load + model + markdown + lint");
    if let Some(b) = &opts.base_url {
        loaded.site.config.base_url = Some(b.clone());
    }
    let mut diags = Diagnostics::default();
    diags.extend(std::mem::take(&mut loaded.diags));
    // Photos of the published pages and static/, through the cache (see crate::images).
    let (images, image_diags) = crate::pipeline::prepare_images(
        &opts.root,
        &loaded.site,
        &mut loaded.rendered,
        &loaded.static_files,
        &crate::images::Selection {
            pages: &|p| p.published,
            all_static: true,
            prune: true,
            progress: opts.progress,
        },
    );
    diags.extend(image_diags);
    clock.phase("images");
    let theme_and_templates = theme_and_templates(&opts.root, &loaded.site.config, &mut diags);
    let out_dir = match if opts.drafts {
        drafts_dir(&opts.root, &loaded.site.config, opts.output.as_deref())
    } else {
        output_dir(&opts.root, &loaded.site.config, opts.output.as_deref())
    } {
        Ok(o) => Some(o),
        Err(d) => {
            diags.push(d);
            None
        }
    };
    let (Some((theme, templates)), Some(out_dir), false) =
        (theme_and_templates, out_dir, diags.has_errors())
    else {
        return Err(diags);
    };
    // The previous output is kept for reuse only inside the site folder, never in a web root.
    let private = match (
        opts.root.canonicalize(),
        out_dir.parent().map(Path::canonicalize),
    ) {
        (Ok(root), Some(Ok(parent))) => parent.starts_with(root),
        _ => false,
    };
    let output = if opts.dry_run {
        Output::dry()
    } else {
        match Staging::new(&out_dir, private) {
            Ok(s) => Output::new(s),
            Err(e) => {
                diags.push(Diagnostic::io(out_dir, &e));
                return Err(diags);
            }
        }
    };
    let job = RenderJob {
        root: &opts.root,
        drafts: opts.drafts,
        loaded: &loaded,
        theme: &theme,
        templates: &templates,
        selection: None,
        images: &images.set,
    };
    diags.extend(job.assets(&output));
    clock.phase("assets + static + bundles");
    diags.extend(job.pages(&output, false));
    clock.phase("html + feeds + print + search");
    let written = output.written();
    diags.extend(job.site_paths(&written));
    if diags.has_errors() {
        return Err(diags);
    }
    let files = output.count();
    clock.phase("link checks");
    let committed = output.commit(&written);
    clock.phase("commit");
    if let Err(e) = committed {
        diags.push(Diagnostic::io(out_dir, &e));
        return Err(diags);
    }
    Ok(BuildReport {
        pages: loaded.site.pages.iter().filter(|p| p.published).count(),
        files,
        output: out_dir,
        diagnostics: diags,
        elapsed: start.elapsed(),
        images: images.stats,
    })
}

/// The rendering half of a build, shared by `build` and `serve`.
pub struct RenderJob<'a> {
    /// Site folder.
    pub root: &'a Path,
    /// `--drafts`.
    pub drafts: bool,
    /// The loaded site.
    pub loaded: &'a Loaded,
    /// Its theme.
    pub theme: &'a Theme,
    /// The theme's templates.
    pub templates: &'a Templates,
    /// Which outputs to render (`serve`); None renders all.
    pub selection: Option<&'a Selection>,
    /// Processed images.
    pub images: &'a crate::images::ImageSet,
}

impl RenderJob<'_> {
    fn input(&self) -> RenderInput<'_> {
        let site = &self.loaded.site;
        RenderInput {
            site,
            rendered: &self.loaded.rendered,
            templates: self.templates,
            site_view: site_view(&site.config),
            portable: site.config.portable,
            drafts: self.drafts,
            today: Date::today(),
            static_files: &self.loaded.static_files,
            search_path: self
                .templates
                .has("search.html")
                .then(|| crate::channels::search::SEARCH_PATH.to_string()),
            selection: self.selection,
            images: self.images,
        }
    }

    /// Theme assets, static files, the files of published bundles and processed images;
    /// returns the failures.
    pub fn assets(&self, output: &Output) -> Vec<Diagnostic> {
        let sink = Collector::default();
        for (name, bytes) in &self.theme.assets {
            output.write(&format!("assets/{name}"), bytes, &sink);
        }
        if self.loaded.rendered.iter().flatten().any(|r| r.has_code) {
            output.write(
                "assets/highlight.css",
                crate::markdown::highlight::CSS.as_bytes(),
                &sink,
            );
        }
        let static_dir = self.root.join("static");
        self.loaded
            .static_files
            .par_iter()
            .filter(|f| !crate::images::is_image_file(f))
            .for_each(|f| output.copy(&static_dir.join(f), f, &sink));
        let site = &self.loaded.site;
        site.pages.par_iter().filter(|p| p.published).for_each(|p| {
            if let Some(b) = &p.source.bundle {
                for a in b.assets.iter().filter(|a| !crate::images::is_image_file(a)) {
                    output.copy(&b.dir.join(a), &format!("{}{a}", p.path), &sink);
                }
            }
        });
        // Images: only their processed copies.
        self.images.write(output, &sink);
        sink.into_inner()
    }

    /// Every channel of the website (see [`crate::channels::website`]). With `defer`, the
    /// channels that can wait ([`Channel::deferred`]) are left out, for [`RenderJob::deferred`].
    pub fn pages(&self, output: &Output, defer: bool) -> Vec<Diagnostic> {
        let input = self.input();
        let mut diags = Vec::new();
        let clock = crate::timing::Clock::start();
        for channel in crate::channels::website() {
            if defer && channel.deferrable() {
                continue;
            }
            diags.extend(channel.render(&input, output));
            clock.phase(channel.name());
        }
        diags
    }

    /// The work the deferrable channels left (see [`RenderJob::pages`]).
    pub fn deferred(&self) -> Vec<crate::channels::Deferred> {
        let input = self.input();
        crate::channels::website()
            .into_iter()
            .filter_map(|c| c.deferred(&input))
            .collect()
    }

    /// Site-path links in Markdown must point at something the build produced (`written`).
    pub fn site_paths(&self, written: &HashSet<String>) -> Vec<Diagnostic> {
        let site = &self.loaded.site;
        let mut diags = Vec::new();
        for (i, link) in &self.loaded.deferred_links {
            let p = &site.pages[*i];
            let LinkCheck::SitePath(path) = &link.check else {
                continue;
            };
            let exists = written.contains(path)
                || written.contains(&Linker::file_for(path))
                || written.contains(&format!("{path}/index.html"));
            if !exists && p.published {
                diags.push(Diagnostic::error(
                    Problem::MissingSitePath {
                        target: link.written.clone(),
                    },
                    p.location(&link.span),
                ));
            }
        }
        diags
    }
}

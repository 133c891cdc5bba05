//! Rendering a loaded [`Project`] into an [`Output`], the same way for `build`, `check` and
//! `serve`: the image step (photos through the cache, then `<picture>` markup in the pages'
//! Markdown), theme assets, static and bundle files, every channel of
//! [`crate::channels::website()`], and the check that site-path links point at something
//! produced. `serve` adds an [`Incremental`] plan: only the outputs whose fingerprint changed
//! are rendered (see [`crate::render::select`]), and the slow channels' work is deferred.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use rayon::prelude::*;

use crate::channels::Deferred;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::images::{ImageSet, ImageStats};
use crate::markdown::Rendered;
use crate::model::Site;
use crate::model::date::Date;
use crate::render::RenderInput;
use crate::render::links::url_path;
use crate::render::select::Selection;
use crate::render::views::SiteView;
use crate::timing::Clock;
use crate::write::{Collector, Output};

use super::Project;
use super::checks::check_site_paths;
use super::versions::hash_of;

/// What the outputs of the last served build were made from: what they all depended on, and
/// each one's fingerprint. `serve` keeps it between rebuilds and lends it to the next one.
#[derive(Debug, Default)]
pub struct Fingerprints {
    global: Option<u64>,
    outputs: HashMap<String, u64>,
}

/// How `serve` renders: only what changed since its last served build.
#[derive(Debug, Default)]
pub struct Incremental {
    /// The fingerprints of the last served build.
    pub fingerprints: Fingerprints,
    /// Files that deferred work of an earlier build wrote (the search index): kept as they are
    /// until new deferred work replaces them.
    pub keep: Vec<String>,
}

/// How a render goes.
#[derive(Debug, Default)]
pub struct Plan {
    /// Remove the image-cache entries this run did not use (right for a run over the whole site
    /// that publishes it: `build`, `check`).
    pub prune: bool,
    /// `serve`'s way; None renders everything.
    pub incremental: Option<Incremental>,
    /// The output is served at `/` whatever `base_url` says (`serve`), so the 404 page links
    /// from there; otherwise from the path of `base_url` (see `RenderInput::not_found_root`).
    pub served_at_root: bool,
    /// Render only the outputs at these site paths, for [`RenderJob::render_selected`].
    pub only: Option<HashSet<String>>,
    /// Calls the render off when set (see [`RenderJob::stopped`]): `serve` sets it when a
    /// newer change makes the whole render pointless.
    pub stop: Option<Arc<AtomicBool>>,
    /// Let go of the pages' source texts once the image step is done (see
    /// `Project::release_sources`): right for a run that renders once and ends (`build`).
    pub release_sources: bool,
}

/// What an incremental render carries.
struct Pass {
    selection: Selection,
    global: u64,
    previous_global: Option<u64>,
    deferred_key: u64,
    keep: Vec<String>,
}

/// A project with its images prepared, ready to render into an output.
pub struct RenderJob<'a> {
    project: &'a Project,
    images: ImageSet,
    stats: ImageStats,
    pass: Option<Pass>,
    served_at_root: bool,
    only: Option<HashSet<String>>,
    stop: Option<Arc<AtomicBool>>,
}

impl<'a> RenderJob<'a> {
    /// Prepares the rendering of `project`: for an incremental plan, the page versions and the
    /// selection of outputs; then the image step (the published pages' photos and every image
    /// under `static/`, through the cache), whose markup goes into the rendered Markdown.
    /// Returns the job and the image step's problems.
    pub fn prepare(project: &'a mut Project, plan: Plan) -> (RenderJob<'a>, Vec<Diagnostic>) {
        let clock = Clock::start();
        let pass = plan.incremental.map(|inc| {
            let global = project.global_hash();
            let previous_global = inc.fingerprints.global;
            let (versions, edited) = project.versions(global, previous_global);
            let deferred_key = hash_of((global, &versions));
            let selection = Selection::new(global, versions, inc.fingerprints.outputs);
            let selection = match edited {
                Some(e) => selection.structure_kept(&e),
                None => selection,
            };
            Pass {
                selection,
                global,
                previous_global,
                deferred_key,
                keep: inc.keep,
            }
        });
        clock.phase("versions");
        let (prepared, image_diags) = prepare_images(
            &project.opts.root,
            &project.site,
            &mut project.rendered,
            &project.static_files,
            &crate::images::Selection {
                pages: &|p| p.published,
                all_static: true,
                prune: plan.prune,
                progress: project.opts.progress,
            },
        );
        clock.phase("images");
        if plan.release_sources {
            project.release_sources();
        }
        let job = RenderJob {
            project,
            images: prepared.set,
            stats: prepared.stats,
            pass,
            served_at_root: plan.served_at_root,
            only: plan.only,
            stop: plan.stop,
        };
        (job, image_diags)
    }

    /// The project being rendered.
    pub fn project(&self) -> &'a Project {
        self.project
    }

    /// What the image step did.
    pub fn image_stats(&self) -> ImageStats {
        self.stats
    }

    /// True when the site can be rendered: its theme and templates loaded (when they did not,
    /// the project's diagnostics say why).
    pub fn can_render(&self) -> bool {
        self.project.theme.is_some()
    }

    /// Renders into `output`: theme assets, static files, the files of published bundles and
    /// processed images, then every channel of the website (with an incremental plan, the
    /// deferrable ones are left for [`RenderJob::deferred`]), then checks that site-path links
    /// in Markdown point at something produced. Returns every output path produced (written
    /// or kept) and the problems found.
    pub fn render(&self, output: &Output) -> (HashSet<String>, Vec<Diagnostic>) {
        let Some((theme, templates)) = &self.project.theme else {
            // Not renderable: the project's diagnostics hold the theme's errors.
            return (HashSet::new(), Vec::new());
        };
        let mut diags = Vec::new();
        let clock = Clock::start();
        diags.extend(self.assets(theme, output));
        clock.phase("assets + static + bundles");
        let input = self.input(templates);
        // The channels render at the same time: each is parallel inside, but each also has
        // steps that run on one core (the search index's shards), which the others fill.
        let channels: Vec<_> = crate::channels::website()
            .into_iter()
            .filter(|c| self.pass.is_none() || !c.deferrable())
            .collect();
        let rendered: Vec<Vec<Diagnostic>> = channels
            .par_iter()
            .map(|channel| {
                let d = channel.render(&input, output);
                clock.phase(channel.name());
                d
            })
            .collect();
        diags.extend(rendered.into_iter().flatten());
        if self.stopped() {
            // Thrown away by the caller: the rest would be wasted.
            return (HashSet::new(), diags);
        }
        if let Some(pass) = &self.pass
            && self.defers()
        {
            // Until deferred work replaces them, the files it wrote stay (and links to them
            // are valid).
            for f in &pass.keep {
                output.keep(f);
            }
        }
        let written = output.take_written();
        diags.extend(check_site_paths(
            &self.project.site,
            &self.project.deferred_links,
            &written,
        ));
        clock.phase("site paths");
        (written, diags)
    }

    /// Renders only the outputs at the plan's `only` site paths, of the channels that can (the
    /// website's pages): `serve` shows the pages open in a browser (after a template change)
    /// or the edited pages (after an edit) this way before it renders the rest. Nothing else
    /// is copied, kept or checked. Returns the errors.
    pub fn render_selected(&self, output: &Output) -> Vec<Diagnostic> {
        let Some((_, templates)) = &self.project.theme else {
            return Vec::new();
        };
        let input = self.input(templates);
        crate::channels::website()
            .into_iter()
            .filter(|c| c.renders_selected())
            .flat_map(|c| c.render(&input, output))
            .collect()
    }

    /// True when the render was called off (the plan's `stop` was set): what it produced is
    /// incomplete and must not be served.
    pub fn stopped(&self) -> bool {
        crate::render::called_off(self.stop.as_deref())
    }

    /// True when a deferrable channel has work on this site (the search index, when the theme
    /// has a search page). With an incremental plan, [`RenderJob::render`] leaves that work for
    /// [`RenderJob::deferred`].
    pub fn defers(&self) -> bool {
        self.search_path().is_some()
    }

    /// Identifies what the deferred work is made of (the settings, the theme, the date and
    /// every page's version); None without an incremental plan. Equal keys, equal work.
    pub fn deferred_key(&self) -> Option<u64> {
        self.pass.as_ref().map(|p| p.deferred_key)
    }

    /// The work the deferrable channels left (see [`RenderJob::render`]), to run on another
    /// thread.
    pub fn deferred(&self) -> Vec<Deferred> {
        let Some((_, templates)) = &self.project.theme else {
            return Vec::new();
        };
        let input = self.input(templates);
        crate::channels::website()
            .into_iter()
            .filter_map(|c| c.deferred(&input))
            .collect()
    }

    /// The fingerprints for the next incremental render: this render's when its output is
    /// being served (`served`), else those of the last served build, unchanged. Default
    /// without an incremental plan.
    pub fn into_fingerprints(self, served: bool) -> Fingerprints {
        match self.pass {
            Some(p) if served => Fingerprints {
                global: Some(p.global),
                outputs: p.selection.into_fingerprints(),
            },
            Some(p) => Fingerprints {
                global: p.previous_global,
                outputs: p.selection.into_previous(),
            },
            None => Fingerprints::default(),
        }
    }

    /// Site path of the search page, when the theme has one.
    fn search_path(&self) -> Option<String> {
        let (_, templates) = self.project.theme.as_ref()?;
        templates
            .has("search.html")
            .then(|| crate::channels::search::SEARCH_PATH.to_string())
    }

    fn input<'s>(&'s self, templates: &'s crate::render::Templates) -> RenderInput<'s> {
        let site = &self.project.site;
        RenderInput {
            site,
            rendered: &self.project.rendered,
            templates,
            site_view: site_view(&site.config),
            portable: site.config.portable,
            not_found_root: if self.served_at_root {
                Some("/".to_string())
            } else if site.config.portable {
                None
            } else {
                // Without base_url, the server's root: where most sites are served.
                Some(
                    site.config
                        .base_url()
                        .map_or_else(|| "/".to_string(), |b| url_path(&b)),
                )
            },
            drafts: self.project.options().drafts,
            today: Date::today(),
            search_path: self.search_path(),
            selection: self.pass.as_ref().map(|p| &p.selection),
            only: self.only.as_ref(),
            images: &self.images,
            stop: self.stop.as_deref(),
        }
    }

    /// Theme assets, static files, the files of published bundles and processed images;
    /// returns the failures.
    fn assets(
        &self,
        theme: &crate::theme::Theme,
        output: &Output,
    ) -> Vec<crate::diagnostic::Diagnostic> {
        let project = self.project;
        let sink = Collector::default();
        for (name, bytes) in &theme.assets {
            output.write(&format!("assets/{name}"), bytes, &sink);
        }
        if project.rendered.iter().flatten().any(|r| r.has_code) {
            output.write(
                "assets/highlight.css",
                crate::markdown::highlight::CSS.as_bytes(),
                &sink,
            );
        }
        let static_dir = project.root().join("static");
        project
            .static_files
            .par_iter()
            .filter(|f| !crate::images::is_image_file(f))
            .for_each(|f| output.copy(&static_dir.join(f), f, &sink));
        project
            .site
            .pages
            .par_iter()
            .filter(|p| p.published)
            .for_each(|p| {
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
}

/// The image step (see [`crate::images::prepare`]), then the pages' Markdown images turned
/// into `<picture>` markup of the processed files.
pub fn prepare_images(
    root: &std::path::Path,
    site: &Site,
    rendered: &mut [Option<Rendered>],
    static_files: &HashSet<String>,
    selection: &crate::images::Selection,
) -> (crate::images::Prepared, Vec<crate::diagnostic::Diagnostic>) {
    let (prepared, diags) = crate::images::prepare(root, site, rendered, static_files, selection);
    crate::render::picture::expand_all(site, rendered, &prepared.set, selection.pages);
    (prepared, diags)
}

/// The page of a 公安备案 (`渝公网安备 50022202000123号`) in the 全国互联网安全管理服务平台, which
/// government-site footers link the record to; None unless it holds exactly 14 digits.
fn police_record_href(record: &str) -> Option<String> {
    let digits: String = record.chars().filter(char::is_ascii_digit).collect();
    (digits.len() == 14)
        .then(|| format!("http://www.beian.gov.cn/portal/registerSystemInfo?recordcode={digits}"))
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
        police_record_href: cfg.police_record.as_deref().and_then(police_record_href),
        domain: cfg.base_url().and_then(|b| {
            b.split("://")
                .nth(1)
                .map(|r| r.split('/').next().unwrap_or("").to_string())
        }),
    }
}

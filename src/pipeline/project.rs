//! The loaded site and what is known about each of its pages: [`Project::load`] is how
//! `build`, `check`, `pdf` and `serve` load a site, and [`Project::update`] how `serve` keeps it
//! current after files change. (`new briefing --month` needs only the model: it uses the same
//! readers through [`super::load_model`].)
//!
//! A load reads the settings, every content file, `static/` and the theme, assembles the model,
//! renders the Markdown of every included page and runs the checks (privacy and secrecy, files,
//! anchors, published files). An update re-reads only the content files that changed, assembles
//! the model again (cheap: sorting and grouping), renders the Markdown of the pages that changed
//! or whose links now resolve differently, and runs the checks; an edit that keeps the site's
//! structure is applied in place without a new model. What only `serve` needs (page versions,
//! what links resolve against) is computed when it is first asked for, so a clean build pays
//! nothing for it (see `versions.rs`).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::check::privacy::Allow;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::Found;
use crate::markdown::Rendered;
use crate::model::Site;
use crate::model::date::Date;
use crate::model::page::Page;
use crate::render::Templates;
use crate::theme::Theme;
use crate::timing::Clock;

use super::BuildOptions;
use super::changes::Changes;
use super::checks::{SitePathLink, check_anchors, check_files};
use super::load::{ReadPages, read_pages, settings, static_files, theme_and_templates};
use super::markdown::{links_moved, render_markdown};
use super::versions::{hash_of, link_world, page_version, same_structure, theme_hash, versions};

/// What one page contributes that does not change until its file does.
#[derive(Debug, Default)]
struct PageState {
    /// Decoding warnings and front-matter problems.
    read: Vec<Diagnostic>,
    /// Link problems found while rendering its Markdown.
    markdown: Vec<Diagnostic>,
    /// Privacy and secrecy findings.
    privacy: Vec<Diagnostic>,
    /// True once `privacy` holds the findings of the page as it is now read and rendered.
    scanned: bool,
    /// Hash of the file, its path and flags, and its rendered Markdown (see [`page_version`]);
    /// zero until `serve` asks for it.
    version: u64,
}

/// A page with what is known about it and its rendered Markdown, while the model is rebuilt.
type Kept = (Page, PageState, Option<Rendered>);

/// A loaded site: the settings, the model, every included page's rendered Markdown, the files
/// under `static/`, the theme, and every problem found so far, page by page.
pub struct Project {
    /// How it was loaded (read again after a change of `config.yaml`).
    pub(super) opts: BuildOptions,
    /// The settings, with the overrides of `opts`.
    config: Config,
    /// Problems of the settings: `config.yaml` itself, `unsafe_html`, personal information in
    /// the text every page shows.
    settings_diags: Vec<Diagnostic>,
    /// Problems found walking `content/`.
    walk_diags: Vec<Diagnostic>,
    /// Files that gave no page (unreadable, no front matter …) and why.
    unread: Vec<Diagnostic>,
    /// The model.
    pub(super) site: Site,
    /// Rendered Markdown per page index (None for pages held back).
    pub(super) rendered: Vec<Option<Rendered>>,
    /// Files under `static/` (site paths).
    pub(super) static_files: HashSet<String>,
    /// Site-path links to check once the output exists.
    pub(super) deferred_links: Vec<SitePathLink>,
    /// Aligned with `site.pages`.
    pages: Vec<PageState>,
    /// Problems of the site as a whole (duplicate URLs, issue numbers, items, aliases,
    /// unpublishable files).
    site_diags: Vec<Diagnostic>,
    /// The checks across pages (files, anchors), as of the last change.
    checks: Vec<Diagnostic>,
    /// The theme and its templates; None when they could not be loaded (see `theme_diags`).
    pub(super) theme: Option<(Theme, Templates)>,
    /// Problems of the theme.
    theme_diags: Vec<Diagnostic>,
    /// Hash of the theme, once asked for.
    theme_hash: Option<u64>,
    /// Hash of what links resolve against (see [`link_world`]), once an update needed it.
    link_world: Option<u64>,
    /// Every page's version as the last served build saw it (see [`versions`]).
    served_versions: Vec<u64>,
    /// The versions of the build in progress, until it is served.
    unserved_versions: Option<Vec<u64>>,
    /// The pages edited in place since the last served build, when the structure is still the
    /// one that build had; None after a structural change, until a build is served.
    edited: Option<Vec<usize>>,
}

impl Project {
    /// Loads the site at `opts.root` (`build`, `check`, `pdf`, and `serve` at its start and
    /// after a change of the settings). Problems are kept, not returned: see
    /// [`Project::diagnostics`] and [`Project::take_diagnostics`].
    pub fn load(opts: &BuildOptions) -> Project {
        let root = opts.root.as_path();
        let mut clock = Clock::start();
        let (config, settings_diags) = settings(opts);
        clock.lap("settings");
        let (found, walk_diags) = crate::load::find(root);
        clock.lap("walk");
        let read = read_pages(root, found, &config, opts.drafts);
        clock.lap("read pages");
        let (theme, theme_diags) = theme_and_templates(root, &config);
        clock.lap("theme and templates");
        let mut project = Project {
            opts: opts.clone(),
            config,
            settings_diags,
            walk_diags,
            unread: Vec::new(),
            site: Site::from_pages(root, Config::default(), Vec::new()).0,
            rendered: Vec::new(),
            static_files: static_files(root),
            deferred_links: Vec::new(),
            pages: Vec::new(),
            site_diags: Vec::new(),
            checks: Vec::new(),
            theme,
            theme_diags,
            theme_hash: None,
            link_world: None,
            served_versions: Vec::new(),
            unserved_versions: None,
            edited: None,
        };
        project.assemble(fresh(read), Vec::new());
        // The settings every page shows (title, footer, menu …): a personal number there is
        // published on every page. They change only with config.yaml, which loads everything.
        let allow = Allow::new(&project.site.config.privacy.allow);
        let shown = crate::check::site::privacy_config(&project.site, &allow);
        project.settings_diags.extend(shown);
        project
    }

    /// Applies `changes` (`serve`): the settings or `data/` load everything again; otherwise
    /// only the theme, `static/` and the content files that changed are read again.
    pub fn update(&mut self, changes: &Changes) {
        if changes.config {
            *self = Project::load(&self.opts);
            return;
        }
        // What links resolved against before anything changed, for `assemble`.
        if self.link_world.is_none() {
            self.link_world = Some(link_world(&self.site, &self.static_files));
        }
        let root = self.opts.root.clone();
        if changes.templates {
            (self.theme, self.theme_diags) = theme_and_templates(&root, &self.config);
            self.theme_hash = None;
        }
        if !changes.statics.is_empty() {
            self.static_files = static_files(&root);
        } else if changes.content.is_empty() {
            // Only the theme changed: nothing of the model, the Markdown or the checks reads
            // it (the pages' outputs do, through the global hash, see `global_hash`).
            return;
        }
        if changes.content.is_empty() {
            let kept = self.take_pages();
            // No content file changed: those that gave no page still give none.
            let again = Fresh {
                pages: Vec::new(),
                unread: std::mem::take(&mut self.unread),
            };
            self.assemble(again, kept);
            return;
        }
        // Saving a page only changes that file: read it again without walking `content/`.
        // New, removed or renamed files, and bundle files, need the walk.
        let only_edits = self.all_pages(&changes.content);
        if only_edits
            && !changes.templates
            && changes.statics.is_empty()
            && self.edit_in_place(changes)
        {
            return;
        }
        if only_edits {
            let mut kept = Vec::new();
            let mut to_read = Vec::new();
            for k in self.take_pages() {
                if changes.content.contains(&k.0.source.abs) {
                    to_read.push(Found::again(&k.0.source));
                } else {
                    kept.push(k);
                }
            }
            let mut fresh = fresh(read_pages(&root, to_read, &self.config, self.opts.drafts));
            fresh.unread.extend(std::mem::take(&mut self.unread));
            self.assemble(fresh, kept);
            return;
        }
        let (found, walk_diags) = crate::load::find(&root);
        self.walk_diags = walk_diags;
        let mut old: HashMap<String, Kept> = self
            .take_pages()
            .into_iter()
            .map(|k| (k.0.source.content_path.clone(), k))
            .collect();
        let dirty = |f: &Found| {
            changes
                .content
                .iter()
                .any(|c| c == &f.abs || f.bundle.as_ref().is_some_and(|b| c.starts_with(&b.dir)))
        };
        let mut kept = Vec::new();
        let mut to_read = Vec::new();
        for f in found {
            match old.remove(&f.content_path) {
                Some(k)
                    if !dirty(&f) && k.0.source.bundle == f.bundle && k.0.source.abs == f.abs =>
                {
                    kept.push(k);
                }
                _ => to_read.push(f),
            }
        }
        let fresh = fresh(read_pages(&root, to_read, &self.config, self.opts.drafts));
        self.assemble(fresh, kept);
    }

    /// Every problem found loading the site, in the order they were found (a copy: the project
    /// keeps them for the next update).
    pub fn diagnostics(&self) -> Diagnostics {
        let mut d = Diagnostics::default();
        // The same order as `take_diagnostics`.
        for list in [&self.settings_diags, &self.walk_diags, &self.unread] {
            d.extend(list.iter().cloned());
        }
        for p in &self.pages {
            for list in [&p.read, &p.markdown, &p.privacy] {
                d.extend(list.iter().cloned());
            }
        }
        for list in [&self.site_diags, &self.checks, &self.theme_diags] {
            d.extend(list.iter().cloned());
        }
        d
    }

    /// Every problem found loading the site, taken out of it: for a run that loads once and
    /// does not update (`build`, `check`, `pdf`), which need no copy.
    pub fn take_diagnostics(&mut self) -> Diagnostics {
        let mut d = Diagnostics::default();
        // The same order as `diagnostics`.
        for list in [
            &mut self.settings_diags,
            &mut self.walk_diags,
            &mut self.unread,
        ] {
            d.extend(std::mem::take(list));
        }
        for p in &mut self.pages {
            for list in [&mut p.read, &mut p.markdown, &mut p.privacy] {
                d.extend(std::mem::take(list));
            }
        }
        for list in [
            &mut self.site_diags,
            &mut self.checks,
            &mut self.theme_diags,
        ] {
            d.extend(std::mem::take(list));
        }
        d
    }

    /// Lets go of every page's source text (354 MB at 100,000 articles, docs/performance.md,
    /// "Under 2 GiB"), for a run that renders once and ends (`build`), after
    /// the image step. What renders after it reads the model and the rendered Markdown; the
    /// one check after it finds its places first ([`SitePathLink::find_place`]).
    /// A project that is updated later (`serve`) keeps them: its problems point into them.
    pub(super) fn release_sources(&mut self) {
        for link in &mut self.deferred_links {
            link.find_place(&self.site);
        }
        for p in &mut self.site.pages {
            p.source.text = String::new();
        }
    }

    /// The model.
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// The rendered Markdown per page index (None for pages held back).
    pub fn rendered(&self) -> &[Option<Rendered>] {
        &self.rendered
    }

    /// The files under `static/`, as site paths.
    pub fn static_files(&self) -> &HashSet<String> {
        &self.static_files
    }

    /// The theme and its compiled templates; None when they could not be loaded (the
    /// diagnostics say why).
    pub fn theme(&self) -> Option<&(Theme, Templates)> {
        self.theme.as_ref()
    }

    /// How the project was loaded.
    pub fn options(&self) -> &BuildOptions {
        &self.opts
    }

    /// The site folder.
    pub fn root(&self) -> &Path {
        &self.opts.root
    }

    /// What every output depends on besides the pages: the settings, the theme, `--drafts` and
    /// the date (computing the theme's hash the first time).
    pub(super) fn global_hash(&mut self) -> u64 {
        let theme = match self.theme_hash {
            Some(h) => h,
            None => {
                let h = self.theme.as_ref().map_or(0, |(t, _)| theme_hash(t));
                self.theme_hash = Some(h);
                h
            }
        };
        hash_of((
            format!("{:?}", self.site.config),
            theme,
            self.opts.drafts,
            Date::today(),
        ))
    }

    /// Computes the own version of each page that has none yet (see [`page_version`]): the
    /// first time it is needed, and before the image step puts picture markup into the
    /// rendered Markdown, so that a page's version does not depend on which render came first.
    /// `serve` calls it before a render of some pages only, which has no versions of its own.
    pub fn page_versions(&mut self) {
        self.pages
            .par_iter_mut()
            .zip(self.site.pages.par_iter().zip(self.rendered.par_iter()))
            .filter(|(s, _)| s.version == 0)
            .for_each(|(s, (p, r))| s.version = page_version(p, r.as_ref()));
    }

    /// Every page's version as other pages see it (see [`versions`]), for an incremental build
    /// whose last served build had the fingerprints hashed with `served_global` and whose own
    /// are hashed with `global`. Returns the versions and, when only pages edited in place
    /// differ since that build, which ones. The versions are the served ones once
    /// [`Project::mark_served`] is called.
    pub(super) fn versions(
        &mut self,
        global: u64,
        served_global: Option<u64>,
    ) -> (Vec<u64>, Option<Vec<usize>>) {
        self.page_versions();
        let own: Vec<u64> = self.pages.iter().map(|s| s.version).collect();
        // Only edits that kept the structure since the last served build, under the same
        // settings, templates and date, let outputs that show no edited page be skipped unseen.
        let edited = self
            .edited
            .clone()
            .filter(|_| served_global == Some(global));
        let v = versions(&self.site, &own, &self.served_versions, edited.as_deref());
        self.unserved_versions = Some(v.clone());
        (v, edited)
    }

    /// True when every one of `files` is the file of a page and still exists.
    fn all_pages(&self, files: &[PathBuf]) -> bool {
        // A save is a file or two: looking through the pages for each beats hashing every
        // page's path (20 ms at 100,000 pages).
        const FEW: usize = 8;
        let pages = || self.site.pages.iter().map(|p| p.source.abs.as_path());
        if files.len() <= FEW {
            return files
                .iter()
                .all(|f| f.is_file() && pages().any(|p| p == f.as_path()));
        }
        let known: HashSet<&Path> = pages().collect();
        files
            .iter()
            .all(|f| known.contains(f.as_path()) && f.is_file())
    }

    /// True while the pages differ from the last served build only by edits in place that kept
    /// the site's structure (see [`same_structure`]): the same pages at the same paths.
    pub fn structure_kept(&self) -> bool {
        self.edited.is_some()
    }

    /// The site paths of the published pages edited in place since the last served build,
    /// while the structure is kept (see [`Project::structure_kept`]); empty otherwise.
    pub fn edited_paths(&self) -> HashSet<String> {
        self.edited
            .iter()
            .flatten()
            .filter_map(|&i| self.site.pages.get(i))
            .filter(|p| p.published)
            .map(|p| p.path.clone())
            .collect()
    }

    /// Records that the last build is what is being served: its versions are the ones the
    /// next incremental build compares with, and edits in place add up from here.
    pub fn mark_served(&mut self) {
        if let Some(v) = self.unserved_versions.take() {
            self.served_versions = v;
        }
        self.edited = Some(Vec::new());
    }

    /// Builds the model from kept and freshly read pages, renders the Markdown that needs it
    /// and runs the checks.
    fn assemble(&mut self, fresh: Fresh, kept: Vec<Kept>) {
        let mut clock = Clock::start();
        let mut all: Vec<Option<Kept>> = kept.into_iter().map(Some).collect();
        all.extend(fresh.pages.into_iter().map(Some));
        // Sorted by source path through an index: sorting the pages themselves moves every
        // page (kilobytes each) a dozen times over.
        let mut order: Vec<usize> = (0..all.len()).collect();
        let path = |i: usize| all[i].as_ref().map(|k| k.0.source.content_path.as_str());
        order.sort_by(|&a, &b| path(a).cmp(&path(b)));
        self.unread = fresh.unread;
        let mut pages = Vec::with_capacity(all.len());
        let mut page_states = Vec::with_capacity(all.len());
        let mut rendered = Vec::with_capacity(all.len());
        for (p, s, r) in order.into_iter().filter_map(|i| all[i].take()) {
            pages.push(p);
            page_states.push(s);
            rendered.push(r);
        }
        clock.lap("split");
        let (site, mut site_diags) = Site::from_pages(&self.opts.root, self.config.clone(), pages);
        clock.lap("from_pages");
        let static_files = &self.static_files;
        // Every published file must pass the checks: static/, bundle files, attachments.
        site_diags.extend(crate::check::files::published(&site, static_files));
        // Which pages need their Markdown rendered: new or changed ones, and, when pages came,
        // went or moved, those whose links now resolve differently. (On a load nothing was
        // rendered yet and nothing needs to be compared.)
        let moved = match self.link_world {
            Some(before) => {
                let now = link_world(&site, static_files);
                self.link_world = Some(now);
                now != before
            }
            None => false,
        };
        let which: Vec<usize> = (0..site.pages.len())
            .into_par_iter()
            .filter(|&i| {
                site.pages[i].included
                    && match &rendered[i] {
                        None => true,
                        Some(r) => moved && links_moved(&site, static_files, i, r),
                    }
            })
            .collect();
        clock.lap("link world + which");
        for (i, p) in site.pages.iter().enumerate() {
            if !p.included {
                rendered[i] = None;
                page_states[i].markdown.clear();
            }
        }
        for (i, r, d) in render_markdown(&site, static_files, &which, self.opts.progress) {
            rendered[i] = Some(r);
            page_states[i].markdown = d;
            page_states[i].scanned = false;
            page_states[i].version = 0;
        }
        clock.lap("markdown");
        // Personal and military information blocks publication, in the source and in what
        // readers see once rendered (see crate::check::site).
        let allow = Allow::new(&site.config.privacy.allow);
        page_states
            .par_iter_mut()
            .zip(site.pages.par_iter().zip(rendered.par_iter()))
            .filter(|(s, _)| !s.scanned)
            .for_each(|(s, (p, r))| {
                s.privacy = if p.published {
                    crate::check::site::privacy_page(p, r.as_ref(), &allow)
                } else {
                    Vec::new()
                };
                s.scanned = true;
            });
        clock.lap("privacy");
        self.site = site;
        self.rendered = rendered;
        self.pages = page_states;
        self.site_diags = site_diags;
        self.edited = None;
        self.check_site();
        clock.lap("checks");
    }

    /// Applies edits of known pages that leave the site's structure as it was (see
    /// [`same_structure`]) in place: no walk, no new model, and later only the outputs that
    /// show an edited page are rendered. Returns false, having changed nothing, when the edits
    /// need the full way.
    fn edit_in_place(&mut self, changes: &Changes) -> bool {
        let site = &self.site;
        let mut edits = Vec::new();
        for c in &changes.content {
            let Some(i) = site.pages.iter().position(|p| &p.source.abs == c) else {
                return false;
            };
            // A site-wide problem pointing into this file may have moved with the edit.
            if self.site_diags.iter().any(|d| {
                d.location
                    .as_ref()
                    .is_some_and(|l| l.file == site.pages[i].source.rel)
            }) {
                return false;
            }
            edits.push(i);
        }
        edits.sort_unstable();
        edits.dedup();
        let again = edits
            .iter()
            .map(|&i| Found::again(&site.pages[i].source))
            .collect();
        let fresh = fresh(read_pages(
            &self.opts.root,
            again,
            &self.config,
            self.opts.drafts,
        ));
        if !fresh.unread.is_empty() || fresh.pages.len() != edits.len() {
            return false;
        }
        // `read_pages` keeps the order it was given.
        if !edits
            .iter()
            .zip(&fresh.pages)
            .all(|(&i, (new, _, _))| same_structure(site, i, new))
        {
            return false;
        }
        for (&i, (page, page_state, _)) in edits.iter().zip(fresh.pages) {
            self.site.pages[i] = page;
            self.pages[i] = page_state;
        }
        let site = &self.site;
        for (i, r, d) in render_markdown(site, &self.static_files, &edits, self.opts.progress) {
            self.rendered[i] = Some(r);
            self.pages[i].markdown = d;
        }
        let allow = Allow::new(&site.config.privacy.allow);
        for &i in &edits {
            let p = &site.pages[i];
            let s = &mut self.pages[i];
            s.privacy = if p.published {
                crate::check::site::privacy_page(p, self.rendered[i].as_ref(), &allow)
            } else {
                Vec::new()
            };
            s.scanned = true;
        }
        self.check_site();
        // Pages edited since the last served build add up until a build is served; after a
        // structural change (None) they do not matter.
        if let Some(e) = self.edited.as_mut() {
            e.extend(edits);
            e.sort_unstable();
            e.dedup();
        }
        true
    }

    /// The pages with their state and rendered Markdown, taken out to build the model again.
    fn take_pages(&mut self) -> Vec<Kept> {
        let pages = std::mem::take(&mut self.site.pages);
        let states = std::mem::take(&mut self.pages);
        let rendered = std::mem::take(&mut self.rendered);
        pages
            .into_iter()
            .zip(states)
            .zip(rendered)
            .map(|((p, s), r)| (p, s, r))
            .collect()
    }

    /// The checks across pages that are cheap enough to run on every change: files and anchors
    /// that links point at.
    fn check_site(&mut self) {
        let mut diags = check_files(&self.site, &self.static_files);
        let (anchor_diags, deferred_links) = check_anchors(&self.site, &self.rendered);
        diags.extend(anchor_diags);
        self.checks = diags;
        self.deferred_links = deferred_links;
    }
}

/// Pages just read from disk with their state (nothing rendered yet), and files that gave none.
#[derive(Default)]
struct Fresh {
    pages: Vec<Kept>,
    unread: Vec<Diagnostic>,
}

/// Pages just read, ready to join the model.
fn fresh(read: ReadPages) -> Fresh {
    Fresh {
        pages: read
            .pages
            .into_iter()
            .map(|(p, diags)| {
                (
                    p,
                    PageState {
                        read: diags,
                        ..PageState::default()
                    },
                    None,
                )
            })
            .collect(),
        unread: read.unread,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site in a fresh temporary folder, removed when dropped.
    struct TempSite(std::path::PathBuf);

    impl TempSite {
        fn new(name: &str, config: &str) -> TempSite {
            let root =
                std::env::temp_dir().join(format!("tongxin-project-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&root);
            let site = TempSite(root);
            site.write("config.yaml", config);
            site.write(
                "content/articles/hello.md",
                "---\ntitle: 第一篇文章\ndate: 2026-05-20\n---\n\n区双拥办开展走访慰问活动。\n",
            );
            site
        }

        fn write(&self, rel: &str, text: &str) -> std::path::PathBuf {
            let p = self.0.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, text).unwrap();
            p
        }

        fn load(&self) -> Project {
            Project::load(&BuildOptions {
                root: self.0.clone(),
                ..BuildOptions::default()
            })
        }
    }

    impl Drop for TempSite {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn rules(p: &Project) -> Vec<&'static str> {
        p.diagnostics().iter().map(|d| d.problem.id()).collect()
    }

    #[test]
    fn a_broken_site_path_is_placed_the_same_with_or_without_the_source() {
        let site = TempSite::new("site-path", "title: 测试双拥网\n");
        site.write(
            "content/articles/files.md",
            "---\ntitle: 下载\ndate: 2026-05-20\n---\n\n正文。\n\n见[表格](/files/no.xlsx)。\n",
        );
        let mut p = site.load();
        let place = |p: &Project| {
            let found =
                super::super::checks::check_site_paths(&p.site, &p.deferred_links, &HashSet::new());
            assert_eq!(found.len(), 1, "{found:?}");
            let at = found[0].location.as_deref().cloned().expect("a place");
            (at.line, at.col, at.line_text)
        };
        // serve keeps the texts and places a broken link from them.
        let kept = place(&p);
        // The URL is underlined: column 7, after “见[表格](”.
        assert_eq!(kept, (8, 7, "见[表格](/files/no.xlsx)。".to_string()));
        // build lets them go, having placed its site-path links first.
        p.release_sources();
        assert!(p.site.pages.iter().all(|pg| pg.source.text.is_empty()));
        assert_eq!(place(&p), kept);
    }

    #[test]
    fn the_settings_checks_hold_for_every_command_and_survive_updates() {
        let site = TempSite::new(
            "settings",
            "title: 测试双拥网\ncontact: 请联系张师傅 138 1234 5678\nunsafe_html: true\n",
        );
        let mut p = site.load();
        let found = rules(&p);
        assert!(found.contains(&"html/unsafe-kept"), "{found:?}");
        assert!(found.contains(&"privacy/mobile"), "{found:?}");
        p.update(&Changes {
            templates: true,
            ..Changes::default()
        });
        let edited = site.write(
            "content/articles/hello.md",
            "---\ntitle: 第一篇文章\ndate: 2026-05-20\n---\n\n改过的正文。\n",
        );
        p.update(&Changes {
            content: vec![edited],
            ..Changes::default()
        });
        assert_eq!(rules(&p), found);
    }

    #[test]
    fn a_file_that_gives_no_page_stays_an_error_when_other_files_change() {
        let site = TempSite::new("unread", "title: 测试双拥网\n");
        site.write("content/articles/bad.md", "没有前言的文件。\n");
        let mut p = site.load();
        assert!(rules(&p).contains(&"front-matter/missing"));
        p.update(&Changes {
            templates: true,
            ..Changes::default()
        });
        assert!(rules(&p).contains(&"front-matter/missing"));
        let s = site.write("static/notice.txt", "通知");
        p.update(&Changes {
            statics: vec![s],
            ..Changes::default()
        });
        assert!(rules(&p).contains(&"front-matter/missing"));
    }

    #[test]
    fn what_only_serve_needs_waits_until_it_is_asked_for() {
        let site = TempSite::new("lazy", "title: 测试双拥网\n");
        let mut p = site.load();
        assert!(p.pages.iter().all(|s| s.version == 0 && s.scanned));
        assert!(p.link_world.is_none() && p.theme_hash.is_none());
        let global = p.global_hash();
        let (versions, edited) = p.versions(global, None);
        assert_eq!(versions.len(), p.site.pages.len());
        assert!(edited.is_none());
        assert!(p.pages.iter().all(|s| s.version != 0));
        assert!(p.theme_hash.is_some());
    }
}

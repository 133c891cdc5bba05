//! The state `serve` keeps between builds, and the incremental rebuild.
//!
//! A rebuild re-reads only the content files that changed, assembles the model again (cheap:
//! sorting and grouping), renders the Markdown of the pages that changed or whose links now
//! resolve differently, and renders only the outputs whose fingerprint changed (see
//! [`crate::render::select`]). Everything goes into memory first and reaches the served folder
//! only when the whole build succeeded, so a broken file leaves the last good site in place.
//! The search index, the slowest part, is written after the pages, so an edited page is served
//! before the index catches up.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::check::privacy::Allow;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::{self, Found};
use crate::markdown::Rendered;
use crate::model::Site;
use crate::model::date::Date;
use crate::model::page::{Kind, Page};
use crate::pipeline::{self, Loaded, RenderJob};
use crate::render::Templates;
use crate::render::select::Selection;
use crate::theme::Theme;
use crate::timing::Clock;
use crate::write::Output;

use super::unflushed::{Entry, Unflushed};

/// What changed on disk since the last rebuild, by kind.
#[derive(Debug, Default, Clone)]
pub struct Changes {
    /// Files under `content/` (created, modified or removed).
    pub content: Vec<PathBuf>,
    /// Files under `static/`.
    pub statics: Vec<PathBuf>,
    /// Templates or theme files.
    pub templates: bool,
    /// `config.yaml` or `data/`: everything is read again.
    pub config: bool,
}

impl Changes {
    /// Sorts changed paths (absolute, under `root`) by what they affect; paths that affect
    /// nothing (the served folder, caches, editor files outside the site's folders) are dropped.
    pub fn classify(root: &Path, paths: impl IntoIterator<Item = PathBuf>) -> Changes {
        let mut c = Changes::default();
        for p in paths {
            let Ok(rel) = p.strip_prefix(root) else {
                continue;
            };
            let first = rel
                .components()
                .next()
                .map(|c| c.as_os_str().to_string_lossy().to_string())
                .unwrap_or_default();
            match first.as_str() {
                "content" => c.content.push(p),
                "static" => c.statics.push(p),
                "templates" | "themes" => c.templates = true,
                "config.yaml" | "data" => c.config = true,
                _ => {}
            }
        }
        c
    }

    /// True when nothing the site is built from changed.
    pub fn is_empty(&self) -> bool {
        self.content.is_empty() && self.statics.is_empty() && !self.templates && !self.config
    }

    /// A short description for the terminal: the first changed file and how many more.
    pub fn describe(&self, root: &Path) -> String {
        let mut names: Vec<String> = self
            .content
            .iter()
            .chain(&self.statics)
            .map(|p| crate::diagnostic::display_path(p.strip_prefix(root).unwrap_or(p)))
            .collect();
        if self.templates {
            names.push("templates".into());
        }
        if self.config {
            names.push("config.yaml".into());
        }
        names.sort();
        names.dedup();
        match names.len() {
            0 => String::new(),
            1 => names.remove(0),
            n => format!("{} 等 {n} 个文件", names[0]),
        }
    }
}

/// What one page contributes that does not change until its file does.
#[derive(Debug, Default)]
struct PageState {
    /// Decoding warnings and front-matter problems.
    read: Vec<Diagnostic>,
    /// Link problems found while rendering its Markdown.
    markdown: Vec<Diagnostic>,
    /// Privacy and secrecy findings.
    privacy: Vec<Diagnostic>,
    /// Hash of the file, its path and flags, and its rendered Markdown.
    version: u64,
}

/// The loaded site and what is known about each page.
struct State {
    config: Config,
    config_diags: Vec<Diagnostic>,
    walk_diags: Vec<Diagnostic>,
    /// Files that gave no page (unreadable, no front matter …) and why; read again every time.
    unread: Vec<Diagnostic>,
    loaded: Loaded,
    /// Aligned with `loaded.site.pages`.
    pages: Vec<PageState>,
    theme: Option<(Theme, Templates)>,
    theme_diags: Vec<Diagnostic>,
    theme_hash: u64,
    /// Hash of what links resolve against: every page's path and flags, the static files.
    link_world: u64,
    /// Problems of the site as a whole (duplicate URLs, issue numbers, items, aliases).
    site_diags: Vec<Diagnostic>,
    /// Every page's version as the last good build saw it (see [`versions`]).
    versions: Vec<u64>,
    /// The pages edited in place since the last good build, when the structure is still the
    /// one that build had; None after a structural change, until a build succeeds.
    edited: Option<Vec<usize>>,
}

/// What the served folder holds: fingerprints and files of the last good build (the search
/// index aside).
#[derive(Debug, Default)]
struct Served {
    /// What every output depended on last time (settings, templates, the date …).
    global: Option<u64>,
    fingerprints: HashMap<String, u64>,
    produced: HashSet<String>,
}

/// The search index in the served folder, written by a background thread.
#[derive(Debug, Default)]
struct SearchFiles {
    /// What the index on disk was built from.
    hash: Option<u64>,
    /// Its files.
    files: Vec<String>,
}

/// Called with the time a background search index took.
pub type SearchDone = Arc<dyn Fn(Duration) + Send + Sync>;

/// How a rebuild went.
#[derive(Debug)]
pub struct Outcome {
    /// Errors and warnings; with errors nothing was written.
    pub diagnostics: Diagnostics,
    /// Pages rendered (HTML files written).
    pub rendered: usize,
    /// Files written or removed.
    pub written: usize,
    /// Published pages.
    pub pages: usize,
    /// Time until the pages were in place.
    pub pages_time: Duration,
    /// True when the search index is being rebuilt in the background.
    pub search_started: bool,
}

/// A site being served: its loaded state and the folder it is written to.
pub struct Session {
    root: PathBuf,
    drafts: bool,
    out_dir: PathBuf,
    state: Option<State>,
    served: Served,
    search: Arc<Mutex<SearchFiles>>,
    /// The hash of the newest index asked for.
    search_asked: Option<u64>,
    /// Told when a background search index is in place.
    pub on_search: Option<SearchDone>,
    search_worker: Option<SearchWorker>,
    /// The newest build's outputs until they are on disk.
    unflushed: Arc<Unflushed>,
}

/// The newest search index asked for, waiting for the worker.
type Request = Arc<(
    Mutex<Option<(Vec<crate::channels::Deferred>, u64)>>,
    std::sync::Condvar,
)>;

/// The thread that builds search indexes in the background.
struct SearchWorker {
    request: Request,
}

impl SearchWorker {
    /// How long saves must pause before an index is built.
    const QUIET: Duration = Duration::from_millis(300);

    fn start(
        shared: Arc<Mutex<SearchFiles>>,
        dir: PathBuf,
        done: Option<SearchDone>,
    ) -> SearchWorker {
        let request: Request = Arc::default();
        let req = Arc::clone(&request);
        std::thread::spawn(move || {
            background_priority();
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .start_handler(|_| background_priority())
                .build()
                .ok();
            loop {
                let (lock, cvar) = &*req;
                let Ok(mut slot) = lock.lock() else { return };
                while slot.is_none() {
                    slot = match cvar.wait(slot) {
                        Ok(s) => s,
                        Err(_) => return,
                    };
                }
                // Let a burst of saves finish: wait until no newer request came for a while.
                loop {
                    let (s, timeout) = match cvar.wait_timeout(slot, Self::QUIET) {
                        Ok(x) => x,
                        Err(_) => return,
                    };
                    slot = s;
                    if timeout.timed_out() {
                        break;
                    }
                }
                let Some((docs, hash)) = slot.take() else {
                    continue;
                };
                drop(slot);
                let t = Instant::now();
                let run = || -> Vec<(String, Vec<u8>)> {
                    docs.into_iter()
                        .flat_map(crate::channels::Deferred::run)
                        .collect()
                };
                let files = match &pool {
                    Some(p) => p.install(run),
                    None => run(),
                };
                // Outdated already: the next request replaces it.
                if lock.lock().map(|s| s.is_some()).unwrap_or(true) {
                    continue;
                }
                let Ok(mut s) = shared.lock() else { return };
                let names: Vec<String> = files.iter().map(|(rel, _)| rel.clone()).collect();
                let keep: HashSet<&String> = names.iter().collect();
                for old in s.files.iter().filter(|f| !keep.contains(f)) {
                    if let Ok(p) = crate::write::safe_join(&dir, old) {
                        let _ = std::fs::remove_file(p);
                    }
                }
                let pending = files
                    .into_iter()
                    .map(|(rel, b)| (rel, Entry::Bytes(Arc::new(b))))
                    .collect();
                let (_, failures) = match &pool {
                    Some(p) => p.install(|| flush(&dir, pending)),
                    None => flush(&dir, pending),
                };
                s.files = names;
                s.hash = failures.is_empty().then_some(hash);
                drop(s);
                if let Some(done) = &done {
                    done(t.elapsed());
                }
            }
        });
        SearchWorker { request }
    }

    fn ask(&self, docs: Vec<crate::channels::Deferred>, hash: u64) {
        let (lock, cvar) = &*self.request;
        if let Ok(mut slot) = lock.lock() {
            *slot = Some((docs, hash));
            cvar.notify_one();
        }
    }
}

/// Lowers the calling thread's priority, so the search index yields both cores to page
/// rebuilds while saves keep coming. On Linux a thread has its own nice value.
fn background_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only reads its arguments; `who = 0` is the calling thread on Linux.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 19);
    }
}

fn hash_of(v: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    v.hash(&mut h);
    h.finish()
}

fn theme_hash(theme: &Theme) -> u64 {
    hash_of((&theme.templates, &theme.assets))
}

impl Session {
    /// A session for the site at `root` (made absolute), writing to `out_dir`. Files already in
    /// `out_dir` from an earlier run are replaced or removed by the first build.
    pub fn new(root: &Path, drafts: bool, out_dir: PathBuf) -> Session {
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let produced = walkdir::WalkDir::new(&out_dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .filter_map(|e| {
                e.path()
                    .strip_prefix(&out_dir)
                    .ok()
                    .map(|p| p.to_string_lossy().replace('\\', "/"))
            })
            .collect();
        Session {
            root,
            drafts,
            out_dir,
            state: None,
            served: Served {
                produced,
                ..Served::default()
            },
            search: Arc::default(),
            search_asked: None,
            on_search: None,
            search_worker: None,
            unflushed: Arc::default(),
        }
    }

    /// The outputs of the build in progress that are not on disk yet, for the server.
    pub fn unflushed(&self) -> Arc<Unflushed> {
        Arc::clone(&self.unflushed)
    }

    /// The site folder (absolute).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The folder being served.
    pub fn out_dir(&self) -> &Path {
        &self.out_dir
    }

    /// Rebuilds after `changes` (everything on the first call or after a config change).
    /// `pages_ready` is called once the pages are in place, so browsers can reload; the search
    /// index follows on a background thread. With errors nothing is written.
    pub fn rebuild(&mut self, changes: &Changes, pages_ready: &mut dyn FnMut()) -> Outcome {
        let start = Instant::now();
        let clock = Clock::since(start);
        let state = match self.state.take() {
            Some(s) if !changes.config => self.update(s, changes),
            _ => self.load_all(),
        };
        let state = self.state.insert(state);
        clock.phase("model + markdown + checks");
        let mut diags = Diagnostics::default();
        diags.extend(state.config_diags.iter().cloned());
        diags.extend(state.walk_diags.iter().cloned());
        diags.extend(state.unread.iter().cloned());
        diags.extend(state.theme_diags.iter().cloned());
        for p in &state.pages {
            diags.extend(p.read.iter().cloned());
            diags.extend(p.markdown.iter().cloned());
            diags.extend(p.privacy.iter().cloned());
        }
        diags.extend(state.loaded.diags.iter().cloned());
        let mut outcome = Outcome {
            diagnostics: Diagnostics::default(),
            rendered: 0,
            written: 0,
            pages: state
                .loaded
                .site
                .pages
                .iter()
                .filter(|p| p.published)
                .count(),
            pages_time: Duration::ZERO,
            search_started: false,
        };
        let Some((theme, templates)) = &state.theme else {
            outcome.diagnostics = diags;
            return outcome;
        };
        if diags.has_errors() {
            outcome.diagnostics = diags;
            return outcome;
        }
        let site = &state.loaded.site;
        let global = hash_of((
            format!("{:?}", site.config),
            state.theme_hash,
            self.drafts,
            Date::today(),
        ));
        // Photos through the cache (unchanged ones cost a lookup); their markup goes into
        // the rendered bodies.
        let (images, image_diags) = crate::pipeline::prepare_images(
            &self.root,
            &state.loaded.site,
            &mut state.loaded.rendered,
            &state.loaded.static_files,
            &crate::images::Selection {
                pages: &|p| p.published,
                all_static: true,
                prune: false,
                progress: false,
            },
        );
        diags.extend(image_diags);
        if diags.has_errors() {
            outcome.diagnostics = diags;
            return outcome;
        }
        clock.phase("images");
        let site = &state.loaded.site;
        // Only edits that kept the structure since the last good build, under the same
        // settings, templates and date, let outputs that show no edited page be skipped unseen.
        let edited = state
            .edited
            .as_deref()
            .filter(|_| self.served.global == Some(global));
        let versions = versions(site, &state.pages, &state.versions, edited);
        let good_versions = versions.clone();
        let search_hash = hash_of((global, &versions));
        let selection = Selection::new(
            global,
            versions,
            std::mem::take(&mut self.served.fingerprints),
        );
        let selection = match edited {
            Some(e) => selection.structure_kept(e),
            None => selection,
        };
        let job = RenderJob {
            root: &self.root,
            drafts: self.drafts,
            loaded: &state.loaded,
            theme,
            templates,
            selection: Some(&selection),
            images: &images.set,
        };
        clock.phase("versions");
        let output = Output::buffer();
        diags.extend(job.assets(&output));
        clock.phase("assets");
        diags.extend(job.pages(&output, true));
        clock.phase("pages");
        let has_search = templates.has("search.html");
        if has_search && let Ok(s) = self.search.lock() {
            // Until the index is rebuilt, the last one stays (and links to it are valid).
            for f in &s.files {
                output.keep(f);
            }
        }
        let mut produced = output.written();
        diags.extend(job.site_paths(&produced));
        if diags.has_errors() {
            // Nothing was written: the folder still matches the last good build.
            self.served.fingerprints = selection.into_previous();
            outcome.diagnostics = diags;
            return outcome;
        }
        // The search index is the worker's to write and remove.
        if let Ok(s) = self.search.lock() {
            for f in &s.files {
                produced.remove(f);
            }
        }
        let pending: Vec<(String, Entry)> = output
            .into_pending()
            .into_iter()
            .map(|(rel, p)| (rel, Entry::from(p)))
            .collect();
        outcome.rendered = pending
            .iter()
            .filter(|(rel, e)| matches!(e, Entry::Bytes(_)) && rel.ends_with(".html"))
            .count();
        let gone: Vec<String> = self
            .served
            .produced
            .difference(&produced)
            .cloned()
            .collect();
        // Served from memory at once; the folder catches up below.
        self.unflushed.show(
            pending
                .iter()
                .cloned()
                .chain(gone.iter().map(|g| (g.clone(), Entry::Gone))),
        );
        outcome.pages_time = start.elapsed();
        clock.phase("pages served");
        pages_ready();
        let (written, failures) = flush(&self.out_dir, pending);
        outcome.written += written;
        diags.extend(failures);
        for gone in &gone {
            if let Ok(p) = crate::write::safe_join(&self.out_dir, gone)
                && std::fs::remove_file(&p).is_ok()
            {
                outcome.written += 1;
                remove_empty_parents(&self.out_dir, &p);
            }
        }
        self.unflushed.clear();
        clock.phase("flush");
        let docs = (has_search && self.search_asked != Some(search_hash))
            .then(|| job.deferred())
            .filter(|d| !d.is_empty());
        if let Some(docs) = docs {
            self.search_asked = Some(search_hash);
            outcome.search_started = true;
            self.spawn_search(docs, search_hash);
        }
        self.served.fingerprints = selection.into_fingerprints();
        self.served.produced = produced;
        self.served.global = Some(global);
        if let Some(state) = self.state.as_mut() {
            state.versions = good_versions;
            // The served folder matches the model now.
            state.edited = Some(Vec::new());
        }
        outcome.diagnostics = diags;
        outcome
    }

    /// Asks the search worker for a new index. One worker builds them, one at a time, on a
    /// pool of its own thread, so page rebuilds never queue behind it; while saves keep coming
    /// it waits, and an index that is already outdated when it is done is not written.
    fn spawn_search(&mut self, docs: Vec<crate::channels::Deferred>, hash: u64) {
        let worker = self.search_worker.get_or_insert_with(|| {
            SearchWorker::start(
                Arc::clone(&self.search),
                self.out_dir.clone(),
                self.on_search.clone(),
            )
        });
        worker.ask(docs, hash);
    }

    /// Reads everything.
    fn load_all(&self) -> State {
        let (config, config_diags) = Config::load(&self.root);
        let (found, walk_diags) = load::find(&self.root);
        let fresh = read_pages(&self.root, found, &config, self.drafts);
        let mut theme_diags = Diagnostics::default();
        let theme = pipeline::theme_and_templates(&self.root, &config, &mut theme_diags);
        let theme_hash = theme.as_ref().map_or(0, |(t, _)| theme_hash(t));
        let state = State {
            config,
            config_diags,
            walk_diags,
            unread: Vec::new(),
            loaded: Loaded {
                site: Site::from_pages(&self.root, Config::default(), Vec::new()).0,
                rendered: Vec::new(),
                static_files: pipeline::static_files(&self.root),
                deferred_links: Vec::new(),
                diags: Vec::new(),
            },
            pages: Vec::new(),
            theme,
            theme_diags: theme_diags.iter().cloned().collect(),
            theme_hash,
            link_world: 0,
            site_diags: Vec::new(),
            versions: Vec::new(),
            edited: None,
        };
        self.assemble(state, fresh, Vec::new())
    }

    /// Applies changes to a loaded state.
    fn update(&self, mut state: State, changes: &Changes) -> State {
        if changes.templates {
            let mut d = Diagnostics::default();
            state.theme = pipeline::theme_and_templates(&self.root, &state.config, &mut d);
            state.theme_diags = d.iter().cloned().collect();
            state.theme_hash = state.theme.as_ref().map_or(0, |(t, _)| theme_hash(t));
        }
        if !changes.statics.is_empty() {
            state.loaded.static_files = pipeline::static_files(&self.root);
        }
        if changes.content.is_empty() {
            let kept = take_pages(&mut state);
            return self.assemble(state, Fresh::default(), kept);
        }
        // Saving a page only changes that file: read it again without walking `content/`.
        // New, removed or renamed files, and bundle files, need the walk.
        let known: HashSet<&Path> = state
            .loaded
            .site
            .pages
            .iter()
            .map(|p| p.source.abs.as_path())
            .collect();
        let only_edits = changes
            .content
            .iter()
            .all(|c| known.contains(c.as_path()) && c.is_file());
        drop(known);
        if only_edits
            && !changes.templates
            && changes.statics.is_empty()
            && self.edit_in_place(&mut state, changes)
        {
            return state;
        }
        if only_edits {
            let mut kept = Vec::new();
            let mut to_read = Vec::new();
            for k in take_pages(&mut state) {
                if changes.content.contains(&k.0.source.abs) {
                    to_read.push(Found::again(&k.0.source));
                } else {
                    kept.push(k);
                }
            }
            let mut fresh = read_pages(&self.root, to_read, &state.config, self.drafts);
            fresh.unread.extend(std::mem::take(&mut state.unread));
            return self.assemble(state, fresh, kept);
        }
        let (found, walk_diags) = load::find(&self.root);
        state.walk_diags = walk_diags;
        let mut old: HashMap<String, (Page, PageState, Option<Rendered>)> = take_pages(&mut state)
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
        let fresh = read_pages(&self.root, to_read, &state.config, self.drafts);
        self.assemble(state, fresh, kept)
    }

    /// Builds the model from kept and freshly read pages, renders the Markdown that needs it
    /// and runs the checks.
    fn assemble(
        &self,
        mut state: State,
        fresh: Fresh,
        kept: Vec<(Page, PageState, Option<Rendered>)>,
    ) -> State {
        let mut clock = Clock::start();
        let mut all: Vec<(Page, PageState, Option<Rendered>)> = kept;
        all.extend(fresh.pages);
        all.sort_by(|a, b| a.0.source.content_path.cmp(&b.0.source.content_path));
        state.unread = fresh.unread;
        let mut pages = Vec::with_capacity(all.len());
        let mut page_states = Vec::with_capacity(all.len());
        let mut rendered = Vec::with_capacity(all.len());
        for (p, s, r) in all {
            pages.push(p);
            page_states.push(s);
            rendered.push(r);
        }
        clock.lap("split");
        let (site, mut site_diags) = Site::from_pages(&self.root, state.config.clone(), pages);
        clock.lap("from_pages");
        let static_files = std::mem::take(&mut state.loaded.static_files);
        // The preview refuses what the build refuses: unchecked or leaking published files.
        site_diags.extend(crate::check::files::published(&site, &static_files));
        // Which pages need their Markdown rendered: new or changed ones, and, when pages came,
        // went or moved, those whose links now resolve differently.
        let world = link_world(&site, &static_files);
        let moved = world != state.link_world;
        let which: Vec<usize> = (0..site.pages.len())
            .into_par_iter()
            .filter(|&i| {
                site.pages[i].included
                    && match &rendered[i] {
                        None => true,
                        Some(r) => moved && pipeline::links_moved(&site, &static_files, i, r),
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
        for (i, r, d) in pipeline::render_markdown(&site, &static_files, &which, false) {
            rendered[i] = Some(r);
            page_states[i].markdown = d;
            page_states[i].version = 0;
        }
        clock.lap("markdown");
        let allow = Allow::new(&site.config.privacy.allow);
        page_states
            .par_iter_mut()
            .zip(site.pages.par_iter().zip(rendered.par_iter()))
            .filter(|(s, _)| s.version == 0)
            .for_each(|(s, (p, r))| {
                s.privacy = if p.published {
                    crate::check::site::privacy_page(p, r.as_ref(), &allow)
                } else {
                    Vec::new()
                };
                s.version = page_version(p, r.as_ref());
            });
        clock.lap("privacy + version");
        state.loaded = Loaded {
            site,
            rendered,
            static_files,
            deferred_links: Vec::new(),
            diags: Vec::new(),
        };
        state.pages = page_states;
        state.link_world = world;
        state.site_diags = site_diags;
        state.edited = None;
        check_site(&mut state);
        clock.lap("checks");
        state
    }

    /// Applies edits of known pages that leave the site's structure as it was (see
    /// [`same_structure`]) in place: no walk, no new model, and later only the outputs that
    /// show an edited page are rendered. Returns false, having changed nothing, when the edits
    /// need the full way.
    fn edit_in_place(&self, state: &mut State, changes: &Changes) -> bool {
        let site = &state.loaded.site;
        let mut edits = Vec::new();
        for c in &changes.content {
            let Some(i) = site.pages.iter().position(|p| &p.source.abs == c) else {
                return false;
            };
            // A site-wide problem pointing into this file may have moved with the edit.
            if state.site_diags.iter().any(|d| {
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
        let fresh = read_pages(&self.root, again, &state.config, self.drafts);
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
            state.loaded.site.pages[i] = page;
            state.pages[i] = page_state;
        }
        let site = &state.loaded.site;
        for (i, r, d) in pipeline::render_markdown(site, &state.loaded.static_files, &edits, false)
        {
            state.loaded.rendered[i] = Some(r);
            state.pages[i].markdown = d;
        }
        let allow = Allow::new(&site.config.privacy.allow);
        for &i in &edits {
            let p = &site.pages[i];
            let s = &mut state.pages[i];
            s.privacy = if p.published {
                crate::check::site::privacy_page(p, state.loaded.rendered[i].as_ref(), &allow)
            } else {
                Vec::new()
            };
            s.version = page_version(p, state.loaded.rendered[i].as_ref());
        }
        check_site(state);
        // Pages edited since the last good build add up until a build succeeds; after a
        // structural change (None) they do not matter.
        if let Some(e) = state.edited.as_mut() {
            e.extend(edits);
            e.sort_unstable();
            e.dedup();
        }
        true
    }
}

/// Pages read from disk, and files that gave none.
#[derive(Default)]
struct Fresh {
    pages: Vec<(Page, PageState, Option<Rendered>)>,
    unread: Vec<Diagnostic>,
}

fn read_pages(root: &Path, found: Vec<Found>, config: &Config, drafts: bool) -> Fresh {
    let results: Vec<(Option<Page>, Vec<Diagnostic>)> = found
        .into_par_iter()
        .map(|f| {
            let (source, mut diags) = load::read(root, f);
            let Some(source) = source else {
                return (None, diags);
            };
            let Some(kind) = Kind::from_section(&source.section) else {
                return (None, diags);
            };
            let (page, d) = Page::read(source, kind, config, drafts);
            diags.extend(d);
            (page, diags)
        })
        .collect();
    let mut fresh = Fresh::default();
    for (page, diags) in results {
        match page {
            Some(p) => fresh.pages.push((
                p,
                PageState {
                    read: diags,
                    ..PageState::default()
                },
                None,
            )),
            None => fresh.unread.extend(diags),
        }
    }
    fresh
}

fn take_pages(state: &mut State) -> Vec<(Page, PageState, Option<Rendered>)> {
    let pages = std::mem::take(&mut state.loaded.site.pages);
    let states = std::mem::take(&mut state.pages);
    let rendered = std::mem::take(&mut state.loaded.rendered);
    pages
        .into_iter()
        .zip(states)
        .zip(rendered)
        .map(|((p, s), r)| (p, s, r))
        .collect()
}

/// The checks across pages that are cheap enough to run on every rebuild: files and anchors
/// that links point at. Their findings go with the site-wide problems into `loaded.diags`.
fn check_site(state: &mut State) {
    let loaded = &mut state.loaded;
    let mut diags = state.site_diags.clone();
    diags.extend(pipeline::check_files(&loaded.site, &loaded.static_files));
    let (anchor_diags, deferred_links) = pipeline::check_anchors(&loaded.site, &loaded.rendered);
    diags.extend(anchor_diags);
    loaded.diags = diags;
    loaded.deferred_links = deferred_links;
}

/// True when `new`, a new reading of page `i`'s file, leaves the site's structure as it was:
/// the same URL and flags, the same place in list order, the same terms, aliases and dates, the
/// same briefing and document fields that lists group by. Then every list, term page, archive
/// page and neighbour link keeps its members, and only what the pages show can differ.
fn same_structure(site: &Site, i: usize, new: &Page) -> bool {
    let old = &site.pages[i];
    let (a, b) = (&old.meta, &new.meta);
    let names = |v: &[(String, std::ops::Range<usize>)]| -> Vec<String> {
        v.iter().map(|(s, _)| s.clone()).collect()
    };
    let briefing = |p: &Page| {
        p.briefing
            .as_ref()
            .map(|b| (b.series.clone(), b.kind, b.issue, b.total, names(&b.items)))
    };
    let document = |p: &Page| p.document.as_ref().map(|d| (d.validity, d.written));
    old.kind == new.kind
        && old.path == new.path
        && old.slug == new.slug
        && old.published == new.published
        && old.included == new.included
        && old.source.bundle == new.source.bundle
        && a.date == b.date
        && a.updated == b.updated
        && a.categories == b.categories
        && a.tags == b.tags
        && names(&a.aliases) == names(&b.aliases)
        && a.draft == b.draft
        && a.visibility == b.visibility
        && a.weight == b.weight
        && a.search == b.search
        && a.cover.is_some() == b.cover.is_some()
        && briefing(old) == briefing(new)
        && document(old) == document(new)
        && site.keeps_list_place(i, new)
}

/// What links resolve against.
fn link_world(site: &Site, static_files: &HashSet<String>) -> u64 {
    let mut h = DefaultHasher::new();
    for p in &site.pages {
        (&p.source.content_path, &p.path, p.published, p.included).hash(&mut h);
    }
    let mut statics: Vec<&String> = static_files.iter().collect();
    statics.sort();
    statics.hash(&mut h);
    h.finish()
}

/// A page's own version: its file, path and flags, bundle files and rendered Markdown.
fn page_version(p: &Page, r: Option<&Rendered>) -> u64 {
    let mut h = DefaultHasher::new();
    (
        &p.source.content_path,
        &p.source.text,
        &p.path,
        p.published,
        p.included,
    )
        .hash(&mut h);
    if let Some(b) = &p.source.bundle {
        for a in &b.assets {
            a.hash(&mut h);
            // A changed photo of the same name may change the page (its size, its renditions).
            if let Ok(m) = std::fs::metadata(b.dir.join(a)) {
                (m.len(), m.modified().ok()).hash(&mut h);
            }
        }
    }
    if let Some(r) = r {
        (&r.html, &r.summary, &r.more_html).hash(&mut h);
    }
    // Zero marks "not computed yet".
    h.finish().max(1)
}

/// Every page's version as other pages see it: its own, plus the links of its terms (a term's
/// link can change when another page brings a new term).
/// With `edited`, only those pages are computed again and the rest come from `last`.
fn versions(site: &Site, states: &[PageState], last: &[u64], edited: Option<&[usize]>) -> Vec<u64> {
    let slugs: HashMap<&str, &str> = site
        .categories
        .iter()
        .chain(&site.tags)
        .map(|t| (t.name.as_str(), t.slug.as_str()))
        .collect();
    let version = |p: &Page, s: &PageState| {
        let mut h = DefaultHasher::new();
        s.version.hash(&mut h);
        for t in p.meta.categories.iter().chain(&p.meta.tags) {
            slugs.get(t.as_str()).hash(&mut h);
        }
        h.finish()
    };
    match edited {
        Some(edited) if last.len() == site.pages.len() => {
            let mut v = last.to_vec();
            for &i in edited {
                if let (Some(slot), Some(p), Some(s)) =
                    (v.get_mut(i), site.pages.get(i), states.get(i))
                {
                    *slot = version(p, s);
                }
            }
            v
        }
        _ => site
            .pages
            .par_iter()
            .zip(states.par_iter())
            .map(|(p, s)| version(p, s))
            .collect(),
    }
}

/// Writes a build's files into the served folder, each through a temporary file and a rename
/// so the server never sends half a file. Unchanged files are left alone. Returns how many
/// files were written, and the failures.
fn flush(dir: &Path, pending: Vec<(String, Entry)>) -> (usize, Vec<Diagnostic>) {
    let results: Vec<Result<bool, Diagnostic>> = pending
        .into_par_iter()
        .map(|(rel, p)| {
            let path = crate::write::safe_join(dir, &rel).map_err(|e| Diagnostic::io(&rel, &e))?;
            let r = match p {
                Entry::Bytes(b) => crate::write::replace_bytes(&path, &b),
                Entry::Copy(from) => crate::write::replace_copy(&from, &path),
                Entry::Gone => Ok(false),
            };
            r.map_err(|e| Diagnostic::io(&path, &e))
        })
        .collect();
    let mut written = 0;
    let mut failures = Vec::new();
    for r in results {
        match r {
            Ok(true) => written += 1,
            Ok(false) => {}
            Err(d) => failures.push(d),
        }
    }
    (written, failures)
}

fn remove_empty_parents(root: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == root || !d.starts_with(root) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

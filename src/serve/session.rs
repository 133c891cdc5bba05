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
use crate::model::Site;
use crate::model::date::Date;
use crate::model::page::{Kind, Page};
use crate::pipeline::{self, Loaded, RenderJob};
use crate::render::markdown::Rendered;
use crate::render::select::Selection;
use crate::render::{Output, Pending, Templates};
use crate::theme::Theme;

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
}

/// What the served folder holds: fingerprints and files of the last good build (the search
/// index aside).
#[derive(Debug, Default)]
struct Served {
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
}

/// The newest search index asked for, waiting for the worker.
type Request = Arc<(
    Mutex<Option<(crate::search::Documents, u64)>>,
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
            let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().ok();
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
                let files = match &pool {
                    Some(p) => p.install(|| docs.files()),
                    None => docs.files(),
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
                    .map(|(rel, b)| (rel, Pending::Bytes(b)))
                    .collect();
                let (_, failures) = flush(&dir, pending);
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

    fn ask(&self, docs: crate::search::Documents, hash: u64) {
        let (lock, cvar) = &*self.request;
        if let Ok(mut slot) = lock.lock() {
            *slot = Some((docs, hash));
            cvar.notify_one();
        }
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
        }
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
        let timing = std::env::var_os("TONGXIN_TIMING").is_some();
        let phase = |name: &str| {
            if timing {
                eprintln!(
                    "[timing] {name}: {:.1} ms",
                    start.elapsed().as_secs_f64() * 1000.0
                );
            }
        };
        let state = match self.state.take() {
            Some(s) if !changes.config => self.update(s, changes),
            _ => self.load_all(),
        };
        let state = self.state.insert(state);
        phase("model + markdown + checks");
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
        let images = crate::images::prepare(
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
        diags.extend(images.diags);
        if diags.has_errors() {
            outcome.diagnostics = diags;
            return outcome;
        }
        let site = &state.loaded.site;
        let versions = versions(site, &state.pages);
        let search_hash = hash_of((global, &versions));
        let selection = Selection::new(
            global,
            versions,
            std::mem::take(&mut self.served.fingerprints),
        );
        let job = RenderJob {
            root: &self.root,
            drafts: self.drafts,
            loaded: &state.loaded,
            theme,
            templates,
            selection: Some(&selection),
            images: &images.set,
        };
        phase("versions");
        let output = Output::buffer();
        diags.extend(job.assets(&output));
        phase("assets");
        diags.extend(job.pages(&output, false));
        phase("pages");
        let has_search = templates.has("search.html");
        if has_search && let Ok(s) = self.search.lock() {
            // Until the index is rebuilt, the last one stays (and links to it are valid).
            for f in &s.files {
                output.keep(f);
            }
        }
        diags.extend(job.site_paths(&output));
        if diags.has_errors() {
            // Nothing was written: the folder still matches the last good build.
            self.served.fingerprints = selection.into_previous();
            outcome.diagnostics = diags;
            return outcome;
        }
        let produced: HashSet<String> = {
            let search = self
                .search
                .lock()
                .map(|s| s.files.clone())
                .unwrap_or_default();
            let mut p = output.written();
            for f in &search {
                p.remove(f);
            }
            p
        };
        let pending = output.into_pending();
        outcome.rendered = pending
            .iter()
            .filter(|(rel, p)| matches!(p, Pending::Bytes(_)) && rel.ends_with(".html"))
            .count();
        let (written, failures) = flush(&self.out_dir, pending);
        outcome.written += written;
        diags.extend(failures);
        for gone in self.served.produced.difference(&produced) {
            if let Ok(p) = crate::write::safe_join(&self.out_dir, gone)
                && std::fs::remove_file(&p).is_ok()
            {
                outcome.written += 1;
                remove_empty_parents(&self.out_dir, &p);
            }
        }
        phase("flush");
        outcome.pages_time = start.elapsed();
        pages_ready();
        let docs = (has_search && self.search_asked != Some(search_hash))
            .then(|| job.search_documents())
            .flatten();
        if let Some(docs) = docs {
            self.search_asked = Some(search_hash);
            outcome.search_started = true;
            self.spawn_search(docs, search_hash);
        }
        self.served.fingerprints = selection.into_fingerprints();
        self.served.produced = produced;
        outcome.diagnostics = diags;
        outcome
    }

    /// Asks the search worker for a new index. One worker builds them, one at a time, on a
    /// pool of its own thread, so page rebuilds never queue behind it; while saves keep coming
    /// it waits, and an index that is already outdated when it is done is not written.
    fn spawn_search(&mut self, docs: crate::search::Documents, hash: u64) {
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
        let mut config_diags = Vec::new();
        let config = Config::load(&self.root, &mut config_diags);
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
                site: Site::from_pages(&self.root, Config::default(), Vec::new(), &mut Vec::new()),
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
        let mut site_diags = Vec::new();
        let site = Site::from_pages(&self.root, state.config.clone(), pages, &mut site_diags);
        let static_files = std::mem::take(&mut state.loaded.static_files);
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
        let allow = Allow::new(&site.config.privacy.allow);
        page_states
            .par_iter_mut()
            .zip(site.pages.par_iter().zip(rendered.par_iter()))
            .filter(|(s, _)| s.version == 0)
            .for_each(|(s, (p, r))| {
                s.privacy = if p.published {
                    crate::check::site::privacy_page(p, &allow)
                } else {
                    Vec::new()
                };
                s.version = page_version(p, r.as_ref());
            });
        let mut diags = site_diags;
        diags.extend(pipeline::check_files(&site, &static_files));
        let (anchor_diags, deferred_links) = pipeline::check_anchors(&site, &rendered);
        diags.extend(anchor_diags);
        state.loaded = Loaded {
            site,
            rendered,
            static_files,
            deferred_links,
            diags,
        };
        state.pages = page_states;
        state.link_world = world;
        state
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
            let (source, warn) = load::read(root, f);
            let mut diags: Vec<Diagnostic> = warn.into_iter().collect();
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
fn versions(site: &Site, states: &[PageState]) -> Vec<u64> {
    let slugs: HashMap<&str, &str> = site
        .categories
        .iter()
        .chain(&site.tags)
        .map(|t| (t.name.as_str(), t.slug.as_str()))
        .collect();
    site.pages
        .par_iter()
        .zip(states.par_iter())
        .map(|(p, s)| {
            let mut h = DefaultHasher::new();
            s.version.hash(&mut h);
            for t in p.meta.categories.iter().chain(&p.meta.tags) {
                slugs.get(t.as_str()).hash(&mut h);
            }
            h.finish()
        })
        .collect()
}

/// Writes a build's files into the served folder, each through a temporary file and a rename
/// so the server never sends half a file. Unchanged files are left alone. Returns how many
/// files were written, and the failures.
fn flush(dir: &Path, pending: Vec<(String, Pending)>) -> (usize, Vec<Diagnostic>) {
    let results: Vec<Result<bool, Diagnostic>> = pending
        .into_par_iter()
        .map(|(rel, p)| {
            let path = crate::write::safe_join(dir, &rel).map_err(|e| Diagnostic::io(&rel, &e))?;
            let r = match p {
                Pending::Bytes(b) => crate::write::replace_bytes(&path, &b),
                Pending::Copy(from) => crate::write::replace_copy(&from, &path),
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

//! A site being served: the state of the served folder between rebuilds, and the rebuild.
//!
//! The site is loaded and kept up to date by the build driver (`crate::pipeline::Project`:
//! only the files that changed are read again) and rendered by it
//! (`crate::pipeline::RenderJob` with an incremental plan: only the outputs whose fingerprint
//! changed). Everything goes into memory first and reaches the served folder only when the whole
//! build succeeded, so a broken file leaves the last good site in place. The search index, the
//! slowest part, is written after the pages by a background thread (`worker.rs`), so an edited
//! page is served before the index catches up.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::pipeline::{BuildOptions, Changes, Fingerprints, Incremental, Plan, Project, RenderJob};
use crate::timing::Clock;
use crate::write::Output;

use super::flush::{files_in, flush, remove};
use super::unflushed::{Entry, Unflushed};
use super::worker::{DeferredFiles, SearchDone, Worker};

/// At most this many edited pages are shown before the rest (a save is a file or two); a
/// change of more, such as a checkout, goes through the full render alone, which renders them
/// anyway.
const FIRST_EDITS: usize = 8;

/// What the served folder holds: the fingerprints and files of the last good build (the search
/// index aside).
#[derive(Debug, Default)]
struct Served {
    fingerprints: Fingerprints,
    produced: HashSet<String>,
}

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
    /// True when the render was called off for a newer change (see [`Session::stop`]):
    /// nothing was written, and the next rebuild does this one's work too.
    pub superseded: bool,
}

/// A site being served: its loaded state and the folder it is written to.
pub struct Session {
    /// How the site is loaded.
    opts: BuildOptions,
    out_dir: PathBuf,
    project: Option<Project>,
    served: Served,
    /// The files of the search index in the served folder, the worker's to write and remove.
    search: Arc<Mutex<DeferredFiles>>,
    /// What the newest index asked for is built from.
    search_asked: Option<u64>,
    /// Told when a background search index is in place.
    pub on_search: Option<SearchDone>,
    /// Set from outside when a change arrives that makes the render under way pointless (a
    /// template or the settings changed again): the render stops, its output is thrown away,
    /// and the next rebuild starts at once with the pages open in a browser. On a large site a
    /// full render takes many seconds, which a second template edit would otherwise wait for.
    pub stop: Option<Arc<AtomicBool>>,
    worker: Option<Worker>,
    /// The newest build's outputs until they are on disk.
    unflushed: Arc<Unflushed>,
    /// The last 公众号 preview rendered (`/__wechat/`): the page's site path and its files,
    /// kept until the next rebuild so its images need not be made again for each request.
    wechat: Option<(String, HashMap<String, Vec<u8>>)>,
    /// True when the pages with a 公众号 preview may have changed since
    /// [`Session::wechat_pages`] last said them: only a change of the structure changes them.
    wechat_pages_stale: bool,
    /// True when the last rebuild that ran to its end found errors.
    failed: bool,
}

impl Session {
    /// A session for the site at `root` (made absolute), writing to `out_dir`; `progress` shows
    /// progress bars on long work. Files already in `out_dir` from an earlier run are replaced
    /// or removed by the first build.
    pub fn new(root: &Path, drafts: bool, progress: bool, out_dir: PathBuf) -> Session {
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let produced = files_in(&out_dir);
        Session {
            opts: BuildOptions {
                root,
                drafts,
                progress,
                ..BuildOptions::default()
            },
            out_dir,
            project: None,
            served: Served {
                produced,
                ..Served::default()
            },
            search: Arc::default(),
            search_asked: None,
            on_search: None,
            stop: None,
            worker: None,
            unflushed: Arc::default(),
            wechat: None,
            wechat_pages_stale: true,
            failed: false,
        }
    }

    /// The outputs of the build in progress that are not on disk yet, for the server.
    pub fn unflushed(&self) -> Arc<Unflushed> {
        Arc::clone(&self.unflushed)
    }

    /// The site folder (absolute).
    pub fn root(&self) -> &Path {
        &self.opts.root
    }

    /// The folder being served.
    pub fn out_dir(&self) -> &Path {
        &self.out_dir
    }

    /// A file of the 公众号 preview of a page, rendered now from the loaded site (`rest` is the
    /// address after `/__wechat/`: the page's site path, then `index.html` or a file such as
    /// `images/01.jpg`): its name and bytes. None for pages without a 公众号 form.
    pub fn wechat(&mut self, rest: &str) -> Option<(String, Vec<u8>)> {
        let cached = self
            .wechat
            .as_ref()
            .is_some_and(|(path, _)| rest.starts_with(path.as_str()));
        if !cached {
            self.wechat = crate::pipeline::wechat::page_files(self.project.as_ref()?, rest);
        }
        let (path, files) = self.wechat.as_ref()?;
        let name = match &rest[path.len()..] {
            "" => "index.html",
            n => n,
        };
        files.get(name).map(|b| (name.to_string(), b.clone()))
    }

    /// Site paths of the pages with a 公众号 preview, when they may have changed since this
    /// was last asked (None: as before; an edit in place keeps them, and at 100,000 pages
    /// making the set again cost 20 ms a save).
    pub fn wechat_pages(&mut self) -> Option<HashSet<String>> {
        let project = self.project.as_ref().filter(|_| self.wechat_pages_stale)?;
        self.wechat_pages_stale = false;
        Some(crate::pipeline::wechat::pages(project))
    }

    /// Rebuilds after `changes` (everything on the first call or after a config change).
    /// `pages_ready` is called once the pages are in place, so browsers can reload; the search
    /// index follows on a background thread. With errors nothing is written. After a template
    /// change, the pages open in a browser (`viewed`, site paths), and after an edit that kept
    /// the site's structure, the edited pages, are rendered and served first, and
    /// `pages_ready` is called for them too, before every other page is rendered.
    pub fn rebuild(
        &mut self,
        changes: &Changes,
        viewed: &HashSet<String>,
        pages_ready: &mut dyn FnMut(),
    ) -> Outcome {
        let outcome = self.rebuild_once(changes, viewed, pages_ready);
        if !outcome.superseded {
            self.failed = outcome.diagnostics.has_errors();
        }
        outcome
    }

    /// The work of [`Session::rebuild`], which records afterwards whether it failed.
    fn rebuild_once(
        &mut self,
        changes: &Changes,
        viewed: &HashSet<String>,
        pages_ready: &mut dyn FnMut(),
    ) -> Outcome {
        let start = Instant::now();
        let clock = Clock::since(start);
        self.wechat = None;
        let project = match self.project.take() {
            Some(mut p) => {
                p.update(changes);
                p
            }
            None => Project::load(&self.opts),
        };
        let project = self.project.insert(project);
        self.wechat_pages_stale |= !project.structure_kept();
        clock.phase("model + markdown + checks");
        let mut diags = project.diagnostics();
        // The pages open in a browser after a template change, and the edited pages after an
        // edit that kept the structure (their lists and neighbours follow with the rest; an
        // edit whose render a template change called off still counts). Not after a failed
        // build: an error that only the full render finds would show the page, then the error
        // again, on every save.
        let mut first = if changes.templates {
            viewed.clone()
        } else {
            HashSet::new()
        };
        let edited = project.edited_paths();
        if edited.len() <= FIRST_EDITS {
            first.extend(edited);
        }
        if !first.is_empty()
            && !self.failed
            && !diags.has_errors()
            && show_first(project, &first, &self.unflushed)
        {
            clock.phase("first pages served");
            pages_ready();
        }
        let mut outcome = Outcome {
            diagnostics: Diagnostics::default(),
            rendered: 0,
            written: 0,
            pages: project.site().pages.iter().filter(|p| p.published).count(),
            pages_time: Duration::ZERO,
            search_started: false,
            superseded: false,
        };
        let keep = self
            .search
            .lock()
            .map(|s| s.files.clone())
            .unwrap_or_default();
        let plan = Plan {
            prune: false,
            incremental: Some(Incremental {
                fingerprints: std::mem::take(&mut self.served.fingerprints),
                keep,
            }),
            served_at_root: true,
            only: None,
            stop: self.stop.clone(),
            release_sources: false,
        };
        let (job, image_diags) = RenderJob::prepare(project, plan);
        diags.extend(image_diags);
        clock.phase("versions + images");
        if diags.has_errors() || !job.can_render() {
            // Nothing was written: the folder still matches the last good build, and so must
            // what is served (the pages shown first go).
            self.unflushed.clear();
            self.served.fingerprints = job.into_fingerprints(false);
            outcome.diagnostics = diags;
            return outcome;
        }
        let output = Output::buffer();
        let (mut produced, render_diags) = job.render(&output);
        if job.stopped() {
            // The served folder and fingerprints stay the last good build's; the pages shown
            // first stay in memory until a rebuild that is not called off replaces or clears
            // them (the next one shows the edited pages first again).
            self.served.fingerprints = job.into_fingerprints(false);
            outcome.superseded = true;
            clock.phase("render called off");
            return outcome;
        }
        diags.extend(render_diags);
        clock.phase("pages");
        if diags.has_errors() {
            self.unflushed.clear();
            self.served.fingerprints = job.into_fingerprints(false);
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
        // What an earlier flush left is written now, unless this build replaced or removed it.
        // (Almost always nothing: no set of this build's paths is made then.)
        let mut pending = pending;
        let left = self.unflushed.left();
        if !left.is_empty() {
            let fresh: HashSet<&str> = pending.iter().map(|(rel, _)| rel.as_str()).collect();
            let still: Vec<(String, Entry)> = left
                .into_iter()
                .filter(|(rel, _)| produced.contains(rel) && !fresh.contains(rel.as_str()))
                .collect();
            pending.extend(still);
        }
        // A template or settings change stops the writing: what is left stays served from
        // memory, and the next rebuild starts at once.
        let flushed = flush(&self.out_dir, pending, self.stop.as_deref());
        outcome.written += flushed.written;
        diags.extend(flushed.failures);
        outcome.written += remove(&self.out_dir, &gone);
        if !flushed.left.is_empty() {
            clock.phase("flush called off");
        }
        self.unflushed.settle(flushed.left);
        clock.phase("flush");
        let key = job.deferred_key();
        let work = (job.defers() && self.search_asked != key)
            .then(|| job.deferred())
            .filter(|w| !w.is_empty());
        self.served.fingerprints = job.into_fingerprints(true);
        self.served.produced = produced;
        if let (Some(work), Some(key)) = (work, key) {
            self.search_asked = Some(key);
            outcome.search_started = true;
            // One worker builds the indexes, one at a time, on a pool of its own thread, so page
            // rebuilds never queue behind it; while saves keep coming it waits, and an index
            // that is already outdated when it is done is not written.
            let worker = self.worker.get_or_insert_with(|| {
                Worker::start(
                    Arc::clone(&self.search),
                    self.out_dir.clone(),
                    self.on_search.clone(),
                )
            });
            worker.ask(work, key);
        }
        if let Some(project) = self.project.as_mut() {
            // The served folder matches the model now.
            project.mark_served();
        }
        outcome.diagnostics = diags;
        outcome
    }
}

/// Renders the pages at `first` (site paths) on their own and serves them from memory before
/// the rest of the site. After a template change every page changes, and rendering them all
/// takes seconds on a large site: the pages open in a browser come first. After an edit, the
/// edited page does: on a large site its lists (an archive year of 8,000 titles) and the walk
/// over every page to find what else shows it take longer than the page itself. The render
/// is thrown away once the whole site follows; the served fingerprints are not touched.
/// Returns whether any page is shown (none when a problem came up: the full render reports
/// it).
fn show_first(project: &mut Project, first: &HashSet<String>, unflushed: &Unflushed) -> bool {
    project.page_versions();
    // Not incremental: these pages are rendered whatever their fingerprints say.
    let plan = Plan {
        prune: false,
        incremental: None,
        served_at_root: true,
        only: Some(first.clone()),
        stop: None,
        release_sources: false,
    };
    let (job, image_diags) = RenderJob::prepare(project, plan);
    if image_diags.iter().any(Diagnostic::is_error) {
        return false;
    }
    let output = Output::buffer();
    if job
        .render_selected(&output)
        .iter()
        .any(Diagnostic::is_error)
    {
        return false;
    }
    let first: Vec<(String, Entry)> = output
        .into_pending()
        .into_iter()
        .map(|(rel, p)| (rel, Entry::from(p)))
        .collect();
    if first.is_empty() {
        return false;
    }
    unflushed.show(first);
    true
}

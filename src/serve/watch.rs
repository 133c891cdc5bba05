//! Watching the site's folders: `content/`, `templates/`, `themes/`, `static/`, `data/` and
//! `config.yaml`, with editor save bursts (temporary file, rename) merged into one change.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache, new_debouncer,
};

use crate::pipeline::Changes;

/// The folders watched recursively.
pub const WATCHED: [&str; 5] = ["content", "templates", "themes", "static", "data"];

/// How long a file must be quiet before its change counts. Editors write a save within a few
/// milliseconds; the preview's own budget is 100 ms from save to page, and the rebuild needs
/// about half of it on a 10,000-article site. A save split wider than this only costs a second
/// rebuild right after the first.
const QUIET: Duration = Duration::from_millis(15);

/// How often the debouncer looks for changes that have been quiet long enough.
const TICK: Duration = Duration::from_millis(5);

/// A running watcher and the changes it reports.
pub struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    rx: Receiver<DebounceEventResult>,
    root: PathBuf,
    watching: Vec<PathBuf>,
    superseding: Arc<AtomicBool>,
}

impl Watcher {
    /// Starts watching the site at `root` (absolute).
    pub fn start(root: &Path) -> notify_debouncer_full::notify::Result<Watcher> {
        let (tx, rx) = channel();
        let superseding = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&superseding);
        let site = root.to_path_buf();
        // Runs on the debouncer's thread, while a rebuild may be running on the main one. The
        // flag goes up before the events are sent, so a rebuild that took them cannot miss it.
        let handler = move |r: DebounceEventResult| {
            if let Ok(events) = &r
                && supersedes(&site, events)
            {
                flag.store(true, Ordering::Relaxed);
            }
            let _ = tx.send(r);
        };
        let debouncer = new_debouncer(QUIET, Some(TICK), handler)?;
        let mut w = Watcher {
            debouncer,
            rx,
            root: root.to_path_buf(),
            watching: Vec::new(),
            superseding,
        };
        // The site folder itself, not recursively: config.yaml, and folders created later.
        w.debouncer.watch(root, RecursiveMode::NonRecursive)?;
        w.watch_folders();
        Ok(w)
    }

    fn watch_folders(&mut self) {
        for name in WATCHED {
            let dir = self.root.join(name);
            if dir.is_dir()
                && !self.watching.contains(&dir)
                && self.debouncer.watch(&dir, RecursiveMode::Recursive).is_ok()
            {
                self.watching.push(dir);
            }
        }
    }

    /// Goes up when a change arrives that makes a full render pointless (a template, the theme
    /// or the settings: every page changes again), and down when [`Watcher::next`] is called.
    /// `serve` lends it to the rebuild (`Session::stop`).
    pub fn superseding(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.superseding)
    }

    /// Waits up to `timeout` for changes; returns the changed paths (empty on timeout), or
    /// None when the watcher stopped. Changes already queued are merged into one batch.
    pub fn next(&mut self, timeout: Duration) -> Option<Vec<PathBuf>> {
        let first = self.rx.recv_timeout(timeout);
        // Lowered once waiting is over, never before: a change arriving while this call waits
        // raises it, and the rebuild of that very change must not take it for a newer one.
        // Whatever raised it is taken below (it is sent after raising) or by the next call.
        self.superseding.store(false, Ordering::Relaxed);
        let first = match first {
            Ok(r) => r,
            Err(RecvTimeoutError::Timeout) => return Some(Vec::new()),
            Err(RecvTimeoutError::Disconnected) => return None,
        };
        let mut paths = Vec::new();
        let mut take = |r: DebounceEventResult| {
            if let Ok(events) = r {
                for e in events.into_iter().filter(counts) {
                    paths.extend(e.event.paths);
                }
            }
        };
        take(first);
        while let Ok(r) = self.rx.try_recv() {
            take(r);
        }
        // A watched folder that was just created (say `templates/`) is watched from now on.
        if paths
            .iter()
            .any(|p| p.parent() == Some(self.root.as_path()) && p.is_dir())
        {
            self.watch_folders();
        }
        Some(paths)
    }
}

/// Reading a file is an event too (inotify reports opens and closes): only creations, changes
/// and removals count, or every build would start another.
fn counts(e: &DebouncedEvent) -> bool {
    e.event.kind.is_create() || e.event.kind.is_modify() || e.event.kind.is_remove()
}

/// True when `events` change a template, the theme or the settings.
fn supersedes(root: &Path, events: &[DebouncedEvent]) -> bool {
    let paths = events
        .iter()
        .filter(|e| counts(e))
        .flat_map(|e| e.event.paths.iter().cloned());
    let c = Changes::classify(root, paths);
    c.templates || c.config
}

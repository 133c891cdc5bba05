//! The background thread that runs the work the deferrable channels left (the search index,
//! see `crate::pipeline::RenderJob::deferred`) after the pages are served, and writes its
//! files into the served folder.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

// The work the driver hands over; this thread only runs it.
use crate::channels::Deferred;

use super::flush::flush;
use super::unflushed::Entry;

/// The files deferred work wrote into the served folder.
#[derive(Debug, Default)]
pub struct DeferredFiles {
    /// What the files on disk were built from (see `crate::pipeline::RenderJob::deferred_key`).
    pub key: Option<u64>,
    /// The files.
    pub files: Vec<String>,
}

/// Called with the time a background search index took.
pub type SearchDone = Arc<dyn Fn(Duration) + Send + Sync>;

/// The newest work asked for, waiting for the worker.
type Request = Arc<(Mutex<Option<(Vec<Deferred>, u64)>>, std::sync::Condvar)>;

/// The thread that runs deferred work in the background.
pub struct Worker {
    request: Request,
}

impl Worker {
    /// How long saves must pause before the work is run.
    const QUIET: Duration = Duration::from_millis(300);

    /// Starts the thread: it writes into `dir`, records what it wrote in `shared`, and calls
    /// `done` after each piece of work is in place.
    pub fn start(
        shared: Arc<Mutex<DeferredFiles>>,
        dir: PathBuf,
        done: Option<SearchDone>,
    ) -> Worker {
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
                let Some((docs, key)) = slot.take() else {
                    continue;
                };
                drop(slot);
                let t = Instant::now();
                let run = || -> Vec<(String, Vec<u8>)> {
                    docs.into_iter().flat_map(Deferred::run).collect()
                };
                let files = match &pool {
                    Some(p) => p.install(run),
                    None => run(),
                };
                // Outdated already: the next request replaces it.
                if lock.lock().map(|s| s.is_some()).unwrap_or(true) {
                    continue;
                }
                // The files are written without holding `shared`: a page rebuild reads it first
                // thing, and must not wait for thousands of index files at low priority. Only
                // this thread changes it.
                let Ok(old) = shared.lock().map(|s| s.files.clone()) else {
                    return;
                };
                let names: Vec<String> = files.iter().map(|(rel, _)| rel.clone()).collect();
                let keep: HashSet<&String> = names.iter().collect();
                for old in old.iter().filter(|f| !keep.contains(f)) {
                    if let Ok(p) = crate::write::safe_join(&dir, old) {
                        let _ = std::fs::remove_file(p);
                    }
                }
                let pending = files
                    .into_iter()
                    .map(|(rel, b)| (rel, Entry::Bytes(Arc::new(b))))
                    .collect();
                let failures = match &pool {
                    Some(p) => p.install(|| flush(&dir, pending, None)),
                    None => flush(&dir, pending, None),
                }
                .failures;
                let Ok(mut s) = shared.lock() else { return };
                s.files = names;
                s.key = failures.is_empty().then_some(key);
                drop(s);
                if let Some(done) = &done {
                    done(t.elapsed());
                }
            }
        });
        Worker { request }
    }

    /// Asks for `work`, identified by `key`, replacing any request not started yet.
    pub fn ask(&self, work: Vec<Deferred>, key: u64) {
        let (lock, cvar) = &*self.request;
        if let Ok(mut slot) = lock.lock() {
            *slot = Some((work, key));
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

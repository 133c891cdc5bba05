//! Render: Markdown to HTML, pages through templates, feeds and sitemap.
//!
//! Each output format is a [`Renderer`] (the website now; the print pages beside it), all fed
//! the same [`RenderInput`] and writing into the same [`Output`].

pub mod feeds;
pub mod highlight;
pub mod html;
pub mod links;
pub mod markdown;
pub mod sanitize;
pub mod select;
pub mod templates;
pub mod views;

use std::collections::HashSet;
use std::sync::Mutex;

use crate::diagnostic::Diagnostic;
use crate::model::Site;
use crate::model::date::Date;
use crate::model::page::Page;
use crate::write::Staging;

/// Everything a renderer needs, computed once per build.
pub struct RenderInput<'a> {
    /// The model.
    pub site: &'a Site,
    /// Rendered Markdown per page index (None for pages held back).
    pub rendered: &'a [Option<markdown::Rendered>],
    /// Compiled templates.
    pub templates: &'a Templates,
    /// Site settings as templates see them.
    pub site_view: views::SiteView,
    /// Portable links.
    pub portable: bool,
    /// `--drafts`.
    pub drafts: bool,
    /// Build date.
    pub today: Date,
    /// Files under `static/` (site paths).
    pub static_files: &'a HashSet<String>,
    /// Site path of the search page, when the site has one.
    pub search_path: Option<String>,
    /// Which outputs to render (`serve`); None renders everything.
    pub selection: Option<&'a select::Selection>,
    /// Processed images: how covers and photos are shown.
    pub images: &'a crate::images::ImageSet,
}

pub use templates::Templates;

impl RenderInput<'_> {
    /// The rendered Markdown of a page.
    pub fn rendered_for(&self, p: &Page) -> Option<&markdown::Rendered> {
        let i = *self.site.by_content_path.get(&p.source.content_path)?;
        self.rendered.get(i)?.as_ref()
    }

    /// A page's summary: its `summary` field, else the one computed from its text.
    pub fn summary<'p>(&'p self, p: &'p Page) -> &'p str {
        match &p.meta.summary {
            Some(s) => s,
            None => self.rendered_for(p).map_or("", |r| r.summary.as_str()),
        }
    }

    /// True when the output at `path` must be rendered: always in a clean build; in `serve`
    /// when what it shows (`deps`, computed only then) changed since the last good build.
    pub fn needs(&self, path: &str, deps: impl FnOnce() -> select::Deps) -> bool {
        self.selection.is_none_or(|s| s.changed(path, deps()))
    }

    /// Site path of a page's print version, if it has one.
    pub fn print_path(&self, p: &Page) -> Option<String> {
        crate::print::printable(p).then(|| crate::print::print_path(p))
    }
}

/// Where renderers report errors found while rendering.
pub trait FailSink: Sync {
    /// Records an error.
    fn fail(&self, d: Diagnostic);
}

/// A [`FailSink`] that keeps what it is told, from any thread.
#[derive(Default)]
pub struct Collector(Mutex<Vec<Diagnostic>>);

impl Collector {
    /// Everything recorded, in order.
    pub fn into_inner(self) -> Vec<Diagnostic> {
        self.0.into_inner().unwrap_or_default()
    }
}

impl FailSink for Collector {
    fn fail(&self, d: Diagnostic) {
        if let Ok(mut v) = self.0.lock() {
            v.push(d);
        }
    }
}

/// The output of one build: the staging folder, a memory buffer (`serve`, which writes only
/// once the build succeeded) or nothing (a dry run, which only records what would be written,
/// as `check` needs), plus the list of files produced.
pub struct Output {
    target: Target,
    written: Mutex<Vec<String>>,
}

enum Target {
    Staging(Staging),
    Buffer(Mutex<Vec<(String, Pending)>>),
    Dry,
}

/// A file waiting in a buffered output.
#[derive(Debug)]
pub enum Pending {
    /// These bytes.
    Bytes(Vec<u8>),
    /// A copy of this file.
    Copy(std::path::PathBuf),
}

impl Output {
    /// Wraps a staging folder.
    pub fn new(staging: Staging) -> Output {
        Output {
            target: Target::Staging(staging),
            written: Mutex::new(Vec::new()),
        }
    }

    /// An output that writes nothing and only records the paths.
    pub fn dry() -> Output {
        Output {
            target: Target::Dry,
            written: Mutex::new(Vec::new()),
        }
    }

    /// An output that keeps files in memory until [`Output::into_pending`].
    pub fn buffer() -> Output {
        Output {
            target: Target::Buffer(Mutex::new(Vec::new())),
            written: Mutex::new(Vec::new()),
        }
    }

    fn record(
        &self,
        rel: &str,
        result: std::io::Result<()>,
        shown: &std::path::Path,
        sink: &dyn FailSink,
    ) {
        match result {
            Ok(()) => {
                if let Ok(mut w) = self.written.lock() {
                    w.push(rel.to_string());
                }
            }
            Err(e) => sink.fail(Diagnostic::io(shown, &e)),
        }
    }

    fn push(&self, rel: &str, p: Pending) -> std::io::Result<()> {
        if let Target::Buffer(b) = &self.target
            && let Ok(mut b) = b.lock()
        {
            b.push((rel.to_string(), p));
        }
        Ok(())
    }

    /// Writes a file; failures are reported to `sink`.
    pub fn write(&self, rel: &str, bytes: &[u8], sink: &dyn FailSink) {
        match &self.target {
            Target::Staging(s) => self.record(rel, s.write(rel, bytes), &s.dir().join(rel), sink),
            Target::Buffer(_) => self.record(
                rel,
                self.push(rel, Pending::Bytes(bytes.to_vec())),
                std::path::Path::new(rel),
                sink,
            ),
            Target::Dry => self.record(rel, Ok(()), std::path::Path::new(rel), sink),
        }
    }

    /// Copies a file in; failures are reported to `sink`.
    pub fn copy(&self, from: &std::path::Path, rel: &str, sink: &dyn FailSink) {
        let result = match &self.target {
            Target::Staging(s) => s.copy(from, rel),
            Target::Buffer(_) => self.push(rel, Pending::Copy(from.to_path_buf())),
            Target::Dry => Ok(()),
        };
        self.record(rel, result, from, sink);
    }

    /// Records a file that this build produces exactly as the last one did, without writing it
    /// (`serve`, for outputs whose inputs did not change).
    pub fn keep(&self, rel: &str) {
        if let Ok(mut w) = self.written.lock() {
            w.push(rel.to_string());
        }
    }

    /// Every file produced so far.
    pub fn written(&self) -> HashSet<String> {
        self.written
            .lock()
            .map(|w| w.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// Number of files produced.
    pub fn count(&self) -> usize {
        self.written.lock().map_or(0, |w| w.len())
    }

    /// The files of a buffered output (empty for the others).
    pub fn into_pending(self) -> Vec<(String, Pending)> {
        match self.target {
            Target::Buffer(b) => b.into_inner().unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// Finishes: prunes files not in `written` (see [`Output::written`]) and swaps the output
    /// into place. A dry run and a buffer have nothing to finish.
    pub fn commit(self, written: &HashSet<String>) -> std::io::Result<()> {
        match self.target {
            Target::Staging(s) => s.commit(written),
            _ => Ok(()),
        }
    }
}

/// An output format.
pub trait Renderer: Sync {
    /// Short name for messages.
    fn name(&self) -> &'static str;
    /// Renders into `out`; returns errors found.
    fn render(&self, input: &RenderInput, out: &Output) -> Vec<Diagnostic>;
}

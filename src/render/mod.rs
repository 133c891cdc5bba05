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

/// The output of one build: the staging folder (none for a dry run, which only records what
/// would be written, as `check` needs) plus the list of files written.
pub struct Output {
    staging: Option<Staging>,
    written: Mutex<Vec<String>>,
}

impl Output {
    /// Wraps a staging folder.
    pub fn new(staging: Staging) -> Output {
        Output {
            staging: Some(staging),
            written: Mutex::new(Vec::new()),
        }
    }

    /// An output that writes nothing and only records the paths.
    pub fn dry() -> Output {
        Output {
            staging: None,
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

    /// Writes a file; failures are reported to `sink`.
    pub fn write(&self, rel: &str, bytes: &[u8], sink: &dyn FailSink) {
        match &self.staging {
            Some(s) => self.record(rel, s.write(rel, bytes), &s.dir().join(rel), sink),
            None => self.record(rel, Ok(()), std::path::Path::new(rel), sink),
        }
    }

    /// Copies a file in; failures are reported to `sink`.
    pub fn copy(&self, from: &std::path::Path, rel: &str, sink: &dyn FailSink) {
        let result = self.staging.as_ref().map_or(Ok(()), |s| s.copy(from, rel));
        self.record(rel, result, from, sink);
    }

    /// Every file written so far.
    pub fn written(&self) -> HashSet<String> {
        self.written
            .lock()
            .map(|w| w.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// Number of files written.
    pub fn count(&self) -> usize {
        self.written.lock().map_or(0, |w| w.len())
    }

    /// Finishes: prunes files not in `written` (see [`Output::written`]) and swaps the output
    /// into place. A dry run has nothing to finish.
    pub fn commit(self, written: &HashSet<String>) -> std::io::Result<()> {
        match self.staging {
            Some(s) => s.commit(written),
            None => Ok(()),
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

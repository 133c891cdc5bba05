//! Channels: every place a site is published to, each behind the one [`Channel`] trait.
//!
//! A channel reads the same [`RenderInput`] (the model, the rendered Markdown, the templates,
//! the processed images) and writes files into the same [`Output`]. The build driver
//! ([`crate::pipeline`]) knows channels only through [`website`], the list below; it never names
//! one. `ARCHITECTURE.md` explains how to add a channel.

pub mod docx;
pub mod feeds;
pub mod print;
pub mod search;
pub mod website;
pub mod wechat;

use crate::diagnostic::Diagnostic;
use crate::render::RenderInput;
use crate::write::Output;

/// One place a site is published to: the website's pages, its feeds, its print pages, its
/// search index; later the 公众号 export, Word documents and the ledger.
pub trait Channel: Sync {
    /// Short name, for timings and messages.
    fn name(&self) -> &'static str;

    /// Renders everything this channel publishes into `out` (in `serve`, only what
    /// [`RenderInput::needs`] asks for; the rest is kept, [`Output::keep`] or
    /// [`Output::keep_all`]). Returns the errors.
    fn render(&self, input: &RenderInput, out: &Output) -> Vec<Diagnostic>;

    /// True for a channel that honours [`RenderInput::only`], rendering just the outputs at
    /// those site paths (`serve` renders the pages open in a browser first after a template
    /// change, and the edited pages after an edit).
    fn renders_selected(&self) -> bool {
        false
    }

    /// True for a channel too slow to hold back an edited page in `serve` (the search index):
    /// `serve` takes its [`Channel::deferred`] work instead of rendering it with the pages.
    fn deferrable(&self) -> bool {
        false
    }

    /// The work of a [`Channel::deferrable`] channel, taken out of `input` now to run on another
    /// thread after the pages are served; None when it has nothing to publish.
    fn deferred(&self, _input: &RenderInput) -> Option<Deferred> {
        None
    }
}

/// Work a channel left for later (see [`Channel::deferred`]): when run, the files it publishes
/// as output paths and bytes.
pub struct Deferred(Box<dyn FnOnce() -> Vec<(String, Vec<u8>)> + Send>);

impl Deferred {
    /// Wraps the work.
    pub fn new(work: impl FnOnce() -> Vec<(String, Vec<u8>)> + Send + 'static) -> Deferred {
        Deferred(Box::new(work))
    }

    /// Does the work: the files, as output paths and bytes.
    pub fn run(self) -> Vec<(String, Vec<u8>)> {
        (self.0)()
    }
}

/// The print pages of the website: public briefings and documents.
static WEBSITE_PRINT: print::Print = print::Print {
    scope: print::Scope::Website,
};

/// The channels of the website build (they render at the same time; diagnostics come in this
/// order): `build`, `serve` and `check`
/// publish through exactly these.
pub fn website() -> [&'static dyn Channel; 4] {
    [
        &website::Website,
        &feeds::Feeds,
        &WEBSITE_PRINT,
        &search::Search,
    ]
}

//! Render: Markdown to HTML, pages through templates, feeds and sitemap.
//!
//! Each output format is a [`Renderer`] (the website now; the print pages beside it), all fed
//! the same [`RenderInput`] and writing into the same [`Output`].

pub mod closing;
pub mod links;
pub mod picture;
pub mod qr;
pub mod select;
pub mod templates;
pub mod views;

use crate::markdown;
use crate::model::Site;
use crate::model::date::Date;
use crate::model::page::Page;

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
    /// Where the links of the 404 page start (the path of `base_url`, `/` without one):
    /// servers show `404.html` at whatever address was missing (`/articles/no-such/`), where
    /// links relative to the page would point nowhere. None (relative links, which work from a
    /// folder) in portable builds.
    pub not_found_root: Option<String>,
    /// `--drafts`.
    pub drafts: bool,
    /// Build date.
    pub today: Date,
    /// Site path of the search page, when the site has one.
    pub search_path: Option<String>,
    /// Which outputs to render (`serve`); None renders everything.
    pub selection: Option<&'a select::Selection>,
    /// When set, channels that can ([`crate::channels::Channel::renders_selected`]) render
    /// only the outputs at these site paths (`serve` shows the pages open in a browser, or the
    /// edited pages, first).
    pub only: Option<&'a std::collections::HashSet<String>>,
    /// Processed images: how covers and photos are shown.
    pub images: &'a crate::images::ImageSet,
    /// Set by `serve` when a newer change makes this render pointless (see
    /// [`RenderInput::stopped`]).
    pub stop: Option<&'a std::sync::atomic::AtomicBool>,
}

pub use templates::Templates;

/// True when `flag` is up: the render or the write it was lent to is called off (`serve`
/// raises it for a newer template change, see `src/serve/watch.rs`).
pub fn called_off(flag: Option<&std::sync::atomic::AtomicBool>) -> bool {
    flag.is_some_and(|f| f.load(std::sync::atomic::Ordering::Relaxed))
}

impl<'a> RenderInput<'a> {
    /// True once the render has been called off: channels that render many outputs stop
    /// taking new ones, and the caller throws the output away (`src/serve/session.rs`).
    pub fn stopped(&self) -> bool {
        called_off(self.stop)
    }

    /// The rendered Markdown of a page.
    pub fn rendered_for(&self, p: &Page) -> Option<&'a markdown::Rendered> {
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
        p.printable().then(|| p.print_path())
    }
}

//! The one shape every kind of website page has ([`WebPage`]), and how a page is rendered or,
//! in `serve`, kept ([`Job`]).

use serde::Serialize;

use super::Html;
use crate::render::links::Linker;
use crate::render::select::{Deps, Selection};
use crate::render::views::PageContext;
use crate::write::{FailSink, Output};

/// One kind of page the website writes (content pages, article lists, term pages, the home
/// page …). A value is one page of that kind; the kind declares everything about it here:
/// which pages there are, where each is written, what it shows, its template and its context.
pub(super) trait WebPage<'a>: Sync + Sized {
    /// The template's own keys, beside the common ones (one of the `…Context` structs of
    /// [`crate::render::views`]).
    type View: Serialize;

    /// Every page of this kind the site has.
    fn all(w: &Html<'a>) -> Vec<Self>;

    /// The site path it writes (`articles/page/2/`, `404.html`, the empty path for home).
    fn path(&self, w: &Html<'a>) -> String;

    /// What it shows, for `serve` (see [`crate::render::select`]): every page whose title,
    /// link, summary, date or body its context reads, and a hash of anything else it shows.
    fn deps(&self, w: &Html<'a>) -> Deps;

    /// True for a page that shows a fixed set of pages, none of them changed, in an edit that
    /// kept the site's structure (see [`Selection::structure_kept`]): it is kept without
    /// computing its [`deps`](Self::deps). Pages that pick their pages themselves (home,
    /// archive, honors …) keep the default, false.
    fn untouched(&self, _w: &Html<'a>, _selection: &Selection) -> bool {
        false
    }

    /// Its template.
    fn template(&self, w: &Html<'a>) -> &'static str;

    /// Its context, for the page written at `path`: usually `w.context(path, head, view)`, the
    /// common keys made from a [`Head`](super::context::Head) beside the kind's own view.
    fn context(&self, w: &Html<'a>, path: &str) -> PageContext<'a, Self::View>;
}

/// A page to render, whatever its kind: what the parallel loop of [`Html::all`] runs.
pub(super) trait Job<'a>: Sync {
    /// Renders the page into `out`; when `serve` finds it unchanged, returns its file instead,
    /// for the caller to keep (see [`Output::keep_all`]).
    fn run(&self, w: &Html<'a>, out: &Output) -> Option<String>;
}

impl<'a, P: WebPage<'a>> Job<'a> for P {
    fn run(&self, w: &Html<'a>, out: &Output) -> Option<String> {
        let path = self.path(w);
        if w.input.only.is_some_and(|only| !only.contains(&path)) {
            return None;
        }
        // Only `serve` compares fingerprints; a clean build renders every page.
        if let Some(selection) = w.input.selection
            && (self.untouched(w, selection) || !w.input.needs(&path, || self.deps(w)))
        {
            return Some(Linker::into_file(path));
        }
        let ctx = self.context(w, &path);
        let file = Linker::file_for(&path);
        let written = w
            .input
            .templates
            .render_view_with(self.template(w), &ctx, |html| out.write(&file, html, w));
        if let Err(d) = written {
            w.fail(d);
        }
        None
    }
}

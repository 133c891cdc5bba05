//! Pages outside the sections: 404, the search page and the redirects of aliases.

use serde::Serialize;

use crate::channels::search::{self, SearchView};
use crate::render::select::Deps;
use crate::render::views::{NotFoundContext, PageContext, RedirectContext, RedirectView};

use super::Html;
use super::context::Head;
use super::page::WebPage;

/// The page servers show for a missing address (`404.html`).
pub(super) struct NotFound;

impl<'a> WebPage<'a> for NotFound {
    type View = NotFoundContext;

    fn all(_w: &Html<'a>) -> Vec<NotFound> {
        vec![NotFound]
    }

    fn path(&self, _w: &Html<'a>) -> String {
        "404.html".into()
    }

    fn deps(&self, _w: &Html<'a>) -> Deps {
        Deps::default()
    }

    fn template(&self, _w: &Html<'a>) -> &'static str {
        "404.html"
    }

    fn context(&self, w: &Html<'a>, path: &str) -> PageContext<'a, NotFoundContext> {
        let head = Head::new("页面不存在", vec![("页面不存在".into(), None)]);
        w.context(path, head, NotFoundContext {})
    }
}

/// `search.html`: the 站内搜索 page, when the theme has one.
#[derive(Debug, Serialize)]
pub(super) struct SearchContext {
    /// What the search page shows (see [`crate::channels::search::view`]).
    search: SearchView,
}

/// The search page, at the site path the build chose for it.
pub(super) struct Search(String);

impl<'a> WebPage<'a> for Search {
    type View = SearchContext;

    fn all(w: &Html<'a>) -> Vec<Search> {
        w.input.search_path.iter().cloned().map(Search).collect()
    }

    fn path(&self, _w: &Html<'a>) -> String {
        self.0.clone()
    }

    /// Kinds, years and counts of the indexed pages: the view itself, hashed as JSON.
    fn deps(&self, w: &Html<'a>) -> Deps {
        Deps::default().with(
            serde_json::to_string(&search::view(w.input, &w.linker, &self.0)).unwrap_or_default(),
        )
    }

    fn template(&self, _w: &Html<'a>) -> &'static str {
        "search.html"
    }

    fn context(&self, w: &Html<'a>, path: &str) -> PageContext<'a, SearchContext> {
        let head = Head::new("站内搜索", vec![("站内搜索".into(), None)]);
        let search = search::view(w.input, &w.linker, path);
        w.context(path, head, SearchContext { search })
    }
}

/// A redirect from an old address (`aliases:` of a page) to the page.
pub(super) struct Alias {
    /// The old address as the model keeps it: `news/2019/123.html`, `old/path/` or `old/path`.
    from: String,
    /// The page it sends to.
    target: usize,
}

impl<'a> WebPage<'a> for Alias {
    type View = RedirectContext;

    fn all(w: &Html<'a>) -> Vec<Alias> {
        w.site()
            .aliases
            .iter()
            .map(|(from, target)| Alias {
                from: from.clone(),
                target: *target,
            })
            .collect()
    }

    /// A folder unless the old address names an HTML file.
    fn path(&self, _w: &Html<'a>) -> String {
        let a = &self.from;
        if a.ends_with('/') || a.ends_with(".html") || a.ends_with(".htm") {
            a.clone()
        } else {
            format!("{a}/")
        }
    }

    fn deps(&self, _w: &Html<'a>) -> Deps {
        Deps::pages([self.target])
    }

    fn template(&self, _w: &Html<'a>) -> &'static str {
        "redirect.html"
    }

    /// Links are relative to the old address as written, not to the folder `path` it is
    /// written to: `old/path` (no slash) is the address a visitor asks for, and a server that
    /// answers it with `old/path/index.html` without redirecting resolves links from `old/`.
    fn context(&self, w: &Html<'a>, _path: &str) -> PageContext<'a, RedirectContext> {
        let from = self.from.as_str();
        let t = &w.site().pages[self.target];
        let head = Head::new(&t.meta.title, Vec::new());
        let redirect = RedirectView {
            href: w.href(from, &t.path),
            title: t.meta.title.clone(),
        };
        w.context(from, head, RedirectContext { redirect })
    }
}

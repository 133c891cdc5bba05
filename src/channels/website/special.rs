//! Pages outside the sections: 404, the search page and the redirects of aliases.

use serde::Serialize;

use crate::channels::search::{self, SearchView};
use crate::model::Taxonomy;
use crate::model::page::Kind;
use crate::render::select::Deps;
use crate::render::views::{
    NotFoundContext, PageContext, RedirectContext, RedirectView, SiteMapContext, SiteMapGroup,
    TermCount,
};

use super::Html;
use super::context::Head;
use super::page::WebPage;

/// Where the 404 page is written: the name servers are configured with (`error_page 404
/// /404.html` in nginx, `ErrorDocument` in Apache).
pub(super) const NOT_FOUND_PATH: &str = "404.html";

/// The page servers show for a missing address (`404.html`).
pub(super) struct NotFound;

impl<'a> WebPage<'a> for NotFound {
    type View = NotFoundContext;

    fn all(_w: &Html<'a>) -> Vec<NotFound> {
        vec![NotFound]
    }

    fn path(&self, _w: &Html<'a>) -> String {
        NOT_FOUND_PATH.into()
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

/// Where the 网站地图 is written.
pub(super) const SITE_MAP_PATH: &str = "sitemap/";

/// The 网站地图's template; without it (a custom theme) there is no site map.
pub(super) const SITE_MAP_TEMPLATE: &str = "sitemap.html";

/// The 网站地图 (`sitemap/`, linked from every page's footer): every column, category, single
/// page, the archive, search and the feed, so that no part of the site depends on the menu to
/// be found (government-site inspections look for one).
pub(super) struct SiteMap;

impl<'a> WebPage<'a> for SiteMap {
    type View = SiteMapContext;

    fn all(w: &Html<'a>) -> Vec<SiteMap> {
        if w.has_site_map() {
            vec![SiteMap]
        } else {
            Vec::new()
        }
    }

    fn path(&self, _w: &Html<'a>) -> String {
        SITE_MAP_PATH.into()
    }

    /// Names, links and counts only: the view itself, hashed as JSON.
    fn deps(&self, w: &Html<'a>) -> Deps {
        Deps::default().with(serde_json::to_string(&site_map(w, SITE_MAP_PATH)).unwrap_or_default())
    }

    fn template(&self, _w: &Html<'a>) -> &'static str {
        SITE_MAP_TEMPLATE
    }

    fn context(&self, w: &Html<'a>, path: &str) -> PageContext<'a, SiteMapContext> {
        let head = Head::new("网站地图", vec![("网站地图".into(), None)]);
        let site_map = site_map(w, path);
        w.context(path, head, SiteMapContext { site_map })
    }
}

/// The groups of the 网站地图 as seen from the page at `from` (the sections, the categories
/// (whose index is titled 栏目), the single pages and the rest); empty groups are left out.
fn site_map(w: &Html<'_>, from: &str) -> Vec<SiteMapGroup> {
    let site = w.site();
    let link = |name: &str, to: &str, count: usize| TermCount {
        name: name.to_string(),
        href: w.href(from, to),
        count,
    };
    let count = |kind: Kind| site.section(kind).len();
    // A section's list page, named as the menu and breadcrumbs name it.
    let section = |kind: Kind| {
        let to = format!("{}/", kind.section());
        link(kind.section_title(), &to, count(kind))
    };
    let columns = vec![
        link("首页", "", 0),
        section(Kind::Article),
        link("光荣榜", "honors/", count(Kind::Profile)),
        section(Kind::Profile),
        section(Kind::Document),
        section(Kind::Briefing),
    ];
    let categories = w
        .terms_by_pinyin(Taxonomy::Categories)
        .into_iter()
        .map(|t| {
            let to = format!("{}/{}/", Taxonomy::Categories.section(), t.slug);
            link(&t.name, &to, t.pages.len())
        })
        .collect();
    let pages = site
        .section(Kind::Page)
        .iter()
        .map(|&i| &site.pages[i])
        .map(|p| link(&p.meta.title, &p.path, 0))
        .collect();
    let mut other = Vec::new();
    if !w.archive_years.is_empty() {
        other.push(link("归档", "archive/", 0));
    }
    for tax in [Taxonomy::Categories, Taxonomy::Tags] {
        if !w.terms(tax).is_empty() {
            other.push(link(tax.title(), &format!("{}/", tax.section()), 0));
        }
    }
    if let Some(search) = &w.input.search_path {
        other.push(link("站内搜索", search, 0));
    }
    other.push(link("RSS订阅", "rss.xml", 0));
    [
        ("主要栏目", columns),
        ("分类栏目", categories),
        ("单页", pages),
        ("其他", other),
    ]
    .into_iter()
    .filter(|(_, links)| !links.is_empty())
    .map(|(title, links)| SiteMapGroup { title, links })
    .collect()
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

//! RSS feeds (site and per section), sitemap.xml and robots.txt. Written directly (no templates):
//! they are data formats, and escaping is easier to get right in one place.

use std::fmt::Write as _;

use crate::markdown::sanitize::escape_text;
use crate::model::Site;
use crate::model::date::Date;
use crate::model::page::Kind;
use crate::render::links::Linker;

/// An RSS `<description>` holds HTML (RSS 2.0), which readers render: plain text is escaped
/// as HTML first and then as XML, so a summary that reads `<img onerror=…>` stays text.
fn text_as_feed_html(text: &str) -> String {
    escape_text(&escape_text(text))
}
use crate::render::RenderInput;
use crate::render::select::Deps;
use crate::write::{FailSink, Output};

/// Items per feed.
const FEED_ITEMS: usize = 20;

/// The RSS feeds (the whole site's and one per section) and the sitemap.
pub struct Feeds;

impl crate::channels::Channel for Feeds {
    fn name(&self) -> &'static str {
        "feeds"
    }

    fn render(&self, input: &RenderInput, out: &Output) -> Vec<crate::diagnostic::Diagnostic> {
        let linker = Linker {
            portable: input.portable,
        };
        let sink = crate::write::Collector::default();
        write_all(input, &linker, out, &sink);
        sink.into_inner()
    }
}

/// Writes every feed, the sitemap and robots.txt (in `serve`, only those whose content
/// changed; the rest are kept).
pub fn write_all(input: &RenderInput, linker: &Linker, out: &Output, sink: &dyn FailSink) {
    let site = input.site;
    let all = newest_first(
        site,
        [Kind::Article, Kind::Profile, Kind::Briefing, Kind::Document]
            .iter()
            .flat_map(|&k| site.section(k).iter().copied())
            .filter(|&i| site.pages[i].meta.date.is_some()),
    );
    let feed = |path: &str, title: &str, items: &[usize]| {
        // A feed shows its newest items, its first item's date and its own path and title.
        let shown = &items[..items.len().min(FEED_ITEMS)];
        if input.needs(path, || Deps::pages(shown.iter().copied()).with(title)) {
            out.write(
                path,
                rss(input, linker, path, title, items).as_bytes(),
                sink,
            );
        } else {
            out.keep(path);
        }
    };
    feed("rss.xml", &site.config.title, &all);
    for kind in [Kind::Article, Kind::Profile, Kind::Briefing, Kind::Document] {
        let items = newest_first(site, site.section(kind).iter().copied());
        let path = format!("{}/rss.xml", kind.section());
        let title = format!("{} - {}", kind.section_title(), site.config.title);
        feed(&path, &title, &items);
    }
    // The sitemap shows every published page's path and date, nothing else of a page.
    let sitemap_deps = || {
        let mut d = Deps::default();
        for p in site.pages.iter().filter(|p| p.published) {
            d = d.with((&p.path, p.meta.updated.or(p.meta.date)));
        }
        d
    };
    if input.needs("sitemap.xml", sitemap_deps) {
        out.write("sitemap.xml", sitemap(input, linker).as_bytes(), sink);
    } else {
        out.keep("sitemap.xml");
    }
    let mut robots = String::from("User-agent: *\nAllow: /\n");
    if let Some(b) = site.config.base_url() {
        let _ = writeln!(robots, "Sitemap: {b}sitemap.xml");
    }
    out.write("robots.txt", robots.as_bytes(), sink);
}

/// `pages` newest first, pages of one date in the order given. The dates are copied out
/// before sorting: reading them through `site.pages` missed the cache on every comparison,
/// five sorts of up to every page on each rebuild in `serve`.
fn newest_first(site: &Site, pages: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut dated: Vec<(std::cmp::Reverse<Option<Date>>, usize)> = pages
        .map(|i| (std::cmp::Reverse(site.pages[i].meta.date), i))
        .collect();
    dated.sort_by_key(|&(d, _)| d);
    dated.into_iter().map(|(_, i)| i).collect()
}

/// The URL of a site path as feeds show it: absolute with base_url, else relative to the feed.
fn url(input: &RenderInput, linker: &Linker, from: &str, to: &str) -> String {
    match input.site.config.base_url() {
        Some(b) => format!("{b}{to}"),
        None => linker.href(from, to),
    }
}

fn rss(input: &RenderInput, linker: &Linker, path: &str, title: &str, items: &[usize]) -> String {
    let site = input.site;
    let cfg = &site.config;
    let mut x = String::with_capacity(8192);
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n");
    let _ = writeln!(x, "<title>{}</title>", escape_text(title));
    let _ = writeln!(
        x,
        "<link>{}</link>",
        escape_text(&url(input, linker, path, ""))
    );
    let _ = writeln!(
        x,
        "<description>{}</description>",
        text_as_feed_html(if cfg.description.is_empty() {
            &cfg.title
        } else {
            &cfg.description
        })
    );
    let _ = writeln!(
        x,
        "<language>{}</language>",
        escape_text(&cfg.language.to_ascii_lowercase())
    );
    if cfg.base_url().is_some() {
        let _ = writeln!(
            x,
            "<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>",
            escape_text(&url(input, linker, path, path))
        );
    }
    if let Some(d) = items.first().and_then(|&i| site.pages[i].meta.date) {
        let _ = writeln!(x, "<lastBuildDate>{}</lastBuildDate>", d.rfc2822());
    }
    for &i in items.iter().take(FEED_ITEMS) {
        let p = &site.pages[i];
        let link = url(input, linker, path, &p.path);
        x.push_str("<item>\n");
        let _ = writeln!(x, "<title>{}</title>", escape_text(&p.meta.title));
        let _ = writeln!(x, "<link>{}</link>", escape_text(&link));
        let _ = writeln!(
            x,
            "<guid isPermaLink=\"{}\">{}</guid>",
            cfg.base_url().is_some(),
            escape_text(&link)
        );
        if let Some(d) = p.meta.date {
            let _ = writeln!(x, "<pubDate>{}</pubDate>", d.rfc2822());
        }
        for c in &p.meta.categories {
            let _ = writeln!(x, "<category>{}</category>", escape_text(c));
        }
        let _ = writeln!(
            x,
            "<description>{}</description>",
            text_as_feed_html(input.summary(p))
        );
        x.push_str("</item>\n");
    }
    x.push_str("</channel>\n</rss>\n");
    x
}

fn sitemap(input: &RenderInput, linker: &Linker) -> String {
    let site = input.site;
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut entry = |path: &str, lastmod: Option<String>| {
        let _ = write!(
            x,
            "<url><loc>{}</loc>",
            escape_text(&url(input, linker, "sitemap.xml", path))
        );
        if let Some(l) = lastmod {
            let _ = write!(x, "<lastmod>{l}</lastmod>");
        }
        x.push_str("</url>\n");
    };
    entry("", None);
    for section in [
        "articles/",
        "profiles/",
        "honors/",
        "briefings/",
        "documents/",
        "archive/",
    ] {
        entry(section, None);
    }
    for p in site.pages.iter().filter(|p| p.published) {
        entry(&p.path, p.meta.updated.or(p.meta.date).map(|d| d.iso()));
    }
    x.push_str("</urlset>\n");
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_descriptions_keep_text_as_text() {
        // A reader unescapes the XML once and renders the HTML: what it renders is the text.
        assert_eq!(
            text_as_feed_html("<img src=x onerror=x()> & 双拥"),
            "&amp;lt;img src=x onerror=x()&amp;gt; &amp;amp; 双拥"
        );
    }
}

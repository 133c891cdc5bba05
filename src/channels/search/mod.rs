//! Site search (站内搜索): a Chinese-aware index written at build time as plain `<script>` files,
//! and the search page that the client (`themes/default/assets/search.js`) fills in.
//!
//! [`fold`] and [`tokenize`] define the one tokenisation both sides use (pinned by
//! `tests/search-vectors.json`); [`index`] builds and shards the postings. Only published,
//! non-draft pages without `search: false` are indexed: internal content never gets here.

pub mod index;
pub mod tokenize;

use std::borrow::Cow;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::model::page::{Kind, Page};
use crate::render::RenderInput;
use crate::render::links::Linker;
use crate::write::{Collector, Output};

/// Site path of the search page (and of its index files).
pub const SEARCH_PATH: &str = "search/";

/// Content types in index order; a type's number is its place here.
pub const KINDS: [Kind; 5] = [
    Kind::Article,
    Kind::Profile,
    Kind::Briefing,
    Kind::Document,
    Kind::Page,
];

fn kind_number(k: Kind) -> u8 {
    KINDS.iter().position(|&x| x == k).unwrap_or(0) as u8
}

/// True for pages that go into the index: on the website, not a draft (not even in a
/// `--drafts` preview), and not opted out with `search: false`.
pub fn indexed(p: &Page) -> bool {
    p.published && !p.meta.draft && p.meta.search
}

/// Indexed pages, in id order: by type, then newest first, then title.
fn indexed_pages(input: &RenderInput) -> Vec<usize> {
    let pages = &input.site.pages;
    let mut ids: Vec<usize> = (0..pages.len()).filter(|&i| indexed(&pages[i])).collect();
    ids.sort_by(|&a, &b| {
        let (pa, pb) = (&pages[a], &pages[b]);
        (
            kind_number(pa.kind),
            std::cmp::Reverse(pa.meta.date),
            &pa.meta.title,
            &pa.path,
        )
            .cmp(&(
                kind_number(pb.kind),
                std::cmp::Reverse(pb.meta.date),
                &pb.meta.title,
                &pb.path,
            ))
    });
    ids
}

/// `2026年第5期（总第41期）` or `增刊第1期`.
fn issue_label(p: &Page) -> Option<String> {
    let b = p.briefing.as_ref()?;
    let mut s = b.number_label(p.meta.date);
    if let Some(t) = b.total_label() {
        s.push_str(&format!("（{t}）"));
    }
    Some(s)
}

fn push_some(v: &mut Vec<String>, s: Option<&String>) {
    if let Some(s) = s.map(|s| s.trim()).filter(|s| !s.is_empty()) {
        v.push(s.to_string());
    }
}

/// The searchable view of one page.
fn doc_for<'a>(input: &RenderInput<'a>, linker: &Linker, from: &str, i: usize) -> index::Doc<'a> {
    let site = input.site;
    let p = &site.pages[i];
    let mut extra = Vec::new();
    let mut lead: Vec<String> = Vec::new();
    if let Some(pr) = &p.profile {
        extra.push(pr.honor.clone());
        extra.push(format!("{}年度", pr.year));
        push_some(&mut lead, pr.citation.as_ref());
        push_some(&mut lead, pr.region.as_ref());
        push_some(&mut lead, pr.unit.as_ref());
        push_some(&mut lead, pr.service.as_ref());
    }
    if let Some(b) = &p.briefing {
        let series = site
            .config
            .series(&b.series)
            .map_or_else(|| b.series.clone(), |s| s.name.clone());
        extra.push(series);
        extra.extend(issue_label(p));
        lead.push(b.editor.clone());
        for j in site.briefing_items(p) {
            if indexed(&site.pages[j]) {
                lead.push(site.pages[j].meta.title.clone());
            }
        }
    }
    if let Some(d) = &p.document {
        push_some(&mut extra, d.doc_no.as_ref());
        push_some(&mut extra, d.publisher.as_ref());
        push_some(&mut lead, d.index_no.as_ref());
    }
    // The body first (snippets without a match show its beginning), then the extra fields.
    let mut body = Cow::Borrowed(input.rendered_for(p).map_or("", |r| r.plain.trim()));
    for l in lead {
        let b = body.to_mut();
        if !b.is_empty() {
            b.push('\n');
        }
        b.push_str(&l);
    }
    index::Doc {
        kind: kind_number(p.kind),
        title: p.meta.title.clone(),
        extra,
        body,
        href: linker.href(from, &p.path),
        year: p.meta.date.map_or(0, |d| d.year),
        date_cn: p.meta.date.map(|d| d.chinese()),
        date_iso: p.meta.date.map(|d| d.iso()),
    }
}

/// A type filter choice on the search page.
#[derive(Debug, Clone, Serialize)]
pub struct KindChoice {
    /// Type number used by the client (`type=` in the URL).
    pub id: u8,
    /// `article` …
    pub name: &'static str,
    /// 文章 / 人物 / 简报 / 文件 / 页面.
    pub label: &'static str,
}

/// What `search.html` receives as `search` (see `themes/default/CONTEXT.md`).
#[derive(Debug, Clone, Serialize)]
pub struct SearchView {
    /// The search page itself, for its form's `action` (an empty `action` is invalid HTML).
    pub page_href: String,
    /// The client script.
    pub script_href: String,
    /// The index's meta script.
    pub index_href: String,
    /// Folder of the index files, relative to the page, ending in `/`.
    pub data_href: String,
    /// Content types that have indexed pages.
    pub kinds: Vec<KindChoice>,
    /// Years of indexed pages, newest first.
    pub years: Vec<i32>,
    /// Number of indexed pages.
    pub count: usize,
}

/// The search page's context, for the page at `from`.
pub fn view(input: &RenderInput, linker: &Linker, from: &str) -> SearchView {
    let base = input.search_path.as_deref().unwrap_or(SEARCH_PATH);
    let pages = &input.site.pages;
    // Only which kinds and years there are and how many pages: no need for id order.
    let ids: Vec<usize> = (0..pages.len()).filter(|&i| indexed(&pages[i])).collect();
    let kinds = KINDS
        .iter()
        .filter(|&&k| ids.iter().any(|&i| pages[i].kind == k))
        .map(|&k| KindChoice {
            id: kind_number(k),
            name: k.id(),
            label: k.label(),
        })
        .collect();
    let mut years: Vec<i32> = ids
        .iter()
        .filter_map(|&i| pages[i].meta.date.map(|d| d.year))
        .collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    SearchView {
        page_href: linker.href(from, base),
        script_href: linker.href(from, "assets/search.js"),
        index_href: linker.href(from, &format!("{base}meta.js")),
        data_href: format!("{}{base}", linker.root(from)),
        kinds,
        years,
        count: ids.len(),
    }
}

/// Writes the search index next to the search page (when the site has one).
pub struct Search;

impl crate::channels::Channel for Search {
    fn name(&self) -> &'static str {
        "search"
    }

    fn render(&self, input: &RenderInput, out: &Output) -> Vec<Diagnostic> {
        let mut clock = crate::timing::Clock::start();
        let Some(docs) = Documents::collect(input) else {
            return Vec::new();
        };
        clock.lap("search documents");
        let sink = Collector::default();
        docs.write(&|rel, bytes| out.write(&rel, &bytes, &sink));
        clock.lap("search index and writing");
        sink.into_inner()
    }

    fn deferrable(&self) -> bool {
        true
    }

    fn deferred(&self, input: &RenderInput) -> Option<crate::channels::Deferred> {
        let docs = Documents::collect(input)?.into_owned();
        Some(crate::channels::Deferred::new(move || docs.files()))
    }
}

/// What the index is built from, taken out of the site so the (slow) building can run on
/// another thread while `serve` goes on.
pub struct Documents<'a> {
    base: String,
    docs: Vec<index::Doc<'a>>,
}

impl<'a> Documents<'a> {
    /// The documents of every indexed page (None when the site has no search page).
    pub fn collect(input: &RenderInput<'a>) -> Option<Documents<'a>> {
        let base = input.search_path.as_deref()?;
        let linker = Linker {
            portable: input.portable,
        };
        let docs: Vec<index::Doc<'a>> = indexed_pages(input)
            .into_par_iter()
            .map(|i| doc_for(input, &linker, base, i))
            .collect();
        Some(Documents {
            base: base.to_string(),
            docs,
        })
    }

    /// The documents with their own copy of every text, for work on another thread.
    pub fn into_owned(self) -> Documents<'static> {
        Documents {
            base: self.base,
            docs: self
                .docs
                .into_par_iter()
                .map(|d| index::Doc {
                    body: Cow::Owned(d.body.into_owned()),
                    ..d
                })
                .collect(),
        }
    }

    /// Hands every index file to `emit` as it is made, as an output path and bytes.
    pub fn write(&self, emit: index::Emit) {
        let kinds: Vec<(&str, &str)> = KINDS.iter().map(|k| (k.id(), k.label())).collect();
        index::build(&self.docs, &kinds, &|rel, bytes| {
            emit(format!("{}{rel}", self.base), bytes);
        });
    }

    /// The index files, as output paths and bytes, in order of path (`serve` builds them on a
    /// thread of their own and writes them when the site is served).
    pub fn files(&self) -> Vec<(String, Vec<u8>)> {
        index::gathered(|emit| self.write(emit))
    }
}

//! The website renderer: every page of SPEC §5 through the theme's templates, written in parallel.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde_json::json;
use tera::Context;

use crate::diagnostic::Diagnostic;
use crate::images::{Crop, Focus, Settings};
use crate::markdown::Rendered;
use crate::model::page::{Kind, Page, Validity};
use crate::model::{Site, Taxonomy, Term};
use crate::render::RenderInput;
use crate::render::links::Linker;
use crate::render::picture::{self as markup, Usage};
use crate::render::select::{Deps, Selection};
use crate::render::views::*;
use crate::write::{Collector, FailSink, Output};

/// Renders the public website.
pub struct Website;

impl crate::channels::Channel for Website {
    fn name(&self) -> &'static str {
        "html"
    }

    fn render(&self, input: &RenderInput, out: &Output) -> Vec<Diagnostic> {
        let r = Html {
            input,
            linker: Linker {
                portable: input.portable,
            },
            errors: Collector::default(),
            archive: archive(input.site),
            validity_counts: Validity::ALL.map(|v| {
                let docs = input.site.section(Kind::Document);
                docs.iter()
                    .filter(|&&i| validity(&input.site.pages[i]) == v)
                    .count()
            }),
        };
        r.all(out);
        r.errors.into_inner()
    }
}

/// Published dated pages (single pages aside) by year and month, newest first within a month.
type Archive = BTreeMap<i32, BTreeMap<u8, Vec<usize>>>;

struct Html<'a> {
    input: &'a RenderInput<'a>,
    linker: Linker,
    errors: Collector,
    /// Computed once: every archive page and the archive index read it.
    archive: Archive,
    /// Documents per 有效性, in [`Validity::ALL`] order, for every document list's filter bar.
    validity_counts: [usize; Validity::ALL.len()],
}

/// One output page to render.
enum Job<'a> {
    Content(usize),
    List {
        kind: Kind,
        path: String,
        number: usize,
        total: usize,
        items: &'a [usize],
    },
    Honors,
    Briefings,
    Documents {
        filter: Option<Validity>,
        path: String,
        number: usize,
        total: usize,
        items: Vec<usize>,
    },
    Taxonomy(Taxonomy),
    Term {
        tax: Taxonomy,
        term: &'a Term,
        path: String,
        number: usize,
        total: usize,
        items: &'a [usize],
    },
    Archive,
    ArchiveYear(i32),
    Home,
    NotFound,
    Search(String),
    Alias {
        path: String,
        target: usize,
    },
}

impl Html<'_> {
    fn site(&self) -> &Site {
        self.input.site
    }

    fn href(&self, from: &str, to: &str) -> String {
        self.linker.href(from, to)
    }

    fn all(&self, out: &Output) {
        let site = self.site();
        let per = site.config.paginate.max(1);
        let mut jobs: Vec<Job> = Vec::new();
        for (i, p) in site.pages.iter().enumerate() {
            if p.published {
                jobs.push(Job::Content(i));
            }
        }
        for kind in [Kind::Article, Kind::Profile] {
            let items = site.section(kind);
            let base = format!("{}/", kind.section());
            let chunks: Vec<&[usize]> = if items.is_empty() {
                vec![&[]]
            } else {
                items.chunks(per).collect()
            };
            let total = chunks.len();
            for (n, c) in chunks.into_iter().enumerate() {
                jobs.push(Job::List {
                    kind,
                    path: page_path(&base, n + 1),
                    number: n + 1,
                    total,
                    items: c,
                });
            }
        }
        jobs.push(Job::Honors);
        jobs.push(Job::Briefings);
        let docs = site.section(Kind::Document);
        for filter in std::iter::once(None).chain(Validity::ALL.into_iter().map(Some)) {
            let items: Vec<usize> = docs
                .iter()
                .copied()
                .filter(|&i| filter.is_none_or(|f| validity(&site.pages[i]) == f))
                .collect();
            let base = match filter {
                None => "documents/".to_string(),
                Some(v) => format!("documents/{}/", v.id()),
            };
            let chunks: Vec<Vec<usize>> = if items.is_empty() {
                vec![Vec::new()]
            } else {
                items.chunks(per).map(<[usize]>::to_vec).collect()
            };
            let total = chunks.len();
            for (n, c) in chunks.into_iter().enumerate() {
                jobs.push(Job::Documents {
                    filter,
                    path: page_path(&base, n + 1),
                    number: n + 1,
                    total,
                    items: c,
                });
            }
        }
        for (tax, terms) in [
            (Taxonomy::Categories, &site.categories),
            (Taxonomy::Tags, &site.tags),
        ] {
            jobs.push(Job::Taxonomy(tax));
            for term in terms {
                let base = format!("{}/{}/", tax.section(), term.slug);
                let chunks: Vec<&[usize]> = term.pages.chunks(per).collect();
                let total = chunks.len();
                for (n, c) in chunks.into_iter().enumerate() {
                    jobs.push(Job::Term {
                        tax,
                        term,
                        path: page_path(&base, n + 1),
                        number: n + 1,
                        total,
                        items: c,
                    });
                }
            }
        }
        jobs.push(Job::Archive);
        for y in self.archive.keys() {
            jobs.push(Job::ArchiveYear(*y));
        }
        jobs.push(Job::Home);
        jobs.push(Job::NotFound);
        if let Some(sp) = &self.input.search_path {
            jobs.push(Job::Search(sp.clone()));
        }
        for (path, target) in &site.aliases {
            jobs.push(Job::Alias {
                path: path.clone(),
                target: *target,
            });
        }
        let mut clock = crate::timing::Clock::start();
        jobs.par_iter().for_each(|job| {
            // Only `serve` compares fingerprints; a clean build renders every job.
            if let Some(selection) = self.input.selection {
                let path = self.job_path(job);
                if self.untouched(job, selection) || !self.input.needs(&path, || self.job_deps(job))
                {
                    out.keep(&Linker::file_for(&path));
                    return;
                }
            }
            let (path, template, ctx) = match self.job(job) {
                Some(x) => x,
                None => return,
            };
            match self.input.templates.render(template, &ctx) {
                Ok(html) => out.write(&Linker::file_for(&path), html.as_bytes(), self),
                Err(d) => self.fail(d),
            }
        });
        clock.lap("html pages");
    }

    /// True for a job that shows a fixed set of pages, none of them changed, in an edit that
    /// kept the site's structure (see [`Selection::structure_kept`]). Jobs that pick their
    /// pages themselves (home, archive, honors …) are never skipped this way.
    fn untouched(&self, job: &Job, selection: &Selection) -> bool {
        let site = self.site();
        match job {
            Job::Content(i) if site.pages[*i].briefing.is_none() => {
                selection.untouched(self.page_and_neighbours(*i))
            }
            Job::List { items, .. } | Job::Term { items, .. } => {
                selection.untouched(items.iter().copied())
            }
            Job::Documents { .. } => {
                selection.untouched(site.section(Kind::Document).iter().copied())
            }
            _ => false,
        }
    }

    /// The site path a job writes.
    fn job_path(&self, job: &Job) -> String {
        match job {
            Job::Content(i) => self.site().pages[*i].path.clone(),
            Job::List { path, .. }
            | Job::Documents { path, .. }
            | Job::Term { path, .. }
            | Job::Search(path) => path.clone(),
            Job::Honors => "honors/".into(),
            Job::Briefings => "briefings/".into(),
            Job::Taxonomy(tax) => format!("{}/", tax.section()),
            Job::Archive => "archive/".into(),
            Job::ArchiveYear(y) => format!("archive/{y}/"),
            Job::Home => String::new(),
            Job::NotFound => "404.html".into(),
            Job::Alias { path, .. } => alias_path(path),
        }
    }

    /// Page `i` and the newer and older pages its page links to.
    fn page_and_neighbours(&self, i: usize) -> Vec<usize> {
        let (newer, older) = self.site().neighbours.get(&i).copied().unwrap_or_default();
        std::iter::once(i).chain(newer).chain(older).collect()
    }

    /// What a job shows, for `serve` (see [`crate::render::select`]). It must name every page
    /// whose title, link, summary, date or body the job's context reads.
    fn job_deps(&self, job: &Job) -> Deps {
        let site = self.site();
        match job {
            Job::Content(i) => {
                let mut pages = self.page_and_neighbours(*i);
                if site.pages[*i].briefing.is_some() {
                    pages.extend(site.briefing_items(&site.pages[*i]));
                }
                Deps::pages(pages)
            }
            Job::List {
                kind,
                number,
                total,
                items,
                ..
            } => Deps::pages(items.iter().copied()).with((kind, number, total)),
            Job::Honors => Deps::pages(site.section(Kind::Profile).iter().copied()),
            Job::Briefings => Deps::pages(site.section(Kind::Briefing).iter().copied()),
            // Every document: the filter bar counts them all.
            Job::Documents {
                filter,
                number,
                total,
                items,
                ..
            } => Deps::pages(site.section(Kind::Document).iter().copied()).with((
                filter.map(Validity::id),
                number,
                total,
                items.len(),
            )),
            Job::Taxonomy(tax) => {
                let terms = match tax {
                    Taxonomy::Categories => &site.categories,
                    Taxonomy::Tags => &site.tags,
                };
                Deps::default().with(
                    terms
                        .iter()
                        .map(|t| (&t.name, &t.slug, t.pages.len()))
                        .collect::<Vec<_>>(),
                )
            }
            Job::Term {
                term,
                number,
                total,
                items,
                ..
            } => Deps::pages(items.iter().copied()).with((&term.name, &term.slug, number, total)),
            Job::Archive => Deps::default().with(self.archive_shape()),
            Job::ArchiveYear(y) => Deps::pages(
                self.archive
                    .get(y)
                    .into_iter()
                    .flat_map(|m| m.values().flatten().copied()),
            )
            .with(self.archive_shape()),
            Job::Home => {
                let h = self.home_picks();
                let mut pages = h.news;
                pages.extend(h.featured);
                pages.extend(h.profiles);
                pages.extend(h.briefings);
                pages.extend(h.documents);
                Deps::pages(pages)
            }
            Job::NotFound => Deps::default(),
            Job::Search(path) => Deps::default().with(
                serde_json::to_string(&crate::channels::search::view(
                    self.input,
                    &self.linker,
                    path,
                ))
                .unwrap_or_default(),
            ),
            Job::Alias { target, .. } => Deps::pages([*target]),
        }
    }

    /// Years, months and how many pages each has: what every archive page's index shows.
    fn archive_shape(&self) -> Vec<(i32, u8, usize)> {
        self.archive
            .iter()
            .flat_map(|(y, ms)| ms.iter().map(|(m, v)| (*y, *m, v.len())))
            .collect()
    }

    /// What the home page shows.
    fn home_picks(&self) -> HomePicks {
        let site = self.site();
        let articles = site.section(Kind::Article);
        let mut briefings: Vec<usize> = site.section(Kind::Briefing).to_vec();
        briefings.sort_by_key(|&i| std::cmp::Reverse(site.pages[i].meta.date));
        briefings.truncate(5);
        HomePicks {
            news: articles.iter().take(8).copied().collect(),
            featured: articles
                .iter()
                .find(|&&i| site.pages[i].meta.cover.is_some())
                .copied(),
            profiles: site
                .section(Kind::Profile)
                .iter()
                .take(4)
                .copied()
                .collect(),
            briefings,
            documents: site
                .section(Kind::Document)
                .iter()
                .take(5)
                .copied()
                .collect(),
        }
    }

    fn job(&self, job: &Job) -> Option<(String, &'static str, Context)> {
        let site = self.site();
        Some(match job {
            Job::Content(i) => {
                let p = &site.pages[*i];
                let template = match p.kind {
                    Kind::Article => "article.html",
                    Kind::Profile => "profile.html",
                    Kind::Briefing => "briefing.html",
                    Kind::Document => "document.html",
                    Kind::Page => "page.html",
                };
                (p.path.clone(), template, self.content_ctx(*i))
            }
            Job::List {
                kind,
                path,
                number,
                total,
                items,
            } => {
                let mut ctx = self.common(
                    path,
                    Some(*kind),
                    vec![(kind.section_title().to_string(), None)],
                    kind.section_title(),
                    None,
                    None,
                );
                ctx.insert(
                    "feed_href",
                    &Some(self.href(path, &format!("{}/rss.xml", kind.section()))),
                );
                let base = format!("{}/", kind.section());
                ctx.insert("pagination", &self.pagination(path, &base, *number, *total));
                if *kind == Kind::Profile {
                    let cards: Vec<ProfileCard> =
                        items.iter().map(|&i| self.profile_card(path, i)).collect();
                    ctx.insert(
                        "list",
                        &json!({"title": kind.section_title(), "description": "", "items": cards}),
                    );
                    ctx.insert("honors_href", &self.href(path, "honors/"));
                    (path.clone(), "profiles.html", ctx)
                } else {
                    let cards: Vec<Card> = items.iter().map(|&i| self.card(path, i)).collect();
                    ctx.insert(
                        "list",
                        &json!({"title": kind.section_title(), "description": "", "items": cards}),
                    );
                    (path.clone(), "section.html", ctx)
                }
            }
            Job::Honors => {
                let path = "honors/".to_string();
                let mut ctx = self.common(
                    &path,
                    Some(Kind::Profile),
                    vec![("光荣榜".into(), None)],
                    "光荣榜",
                    None,
                    None,
                );
                ctx.insert("groups", &self.honor_groups(&path));
                (path, "honors.html", ctx)
            }
            Job::Briefings => {
                let path = "briefings/".to_string();
                let mut ctx = self.common(
                    &path,
                    Some(Kind::Briefing),
                    vec![("双拥简报".into(), None)],
                    "双拥简报",
                    None,
                    None,
                );
                ctx.insert("feed_href", &Some(self.href(&path, "briefings/rss.xml")));
                ctx.insert("series", &self.series_views(&path, usize::MAX));
                (path, "briefings.html", ctx)
            }
            Job::Documents {
                filter,
                path,
                number,
                total,
                items,
            } => {
                let mut crumbs = vec![("政策文件".to_string(), Some("documents/".to_string()))];
                if let Some(f) = filter {
                    crumbs.push((f.label().to_string(), None));
                } else {
                    crumbs[0].1 = None;
                }
                let mut ctx =
                    self.common(path, Some(Kind::Document), crumbs, "政策文件", None, None);
                ctx.insert("feed_href", &Some(self.href(path, "documents/rss.xml")));
                let base = match filter {
                    None => "documents/".to_string(),
                    Some(v) => format!("documents/{}/", v.id()),
                };
                ctx.insert("pagination", &self.pagination(path, &base, *number, *total));
                let docs: Vec<serde_json::Value> =
                    items.iter().map(|&i| self.document_item(path, i)).collect();
                ctx.insert(
                    "list",
                    &json!({"title": "政策文件", "description": "", "items": docs}),
                );
                let all = site.section(Kind::Document);
                let mut filters = vec![
                    json!({"name": "全部", "href": self.href(path, "documents/"), "current": filter.is_none(), "count": all.len()}),
                ];
                for (v, count) in Validity::ALL.into_iter().zip(self.validity_counts) {
                    filters.push(json!({"name": v.label(), "href": self.href(path, &format!("documents/{}/", v.id())), "current": *filter == Some(v), "count": count}));
                }
                ctx.insert("filters", &filters);
                (path.clone(), "documents.html", ctx)
            }
            Job::Taxonomy(tax) => {
                let path = format!("{}/", tax.section());
                let mut ctx = self.common(
                    &path,
                    None,
                    vec![(tax.title().into(), None)],
                    tax.title(),
                    None,
                    None,
                );
                let terms = match tax {
                    Taxonomy::Categories => &site.categories,
                    Taxonomy::Tags => &site.tags,
                };
                let views: Vec<serde_json::Value> = terms
                    .iter()
                    .map(|t| json!({"name": t.name, "href": self.href(&path, &format!("{}/{}/", tax.section(), t.slug)), "count": t.pages.len()}))
                    .collect();
                ctx.insert("taxonomy", &json!({"title": tax.title(), "terms": views}));
                (path, "taxonomy.html", ctx)
            }
            Job::Term {
                tax,
                term,
                path,
                number,
                total,
                items,
            } => {
                let crumbs = vec![
                    (tax.title().to_string(), Some(format!("{}/", tax.section()))),
                    (term.name.clone(), None),
                ];
                let mut ctx = self.common(path, None, crumbs, &term.name, None, None);
                let base = format!("{}/{}/", tax.section(), term.slug);
                ctx.insert("pagination", &self.pagination(path, &base, *number, *total));
                let cards: Vec<Card> = items.iter().map(|&i| self.card(path, i)).collect();
                ctx.insert("list", &json!({"title": format!("{}：{}", tax.title(), term.name), "description": "", "items": cards}));
                (path.clone(), "term.html", ctx)
            }
            Job::Archive => {
                let path = "archive/".to_string();
                let mut ctx =
                    self.common(&path, None, vec![("归档".into(), None)], "归档", None, None);
                let archive = ArchiveView {
                    year: None,
                    years: self.archive_index(&path),
                    months: None,
                };
                ctx.insert("archive", &archive);
                (path, "archive.html", ctx)
            }
            Job::ArchiveYear(y) => {
                let path = format!("archive/{y}/");
                let crumbs = vec![
                    ("归档".to_string(), Some("archive/".to_string())),
                    (format!("{y}年"), None),
                ];
                let mut ctx = self.common(&path, None, crumbs, &format!("{y}年归档"), None, None);
                let months = self.archive.get(y).map_or_else(Vec::new, |by_month| {
                    by_month
                        .iter()
                        .rev()
                        .map(|(&month, items)| ArchiveMonth {
                            month,
                            label: format!("{month}月"),
                            anchor: format!("m{month}"),
                            items: items.iter().map(|&i| self.card(&path, i)).collect(),
                        })
                        .collect()
                });
                let archive = ArchiveView {
                    year: Some(*y),
                    years: self.archive_index(&path),
                    months: Some(months),
                };
                ctx.insert("archive", &archive);
                (path, "archive_year.html", ctx)
            }
            Job::Home => {
                let path = String::new();
                let mut ctx = self.common(&path, None, Vec::new(), "首页", None, None);
                ctx.insert("feed_href", &Some(self.href(&path, "rss.xml")));
                let picks = self.home_picks();
                let news: Vec<Card> = picks.news.iter().map(|&i| self.card(&path, i)).collect();
                let featured = picks.featured.map(|i| {
                    let mut card = self.card(&path, i);
                    // Above the fold: loaded at once, drawn wider than a card.
                    if let Some(c) = &mut card.cover {
                        c.lazy = false;
                        c.sizes = c.sizes.as_ref().map(|_| Usage::FEATURED.sizes.into());
                    }
                    card
                });
                let profiles: Vec<ProfileCard> = picks
                    .profiles
                    .iter()
                    .map(|&i| self.profile_card(&path, i))
                    .collect();
                let briefings: Vec<serde_json::Value> = picks
                    .briefings
                    .iter()
                    .map(|&i| self.issue_item(&path, i))
                    .collect();
                let documents: Vec<serde_json::Value> = picks
                    .documents
                    .iter()
                    .map(|&i| self.document_item(&path, i))
                    .collect();
                ctx.insert(
                    "home",
                    &json!({
                        "news": news, "featured": featured, "profiles": profiles, "briefings": briefings, "documents": documents,
                        "sections": {
                            "articles_href": self.href(&path, "articles/"), "profiles_href": self.href(&path, "profiles/"),
                            "honors_href": self.href(&path, "honors/"), "briefings_href": self.href(&path, "briefings/"),
                            "documents_href": self.href(&path, "documents/"),
                        }
                    }),
                );
                (path, "index.html", ctx)
            }
            Job::NotFound => {
                let path = "404.html".to_string();
                let ctx = self.common(
                    &path,
                    None,
                    vec![("页面不存在".into(), None)],
                    "页面不存在",
                    None,
                    None,
                );
                (path, "404.html", ctx)
            }
            Job::Search(path) => {
                let mut ctx = self.common(
                    path,
                    None,
                    vec![("站内搜索".into(), None)],
                    "站内搜索",
                    None,
                    None,
                );
                ctx.insert(
                    "search",
                    &crate::channels::search::view(self.input, &self.linker, path),
                );
                (path.clone(), "search.html", ctx)
            }
            Job::Alias { path, target } => {
                let t = &site.pages[*target];
                let mut ctx = self.common(path, None, Vec::new(), &t.meta.title, None, None);
                ctx.insert(
                    "redirect",
                    &json!({"href": self.href(path, &t.path), "title": t.meta.title}),
                );
                (alias_path(path), "redirect.html", ctx)
            }
        })
    }

    /// The common context: site, menu, breadcrumb, meta tags.
    fn common(
        &self,
        path: &str,
        section: Option<Kind>,
        crumbs: Vec<(String, Option<String>)>,
        title: &str,
        page: Option<&Page>,
        summary: Option<&str>,
    ) -> Context {
        let site = self.site();
        let cfg = &site.config;
        let mut ctx = Context::new();
        let base = cfg.base_url();
        ctx.insert("site", &self.input.site_view);
        let active_prefix = section.map(|k| format!("/{}/", k.section()));
        let menu: Vec<MenuItem> = cfg
            .menu
            .iter()
            .map(|m| {
                let internal = m.url.starts_with('/') && !m.url.starts_with("//");
                let href = if internal {
                    self.href(path, m.url.trim_start_matches('/'))
                } else {
                    m.url.clone()
                };
                let active = match &active_prefix {
                    Some(p) => {
                        m.url == *p
                            || (section == Some(Kind::Profile)
                                && m.url == "/honors/"
                                && path.starts_with("honors/"))
                    }
                    None => m.url == "/" && path.is_empty(),
                };
                let active = active
                    && !(section == Some(Kind::Profile)
                        && path.starts_with("honors/")
                        && m.url == "/profiles/");
                MenuItem {
                    name: m.name.clone(),
                    href,
                    active,
                }
            })
            .collect();
        ctx.insert("menu", &menu);
        ctx.insert("root", &self.linker.root(path));
        ctx.insert("home_href", &self.href(path, ""));
        let has_code = page.is_some_and(|p| self.input.rendered_for(p).is_some_and(|r| r.has_code));
        ctx.insert(
            "assets",
            &Assets {
                css: self.href(path, "assets/style.css"),
                js: self.href(path, "assets/site.js"),
                highlight_css: has_code.then(|| self.href(path, "assets/highlight.css")),
            },
        );
        ctx.insert(
            "search_href",
            &self.input.search_path.as_ref().map(|s| self.href(path, s)),
        );
        let mut breadcrumb = vec![Crumb {
            name: "首页".into(),
            href: Some(self.href(path, "")),
        }];
        for (name, to) in crumbs {
            breadcrumb.push(Crumb {
                name,
                href: to.map(|t| self.href(path, &t)),
            });
        }
        if path.is_empty() {
            breadcrumb[0].href = None;
        }
        ctx.insert("breadcrumb", &breadcrumb);
        let column = section.map_or_else(|| title.to_string(), |k| k.section_title().to_string());
        let url = match &base {
            Some(b) => format!("{b}{path}"),
            None => self.href(path, path),
        };
        let mut keywords: Vec<String> = Vec::new();
        if let Some(p) = page {
            keywords.extend(p.meta.categories.iter().cloned());
            keywords.extend(p.meta.tags.iter().cloned());
        }
        let image = page
            .and_then(|p| self.share_image(p))
            .map(|site_path| match &base {
                Some(b) => format!("{b}{site_path}"),
                None => self.href(path, &site_path),
            });
        let meta = MetaView {
            column_name: column,
            column_description: section.map_or_else(String::new, |k| {
                format!("{}{}", cfg.title, k.section_title())
            }),
            article_title: page.map(|p| p.meta.title.clone()),
            pub_date: page.and_then(|p| p.meta.date.map(|d| d.iso_minutes())),
            content_source: page.and_then(|p| {
                p.meta
                    .source
                    .clone()
                    .or_else(|| p.meta.credit.clone())
                    .or_else(|| cfg.organization.clone())
            }),
            keywords: keywords.join(","),
            description: summary.map_or_else(|| cfg.description.clone(), str::to_string),
            url,
            image,
            og_type: if page.is_some() { "article" } else { "website" },
        };
        ctx.insert("meta", &meta);
        let page_title = if path.is_empty() {
            cfg.title.clone()
        } else {
            format!("{title} - {}", cfg.title)
        };
        ctx.insert("page_title", &page_title);
        ctx.insert("feed_href", &Option::<String>::None);
        ctx.insert(
            "build",
            &BuildView {
                drafts: self.input.drafts,
            },
        );
        ctx.insert("year", &self.input.today.year);
        ctx
    }

    /// The view of an image a page names (`cover`, `photo`), as processed by the image step.
    fn img(
        &self,
        from: &str,
        page: &Page,
        written: &str,
        alt: &str,
        crop: Crop,
        usage: Usage,
    ) -> Option<Img> {
        let site_path = page.asset_site_path(written)?;
        Some(markup::view(
            self.input.images,
            &site_path,
            crop,
            alt,
            usage,
            &|p| self.href(from, p),
        ))
    }

    /// The portrait crop of a profile's photo.
    fn portrait_crop(&self, pr: &crate::model::page::Profile) -> Crop {
        Settings::from_config(&self.site().config.images)
            .portrait(Focus::parse(pr.photo_focus.as_deref()))
    }

    /// Site path of the image shared in Open Graph: the largest JPEG of the cover, else of
    /// the profile photo's portrait.
    fn share_image(&self, p: &Page) -> Option<String> {
        let cover = p
            .meta
            .cover
            .as_ref()
            .and_then(|(c, _)| p.asset_site_path(c))
            .map(|sp| (sp, Crop::Original));
        let photo = p.profile.as_ref().and_then(|pr| {
            let (ph, _) = pr.photo.as_ref()?;
            Some((p.asset_site_path(ph)?, self.portrait_crop(pr)))
        });
        let (site_path, crop) = cover.or(photo)?;
        Some(
            self.input
                .images
                .picture(&site_path, crop)
                .and_then(|pic| pic.largest())
                .map_or(site_path, |r| r.jpeg.clone()),
        )
    }

    fn term_links(&self, from: &str, tax: Taxonomy, names: &[String]) -> Vec<Link> {
        let terms = match tax {
            Taxonomy::Categories => &self.site().categories,
            Taxonomy::Tags => &self.site().tags,
        };
        names
            .iter()
            .filter_map(|n| terms.iter().find(|t| &t.name == n))
            .map(|t| Link {
                name: t.name.clone(),
                href: self.href(from, &format!("{}/{}/", tax.section(), t.slug)),
            })
            .collect()
    }

    fn card(&self, from: &str, i: usize) -> Card {
        let p = &self.site().pages[i];
        Card {
            title: p.meta.title.clone(),
            href: self.href(from, &p.path),
            date_cn: p.meta.date.map(|d| d.chinese()),
            date_iso: p.meta.date.map(|d| d.iso()),
            summary: self.input.summary(p).to_string(),
            cover: p.meta.cover.as_ref().and_then(|(c, _)| {
                self.img(from, p, c, &p.meta.title, Crop::Original, Usage::CARD)
            }),
            categories: self.term_links(from, Taxonomy::Categories, &p.meta.categories),
            kind_label: p.kind.label(),
        }
    }

    fn profile_card(&self, from: &str, i: usize) -> ProfileCard {
        let p = &self.site().pages[i];
        let pr = p.profile.clone().unwrap_or_default();
        let crop = self.portrait_crop(&pr);
        ProfileCard {
            title: p.meta.title.clone(),
            href: self.href(from, &p.path),
            honor: pr.honor,
            year: pr.year,
            region: pr.region,
            citation: pr.citation,
            photo: pr.photo.as_ref().and_then(|(ph, _)| {
                self.img(
                    from,
                    p,
                    ph,
                    pr.photo_alt.as_deref().unwrap_or(&p.meta.title),
                    crop,
                    Usage::PORTRAIT_CARD,
                )
            }),
        }
    }

    fn document_item(&self, from: &str, i: usize) -> serde_json::Value {
        let p = &self.site().pages[i];
        let d = p.document.clone().unwrap_or_default();
        let v = validity(p);
        json!({
            "title": p.meta.title, "href": self.href(from, &p.path), "doc_no": d.doc_no, "publisher": d.publisher,
            "written_cn": d.written.map(|x| x.chinese()), "date_cn": p.meta.date.map(|x| x.chinese()),
            "validity": v.label(), "validity_class": v.id(),
        })
    }

    fn number_labels(&self, p: &Page) -> (String, Option<String>) {
        let Some(b) = &p.briefing else {
            return (String::new(), None);
        };
        (
            b.number_label(p.meta.date),
            b.total.map(|t| format!("总第{t}期")),
        )
    }

    fn issue_item(&self, from: &str, i: usize) -> serde_json::Value {
        let p = &self.site().pages[i];
        let (number_label, total_label) = self.number_labels(p);
        json!({
            "title": p.meta.title, "href": self.href(from, &p.path), "number_label": number_label, "total_label": total_label,
            "date_cn": p.meta.date.map(|d| d.chinese()), "print_href": self.input.print_path(p).map(|pp| self.href(from, &pp)),
        })
    }

    fn series_views(&self, from: &str, limit: usize) -> Vec<serde_json::Value> {
        let site = self.site();
        site.config
            .briefings
            .0
            .iter()
            .filter_map(|(key, s)| {
                let issues: Vec<serde_json::Value> = site
                    .section(Kind::Briefing)
                    .iter()
                    .filter(|&&i| site.pages[i].briefing.as_ref().is_some_and(|b| &b.series == key))
                    .take(limit)
                    .map(|&i| self.issue_item(from, i))
                    .collect();
                (!issues.is_empty()).then(|| json!({"key": key, "name": s.name, "kind": s.kind.label(), "issues": issues}))
            })
            .collect()
    }

    fn honor_groups(&self, from: &str) -> Vec<serde_json::Value> {
        let site = self.site();
        let mut honors: Vec<String> = site.config.honors.clone();
        for &i in site.section(Kind::Profile) {
            if let Some(pr) = &site.pages[i].profile
                && !honors.contains(&pr.honor)
            {
                honors.push(pr.honor.clone());
            }
        }
        honors
            .iter()
            .filter_map(|h| {
                let mut by_year: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
                for &i in site.section(Kind::Profile) {
                    if let Some(pr) = &site.pages[i].profile
                        && &pr.honor == h {
                            by_year.entry(pr.year).or_default().push(i);
                        }
                }
                if by_year.is_empty() {
                    return None;
                }
                let years: Vec<serde_json::Value> = by_year
                    .iter()
                    .rev()
                    .map(|(y, v)| json!({"year": y, "people": v.iter().map(|&i| self.profile_card(from, i)).collect::<Vec<_>>()}))
                    .collect();
                Some(json!({"honor": h, "anchor": honor_anchor(h), "years": years}))
            })
            .collect()
    }

    fn archive_index(&self, from: &str) -> Vec<ArchiveYear> {
        self.archive
            .iter()
            .rev()
            .map(|(&year, months)| ArchiveYear {
                year,
                href: self.href(from, &format!("archive/{year}/")),
                count: months.values().map(Vec::len).sum(),
                months: months
                    .iter()
                    .rev()
                    .map(|(&month, v)| ArchiveMonthCount {
                        month,
                        count: v.len(),
                        anchor: format!("m{month}"),
                    })
                    .collect(),
            })
            .collect()
    }

    fn pagination(&self, from: &str, base: &str, current: usize, total: usize) -> Pagination {
        let link = |n: usize| self.href(from, &page_path(base, n));
        Pagination {
            current,
            total,
            prev_href: (current > 1).then(|| link(current - 1)),
            next_href: (current < total).then(|| link(current + 1)),
            // Only the numbers a pager shows: first, last and current ± 3 (long lists have
            // hundreds of pages; sending them all to every page is quadratic work).
            pages: (1..=total)
                .filter(|&n| n == 1 || n == total || n.abs_diff(current) <= 3)
                .map(|n| PageNumber {
                    number: n,
                    href: link(n),
                    current: n == current,
                })
                .collect(),
        }
    }

    fn content_ctx(&self, i: usize) -> Context {
        let site = self.site();
        let p = &site.pages[i];
        let from = p.path.as_str();
        let summary = self.input.summary(p).to_string();
        let mut crumbs = Vec::new();
        if p.kind != Kind::Page {
            crumbs.push((
                p.kind.section_title().to_string(),
                Some(format!("{}/", p.kind.section())),
            ));
        }
        crumbs.push((p.meta.title.clone(), None));
        let section = (p.kind != Kind::Page).then_some(p.kind);
        let mut ctx = self.common(
            from,
            section,
            crumbs,
            &p.meta.title,
            Some(p),
            Some(&summary),
        );
        if p.kind != Kind::Page {
            ctx.insert(
                "feed_href",
                &Some(self.href(from, &format!("{}/rss.xml", p.kind.section()))),
            );
        }
        let rendered = self.input.rendered_for(p);
        let empty = Rendered::default();
        let r = rendered.unwrap_or(&empty);
        let (newer, older) = site.neighbours.get(&i).copied().unwrap_or((None, None));
        let neighbour = |j: Option<usize>| {
            j.map(|j| Neighbour {
                title: site.pages[j].meta.title.clone(),
                href: self.href(from, &site.pages[j].path),
            })
        };
        let profile = p.profile.as_ref().map(|pr| ProfileView {
            honor: pr.honor.clone(),
            year: pr.year,
            awarded_by: pr.awarded_by.clone(),
            region: pr.region.clone(),
            unit: pr.unit.clone(),
            photo: pr.photo.as_ref().and_then(|(ph, _)| {
                self.img(
                    from,
                    p,
                    ph,
                    pr.photo_alt.as_deref().unwrap_or(&p.meta.title),
                    self.portrait_crop(pr),
                    Usage::PORTRAIT,
                )
            }),
            citation: pr.citation.clone(),
            service: pr.service.clone(),
            honor_href: self.href(from, &format!("honors/#{}", honor_anchor(&pr.honor))),
        });
        let document = p.document.as_ref().map(|d| {
            let v = validity(p);
            DocumentView {
                index_no: d.index_no.clone(),
                doc_no: d.doc_no.clone(),
                publisher: d.publisher.clone(),
                topic: d.topic.clone(),
                genre: d.genre.clone(),
                written_cn: d.written.map(|x| x.chinese()),
                validity: v.label(),
                validity_class: v.id(),
                attachments: d
                    .attachments
                    .iter()
                    .filter_map(|a| {
                        // Missing files were reported while loading.
                        let path = p.asset_site_path(&a.file)?;
                        let ext = a
                            .file
                            .rsplit_once('.')
                            .map(|(_, e)| e.to_ascii_uppercase())
                            .unwrap_or_default();
                        Some(AttachmentView {
                            title: a.title.clone(),
                            href: self.href(from, &path),
                            ext,
                        })
                    })
                    .collect(),
            }
        });
        let briefing = p.briefing.as_ref().map(|b| {
            let (number_label, total_label) = self.number_labels(p);
            let items = site
                .briefing_items(p)
                .into_iter()
                .enumerate()
                .map(|(n, j)| {
                    let t = &site.pages[j];
                    BriefingItem {
                        anchor: format!("item-{}", n + 1),
                        title: t.meta.title.clone(),
                        source: t.meta.credit.clone().or_else(|| t.meta.source.clone()),
                        content: self
                            .input
                            .rendered_for(t)
                            .map(|r| r.html.clone())
                            .unwrap_or_default(),
                        href: self.href(from, &t.path),
                    }
                })
                .collect();
            let note = r.html.trim();
            BriefingView {
                series_name: site
                    .config
                    .series(&b.series)
                    .map_or_else(|| b.series.clone(), |s| s.name.clone()),
                kind: b.kind.label(),
                number_label,
                total_label,
                editor: b.editor.clone(),
                date_cn: p.meta.date.map(|d| d.chinese()),
                classification: b.classification.clone(),
                editor_note: (!note.is_empty()).then(|| note.to_string()),
                items,
                distribution: b
                    .distribution
                    .groups()
                    .into_iter()
                    .map(|(label, v)| DistributionLine {
                        label,
                        recipients: v.join("、"),
                    })
                    .collect(),
                copies: b.copies,
            }
        });
        let han = r.han_count;
        let view = PageView {
            kind: p.kind.id(),
            kind_label: p.kind.label(),
            title: p.meta.title.clone(),
            summary_html: r.more_html.clone().unwrap_or_else(|| {
                format!(
                    "<p>{}</p>",
                    crate::markdown::sanitize::escape_text(&summary)
                )
            }),
            summary,
            date_iso: p.meta.date.map(|d| d.iso()),
            date_cn: p.meta.date.map(|d| d.chinese()),
            updated_cn: p.meta.updated.map(|d| d.chinese()),
            author: p.meta.author.clone(),
            source: p.meta.source.clone(),
            credit: p.meta.credit.clone(),
            categories: self.term_links(from, Taxonomy::Categories, &p.meta.categories),
            tags: self.term_links(from, Taxonomy::Tags, &p.meta.tags),
            cover: p.meta.cover.as_ref().and_then(|(c, _)| {
                self.img(from, p, c, &p.meta.title, Crop::Original, Usage::FEATURED)
            }),
            content: r.html.clone(),
            toc: r.toc.clone(),
            reading_minutes: r.reading_minutes,
            char_count: han,
            prev: neighbour(newer),
            next: neighbour(older),
            draft: p.meta.draft,
            print_href: self.input.print_path(p).map(|pp| self.href(from, &pp)),
            profile,
            document,
            briefing,
        };
        ctx.insert("page", &view);
        ctx
    }
}

impl FailSink for Html<'_> {
    fn fail(&self, d: Diagnostic) {
        self.errors.fail(d);
    }
}

/// The pages the home page shows.
struct HomePicks {
    news: Vec<usize>,
    featured: Option<usize>,
    profiles: Vec<usize>,
    briefings: Vec<usize>,
    documents: Vec<usize>,
}

/// The page an alias writes: a folder unless it names an HTML file.
fn alias_path(path: &str) -> String {
    if path.ends_with('/') || path.ends_with(".html") || path.ends_with(".htm") {
        path.to_string()
    } else {
        format!("{path}/")
    }
}

/// Groups published dated pages by year and month.
fn archive(site: &Site) -> Archive {
    let mut years: BTreeMap<i32, BTreeMap<u8, Vec<usize>>> = BTreeMap::new();
    for kind in [Kind::Article, Kind::Profile, Kind::Briefing, Kind::Document] {
        for &i in site.section(kind) {
            if let Some(d) = site.pages[i].meta.date {
                years
                    .entry(d.year)
                    .or_default()
                    .entry(d.month)
                    .or_default()
                    .push(i);
            }
        }
    }
    for months in years.values_mut() {
        for v in months.values_mut() {
            v.sort_by_key(|&i| {
                (
                    std::cmp::Reverse(site.pages[i].meta.date),
                    site.pages[i].meta.title.clone(),
                )
            });
        }
    }
    years
}

/// The 有效性 of a document page (default 有效).
fn validity(p: &Page) -> Validity {
    p.document
        .as_ref()
        .and_then(|d| d.validity)
        .unwrap_or(Validity::Valid)
}

/// `articles/` for page 1, `articles/page/2/` after.
pub fn page_path(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

/// Anchor id for an honor group on the 光荣榜.
pub fn honor_anchor(h: &str) -> String {
    crate::model::slug::slugify(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(page_path("articles/", 1), "articles/");
        assert_eq!(page_path("articles/", 3), "articles/page/3/");
        assert_eq!(
            crate::render::links::join_path("articles/x", "../../profiles/a.md").as_deref(),
            Some("profiles/a.md")
        );
        assert_eq!(
            crate::render::links::join_path("articles", "../../a.md"),
            None
        );
    }
}

//! Model: pages read from sources, validated against each other, sorted into sections,
//! taxonomies (栏目, 标签), briefing series and the archive.

pub mod date;
pub mod fields;
pub mod page;
pub mod related;
pub mod slug;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Location};
use crate::problem::Problem;
use page::{Kind, Page, Validity};

/// One 栏目 or 标签 and the published pages that carry it (sorted like lists).
#[derive(Debug, Clone)]
pub struct Term {
    /// As written.
    pub name: String,
    /// URL segment.
    pub slug: String,
    /// Page indices.
    pub pages: Vec<usize>,
}

/// Which taxonomy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taxonomy {
    /// 栏目.
    Categories,
    /// 标签.
    Tags,
}

impl Taxonomy {
    /// URL folder.
    pub fn section(self) -> &'static str {
        match self {
            Taxonomy::Categories => "categories",
            Taxonomy::Tags => "tags",
        }
    }

    /// 栏目 / 标签.
    pub fn title(self) -> &'static str {
        match self {
            Taxonomy::Categories => "栏目",
            Taxonomy::Tags => "标签",
        }
    }
}

/// The whole site, ready to render.
#[derive(Debug, Clone)]
pub struct Site {
    /// Site folder.
    pub root: PathBuf,
    /// Settings.
    pub config: Config,
    /// Every page read, including held-back drafts (see [`Page::included`], [`Page::published`]).
    pub pages: Vec<Page>,
    /// `articles/a.md` → page index, for every page read.
    pub by_content_path: HashMap<String, usize>,
    /// Published pages of each kind, in list order.
    pub sections: BTreeMap<Kind, Vec<usize>>,
    /// 栏目 (published pages only), by name.
    pub categories: Vec<Term>,
    /// 标签 (published pages only), by name.
    pub tags: Vec<Term>,
    /// Newer and older neighbour of each page in its section (published pages only).
    pub neighbours: HashMap<usize, (Option<usize>, Option<usize>)>,
    /// Alias site paths (without leading slash) → page index.
    pub aliases: Vec<(String, usize)>,
    /// Every page index in list order (see [`Page::sort_key`]); sections and terms follow it.
    list_order: Vec<usize>,
    /// Each page's place in `list_order`.
    list_rank: Vec<u32>,
}

impl Site {
    /// Builds the model from pages already read (see [`Page::read`]): sorts them, checks URLs,
    /// issue numbers and briefing items, and computes sections, terms and aliases. `serve` calls
    /// this after re-reading only the files that changed. Returns the site and the problems
    /// between pages (duplicate URLs and issues, bad briefing items and aliases).
    pub fn from_pages(
        root: &Path,
        config: Config,
        mut pages: Vec<Page>,
    ) -> (Site, Vec<Diagnostic>) {
        pages.sort_by(|a, b| a.source.content_path.cmp(&b.source.content_path));
        let by_content_path = pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.source.content_path.clone(), i))
            .collect();
        let mut site = Site {
            root: root.to_path_buf(),
            config,
            pages,
            by_content_path,
            sections: BTreeMap::new(),
            categories: Vec::new(),
            tags: Vec::new(),
            neighbours: HashMap::new(),
            aliases: Vec::new(),
            list_order: Vec::new(),
            list_rank: Vec::new(),
        };
        let mut diags = site.check_urls();
        diags.extend(site.check_issues());
        diags.extend(site.check_items());
        let rank = site.list_ranks();
        site.build_sections(&rank);
        site.categories = site.terms(Taxonomy::Categories, &rank);
        site.tags = site.terms(Taxonomy::Tags, &rank);
        let (aliases, alias_diags) = site.aliases();
        site.aliases = aliases;
        diags.extend(alias_diags);
        site.list_order = vec![0; rank.len()];
        for (i, &r) in rank.iter().enumerate() {
            if let Some(slot) = site.list_order.get_mut(r as usize) {
                *slot = i;
            }
        }
        site.list_rank = rank;
        (site, diags)
    }

    /// True when `new`, put in place of page `i`, keeps that place in list order: it still
    /// sorts after the page before it and before the page after it (ties by index, as the
    /// stable sort orders them).
    pub fn keeps_list_place(&self, i: usize, new: &Page) -> bool {
        let Some(&r) = self.list_rank.get(i) else {
            return false;
        };
        let r = r as usize;
        let key = new.sort_key();
        let before = r
            .checked_sub(1)
            .and_then(|b| self.list_order.get(b))
            .is_none_or(|&b| (self.pages[b].sort_key(), b) < (key.clone(), i));
        let after = self
            .list_order
            .get(r + 1)
            .is_none_or(|&a| (key.clone(), i) < (self.pages[a].sort_key(), a));
        before && after
    }

    /// Published pages of a kind, in list order.
    pub fn section(&self, kind: Kind) -> &[usize] {
        self.sections.get(&kind).map_or(&[], Vec::as_slice)
    }

    /// Looks a page up by its `content/`-relative path.
    pub fn page_by_content_path(&self, p: &str) -> Option<&Page> {
        self.by_content_path.get(p).map(|&i| &self.pages[i])
    }

    fn loc(&self, page: &Page, span: std::ops::Range<usize>) -> Location {
        Location::from_offsets(page.file(), &page.source.text, span)
    }

    /// Two included pages on one URL are an error naming both.
    fn check_urls(&self) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, p) in self.pages.iter().enumerate() {
            if !p.included {
                continue;
            }
            if let Some(&other) = seen.get(p.path.as_str()) {
                let span = slug_span(p);
                diags.push(Diagnostic::error(
                    Problem::DuplicateUrl {
                        url: p.path.clone(),
                        other: self.pages[other].file().to_path_buf(),
                    },
                    self.loc(p, span),
                ));
            } else {
                seen.insert(&p.path, i);
            }
        }
        diags
    }

    /// Issue numbers are unique per series and year; gaps are a warning.
    fn check_issues(&self) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        let mut by_series: BTreeMap<(String, i32), Vec<(u32, usize)>> = BTreeMap::new();
        for (i, p) in self.pages.iter().enumerate() {
            if let (Some(b), Some(d), true) = (&p.briefing, p.meta.date, p.included)
                && b.issue > 0
            {
                by_series
                    .entry((b.series.clone(), d.year))
                    .or_default()
                    .push((b.issue, i));
            }
        }
        for ((series, year), mut issues) in by_series {
            issues.sort();
            for w in issues.windows(2) {
                if w[0].0 == w[1].0 {
                    let p = &self.pages[w[1].1];
                    let span = p
                        .source
                        .text
                        .find("issue:")
                        .or_else(|| p.source.text.find("期号:"))
                        .map_or(0..3, |s| s..s + 6);
                    diags.push(Diagnostic::error(
                        Problem::DuplicateIssue {
                            series: series.clone(),
                            year,
                            issue: w[0].0,
                            other: self.pages[w[0].1].file().to_path_buf(),
                        },
                        self.loc(p, span),
                    ));
                }
            }
            // Only gaps between the first and last issue on the site: a site may start mid-year.
            let min = issues.first().map_or(0, |x| x.0);
            let max = issues.last().map_or(0, |x| x.0);
            let missing: Vec<u32> = (min..max)
                .filter(|n| !issues.iter().any(|x| x.0 == *n))
                .collect();
            if !missing.is_empty() && missing.len() < 50 {
                let p = &self.pages[issues[issues.len() - 1].1];
                diags.push(Diagnostic::warning(
                    Problem::IssueGap {
                        series,
                        year,
                        missing,
                    },
                    Location::file_only(p.file()),
                ));
            }
        }
        diags
    }

    /// Briefing items must exist, and public issues may only include public pages.
    fn check_items(&self) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        for p in &self.pages {
            let Some(b) = &p.briefing else { continue };
            if !p.included {
                continue;
            }
            for (item, span) in &b.items {
                let key = item
                    .trim_start_matches("./")
                    .trim_start_matches('/')
                    .trim_start_matches("content/");
                match self
                    .page_by_content_path(key)
                    .or_else(|| self.page_by_content_path(&format!("{key}/index.md")))
                {
                    None => diags.push(Diagnostic::error(
                        Problem::ItemNotFound { path: item.clone() },
                        self.loc(p, span.clone()),
                    )),
                    Some(t) if !t.included || (p.published && !t.published) => {
                        diags.push(Diagnostic::error(
                            Problem::ItemNotPublic { path: item.clone() },
                            self.loc(p, span.clone()),
                        ))
                    }
                    Some(_) => {}
                }
            }
        }
        diags
    }

    /// Resolves a briefing's items to page indices (existing, included ones only).
    pub fn briefing_items(&self, page: &Page) -> Vec<usize> {
        let Some(b) = &page.briefing else {
            return Vec::new();
        };
        b.items
            .iter()
            .filter_map(|(item, _)| {
                let key = item
                    .trim_start_matches("./")
                    .trim_start_matches('/')
                    .trim_start_matches("content/");
                self.by_content_path
                    .get(key)
                    .or_else(|| self.by_content_path.get(&format!("{key}/index.md")))
                    .copied()
            })
            .filter(|&i| self.pages[i].included && (!page.published || self.pages[i].published))
            .collect()
    }

    /// Every page's place in list order (weight, newest first, title), computed with one sort
    /// so that sections and terms sort by a number instead of by keys built again each time.
    fn list_ranks(&self) -> Vec<u32> {
        let mut order: Vec<usize> = (0..self.pages.len()).collect();
        order.sort_by_cached_key(|&i| self.pages[i].sort_key());
        let mut rank = vec![0u32; self.pages.len()];
        for (r, &i) in order.iter().enumerate() {
            rank[i] = u32::try_from(r).unwrap_or(u32::MAX);
        }
        rank
    }

    fn build_sections(&mut self, rank: &[u32]) {
        for kind in Kind::ALL {
            let mut v: Vec<usize> = (0..self.pages.len())
                .filter(|&i| self.pages[i].published && self.pages[i].kind == kind)
                .collect();
            if kind == Kind::Briefing {
                // Series in config order, then newest issue first.
                let order: HashMap<&str, usize> = self
                    .config
                    .briefings
                    .0
                    .iter()
                    .enumerate()
                    .map(|(i, (k, _))| (k.as_str(), i))
                    .collect();
                v.sort_by_key(|&i| {
                    let p = &self.pages[i];
                    let b = p.briefing.as_ref();
                    let series = b
                        .and_then(|b| order.get(b.series.as_str()).copied())
                        .unwrap_or(usize::MAX);
                    (
                        series,
                        std::cmp::Reverse(p.meta.date.map(|d| d.year)),
                        std::cmp::Reverse(b.map_or(0, |b| b.issue)),
                    )
                });
            } else {
                v.sort_by_key(|&i| rank[i]);
            }
            for (pos, &i) in v.iter().enumerate() {
                let newer = pos.checked_sub(1).map(|p| v[p]);
                let older = v.get(pos + 1).copied();
                self.neighbours.insert(i, (newer, older));
            }
            self.sections.insert(kind, v);
        }
    }

    fn terms(&self, tax: Taxonomy, rank: &[u32]) -> Vec<Term> {
        let mut map: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for kind in [Kind::Article, Kind::Profile, Kind::Briefing, Kind::Document] {
            for &i in self.section(kind) {
                let p = &self.pages[i];
                let names = match tax {
                    Taxonomy::Categories => &p.meta.categories,
                    Taxonomy::Tags => &p.meta.tags,
                };
                for n in names {
                    map.entry(n.as_str()).or_default().push(i);
                }
            }
        }
        let mut used: HashMap<String, usize> = HashMap::new();
        map.into_iter()
            .map(|(name, mut pages)| {
                pages.sort_by_key(|&i| rank[i]);
                let base = slug::slugify(name);
                let n = used.entry(base.clone()).or_insert(0);
                *n += 1;
                let slug = if *n == 1 { base } else { format!("{base}-{n}") };
                Term {
                    name: name.to_string(),
                    slug,
                    pages,
                }
            })
            .collect()
    }

    /// The published pages' aliases (site path → page index), and the bad ones as problems.
    fn aliases(&self) -> (Vec<(String, usize)>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let taken: HashMap<&str, usize> = self
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.included)
            .map(|(i, p)| (p.path.as_str(), i))
            .collect();
        let mut out = Vec::new();
        for (i, p) in self.pages.iter().enumerate() {
            if !p.published {
                continue;
            }
            for (a, span) in &p.meta.aliases {
                match normalize_alias(a) {
                    Some(path) if is_generated(&path) => diags.push(Diagnostic::error(
                        Problem::AliasOnGenerated { url: path },
                        self.loc(p, span.clone()),
                    )),
                    Some(path) if !taken.contains_key(path.as_str()) => out.push((path, i)),
                    Some(path) => diags.push(Diagnostic::error(
                        Problem::DuplicateUrl {
                            url: path.clone(),
                            other: self.pages[taken[path.as_str()]].file().to_path_buf(),
                        },
                        self.loc(p, span.clone()),
                    )),
                    None => diags.push(Diagnostic::error(
                        Problem::BadAlias { value: a.clone() },
                        self.loc(p, span.clone()),
                    )),
                }
            }
        }
        (out, diags)
    }
}

/// Where the page's URL comes from, for duplicate-URL errors: the slug line, else the top.
fn slug_span(p: &Page) -> std::ops::Range<usize> {
    for key in ["slug:", "网址:"] {
        if let Some(s) = p.source.text.find(key) {
            return s..s + key.len() - 1;
        }
    }
    0..3
}

/// True for a site path the build writes itself, whatever the content: the home page, section
/// lists and their pages, the honor roll, archive, category, tag and search pages, theme assets
/// and the feeds and files at the root. An alias there would overwrite it.
pub fn is_generated(path: &str) -> bool {
    let mut segs = path.split('/');
    let first = segs.next().unwrap_or("");
    let second = segs.next().unwrap_or("");
    let list = |section: &str| {
        first == section
            && (second.is_empty()
                || second == "page"
                || second == "rss.xml"
                || (section == "documents" && Validity::ALL.iter().any(|v| v.id() == second)))
    };
    matches!(
        first,
        "" | "search" | "assets" | "honors" | "archive" | "categories" | "tags"
    ) || matches!(
        path,
        "index.html" | "404.html" | "rss.xml" | "sitemap.xml" | "robots.txt"
    ) || Kind::ALL.iter().any(|k| list(k.section()))
}

/// `/news/2019/123.html` → `news/2019/123.html`; `/old/` → `old/`. None if unsafe.
pub fn normalize_alias(a: &str) -> Option<String> {
    let a = a.trim();
    let rest = a.strip_prefix('/')?;
    if rest.is_empty()
        || rest.starts_with('/')
        || rest.contains("..")
        || rest.contains('\\')
        || rest.contains("//")
        || rest.contains(['?', '#', ':', '<', '>', '"', '\''])
    {
        return None;
    }
    Some(rest.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_may_not_replace_generated_pages() {
        for p in [
            "search/",
            "articles/",
            "articles/page/2/",
            "documents/expired/",
            "tags/x/",
            "rss.xml",
            "assets/style.css",
        ] {
            assert!(is_generated(p), "{p}");
        }
        for p in ["news/2019/123.html", "articles/old-slug/", "old/"] {
            assert!(!is_generated(p), "{p}");
        }
    }

    #[test]
    fn aliases() {
        assert_eq!(
            normalize_alias("/news/1.html").as_deref(),
            Some("news/1.html")
        );
        assert_eq!(normalize_alias("/old/").as_deref(), Some("old/"));
        assert_eq!(normalize_alias("/../etc"), None);
        assert_eq!(normalize_alias("news"), None);
        assert_eq!(normalize_alias("//evil.com/x"), None);
    }
}

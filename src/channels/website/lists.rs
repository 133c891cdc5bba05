//! Lists of a section: the article and profile lists, the 光荣榜, the briefing series and the
//! policy documents by 有效性.

use std::collections::BTreeMap;

use crate::model::page::{Kind, Validity};
use crate::render::select::{Deps, Selection};
use crate::render::views::{
    BriefingsContext, CardListContext, DocumentFilter, DocumentsContext, HonorGroup, HonorYear,
    HonorsContext, ListView, PageContext, ProfileListContext, SeriesView,
};

use super::context::Head;
use super::page::WebPage;
use super::{Html, honor_anchor, page_path, paginate, validity};

/// What a list page's template gets: cards (articles) or profile cards (profiles).
#[derive(Debug, serde::Serialize)]
#[serde(untagged)]
pub(super) enum SectionListContext {
    /// `section.html`.
    Cards(CardListContext),
    /// `profiles.html`.
    Profiles(ProfileListContext),
}

/// One page of the article list (`articles/`) or the profile list (`profiles/`).
pub(super) struct SectionList<'a> {
    kind: Kind,
    path: String,
    number: usize,
    total: usize,
    items: &'a [usize],
}

impl<'a> WebPage<'a> for SectionList<'a> {
    type View = SectionListContext;

    fn all(w: &Html<'a>) -> Vec<SectionList<'a>> {
        let site = w.site();
        let mut out = Vec::new();
        for kind in [Kind::Article, Kind::Profile] {
            let base = format!("{}/", kind.section());
            for (number, total, items) in paginate(site.section(kind), site.config.paginate) {
                out.push(SectionList {
                    kind,
                    path: page_path(&base, number),
                    number,
                    total,
                    items,
                });
            }
        }
        out
    }

    fn path(&self, _w: &Html<'a>) -> String {
        self.path.clone()
    }

    fn untouched(&self, _w: &Html<'a>, selection: &Selection) -> bool {
        selection.untouched(self.items.iter().copied())
    }

    fn deps(&self, _w: &Html<'a>) -> Deps {
        Deps::pages(self.items.iter().copied()).with((&self.kind, &self.number, &self.total))
    }

    fn template(&self, _w: &Html<'a>) -> &'static str {
        match self.kind {
            Kind::Profile => "profiles.html",
            _ => "section.html",
        }
    }

    fn context(&self, w: &Html<'a>, path: &str) -> PageContext<'a, SectionListContext> {
        let kind = self.kind;
        let head = Head::new(
            kind.section_title(),
            vec![(kind.section_title().to_string(), None)],
        )
        .section(kind)
        .feed(format!("{}/rss.xml", kind.section()))
        .number(self.number);
        let base = format!("{}/", kind.section());
        let pagination = w.pagination(path, &base, self.number, self.total);
        let view = if kind == Kind::Profile {
            SectionListContext::Profiles(ProfileListContext {
                list: ListView {
                    title: kind.section_title().to_string(),
                    description: "",
                    items: self
                        .items
                        .iter()
                        .map(|&i| w.profile_card(path, i))
                        .collect(),
                },
                pagination,
                honors_href: w.href(path, "honors/"),
            })
        } else {
            SectionListContext::Cards(CardListContext {
                list: ListView {
                    title: kind.section_title().to_string(),
                    description: "",
                    items: self.items.iter().map(|&i| w.card(path, i)).collect(),
                },
                pagination,
            })
        };
        w.context(path, head, view)
    }
}

/// The 光荣榜 (`honors/`): every profile by honor and year.
pub(super) struct Honors;

impl<'a> WebPage<'a> for Honors {
    type View = HonorsContext;

    fn all(_w: &Html<'a>) -> Vec<Honors> {
        vec![Honors]
    }

    fn path(&self, _w: &Html<'a>) -> String {
        "honors/".into()
    }

    fn deps(&self, w: &Html<'a>) -> Deps {
        Deps::pages(w.site().section(Kind::Profile).iter().copied())
    }

    fn template(&self, _w: &Html<'a>) -> &'static str {
        "honors.html"
    }

    fn context(&self, w: &Html<'a>, path: &str) -> PageContext<'a, HonorsContext> {
        let head = Head::new("光荣榜", vec![("光荣榜".into(), None)]).section(Kind::Profile);
        let groups = honor_groups(w, path);
        w.context(path, head, HonorsContext { groups })
    }
}

/// The honors of the 光荣榜: the configured ones first, then any other a profile names, each
/// with its people by year, newest first; honors nobody holds are left out.
fn honor_groups(w: &Html, from: &str) -> Vec<HonorGroup> {
    let site = w.site();
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
                    && &pr.honor == h
                {
                    by_year.entry(pr.year).or_default().push(i);
                }
            }
            if by_year.is_empty() {
                return None;
            }
            let years = by_year
                .iter()
                .rev()
                .map(|(&year, v)| HonorYear {
                    year,
                    people: v.iter().map(|&i| w.profile_card(from, i)).collect(),
                })
                .collect();
            Some(HonorGroup {
                honor: h.clone(),
                anchor: honor_anchor(h),
                years,
            })
        })
        .collect()
}

/// The briefing series with their public issues (`briefings/`).
pub(super) struct Briefings;

impl<'a> WebPage<'a> for Briefings {
    type View = BriefingsContext;

    fn all(_w: &Html<'a>) -> Vec<Briefings> {
        vec![Briefings]
    }

    fn path(&self, _w: &Html<'a>) -> String {
        "briefings/".into()
    }

    fn deps(&self, w: &Html<'a>) -> Deps {
        Deps::pages(w.site().section(Kind::Briefing).iter().copied())
    }

    fn template(&self, _w: &Html<'a>) -> &'static str {
        "briefings.html"
    }

    fn context(&self, w: &Html<'a>, path: &str) -> PageContext<'a, BriefingsContext> {
        let head = Head::new("双拥简报", vec![("双拥简报".into(), None)])
            .section(Kind::Briefing)
            .feed("briefings/rss.xml".into());
        let site = w.site();
        let series = site
            .config
            .briefings
            .0
            .iter()
            .filter_map(|(key, s)| {
                let issues: Vec<_> = site
                    .section(Kind::Briefing)
                    .iter()
                    .filter(|&&i| {
                        site.pages[i]
                            .briefing
                            .as_ref()
                            .is_some_and(|b| &b.series == key)
                    })
                    .map(|&i| w.issue_item(path, i))
                    .collect();
                (!issues.is_empty()).then(|| SeriesView {
                    key: key.clone(),
                    name: s.name.clone(),
                    kind: s.kind.label(),
                    issues,
                })
            })
            .collect();
        w.context(path, head, BriefingsContext { series })
    }
}

/// One page of the policy documents (`documents/`), all of them or those of one 有效性
/// (`documents/expired/` …).
pub(super) struct Documents {
    filter: Option<Validity>,
    path: String,
    number: usize,
    total: usize,
    items: Vec<usize>,
}

impl Documents {
    /// The site path of the first page of the list for `filter`.
    fn base(filter: Option<Validity>) -> String {
        match filter {
            None => "documents/".to_string(),
            Some(v) => format!("documents/{}/", v.id()),
        }
    }
}

impl<'a> WebPage<'a> for Documents {
    type View = DocumentsContext;

    fn all(w: &Html<'a>) -> Vec<Documents> {
        let site = w.site();
        let docs = site.section(Kind::Document);
        let mut out = Vec::new();
        for filter in std::iter::once(None).chain(Validity::ALL.into_iter().map(Some)) {
            let items: Vec<usize> = docs
                .iter()
                .copied()
                .filter(|&i| filter.is_none_or(|f| validity(&site.pages[i]) == f))
                .collect();
            let base = Documents::base(filter);
            for (number, total, c) in paginate(&items, site.config.paginate) {
                out.push(Documents {
                    filter,
                    path: page_path(&base, number),
                    number,
                    total,
                    items: c.to_vec(),
                });
            }
        }
        out
    }

    fn path(&self, _w: &Html<'a>) -> String {
        self.path.clone()
    }

    fn untouched(&self, w: &Html<'a>, selection: &Selection) -> bool {
        selection.untouched(w.site().section(Kind::Document).iter().copied())
    }

    /// Every document: the filter bar counts them all.
    fn deps(&self, w: &Html<'a>) -> Deps {
        Deps::pages(w.site().section(Kind::Document).iter().copied()).with((
            self.filter.map(Validity::id),
            &self.number,
            &self.total,
            self.items.len(),
        ))
    }

    fn template(&self, _w: &Html<'a>) -> &'static str {
        "documents.html"
    }

    fn context(&self, w: &Html<'a>, path: &str) -> PageContext<'a, DocumentsContext> {
        let mut crumbs = vec![("政策文件".to_string(), Some("documents/".to_string()))];
        match self.filter {
            Some(f) => crumbs.push((f.label().to_string(), None)),
            None => crumbs[0].1 = None,
        }
        let head = Head::new("政策文件", crumbs)
            .section(Kind::Document)
            .feed("documents/rss.xml".into())
            .number(self.number);
        let pagination = w.pagination(path, &Documents::base(self.filter), self.number, self.total);
        let mut filters = vec![DocumentFilter {
            name: "全部",
            href: w.href(path, "documents/"),
            current: self.filter.is_none(),
            count: w.site().section(Kind::Document).len(),
        }];
        for (v, count) in Validity::ALL.into_iter().zip(w.validity_counts) {
            filters.push(DocumentFilter {
                name: v.label(),
                href: w.href(path, &Documents::base(Some(v))),
                current: self.filter == Some(v),
                count,
            });
        }
        let list = ListView {
            title: "政策文件".to_string(),
            description: "",
            items: self
                .items
                .iter()
                .map(|&i| w.document_item(path, i))
                .collect(),
        };
        w.context(
            path,
            head,
            DocumentsContext {
                list,
                filters,
                pagination,
            },
        )
    }
}

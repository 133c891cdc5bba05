//! The 归档: an index of every year and month (`archive/`) and one page per year
//! (`archive/2026/`) with its pages as cards, month by month.

use std::collections::BTreeMap;

use crate::model::Site;
use crate::model::page::Kind;
use crate::render::select::Deps;
use crate::render::views::{
    ArchiveContext, ArchiveMonth, ArchiveMonthCount, ArchiveView, ArchiveYear as ArchiveYearView,
    PageContext,
};

use super::Html;
use super::context::Head;
use super::page::WebPage;

/// Published dated pages (single pages aside) by year and month, newest first within a month.
pub(super) type Archive = BTreeMap<i32, BTreeMap<u8, Vec<usize>>>;

/// The published dated pages an archive shows, with their dates.
fn dated(site: &Site) -> impl Iterator<Item = (usize, crate::model::date::Date)> + '_ {
    [Kind::Article, Kind::Profile, Kind::Briefing, Kind::Document]
        .into_iter()
        .flat_map(|kind| site.section(kind).iter())
        .filter_map(|&i| site.pages[i].meta.date.map(|d| (i, d)))
}

/// The years of [`archive`], oldest first, without sorting every page: which archive pages
/// exist, when only some pages are rendered (`serve` shows an edited page first).
pub(super) fn years(site: &Site) -> Vec<i32> {
    let years: std::collections::BTreeSet<i32> = dated(site).map(|(_, d)| d.year).collect();
    years.into_iter().collect()
}

/// Groups published dated pages by year and month: once per build, when a page needs it (see
/// [`Html::archive`]).
pub(super) fn archive(site: &Site) -> Archive {
    let mut years: Archive = BTreeMap::new();
    for (i, d) in dated(site) {
        years
            .entry(d.year)
            .or_default()
            .entry(d.month)
            .or_default()
            .push(i);
    }
    for months in years.values_mut() {
        for v in months.values_mut() {
            // Newest first, then by title; compared in place (a key would copy every title).
            v.sort_by(|&a, &b| {
                let (a, b) = (&site.pages[a].meta, &site.pages[b].meta);
                b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title))
            });
        }
    }
    years
}

impl Html<'_> {
    /// Years, months and how many pages each has: what every archive page's index shows.
    fn archive_shape(&self) -> Vec<(i32, u8, usize)> {
        self.archive()
            .iter()
            .flat_map(|(y, ms)| ms.iter().map(|(m, v)| (*y, *m, v.len())))
            .collect()
    }

    /// The index of years and months, newest first, seen from `from`.
    fn archive_index(&self, from: &str) -> Vec<ArchiveYearView> {
        self.archive()
            .iter()
            .rev()
            .map(|(&year, months)| ArchiveYearView {
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
}

/// The archive index (`archive/`).
pub(super) struct ArchiveIndex;

impl<'a> WebPage<'a> for ArchiveIndex {
    type View = ArchiveContext;

    fn all(_w: &Html<'a>) -> Vec<ArchiveIndex> {
        vec![ArchiveIndex]
    }

    fn path(&self, _w: &Html<'a>) -> String {
        "archive/".into()
    }

    fn deps(&self, w: &Html<'a>) -> Deps {
        Deps::default().with(w.archive_shape())
    }

    fn template(&self, _w: &Html<'a>) -> &'static str {
        "archive.html"
    }

    fn context(&self, w: &Html<'a>, path: &str) -> PageContext<'a, ArchiveContext> {
        let head = Head::new("归档", vec![("归档".into(), None)]);
        let archive = ArchiveView {
            year: None,
            years: w.archive_index(path),
            months: None,
        };
        w.context(path, head, ArchiveContext { archive })
    }
}

/// The pages of one year (`archive/2026/`).
pub(super) struct ArchiveYear(i32);

impl<'a> WebPage<'a> for ArchiveYear {
    type View = ArchiveContext;

    fn all(w: &Html<'a>) -> Vec<ArchiveYear> {
        w.archive_years.iter().copied().map(ArchiveYear).collect()
    }

    fn path(&self, _w: &Html<'a>) -> String {
        format!("archive/{}/", self.0)
    }

    fn deps(&self, w: &Html<'a>) -> Deps {
        Deps::pages(
            w.archive()
                .get(&self.0)
                .into_iter()
                .flat_map(|m| m.values().flatten().copied()),
        )
        .with(w.archive_shape())
    }

    fn template(&self, _w: &Html<'a>) -> &'static str {
        "archive_year.html"
    }

    fn context(&self, w: &Html<'a>, path: &str) -> PageContext<'a, ArchiveContext> {
        let y = self.0;
        let crumbs = vec![
            ("归档".to_string(), Some("archive/".to_string())),
            (format!("{y}年"), None),
        ];
        let title = format!("{y}年归档");
        let head = Head::new(&title, crumbs);
        let months = w.archive().get(&y).map_or_else(Vec::new, |by_month| {
            by_month
                .iter()
                .rev()
                .map(|(&month, items)| ArchiveMonth {
                    month,
                    label: format!("{month}月"),
                    anchor: format!("m{month}"),
                    items: items.iter().map(|&i| w.card(path, i)).collect(),
                })
                .collect()
        });
        let archive = ArchiveView {
            year: Some(y),
            years: w.archive_index(path),
            months: Some(months),
        };
        w.context(path, head, ArchiveContext { archive })
    }
}

//! Taxonomies: the page listing all categories (`categories/`) or all tags (`tags/`), and the
//! pages of one term (`categories/<slug>/`, paginated).

use crate::model::{Taxonomy, Term};
use crate::render::select::{Deps, Selection};
use crate::render::views::{
    CardListContext, ListView, PageContext, TaxonomyContext, TaxonomyView, TermCount,
};

use super::context::Head;
use super::page::WebPage;
use super::{Html, page_path, paginate};

/// Both taxonomies, in the order their pages are listed.
const TAXONOMIES: [Taxonomy; 2] = [Taxonomy::Categories, Taxonomy::Tags];

/// The list of every term of a taxonomy, with how many pages each has.
pub(super) struct TaxonomyIndex(Taxonomy);

impl<'a> WebPage<'a> for TaxonomyIndex {
    type View = TaxonomyContext;

    fn all(_w: &Html<'a>) -> Vec<TaxonomyIndex> {
        TAXONOMIES.into_iter().map(TaxonomyIndex).collect()
    }

    fn path(&self, _w: &Html<'a>) -> String {
        format!("{}/", self.0.section())
    }

    /// Only names, links and counts: no page's own fields.
    fn deps(&self, w: &Html<'a>) -> Deps {
        Deps::default().with(
            w.terms(self.0)
                .iter()
                .map(|t| (&t.name, &t.slug, t.pages.len()))
                .collect::<Vec<_>>(),
        )
    }

    fn template(&self, _w: &Html<'a>) -> &'static str {
        "taxonomy.html"
    }

    fn context(&self, w: &Html<'a>, path: &str) -> PageContext<'a, TaxonomyContext> {
        let tax = self.0;
        let head = Head::new(tax.title(), vec![(tax.title().into(), None)]);
        let terms = w
            .terms_by_pinyin(tax)
            .into_iter()
            .map(|t| TermCount {
                name: t.name.clone(),
                href: w.href(path, &format!("{}/{}/", tax.section(), t.slug)),
                count: t.pages.len(),
            })
            .collect();
        let taxonomy = TaxonomyView {
            title: tax.title(),
            terms,
        };
        w.context(path, head, TaxonomyContext { taxonomy })
    }
}

/// One page of the cards of one term.
pub(super) struct TermList<'a> {
    tax: Taxonomy,
    term: &'a Term,
    path: String,
    number: usize,
    total: usize,
    items: &'a [usize],
}

impl<'a> WebPage<'a> for TermList<'a> {
    type View = CardListContext;

    fn all(w: &Html<'a>) -> Vec<TermList<'a>> {
        let per = w.site().config.paginate;
        let mut out = Vec::new();
        for tax in TAXONOMIES {
            for term in w.terms(tax) {
                // A term exists because pages name it; should one have none, it gets no page
                // (unlike a section, whose empty list still has one).
                if term.pages.is_empty() {
                    continue;
                }
                let base = format!("{}/{}/", tax.section(), term.slug);
                for (number, total, items) in paginate(&term.pages, per) {
                    out.push(TermList {
                        tax,
                        term,
                        path: page_path(&base, number),
                        number,
                        total,
                        items,
                    });
                }
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
        Deps::pages(self.items.iter().copied()).with((
            &self.term.name,
            &self.term.slug,
            &self.number,
            &self.total,
        ))
    }

    fn template(&self, _w: &Html<'a>) -> &'static str {
        "term.html"
    }

    fn context(&self, w: &Html<'a>, path: &str) -> PageContext<'a, CardListContext> {
        let (tax, term) = (self.tax, self.term);
        let crumbs = vec![
            (tax.title().to_string(), Some(format!("{}/", tax.section()))),
            (term.name.clone(), None),
        ];
        let head = Head::new(&term.name, crumbs).number(self.number);
        let base = format!("{}/{}/", tax.section(), term.slug);
        let list = ListView {
            title: format!("{}：{}", tax.title(), term.name),
            description: "",
            items: self.items.iter().map(|&i| w.card(path, i)).collect(),
        };
        let pagination = w.pagination(path, &base, self.number, self.total);
        w.context(path, head, CardListContext { list, pagination })
    }
}

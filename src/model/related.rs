//! 相关文章: the articles shown under an article, chosen by shared 标签 and 栏目.

use super::page::Kind;
use super::{Site, Taxonomy};

/// How many related articles an article shows.
pub const RELATED_MAX: usize = 5;

/// How far from the article, in a term's list order (newest first), candidates are looked for.
/// Bounded so that a 栏目 of 50,000 articles costs each article 2 × 12 looks, not 50,000; the
/// nearest in that order are also the nearest in time, which is what a reader expects.
const WINDOW: usize = 12;

/// Weight of a shared 标签 against a shared 栏目: a tag says more about what a text is about.
const TAG_WEIGHT: u32 = 3;

impl Site {
    /// Calls `each(j, weight)` for every article that may be related to article `i`, once per
    /// shared term: those within [`WINDOW`] of it in a list of one of its terms. The relation
    /// is symmetric (`j` is a candidate of `i` exactly when `i` is one of `j`), which lets
    /// `serve` find every page whose 相关文章 may show an edited article without computing
    /// them all. Nothing for other kinds of page.
    pub fn related_candidates(&self, i: usize, mut each: impl FnMut(usize, u32)) {
        let Some(page) = self.pages.get(i) else {
            return;
        };
        if page.kind != Kind::Article || !page.published {
            return;
        }
        for (tax, weight) in [(Taxonomy::Tags, TAG_WEIGHT), (Taxonomy::Categories, 1)] {
            let (names, terms) = match tax {
                Taxonomy::Tags => (&page.meta.tags, &self.tags),
                Taxonomy::Categories => (&page.meta.categories, &self.categories),
            };
            for name in names {
                let Ok(t) = terms.binary_search_by(|t| t.name.as_str().cmp(name)) else {
                    continue;
                };
                let members = &terms[t].pages;
                // Term lists are in list order, so the article is found by its rank.
                let rank = |j: &usize| self.list_rank.get(*j).copied().unwrap_or(u32::MAX);
                let Ok(at) = members.binary_search_by_key(&rank(&i), rank) else {
                    continue;
                };
                let from = at.saturating_sub(WINDOW);
                let to = (at + WINDOW + 1).min(members.len());
                for &j in &members[from..to] {
                    if j != i && self.pages[j].kind == Kind::Article && self.pages[j].published {
                        each(j, weight);
                    }
                }
            }
        }
    }

    /// The published articles related to article `i`: those sharing its 标签 (weight 3 each)
    /// and 栏目 (1 each), best first, then in list order; at most [`RELATED_MAX`]. Its previous
    /// and next article are left out (the page links them already). Empty for other kinds of
    /// page and for an article without terms.
    pub fn related(&self, i: usize) -> Vec<usize> {
        let (newer, older) = self.neighbours.get(&i).copied().unwrap_or_default();
        // (page, weight) for each shared term: at most 2 × WINDOW per term of the article.
        let mut hits: Vec<(usize, u32)> = Vec::new();
        self.related_candidates(i, |j, weight| {
            if Some(j) != newer && Some(j) != older {
                hits.push((j, weight));
            }
        });
        // Sum the weights per page: sorted by page, equal pages are neighbours.
        hits.sort_unstable();
        let mut best: Vec<(u32, u32, usize)> = Vec::new();
        for (j, weight) in hits {
            match best.last_mut() {
                Some((s, _, k)) if *k == j => *s += weight,
                _ => best.push((
                    weight,
                    self.list_rank.get(j).copied().unwrap_or(u32::MAX),
                    j,
                )),
            }
        }
        best.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        best.into_iter()
            .take(RELATED_MAX)
            .map(|(_, _, j)| j)
            .collect()
    }
}

//! The website renderer: every page of the public site through the theme's templates, written
//! in parallel.
//!
//! Each kind of page is one type implementing [`page::WebPage`], which declares in one place
//! which pages of that kind the site has, the site path each writes, what each shows (for
//! `serve`), its template and its typed context. The kinds live by family:
//!
//! - `content.rs`: a page of content (article, profile, briefing, document, single page);
//! - `lists.rs`: the article and profile lists, the 光荣榜, the briefing series, the documents;
//! - `taxonomy.rs`: all categories or tags, and one term's pages;
//! - `archive.rs`: the 归档 index and one year's pages;
//! - `home.rs`: the home page; `special.rs`: 404, the search page and alias redirects.
//!
//! `context.rs` builds what several kinds share: the common context (site, menu, breadcrumb,
//! meta tags …), cards and pagers. A new kind of page is one type in the file of its family
//! plus its line in [`Html::jobs`].

mod archive;
mod content;
mod context;
mod home;
mod lists;
mod page;
mod special;
mod taxonomy;

use rayon::prelude::*;
use std::sync::OnceLock;

use crate::diagnostic::Diagnostic;
use crate::model::page::{Kind, Page, Validity};
use crate::model::{Site, Taxonomy, Term};
use crate::render::RenderInput;
use crate::render::links::Linker;
use crate::write::{Collector, FailSink, Output};

use self::archive::Archive;
use self::page::{Job, WebPage};

/// Renders the public website.
pub struct Website;

impl crate::channels::Channel for Website {
    fn name(&self) -> &'static str {
        "html"
    }

    fn renders_selected(&self) -> bool {
        true
    }

    fn render(&self, input: &RenderInput, out: &Output) -> Vec<Diagnostic> {
        let mut clock = crate::timing::Clock::start();
        let r = Html {
            input,
            linker: Linker {
                portable: input.portable,
            },
            errors: Collector::default(),
            archive: OnceLock::new(),
            archive_years: archive::years(input.site),
            related: (0..input.site.pages.len())
                .map(|_| OnceLock::new())
                .collect(),
            near_touched: input
                .selection
                .and_then(|s| s.touched_pages())
                .map(|touched| {
                    let mut near = vec![false; input.site.pages.len()];
                    for t in touched {
                        input.site.related_candidates(t, |j, _| near[j] = true);
                    }
                    near
                }),
            validity_counts: Validity::ALL.map(|v| {
                let docs = input.site.section(Kind::Document);
                docs.iter()
                    .filter(|&&i| validity(&input.site.pages[i]) == v)
                    .count()
            }),
        };
        clock.lap("html shared views");
        r.all(out);
        r.errors.into_inner()
    }
}

/// One website build: the input and what every page of it reads, computed once.
struct Html<'a> {
    input: &'a RenderInput<'a>,
    linker: Linker,
    errors: Collector,
    /// Computed once, when first asked for (see [`Html::archive`]).
    archive: OnceLock<Archive>,
    /// The years that have an archive page, oldest first.
    archive_years: Vec<i32>,
    /// Documents per 有效性, in [`Validity::ALL`] order, for every document list's filter bar.
    validity_counts: [usize; Validity::ALL.len()],
    /// 相关文章 of each page (see [`Site::related`]), computed once when first asked for: a
    /// page's view and its output fingerprint both read them.
    related: Vec<OnceLock<Vec<usize>>>,
    /// In `serve`, after an edit that kept the structure: the pages whose 相关文章 may show an
    /// edited article (see [`Site::related_candidates`]); the others need not compute theirs.
    near_touched: Option<Vec<bool>>,
}

impl<'a> Html<'a> {
    /// The model.
    fn site(&self) -> &'a Site {
        self.input.site
    }

    /// A link from the page at `from` to the site path `to`.
    fn href(&self, from: &str, to: &str) -> String {
        match self.fixed_root(from) {
            Some(root) => format!("{root}{to}"),
            None => self.linker.href(from, to),
        }
    }

    /// The prefix from the page at `from` back to the site root (`../`, or `/…/` on the 404
    /// page, see [`RenderInput::not_found_root`]).
    fn root(&self, from: &str) -> String {
        match self.fixed_root(from) {
            Some(root) => root.to_string(),
            None => self.linker.root(from),
        }
    }

    fn fixed_root(&self, from: &str) -> Option<&str> {
        (from == special::NOT_FOUND_PATH)
            .then_some(self.input.not_found_root.as_deref())
            .flatten()
    }

    /// Whether the theme has a 网站地图 template (custom themes may not).
    fn has_site_map(&self) -> bool {
        self.input.templates.has(special::SITE_MAP_TEMPLATE)
    }

    /// The categories or the tags in reading order: by pinyin, as Chinese indexes are (their
    /// slugs are the pinyin), then by name; the model keeps code-point order, which fixes
    /// the slugs.
    fn terms_by_pinyin(&self, tax: Taxonomy) -> Vec<&'a Term> {
        let mut terms: Vec<&Term> = self.terms(tax).iter().collect();
        terms.sort_by(|a, b| a.slug.cmp(&b.slug).then_with(|| a.name.cmp(&b.name)));
        terms
    }

    /// The categories or the tags.
    fn terms(&self, tax: Taxonomy) -> &'a [Term] {
        match tax {
            Taxonomy::Categories => &self.site().categories,
            Taxonomy::Tags => &self.site().tags,
        }
    }

    /// Every page the website writes, each kind listing its own: the one place that names the
    /// kinds.
    fn jobs(&self) -> Vec<Box<dyn Job<'a> + 'a>> {
        let mut jobs = Vec::new();
        add::<content::Content>(self, &mut jobs);
        add::<lists::SectionList>(self, &mut jobs);
        add::<lists::Honors>(self, &mut jobs);
        add::<lists::Briefings>(self, &mut jobs);
        add::<lists::Documents>(self, &mut jobs);
        add::<taxonomy::TaxonomyIndex>(self, &mut jobs);
        add::<taxonomy::TermList>(self, &mut jobs);
        add::<archive::ArchiveIndex>(self, &mut jobs);
        add::<archive::ArchiveYear>(self, &mut jobs);
        add::<home::Home>(self, &mut jobs);
        add::<special::NotFound>(self, &mut jobs);
        add::<special::Search>(self, &mut jobs);
        add::<special::SiteMap>(self, &mut jobs);
        add::<special::Alias>(self, &mut jobs);
        jobs
    }

    /// Renders (or, in `serve`, keeps) every page.
    fn all(&self, out: &Output) {
        let mut clock = crate::timing::Clock::start();
        let jobs = self.jobs();
        clock.lap("html jobs");
        let kept: Vec<String> = jobs
            .par_iter()
            .filter_map(|job| {
                if self.input.stopped() {
                    None
                } else {
                    job.run(self, out)
                }
            })
            .collect();
        out.keep_all(kept);
        clock.lap("html pages");
    }

    /// Published dated pages by year and month: every archive page and the archive index read
    /// it. Made when first asked for, by whichever page needs it first, so a render of a few
    /// pages (`serve` shows an edited page first) does not sort every page.
    fn archive(&self) -> &Archive {
        self.archive.get_or_init(|| archive::archive(self.site()))
    }

    /// The 相关文章 of page `i`.
    fn related(&self, i: usize) -> &[usize] {
        self.related
            .get(i)
            .map_or(&[], |r| r.get_or_init(|| self.site().related(i)).as_slice())
    }

    /// False only when page `i`'s 相关文章 cannot show an edited page (see `near_touched`).
    fn related_may_be_touched(&self, i: usize) -> bool {
        self.near_touched
            .as_ref()
            .is_none_or(|near| near.get(i).copied().unwrap_or(true))
    }

    /// Page `i` and the newer and older pages its page links to.
    fn page_and_neighbours(&self, i: usize) -> impl Iterator<Item = usize> {
        let (newer, older) = self.site().neighbours.get(&i).copied().unwrap_or_default();
        std::iter::once(i).chain(newer).chain(older)
    }
}

/// Adds every page of kind `P` to `jobs`.
fn add<'a, P: WebPage<'a> + 'a>(w: &Html<'a>, jobs: &mut Vec<Box<dyn Job<'a> + 'a>>) {
    jobs.extend(
        P::all(w)
            .into_iter()
            .map(|p| Box::new(p) as Box<dyn Job<'a> + 'a>),
    );
}

impl FailSink for Html<'_> {
    fn fail(&self, d: Diagnostic) {
        self.errors.fail(d);
    }
}

/// The 有效性 of a document page (default 有效).
fn validity(p: &Page) -> Validity {
    p.document
        .as_ref()
        .and_then(|d| d.validity)
        .unwrap_or(Validity::Valid)
}

/// Cuts `items` into pages of `per` (at least one page, empty for an empty list) and numbers
/// them: `(number, total, items)`.
fn paginate<T>(items: &[T], per: usize) -> Vec<(usize, usize, &[T])> {
    let chunks: Vec<&[T]> = if items.is_empty() {
        vec![&[]]
    } else {
        items.chunks(per.max(1)).collect()
    };
    let total = chunks.len();
    chunks
        .into_iter()
        .enumerate()
        .map(|(n, c)| (n + 1, total, c))
        .collect()
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

    #[test]
    fn an_empty_list_has_one_page() {
        let none: [usize; 0] = [];
        assert_eq!(paginate(&none, 10), vec![(1, 1, &none[..])]);
        let five = [1, 2, 3, 4, 5];
        let pages = paginate(&five, 2);
        assert_eq!(pages.len(), 3);
        assert_eq!(pages[2], (3, 3, &five[4..]));
    }
}

//! What several kinds of website page share: the common context every template gets (site,
//! menu, breadcrumb, meta tags …) and the cards, list items and pagers lists are made of.

use crate::images::{Crop, Focus, Settings};
use crate::model::Taxonomy;
use crate::model::page::{Kind, Page, Profile};
use crate::render::picture::{self as markup, Usage};
use crate::render::views::{
    Assets, BuildView, Card, Common, Crumb, DocumentItem, Img, IssueItem, Link, MenuItem, MetaView,
    PageContext, PageNumber, Pagination, ProfileCard,
};

use super::{Html, page_path, validity};

/// What a page's common context is made of besides its path.
pub(super) struct Head<'h> {
    /// Its section: marks the menu item, names the column in the meta tags.
    pub section: Option<Kind>,
    /// Breadcrumb after 首页: names and site paths (None for the current page).
    pub crumbs: Vec<(String, Option<String>)>,
    /// `<title>` and column name (the site's title is added).
    pub title: &'h str,
    /// The content page shown, for its keywords, date, source, share image and code styles.
    pub page: Option<&'h Page>,
    /// Its summary, for the description meta tag (else the site's description).
    pub summary: Option<&'h str>,
    /// Site path of its RSS feed.
    pub feed: Option<String>,
    /// Which page of a paginated list it is (1 for the first or only one): later pages say so
    /// in `<title>`, so that no two pages share one.
    pub number: usize,
}

impl<'h> Head<'h> {
    /// A page titled `title` with this breadcrumb, in no section, without a feed.
    pub fn new(title: &'h str, crumbs: Vec<(String, Option<String>)>) -> Head<'h> {
        Head {
            section: None,
            crumbs,
            title,
            page: None,
            summary: None,
            feed: None,
            number: 1,
        }
    }

    /// The same page as page `number` of its list.
    pub fn number(mut self, number: usize) -> Head<'h> {
        self.number = number;
        self
    }

    /// The same page in `section`.
    pub fn section(mut self, section: Kind) -> Head<'h> {
        self.section = Some(section);
        self
    }

    /// The same page with the RSS feed at site path `feed`.
    pub fn feed(mut self, feed: String) -> Head<'h> {
        self.feed = Some(feed);
        self
    }
}

impl<'a> Html<'a> {
    /// The context of the page at `path`: the common keys and the template's own `view`.
    pub(super) fn context<V>(&self, path: &str, head: Head, view: V) -> PageContext<'a, V> {
        PageContext {
            common: self.common(path, head),
            view,
        }
    }

    /// The common context: site, menu, breadcrumb, meta tags.
    fn common(&self, path: &str, head: Head) -> Common<'a> {
        let Head {
            section,
            crumbs,
            title,
            page,
            summary,
            feed,
            number,
        } = head;
        let input = self.input;
        let cfg = &self.site().config;
        let base = cfg.base_url();
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
        let has_code = page.is_some_and(|p| input.rendered_for(p).is_some_and(|r| r.has_code));
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
        let column_description = section.map_or_else(String::new, |k| {
            format!(
                "{}{}栏目：{}",
                cfg.title,
                k.section_title(),
                k.section_blurb()
            )
        });
        // A page written in traditional script (title and text) says so; passages of it in a
        // simplified page are marked where the body is prepared (content.rs).
        let traditional = page.is_some_and(|p| {
            crate::text::fold::is_traditional(&p.meta.title)
                && input
                    .rendered_for(p)
                    .is_some_and(|r| crate::text::fold::is_traditional(&r.html))
        });
        let meta = MetaView {
            lang: if traditional {
                "zh-Hant".to_string()
            } else {
                input.site_view.language.clone()
            },
            column_name: column,
            column_description: column_description.clone(),
            column_type: section.map_or(
                if path.is_empty() {
                    "首页"
                } else {
                    "网站导航"
                },
                Kind::column_type,
            ),
            column_keywords: section.map_or_else(
                || {
                    if path.is_empty() {
                        "双拥,拥军优属,拥政爱民".to_string()
                    } else {
                        title.to_string()
                    }
                },
                |k| k.column_keywords().to_string(),
            ),
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
            // A page's summary; a list's own description, never the site's slogan (which only
            // the home page carries).
            description: match (summary, section) {
                (Some(s), _) => s.to_string(),
                (None, Some(_)) => column_description.clone(),
                (None, None) if path.is_empty() => cfg.description.clone(),
                (None, None) => format!("{}：{title}", cfg.title),
            },
            url,
            image,
            og_type: if page.is_some() { "article" } else { "website" },
        };
        Common {
            site: &input.site_view,
            menu,
            root: self.root(path),
            home_href: self.href(path, ""),
            assets: Assets {
                css: self.href(path, "assets/style.css"),
                js: self.href(path, "assets/site.js"),
                highlight_css: has_code.then(|| self.href(path, "assets/highlight.css")),
            },
            search_href: input.search_path.as_ref().map(|s| self.href(path, s)),
            site_map_href: self
                .has_site_map()
                .then(|| self.href(path, super::special::SITE_MAP_PATH)),
            breadcrumb,
            meta,
            page_title: if path.is_empty() {
                cfg.title.clone()
            } else if number > 1 {
                format!("{title}（第{number}页） - {}", cfg.title)
            } else {
                format!("{title} - {}", cfg.title)
            },
            feed_href: feed.map(|f| self.href(path, &f)),
            build: BuildView {
                drafts: input.drafts,
            },
            year: input.today.year,
        }
    }

    /// The view of an image a page names (`cover`, `photo`), as processed by the image step.
    pub(super) fn img(
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
    pub(super) fn portrait_crop(&self, pr: &Profile) -> Crop {
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

    /// Links to the terms `names` of a taxonomy (names without a term are left out).
    pub(super) fn term_links(&self, from: &str, tax: Taxonomy, names: &[String]) -> Vec<Link> {
        let terms = self.terms(tax);
        names
            .iter()
            .filter_map(|n| terms.iter().find(|t| &t.name == n))
            .map(|t| Link {
                name: t.name.clone(),
                href: self.href(from, &format!("{}/{}/", tax.section(), t.slug)),
            })
            .collect()
    }

    /// The card of page `i` in a list at `from`.
    pub(super) fn card(&self, from: &str, i: usize) -> Card {
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

    /// The profile card of page `i` in a list at `from`.
    pub(super) fn profile_card(&self, from: &str, i: usize) -> ProfileCard {
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

    /// Document page `i` in a list at `from`.
    pub(super) fn document_item(&self, from: &str, i: usize) -> DocumentItem {
        let p = &self.site().pages[i];
        let d = p.document.as_ref();
        let v = validity(p);
        DocumentItem {
            title: p.meta.title.clone(),
            href: self.href(from, &p.path),
            doc_no: d.and_then(|d| d.doc_no.clone()),
            publisher: d.and_then(|d| d.publisher.clone()),
            written_cn: d.and_then(|d| d.written).map(|x| x.chinese()),
            date_cn: p.meta.date.map(|x| x.chinese()),
            validity: v.label(),
            validity_class: v.id(),
        }
    }

    /// Briefing issue `i` in a list at `from`.
    pub(super) fn issue_item(&self, from: &str, i: usize) -> IssueItem {
        let p = &self.site().pages[i];
        let b = p.briefing.as_ref();
        // A title that names its issue already (綦江双拥工作简报（2026年第6期）) is not
        // preceded by the same label again.
        let number = b.map_or_else(String::new, |b| b.number_label(p.meta.date));
        IssueItem {
            title: p.meta.title.clone(),
            href: self.href(from, &p.path),
            number_label: if p.meta.title.contains(&number) {
                String::new()
            } else {
                number
            },
            total_label: b.and_then(|b| b.total_label()),
            date_cn: p.meta.date.map(|d| d.chinese()),
            print_href: self.input.print_path(p).map(|pp| self.href(from, &pp)),
        }
    }

    /// The pager of page `current` of `total` of the list at `base`, seen from `from`.
    pub(super) fn pagination(
        &self,
        from: &str,
        base: &str,
        current: usize,
        total: usize,
    ) -> Pagination {
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
}

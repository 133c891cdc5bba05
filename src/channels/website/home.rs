//! The home page: the latest news, a featured article, profiles, briefings and documents.

use crate::model::page::Kind;
use crate::render::picture::Usage;
use crate::render::select::Deps;
use crate::render::views::{HomeContext, HomeSections, HomeView, PageContext};

use super::Html;
use super::context::Head;
use super::page::WebPage;

/// The home page (the empty site path).
pub(super) struct Home;

/// The pages the home page shows, by place.
struct HomePicks {
    news: Vec<usize>,
    featured: Option<usize>,
    profiles: Vec<usize>,
    briefings: Vec<usize>,
    documents: Vec<usize>,
}

/// What the home page shows: the newest article with a cover, 8 other articles, 4 profiles,
/// the 5 newest issues and 5 documents.
fn home_picks(w: &Html) -> HomePicks {
    let site = w.site();
    let articles = site.section(Kind::Article);
    let mut briefings: Vec<usize> = site.section(Kind::Briefing).to_vec();
    briefings.sort_by_key(|&i| std::cmp::Reverse(site.pages[i].meta.date));
    briefings.truncate(5);
    let featured = articles
        .iter()
        .find(|&&i| site.pages[i].meta.cover.is_some())
        .copied();
    HomePicks {
        // The featured article is shown beside the list, not again in it.
        news: articles
            .iter()
            .filter(|&&i| Some(i) != featured)
            .take(8)
            .copied()
            .collect(),
        featured,
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

impl<'a> WebPage<'a> for Home {
    type View = HomeContext;

    fn all(_w: &Html<'a>) -> Vec<Home> {
        vec![Home]
    }

    fn path(&self, _w: &Html<'a>) -> String {
        String::new()
    }

    fn deps(&self, w: &Html<'a>) -> Deps {
        let h = home_picks(w);
        let mut pages = h.news;
        pages.extend(h.featured);
        pages.extend(h.profiles);
        pages.extend(h.briefings);
        pages.extend(h.documents);
        Deps::pages(pages)
    }

    fn template(&self, _w: &Html<'a>) -> &'static str {
        "index.html"
    }

    fn context(&self, w: &Html<'a>, path: &str) -> PageContext<'a, HomeContext> {
        let head = Head::new("首页", Vec::new()).feed("rss.xml".into());
        let picks = home_picks(w);
        let featured = picks.featured.map(|i| {
            let mut card = w.card(path, i);
            // Above the fold: loaded at once, drawn wider than a card.
            if let Some(c) = &mut card.cover {
                c.lazy = false;
                c.sizes = c.sizes.as_ref().map(|_| Usage::FEATURED.sizes.into());
            }
            card
        });
        let home = HomeView {
            news: picks.news.iter().map(|&i| w.card(path, i)).collect(),
            featured,
            profiles: picks
                .profiles
                .iter()
                .map(|&i| w.profile_card(path, i))
                .collect(),
            briefings: picks
                .briefings
                .iter()
                .map(|&i| w.issue_item(path, i))
                .collect(),
            documents: picks
                .documents
                .iter()
                .map(|&i| w.document_item(path, i))
                .collect(),
            sections: HomeSections {
                articles_href: w.href(path, "articles/"),
                profiles_href: w.href(path, "profiles/"),
                honors_href: w.href(path, "honors/"),
                briefings_href: w.href(path, "briefings/"),
                documents_href: w.href(path, "documents/"),
            },
        };
        w.context(path, head, HomeContext { home })
    }
}

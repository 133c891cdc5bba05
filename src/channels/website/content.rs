//! Content pages: one page per published article, profile, briefing, document and single page.

use crate::images::Crop;
use crate::markdown::Rendered;
use crate::model::Taxonomy;
use crate::model::page::{Kind, Page};
use crate::render::picture::Usage;
use crate::render::select::{Deps, Selection};
use crate::render::views::{
    AttachmentView, BriefingItem, BriefingView, ContentContext, DistributionLine, DocumentView,
    Neighbour, PageContext, PageView, ProfileView, RelatedView, ShareView,
};

use super::context::Head;
use super::page::WebPage;
use super::{Html, honor_anchor, validity};

/// The page of content page `i` (an index into the model's pages).
pub(super) struct Content(usize);

impl<'a> WebPage<'a> for Content {
    type View = ContentContext;

    fn all(w: &Html<'a>) -> Vec<Content> {
        let pages = &w.site().pages;
        (0..pages.len())
            .filter(|&i| pages[i].published)
            .map(Content)
            .collect()
    }

    fn path(&self, w: &Html<'a>) -> String {
        w.site().pages[self.0].path.clone()
    }

    /// A briefing also shows its items, which an edit may add or drop without changing the
    /// structure, so only other pages are kept this way.
    fn untouched(&self, w: &Html<'a>, selection: &Selection) -> bool {
        w.site().pages[self.0].briefing.is_none()
            && selection.untouched(w.page_and_neighbours(self.0))
            && (!w.related_may_be_touched(self.0)
                || selection.untouched(w.related(self.0).iter().copied()))
    }

    fn deps(&self, w: &Html<'a>) -> Deps {
        let site = w.site();
        let mut pages: Vec<usize> = w.page_and_neighbours(self.0).collect();
        pages.extend_from_slice(w.related(self.0));
        if site.pages[self.0].briefing.is_some() {
            pages.extend(site.briefing_items(&site.pages[self.0]));
        }
        Deps::pages(pages)
    }

    fn template(&self, w: &Html<'a>) -> &'static str {
        match w.site().pages[self.0].kind {
            Kind::Article => "article.html",
            Kind::Profile => "profile.html",
            Kind::Briefing => "briefing.html",
            Kind::Document => "document.html",
            Kind::Page => "page.html",
        }
    }

    fn context(&self, w: &Html<'a>, path: &str) -> PageContext<'a, ContentContext> {
        let p = &w.site().pages[self.0];
        let summary = w.input.summary(p);
        let mut crumbs = Vec::new();
        if p.kind != Kind::Page {
            crumbs.push((
                p.kind.section_title().to_string(),
                Some(format!("{}/", p.kind.section())),
            ));
        }
        crumbs.push((p.meta.title.clone(), None));
        let mut head = Head::new(&p.meta.title, crumbs);
        head.page = Some(p);
        head.summary = Some(summary);
        if p.kind != Kind::Page {
            head = head
                .section(p.kind)
                .feed(format!("{}/rss.xml", p.kind.section()));
        }
        let page = w.page_view(self.0, path, summary);
        w.context(path, head, ContentContext { page })
    }
}

impl Html<'_> {
    /// What the template of content page `i`, written at `from`, shows of it.
    fn page_view(&self, i: usize, from: &str, summary: &str) -> PageView {
        let site = self.site();
        let p = &site.pages[i];
        let empty = Rendered::default();
        let r = self.input.rendered_for(p).unwrap_or(&empty);
        let (newer, older) = site.neighbours.get(&i).copied().unwrap_or((None, None));
        let neighbour = |j: Option<usize>| {
            j.map(|j| Neighbour {
                title: site.pages[j].meta.title.clone(),
                href: self.href(from, &site.pages[j].path),
            })
        };
        PageView {
            kind: p.kind.id(),
            kind_label: p.kind.label(),
            title: p.meta.title.clone(),
            summary_html: r.more_html.clone().unwrap_or_else(|| {
                format!("<p>{}</p>", crate::markdown::sanitize::escape_text(summary))
            }),
            summary: summary.to_string(),
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
            content: web_body(p.kind, &r.html),
            toc: r.toc.clone(),
            reading_minutes: r.reading_minutes,
            char_count: r.han_count,
            prev: neighbour(newer),
            next: neighbour(older),
            related: self
                .related(i)
                .iter()
                .map(|&j| RelatedView {
                    title: site.pages[j].meta.title.clone(),
                    href: self.href(from, &site.pages[j].path),
                    date_cn: site.pages[j].meta.date.map(|d| d.chinese()),
                })
                .collect(),
            share: self.share_view(p),
            draft: p.meta.draft,
            print_href: self.input.print_path(p).map(|pp| self.href(from, &pp)),
            profile: self.profile_view(p, from),
            document: self.document_view(p, from),
            briefing: self.briefing_view(p, from, r),
        }
    }

    /// The page's full address and its QR code; none without a `base_url` (a portable copy
    /// has no address to share) or for a draft preview.
    fn share_view(&self, p: &Page) -> Option<ShareView> {
        if p.meta.draft || self.input.drafts {
            return None;
        }
        let url = format!("{}{}", self.site().config.base_url()?, p.path);
        let qr_svg = crate::render::qr::qr_svg(&url, &format!("本页网址二维码：{url}"))?;
        Some(ShareView { url, qr_svg })
    }

    /// The profile block of a profile page.
    fn profile_view(&self, p: &Page, from: &str) -> Option<ProfileView> {
        let pr = p.profile.as_ref()?;
        Some(ProfileView {
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
        })
    }

    /// The document block of a document page.
    fn document_view(&self, p: &Page, from: &str) -> Option<DocumentView> {
        let d = p.document.as_ref()?;
        let v = validity(p);
        Some(DocumentView {
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
        })
    }

    /// The briefing block of a briefing page whose own text rendered as `r`.
    fn briefing_view(&self, p: &Page, from: &str, r: &Rendered) -> Option<BriefingView> {
        let b = p.briefing.as_ref()?;
        let site = self.site();
        let items: Vec<BriefingItem> = site
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
                        .map(|r| web_body(t.kind, &r.html))
                        .unwrap_or_default(),
                    href: self.href(from, &t.path),
                }
            })
            .collect();
        let note = r.html.trim();
        Some(BriefingView {
            series_name: site
                .config
                .series(&b.series)
                .map_or_else(|| b.series.clone(), |s| s.name.clone()),
            kind: b.kind.label(),
            number_label: b.number_label(p.meta.date),
            total_label: b.total_label(),
            editor: b.editor.clone(),
            date_cn: p.meta.date.map(|d| d.chinese()),
            classification: b.classification.clone(),
            editor_note: (!note.is_empty()).then(|| note.to_string()),
            toc: b.has_contents(items.len()),
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
        })
    }
}

/// A document body with its closing 发文机关 and 成文日期 paragraphs (found by
/// [`crate::render::closing::split_closing`], the rule the print sheet uses) marked
/// `class="doc-closing"`, which the theme sets right-aligned as on paper; a 附件 line among them
/// stays an ordinary paragraph.
fn with_closing_marked(html: &str) -> String {
    let (body, tail) = crate::render::closing::split_closing(html);
    if tail.iter().all(|t| t.starts_with("附件")) {
        return html.to_string();
    }
    let mut out = body.to_string();
    for t in tail {
        let class = if t.starts_with("附件") {
            ""
        } else {
            " class=\"doc-closing\""
        };
        out.push_str(&format!("\n<p{class}>{t}</p>"));
    }
    out.push('\n');
    out
}

/// A rendered body as the website shows it: tables in a scroller (see
/// [`with_tables_scrollable`]), passages in traditional script marked (see
/// [`with_traditional_marked`]) and, for documents, the closing lines marked (see
/// [`with_closing_marked`]). Only the website's page bodies: the other channels read the
/// rendered body as it is.
fn web_body(kind: Kind, html: &str) -> String {
    let html = with_traditional_marked(&with_tables_scrollable(html));
    if kind == Kind::Document {
        with_closing_marked(&html)
    } else {
        html
    }
}

/// Wraps every outermost `<table>` in a focusable, labelled region that scrolls sideways, so
/// that on a phone or at 特大 a table keeps readable columns (no 古/南/街/道 one character a
/// line) and scrolls by itself instead of widening the page (WCAG 1.4.10 lets tables scroll;
/// the region can be reached and scrolled with the keyboard).
fn with_tables_scrollable(html: &str) -> String {
    const OPEN: &str = "<table";
    const CLOSE: &str = "</table>";
    if !html.contains(OPEN) {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 128);
    let mut rest = html;
    while let Some(start) = rest.find(OPEN) {
        // The end of this table, counting tables nested in its cells (raw HTML may nest them).
        let mut depth = 0usize;
        let mut at = start;
        let mut end = None;
        while let Some(i) = next_tag(rest, at) {
            if rest[i..].starts_with(OPEN) {
                depth += 1;
                at = i + OPEN.len();
            } else {
                depth = depth.saturating_sub(1);
                at = i + CLOSE.len();
                if depth == 0 {
                    end = Some(at);
                    break;
                }
            }
        }
        // A table without its end tag (the sanitizer closes every element) is left as it is.
        let Some(end) = end else { break };
        out.push_str(&rest[..start]);
        out.push_str(r#"<div class="table-scroll" role="region" tabindex="0" aria-label="表格">"#);
        out.push_str(&rest[start..end]);
        out.push_str("</div>");
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Marks each paragraph and list item written in traditional script `lang="zh-Hant"` (a
/// letter from Hong Kong quoted in a simplified article), so that screen readers read it and
/// fonts draw it as such; see [`crate::text::fold::is_traditional`] for the rule.
fn with_traditional_marked(html: &str) -> String {
    if !crate::text::fold::changes(html) {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    loop {
        let next = ["<p>", "<li>"]
            .iter()
            .filter_map(|open| rest.find(open).map(|at| (at, *open)))
            .min();
        let Some((at, open)) = next else { break };
        let close = if open == "<p>" { "</p>" } else { "</li>" };
        let body_start = at + open.len();
        let end = rest[body_start..]
            .find(close)
            .map_or(rest.len(), |e| body_start + e);
        out.push_str(&rest[..at]);
        if crate::text::fold::is_traditional(&rest[body_start..end]) {
            out.push_str(&open[..open.len() - 1]);
            out.push_str(" lang=\"zh-Hant\">");
        } else {
            out.push_str(open);
        }
        rest = &rest[body_start..];
    }
    out.push_str(rest);
    out
}

/// The next `<table` or `</table>` in `html` at or after `from`.
fn next_tag(html: &str, from: usize) -> Option<usize> {
    let tail = html.get(from..)?;
    let open = tail.find("<table");
    let close = tail.find("</table>");
    match (open, close) {
        (Some(o), Some(c)) => Some(from + o.min(c)),
        (Some(o), None) => Some(from + o),
        (None, Some(c)) => Some(from + c),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_passages_are_marked() {
        let html = "<p>区双拥办收到一封来信：</p>\n<blockquote>\n<p>尊敬的綦江區雙擁辦：</p>\n<p>我遠在香港無法及時趕回。</p>\n</blockquote>\n<ul>\n<li>感謝家鄉的雙擁工作</li>\n<li>简体</li>\n</ul>";
        let out = with_traditional_marked(html);
        assert_eq!(out.matches(r#" lang="zh-Hant""#).count(), 3, "{out}");
        assert!(out.starts_with("<p>区双拥办"), "{out}");
        assert!(out.contains(r#"<li lang="zh-Hant">感謝"#), "{out}");
        assert!(out.contains("<li>简体</li>"), "{out}");
        assert_eq!(
            with_traditional_marked("<p>全是简体</p>"),
            "<p>全是简体</p>"
        );
    }

    #[test]
    fn outermost_tables_are_wrapped_once() {
        let html = "<p>甲</p>\n<table><tr><td><table><tr><td>内</td></tr></table></td></tr></table>\n<p>乙</p><table><tr><td>二</td></tr></table>";
        let out = with_tables_scrollable(html);
        assert_eq!(
            out.matches("<div class=\"table-scroll\"").count(),
            2,
            "{out}"
        );
        assert!(out.starts_with("<p>甲</p>\n<div class=\"table-scroll\""));
        assert!(
            out.contains("</table></td></tr></table></div>\n<p>乙</p><div"),
            "{out}"
        );
        assert!(out.ends_with("</table></div>"));
        assert_eq!(with_tables_scrollable("<p>无表</p>"), "<p>无表</p>");
    }
}

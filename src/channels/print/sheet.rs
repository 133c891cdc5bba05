//! What a print page shows, computed from the model, so the print templates only present:
//! the briefing sheet (报头, 编者按, 本期要目, items, 报尾) and the document sheet (标题, 发文字号,
//! 主送, 正文, 附件说明, 署名 and 成文日期).

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::config::{PageNumbers, Rule, Series};
use crate::model::Site;
use crate::model::page::Page;
use crate::render::RenderInput;
use crate::render::closing::{is_cn_date, split_closing};
use crate::render::links::{Linker, join_path};

/// Settings every print page gets (`print` in the templates).
#[derive(Debug, Clone, Serialize)]
pub struct PrintView {
    /// `<title>` text.
    pub title: String,
    /// Link to `assets/print.css`.
    pub css: String,
    /// Link to `assets/print-centered.css` (used when page numbers are centred).
    pub css_centered: String,
    /// Link to `assets/print.js`.
    pub js: String,
    /// Link back to the web page (null for pages not on the website).
    pub web_href: Option<String>,
    /// Red of the masthead and rules, `#rrggbb`.
    pub color: String,
    /// Masthead size, e.g. `42pt`.
    pub masthead_size: String,
    /// True for a thick-and-thin double rule under the masthead.
    pub double_rule: bool,
    /// True for centred page numbers (single-sided); false for GB/T 9704 odd-right/even-left.
    pub centered_numbers: bool,
    /// True when the page is not on the website (internal); the screen preview says so.
    pub internal: bool,
    /// True for a draft (only in `--drafts` previews); the screen preview marks it 草稿.
    pub draft: bool,
}

/// One item of a briefing on paper.
#[derive(Debug, Clone, Serialize)]
pub struct SheetItem {
    /// `item-1` …, the 本期要目 links here.
    pub anchor: String,
    /// Headline.
    pub title: String,
    /// Body HTML, adapted for paper.
    pub content: String,
    /// `（綦江区双拥办供稿）` or null.
    pub source: Option<String>,
    /// The body HTML as rendered for the web page, before [`for_paper`] (the Word channel reads
    /// link addresses and image sources from it).
    #[serde(skip)]
    pub html: String,
    /// Site path of the page `html` was rendered for (its relative links start there).
    #[serde(skip)]
    pub from: String,
}

/// One 报/送/发/增发 line of the 报尾.
#[derive(Debug, Clone, Serialize)]
pub struct SheetRecipients {
    /// `报：`, `送：`, `发：`, `本期增发：`.
    pub label: String,
    /// Recipients joined with `，`, ending in `。`.
    pub names: String,
}

/// A briefing issue on paper (`sheet` in `print-briefing.html`).
#[derive(Debug, Clone, Serialize)]
pub struct BriefingSheet {
    /// 密级标注 such as 内部资料 注意保存, top left of page 1.
    pub classification: Option<String>,
    /// The series name printed as the red masthead.
    pub masthead: String,
    /// `2026年第5期`, `第5期` or `增刊第1期`.
    pub number: String,
    /// `（总第41期）` or null.
    pub total: Option<String>,
    /// 编印单位 (left of the date line).
    pub editor: String,
    /// `2026年5月28日` (right of the date line), or null.
    pub date: Option<String>,
    /// 编者按 HTML (the briefing's own body), or null.
    pub editor_note: Option<String>,
    /// The 编者按 as rendered for the web page (see [`SheetItem::html`]), or null.
    #[serde(skip)]
    pub editor_note_html: Option<String>,
    /// Site path of the briefing (the 编者按's links start there).
    #[serde(skip)]
    pub from: String,
    /// True when the items get a 本期要目 (see [`crate::model::page::Briefing::has_contents`]).
    pub toc: bool,
    /// The items in order.
    pub items: Vec<SheetItem>,
    /// 报尾 lines.
    pub recipients: Vec<SheetRecipients>,
    /// `（共印80份）` or null.
    pub copies: Option<String>,
}

/// A policy document on paper (`doc` in `print-document.html`).
#[derive(Debug, Clone, Serialize)]
pub struct DocumentSheet {
    /// Title (二号小标宋, centred).
    pub title: String,
    /// 发文字号 under the title, or null.
    pub doc_no: Option<String>,
    /// 主送机关 line (the body's first paragraph when it ends with `：`), or null.
    pub recipient: Option<String>,
    /// The body HTML without the 主送 line, adapted for paper.
    pub content: String,
    /// The same body before [`for_paper`] (see [`SheetItem::html`]).
    #[serde(skip)]
    pub html: String,
    /// Site path of the document (the body's links start there).
    #[serde(skip)]
    pub from: String,
    /// 附件说明 lines: `附件：1.名称` then `2.名称` …
    pub attachments: Vec<String>,
    /// 发文机关署名, or null.
    pub signature: Option<String>,
    /// 成文日期 `2026年4月8日`, or null.
    pub date: Option<String>,
    /// Right padding of the signature, in grid cells (字).
    pub signature_pad: f32,
    /// Right padding of the date, in grid cells (字).
    pub date_pad: f32,
}

impl PrintView {
    /// The settings for a page at `path` (its print page's site path).
    pub fn new(input: &RenderInput, p: &Page, print_path: &str) -> PrintView {
        let linker = Linker {
            portable: input.portable,
        };
        let series: Option<&Series> = p
            .briefing
            .as_ref()
            .and_then(|b| input.site.config.series(&b.series));
        let defaults = Series::default();
        let s = series.unwrap_or(&defaults);
        PrintView {
            title: format!("{}（打印版）", p.meta.title),
            css: linker.href(print_path, "assets/print.css"),
            css_centered: linker.href(print_path, "assets/print-centered.css"),
            js: linker.href(print_path, "assets/print.js"),
            web_href: p.published.then(|| linker.href(print_path, &p.path)),
            color: s.color.0.clone(),
            masthead_size: format!("{}pt", masthead_fit(&s.name, s.masthead_size.0)),
            double_rule: s.rule == Rule::Double,
            centered_numbers: s.page_numbers == PageNumbers::Center,
            internal: !p.published,
            draft: p.meta.draft,
        }
    }
}

/// The masthead size that keeps the series name on one line of the type area (156 mm, i.e.
/// 442 pt, less the 0.05 em letter-spacing), never larger than configured.
pub fn masthead_fit(name: &str, configured: f32) -> f32 {
    let width = zi_width(name) * 1.05;
    if width <= 0.0 {
        return configured;
    }
    let fit = (440.0 / width).floor();
    configured.min(fit)
}

/// The briefing sheet of page `p`, printed at `print_path`.
pub fn briefing(input: &RenderInput, p: &Page, print_path: &str) -> Option<BriefingSheet> {
    let b = p.briefing.as_ref()?;
    let site: &Site = input.site;
    let linker = Linker {
        portable: input.portable,
    };
    let series = site.config.series(&b.series);
    let items: Vec<SheetItem> = site
        .briefing_items(p)
        .into_iter()
        .enumerate()
        .map(|(n, j)| {
            let t = &site.pages[j];
            let html = input.rendered_for(t).map_or("", |r| r.html.as_str());
            SheetItem {
                anchor: format!("item-{}", n + 1),
                title: t.meta.title.clone(),
                content: for_paper(html, &t.path, print_path, linker),
                html: html.to_string(),
                from: t.path.clone(),
                source: t
                    .meta
                    .credit
                    .clone()
                    .or_else(|| t.meta.source.clone())
                    .filter(|s| !s.trim().is_empty())
                    .map(|s| format!("（{}）", s.trim())),
            }
        })
        .collect();
    let body = input.rendered_for(p).map_or("", |r| r.html.trim());
    // With items the briefing's own text is the 编者按; without (a 专报, one topic per issue)
    // it is the report itself, under the issue's title.
    let (note, items) = if items.is_empty() && !body.is_empty() {
        let report = SheetItem {
            anchor: "item-1".into(),
            title: p.meta.title.clone(),
            content: for_paper(body, &p.path, print_path, linker),
            html: body.to_string(),
            from: p.path.clone(),
            source: None,
        };
        ("", vec![report])
    } else {
        (body, items)
    };
    let toc = b.has_contents(items.len());
    let recipients = b
        .distribution
        .groups()
        .into_iter()
        .map(|(label, names)| SheetRecipients {
            label: if label == "增发" {
                "本期增发：".to_string()
            } else {
                format!("{label}：")
            },
            names: format!("{}。", names.join("，")),
        })
        .collect();
    Some(BriefingSheet {
        classification: b.classification.clone().filter(|c| !c.trim().is_empty()),
        masthead: series.map_or_else(|| b.series.clone(), |s| s.name.clone()),
        number: b.number_label(p.meta.date),
        total: b.total_label().map(|t| format!("（{t}）")),
        editor: b.editor.clone(),
        date: p.meta.date.map(|d| d.chinese()),
        editor_note: (!note.is_empty()).then(|| for_paper(note, &p.path, print_path, linker)),
        editor_note_html: (!note.is_empty()).then(|| note.to_string()),
        from: p.path.clone(),
        toc,
        items,
        recipients,
        copies: b.copies.map(|n| format!("（共印{n}份）")),
    })
}

/// The document sheet of page `p`, printed at `print_path`.
pub fn document(input: &RenderInput, p: &Page, print_path: &str) -> Option<DocumentSheet> {
    let d = p.document.as_ref()?;
    let linker = Linker {
        portable: input.portable,
    };
    let html = input.rendered_for(p).map_or("", |r| r.html.as_str());
    let (recipient, body) = split_recipient(html);
    // Staff often end the Markdown with the 附件 line, the signature and the date; those are
    // laid out below by the rules for 附件说明 and 署名, so take them off the body.
    let (body, tail) = split_closing(body);
    let written_sig = tail
        .iter()
        .find(|t| !is_cn_date(t) && !t.starts_with("附件"));
    let written_date = tail.iter().find(|t| is_cn_date(t));
    let written_attachments: Vec<String> = tail
        .iter()
        .filter(|t| t.starts_with("附件"))
        .cloned()
        .collect();
    let attachments = match d.attachments.len() {
        0 => written_attachments,
        1 => vec![format!(
            "附件：{}",
            strip_end_punct(&d.attachments[0].title)
        )],
        _ => d
            .attachments
            .iter()
            .enumerate()
            .map(|(n, a)| {
                let line = format!("{}.{}", n + 1, strip_end_punct(&a.title));
                if n == 0 {
                    format!("附件：{line}")
                } else {
                    line
                }
            })
            .collect(),
    };
    let signature = d
        .publisher
        .clone()
        .filter(|s| !s.trim().is_empty())
        .or_else(|| written_sig.cloned());
    let date = d
        .written
        .or(p.meta.date)
        .map(|x| x.chinese())
        .or_else(|| written_date.cloned());
    let (signature_pad, date_pad) = signature_padding(
        signature.as_deref().unwrap_or(""),
        date.as_deref().unwrap_or(""),
    );
    Some(DocumentSheet {
        title: p.meta.title.clone(),
        doc_no: d.doc_no.clone().filter(|s| !s.trim().is_empty()),
        recipient,
        content: for_paper(body, &p.path, print_path, linker),
        html: body.to_string(),
        from: p.path.clone(),
        attachments,
        signature,
        date,
        signature_pad,
        date_pad,
    })
}

/// Width of a text in 字 (grid cells): half-width characters count a half.
pub fn zi_width(s: &str) -> f32 {
    s.chars()
        .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
        .sum()
}

/// Right paddings (in 字) of the signature and the date without a seal (GB/T 9704 §7.3.5.2): the
/// signature 2 字 from the right, the date starting 2 字 right of the signature's first
/// character; when the date is the longer, the date keeps 2 字 and the signature moves left.
pub fn signature_padding(signature: &str, date: &str) -> (f32, f32) {
    let (sw, dw) = (zi_width(signature), zi_width(date));
    if dw <= sw {
        (2.0, sw - dw)
    } else {
        (4.0 + dw - sw, 2.0)
    }
}

/// Removes a title's trailing punctuation (附件 names take none).
fn strip_end_punct(s: &str) -> String {
    s.trim()
        .trim_end_matches(['。', '，', '；', '、', '.', ',', ';', '：', ':'])
        .to_string()
}

/// Splits off the 主送机关 line: a first paragraph without inner markup that ends with `：`.
fn split_recipient(html: &str) -> (Option<String>, &str) {
    let t = html.trim_start();
    if let Some(rest) = t.strip_prefix("<p>")
        && let Some(end) = rest.find("</p>")
    {
        let line = &rest[..end];
        if !line.contains('<')
            && !line.contains('。')
            && line.trim_end().ends_with('：')
            && line.chars().count() <= 120
        {
            return (Some(line.trim().to_string()), &rest[end + 4..]);
        }
    }
    (None, html)
}

static LINK_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?s)<a\b[^>]*>|</a>"#).unwrap_or_else(|_| unreachable!("fixed pattern"))
});
static SRC_ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\bsrc="([^"]*)""#).unwrap_or_else(|_| unreachable!("fixed pattern"))
});

static SCREEN_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"<source\b[^>]*>|\s(?:srcset|sizes)="[^"]*"|\sloading="lazy""#)
        .unwrap_or_else(|_| unreachable!("fixed pattern"))
});

/// Adapts HTML rendered for the page at `from` to the print page at `to`: links become their
/// text (paper has no links, and a PDF must not carry local file paths), pictures keep only
/// their largest JPEG (`src`), loaded at once (a lazy image may miss the printout), and
/// relative image sources are re-pointed from `from` to `to`.
pub fn for_paper(html: &str, from: &str, to: &str, linker: Linker) -> String {
    let unlinked = LINK_TAG.replace_all(html, "");
    let unlinked = SCREEN_ONLY.replace_all(&unlinked, "");
    SRC_ATTR
        .replace_all(&unlinked, |c: &regex::Captures| {
            let src = &c[1];
            let relative = !(src.is_empty()
                || src.starts_with('/')
                || src.starts_with('#')
                || src.starts_with("data:")
                || src.contains("://"));
            let resolved = if relative {
                join_path(from, src).map(|abs| linker.href(to, &abs))
            } else {
                None
            };
            format!(r#"src="{}""#, resolved.as_deref().unwrap_or(src))
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_html_drops_links_and_repoints_images() {
        let l = Linker { portable: false };
        let html = r#"<p>见<a href="../../articles/b/">另一篇</a>。</p><p><img src="../../articles/a/photo.jpg" alt="合影"></p><img src="https://x.cn/a.png">"#;
        let out = for_paper(html, "articles/a/", "briefings/b/print/", l);
        assert_eq!(
            out,
            r#"<p>见另一篇。</p><p><img src="../../../articles/a/photo.jpg" alt="合影"></p><img src="https://x.cn/a.png">"#
        );
    }

    #[test]
    fn paper_pictures_keep_only_their_largest_jpeg() {
        let l = Linker { portable: false };
        let html = r#"<picture><source type="image/webp" srcset="../../articles/a/p-480w.webp 480w" sizes="100vw"><img src="../../articles/a/p-960w.jpg" srcset="../../articles/a/p-480w.jpg 480w" sizes="100vw" width="960" height="720" alt="合影" loading="lazy" decoding="async"></picture>"#;
        let out = for_paper(html, "articles/a/", "briefings/b/print/", l);
        assert_eq!(
            out,
            r#"<picture><img src="../../../articles/a/p-960w.jpg" width="960" height="720" alt="合影" decoding="async"></picture>"#
        );
    }

    #[test]
    fn recipient_line_is_split_off() {
        let (r, rest) = split_recipient("<p>各镇街双拥办，区级有关部门：</p>\n<p>正文。</p>");
        assert_eq!(r.as_deref(), Some("各镇街双拥办，区级有关部门："));
        assert_eq!(rest, "\n<p>正文。</p>");
        let (r, _) = split_recipient("<p>今年8月1日是建军节。现通知如下：</p>");
        assert_eq!(r, None);
        let (r, _) = split_recipient("<h2>一、总体要求</h2>");
        assert_eq!(r, None);
    }

    #[test]
    fn signature_and_date_follow_the_no_seal_rule() {
        // Signature longer than the date: signature 2 字 from the right; date starts 2 字 in.
        let (s, d) = signature_padding("綦江区双拥工作领导小组", "2026年4月8日");
        assert_eq!(s, 2.0);
        assert_eq!(zi_width("2026年4月8日"), 6.0);
        assert_eq!(d, 11.0 - 6.0);
        // Date longer than the signature: the date keeps 2 字, the signature moves left.
        let (s, d) = signature_padding("区双拥办", "2026年12月18日");
        assert_eq!(d, 2.0);
        assert_eq!(zi_width("2026年12月18日"), 7.0);
        assert_eq!(s, 4.0 + 7.0 - 4.0);
    }

    #[test]
    fn long_mastheads_shrink_to_fit_one_line() {
        assert_eq!(masthead_fit("綦江双拥工作简报", 42.0), 42.0);
        let long = "重庆市綦江区双拥工作领导小组办公室简报";
        assert!(masthead_fit(long, 42.0) * zi_width(long) * 1.05 <= 442.0);
    }

    #[test]
    fn attachment_names_lose_trailing_punctuation() {
        assert_eq!(strip_end_punct("推荐表。"), "推荐表");
    }
}

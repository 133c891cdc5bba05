//! Markdown → HTML with comrak (CJK-friendly emphasis, tables, footnotes, strikethrough, alerts;
//! smart punctuation off), stable Chinese heading ids, link rewriting, raw-HTML filtering and
//! CJK-aware summaries. This is the only module that knows about comrak.

pub mod highlight;
pub mod sanitize;

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::sync::Mutex;

use comrak::adapters::{HeadingAdapter, HeadingMeta};
use comrak::nodes::{AlertType, NodeHtmlBlock, NodeValue, Sourcepos};
use comrak::{
    Anchorizer, Arena, Options, format_html_with_plugins, options::Plugins, parse_document,
};

use crate::markdown::highlight::Highlighter;
use crate::text::{exact_size, is_han};

/// A heading for the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TocEntry {
    /// 2 or 3.
    pub level: u8,
    /// The heading's id.
    pub id: String,
    /// Its text.
    pub title: String,
}

/// What a link or image target becomes.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkAction {
    /// Leave as written.
    Keep,
    /// Replace with this URL.
    Rewrite(String),
    /// Broken: report this (the link is left as written in the output, which is not written).
    Broken(crate::problem::Problem),
    /// Replace with this URL (None: keep) and check it once the whole site is known.
    Check(Option<String>, LinkCheck),
    /// A file of the site (a bundle file or a file under `static/`): the link becomes
    /// `root` + `site_path` + `fragment`, and the use is recorded in [`Rendered::files`].
    File {
        /// Relative path from the page to the site root (`../../`).
        root: String,
        /// Site path of the file.
        site_path: String,
        /// `#…` written after the path, if any.
        fragment: String,
    },
}

/// A file of the site that the body embeds (`![alt](file)`) or links (`[text](file)`).
#[derive(Debug, Clone, PartialEq)]
pub struct FileUse {
    /// Site path of the file (`articles/x/photo1.jpg`; static files without `static/`).
    pub site_path: String,
    /// Relative path from the page to the site root, to link the file or its renditions.
    pub root: String,
    /// The target as written.
    pub written: String,
    /// Where it is written in the body.
    pub span: Range<usize>,
    /// For `![alt](file "title")`: how it is embedded. None for links.
    pub embed: Option<Embed>,
}

/// How an image is embedded.
#[derive(Debug, Clone, PartialEq)]
pub struct Embed {
    /// Alt text (the text in the brackets).
    pub alt: String,
    /// Title (the quoted text after the path), or empty.
    pub title: String,
    /// True when it stands alone in its paragraph with a title: a `<figure>` with the title
    /// as `<figcaption>`.
    pub figure: bool,
}

/// Start of the placeholder an embedded file leaves in [`Rendered::html`], followed by its
/// index in [`Rendered::files`] and [`PLACEHOLDER_END`]; the image step replaces it with the
/// final markup (`crate::render::picture::expand`).
pub const PLACEHOLDER_START: &str = "<!--tongxin-image:";

/// End of an image placeholder.
pub const PLACEHOLDER_END: &str = "-->";

/// A link check that needs the whole site, recorded with the link's place in the body.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkCheck {
    /// `#fragment` must name an id of the page whose content path is `target`. A path rather
    /// than an index, so it stays true when other pages come and go.
    Anchor {
        /// Content path of the page the link points into.
        target: String,
        /// The id, percent-decoded and without `#`.
        fragment: String,
    },
    /// A site path (`/…`, without the slash) that must exist in the output.
    SitePath(String),
    /// An `http(s)://` address, requested only by `check --external`.
    External,
}

/// One link to check: what it checks, the target as written and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkRef {
    /// What to check.
    pub check: LinkCheck,
    /// The target as the Markdown parser read it.
    pub written: String,
    /// Byte range in the body: the URL itself when it is written there, else the whole link
    /// (reference-style links).
    pub span: Range<usize>,
    /// True for `![alt](url)`.
    pub is_image: bool,
}

/// A Markdown body rendered to HTML, plus what the rest of the build needs from it.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// Body HTML.
    pub html: String,
    /// h2/h3 headings.
    pub toc: Vec<TocEntry>,
    /// Every heading id, in order, then the ids and names of raw-HTML elements (anchor checks).
    pub ids: Vec<String>,
    /// Links to check once the whole site is known.
    pub checks: Vec<LinkRef>,
    /// Files of the site the body embeds or links, in order; embedded ones are placeholders
    /// in `html` until the image step expands them.
    pub files: Vec<FileUse>,
    /// Body as plain text (paragraph per line), for summaries, counts and search.
    pub plain: String,
    /// HTML of the part before `<!-- more -->`, when the marker is present.
    pub more_html: Option<String>,
    /// True when the body has a fenced or indented code block.
    pub has_code: bool,
    /// Link problems with byte ranges in the Markdown body.
    pub problems: Vec<(crate::problem::Problem, Range<usize>)>,
    /// Warnings with byte ranges in the Markdown body (raw HTML the sanitizer changed).
    pub warnings: Vec<(crate::problem::Problem, Range<usize>)>,
    /// Plain-text summary of about [`SUMMARY_HAN`] Han characters (computed once, used by every list).
    pub summary: String,
    /// Han characters in the body.
    pub han_count: usize,
    /// Estimated reading time.
    pub reading_minutes: usize,
    /// What each link target resolved to, `(url, is_image)` first. `serve` resolves them again
    /// when pages come and go, and renders the body again only when one resolves differently.
    pub resolutions: Vec<((String, bool), LinkAction)>,
}

impl Rendered {
    /// Gives back the spare capacity of what is kept until the site is written: the HTML was
    /// written into a buffer sized for the worst case, and every page's Rendered stays in
    /// memory for the whole build (over a gigabyte at 100,000 pages, see
    /// docs/performance.md).
    fn shrink(&mut self) {
        exact_size(&mut self.html);
        exact_size(&mut self.plain);
        exact_size(&mut self.summary);
        if let Some(m) = &mut self.more_html {
            exact_size(m);
        }
        self.ids.shrink_to_fit();
        self.toc.shrink_to_fit();
        self.files.shrink_to_fit();
        self.checks.shrink_to_fit();
        self.resolutions.shrink_to_fit();
    }
}

/// Length of automatic summaries in Han characters (`docs/rules.md` §1).
pub const SUMMARY_HAN: usize = 120;

/// The summary marker.
pub const MORE: &str = "<!-- more -->";

fn options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.strikethrough = true;
    o.extension.table = true;
    o.extension.autolink = true;
    o.extension.tasklist = true;
    o.extension.footnotes = true;
    o.extension.alerts = true;
    o.extension.cjk_friendly_emphasis = true;
    o.parse.smart = false;
    o.render.r#unsafe = true; // raw HTML is allowed; the whole body is sanitized (see sanitize).
    o
}

/// Writes `<hN id="…">` with ids from comrak's anchorizer, in document order.
struct Headings {
    anchorizer: Mutex<Anchorizer>,
}

impl HeadingAdapter for Headings {
    fn enter(
        &self,
        out: &mut dyn fmt::Write,
        h: &HeadingMeta,
        _sp: Option<Sourcepos>,
    ) -> fmt::Result {
        let id = match self.anchorizer.lock() {
            Ok(mut a) => a.anchorize(&h.content),
            Err(_) => String::new(),
        };
        write!(out, "<h{} id=\"{}\">", h.level, sanitize::escape_attr(&id))
    }
    fn exit(&self, out: &mut dyn fmt::Write, h: &HeadingMeta) -> fmt::Result {
        write!(out, "</h{}>", h.level)
    }
}

fn alert_title(t: AlertType) -> &'static str {
    match t {
        AlertType::Note => "提示",
        AlertType::Tip => "小贴士",
        AlertType::Important => "重要",
        AlertType::Warning => "注意",
        AlertType::Caution => "警示",
    }
}

/// Byte offset of each line start in `text`.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

fn pos_to_offset(starts: &[usize], text: &str, line: usize, col: usize) -> usize {
    let base = starts
        .get(line.saturating_sub(1))
        .copied()
        .unwrap_or(text.len());
    (base + col.saturating_sub(1)).min(text.len())
}

/// Renders a Markdown body. `resolve(url, is_image)` decides what each link target becomes.
pub fn render(md: &str, unsafe_html: bool, resolve: &dyn Fn(&str, bool) -> LinkAction) -> Rendered {
    let opts = options();
    let arena = Arena::new();
    let root = parse_document(&arena, md, &opts);
    let starts = line_starts(md);
    let mut out = Rendered::default();
    let mut toc_anchors = Anchorizer::new();
    let mut cache: HashMap<(String, bool), LinkAction> = HashMap::new();
    // Embedded site files, replaced by placeholders once the plain text is taken.
    let mut images: Vec<(&comrak::nodes::AstNode, usize)> = Vec::new();
    // Raw HTML (other than the summary marker) sends the whole body through the sanitizer.
    let mut raw_html = false;
    // Where the first raw HTML starts, for an error about the whole body's HTML.
    let mut first_raw: Option<usize> = None;

    for node in root.descendants() {
        let mut data = node.data_mut();
        let sp = data.sourcepos;
        match &mut data.value {
            NodeValue::Heading(h) => {
                let level = h.level;
                drop(data);
                let title = node.collect_text();
                let id = toc_anchors.anchorize(&title);
                out.ids.push(id.clone());
                if level == 2 || level == 3 {
                    out.toc.push(TocEntry { level, id, title });
                }
            }
            NodeValue::Link(_) | NodeValue::Image(_) => {
                let is_image = matches!(data.value, NodeValue::Image(_));
                let (NodeValue::Link(link) | NodeValue::Image(link)) = &mut data.value else {
                    continue;
                };
                let action = cache
                    .entry((link.url.clone(), is_image))
                    .or_insert_with(|| resolve(&link.url, is_image))
                    .clone();
                let start = pos_to_offset(&starts, md, sp.start.line, sp.start.column);
                let whole =
                    start..pos_to_offset(&starts, md, sp.end.line, sp.end.column + 1).max(start);
                match action {
                    LinkAction::Keep => {}
                    LinkAction::Rewrite(u) => link.url = u,
                    LinkAction::File {
                        root,
                        site_path,
                        fragment,
                    } => {
                        let span = url_span(md, &whole, &link.url);
                        let written = std::mem::replace(
                            &mut link.url,
                            format!("{root}{site_path}{fragment}"),
                        );
                        if is_image {
                            images.push((node, out.files.len()));
                        }
                        out.files.push(FileUse {
                            site_path,
                            root,
                            written,
                            span,
                            embed: None,
                        });
                    }
                    LinkAction::Broken(p) => out.problems.push((p, whole)),
                    LinkAction::Check(u, check) => {
                        let span = url_span(md, &whole, &link.url);
                        out.checks.push(LinkRef {
                            check,
                            written: link.url.clone(),
                            span,
                            is_image,
                        });
                        if let Some(u) = u {
                            link.url = u;
                        }
                    }
                }
                if !unsafe_html && !sanitize::is_allowed_url(&link.url) {
                    link.url = "#".into();
                }
            }
            NodeValue::CodeBlock(_) => out.has_code = true,
            NodeValue::HtmlBlock(b) if b.literal.trim() == MORE => {}
            NodeValue::HtmlBlock(NodeHtmlBlock { literal, .. })
            | NodeValue::HtmlInline(literal) => {
                raw_html = true;
                first_raw.get_or_insert_with(|| {
                    pos_to_offset(&starts, md, sp.start.line, sp.start.column)
                });
                if unsafe_html {
                    html_ids(literal, &mut out.ids);
                } else if let Some(p) = sanitize::removed(literal) {
                    let start = pos_to_offset(&starts, md, sp.start.line, sp.start.column);
                    out.warnings.push((p, start..start + 1));
                }
            }
            NodeValue::Alert(a) if a.title.is_none() => {
                a.title = Some(alert_title(a.alert_type).to_string());
            }
            _ => {}
        }
    }

    // Plain text: one line per block of text.
    let mut plain = String::new();
    for node in root.descendants() {
        let v = &node.data().value;
        if matches!(
            v,
            NodeValue::Paragraph | NodeValue::Heading(_) | NodeValue::TableCell
        ) {
            let t = node.collect_text();
            let t = t.trim();
            if !t.is_empty() {
                plain.push_str(t);
                plain.push('\n');
            }
        }
    }
    out.summary = cjk_summary(&plain, SUMMARY_HAN);
    let sanitizing = raw_html && !unsafe_html;
    // Placeholders are HTML comments, which the sanitizer removes (with any a user writes):
    // while sanitizing they are a text token that no body can contain, as it includes a hash
    // of the body itself.
    let token = if sanitizing {
        format!("tongxin{}-", &blake3::hash(md.as_bytes()).to_hex()[..32])
    } else {
        String::new()
    };
    for (node, index) in &images {
        let placeholder = if sanitizing {
            format!("{token}{index}-")
        } else {
            format!("{PLACEHOLDER_START}{index}{PLACEHOLDER_END}")
        };
        embed_placeholder(node, &mut out.files[*index], placeholder);
    }
    let (han, words) = count_chars(&plain);
    out.han_count = han;
    out.reading_minutes = minutes_for(han, words);
    out.plain = plain;
    out.resolutions = cache.into_iter().collect();

    let headings = Headings {
        anchorizer: Mutex::new(Anchorizer::new()),
    };
    let highlighter = Highlighter;
    let mut plugins = Plugins::default();
    plugins.render.heading_adapter = Some(&headings);
    if out.has_code {
        plugins.render.codefence_syntax_highlighter = Some(&highlighter);
    }
    let mut comrak_html = String::with_capacity(md.len() * 2);
    let _ = format_html_with_plugins(root, &opts, &mut comrak_html, &plugins);
    let mut html = own_markup_finished(comrak_html);
    let depth = if sanitizing {
        sanitize::nesting_depth(&html)
    } else {
        0
    };
    if depth > sanitize::MAX_DEPTH {
        // Never parsed: the error stops the build, and nothing of it is published.
        let at = first_raw.unwrap_or(0);
        out.problems.push((
            crate::problem::Problem::HtmlTooDeep {
                depth,
                limit: sanitize::MAX_DEPTH,
            },
            at..at + 1,
        ));
        html = sanitize::escape_text(&html);
    } else if sanitizing {
        html = sanitize::clean(&html).into_owned();
        for (_, index) in &images {
            html = html.replace(
                &format!("{token}{index}-"),
                &format!("{PLACEHOLDER_START}{index}{PLACEHOLDER_END}"),
            );
        }
        // Anchors are what survives: headings, footnotes and the raw HTML's ids and names.
        html_ids(&html, &mut out.ids);
    }
    out.html = html;

    if let Some(i) = md.find(MORE) {
        let arena = Arena::new();
        let head = parse_document(&arena, &md[..i], &opts);
        let mut h = String::new();
        let mut head_raw = false;
        for node in head.descendants() {
            let mut data = node.data_mut();
            match &mut data.value {
                NodeValue::HtmlBlock(_) | NodeValue::HtmlInline(_) => head_raw = true,
                // Links in a summary would need the same rewriting; a summary shows text only.
                NodeValue::Link(l) => l.url = String::new(),
                NodeValue::Image(l) => l.url = String::new(),
                _ => {}
            }
        }
        let _ = format_html_with_plugins(head, &opts, &mut h, &Plugins::default());
        // Finished like the body: a summary may hold a table or a footnote too.
        let h = own_markup_finished(strip_empty_links(&h));
        // Sanitized last: removing links and images from raw text could join a tag.
        out.more_html = Some(if depth > sanitize::MAX_DEPTH {
            sanitize::escape_text(&h)
        } else if head_raw && !unsafe_html {
            sanitize::clean(&h).into_owned()
        } else {
            h
        });
    }
    out.shrink();
    out
}

/// The byte range of a link's URL in the body when it is written inside the link (the caret
/// goes under it), else the whole link.
fn url_span(md: &str, whole: &Range<usize>, url: &str) -> Range<usize> {
    md.get(whole.clone())
        .filter(|_| !url.is_empty())
        .and_then(|written| written.rfind(url))
        .map_or(whole.clone(), |i| {
            whole.start + i..whole.start + i + url.len()
        })
}

/// Replaces an image node by the placeholder of `files[index]`, recording its alt text and
/// title; a titled image alone in its paragraph takes the paragraph's place (it becomes a
/// `<figure>`, which may not sit inside `<p>`).
fn embed_placeholder<'a>(
    node: &'a comrak::nodes::AstNode<'a>,
    file: &mut FileUse,
    placeholder: String,
) {
    let alt = node.collect_text();
    let title = match &node.data().value {
        NodeValue::Image(l) => l.title.clone(),
        _ => return,
    };
    let alone = node.parent().filter(|p| {
        matches!(p.data().value, NodeValue::Paragraph)
            && p.first_child().is_some_and(|c| c.same_node(node))
            && p.last_child().is_some_and(|c| c.same_node(node))
    });
    let figure = !title.trim().is_empty() && alone.is_some();
    file.embed = Some(Embed { alt, title, figure });
    let children: Vec<_> = node.children().collect();
    for c in children {
        c.detach();
    }
    match alone.filter(|_| figure) {
        Some(p) => {
            node.detach();
            p.data_mut().value = NodeValue::HtmlBlock(comrak::nodes::NodeHtmlBlock {
                block_type: 6,
                literal: format!("{placeholder}\n"),
            });
        }
        None => node.data_mut().value = NodeValue::HtmlInline(placeholder),
    }
}

/// Summary HTML must not carry links (they would be relative to the wrong page): unwrap them.
fn strip_empty_links(html: &str) -> String {
    let mut s = html.replace("<a href=\"\">", "");
    s = s.replace("</a>", "");
    // Images in a summary are dropped.
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(i) = rest.find("<img ") {
        out.push_str(&rest[..i]);
        match rest[i..].find('>') {
            Some(j) => rest = &rest[i + j + 1..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    out
}

/// Adds the `id` and `name` values of raw HTML (`<a id="fujian"></a>`) to `ids`.
fn html_ids(html: &str, ids: &mut Vec<String>) {
    static ID: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"(?i)\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')"#)
            .unwrap_or_else(|_| unreachable!("fixed pattern"))
    });
    if html.contains('=') {
        for c in ID.captures_iter(html) {
            if let Some(v) = c.get(1).or_else(|| c.get(2)) {
                ids.push(v.as_str().to_string());
            }
        }
    }
}

impl Rendered {
    /// True if `#fragment` lands somewhere on this page: a heading, a raw-HTML id, or a
    /// footnote (comrak's `fn-…`/`fnref-…`).
    pub fn has_anchor(&self, fragment: &str) -> bool {
        self.ids.iter().any(|id| id == fragment)
            || fragment.starts_with("fn-")
            || fragment.starts_with("fnref-")
    }
}

/// Counts Han characters and Latin words.
pub fn count_chars(plain: &str) -> (usize, usize) {
    // One pass: a word starts where an ASCII letter or digit follows anything else.
    let (mut han, mut words, mut in_word) = (0, 0, false);
    for c in plain.chars() {
        let alnum = c.is_ascii_alphanumeric();
        if alnum && !in_word {
            words += 1;
        }
        in_word = alnum;
        if !alnum && is_han(c) {
            han += 1;
        }
    }
    (han, words)
}

/// Reading time in minutes: 400 Han characters or 200 Latin words a minute, at least 1.
pub fn reading_minutes(plain: &str) -> usize {
    let (han, words) = count_chars(plain);
    minutes_for(han, words)
}

fn minutes_for(han: usize, words: usize) -> usize {
    ((han as f64 / 400.0 + words as f64 / 200.0).ceil() as usize).max(1)
}

/// A plain-text summary of about `limit` Han characters, ending at a sentence end (。！？) where
/// possible: the last one before the limit, else the first one within half as much again.
pub fn cjk_summary(plain: &str, limit: usize) -> String {
    // The text is the trimmed lines joined, built only as far as the summary reads: most of a
    // long article is never copied (see `render`, which calls this for every page).
    let mut chars = plain
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .flat_map(str::chars)
        .peekable();
    let mut text = String::new();
    let hard = limit + limit / 2;
    let mut han = 0;
    let mut last_stop: Option<(usize, usize)> = None; // (byte end, han count)
    let mut cut_at_limit = None;
    while let Some(c) = chars.next() {
        let i = text.len();
        text.push(c);
        if is_han(c) {
            han += 1;
        }
        if matches!(c, '。' | '！' | '？') {
            let mut end = i + c.len_utf8();
            // A closing quote or bracket belongs to the sentence.
            if let Some(&q) = chars.peek()
                && matches!(q, '”' | '’' | '」' | '）')
            {
                end += q.len_utf8();
            }
            if han <= limit || last_stop.is_none() {
                last_stop = Some((end, han));
            }
            if han >= limit {
                break;
            }
        }
        if han == limit && cut_at_limit.is_none() {
            cut_at_limit = Some(i + c.len_utf8());
        }
        if han >= hard {
            break;
        }
    }
    // The closing quote a sentence end took along.
    let read = last_stop.map_or(0, |(e, _)| e);
    while text.len() < read
        && let Some(q) = chars.next()
    {
        text.push(q);
    }
    if han < limit && last_stop.is_none_or(|(e, _)| e >= text.len()) {
        // Only reached when every character was read: nothing is left in `chars`.
        text.extend(chars);
        return text;
    }
    match (last_stop, cut_at_limit) {
        (Some((end, n)), _) if n >= limit / 3 => {
            text.truncate(end);
            text
        }
        (_, Some(end)) => {
            text.truncate(end);
            text.push_str("……");
            text
        }
        _ => {
            text.extend(chars);
            text
        }
    }
}

/// Finishes the markup comrak writes for the parts of a body it makes itself: table cell
/// alignment as classes (the HTML validator calls the `align` attribute obsolete), and the
/// footnotes with a heading of their own and Chinese labels on the links back to the text
/// (comrak writes "Back to reference 1").
fn own_markup_finished(mut html: String) -> String {
    for cell in ["th", "td"] {
        for side in ["left", "center", "right"] {
            let from = format!("<{cell} align=\"{side}\"");
            if html.contains(&from) {
                html = html.replace(&from, &format!("<{cell} class=\"align-{side}\""));
            }
        }
    }
    const FOOTNOTES: &str = "<section class=\"footnotes\" data-footnotes>";
    if html.contains(FOOTNOTES) {
        html = html.replace(
            FOOTNOTES,
            &format!("{FOOTNOTES}\n<h2 class=\"footnotes-title\">注释</h2>"),
        );
        html = BACKREF_LABEL
            .replace_all(&html, "aria-label=\"返回正文第${1}处\"")
            .into_owned();
    }
    html
}

/// comrak's label on a footnote's link back to where it is cited.
static BACKREF_LABEL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r#"aria-label="Back to reference ([0-9-]+)""#).expect("valid pattern")
});

#[cfg(test)]
mod tests {
    use super::*;

    fn md(s: &str) -> Rendered {
        render(s, false, &|_, _| LinkAction::Keep)
    }

    #[test]
    fn cjk_bold_after_full_stop() {
        let r = md("**一是健全领导机构。**成立了以区长为组长的双拥工作领导小组。");
        assert!(
            r.html.contains("<strong>一是健全领导机构。</strong>成立了"),
            "{}",
            r.html
        );
        let r = md("他说**“重要”**吗，~~删除，~~继续");
        assert!(r.html.contains("<strong>“重要”</strong>"), "{}", r.html);
        assert!(r.html.contains("<del>删除，</del>"), "{}", r.html);
    }

    #[test]
    fn no_smart_punctuation() {
        let r = md("他说\"你好\"然后走了...");
        assert!(
            r.html.contains("&quot;你好&quot;") || r.html.contains("\"你好\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("..."));
    }

    #[test]
    fn heading_ids_and_toc_agree() {
        let r = md("## 一、总体要求\n\n文字\n\n### （一）工作目标\n\n## 一、总体要求\n");
        assert_eq!(r.toc.len(), 3);
        for t in &r.toc {
            assert!(
                r.html.contains(&format!("id=\"{}\"", t.id)),
                "{} {}",
                t.id,
                r.html
            );
        }
        assert_ne!(r.toc[0].id, r.toc[2].id);
        assert!(!r.html.contains("Link to heading"));
    }

    #[test]
    fn tables_footnotes_alerts() {
        let r = md(
            "| 镇街 | 户数 |\n|---|---|\n| 古南 | 12 |\n\n脚注[^1]\n\n[^1]: 说明\n\n> [!NOTE]\n> 内容\n",
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("footnote"));
        assert!(r.html.contains("提示"), "{}", r.html);
    }

    #[test]
    fn scripts_and_handlers_are_removed() {
        let r = md(
            "<div onclick=\"x()\">甲</div>\n\n<script>alert(1)</script>\n\n[点](javascript:alert(1))",
        );
        assert!(!r.html.contains("onclick"), "{}", r.html);
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("javascript:"), "{}", r.html);
        let r = render("<script>ok()</script>", true, &|_, _| LinkAction::Keep);
        assert!(r.html.contains("<script>"));
    }

    #[test]
    fn link_problems_have_body_offsets() {
        let body = "第一行\n\n见[链接](missing.md)。";
        let r = render(body, false, &|u, _| {
            if u == "missing.md" {
                LinkAction::Broken(crate::problem::Problem::BrokenLink { target: u.into() })
            } else {
                LinkAction::Keep
            }
        });
        assert_eq!(r.problems.len(), 1);
        assert!(
            body[r.problems[0].1.clone()].starts_with("[链接]"),
            "{:?}",
            r.problems[0].1
        );
    }

    #[test]
    fn links_have_url_spans() {
        let body = "见[链接](https://a.example/x)和![图](b.png \"t\")。\n\n<https://c.example/>\n\n[引][r]\n\n[r]: https://d.example/\n";
        let l = render(body, false, &|_, _| {
            LinkAction::Check(None, LinkCheck::External)
        })
        .checks;
        let urls: Vec<&str> = l.iter().map(|x| x.written.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://a.example/x",
                "b.png",
                "https://c.example/",
                "https://d.example/"
            ]
        );
        assert_eq!(&body[l[0].span.clone()], "https://a.example/x");
        assert!(l[1].is_image);
        assert_eq!(&body[l[2].span.clone()], "https://c.example/");
        assert_eq!(&body[l[3].span.clone()], "[引][r]");
    }

    #[test]
    fn summaries() {
        let s = cjk_summary(
            "春节前夕，区双拥办走访慰问困难退役军人。送去慰问金和慰问品。\n",
            14,
        );
        assert_eq!(s, "春节前夕，区双拥办走访慰问困难退役军人。");
        let s = cjk_summary("第一句很短。第二句也不长。第三句会超过限制了吧。", 8);
        assert_eq!(s, "第一句很短。");
        let s = cjk_summary(&"拥军优属".repeat(100), 120);
        assert!(s.ends_with("……"));
        assert_eq!(s.chars().filter(|&c| is_han(c)).count(), 120);
        let r = md("第一段。\n\n<!-- more -->\n\n第二段。");
        assert_eq!(
            r.more_html.as_deref().map(str::trim),
            Some("<p>第一段。</p>")
        );
        // The summary's markup is finished like the body's: alignment as classes.
        let r = md("| 镇街 | 户数 |\n|:--|--:|\n| 古南 | 12 |\n\n<!-- more -->\n\n第二段。");
        let more = r.more_html.unwrap_or_default();
        assert!(
            more.contains(r#"<td class="align-right">12</td>"#),
            "{more}"
        );
        assert!(!more.contains("align=\""), "{more}");
        assert_eq!(reading_minutes(&"字".repeat(800)), 2);
        // A closing quote on the next line belongs to the sentence; lines are joined trimmed.
        let s = cjk_summary(
            "他说：“向老兵致敬。\n  ”随后走访了十二户人家，送去慰问。",
            6,
        );
        assert_eq!(s, "他说：“向老兵致敬。”");
        // Shorter than the limit: the whole text, every line joined.
        assert_eq!(cjk_summary("第一行\n\n第二行。\n", 120), "第一行第二行。");
        assert_eq!(count_chars("双拥 GB/T 9704 第2版"), (4, 4));
    }
}

#[cfg(test)]
mod safety_tests {
    use super::*;
    use crate::markdown::sanitize::tests::{PAYLOADS, hazard};

    fn md(s: &str) -> Rendered {
        render(s, false, &|_, _| LinkAction::Keep)
    }

    const OWN: &str = "## 一、总体要求\n\n正文[^1]，见[下文](#一总体要求)。\n\n- [x] 已完成\n- [ ] 未完成\n\n| 左 | 右 |\n|:--|--:|\n| 1 | 2 |\n\n> [!NOTE]\n> 内容\n\n```rust\nfn main() {}\n```\n\n[^1]: 说明\n";

    #[test]
    fn own_markup_survives_sanitizing() {
        let plain = md(OWN);
        let mixed = md(&format!("{OWN}\n<span>原始</span>\n"));
        for part in [
            "<h2 id=\"一总体要求\">",
            "class=\"footnote-ref\"",
            "data-footnote-ref",
            "id=\"fn-1\"",
            "markdown-alert-note",
            "class=\"hl-",
            "type=\"checkbox\"",
            "checked=\"\"",
            "class=\"align-left\"",
            "<h2 class=\"footnotes-title\">注释</h2>",
            "href=\"#%E4%B8%80",
        ] {
            assert!(plain.html.contains(part), "{part} {}", plain.html);
            assert!(mixed.html.contains(part), "{part} {}", mixed.html);
        }
        assert!(mixed.html.contains("<span>原始</span>"), "{}", mixed.html);
        assert!(mixed.ids.iter().any(|i| i == "一总体要求"));
    }

    #[test]
    fn markdown_without_raw_html_is_not_sanitized() {
        // The fast path: comrak's own output, byte for byte (a sanitizer would write `<br>`
        // and reorder nothing, but it would also drop the summary marker).
        let r = md("甲  \n乙\n\n<!-- more -->\n\n丙\n");
        assert!(r.html.contains("<br />"), "{}", r.html);
        assert!(r.html.contains(MORE), "{}", r.html);
        assert!(r.warnings.is_empty());
    }

    #[test]
    fn every_payload_is_inert_in_a_body() {
        for p in PAYLOADS {
            for body in [
                format!("{p}\n"),
                format!("段落{p}文字\n"),
                format!("<div>\n\n{p}\n\n</div>\n"),
                format!("- 列表 {p}\n\n> 引用 {p}\n"),
                format!("第一段 <b>\n\n{p}\n\n<!-- more -->\n\n第二段\n"),
            ] {
                let r = md(&body);
                assert_eq!(hazard(&r.html), None, "{body:?}");
                if let Some(m) = &r.more_html {
                    assert_eq!(hazard(m), None, "{body:?}");
                }
            }
        }
    }

    #[test]
    fn split_tags_do_not_reassemble() {
        for body in [
            "<div><scr<script>ipt>alert(1)</scr<script>ipt></div>",
            "<scr<b>ipt>alert(1)</scr</b>ipt>",
            "<img src=x *on*error=alert(1)>",
            "<a href=\"java\nscript:alert(1)\">x</a>",
            "<a href=\"javascript&#58;alert(1)\">x</a>",
            "<div>\n\n*<img src=x onerror=alert(1)>*\n\n</div>",
            "`<script>`alert(1)`</script>`\n<script>x</script>",
        ] {
            let r = md(body);
            assert_eq!(hazard(&r.html), None, "{body:?}");
        }
    }

    #[test]
    fn markdown_links_use_the_url_rule() {
        for url in [
            "javascript:alert(1)",
            "JAVASCRIPT:alert(1)",
            "&#106;avascript:alert(1)",
            "java&#9;script:alert(1)",
            "vbscript:x",
            "data:text/html;base64,PHNjcmlwdD4=",
            "<javascript:alert(1)>",
        ] {
            let r = md(&format!("[点]({url}) ![图]({url})\n\n<{url}>\n"));
            assert_eq!(hazard(&r.html), None, "{url} {}", r.html);
        }
        let r = md("[站](https://www.gov.cn/) [信](mailto:a@b.cn) [本](../x/)\n");
        assert!(
            r.html.contains("href=\"https://www.gov.cn/\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("href=\"mailto:a@b.cn\""), "{}", r.html);
        assert!(r.html.contains("href=\"../x/\""), "{}", r.html);
    }

    #[test]
    fn placeholders_survive_and_cannot_be_forged() {
        let file = |url: &str, _| LinkAction::File {
            root: "../../".into(),
            site_path: format!("articles/a/{url}"),
            fragment: String::new(),
        };
        let body = "![合影](p.jpg \"座谈会\")\n\n文中![图](q.jpg)和<span>原始</span>\n\n<!--tongxin-image:0--> <!--tongxin-image:1-->\n";
        let r = render(body, false, &file);
        assert_eq!(r.files.len(), 2);
        assert_eq!(r.html.matches(PLACEHOLDER_START).count(), 2, "{}", r.html);
        assert!(r.html.starts_with("<!--tongxin-image:0-->"), "{}", r.html);
        assert!(
            r.html
                .contains("文中<!--tongxin-image:1-->和<span>原始</span>"),
            "{}",
            r.html
        );
        // Without images a forged placeholder is only a comment, and comments are removed.
        let r = md("<!--tongxin-image:0-->文字\n");
        assert!(!r.html.contains("<!--"), "{}", r.html);
        // With unsafe_html the owner keeps comments; a placeholder without an embed stays
        // a comment (expand only replaces indices of embedded files).
        let r = render("<!--tongxin-image:0-->\n", true, &|_, _| LinkAction::Keep);
        assert!(r.files.is_empty());
    }

    #[test]
    fn ids_come_from_what_survives() {
        let r = md(
            "## 标题\n\n<a id=\"fujian\"></a><a name=\"x\" onclick=\"y\">锚</a>\n\n<script id=\"gone\"></script>\n",
        );
        assert!(r.ids.iter().any(|i| i == "标题"));
        assert!(r.ids.iter().any(|i| i == "fujian"));
        assert!(r.ids.iter().any(|i| i == "x"));
        assert!(!r.ids.iter().any(|i| i == "gone"), "{:?}", r.ids);
    }

    #[test]
    fn removals_are_warned_at_their_place() {
        let body = "第一段。\n\n<div onclick=\"x()\">甲</div>\n\n<p>安全</p>\n";
        let r = md(body);
        assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
        assert!(body[r.warnings[0].1.start..].starts_with("<div onclick"));
        assert!(md("<p>安全</p>\n").warnings.is_empty());
        assert!(
            render("<script>x</script>\n", true, &|_, _| LinkAction::Keep)
                .warnings
                .is_empty()
        );
    }

    #[test]
    fn hostile_depth_is_refused_quickly() {
        let body = format!("第一段。\n\n{}\n\n<!-- more -->\n", "<div>".repeat(20_000));
        let t = std::time::Instant::now();
        let r = md(&body);
        assert!(t.elapsed().as_secs() < 5, "{:?}", t.elapsed());
        assert!(
            matches!(r.problems.as_slice(), [(crate::problem::Problem::HtmlTooDeep { .. }, at)] if body[at.clone()].starts_with('<')),
            "{:?}",
            r.problems
        );
        assert!(!r.html.contains("<div>"));
        // Ordinary pasted HTML is far below the limit.
        let table = format!("<table>{}</table>", "<tr><td>甲<td>乙".repeat(500));
        assert!(md(&table).problems.is_empty());
    }

    #[test]
    fn unsafe_html_keeps_raw_html() {
        let r = render(
            "<div onclick=\"x()\"><script>ok()</script></div>\n",
            true,
            &|_, _| LinkAction::Keep,
        );
        assert!(r.html.contains("<script>ok()</script>"));
        assert!(r.html.contains("onclick"));
    }
}

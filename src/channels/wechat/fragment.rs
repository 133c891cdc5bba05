//! The paste fragment: a page's rendered body rewritten into the HTML the 公众号 editor keeps.
//!
//! The editor removes `<style>`, `<script>`, `class`, `id`, event attributes and many CSS
//! properties, mangles nested lists and collapses code whitespace, and refuses links to any
//! domain but mp.weixin.qq.com (`docs/rules.md` §4). So the body is read with
//! html5ever's tokenizer into a small tree and written out again from allow-lists only:
//! [`TAGS`] for elements, [`CSS`] for style properties, every style inline. List markers become
//! text, nested lists become indented lines, code keeps its spaces as U+00A0 and its line breaks
//! as `<br>`, links become numbered notes with a 参考链接 list.
//!
//! The output is written the way a browser serializes HTML (double-quoted attributes, `&nbsp;`,
//! no self-closing slashes), so the copy button's clipboard HTML, which Chromium parses and
//! serializes again, equals `article.html` byte for byte.

use std::cell::RefCell;
use std::collections::HashMap;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use crate::render::links::join_path;

/// Every element the fragment may contain (what the editor keeps).
pub const TAGS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "strong",
    "em",
    "br",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "figure",
    "img",
    "figcaption",
    "section",
    "span",
    "sup",
    "pre",
    "code",
    "hr",
    "a",
];

/// Every CSS property the fragment may set (none of those the editor strips: position,
/// top/left/right/bottom, z-index, transform*, animation*, transition*, filter, clip-path, mask…).
pub const CSS: &[&str] = &[
    "color",
    "background-color",
    "font-size",
    "font-weight",
    "font-style",
    "font-family",
    "line-height",
    "letter-spacing",
    "text-align",
    "text-indent",
    "text-decoration",
    "margin",
    "margin-top",
    "margin-bottom",
    "padding",
    "padding-left",
    "border",
    "border-left",
    "border-bottom",
    "border-top",
    "border-collapse",
    "border-radius",
    "width",
    "max-width",
    "height",
    "display",
    "vertical-align",
    "word-break",
    "overflow-x",
];

// Attributes written: `style`, `href` (mp.weixin.qq.com only), `src`, `alt`, `colspan`,
// `rowspan`; every other attribute of the body is dropped.

// Headings are in the site's red (`--red: #c8102e` in `themes/default/assets/style.css`).
const P: &str = "margin:0 0 16px;font-size:16px;line-height:1.75;color:#1f1f1f;text-align:justify";
const LI: &str = "margin:0 0 8px;font-size:16px;line-height:1.75;color:#1f1f1f";
const H2: &str = "margin:28px 0 14px;padding-left:10px;border-left:4px solid #c8102e;font-size:18px;font-weight:bold;line-height:1.5;color:#c8102e";
const H3: &str = "margin:24px 0 12px;font-size:17px;font-weight:bold;line-height:1.5;color:#c8102e";
const H4: &str = "margin:20px 0 10px;font-size:16px;font-weight:bold;line-height:1.5;color:#a50d24";
const QUOTE: &str = "margin:0 0 16px;padding:8px 12px;border-left:3px solid #d9d9d9;background-color:#f7f7f7;color:#555555";
const PRE: &str = "margin:0 0 16px;padding:10px 12px;background-color:#f6f6f6;border-radius:4px;font-family:Consolas,Menlo,monospace;font-size:13px;line-height:1.6;color:#333333;overflow-x:auto;word-break:break-all";
const CODE: &str = "font-family:Consolas,Menlo,monospace;font-size:14px;background-color:#f3f3f3;padding:0 3px;border-radius:3px";
const TABLE: &str = "margin:0 0 16px;width:100%;border-collapse:collapse;font-size:14px";
const CELL: &str = "border:1px solid #cccccc;padding:6px 8px;line-height:1.6;vertical-align:top";
const TH: &str = "border:1px solid #cccccc;padding:6px 8px;line-height:1.6;background-color:#f5f5f5;font-weight:bold";
const FIGURE: &str = "margin:0 0 16px;text-align:center";
const IMG: &str = "max-width:100%;height:auto;display:block;margin:0 auto";
const IMG_INLINE: &str = "max-width:100%;height:auto;vertical-align:middle";
const CAPTION: &str =
    "margin-top:6px;font-size:14px;line-height:1.5;color:#888888;text-align:center";
const HR: &str = "margin:24px 0;border:0;border-top:1px solid #dddddd";
const NOTE: &str = "font-size:12px;color:#888888";
const BOX: &str =
    "margin:0 0 16px;padding:8px 12px;border-left:3px solid #c8102e;background-color:#fdf3f4";
const META: &str = "margin:0 0 16px;font-size:14px;line-height:1.6;color:#888888";
const REFS: &str =
    "margin:0 0 6px;font-size:13px;line-height:1.6;color:#888888;word-break:break-all";
const REFS_TITLE: &str = "margin:24px 0 8px;font-size:14px;font-weight:bold;color:#555555";
const LINK: &str = "color:#a50d24;text-decoration:underline";

/// How deep the tree is written; deeper content is written as its text only (the sanitizer
/// already limits nesting, see `markdown::sanitize`).
const MAX_DEPTH: usize = 64;

/// The one host whose links the editor keeps.
const WEIXIN_HOST: &str = "mp.weixin.qq.com";

/// A body image as the fragment shows it.
#[derive(Debug, Clone)]
pub struct Img {
    /// The `src` written.
    pub src: String,
    /// Alt text.
    pub alt: String,
    /// Caption (a titled image alone in its paragraph).
    pub caption: Option<String>,
}

/// What the fragment links and shows.
pub struct Context<'a> {
    /// The page's site path (`articles/x/`), which relative links start from.
    pub page_path: &'a str,
    /// `base_url` with a final slash, when set.
    pub base_url: Option<&'a str>,
    /// The images by placeholder comment text (`tongxin-image:3`).
    pub images: &'a HashMap<String, Img>,
}

/// One entry of the 参考链接 list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The full URL, or the site path (`/articles/x/`) when `base_url` is unset.
    pub target: String,
    /// True for a site path without `base_url`.
    pub site_path: bool,
}

/// The fragment's body and what it refers to.
#[derive(Debug, Default)]
pub struct Body {
    /// The HTML.
    pub html: String,
    /// The 参考链接, numbered from 1 in this order.
    pub notes: Vec<Note>,
    /// Images left out (remote addresses).
    pub left_out: Vec<String>,
}

/// A parsed node (also read by the Word channel, `channels::docx::body`).
#[derive(Debug)]
pub(crate) enum Node {
    El {
        name: String,
        attrs: Vec<(String, String)>,
        kids: Vec<Node>,
    },
    Text(String),
    Comment(String),
}

impl Node {
    pub(crate) fn attr(&self, key: &str) -> Option<&str> {
        match self {
            Node::El { attrs, .. } => attrs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str()),
            _ => None,
        }
    }

    pub(crate) fn name(&self) -> Option<&str> {
        match self {
            Node::El { name, .. } => Some(name),
            _ => None,
        }
    }

    /// All text below, in order (without recursion: the tree may be deep).
    pub(crate) fn text(&self, out: &mut String) {
        let mut todo: Vec<&Node> = vec![self];
        while let Some(n) = todo.pop() {
            match n {
                Node::Text(t) => out.push_str(t),
                Node::El { kids, .. } => todo.extend(kids.iter().rev()),
                Node::Comment(_) => {}
            }
        }
    }
}

/// Collects the tokenizer's tokens.
#[derive(Default)]
struct Tokens(RefCell<Vec<Token>>);

impl TokenSink for Tokens {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        self.0.borrow_mut().push(token);
        TokenSinkResult::Continue
    }
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Elements dropped with everything inside.
const DROPPED: &[&str] = &[
    "script", "style", "template", "iframe", "object", "embed", "noscript", "source", "svg",
    "math", "button", "select", "textarea", "video", "audio",
];

/// Reads HTML into a tree (the body is the build's own well-formed output; stray end tags are
/// ignored and open elements closed at the end).
pub(crate) fn parse(html: &str) -> Vec<Node> {
    let tokenizer = Tokenizer::new(Tokens::default(), TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from(html));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    let tokens = tokenizer.sink.0.take();
    type Open = (String, Vec<(String, String)>, Vec<Node>);
    let mut stack: Vec<Open> = vec![(String::new(), Vec::new(), Vec::new())];
    fn close(stack: &mut Vec<Open>) {
        if stack.len() > 1
            && let Some((name, attrs, kids)) = stack.pop()
            && let Some(top) = stack.last_mut()
        {
            top.2.push(Node::El { name, attrs, kids });
        }
    }
    for t in tokens {
        match t {
            Token::TagToken(tag) => {
                let name = tag.name.to_string();
                if tag.kind == TagKind::StartTag {
                    let attrs = tag
                        .attrs
                        .iter()
                        .map(|a| (a.name.local.to_string(), a.value.to_string()))
                        .collect();
                    if VOID.contains(&name.as_str()) || tag.self_closing {
                        if let Some(top) = stack.last_mut() {
                            top.2.push(Node::El {
                                name,
                                attrs,
                                kids: Vec::new(),
                            });
                        }
                    } else if stack.len() <= MAX_DEPTH * 2 {
                        stack.push((name, attrs, Vec::new()));
                    }
                    // Deeper elements are not opened: their text joins the enclosing element,
                    // so no later step (writing, dropping the tree) recurses without bound.
                } else if let Some(pos) = stack.iter().rposition(|(n, _, _)| *n == name)
                    && pos > 0
                {
                    while stack.len() > pos {
                        close(&mut stack);
                    }
                }
            }
            Token::CharacterTokens(s) => {
                if let Some(top) = stack.last_mut() {
                    if let Some(Node::Text(prev)) = top.2.last_mut() {
                        prev.push_str(&s);
                    } else {
                        top.2.push(Node::Text(s.to_string()));
                    }
                }
            }
            Token::CommentToken(c) => {
                if let Some(top) = stack.last_mut() {
                    top.2.push(Node::Comment(c.trim().to_string()));
                }
            }
            _ => {}
        }
    }
    while stack.len() > 1 {
        close(&mut stack);
    }
    stack.pop().map(|(_, _, kids)| kids).unwrap_or_default()
}

/// Text as a browser serializes it.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            c => out.push(c),
        }
    }
    out
}

/// An attribute value as a browser serializes it (Chromium also escapes `<` and `>`).
pub fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            c => out.push(c),
        }
    }
    out
}

/// True when a CSS property may appear in the fragment.
pub fn css_allowed(property: &str) -> bool {
    CSS.contains(&property.trim().to_ascii_lowercase().as_str())
}

/// ` style="…"` with only the allowed declarations of `decls` (one rule for every style the
/// fragment writes, so no declaration can slip past [`CSS`]).
pub fn style(decls: &str) -> String {
    let kept: Vec<&str> = decls
        .split(';')
        .map(str::trim)
        .filter(|d| d.split_once(':').is_some_and(|(p, _)| css_allowed(p)))
        .collect();
    if kept.is_empty() {
        return String::new();
    }
    format!(" style=\"{}\"", attr(&kept.join(";")))
}

/// An element with a style and content.
pub fn el(tag: &str, decls: &str, inner: &str) -> String {
    debug_assert!(TAGS.contains(&tag), "{tag} is not allow-listed");
    format!("<{tag}{}>{inner}</{tag}>", style(decls))
}

/// Writes a rendered body as the fragment's body.
pub fn body(html: &str, cx: &Context) -> Body {
    let nodes = parse(html);
    let mut w = Writer {
        cx,
        notes: Vec::new(),
        left_out: Vec::new(),
    };
    let mut out = String::new();
    w.blocks(&nodes, &mut out, 0);
    Body {
        html: out,
        notes: w.notes,
        left_out: w.left_out,
    }
}

/// The 参考链接 list, when there are notes.
pub fn notes_list(notes: &[Note]) -> String {
    if notes.is_empty() {
        return String::new();
    }
    let mut out = el("p", REFS_TITLE, "参考链接");
    for (i, n) in notes.iter().enumerate() {
        let target = if n.site_path {
            format!("本站 {}", n.target)
        } else {
            n.target.clone()
        };
        out.push_str(&el("p", REFS, &text(&format!("[{}] {target}", i + 1))));
    }
    el("section", "", &out)
}

/// A line of small grey text (来源/作者 at the top, 编辑/审核 at the end).
pub fn meta_line(parts: &[(&str, Option<&str>)]) -> String {
    let shown: Vec<String> = parts
        .iter()
        .filter_map(|(label, v)| {
            v.map(str::trim)
                .filter(|v| !v.is_empty())
                .map(|v| format!("{label}：{v}"))
        })
        .collect();
    if shown.is_empty() {
        return String::new();
    }
    el("p", META, &text(&shown.join("\u{3000}")))
}

struct Writer<'a> {
    cx: &'a Context<'a>,
    notes: Vec<Note>,
    left_out: Vec<String>,
}

/// Elements that are blocks (inside a list item they end the item's line).
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "blockquote"
            | "pre"
            | "table"
            | "figure"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "hr"
            | "ul"
            | "ol"
            | "details"
            | "dl"
    )
}

impl Writer<'_> {
    /// A sequence of nodes in block context: stray text and inline elements are gathered into
    /// paragraphs.
    fn blocks(&mut self, nodes: &[Node], out: &mut String, depth: usize) {
        let mut line = String::new();
        for n in nodes {
            if let Node::Comment(c) = n
                && let Some(img) = self.cx.images.get(c)
            {
                self.flush(&mut line, out);
                out.push_str(&image(img));
            } else if n.name().is_some_and(is_block) {
                self.flush(&mut line, out);
                self.node(n, out, depth);
            } else {
                self.node(n, &mut line, depth);
            }
        }
        self.flush(&mut line, out);
    }

    fn flush(&mut self, line: &mut String, out: &mut String) {
        if !line.trim().is_empty() {
            out.push_str(&el("p", P, line.trim()));
        }
        line.clear();
    }

    fn kids(&mut self, nodes: &[Node], out: &mut String, depth: usize) {
        for n in nodes {
            self.node(n, out, depth);
        }
    }

    fn node(&mut self, n: &Node, out: &mut String, depth: usize) {
        let (name, kids) = match n {
            Node::Text(t) => {
                out.push_str(&text(t));
                return;
            }
            Node::Comment(c) => {
                // Inside running text an image stays inline: a <figure> cannot sit in a <p>.
                if let Some(img) = self.cx.images.get(c) {
                    out.push_str(&img_tag(img));
                }
                return;
            }
            Node::El { name, kids, .. } => (name.as_str(), kids),
        };
        if depth > MAX_DEPTH {
            let mut t = String::new();
            n.text(&mut t);
            out.push_str(&text(&t));
            return;
        }
        let d = depth + 1;
        match name {
            _ if DROPPED.contains(&name) => {}
            "p" if self.lone_image(kids).is_some() => {
                if let Some(img) = self.lone_image(kids) {
                    out.push_str(&image(img));
                }
            }
            "p" => {
                let mut inner = String::new();
                self.kids(kids, &mut inner, d);
                if !inner.trim().is_empty() {
                    out.push_str(&el("p", P, inner.trim()));
                }
            }
            "h1" | "h2" => self.wrap("h2", H2, kids, out, d),
            "h3" => self.wrap("h3", H3, kids, out, d),
            "h4" => self.wrap("h4", H4, kids, out, d),
            "h5" | "h6" | "summary" | "dt" => {
                self.wrap("p", "margin:0 0 8px;font-weight:bold", kids, out, d)
            }
            "strong" | "b" => self.wrap("strong", "", kids, out, d),
            "em" | "i" | "cite" | "dfn" => self.wrap("em", "", kids, out, d),
            "del" | "s" | "strike" => {
                self.wrap("span", "text-decoration:line-through", kids, out, d)
            }
            "u" | "ins" => self.wrap("span", "text-decoration:underline", kids, out, d),
            "mark" => self.wrap("span", "background-color:#fff3b0", kids, out, d),
            "code" | "kbd" | "samp" | "tt" => {
                let mut t = String::new();
                n.text(&mut t);
                out.push_str(&el("code", CODE, &text(&t)));
            }
            "sup" => self.wrap("sup", "", kids, out, d),
            "sub" => self.wrap("span", "font-size:12px;vertical-align:sub", kids, out, d),
            "br" => out.push_str("<br>"),
            "hr" => out.push_str(&format!("<hr{}>", style(HR))),
            "blockquote" => {
                let mut inner = String::new();
                self.blocks(kids, &mut inner, d);
                out.push_str(&el("blockquote", QUOTE, &inner));
            }
            "div" | "section" | "details" | "aside" | "article" | "dl" | "dd" => {
                let alert = n
                    .attr("class")
                    .is_some_and(|c| c.contains("markdown-alert"));
                let mut inner = String::new();
                self.blocks(kids, &mut inner, d);
                if alert {
                    out.push_str(&el("section", BOX, &inner));
                } else if name == "section"
                    && n.attr("class").is_some_and(|c| c.contains("footnotes"))
                {
                    out.push_str(&el(
                        "section",
                        "margin:24px 0 0;border-top:1px solid #eeeeee;padding-top:8px",
                        &inner,
                    ));
                } else {
                    out.push_str(&el("section", "", &inner));
                }
            }
            "ul" | "ol" => self.list(n, out, 0, d),
            "pre" => {
                let mut t = String::new();
                n.text(&mut t);
                out.push_str(&el("pre", PRE, &el("code", "", &code_text(&t))));
            }
            "table" => self.table(kids, out, d),
            "figure" => {
                let mut inner = String::new();
                self.kids(kids, &mut inner, d);
                out.push_str(&el("figure", FIGURE, inner.trim()));
            }
            "figcaption" => self.wrap("figcaption", CAPTION, kids, out, d),
            "picture" => self.kids(kids, out, d),
            "img" => {
                // Images the build embeds arrive as placeholders; an <img> here has an address
                // of its own (another site), which the editor would drop or fail to fetch.
                let src = n.attr("src").unwrap_or_default().to_string();
                if let Some(alt) = n.attr("alt").filter(|a| !a.trim().is_empty()) {
                    out.push_str(&text(&format!("［图：{alt}］")));
                }
                self.left_out.push(src);
            }
            "input" => {
                if n.attr("type") == Some("checkbox") {
                    out.push_str(if n.attr("checked").is_some() {
                        "☑ "
                    } else {
                        "☐ "
                    });
                }
            }
            "a" => self.link(n, kids, out, d),
            _ => self.kids(kids, out, d),
        }
    }

    /// The image of a paragraph that holds only an image (and whitespace): shown as a block.
    fn lone_image(&self, kids: &[Node]) -> Option<&Img> {
        let mut found = None;
        for k in kids {
            match k {
                Node::Text(t) if t.trim().is_empty() => {}
                Node::Comment(c) if found.is_none() => found = Some(self.cx.images.get(c)?),
                _ => return None,
            }
        }
        found
    }

    fn wrap(&mut self, tag: &str, decls: &str, kids: &[Node], out: &mut String, depth: usize) {
        let mut inner = String::new();
        self.kids(kids, &mut inner, depth);
        if !inner.trim().is_empty() || tag == "figcaption" {
            out.push_str(&el(tag, decls, inner.trim()));
        }
    }

    /// A list as one `<p>` per item with its marker as text, nested lists indented below.
    fn list(&mut self, n: &Node, out: &mut String, indent: usize, depth: usize) {
        let Node::El { name, kids, .. } = n else {
            return;
        };
        if depth > MAX_DEPTH {
            let mut t = String::new();
            n.text(&mut t);
            out.push_str(&el("p", LI, &text(&t)));
            return;
        }
        let ordered = name == "ol";
        let mut number: i64 = n
            .attr("start")
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(1);
        let pad = if indent == 0 {
            LI.to_string()
        } else {
            format!("{LI};padding-left:{}em", indent * 2)
        };
        for item in kids.iter().filter(|k| k.name() == Some("li")) {
            let Node::El { kids: parts, .. } = item else {
                continue;
            };
            let marker = if ordered {
                format!("{number}. ")
            } else {
                "• ".to_string()
            };
            number += 1;
            let mut line = String::new();
            let mut after = String::new();
            for part in parts {
                match part.name() {
                    Some("ul" | "ol") => self.list(part, &mut after, indent + 1, depth + 1),
                    Some("p") => {
                        let Node::El { kids: pk, .. } = part else {
                            continue;
                        };
                        let mut inner = String::new();
                        self.kids(pk, &mut inner, depth + 1);
                        if !inner.trim().is_empty() {
                            if !line.trim().is_empty() {
                                line.push_str("<br>");
                            }
                            line.push_str(inner.trim());
                        }
                    }
                    Some(b) if is_block(b) => self.node(part, &mut after, depth + 1),
                    _ => self.node(part, &mut line, depth + 1),
                }
            }
            out.push_str(&el("p", &pad, &format!("{}{}", text(&marker), line.trim())));
            out.push_str(&after);
        }
    }

    fn table(&mut self, kids: &[Node], out: &mut String, depth: usize) {
        let mut inner = String::new();
        let mut loose = String::new();
        for k in kids {
            match k.name() {
                Some("thead" | "tbody" | "tfoot") => {
                    let Node::El { kids: rows, .. } = k else {
                        continue;
                    };
                    let tag = if k.name() == Some("thead") {
                        "thead"
                    } else {
                        "tbody"
                    };
                    let mut body = String::new();
                    for r in rows {
                        self.row(r, &mut body, depth);
                    }
                    inner.push_str(&format!("<{tag}>{body}</{tag}>"));
                }
                // A row straight under <table>: a browser puts it in a <tbody>.
                Some("tr") => self.row(k, &mut loose, depth),
                _ => {}
            }
        }
        if !loose.is_empty() {
            inner.push_str(&format!("<tbody>{loose}</tbody>"));
        }
        out.push_str(&el("table", TABLE, &inner));
    }

    fn row(&mut self, r: &Node, out: &mut String, depth: usize) {
        let Node::El { name, kids, .. } = r else {
            return;
        };
        if name != "tr" {
            return;
        }
        let mut cells = String::new();
        for c in kids {
            let Some(tag @ ("th" | "td")) = c.name() else {
                continue;
            };
            let Node::El { kids: ck, .. } = c else {
                continue;
            };
            let mut decls = if tag == "th" { TH } else { CELL }.to_string();
            if let Some(a) = c.attr("align").or_else(|| {
                c.attr("style")
                    .and_then(|s| s.split_once("text-align:"))
                    .map(|(_, v)| v.trim_end_matches(';').trim())
            }) && matches!(a, "left" | "center" | "right")
            {
                decls.push_str(&format!(";text-align:{a}"));
            }
            let span = ["colspan", "rowspan"]
                .iter()
                .filter_map(|k| {
                    c.attr(k)
                        .and_then(|v| v.trim().parse::<u16>().ok())
                        .map(|v| format!(" {k}=\"{v}\""))
                })
                .collect::<String>();
            let mut inner = String::new();
            self.kids(ck, &mut inner, depth + 1);
            cells.push_str(&format!(
                "<{tag}{span}{}>{}</{tag}>",
                style(&decls),
                inner.trim()
            ));
        }
        out.push_str(&format!("<tr>{cells}</tr>"));
    }

    fn link(&mut self, n: &Node, kids: &[Node], out: &mut String, depth: usize) {
        if n.attr("class")
            .is_some_and(|c| c.contains("footnote-backref"))
        {
            return;
        }
        let mut inner = String::new();
        self.kids(kids, &mut inner, depth);
        let href = n.attr("href").unwrap_or_default().trim();
        match classify(href, self.cx) {
            Target::Keep(url) => {
                out.push_str(&format!(
                    "<a href=\"{}\"{}>{inner}</a>",
                    attr(&url),
                    style(LINK)
                ));
            }
            Target::Note(note) => {
                let i = match self.notes.iter().position(|x| *x == note) {
                    Some(i) => i,
                    None => {
                        self.notes.push(note);
                        self.notes.len() - 1
                    }
                };
                out.push_str(&inner);
                out.push_str(&el("sup", NOTE, &format!("[{}]", i + 1)));
            }
            Target::Text => out.push_str(&inner),
        }
    }
}

/// What a link becomes.
enum Target {
    /// Kept as a link (mp.weixin.qq.com).
    Keep(String),
    /// A numbered note.
    Note(Note),
    /// Its text only (same-page anchors, mail addresses).
    Text,
}

fn host_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    // A browser reads `\` as `/` in http(s) addresses: `https://a.example\@mp.weixin.qq.com/`
    // goes to a.example.
    let host = rest.split(['/', '\\', '?', '#']).next()?;
    let host = host.rsplit('@').next()?;
    Some(host.split(':').next().unwrap_or(host))
}

fn classify(href: &str, cx: &Context) -> Target {
    let lower = href.to_ascii_lowercase();
    if href.is_empty() || href.starts_with('#') {
        return Target::Text;
    }
    if lower.starts_with("http://") || lower.starts_with("https://") {
        if host_of(&lower) == Some(WEIXIN_HOST) {
            return Target::Keep(href.to_string());
        }
        return Target::Note(Note {
            target: href.to_string(),
            site_path: false,
        });
    }
    if let Some(rest) = href.strip_prefix("//") {
        return Target::Note(Note {
            target: format!("https://{rest}"),
            site_path: false,
        });
    }
    if lower.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    }) {
        return Target::Text;
    }
    // A link inside the site, relative to the page (render/links.rs writes them so).
    let (path, frag) = match href.find(['#', '?']) {
        Some(i) => (&href[..i], &href[i..]),
        None => (href, ""),
    };
    let frag = if frag.starts_with('#') { frag } else { "" };
    let resolved = if let Some(abs) = path.strip_prefix('/') {
        Some(abs.to_string())
    } else {
        join_path(cx.page_path, path)
    };
    let Some(mut site) = resolved else {
        return Target::Text;
    };
    if let Some(stem) = site.strip_suffix("index.html") {
        site = stem.to_string();
    } else if path.ends_with('/') && !site.is_empty() {
        site.push('/');
    }
    match cx.base_url {
        Some(base) => Target::Note(Note {
            target: format!("{base}{site}{frag}"),
            site_path: false,
        }),
        None => Target::Note(Note {
            target: format!("/{site}{frag}"),
            site_path: true,
        }),
    }
}

/// An `<img>` of a body image.
fn img_tag(img: &Img) -> String {
    format!(
        "<img src=\"{}\" alt=\"{}\"{}>",
        attr(&img.src),
        attr(&img.alt),
        style(IMG_INLINE)
    )
}

/// A body image on its own: a figure, with its caption when it has one.
fn image(img: &Img) -> String {
    let tag = format!(
        "<img src=\"{}\" alt=\"{}\"{}>",
        attr(&img.src),
        attr(&img.alt),
        style(IMG)
    );
    let caption = img
        .caption
        .as_deref()
        .filter(|c| !c.trim().is_empty())
        .map(|c| el("figcaption", CAPTION, &text(c)))
        .unwrap_or_default();
    el("figure", FIGURE, &format!("{tag}{caption}"))
}

/// Code text as the editor keeps it: every space U+00A0, a tab four of them, a line break
/// `<br>` (the final one dropped).
pub fn code_text(t: &str) -> String {
    let t = t.strip_suffix('\n').unwrap_or(t);
    let lines: Vec<String> = t
        .split('\n')
        .map(|line| {
            let line = line.strip_suffix('\r').unwrap_or(line);
            text(&line.replace('\t', "    ").replace(' ', "\u{a0}"))
        })
        .collect();
    lines.join("<br>")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(html: &str, base: Option<&str>) -> Body {
        let images = HashMap::new();
        body(
            html,
            &Context {
                page_path: "articles/a/",
                base_url: base,
                images: &images,
            },
        )
    }

    #[test]
    fn every_style_constant_passes_the_allow_list() {
        for s in [
            P, LI, H2, H3, H4, QUOTE, PRE, CODE, TABLE, CELL, TH, FIGURE, IMG, IMG_INLINE, CAPTION,
            HR, NOTE, BOX, META, REFS, REFS_TITLE, LINK,
        ] {
            assert_eq!(style(s), format!(" style=\"{s}\""), "{s}");
        }
    }

    #[test]
    fn disallowed_properties_are_dropped() {
        assert_eq!(
            style("position:absolute;color:red;transform:none"),
            " style=\"color:red\""
        );
    }

    #[test]
    fn links_become_numbered_notes_deduplicated_by_url() {
        let b = run(
            r#"<p><a href="https://a.example/x">A</a> <a href="../b/">B</a> <a href="https://a.example/x">A2</a> <a href="https://mp.weixin.qq.com/s/1">W</a></p>"#,
            Some("https://site.example/"),
        );
        assert_eq!(b.notes.len(), 2);
        assert_eq!(b.notes[1].target, "https://site.example/articles/b/");
        assert!(b.html.contains("A2<sup"));
        assert!(b.html.contains("[1]</sup>"));
        assert!(b.html.contains("href=\"https://mp.weixin.qq.com/s/1\""));
        assert!(!b.html.contains("a.example"));
    }

    #[test]
    fn only_weixin_hosts_keep_their_links() {
        for href in [
            "https://mp.weixin.qq.com@evil.example/",
            "https://evil.example\\@mp.weixin.qq.com/",
            "https://mp.weixin.qq.com.evil.example/",
        ] {
            let b = run(&format!("<p><a href=\"{href}\">x</a></p>"), None);
            assert!(!b.html.contains("href"), "{href}: {}", b.html);
        }
    }

    #[test]
    fn a_very_deep_tree_is_written_without_recursing_deeply() {
        let html = format!(
            "{}深{}",
            "<blockquote>".repeat(20_000),
            "</blockquote>".repeat(20_000)
        );
        let b = run(&html, None);
        assert!(b.html.contains("深"));
        let lists = format!(
            "{}项{}",
            "<ul><li>".repeat(5_000),
            "</li></ul>".repeat(5_000)
        );
        assert!(run(&lists, None).html.contains("项"));
    }

    #[test]
    fn images_are_figures_alone_and_inline_in_text() {
        let mut images = HashMap::new();
        for i in 0..3 {
            images.insert(
                format!("tongxin-image:{i}"),
                Img {
                    src: format!("images/0{}.jpg", i + 1),
                    alt: "图".into(),
                    caption: (i == 0).then(|| "说明".to_string()),
                },
            );
        }
        let b = body(
            "<!--tongxin-image:0--><p><!--tongxin-image:1--></p><p>文中<!--tongxin-image:2-->插图</p>",
            &Context {
                page_path: "articles/a/",
                base_url: None,
                images: &images,
            },
        );
        assert!(b.html.starts_with("<figure"), "{}", b.html);
        assert!(b.html.contains("<figcaption"), "{}", b.html);
        assert_eq!(b.html.matches("<figure").count(), 2, "{}", b.html);
        assert!(!b.html.contains("<p style=\"margin:0 0 16px;font-size:16px;line-height:1.75;color:#1f1f1f;text-align:justify\"><figure"));
        assert!(
            b.html.contains("文中<img src=\"images/03.jpg\""),
            "{}",
            b.html
        );
    }

    #[test]
    fn site_links_without_base_url_are_site_paths() {
        let b = run(r#"<p><a href="../../pages/about/">关于</a></p>"#, None);
        assert_eq!(
            b.notes,
            vec![Note {
                target: "/pages/about/".into(),
                site_path: true
            }]
        );
    }

    #[test]
    fn nested_lists_are_indented_lines_with_text_markers() {
        let b = run(
            "<ol start=\"3\"><li>一<ul><li>甲</li></ul></li><li><p>二</p></li></ol>",
            None,
        );
        assert!(b.html.contains(">3. 一</p>"), "{}", b.html);
        assert!(b.html.contains("padding-left:2em\">• 甲</p>"), "{}", b.html);
        assert!(b.html.contains(">4. 二</p>"), "{}", b.html);
        assert!(!b.html.contains("<li"));
    }

    #[test]
    fn code_keeps_spaces_and_lines() {
        assert_eq!(
            code_text("a  b\n\tc\n"),
            "a&nbsp;&nbsp;b<br>&nbsp;&nbsp;&nbsp;&nbsp;c"
        );
    }
}

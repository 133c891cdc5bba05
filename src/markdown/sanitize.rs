//! Raw HTML in Markdown passes one allow-list sanitizer (ammonia, on the html5ever HTML5
//! parser) unless `config.yaml` says `unsafe_html: true` (`docs/rules.md` §2). The sanitizer sees the
//! whole rendered body at once, so tags split across Markdown nodes cannot reassemble into
//! script. Markdown link and image URLs follow the same URL rule ([`is_allowed_url`]).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// URL schemes an article may link to or embed; anything else with a scheme is refused.
/// Relative URLs and fragments are always allowed.
pub const ALLOWED_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// Elements an article may contain (everything else is removed, its text kept).
const TAGS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "caption",
    "colgroup",
    "col",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "figure",
    "figcaption",
    "picture",
    "source",
    "img",
    "a",
    "blockquote",
    "pre",
    "code",
    "span",
    "div",
    "section",
    "details",
    "summary",
    "sup",
    "sub",
    "ruby",
    "rt",
    "rp",
    "abbr",
    "mark",
    "del",
    "ins",
    "s",
    "br",
    "hr",
    "em",
    "strong",
    "b",
    "i",
    "u",
    "small",
    "q",
    "cite",
    "kbd",
    "samp",
    "var",
    "time",
    "audio",
    "video",
    "track",
    "input",
];

/// Elements removed together with everything inside them (their text is not shown either).
const CLEAN_CONTENT_TAGS: &[&str] = &[
    "script", "style", "template", "iframe", "noscript", "noembed", "noframes", "object", "svg",
    "math", "title", "frameset",
];

/// Attributes allowed on every allowed element.
const GENERIC_ATTRIBUTES: &[&str] = &["class", "id", "title", "lang", "dir"];

/// Attribute name prefixes allowed on every element: accessibility, and comrak's footnotes.
const GENERIC_PREFIXES: &[&str] = &["aria-", "data-footnote"];

/// Attributes allowed per element.
const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "name"]),
    (
        "img",
        &[
            "src", "srcset", "sizes", "width", "height", "alt", "loading", "decoding",
        ],
    ),
    ("source", &["src", "srcset", "sizes", "type", "media"]),
    ("th", &["colspan", "rowspan", "align", "scope", "headers"]),
    ("td", &["colspan", "rowspan", "align", "headers"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("ol", &["start", "reversed", "type"]),
    ("li", &["value"]),
    ("details", &["open"]),
    ("audio", &["src", "controls", "preload", "loop", "muted"]),
    (
        "video",
        &[
            "src",
            "controls",
            "preload",
            "loop",
            "muted",
            "poster",
            "width",
            "height",
            "playsinline",
        ],
    ),
    ("track", &["src", "kind", "srclang", "label", "default"]),
    ("time", &["datetime"]),
    ("q", &["cite"]),
    ("blockquote", &["cite"]),
    ("del", &["cite", "datetime"]),
    ("ins", &["cite", "datetime"]),
    ("input", &["checked"]),
];

/// Attributes holding one URL, checked with [`is_allowed_url`].
const URL_ATTRIBUTES: &[&str] = &["href", "src", "cite", "poster"];

/// Media of the site itself: audio and video play files of the site, not another server's.
const OWN_MEDIA: &[&str] = &["audio", "video", "track"];

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::empty();
    let tag_attributes: HashMap<&str, HashSet<&str>> = TAG_ATTRIBUTES
        .iter()
        .map(|(tag, attrs)| (*tag, attrs.iter().copied().collect()))
        .collect();
    b.tags(TAGS.iter().copied().collect())
        .clean_content_tags(CLEAN_CONTENT_TAGS.iter().copied().collect())
        .generic_attributes(GENERIC_ATTRIBUTES.iter().copied().collect())
        .generic_attribute_prefixes(GENERIC_PREFIXES.iter().copied().collect())
        .tag_attributes(tag_attributes)
        // Only task-list checkboxes, always disabled: never a form control readers can use.
        .tag_attribute_values(HashMap::from([(
            "input",
            HashMap::from([("type", HashSet::from(["checkbox"]))]),
        )]))
        .set_tag_attribute_values(HashMap::from([(
            "input",
            HashMap::from([("disabled", "")]),
        )]))
        .url_schemes(ALLOWED_SCHEMES.iter().copied().collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        // No `target` attribute is allowed, so links cannot open a window that could reach
        // back to this page: no `rel` needs adding (and internal links stay as written).
        .link_rel(None)
        // User comments are not published; image placeholders are protected by the caller.
        .strip_comments(true)
        .id_prefix(None)
        .attribute_filter(|element, attribute, value| {
            let ok = if URL_ATTRIBUTES.contains(&attribute) {
                is_allowed_url(value) && (!OWN_MEDIA.contains(&element) || is_relative_url(value))
            } else if attribute == "srcset" {
                value
                    .split(',')
                    .filter_map(|c| c.split_whitespace().next())
                    .all(is_allowed_url)
            } else {
                true
            };
            ok.then_some(Cow::Borrowed(value))
        });
    b
});

/// The deepest element nesting the sanitizer is given. html5ever's scope checks make parsing
/// quadratic in depth (20,000 unclosed `<div>` take about a minute), so hostile depth could
/// stall a build; no article nests anywhere near this deep.
pub const MAX_DEPTH: usize = 256;

/// Elements without content, and elements that a sibling of the same kind closes: neither
/// makes the tree deeper however many are written.
const FLAT_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb",
    "rt", "rtc", "rp", "thead", "tbody", "tfoot", "colgroup",
];

/// An upper estimate of how deep the elements of `html` nest (start tags minus end tags, in
/// one pass over the bytes), to refuse hostile depth before parsing it ([`MAX_DEPTH`]).
pub fn nesting_depth(html: &str) -> usize {
    let b = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        i += off + 1;
        let closing = b.get(i) == Some(&b'/');
        let start = i + usize::from(closing);
        let len = b[start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if len == 0 || !b[start].is_ascii_alphabetic() {
            continue;
        }
        let name = html[start..start + len].to_ascii_lowercase();
        if closing {
            if !FLAT_ELEMENTS.contains(&name.as_str()) {
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        let self_closed = b[start + len..]
            .iter()
            .position(|&c| c == b'>')
            .is_some_and(|e| e > 0 && b[start + len + e - 1] == b'/');
        if !self_closed && !FLAT_ELEMENTS.contains(&name.as_str()) {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

/// Sanitizes an HTML fragment (a whole rendered body) with the allow-list: disallowed
/// elements, attributes, comments and URLs are removed; the result is well-formed, so it
/// cannot close or open elements of the page around it.
pub fn clean(html: &str) -> Cow<'_, str> {
    Cow::Owned(SANITIZER.clean(html).to_string())
}

/// The URL as a browser reads its scheme: without whitespace and control characters
/// (browsers drop tabs and newlines anywhere, and trim the ends), lowercased.
fn squeezed(url: &str) -> String {
    url.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// The scheme of a URL (`https`), None for a relative URL. A colon after characters that
/// cannot form a scheme (`文件:1.pdf`) does not make one, as in browsers.
fn scheme(squeezed: &str) -> Option<&str> {
    let end = squeezed.find([':', '/', '?', '#'])?;
    let s = &squeezed[..end];
    let valid = squeezed[end..].starts_with(':')
        && s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(s)
}

/// The scheme of a URL as a browser reads it (lowercase, `javascript`), None for a relative
/// URL.
pub fn scheme_of(url: &str) -> Option<String> {
    scheme(&squeezed(url)).map(str::to_string)
}

/// The one URL rule for links and embeds in articles: relative URLs, fragments and the
/// [`ALLOWED_SCHEMES`]; never `javascript:`, `data:`, `vbscript:` or another scheme, however
/// it is disguised with case, whitespace or control characters. Character references must be
/// decoded first (HTML parsers and Markdown do).
pub fn is_allowed_url(url: &str) -> bool {
    let s = squeezed(url);
    match scheme(&s) {
        None => true,
        Some(sc) => ALLOWED_SCHEMES.contains(&sc),
    }
}

/// True for a relative URL (no scheme, not `//host`): a file of the site.
fn is_relative_url(url: &str) -> bool {
    let s = squeezed(url).replace('\\', "/");
    scheme(&s).is_none() && !s.starts_with("//")
}

/// True for `javascript:` and similar URLs (ignoring case, spaces and control characters).
pub fn is_script_url(url: &str) -> bool {
    let s = squeezed(url);
    s.starts_with("javascript:") || s.starts_with("vbscript:") || s.starts_with("data:text/html")
}

/// What the sanitizer will remove from one raw-HTML fragment as written, for a warning at
/// its place (an office wants to know its pasted HTML was changed): disallowed elements,
/// event-handler and style attributes, and disallowed URLs. A cheap look at the text, not a
/// second parse; the sanitizer itself does not depend on it. None when nothing is found.
pub fn removed(raw: &str) -> Option<crate::problem::Problem> {
    static TAG: LazyLock<regex::Regex> = LazyLock::new(|| re(r"<([A-Za-z][A-Za-z0-9:-]*)"));
    static ATTR: LazyLock<regex::Regex> =
        LazyLock::new(|| re(r#"(?i)[\s/"']((?:on[a-z]+)|style|srcdoc|formaction|xlink:href)\s*="#));
    static URL: LazyLock<regex::Regex> = LazyLock::new(|| {
        re(r#"(?i)[\s/"'](?:href|src|cite|poster)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))"#)
    });
    if !raw.contains('<') {
        return None;
    }
    let mut found: Vec<String> = Vec::new();
    let mut add = |s: String| {
        if !found.contains(&s) {
            found.push(s);
        }
    };
    for c in TAG.captures_iter(raw) {
        let name = c[1].to_ascii_lowercase();
        if !TAGS.contains(&name.as_str()) {
            add(format!("<{name}>"));
        }
    }
    for c in ATTR.captures_iter(raw) {
        add(format!("{}=", c[1].to_ascii_lowercase()));
    }
    for c in URL.captures_iter(raw) {
        let v = c.get(1).or_else(|| c.get(2)).or_else(|| c.get(3));
        let url = decode_refs(v.map_or("", |m| m.as_str()));
        if let Some(sc) = scheme(&squeezed(&url))
            && !ALLOWED_SCHEMES.contains(&sc)
        {
            add(format!("{sc}:"));
        }
    }
    (!found.is_empty()).then_some(crate::problem::Problem::HtmlRemoved { removed: found })
}

fn re(pattern: &str) -> regex::Regex {
    regex::Regex::new(pattern).unwrap_or_else(|_| unreachable!("fixed pattern"))
}

/// Decodes numeric character references and the named ones used to hide a scheme
/// (`&colon;`, `&Tab;`, `&NewLine;`), enough to name the scheme in a warning.
fn decode_refs(s: &str) -> Cow<'_, str> {
    static REF: LazyLock<regex::Regex> =
        LazyLock::new(|| re(r"(?i)&(?:#x([0-9a-f]+)|#([0-9]+)|(colon|tab|newline));?"));
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    REF.replace_all(s, |c: &regex::Captures| {
        let n = c
            .get(1)
            .and_then(|h| u32::from_str_radix(h.as_str(), 16).ok())
            .or_else(|| c.get(2).and_then(|d| d.as_str().parse().ok()));
        match (n, c.get(3).map(|m| m.as_str().to_ascii_lowercase())) {
            (Some(n), _) => char::from_u32(n).map_or(String::new(), String::from),
            (None, Some(name)) if name == "colon" => ":".into(),
            (None, Some(_)) => " ".into(),
            _ => String::new(),
        }
    })
}

/// Escapes text for an HTML attribute value.
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for XML and HTML element content.
pub fn escape_text(s: &str) -> String {
    escape_attr(s)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Tags of serialized HTML with their attributes (values with `&amp;`, `&quot;` decoded),
    /// read the way a browser tokenizes the sanitizer's well-formed output.
    pub(crate) fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
        let b = html.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if b[i] != b'<' || !b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
                i += 1;
                continue;
            }
            i += 1;
            let start = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
                i += 1;
            }
            let name = html[start..i].to_ascii_lowercase();
            let mut attrs = Vec::new();
            loop {
                while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                    i += 1;
                }
                if i >= b.len() || b[i] == b'>' {
                    break;
                }
                let a = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'>' {
                    i += 1;
                }
                let attr = html[a..i].to_ascii_lowercase();
                let mut value = String::new();
                if b.get(i) == Some(&b'=') {
                    i += 1;
                    let q = b.get(i).copied();
                    if q == Some(b'"') || q == Some(b'\'') {
                        i += 1;
                        let v = i;
                        while i < b.len() && Some(b[i]) != q {
                            i += 1;
                        }
                        value = html[v..i.min(b.len())].to_string();
                        i += 1;
                    } else {
                        let v = i;
                        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                            i += 1;
                        }
                        value = html[v..i].to_string();
                    }
                }
                let value =
                    decode_refs(&value.replace("&quot;", "\"").replace("&amp;", "&")).into_owned();
                attrs.push((attr, value));
            }
            out.push((name, attrs));
        }
        out
    }

    /// Why `html` could run script or load something it may not, if it could.
    pub(crate) fn hazard(html: &str) -> Option<String> {
        for (tag, attrs) in tags(html) {
            if !TAGS.contains(&tag.as_str()) {
                return Some(format!("element <{tag}> in {html}"));
            }
            for (a, v) in attrs {
                if a.starts_with("on") || matches!(a.as_str(), "style" | "srcdoc" | "formaction") {
                    return Some(format!("attribute {a} in {html}"));
                }
                if matches!(a.as_str(), "href" | "src" | "cite" | "poster" | "srcset")
                    && (!is_allowed_url(&v) || is_script_url(&v) || squeezed(&v).contains("data:"))
                {
                    return Some(format!("URL {v} in {html}"));
                }
            }
        }
        // `javascript:` as visible text is harmless; as a URL it is caught above.
        html.to_ascii_lowercase()
            .contains("<script")
            .then(|| format!("script element in {html}"))
    }

    /// Raw HTML payloads, each of which runs script, loads another page or changes the page
    /// around it when published as written.
    pub(crate) const PAYLOADS: &[&str] = &[
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<ScRiPt>alert(1)</sCrIpT>",
        "<div><scr<script>ipt>alert(1)</scr<script>ipt></div>",
        "<scr<script>ipt>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<img/src=x/onerror=alert(1)>",
        "<img src=x onerror\n=alert(1)>",
        "<IMG SRC=x ONERROR=alert(1)>",
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<math href=\"javascript:alert(1)\">x</math>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<a href=\"&#x6A;&#x61;vascript&colon;alert(1)\">x</a>",
        "<a href=\"java&Tab;script:alert(1)\">x</a>",
        "<a href=\"java&NewLine;script:alert(1)\">x</a>",
        "<a href=\"java\tscript:alert(1)\">x</a>",
        "<a href=\"java\nscript:alert(1)\">x</a>",
        "<a href=\" \x01javascript:alert(1)\">x</a>",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
        "<img src=\"data:image/svg+xml,<svg onload=alert(1)>\">",
        "<a href=javascript:alert(1)>x</a>",
        "<base href=\"https://evil.example/\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<link rel=stylesheet href=//evil.example/x.css>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<form action=\"javascript:alert(1)\"><button>go</button></form>",
        "<button formaction=\"javascript:alert(1)\">go</button>",
        "<input type=image src=x onerror=alert(1)>",
        "<input onfocus=alert(1) autofocus>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<embed src=\"javascript:alert(1)\">",
        "<style>body{background:url(javascript:alert(1))}</style>",
        "<p style=\"background:url(javascript:alert(1))\">x</p>",
        "<div style=\"position:fixed;inset:0\">遮挡</div>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
        "<template><script>alert(1)</script></template>",
        "<textarea><script>alert(1)</script></textarea>",
        "<title><img src=x onerror=alert(1)></title>",
        "<!--><script>alert(1)</script>-->",
        "<!--<img src=x onerror=alert(1)>-->",
        "<![CDATA[<script>alert(1)</script>]]>",
        "<details open ontoggle=alert(1)>x</details>",
        "<video><source onerror=alert(1)></video>",
        "<video poster=javascript:alert(1)></video>",
        "<audio src=x onerror=alert(1)>",
        "<a href=\"#\" onclick=\"alert(1)\">x</a>",
        "<body onload=alert(1)>",
        "<marquee onstart=alert(1)>x</marquee>",
        "<isindex action=javascript:alert(1) type=image>",
        "<img srcset=\"javascript:alert(1) 1x\">",
        "<a href=\"https://example.org\" target=\"_blank\">x</a>",
        "<xmp><script>alert(1)</script></xmp>",
        "<select><template><style><img src=x onerror=alert(1)></style></template></select>",
    ];

    #[test]
    fn payloads_are_inert() {
        assert!(PAYLOADS.len() >= 40);
        for p in PAYLOADS {
            let out = clean(p);
            assert_eq!(hazard(&out), None, "{p:?} → {out}");
            assert!(!out.contains("target="), "{p:?} → {out}");
        }
    }

    #[test]
    fn article_markup_survives() {
        let keep = [
            "<p>双拥</p>",
            "<h2 id=\"一总体要求\">一、总体要求</h2>",
            "<table><thead><tr><th align=\"left\" colspan=\"2\">镇街</th></tr></thead><tbody><tr><td rowspan=\"2\">古南</td></tr></tbody></table>",
            "<figure><img src=\"a.jpg\" alt=\"合影\" width=\"10\" height=\"5\" loading=\"lazy\" decoding=\"async\"><figcaption>座谈</figcaption></figure>",
            "<details><summary>附件</summary><p>内容</p></details>",
            "<p>H<sub>2</sub>O，10<sup>3</sup>，<ruby>綦<rp>(</rp><rt>qí</rt><rp>)</rp></ruby></p>",
            "<p><a href=\"https://www.gov.cn/\" title=\"中国政府网\">链接</a> <a href=\"mailto:sy@example.gov.cn\">邮件</a> <a href=\"tel:023-12345678\">电话</a> <a href=\"../b/#x\">站内</a></p>",
            "<video controls=\"\" src=\"files/v.mp4\" poster=\"files/v.jpg\"></video>",
            "<p><input type=\"checkbox\" checked=\"\" disabled=\"\"> 已完成</p>",
            "<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\" data-footnote-ref=\"\">1</a></sup>",
            "<pre><code class=\"language-rust\"><span class=\"hl-keyword\">fn</span></code></pre>",
        ];
        for k in keep {
            assert_eq!(clean(k), k);
        }
    }

    #[test]
    fn changed_markup() {
        assert_eq!(clean("a<script>alert(1)</script>b"), "ab");
        assert_eq!(clean("<img src=x onerror=alert(1)>"), "<img src=\"x\">");
        assert_eq!(clean("<div><p>未闭合"), "<div><p>未闭合</p></div>");
        assert_eq!(clean("</div></main><p>x</p>"), "<p>x</p>");
        assert_eq!(clean("<!-- 内部备注 -->文"), "文");
        assert_eq!(
            clean("<input type=\"text\" name=\"q\">"),
            "<input disabled=\"\">"
        );
        assert_eq!(
            clean("<video src=\"https://evil.example/v.mp4\"></video>"),
            "<video></video>"
        );
        assert_eq!(clean("<form><button>提交</button></form>"), "提交");
    }

    #[test]
    fn one_url_rule() {
        for ok in [
            "https://www.gov.cn/",
            "HTTP://a.example",
            "mailto:a@b.cn",
            "tel:12345",
            "../a/b.html#c",
            "#fn-1",
            "/files/表格.xlsx",
            "文件:1.pdf",
            "",
            "?page=2",
            "//cdn.example/x.png",
        ] {
            assert!(is_allowed_url(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "java\tscript:x",
            "java\nscript:x",
            "\u{1}javascript:x",
            "vbscript:x",
            "data:text/html,x",
            "data:image/png;base64,AAAA",
            "file:///etc/passwd",
            "ftp://a.example/",
            "blob:https://a.example/x",
        ] {
            assert!(!is_allowed_url(bad), "{bad:?}");
        }
        assert!(is_script_url(" java\tscript:alert(1)"));
        assert!(!is_script_url("https://example.com"));
    }

    #[test]
    fn removals_are_named() {
        let names = |raw: &str| match removed(raw) {
            Some(crate::problem::Problem::HtmlRemoved { removed }) => removed,
            _ => Vec::new(),
        };
        assert_eq!(names("<p>安全</p>"), Vec::<String>::new());
        assert_eq!(names("<img/src=x/onerror=alert(1)>"), ["onerror="]);
        assert_eq!(
            names("<div><scr<script>ipt>x</script></div>"),
            ["<scr>", "<script>"]
        );
        assert_eq!(
            names("<a href=\"&#106;avascript:x\">a</a>"),
            ["javascript:"]
        );
        assert_eq!(
            names("<iframe srcdoc=\"x\" style=\"a\"></iframe>"),
            ["<iframe>", "srcdoc=", "style="]
        );
        assert_eq!(
            names("<a href=\"https://a.example/\">a</a>"),
            Vec::<String>::new()
        );
    }
}

#[cfg(test)]
mod deep_tests {
    /// Unclosed tags nest; the sanitizer must not overflow the stack on hostile depth.
    #[test]
    fn deep_nesting_does_not_overflow() {
        for open in ["<div>", "<span>", "<b><i>", "<table><tr><td>", "<a href=x>"] {
            // Deep enough to overflow a recursive walk; html5ever's scope checks make
            // nesting quadratic in depth, so the test stays at a few thousand levels.
            let html = open.repeat(3_000);
            let out = super::clean(&html);
            assert!(out.len() < html.len() * 10, "{open}");
            assert!(super::nesting_depth(&html) > super::MAX_DEPTH, "{open}");
        }
    }

    #[test]
    fn depth_estimate_counts_only_nesting() {
        assert_eq!(super::nesting_depth("<p>甲</p><p>乙</p>"), 0);
        assert_eq!(
            super::nesting_depth("<div><div><span>x</span></div></div>"),
            3
        );
        assert_eq!(super::nesting_depth("<div></div>".repeat(1000).as_str()), 1);
        // Unclosed list items, paragraphs and cells close each other.
        let list = format!("<ul>{}</ul>", "<li>一项".repeat(2_000));
        assert_eq!(super::nesting_depth(&list), 1);
        assert_eq!(super::nesting_depth("<br><br/><img src=x><hr>"), 0);
        assert_eq!(super::nesting_depth("<span/><span />"), 0);
        assert_eq!(super::nesting_depth("a < b, 3<4, <中文>"), 0);
    }
}

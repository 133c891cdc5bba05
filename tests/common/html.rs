//! Looking at output HTML the way a browser would, for the safety tests (`tests/fuzz.rs`,
//! `tests/html_safety.rs`): a tokenizer that errs towards seeing tags, a check for anything
//! executable beyond the theme's own scripts, and the text a reader joins into numbers.
#![allow(dead_code)]

use std::sync::LazyLock;

/// Elements that run script, load other documents, or change where the page's links go.
pub const FORBIDDEN_ELEMENTS: &[&str] = &[
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "meta",
    "link",
    "style",
    "svg",
    "math",
    "form",
    "button",
    "textarea",
    "select",
    "template",
    "noscript",
    "portal",
    "xmp",
    "plaintext",
    "isindex",
];

/// Attributes whose value is a URL a browser may follow or load.
pub const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "cite",
    "srcset",
    "lowsrc",
    "dynsrc",
    "ping",
    "codebase",
];

/// Decodes the character references a browser decodes in attribute values.
pub fn decode_references(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest
            .char_indices()
            .skip(1)
            .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '#'))
            .map_or(rest.len(), |(j, _)| j);
        let name = &rest[1..end];
        let decoded = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X"))
        {
            u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
        } else if let Some(dec) = name.strip_prefix('#') {
            dec.parse::<u32>().ok().and_then(char::from_u32)
        } else {
            match name.to_ascii_lowercase().as_str() {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "tab" => Some('\t'),
                "newline" => Some('\n'),
                "colon" => Some(':'),
                "nbsp" => Some('\u{a0}'),
                _ => None,
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end..];
                if rest.starts_with(';') {
                    rest = &rest[1..];
                }
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// True for a URL that runs script or renders attacker HTML when followed.
pub fn is_script_url(value: &str) -> bool {
    let v: String = decode_references(value)
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    [
        "javascript:",
        "vbscript:",
        "data:text/html",
        "data:image/svg",
        "livescript:",
    ]
    .iter()
    .any(|p| v.starts_with(p) || v.contains(&format!(",{p}")))
}

/// One start tag: its name and attributes (names lowercased, values raw).
#[derive(Debug)]
pub struct Tag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    /// Text up to the matching end tag for `<script>` (for comparing with the theme's own).
    pub script_text: Option<String>,
}

/// Splits HTML into start tags the way a browser's tokenizer would for these purposes: comments
/// (`<!-- … -->`, `--!>`, `<!-->`), bogus comments (`<!x…>`, `<?…>`) and end tags are skipped.
/// It errs towards seeing tags: text inside raw-text elements is tokenised too, which can only
/// make the check stricter.
pub fn start_tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let s = i + off;
        let rest = &html[s..];
        if let Some(after) = rest.strip_prefix("<!--") {
            let end = if after.starts_with('>') {
                5
            } else if after.starts_with("->") {
                6
            } else {
                let a = after.find("-->").map(|j| j + 3);
                let c = after.find("--!>").map(|j| j + 4);
                match (a, c) {
                    (Some(a), Some(c)) => 4 + a.min(c),
                    (Some(x), None) | (None, Some(x)) => 4 + x,
                    (None, None) => rest.len(),
                }
            };
            i = s + end;
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") || rest.starts_with("</") {
            i = s + rest.find('>').map_or(rest.len(), |j| j + 1);
            continue;
        }
        let Some(&c) = b.get(s + 1) else { break };
        if !c.is_ascii_alphabetic() {
            i = s + 1;
            continue;
        }
        // Tag name.
        let mut j = s + 1;
        while j < b.len() && !matches!(b[j], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>') {
            j += 1;
        }
        let name = html[s + 1..j].to_ascii_lowercase();
        // Attributes.
        let mut attrs = Vec::new();
        loop {
            while j < b.len() && matches!(b[j], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                j += 1;
                break;
            }
            let a = j;
            j += 1;
            while j < b.len()
                && !matches!(
                    b[j],
                    b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>' | b'='
                )
            {
                j += 1;
            }
            let attr = html[a..j].to_ascii_lowercase();
            while j < b.len() && matches!(b[j], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c') {
                j += 1;
            }
            let mut value = String::new();
            if j < b.len() && b[j] == b'=' {
                j += 1;
                while j < b.len() && matches!(b[j], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c') {
                    j += 1;
                }
                if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                    let q = b[j];
                    let v = j + 1;
                    j = v;
                    while j < b.len() && b[j] != q {
                        j += 1;
                    }
                    value = html[v..j.min(b.len())].to_string();
                    j += 1;
                } else {
                    let v = j;
                    while j < b.len()
                        && !matches!(b[j], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>')
                    {
                        j += 1;
                    }
                    value = html[v..j].to_string();
                }
            }
            attrs.push((attr, value));
        }
        let j = j.min(html.len());
        let script_text = (name == "script").then(|| {
            let lower = html[j..].to_ascii_lowercase();
            let end = lower.find("</script").unwrap_or(lower.len());
            html[j..j + end].to_string()
        });
        tags.push(Tag {
            name,
            attrs,
            script_text,
        });
        i = j;
    }
    tags
}

/// What the theme itself is allowed to have, learnt from a build of a site without user HTML:
/// its inline scripts, and the element signatures (name and attribute names) of its own
/// `<script src>`, `<meta>`, `<link>` and search `<form>` elements.
#[derive(Debug, Default)]
pub struct ThemeAllowance {
    pub inline_scripts: Vec<String>,
    pub signatures: Vec<String>,
}

impl ThemeAllowance {
    pub fn learn(&mut self, html: &str) {
        for t in start_tags(html) {
            if !FORBIDDEN_ELEMENTS.contains(&t.name.as_str()) {
                continue;
            }
            match t.script_text {
                Some(text) if !t.attrs.iter().any(|(n, _)| n == "src") => {
                    if !self.inline_scripts.contains(&text) {
                        self.inline_scripts.push(text);
                    }
                }
                _ => {
                    let sig = signature(&t);
                    if !self.signatures.contains(&sig) {
                        self.signatures.push(sig);
                    }
                }
            }
        }
    }
}

/// An element's name and its attribute names, sorted (`meta charset`, `script defer src`).
pub fn signature(t: &Tag) -> String {
    let mut names: Vec<&str> = t.attrs.iter().map(|(n, _)| n.as_str()).collect();
    names.sort_unstable();
    format!("{} {}", t.name, names.join(" "))
}

/// Describes the first executable construct in `html`, or None.
pub fn executable(html: &str, theme: &ThemeAllowance) -> Option<String> {
    for tag in start_tags(html) {
        for (name, value) in &tag.attrs {
            if name.starts_with("on") {
                return Some(format!("handler {name}={value:?} on <{}>", tag.name));
            }
            if name == "srcdoc" || name == "style" && value.contains("expression") {
                return Some(format!("{name}={value:?} on <{}>", tag.name));
            }
            // A srcset candidate's URL ends at whitespace, as browsers read it.
            let script_candidate = name == "srcset"
                && value
                    .split(',')
                    .filter_map(|c| c.split_whitespace().next())
                    .any(is_script_url);
            if script_candidate
                || name != "srcset"
                    && URL_ATTRIBUTES.contains(&name.as_str())
                    && is_script_url(value)
            {
                return Some(format!("script URL {name}={value:?} on <{}>", tag.name));
            }
            // A refresh goes where its `url=` says: the theme's alias pages use it, never to script.
            let refresh = tag
                .attrs
                .iter()
                .any(|(n, v)| n == "http-equiv" && v.eq_ignore_ascii_case("refresh"));
            if refresh
                && name == "content"
                && let Some(i) = value.to_ascii_lowercase().find("url=")
                && is_script_url(&value[i + 4..])
            {
                return Some(format!("refresh to {value:?}"));
            }
        }
        if !FORBIDDEN_ELEMENTS.contains(&tag.name.as_str()) {
            continue;
        }
        let theme_inline = tag.name == "script"
            && !tag.attrs.iter().any(|(n, _)| n == "src")
            && tag
                .script_text
                .as_ref()
                .is_some_and(|t| theme.inline_scripts.contains(t));
        // The theme's script files are its own, relative to the page.
        let theme_src = tag.name != "script"
            || tag
                .attrs
                .iter()
                .all(|(n, v)| n != "src" || !(v.contains("//") || v.contains(':')));
        if !(theme_inline || theme.signatures.contains(&signature(&tag)) && theme_src) {
            return Some(format!(
                "<{}> {:?} {:?}",
                tag.name, tag.attrs, tag.script_text
            ));
        }
    }
    None
}

/// The HTML a feed carries in its `description` and `content:encoded` elements, unescaped.
pub fn feed_html(xml: &str) -> Vec<String> {
    let mut out = Vec::new();
    for element in ["description", "content:encoded"] {
        let open = format!("<{element}>");
        let close = format!("</{element}>");
        let mut rest = xml;
        while let Some(i) = rest.find(&open) {
            let inner = &rest[i + open.len()..];
            let end = inner.find(&close).unwrap_or(inner.len());
            let body = &inner[..end];
            out.push(
                match body
                    .strip_prefix("<![CDATA[")
                    .and_then(|b| b.strip_suffix("]]>"))
                {
                    Some(cdata) => cdata.to_string(),
                    None => decode_references(body),
                },
            );
            rest = &inner[end..];
        }
    }
    out
}

/// The text of an output file as a reader (or a scraper) joins it: tags removed, references
/// decoded, and what does not visibly separate one number from the next dropped: whitespace,
/// invisible format characters, Markdown markers left as text, and the `.`/`-` of digit groups.
pub fn reader_digits(text: &str) -> String {
    let mut no_tags = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => no_tags.push(c),
            _ => {}
        }
    }
    decode_references(&no_tags)
        .chars()
        .filter(|&c| {
            !(c.is_whitespace()
                || matches!(c, '*' | '_' | '~' | '`' | '.' | '-' | '\u{ad}' | '\u{feff}')
                || ('\u{200b}'..='\u{200f}').contains(&c)
                || ('\u{2060}'..='\u{2064}').contains(&c))
        })
        .collect()
}

/// The theme's own scripts and elements, learnt once from a build of a site without user HTML.
pub fn theme() -> &'static ThemeAllowance {
    static THEME: LazyLock<ThemeAllowance> = LazyLock::new(|| {
        let f = super::Fixture::site("theme-baseline");
        f.write(
            "content/documents/tongzhi.md",
            "---\ntitle: 关于做好双拥工作的通知\ndate: 2026-05-01\ndoc_no: 测拥组〔2026〕1号\n---\n\n各镇街：\n",
        );
        f.build_ok(&[]);
        let mut theme = ThemeAllowance::default();
        for page in super::walk(&f.public()) {
            if page.extension().is_some_and(|e| e == "html") {
                theme.learn(&std::fs::read_to_string(&page).unwrap_or_default());
            }
        }
        theme
    });
    &THEME
}

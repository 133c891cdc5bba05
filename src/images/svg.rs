//! SVG: published as written, but only without scripts, event handlers, `javascript:` URLs
//! or references to other sites. An SVG opened on its own (a link, a new tab) runs its
//! scripts with the site's origin, and an external reference makes the visitor's browser
//! call another server.

use std::sync::LazyLock;

use regex::Regex;

use crate::i18n::Lang;

/// What makes an SVG unsafe to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hazard {
    /// A `<script>` element.
    Script,
    /// An `on…=` event-handler attribute (the attribute as written).
    EventHandler(String),
    /// A `javascript:` URL.
    JavascriptUrl,
    /// A reference to another site (the address as written).
    ExternalReference(String),
    /// An external XML entity (`<!ENTITY … SYSTEM …>`).
    ExternalEntity,
    /// Not text at all.
    NotText,
}

impl Hazard {
    /// Words for messages.
    pub fn describe(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            Hazard::Script => lang.pick("脚本（<script>）", "a <script> element").into(),
            Hazard::EventHandler(a) => {
                if zh {
                    format!("事件处理属性 {a}")
                } else {
                    format!("the event handler {a}")
                }
            }
            Hazard::JavascriptUrl => lang.pick("javascript: 链接", "a javascript: URL").into(),
            Hazard::ExternalReference(u) => {
                if zh {
                    format!("外部引用 {u}")
                } else {
                    format!("the external reference {u}")
                }
            }
            Hazard::ExternalEntity => lang
                .pick("外部实体（<!ENTITY … SYSTEM>）", "an external entity")
                .into(),
            Hazard::NotText => lang
                .pick(
                    "无法识别的内容（不是文本格式的 SVG）",
                    "content that is not SVG text",
                )
                .into(),
        }
    }
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|_| unreachable!("fixed pattern"))
}

static SCRIPT: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)<\s*(?:[a-z]+:)?script\b"));
static HANDLER: LazyLock<Regex> = LazyLock::new(|| re(r#"(?i)[\s"'/]on[a-z]+\s*="#));
static JS_URL: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:"));
static EXTERNAL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?i)(?:\bhref\s*=\s*["']?|url\(\s*["']?|@import\s+["']?)\s*((?:https?:|ftp:)?//[^"'\s)>]*)"#,
    )
});
static ENTITY: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)<!ENTITY[^>]*\b(?:SYSTEM|PUBLIC)\b"));
static ROOT: LazyLock<Regex> = LazyLock::new(|| re(r"(?is)<svg\b[^>]*>"));
static ATTR: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?i)\s(width|height|viewBox)\s*=\s*["']([^"']*)["']"#));

/// Checks an SVG file's bytes; `Err` names the first hazard found.
pub fn check(bytes: &[u8]) -> Result<(), Hazard> {
    let Ok(text) = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)) else {
        return Err(Hazard::NotText);
    };
    if SCRIPT.is_match(text) {
        return Err(Hazard::Script);
    }
    if let Some(m) = HANDLER.find(text) {
        let attr = m.as_str().trim_matches(|c: char| !c.is_ascii_alphabetic());
        return Err(Hazard::EventHandler(attr.to_string()));
    }
    if JS_URL.is_match(text) {
        return Err(Hazard::JavascriptUrl);
    }
    if let Some(c) = EXTERNAL.captures(text) {
        return Err(Hazard::ExternalReference(
            c.get(1)
                .map_or("", |m| m.as_str())
                .chars()
                .take(80)
                .collect(),
        ));
    }
    if ENTITY.is_match(text) {
        return Err(Hazard::ExternalEntity);
    }
    Ok(())
}

/// The intrinsic size of an SVG in CSS pixels, from `width`/`height` on the root element, else
/// its `viewBox`; None when neither gives one.
pub fn size(bytes: &[u8]) -> Option<(u32, u32)> {
    let text = std::str::from_utf8(bytes).ok()?;
    let root = ROOT.find(text)?.as_str();
    let mut width = None;
    let mut height = None;
    let mut view_box = None;
    for c in ATTR.captures_iter(root) {
        let value = c.get(2).map_or("", |m| m.as_str()).trim();
        match c.get(1).map(|m| m.as_str().to_ascii_lowercase()).as_deref() {
            Some("width") => width = pixels(value),
            Some("height") => height = pixels(value),
            Some("viewbox") => view_box = Some(value.to_string()),
            _ => {}
        }
    }
    if let (Some(w), Some(h)) = (width, height) {
        return Some((w, h));
    }
    let nums: Vec<f64> = view_box?
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    match nums.as_slice() {
        [_, _, w, h] if *w >= 1.0 && *h >= 1.0 && *w < 1e6 && *h < 1e6 => {
            Some((w.round() as u32, h.round() as u32))
        }
        _ => None,
    }
}

/// `120`, `120px` or `120.5` as whole pixels; percentages and other units give None.
fn pixels(v: &str) -> Option<u32> {
    let n: f64 = v.strip_suffix("px").unwrap_or(v).trim().parse().ok()?;
    (1.0..1e6).contains(&n).then(|| n.round() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hazards_are_found() {
        let ok = br##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 120 80"><a href="#x"><rect width="10" height="10" fill="url(#g)"/></a><use xlink:href="#s"/></svg>"##;
        assert_eq!(check(ok), Ok(()));
        assert_eq!(size(ok), Some((120, 80)));
        assert_eq!(
            check(b"<svg><script>alert(1)</script></svg>"),
            Err(Hazard::Script)
        );
        assert_eq!(
            check(b"<svg><SCRIPT >x</SCRIPT></svg>"),
            Err(Hazard::Script)
        );
        assert_eq!(
            check(br#"<svg onload="x()"></svg>"#),
            Err(Hazard::EventHandler("onload".into()))
        );
        assert_eq!(
            check(br#"<svg><a href="javascript:x()">a</a></svg>"#),
            Err(Hazard::JavascriptUrl)
        );
        assert!(matches!(
            check(br#"<svg><image xlink:href="https://evil.example/t.png"/></svg>"#),
            Err(Hazard::ExternalReference(u)) if u == "https://evil.example/t.png"
        ));
        assert!(matches!(
            check(br#"<svg><style>@import url(//cdn.example/x.css);</style></svg>"#),
            Err(Hazard::ExternalReference(_))
        ));
        assert_eq!(
            check(br#"<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg/>"#),
            Err(Hazard::ExternalEntity)
        );
        assert_eq!(check(b"\xFF\xFE\x00"), Err(Hazard::NotText));
        assert_eq!(
            size(br#"<svg width="64px" height="32" viewBox="0 0 1 1"/>"#),
            Some((64, 32))
        );
        assert_eq!(size(br#"<svg width="100%"/>"#), None);
    }
}

//! SVG: published as written, but only when an XML parser finds no construct that can run
//! script or reach another server: no script, no embedded HTML, no event handler, no link
//! or reference other than a fragment of the file or a relative file of the site, no entity
//! declarations, no animation that rewrites a link or handler, no style that loads something.
//! An SVG opened on its own (a link, a new tab) runs its scripts with the site's origin, and
//! an external reference makes the visitor's browser call another server. Anything the parser
//! cannot read is refused too (fail closed).

use std::borrow::Cow;
use std::sync::LazyLock;

use quick_xml::events::{BytesStart, Event};
use regex::Regex;

use crate::markdown::sanitize;
pub use crate::problem::Hazard;

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|_| unreachable!("fixed pattern"))
}

static ROOT: LazyLock<Regex> = LazyLock::new(|| re(r"(?is)<svg\b[^>]*>"));
static ATTR: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?i)\s(width|height|viewBox)\s*=\s*["']([^"']*)["']"#));
static CSS_URL: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?i)url\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*))"#));

const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";

/// Element names (local, lowercased) whose `attributeName` rewrites another attribute.
const ANIMATIONS: &[&str] = &[
    "animate",
    "set",
    "animatemotion",
    "animatetransform",
    "animatecolor",
];

/// Checks an SVG file's bytes; `Err` names the first hazard found.
pub fn check(bytes: &[u8]) -> Result<(), Hazard> {
    let Ok(text) = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)) else {
        return Err(Hazard::NotText);
    };
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let unparseable = |pos: u64| Hazard::Unparseable {
        line: text
            .get(..(pos as usize).min(text.len()))
            .map_or(1, |t| t.matches('\n').count() + 1),
    };
    let mut depth = 0usize;
    let mut roots = 0usize;
    // Text of the `<style>` element being read, checked when it closes.
    let mut style: Option<String> = None;
    loop {
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(_) => return Err(unparseable(reader.error_position())),
        };
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let is_start = matches!(event, Event::Start(_));
                let name = local(e.local_name().as_ref());
                if depth == 0 {
                    roots += 1;
                    if roots > 1 || name != "svg" {
                        return Err(unparseable(reader.buffer_position()));
                    }
                }
                element(e, &name)
                    .map_err(|h| h.unwrap_or_else(|| unparseable(reader.buffer_position())))?;
                if is_start {
                    depth += 1;
                    if name == "style" {
                        style = Some(String::new());
                    }
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                if local(e.local_name().as_ref()) == "style"
                    && let Some(css) = style.take()
                {
                    check_css(&css)?;
                }
            }
            Event::Text(t) => {
                if let Some(css) = style.as_mut() {
                    let t = t
                        .decode()
                        .map_err(|_| unparseable(reader.buffer_position()))?;
                    css.push_str(&t);
                }
            }
            Event::CData(t) => {
                if let Some(css) = style.as_mut() {
                    let t = t
                        .decode()
                        .map_err(|_| unparseable(reader.buffer_position()))?;
                    css.push_str(&t);
                }
            }
            Event::GeneralRef(r) => {
                let resolved = if r.is_char_ref() {
                    r.resolve_char_ref().ok().flatten().map(String::from)
                } else {
                    r.decode()
                        .ok()
                        .and_then(|n| quick_xml::escape::resolve_predefined_entity(&n))
                        .map(String::from)
                };
                let Some(c) = resolved else {
                    return Err(Hazard::EntityDeclaration);
                };
                if let Some(css) = style.as_mut() {
                    css.push_str(&c);
                }
            }
            Event::DocType(d) => {
                let d = String::from_utf8_lossy(d.as_ref()).to_ascii_uppercase();
                if d.contains("<!ENTITY") && (d.contains("SYSTEM") || d.contains("PUBLIC")) {
                    return Err(Hazard::ExternalEntity);
                }
                if d.contains('[') || d.contains("<!") {
                    return Err(Hazard::EntityDeclaration);
                }
            }
            Event::PI(pi) => {
                let target = String::from_utf8_lossy(pi.target())
                    .chars()
                    .take(40)
                    .collect();
                return Err(Hazard::ProcessingInstruction(target));
            }
            Event::Decl(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
    }
    if roots != 1 || depth != 0 {
        return Err(unparseable(reader.buffer_position()));
    }
    Ok(())
}

/// The local name of an element or attribute, lowercased (`svg:script` → `script`): XML is
/// case-sensitive, but a stricter check costs nothing.
fn local(name: &[u8]) -> String {
    let name = String::from_utf8_lossy(name);
    name.rsplit(':').next().unwrap_or("").to_ascii_lowercase()
}

/// Checks one element and its attributes. `Err(None)`: an attribute could not be read.
fn element(e: &BytesStart, name: &str) -> Result<(), Option<Hazard>> {
    match name {
        "script" | "handler" | "listener" => return Err(Some(Hazard::Script)),
        "foreignobject" | "iframe" | "embed" | "object" => {
            return Err(Some(Hazard::ForeignObject));
        }
        _ => {}
    }
    for attr in e.attributes().with_checks(true) {
        let attr = attr.map_err(|_| None)?;
        let key = String::from_utf8_lossy(attr.key.as_ref()).into_owned();
        let lname = local(key.as_bytes());
        // Undeclared entities fail here: an SVG may use only the predefined ones.
        let value: Cow<str> = attr
            .unescape_value()
            .map_err(|_| Some(Hazard::EntityDeclaration))?;
        if lname.starts_with("on") {
            return Err(Some(Hazard::EventHandler(key)));
        }
        if (key == "xmlns" || key.starts_with("xmlns:")) && value.trim() == XHTML_NS {
            return Err(Some(Hazard::ForeignObject));
        }
        if key == "xml:base" {
            return Err(Some(Hazard::ExternalReference(short(&value))));
        }
        if sanitize::is_script_url(&value) {
            return Err(Some(Hazard::JavascriptUrl));
        }
        if lname == "href" || lname == "src" {
            href(name, &value).map_err(Some)?;
        }
        if lname == "attributename" && ANIMATIONS.contains(&name) {
            let target = local(value.trim().as_bytes());
            if target == "href" || target == "src" || target.starts_with("on") {
                return Err(Some(Hazard::Animation(value.trim().to_string())));
            }
        }
        if lname == "style" {
            check_css(&value).map_err(Some)?;
        } else if value.to_ascii_lowercase().contains("url(") {
            css_urls(&value).map_err(Some)?;
        }
    }
    Ok(())
}

fn short(s: &str) -> String {
    s.chars().take(80).collect()
}

/// A raster picture embedded in the file itself.
fn is_data_image(squeezed: &str) -> bool {
    [
        "data:image/png",
        "data:image/jpeg",
        "data:image/jpg",
        "data:image/gif",
        "data:image/webp",
    ]
    .iter()
    .any(|p| squeezed.starts_with(p))
}

/// A link or reference: a fragment of this file, or (except for `<use>`, which would pull
/// in another file's content) a relative file of the site or an embedded raster picture.
fn href(element: &str, value: &str) -> Result<(), Hazard> {
    let s: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    if s.is_empty() || s.starts_with('#') {
        return Ok(());
    }
    if sanitize::scheme_of(&s).is_some_and(|sc| matches!(sc.as_str(), "javascript" | "vbscript")) {
        return Err(Hazard::JavascriptUrl);
    }
    if element == "use" {
        return Err(Hazard::ExternalReference(short(value)));
    }
    if matches!(element, "image" | "feimage") && is_data_image(&s) {
        return Ok(());
    }
    if sanitize::scheme_of(&s).is_some()
        || s.starts_with("//")
        || s.starts_with("\\\\")
        || s.starts_with("/\\")
        || s.starts_with("\\/")
    {
        return Err(Hazard::ExternalReference(short(value)));
    }
    Ok(())
}

/// Every `url(…)` must name a fragment of this file or an embedded raster picture.
fn css_urls(css: &str) -> Result<(), Hazard> {
    for c in CSS_URL.captures_iter(css) {
        let target = c
            .get(1)
            .or_else(|| c.get(2))
            .or_else(|| c.get(3))
            .map_or("", |m| m.as_str());
        let t: String = target
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if !(t.starts_with('#') || is_data_image(&t)) {
            return Err(if sanitize::is_script_url(target) {
                Hazard::JavascriptUrl
            } else {
                Hazard::ExternalReference(short(target.trim()))
            });
        }
    }
    Ok(())
}

/// A stylesheet or `style` attribute: only local `url(…)`, no `@import`, no escapes that
/// could spell `url(` or `@import` past this check, no `expression(` or bindings.
fn check_css(css: &str) -> Result<(), Hazard> {
    css_urls(css)?;
    let lower = css.to_ascii_lowercase();
    if let Some(i) = lower.find("@import") {
        return Err(Hazard::ExternalReference(short(css[i..].trim())));
    }
    for needle in ["\\", "expression(", "-moz-binding", "behavior"] {
        if lower.contains(needle) {
            return Err(Hazard::UnsafeStyle(needle.to_string()));
        }
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

    const NS: &str =
        r#"xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink""#;

    fn svg(inner: &str) -> Vec<u8> {
        format!(r#"<svg {NS} viewBox="0 0 10 10">{inner}</svg>"#).into_bytes()
    }

    /// SVG payloads that run script, embed HTML or reach another server when published.
    pub(crate) const SVG_PAYLOADS: &[&str] = &[
        r#"<script>alert(1)</script>"#,
        r#"<svg:script xmlns:svg="http://www.w3.org/2000/svg">alert(1)</svg:script>"#,
        r#"<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>"#,
        r#"<foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>"#,
        r#"<g><div xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="alert(1)"/></div></g>"#,
        r#"<rect onclick="alert(1)"/>"#,
        r#"<rect ONMOUSEOVER="alert(1)"/>"#,
        r#"<rect xlink:onclick="alert(1)"/>"#,
        r#"<a href="javascript:alert(1)"><text>x</text></a>"#,
        r#"<a xlink:href="&#106;avascript:alert(1)"><text>x</text></a>"#,
        r#"<a xlink:href="&#x6A;&#x61;&#x76;&#x61;script&#58;alert(1)"><text>x</text></a>"#,
        r#"<a href="java&#9;script:alert(1)"><text>x</text></a>"#,
        r#"<a href="java&#10;script:alert(1)"><text>x</text></a>"#,
        r#"<a href=" &#1;javascript:alert(1)"><text>x</text></a>"#,
        r#"<a foo:href="javascript:alert(1)" xmlns:foo="http://www.w3.org/1999/xlink"><text>x</text></a>"#,
        r#"<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"><text>x</text></a>"#,
        r#"<a href="https://evil.example/"><text>x</text></a>"#,
        r#"<image href="https://evil.example/t.png"/>"#,
        r#"<image xlink:href="//evil.example/t.png"/>"#,
        r#"<use href="other.svg#x"/>"#,
        r#"<use xlink:href="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=#x"/>"#,
        r#"<animate attributeName="href" to="javascript:alert(1)" begin="0s"/>"#,
        r#"<a><set attributeName="xlink:href" to="https://evil.example/"/><text>x</text></a>"#,
        r#"<set attributeName="onmouseover" to="alert(1)"/>"#,
        r#"<style>@import url(https://evil.example/x.css);</style>"#,
        r#"<style>@import "x.css";</style>"#,
        r#"<style>rect { fill: url(https://evil.example/p.svg#g) }</style>"#,
        r#"<style><![CDATA[ rect { background: url('//evil.example/p') } ]]></style>"#,
        r#"<style>&#64;import 'x.css';</style>"#,
        r#"<style>rect { fill: u\72l(https://evil.example/) }</style>"#,
        r#"<rect style="fill:url(https://evil.example/#g)"/>"#,
        r#"<rect fill="url(https://evil.example/#g)"/>"#,
        r#"<rect filter="url(javascript:alert(1))"/>"#,
        r#"<g xml:base="https://evil.example/"><image href="t.png"/></g>"#,
        r#"<iframe src="https://evil.example/"/>"#,
        r#"<handler type="application/ecmascript">alert(1)</handler>"#,
        r#"<feImage href="https://evil.example/t.png"/>"#,
    ];

    #[test]
    fn svg_payloads_are_refused() {
        for p in SVG_PAYLOADS {
            let r = check(&svg(p));
            assert!(r.is_err(), "{p} passed");
        }
        for (doc, want) in [
            (
                r#"<?xml version="1.0"?><?xml-stylesheet href="https://evil.example/x.css"?><svg/>"#,
                Hazard::ProcessingInstruction("xml-stylesheet".into()),
            ),
            (
                r#"<!DOCTYPE svg [<!ENTITY js "javascript:alert(1)">]><svg><a href="&js;"/></svg>"#,
                Hazard::EntityDeclaration,
            ),
            (
                r#"<!DOCTYPE svg [<!ENTITY x PUBLIC "-//x" "https://evil.example/x">]><svg/>"#,
                Hazard::ExternalEntity,
            ),
            (
                r#"<svg><a href="&undeclared;"/></svg>"#,
                Hazard::EntityDeclaration,
            ),
            (
                r#"<svg><text>&undeclared;</text></svg>"#,
                Hazard::EntityDeclaration,
            ),
            (r#"<svg><g></svg>"#, Hazard::Unparseable { line: 1 }),
            ("<svg>\n<rect>\n</svg>", Hazard::Unparseable { line: 3 }),
            (r#"<svg></svg><svg></svg>"#, Hazard::Unparseable { line: 1 }),
            (r#"<html><body/></html>"#, Hazard::Unparseable { line: 1 }),
            ("", Hazard::Unparseable { line: 1 }),
            (
                r#"<svg><rect a="1" a="2"/></svg>"#,
                Hazard::Unparseable { line: 1 },
            ),
            (r#"<svg><rect width="1""#, Hazard::Unparseable { line: 1 }),
        ] {
            assert_eq!(check(doc.as_bytes()), Err(want), "{doc}");
        }
    }

    #[test]
    fn ordinary_drawings_pass() {
        for ok in [
            r##"<defs><linearGradient id="g"><stop offset="0"/></linearGradient><symbol id="s"><rect/></symbol></defs><rect fill="url(#g)" style="stroke:#c00;fill:url('#g')"/><use href="#s"/>"##,
            r##"<a href="../../articles/x/"><text>站内</text></a><a href="#top"><text>&amp;&lt;&#x4E2D;</text></a>"##,
            r##"<image href="logo.png" width="5" height="5"/><image xlink:href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>"##,
            r##"<style>.a { fill: #c00; } text { font-family: "Noto Sans CJK SC"; }</style><text class="a">双拥</text>"##,
            r##"<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata><!-- 注释 -->"##,
            r##"<animate attributeName="opacity" from="0" to="1" dur="1s"/>"##,
        ] {
            assert_eq!(check(&svg(ok)), Ok(()), "{ok}");
        }
        let exported = br#"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10"/></svg>
"#;
        assert_eq!(check(exported), Ok(()));
        assert_eq!(check(b"\xEF\xBB\xBF<svg/>"), Ok(()));
    }
}

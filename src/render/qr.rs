//! The QR code of a page's address, shown under an article so that a reader at a desktop can
//! open the page on a phone or pass it on in WeChat. Drawn at build time as inline SVG by the
//! `qrcode` crate (SPEC: no outside service, nothing loaded from elsewhere).

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// An inline `<svg>` of the QR code of `url`, labelled for screen readers with `label`, or
/// `None` when the address is too long for a QR code.
pub fn qr_svg(url: &str, label: &str) -> Option<String> {
    // Level M (15 % recovery): a printed page with a crease still scans.
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    let drawn = code
        .render::<svg::Color<'_>>()
        .quiet_zone(true)
        .module_dimensions(1, 1)
        .dark_color(svg::Color("#000"))
        .light_color(svg::Color("#fff"))
        .build();
    // The renderer writes a standalone file (an XML declaration, fixed width and height); inline
    // in HTML it needs neither, and it scales with the box the theme gives it.
    let start = drawn.find("<svg")?;
    let svg = &drawn[start..];
    let open_end = svg.find('>')?;
    let view_box = attr(&svg[..open_end], "viewBox")?;
    let label = crate::markdown::sanitize::escape_attr(label);
    Some(format!(
        r#"<svg class="qr-code" xmlns="http://www.w3.org/2000/svg" viewBox="{view_box}" shape-rendering="crispEdges" role="img" aria-label="{label}">{}"#,
        &svg[open_end + 1..]
    ))
}

/// The value of attribute `name` in a start tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[at..].find('"')?;
    Some(&tag[at..at + len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_an_inline_labelled_svg() {
        let svg = qr_svg("https://sy.example.gov.cn/articles/a/", "本页二维码").unwrap();
        assert!(svg.starts_with(r#"<svg class="qr-code""#), "{svg}");
        assert!(svg.contains(r#"aria-label="本页二维码""#));
        assert!(svg.contains("viewBox=\"0 0 "), "{svg}");
        assert!(svg.contains("<path"), "{svg}");
        assert!(svg.ends_with("</svg>"), "{svg}");
        assert!(!svg.contains("<?xml"));
        // Too long for any QR code: no code rather than a broken one.
        assert!(qr_svg(&"x".repeat(5000), "长").is_none());
    }
}

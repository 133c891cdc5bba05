//! The QR code of a page's address, shown under an article so that a reader at a desktop can
//! open the page on a phone or pass it on in WeChat. Encoded at build time by the `qrcode`
//! crate (SPEC: no outside service, nothing loaded from elsewhere) and drawn as inline SVG.
//!
//! Every article page carries one, so it must be cheap: the crate's `QrCode::new` tries all
//! eight mask patterns and scores each (about 1 ms a code, 10 s of CPU on a 10,000-article
//! site), so the code is assembled from the crate's own steps with one fixed mask instead
//! (16 µs). Any mask gives a valid code; the scoring only makes rare unlucky patterns easier to
//! scan, and `tests/article_footer.rs` scans the result from a real browser's screenshot.

use qrcode::bits::encode_auto;
use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::ec::construct_codewords;
use qrcode::{Color, EcLevel};

/// Modules of light margin around the code, as the standard asks.
const QUIET_ZONE: usize = 4;

/// An inline `<svg>` of the QR code of `url`, labelled for screen readers with `label`, or
/// `None` when the address is too long for a QR code.
pub fn qr_svg(url: &str, label: &str) -> Option<String> {
    let (modules, width) = encode(url)?;
    let size = width + 2 * QUIET_ZONE;
    let label = crate::markdown::sanitize::escape_attr(label);
    let mut svg = format!(
        r##"<svg class="qr-code" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges" role="img" aria-label="{label}"><rect width="{size}" height="{size}" fill="#fff"/><path fill="#000" d=""##
    );
    // One sub-path per run of dark modules in a row: far fewer than one per module.
    for (y, row) in modules.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] == Color::Dark {
                let run = row[x..].iter().take_while(|&&c| c == Color::Dark).count();
                for (part, n) in [
                    ("M", x + QUIET_ZONE),
                    (" ", y + QUIET_ZONE),
                    ("h", run),
                    ("v1h-", run),
                ] {
                    svg.push_str(part);
                    push_number(&mut svg, n);
                }
                svg.push('z');
                x += run;
            } else {
                x += 1;
            }
        }
    }
    svg.push_str(r#""/></svg>"#);
    Some(svg)
}

/// Appends `n` in decimal. A code has a few hundred runs and every article page one code, so
/// this skips the formatting machinery (`write!` was a third of the drawing's cost).
fn push_number(out: &mut String, n: usize) {
    if n >= 10 {
        push_number(out, n / 10);
    }
    // A digit: always an ASCII character.
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// The modules of the smallest QR code of `data` at level M (15 % recovery: a printed page
/// with a crease still scans), row by row, and the width in modules.
fn encode(data: &str) -> Option<(Vec<Color>, usize)> {
    let ec_level = EcLevel::M;
    let bits = encode_auto(data.as_bytes(), ec_level).ok()?;
    let version = bits.version();
    let bytes = bits.into_bytes();
    let (codewords, ec) = construct_codewords(&bytes, version, ec_level).ok()?;
    let mut canvas = Canvas::new(version, ec_level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&codewords, &ec);
    canvas.apply_mask(MaskPattern::Checkerboard);
    let width = usize::try_from(version.width()).ok()?;
    Some((canvas.into_colors(), width))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_an_inline_labelled_svg() {
        let svg = qr_svg("https://sy.example.gov.cn/articles/a/", "本页二维码").unwrap();
        assert!(svg.starts_with(r#"<svg class="qr-code""#), "{svg}");
        assert!(svg.contains(r#"aria-label="本页二维码""#));
        // Version 3 (29 modules) for this address, plus the quiet zone on both sides.
        assert!(svg.contains(r#"viewBox="0 0 37 37""#), "{svg}");
        assert!(
            svg.contains(r##"<path fill="#000" d="M4 4h7v1h-7z"##),
            "{svg}"
        );
        assert!(svg.ends_with(r#""/></svg>"#), "{svg}");
        let mut n = String::new();
        for k in [0, 7, 10, 45, 177] {
            push_number(&mut n, k);
            n.push(',');
        }
        assert_eq!(n, "0,7,10,45,177,");
        // Too long for any QR code: no code rather than a broken one.
        assert!(qr_svg(&"x".repeat(5000), "长").is_none());
    }

    #[test]
    fn the_modules_are_the_crates_own_code_with_the_fixed_mask() {
        // The crate's full encoder may pick another mask, so compare everything the mask does
        // not touch: the size, and the three finder patterns (7 × 7 in the corners).
        let url = "https://sy.example.gov.cn/articles/2026-05-bingmama-zuotanhui/";
        let (ours, width) = encode(url).unwrap();
        let theirs = qrcode::QrCode::with_error_correction_level(url, EcLevel::M).unwrap();
        assert_eq!(width, theirs.width());
        let theirs = theirs.to_colors();
        for (x0, y0) in [(0, 0), (width - 7, 0), (0, width - 7)] {
            for y in y0..y0 + 7 {
                for x in x0..x0 + 7 {
                    assert_eq!(ours[y * width + x], theirs[y * width + x], "({x}, {y})");
                }
            }
        }
    }
}

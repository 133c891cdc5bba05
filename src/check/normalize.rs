//! NFKC normalisation with an offset map back to the original text, and small character helpers
//! shared by the lints.
//!
//! The privacy lint matches on normalised text so that full-width digits (`１３８…`), full-width
//! punctuation (`，：＋－`) and the ideographic space behave like their ASCII forms. Every
//! character is normalised on its own (NFKC per character): that is exactly NFKC for everything
//! the rules look at, and it keeps the map from normalised to original offsets simple. When no
//! character changes, the original text is borrowed and nothing is allocated.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

/// One original character whose normalised form differs from it.
#[derive(Debug, Clone, Copy)]
struct Seg {
    /// Start of the replacement in the normalised text.
    n: usize,
    /// Byte length of the replacement.
    n_len: usize,
    /// Start of the original character.
    o: usize,
    /// Byte length of the original character.
    o_len: usize,
}

/// NFKC-normalised text plus the map back to the original byte offsets.
#[derive(Debug)]
pub(crate) struct Normalized<'a> {
    orig: &'a str,
    text: Cow<'a, str>,
    /// Changed characters, sorted by `n` (and by `o`).
    segs: Vec<Seg>,
}

/// Characters known to be unchanged by NFKC (fast path, no table lookup).
fn is_stable(c: char) -> bool {
    let u = c as u32;
    u < 0x80
        || (0x4E00..=0x9FFF).contains(&u)
        || (0x3400..=0x4DBF).contains(&u)
        || matches!(u, 0x3001..=0x3003 | 0x3005..=0x3007 | 0x3008..=0x3011 | 0x3014..=0x301F)
        || matches!(
            u,
            0x2014 | 0x2018..=0x201D | 0x00B7 | 0x00B0 | 0x2032 | 0x00D7
        )
}

/// Appends the NFKC form of `c` to `out`; returns whether it differs from `c`.
fn push_nfkc(c: char, out: &mut String) -> bool {
    let u = c as u32;
    if is_stable(c) {
        out.push(c);
        return false;
    }
    // Full-width ASCII variants map to ASCII; the ideographic space to a space.
    if (0xFF01..=0xFF5E).contains(&u)
        && let Some(a) = char::from_u32(u - 0xFEE0)
    {
        out.push(a);
        return true;
    }
    if u == 0x3000 {
        out.push(' ');
        return true;
    }
    let start = out.len();
    out.extend(std::iter::once(c).nfkc());
    let same = out.len() - start == c.len_utf8() && out[start..].starts_with(c);
    !same
}

/// The characters of `s` that the fast path cannot prove stable, with their byte offsets.
/// ASCII and U+4000–U+9FFF (lead bytes E4–E9: CJK ideographs, extension A, hexagrams) are
/// skipped by looking at the lead byte only.
fn unstable_chars(s: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let b = s.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            let x = b[i];
            if x < 0x80 {
                i += 1;
            } else if (0xE4..=0xE9).contains(&x) {
                i += 3;
            } else {
                let c = s.get(i..)?.chars().next()?;
                let at = i;
                i += c.len_utf8();
                if !is_stable(c) {
                    return Some((at, c));
                }
            }
        }
        None
    })
}

/// Whether NFKC changes `c`.
fn changes(c: char) -> bool {
    if is_stable(c) {
        return false;
    }
    let u = c as u32;
    if (0xFF01..=0xFF5E).contains(&u) || u == 0x3000 {
        return true;
    }
    let mut it = std::iter::once(c).nfkc();
    !(it.next() == Some(c) && it.next().is_none())
}

impl<'a> Normalized<'a> {
    /// Normalises `orig`. Borrows it when nothing changes.
    pub(crate) fn new(orig: &'a str) -> Self {
        let first = unstable_chars(orig)
            .find(|&(_, c)| changes(c))
            .map(|(i, _)| i);
        let Some(first) = first else {
            return Normalized {
                orig,
                text: Cow::Borrowed(orig),
                segs: Vec::new(),
            };
        };
        let mut text = String::with_capacity(orig.len() + 16);
        let mut segs = Vec::new();
        // Unchanged stretches are copied in bulk.
        let mut copied = 0;
        for (o, c) in unstable_chars(orig).skip_while(|&(i, _)| i < first) {
            text.push_str(&orig[copied..o]);
            copied = o + c.len_utf8();
            let n = text.len();
            if push_nfkc(c, &mut text) {
                segs.push(Seg {
                    n,
                    n_len: text.len() - n,
                    o,
                    o_len: c.len_utf8(),
                });
            }
        }
        text.push_str(&orig[copied..]);
        Normalized {
            orig,
            text: Cow::Owned(text),
            segs,
        }
    }

    /// The normalised text.
    pub(crate) fn as_str(&self) -> &str {
        &self.text
    }

    /// Maps a start offset in the normalised text to the original text. An offset inside the
    /// replacement of one character maps to that character's start.
    pub(crate) fn orig_start(&self, n: usize) -> usize {
        let idx = self.segs.partition_point(|s| s.n <= n);
        let o = match idx.checked_sub(1).and_then(|i| self.segs.get(i)) {
            None => n,
            Some(s) if n < s.n + s.n_len => s.o,
            Some(s) => s.o + s.o_len + (n - (s.n + s.n_len)),
        };
        floor_boundary(self.orig, o)
    }

    /// Maps an end offset (exclusive) in the normalised text to the original text. An offset
    /// inside the replacement of one character maps to that character's end.
    pub(crate) fn orig_end(&self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        let p = n - 1;
        let idx = self.segs.partition_point(|s| s.n <= p);
        let o = match idx.checked_sub(1).and_then(|i| self.segs.get(i)) {
            None => n,
            Some(s) if p < s.n + s.n_len => s.o + s.o_len,
            Some(s) => s.o + s.o_len + (n - (s.n + s.n_len)),
        };
        ceil_boundary(self.orig, o)
    }
}

/// The largest char boundary of `s` that is `<= i`.
pub(crate) fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary of `s` that is `>= i`.
pub(crate) fn ceil_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The character before byte offset `i` (None at the start or off a char boundary).
pub(crate) fn char_before(s: &str, i: usize) -> Option<char> {
    s.get(..i).and_then(|p| p.chars().next_back())
}

/// The character at byte offset `i` (None at the end or off a char boundary).
pub(crate) fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|p| p.chars().next())
}

/// The part of `s` from `n` characters before `start` to `n` characters after `end`.
pub(crate) fn window(s: &str, start: usize, end: usize, n: usize) -> &str {
    let start = floor_boundary(s, start);
    let end = ceil_boundary(s, end.max(start));
    let ws = s[..start]
        .char_indices()
        .rev()
        .take(n)
        .last()
        .map_or(start, |(i, _)| i);
    let we = s[end..]
        .char_indices()
        .nth(n)
        .map_or(s.len(), |(i, _)| end + i);
    &s[ws..we]
}

// ---------------------------------------------------------------------------------------------
// What readers see.

/// Whether `c` is invisible when rendered: a format character (Unicode category Cf: zero-width
/// spaces and joiners, soft hyphen, direction marks, BOM, tags …) or a variation selector.
/// Such characters can sit inside a number without the reader noticing.
pub(crate) fn is_invisible(c: char) -> bool {
    let u = c as u32;
    // ASCII and the CJK blocks (most of what is scanned) hold none: answered in two comparisons.
    if u < 0xAD || (0x2070..0xFE00).contains(&u) {
        return false;
    }
    matches!(u,
        0x00AD
        | 0x034F
        | 0x0600..=0x0605
        | 0x061C
        | 0x06DD
        | 0x070F
        | 0x08E2
        | 0x180B..=0x180F
        | 0x200B..=0x200F
        | 0x202A..=0x202E
        | 0x2060..=0x2064
        | 0x2066..=0x206F
        | 0xFE00..=0xFE0F
        | 0xFEFF
        | 0xFFF9..=0xFFFB
        | 0x110BD
        | 0x110CD
        | 0x13430..=0x1343F
        | 0x1BCA0..=0x1BCA3
        | 0x1D173..=0x1D17A
        | 0xE0001
        | 0xE0020..=0xE007F
        | 0xE0100..=0xE01EF)
}

/// `s` without its invisible characters (see [`is_invisible`]); borrowed when it has none.
/// Only characters of 2 or more UTF-8 bytes can be invisible, so ASCII text is never copied.
pub(crate) fn strip_invisible(s: &str) -> Cow<'_, str> {
    if s.is_ascii() || !s.chars().any(is_invisible) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().filter(|&c| !is_invisible(c)).collect())
}

/// Elements that start a new line of text for the reader; every other tag joins the text on
/// both sides (`1101<strong>05</strong>1990…` reads as one number).
fn is_block_tag(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "br"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "blockquote"
            | "pre"
            | "hr"
            | "figure"
            | "figcaption"
            | "section"
            | "article"
            | "aside"
            | "header"
            | "footer"
            | "nav"
            | "details"
            | "summary"
            | "address"
            | "img"
            | "video"
            | "audio"
            | "iframe"
            | "object"
            | "script"
            | "style"
            | "textarea"
            | "select"
            | "option"
            | "button"
            | "input"
    )
}

/// A named character reference (without `&` and `;`) that matters for reading numbers and text.
fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ensp" | "emsp" | "thinsp" => ' ',
        "shy" => '\u{AD}',
        "zwsp" => '\u{200B}',
        "zwj" => '\u{200D}',
        "zwnj" => '\u{200C}',
        "lrm" => '\u{200E}',
        "rlm" => '\u{200F}',
        "NoBreak" => '\u{2060}',
        "period" => '.',
        "comma" => ',',
        "colon" => ':',
        "semi" => ';',
        "equals" => '=',
        "minus" | "hyphen" | "dash" => '-',
        "plus" => '+',
        "num" => '#',
        "deg" => '°',
        "prime" => '′',
        "Prime" => '″',
        "middot" | "centerdot" => '·',
        "ndash" => '–',
        "mdash" => '—',
        "sol" => '/',
        "lpar" => '(',
        "rpar" => ')',
        "ast" => '*',
        "lowbar" => '_',
        _ => return None,
    })
}

/// Decodes the character reference at the start of `s` (which starts with `&`): the character
/// and the bytes it used. Like browsers, a numeric reference needs no final `;`.
pub(crate) fn decode_reference(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    if b.get(1) == Some(&b'#') {
        let (hex, start) = match b.get(2) {
            Some(b'x' | b'X') => (true, 3),
            _ => (false, 2),
        };
        let mut end = start;
        while end < b.len()
            && end - start < 8
            && (if hex {
                b[end].is_ascii_hexdigit()
            } else {
                b[end].is_ascii_digit()
            })
        {
            end += 1;
        }
        if end == start {
            return None;
        }
        let v = u32::from_str_radix(s.get(start..end)?, if hex { 16 } else { 10 }).ok()?;
        let c = char::from_u32(v).unwrap_or('\u{FFFD}');
        let used = if b.get(end) == Some(&b';') {
            end + 1
        } else {
            end
        };
        return Some((c, used));
    }
    let end = s
        .get(1..)?
        .bytes()
        .take(32)
        .position(|x| !x.is_ascii_alphanumeric())?
        + 1;
    if b.get(end) != Some(&b';') {
        return None;
    }
    named_entity(s.get(1..end)?).map(|c| (c, end + 1))
}

/// Appends `text` (HTML text or an attribute value) as the reader sees it: references decoded,
/// invisible characters dropped, and, outside `<pre>`, line breaks joined (a soft line break
/// inside a Chinese paragraph shows as nothing).
fn push_text(out: &mut String, text: &str, keep_newlines: bool) {
    let mut rest = text;
    while let Some(i) = rest.find(['&', '\n', '\r']) {
        push_visible(out, &rest[..i]);
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix('&') {
            match decode_reference(tail) {
                Some((c, used)) => {
                    if !is_invisible(c) {
                        out.push(c);
                    }
                    rest = &tail[used..];
                }
                None => {
                    out.push('&');
                    rest = after;
                }
            }
        } else {
            if keep_newlines && tail.starts_with('\n') {
                out.push('\n');
            }
            rest = &tail[1..];
        }
    }
    push_visible(out, rest);
}

fn push_visible(out: &mut String, s: &str) {
    match strip_invisible(s) {
        Cow::Borrowed(b) => out.push_str(b),
        Cow::Owned(o) => out.push_str(&o),
    }
}

fn newline(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// Attributes whose values a reader sees or follows: alt text, titles, link and media targets.
const READER_ATTRS: &[&str] = &[
    "alt", "title", "href", "src", "poster", "summary", "content",
];

/// The text a reader sees in `html` (the well-formed HTML that comrak and the sanitizer
/// produce): tags removed, inline elements joined, block elements on lines of their own,
/// character references decoded, invisible characters removed, soft line breaks joined. The
/// values of reader-facing attributes (alt, title, href, src …) follow, one per line.
///
/// This is the single normalisation of rendered text that the privacy gate scans (NFKC is
/// applied by the scan itself). A hand-written pass, not an HTML parser: it runs on every page.
pub(crate) fn reader_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut attrs = String::new();
    let mut pre = 0usize;
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        push_text(&mut out, &rest[..i], pre > 0);
        let tail = &rest[i..];
        if let Some(c) = tail.strip_prefix("<!--") {
            rest = c.find("-->").map_or("", |j| &c[j + 3..]);
            continue;
        }
        let Some(end) = tag_end(tail) else {
            // A lone `<` is text.
            out.push('<');
            rest = &tail[1..];
            continue;
        };
        let tag = &tail[1..end];
        rest = &tail[end + 1..];
        let closing = tag.starts_with('/');
        let body = tag.trim_start_matches(['/', '!', '?']);
        let name_len = body
            .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
            .unwrap_or(body.len());
        let name = body[..name_len].to_ascii_lowercase();
        if name == "pre" || name == "textarea" {
            if closing {
                pre = pre.saturating_sub(1);
            } else {
                pre += 1;
            }
        }
        if is_block_tag(&name) {
            newline(&mut out);
        }
        if !closing && body.len() > name_len {
            attr_values(&body[name_len..], &mut attrs);
        }
    }
    push_text(&mut out, rest, pre > 0);
    if !attrs.is_empty() {
        newline(&mut out);
        out.push_str(&attrs);
    }
    out
}

/// The index of the `>` that ends the tag starting at `s[0] == '<'`, skipping quoted values.
fn tag_end(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if !b
        .get(1)
        .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, b'/' | b'!' | b'?'))
    {
        return None;
    }
    let mut quote = None;
    for (i, &c) in b.iter().enumerate().skip(1) {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None if c == b'>' => return Some(i),
            None => {}
        }
    }
    None
}

/// Appends the decoded values of [`READER_ATTRS`] in the attribute part of a tag, one per line.
fn attr_values(mut s: &str, out: &mut String) {
    loop {
        s = s.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if s.is_empty() {
            return;
        }
        let name_end = s
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/')
            .unwrap_or(s.len());
        let name = &s[..name_end];
        s = s[name_end..].trim_start();
        let Some(v) = s.strip_prefix('=') else {
            if name_end == 0 {
                s = s.get(1..).unwrap_or("");
            }
            continue;
        };
        let v = v.trim_start();
        let (value, next) = match v.as_bytes().first() {
            Some(&q @ (b'"' | b'\'')) => {
                let body = &v[1..];
                let j = body.find(q as char).unwrap_or(body.len());
                (&body[..j], body.get(j + 1..).unwrap_or(""))
            }
            _ => {
                let j = v.find(|c: char| c.is_ascii_whitespace()).unwrap_or(v.len());
                (&v[..j], &v[j..])
            }
        };
        if READER_ATTRS.iter().any(|a| name.eq_ignore_ascii_case(a)) && !value.is_empty() {
            push_text(out, value, false);
            out.push('\n');
        }
        s = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrows_when_unchanged() {
        for s in ["", "abc 123", "双拥工作、拥军优属。", "“某部”——2026年"] {
            let n = Normalized::new(s);
            assert!(matches!(n.text, Cow::Borrowed(_)), "{s}");
            assert_eq!(n.as_str(), s);
            assert_eq!(n.orig_start(s.len()), s.len());
        }
    }

    #[test]
    fn maps_full_width_digits_back() {
        let s = "电话：１３８１２３４５６７８。";
        let n = Normalized::new(s);
        assert_eq!(n.as_str(), "电话:13812345678。");
        let ns = n.as_str().find('1').unwrap();
        let ne = ns + 11;
        let (os, oe) = (n.orig_start(ns), n.orig_end(ne));
        assert_eq!(&s[os..oe], "１３８１２３４５６７８");
        // After the last change, offsets shift by a constant.
        let dot = n.as_str().find('。').unwrap();
        assert_eq!(&s[n.orig_start(dot)..n.orig_end(dot + 3)], "。");
    }

    #[test]
    fn expansions_map_to_whole_char() {
        // ㍱ (U+3371) expands to "hPa"; ① to "1"; the ideographic space to " ".
        let s = "a㍱b①\u{3000}c";
        let n = Normalized::new(s);
        assert_eq!(n.as_str(), "ahPab1 c");
        let p = n.as_str().find('P').unwrap();
        assert_eq!(&s[n.orig_start(p)..n.orig_end(p + 1)], "㍱");
        let one = n.as_str().find('1').unwrap();
        assert_eq!(&s[n.orig_start(one)..n.orig_end(one + 1)], "①");
        assert_eq!(n.orig_end(n.as_str().len()), s.len());
    }

    #[test]
    fn window_and_neighbours() {
        let s = "甲乙丙123丁戊己";
        let d = s.find('1').unwrap();
        assert_eq!(window(s, d, d + 3, 2), "乙丙123丁戊");
        assert_eq!(window(s, d, d + 3, 100), s);
        assert_eq!(char_before(s, d), Some('丙'));
        assert_eq!(char_at(s, d + 3), Some('丁'));
        assert_eq!(char_before(s, 1), None);
        assert!(
            crate::text::is_han('綦') && !crate::text::is_han('，') && !crate::text::is_han('a')
        );
    }

    #[test]
    fn reader_text_joins_inline_and_decodes() {
        let cases: &[(&str, &str)] = &[
            ("<p>1101<strong>05</strong>1990</p>", "1101051990\n"),
            ("<p>&#49;&#x33;8&amp;</p>", "138&\n"),
            ("<p>138\u{200B}1234\u{AD}5678</p>", "13812345678\n"),
            (
                "<p>138\n1234\n5678</p>\n<p>下一段</p>",
                "13812345678\n下一段\n",
            ),
            ("<pre><code>a\nb</code></pre>", "a\nb\n"),
            ("<p>a<!-- 13812345678 -->b</p>", "ab\n"),
            ("<p>x &lt; y &unknown; &#1</p>", "x < y &unknown; \u{1}\n"),
            ("<ul><li>甲</li><li>乙</li></ul>", "甲\n乙\n"),
            ("1 < 2", "1 < 2"),
            (
                "<p>6123<span\nclass=\"x\">4</span>部 队</p>",
                "61234部 队\n",
            ),
        ];
        for (html, want) in cases {
            assert_eq!(reader_text(html), *want, "{html}");
        }
    }

    #[test]
    fn reader_text_keeps_attribute_values() {
        let t = reader_text(
            "<p><a href=\"https://m.example/map?lat&#61;29.0&amp;lon=106.6\" title='电话'>地图</a>\
             <img src=a.png alt=\"手机&#x31;38\"></p>",
        );
        assert!(t.starts_with("地图\n"), "{t}");
        assert!(
            t.contains("https://m.example/map?lat=29.0&lon=106.6\n"),
            "{t}"
        );
        assert!(t.contains("电话\n") && t.contains("手机138\n"), "{t}");
    }

    #[test]
    fn reader_text_never_panics_on_broken_html() {
        for s in [
            "<",
            "<p",
            "<a href=\"",
            "&#",
            "&#x;",
            "&#99999999999;",
            "<!--",
            "</",
            "<p \u{200B}>x",
            "&#x110000;",
        ] {
            let _ = reader_text(s);
        }
        assert_eq!(strip_invisible("a\u{200B}b\u{FEFF}c\u{2063}"), "abc");
        assert!(matches!(strip_invisible("双拥 123"), Cow::Borrowed(_)));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// Hostile HTML-ish input: no panic, no invisible character left, and a number split by
        /// any mix of inline tags, invisible characters and references reads as one run.
        #[test]
        fn reader_text_is_total_and_joins(
            s in "[<>&#;xX=\"' /a-z0-9\u{200B}\u{AD}\u{FEFF}\n中]{0,64}",
            seps in proptest::collection::vec(0usize..5, 10),
        ) {
            let t = reader_text(&s);
            proptest::prop_assert!(!t.chars().any(is_invisible));
            let pieces = ["<b>", "</b>", "\u{200B}", "&shy;", "<span class=\"x\">"];
            let mut html = String::from("<p>1");
            for (d, k) in "3912345678".chars().zip(&seps) {
                html.push_str(pieces[*k]);
                html.push(d);
            }
            html.push_str("</p>");
            proptest::prop_assert_eq!(reader_text(&html), "13912345678\n");
        }
    }
}

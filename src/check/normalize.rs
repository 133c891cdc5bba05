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

/// The number of days in month `m` (1–12) of year `y` (0 for an invalid month).
pub(crate) fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Whether `c` is a Chinese (Han) character.
pub(crate) fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF
        | 0x3400..=0x4DBF
        | 0x3007
        | 0xF900..=0xFAFF
        | 0x20000..=0x2EBEF
        | 0x30000..=0x3134F)
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
        assert!(is_han('綦') && !is_han('，') && !is_han('a'));
    }
}

//! Turns file bytes into text: UTF-8 (with or without BOM), UTF-16 with BOM, and GBK/GB18030.
//! Windows editors still save Chinese text as GBK; we read it and say so.
//!
//! The rule fails closed: a file is read in exactly one encoding, or not at all.
//!
//! 1. A BOM decides the encoding (UTF-8, UTF-16LE/BE). Any malformed sequence after it is an
//!    error at its line and column.
//! 2. Without a BOM, valid UTF-8 is UTF-8.
//! 3. Otherwise we count the non-ASCII bytes that form valid three- or four-byte UTF-8
//!    characters (every Chinese character in UTF-8 is one). GBK text only forms such characters
//!    by accident (a few percent of its bytes); when more than
//!    [`UTF8_SHARE_PERCENT`] percent of the non-ASCII bytes are valid UTF-8, the file is UTF-8
//!    with stray bytes — typically a fragment pasted from a GBK document — and it is an error
//!    naming the first bad byte. Guessing GBK there would garble every UTF-8 Chinese key
//!    (`公开: internal`, `草稿: 是`) into an unknown key and publish what they guarded.
//! 4. A file that is not mostly UTF-8 is legacy Chinese text: GB18030 (a superset of GBK), or
//!    Big5 when the detector is sure. It must decode without a single malformed sequence;
//!    a stray undecodable byte is an error at its line and column too, never replaced.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{DecoderResult, Encoding, GB18030, UTF_8};

/// Above this share (in percent) of non-ASCII bytes forming valid UTF-8 characters, a file
/// that is not wholly valid UTF-8 is treated as broken UTF-8, not as GBK.
pub const UTF8_SHARE_PERCENT: usize = 20;

/// Decoded text and how it was encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, BOM removed. Line endings are kept as they were.
    pub text: String,
    /// `Some("GB18030")` etc. when the file was not UTF-8; used for a warning.
    pub legacy_encoding: Option<&'static str>,
}

/// Why bytes could not be decoded, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undecodable {
    /// The encoding the file was read as (`UTF-8`, `UTF-16LE`, `GBK/GB18030` …).
    pub encoding: &'static str,
    /// The first malformed bytes (at most four).
    pub bytes: Vec<u8>,
    /// The file decoded with replacement characters, BOM removed: only for showing the line.
    pub lossy: String,
    /// Where the first malformed sequence is in `lossy` (its replacement character).
    pub span: std::ops::Range<usize>,
}

impl Undecodable {
    /// The bad bytes as `0xB9 0x41`, for messages.
    pub fn bytes_hex(&self) -> String {
        self.bytes
            .iter()
            .map(|b| format!("0x{b:02X}"))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl Undecodable {
    /// The error for the user, at the first bad byte of `file` (the path shown).
    pub fn diagnostic(&self, file: &std::path::Path) -> crate::diagnostic::Diagnostic {
        let loc = if self.lossy.is_empty() && self.span.is_empty() {
            crate::diagnostic::Location::file_only(file)
        } else {
            crate::diagnostic::Location::from_offsets(file, &self.lossy, self.span.clone())
        };
        crate::diagnostic::Diagnostic::error(
            crate::problem::Problem::Undecodable {
                encoding: self.encoding.to_string(),
                bytes: self.bytes_hex(),
            },
            loc,
        )
    }
}

fn label(enc: &'static Encoding) -> &'static str {
    if enc == GB18030 {
        "GBK/GB18030"
    } else {
        enc.name()
    }
}

/// Decodes `bytes` (BOM already removed) strictly in `enc`.
fn strict(enc: &'static Encoding, bytes: &[u8]) -> Result<String, Undecodable> {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let cap = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(3));
    let mut out = String::with_capacity(cap);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        DecoderResult::InputEmpty => Ok(out),
        DecoderResult::Malformed(bad, after) => {
            let bad = usize::from(bad);
            let start = read.saturating_sub(usize::from(after) + bad);
            let end = (start + bad.max(1)).min(bytes.len());
            // Everything before the bad bytes decoded cleanly, so the prefix of the lossy text
            // up to `out.len()` is exactly `out`: the replacement character sits there.
            let (lossy, _) = enc.decode_without_bom_handling(bytes);
            let at = out.len().min(lossy.len());
            let width = lossy[at..].chars().next().map_or(0, char::len_utf8);
            Err(Undecodable {
                encoding: label(enc),
                bytes: bytes[start..end].iter().take(4).copied().collect(),
                lossy: lossy.into_owned(),
                span: at..at + width,
            })
        }
        // Cannot happen with a buffer of the maximum length; refuse rather than guess.
        DecoderResult::OutputFull => Err(Undecodable {
            encoding: label(enc),
            bytes: Vec::new(),
            lossy: out,
            span: 0..0,
        }),
    }
}

/// Bytes in valid UTF-8 characters of three or four bytes (all of CJK), and all non-ASCII
/// bytes. Two-byte characters are not counted: most GBK pairs (lead 0xC2–0xDF, trail
/// 0x80–0xBF) happen to be valid two-byte UTF-8.
fn utf8_share(bytes: &[u8]) -> (usize, usize) {
    let mut wide = 0;
    let mut non_ascii = 0;
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            let n = c.len_utf8();
            if n > 1 {
                non_ascii += n;
            }
            if n >= 3 {
                wide += n;
            }
        }
        // Invalid bytes are all non-ASCII (ASCII is always valid).
        non_ascii += chunk.invalid().len();
    }
    (wide, non_ascii)
}

/// Decodes a file's bytes, failing closed (see the module documentation for the rule).
pub fn decode(bytes: &[u8]) -> Result<Decoded, Undecodable> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let text = strict(enc, &bytes[bom_len..])?;
        let legacy = if enc == UTF_8 { None } else { Some(enc.name()) };
        return Ok(Decoded {
            text,
            legacy_encoding: legacy,
        });
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: s.to_string(),
            legacy_encoding: None,
        });
    }
    let (utf8, non_ascii) = utf8_share(bytes);
    if utf8 * 100 > non_ascii * UTF8_SHARE_PERCENT {
        return Err(strict(UTF_8, bytes).err().unwrap_or(Undecodable {
            encoding: "UTF-8",
            bytes: Vec::new(),
            lossy: String::new(),
            span: 0..0,
        }));
    }
    let mut det = EncodingDetector::new(Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let guess = det.guess(Some(b"cn"), Utf8Detection::Deny);
    // Chinese offices mean GBK (a subset of GB18030) whenever the text is not Unicode; chardetng
    // may say Big5 for short Traditional texts, which we honour.
    let enc = if guess.name() == "Big5" {
        guess
    } else {
        GB18030
    };
    let text = strict(enc, bytes)?;
    Ok(Decoded {
        text,
        legacy_encoding: Some(label(enc)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gbk(s: &str) -> Vec<u8> {
        GB18030.encode(s).0.into_owned()
    }

    /// Line and column (1-based, characters) of an error, as diagnostics show them.
    fn line_col(e: &Undecodable) -> (usize, usize) {
        let loc = crate::diagnostic::Location::from_offsets("a.md", &e.lossy, e.span.clone());
        (loc.line, loc.col)
    }

    const NOTICE: &str = "---\ntitle: 拥军优属工作动态\n---\n春节前夕，区双拥办走访慰问了困难退役军人家庭，送去慰问金和慰问品，\n并详细了解他们在就业、医疗、子女入学等方面的实际困难。\n区退役军人事务局表示，将进一步落实优抚政策，推动双拥工作走深走实。\n";

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode("标题".as_bytes()).unwrap();
        assert_eq!(d.text, "标题");
        assert_eq!(d.legacy_encoding, None);
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("---\r\n".as_bytes());
        assert_eq!(decode(&b).unwrap().text, "---\r\n");
    }

    #[test]
    fn utf16le_with_bom() {
        let mut b = vec![0xFF, 0xFE];
        for u in "双拥".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&b).unwrap();
        assert_eq!(d.text, "双拥");
        assert!(d.legacy_encoding.is_some());
    }

    #[test]
    fn gbk_is_detected() {
        let d = decode(&gbk(NOTICE)).unwrap();
        assert!(d.text.contains("拥军优属"));
        assert_eq!(d.text, NOTICE);
        assert_eq!(d.legacy_encoding, Some("GBK/GB18030"));
        // Short GBK files too.
        let d = decode(&gbk("---\ntitle: 关于开展八一慰问活动的通知\n---\n")).unwrap();
        assert_eq!(d.text, "---\ntitle: 关于开展八一慰问活动的通知\n---\n");
    }

    #[test]
    fn real_gbk_text_forms_few_utf8_characters() {
        let long = NOTICE.repeat(20);
        let b = gbk(&long);
        let (utf8, all) = utf8_share(&b);
        assert!(utf8 * 100 <= all * UTF8_SHARE_PERCENT, "{utf8}/{all}");
    }

    #[test]
    fn stray_gbk_byte_in_utf8_is_an_error_at_its_place() {
        // The case: Chinese safety keys in UTF-8, one GBK byte pasted elsewhere.
        let mut b = "---\ntitle: 内部情况\n公开: internal\n草稿: 是\n---\n正文第一行\n第二行有"
            .as_bytes()
            .to_vec();
        b.push(0xB9);
        b.extend_from_slice("坏字节\n".as_bytes());
        let e = decode(&b).unwrap_err();
        assert_eq!(e.encoding, "UTF-8");
        assert_eq!(e.bytes, vec![0xB9]);
        assert_eq!(line_col(&e), (7, 5));
        // A whole GBK word pasted into UTF-8 text is as wrong.
        let mut b = "---\ntitle: 甲\n---\n".as_bytes().to_vec();
        b.extend_from_slice("双拥工作会议在区政府召开。".as_bytes());
        b.extend_from_slice(&gbk("拥军"));
        b.extend_from_slice("\n".as_bytes());
        let e = decode(&b).unwrap_err();
        assert_eq!(e.encoding, "UTF-8");
        // 拥 in GBK (D3 B5) happens to be a valid two-byte UTF-8 character; 军 is the first
        // invalid byte.
        assert_eq!(line_col(&e), (4, 15));
        assert!(e.bytes_hex().starts_with("0x"));
    }

    #[test]
    fn gbk_with_an_undecodable_byte_is_an_error() {
        // 0xFF is never GBK; a lead byte before a line break has no trail byte.
        for (bad, col) in [(0xFFu8, 3), (0xB9, 3), (0x81, 3)] {
            let mut b = gbk("---\ntitle: 拥军优属\n---\n第一段。\n第二");
            b.push(bad);
            b.extend_from_slice(b"\n");
            b.extend(gbk("第三段。\n"));
            let e = decode(&b).unwrap_err();
            assert_eq!(e.encoding, "GBK/GB18030", "{bad:x}");
            assert_eq!(line_col(&e), (5, col), "{bad:x}");
            assert_eq!(e.bytes.first(), Some(&bad));
        }
    }

    #[test]
    fn ascii_with_a_stray_latin1_byte_is_an_error() {
        let e = decode(b"---\ntitle: Caf\xE9\n---\n").unwrap_err();
        assert_eq!(line_col(&e), (2, 11));
    }

    #[test]
    fn utf16_with_bad_surrogate_is_an_error_at_its_place() {
        let mut b = vec![0xFF, 0xFE];
        for u in "第一行\n第二".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        // A lone low surrogate.
        b.extend_from_slice(&0xDC00u16.to_le_bytes());
        for u in "行\n".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        let e = decode(&b).unwrap_err();
        assert_eq!(e.encoding, "UTF-16LE");
        assert_eq!(line_col(&e), (2, 3));
        // Odd length: a trailing half character.
        let mut b = vec![0xFE, 0xFF, 0x00, 0x41, 0x00];
        let e = decode(&b).unwrap_err();
        assert_eq!(line_col(&e), (1, 2));
        b.clear();
    }

    #[test]
    fn utf8_bom_with_stray_byte_is_an_error() {
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("标题\n正".as_bytes());
        b.push(0xC0);
        let e = decode(&b).unwrap_err();
        assert_eq!(e.encoding, "UTF-8");
        assert_eq!(line_col(&e), (2, 2));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Stray bytes pasted anywhere into UTF-8 Chinese text never turn it into a GBK guess.
        #[test]
        fn stray_bytes_in_utf8_chinese_are_always_an_error(
            body in "[\\u{4e00}-\\u{9fa5}，。、a-z0-9 \n]{1,200}",
            strays in proptest::collection::vec((0usize..10_000, 0x80u8..=0xFF), 1..4),
        ) {
            let text = format!("---\ntitle: 通知\n公开: internal\n草稿: 是\n---\n{body}");
            let mut bytes = text.as_bytes().to_vec();
            // Insert between characters, where a lone byte can never complete one; from the end
            // so that earlier positions stay character boundaries of the original text.
            let boundaries: Vec<usize> =
                (0..=text.len()).filter(|i| text.is_char_boundary(*i)).collect();
            let mut at: Vec<(usize, u8)> = strays
                .into_iter()
                .map(|(i, b)| (boundaries[i % boundaries.len()], b))
                .collect();
            at.sort_by_key(|(pos, _)| std::cmp::Reverse(*pos));
            // One stray per place: two adjacent strays could form a valid character.
            at.dedup_by_key(|(pos, _)| *pos);
            for (pos, b) in at {
                bytes.insert(pos, b);
            }
            let r = decode(&bytes);
            proptest::prop_assert!(r.is_err(), "{:?}", r);
            let e = r.unwrap_err();
            proptest::prop_assert_eq!(e.encoding, "UTF-8");
            proptest::prop_assert!(e.span.end <= e.lossy.len());
        }

        /// Any bytes: no panic; a success is the text exactly (no replacement characters).
        #[test]
        fn any_bytes_decode_strictly_or_not_at_all(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300)) {
            match decode(&bytes) {
                Ok(d) => {
                    if let Ok(s) = std::str::from_utf8(&bytes) {
                        proptest::prop_assert_eq!(d.text.as_str(), s);
                    }
                }
                Err(e) => {
                    proptest::prop_assert!(e.span.end <= e.lossy.len());
                    let _ = e.diagnostic(std::path::Path::new("a.md")).render(crate::i18n::Lang::Zh, false);
                }
            }
        }
    }

    #[test]
    fn never_panics_on_odd_bytes() {
        for b in [
            &b""[..],
            b"\xFF",
            b"\xFE\xFF\xD8",
            b"\xEF\xBB",
            b"\x81\x30\x81",
            b"\xE4\xB8",
        ] {
            let _ = decode(b);
        }
    }
}

//! Turns file bytes into text: UTF-8 (with or without BOM), UTF-16 with BOM, and GBK/GB18030.
//! Windows editors still save Chinese text as GBK; we read it and say so.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, GB18030, UTF_8};

/// Decoded text and how it was encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, BOM removed. Line endings are kept as they were.
    pub text: String,
    /// `Some("GB18030")` etc. when the file was not UTF-8; used for a warning.
    pub legacy_encoding: Option<&'static str>,
}

/// Why bytes could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undecodable;

/// Decodes a file's bytes.
pub fn decode(bytes: &[u8]) -> Result<Decoded, Undecodable> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(Undecodable);
        }
        let legacy = if enc == UTF_8 { None } else { Some(enc.name()) };
        return Ok(Decoded {
            text: text.into_owned(),
            legacy_encoding: legacy,
        });
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: s.to_string(),
            legacy_encoding: None,
        });
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
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(Undecodable);
    }
    Ok(Decoded {
        text: text.into_owned(),
        legacy_encoding: Some(if enc == GB18030 {
            "GBK/GB18030"
        } else {
            enc.name()
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let (bytes, _, _) = GB18030.encode(
            "---\ntitle: 拥军优属工作动态\n---\n春节前夕，区双拥办走访慰问了困难退役军人家庭。",
        );
        let d = decode(&bytes).unwrap();
        assert!(d.text.contains("拥军优属"));
        assert_eq!(d.legacy_encoding, Some("GBK/GB18030"));
    }
}

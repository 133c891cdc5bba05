//! URL segments: a front-matter `slug`, else the ASCII file stem, else toneless pinyin of the stem.

use pinyin::ToPinyin;

/// Longest derived slug, in bytes; longer stems are cut at a word boundary.
const MAX_SLUG: usize = 60;

/// True if `s` is a safe single URL segment we accept from front matter.
pub fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 120
        && s != "."
        && s != ".."
        && s.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_' || b == b'.'
        })
        && !s.starts_with('.')
}

/// Turns any text (a file stem, a tag name) into a URL segment: ASCII kept (lowercased),
/// Han characters as toneless pinyin, everything else a separator. Never empty.
pub fn slugify(text: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    for (c, py) in text.chars().zip(text.to_pinyin()) {
        if let Some(py) = py {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            // `ü` is written `v` (nü → nv), as in pinyin input methods; URLs stay ASCII.
            words.push(py.plain().replace('ü', "v"));
        } else if c.is_ascii_alphanumeric() {
            current.push(c.to_ascii_lowercase());
        } else if c == '_' || c == '.' {
            current.push(c);
        } else if !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    let mut out = String::new();
    for w in words {
        let w = w.trim_matches(['.', '_']);
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() && out.len() + 1 + w.len() > MAX_SLUG {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(w);
    }
    out.retain(|c| c.is_ascii());
    if out.is_empty() {
        // Text with no letters, digits or Han (e.g. only punctuation): a stable hash keeps it unique.
        out = format!("p-{:08x}", fnv1a(text.as_bytes()) as u32);
    }
    out
}

/// A small stable hash (FNV-1a, 64 bit) for names that yield no slug and for cache keys.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_and_pinyin() {
        assert_eq!(slugify("2026-05-Bayi Weiwen"), "2026-05-bayi-weiwen");
        assert_eq!(
            slugify("春节走访慰问困难退役军人"),
            "chun-jie-zou-fang-wei-wen-kun-nan-tui-yi-jun-ren"
        );
        assert_eq!(slugify("2026年八一慰问"), "2026-nian-ba-yi-wei-wen");
        assert_eq!(slugify("子女教育"), "zi-nv-jiao-yu");
        assert_eq!(slugify("绿色出行"), "lv-se-chu-xing");
        assert_eq!(slugify("《通知》"), format!("tong-zhi"));
        assert!(slugify("！！").starts_with("p-"));
    }

    #[test]
    fn slug_validation() {
        assert!(is_valid_slug("2026-bayi"));
        for bad in ["", "..", "../x", "a/b", "Abc", "中文", ".hidden", "a b"] {
            assert!(!is_valid_slug(bad), "{bad}");
        }
    }

    #[test]
    fn long_text_is_cut() {
        assert!(slugify(&"慰问".repeat(100)).len() <= 60);
    }
}

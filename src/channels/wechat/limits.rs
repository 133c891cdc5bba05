//! WeChat's numbers, in one place (the draft API's documented limits, `docs/rules.md` §4).
//! Every check and every cut of the export reads them from here.

/// `article.html` must have fewer characters than this (draft/add `content`).
pub const CONTENT_CHARS: usize = 20_000;

/// `article.html` must be smaller than this many bytes.
pub const CONTENT_BYTES: usize = 1024 * 1024;

/// Most characters of a title.
pub const TITLE_CHARS: usize = 32;

/// Most characters of an author.
pub const AUTHOR_CHARS: usize = 16;

/// Most characters of a digest (摘要).
pub const DIGEST_CHARS: usize = 128;

/// Widest body image, in pixels (wider ones are scaled down).
pub const IMAGE_WIDTH: u32 = 1080;

/// Every image must be smaller than this many bytes (media/uploadimg).
pub const IMAGE_BYTES: usize = 1024 * 1024;

/// The cover (permanent image material, `material/add_material`) must be smaller than this.
pub const COVER_BYTES: usize = 10 * 1024 * 1024;

/// JPEG qualities tried, best first, until an image is under [`IMAGE_BYTES`].
pub const IMAGE_QUALITIES: &[u8] = &[85, 75, 60, 45];

/// The wide cover: 2.35 : 1, this wide at most.
pub const COVER_WIDE: (u32, u32, u32) = (235, 100, 900);

/// The square cover (shown when the article is not the first of a push), this wide at most.
pub const COVER_SQUARE: (u32, u32, u32) = (1, 1, 500);

/// The digest: `text` cut to [`DIGEST_CHARS`] characters with a clean end (after the last
/// sentence end 。！？ that fits, else after the last pause ，；、 with "…", else hard with "…").
pub fn cut_digest(text: &str) -> String {
    let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= DIGEST_CHARS {
        return text;
    }
    let head: Vec<char> = text.chars().take(DIGEST_CHARS).collect();
    let sentence = head
        .iter()
        .rposition(|c| matches!(c, '。' | '！' | '？' | '.' | '!' | '?'));
    if let Some(i) = sentence.filter(|&i| i >= DIGEST_CHARS / 3) {
        return head[..=i].iter().collect();
    }
    let pause = head[..DIGEST_CHARS - 1]
        .iter()
        .rposition(|c| matches!(c, '，' | '；' | '、' | '：' | ',' | ';'));
    let end = pause
        .filter(|&i| i >= DIGEST_CHARS / 3)
        .unwrap_or(DIGEST_CHARS - 1);
    let mut s: String = head[..end].iter().collect();
    s.push('…');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_kept() {
        assert_eq!(cut_digest("八一慰问。"), "八一慰问。");
    }

    #[test]
    fn long_text_ends_at_a_sentence_within_the_limit() {
        let s = "军民团结如一人。".repeat(30);
        let d = cut_digest(&s);
        assert!(d.chars().count() <= DIGEST_CHARS);
        assert!(d.ends_with('。'));
    }

    #[test]
    fn text_without_stops_is_cut_with_an_ellipsis() {
        let d = cut_digest(&"拥".repeat(300));
        assert_eq!(d.chars().count(), DIGEST_CHARS);
        assert!(d.ends_with('…'));
    }
}

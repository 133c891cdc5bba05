//! The one tokenisation of the site search, used at index time here and at query time by the
//! browser client (`themes/default/assets/search.js`); `tests/search-vectors.json` pins both.
//!
//! Text is folded (see [`super::fold`]) and cut into *units*: each Han character is a unit, and
//! each maximal run of ASCII letters and digits is a unit (a word or number). Everything else
//! separates units. Every unit is a token (a *unigram*), and every two units that touch (no
//! separator between them) make a *bigram*: Han text gives overlapping character pairs, and a
//! number touching a Han character gives a pair such as `2021年`. Positions count UTF-16 code
//! units from the start of the text, so phrase offsets are the same on both sides.

use crate::text::fold::fold_char;
pub use crate::text::is_han;

/// Longest word kept as a term (longer runs are cut to this many characters).
pub const MAX_WORD: usize = 32;

/// A unit of folded text.
#[cfg(test)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The folded text of the unit (one Han character, or a word cut to [`MAX_WORD`]).
    pub term: String,
    /// Start, in UTF-16 code units.
    pub pos: u32,
    /// Length in the text, in UTF-16 code units (of the whole word, even when cut).
    pub len: u32,
    /// True for a Han character.
    pub han: bool,
}

/// A token: a unigram (one unit) or a bigram (two touching units).
#[cfg(test)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The term.
    pub term: String,
    /// Start of its first unit, in UTF-16 code units.
    pub pos: u32,
    /// True for a bigram.
    pub bigram: bool,
}

fn is_word(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

/// A unit as [`scan_units`] reports it, borrowed from the scanner.
#[derive(Debug, Clone, Copy)]
pub enum UnitRef<'a> {
    /// A Han character.
    Han(char),
    /// A word or number (folded, cut to [`MAX_WORD`]).
    Word(&'a str),
}

/// Calls `f(unit, pos, len)` for every unit of `text` (folded), in order; positions and lengths
/// in UTF-16 code units. The one definition of units: the index and the test form [`tokens`]
/// use it.
pub fn scan_units(text: &str, mut f: impl FnMut(UnitRef, u32, u32)) {
    let mut pos: u32 = 0;
    let mut word = String::new();
    let mut word_start: u32 = 0;
    let mut word_len: u32 = 0;
    for raw in text.chars() {
        let c = fold_char(raw);
        let w = c.len_utf16() as u32;
        if is_word(c) {
            if word_len == 0 {
                word_start = pos;
            }
            if word_len < MAX_WORD as u32 {
                word.push(c);
            }
            word_len += w;
        } else {
            if word_len > 0 {
                f(UnitRef::Word(&word), word_start, word_len);
                word.clear();
                word_len = 0;
            }
            if is_han(c) {
                f(UnitRef::Han(c), pos, w);
            }
        }
        pos = pos.saturating_add(w);
    }
    if word_len > 0 {
        f(UnitRef::Word(&word), word_start, word_len);
    }
}

/// Cuts text into units (folding it first).
#[cfg(test)]
pub fn units(text: &str) -> Vec<Unit> {
    let mut out = Vec::new();
    scan_units(text, |u, pos, len| {
        let (term, han) = match u {
            UnitRef::Han(c) => (c.to_string(), true),
            UnitRef::Word(w) => (w.to_string(), false),
        };
        out.push(Unit {
            term,
            pos,
            len,
            han,
        });
    });
    out
}

/// Tokens of a list of units, in order: each unit, then the bigram it starts (if the next unit
/// touches it).
#[cfg(test)]
pub fn tokens_of(units: &[Unit]) -> Vec<Token> {
    let mut out = Vec::with_capacity(units.len() * 2);
    for (i, u) in units.iter().enumerate() {
        out.push(Token {
            term: u.term.clone(),
            pos: u.pos,
            bigram: false,
        });
        if let Some(next) = units.get(i + 1)
            && u.pos + u.len == next.pos
        {
            out.push(Token {
                term: format!("{}{}", u.term, next.term),
                pos: u.pos,
                bigram: true,
            });
        }
    }
    out
}

/// Tokens of a text, written plainly. The index applies the same rule in one pass over numbers
/// (`scan` in index.rs, for speed); its test `scan_makes_the_pinned_tokens` holds the two
/// together, and `shared_vectors` below holds this one to `tests/search-vectors.json`.
#[cfg(test)]
pub fn tokens(text: &str) -> Vec<Token> {
    tokens_of(&units(text))
}

/// FNV-1a (32 bit) over the UTF-16 code units of a term: picks the shard of a term.
pub fn hash(term: &str) -> u32 {
    let mut h: u32 = 0x811C_9DC5;
    for u in term.encode_utf16() {
        h ^= u32::from(u);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `term@pos` strings, as in the shared vectors file.
    fn shown(text: &str) -> Vec<String> {
        tokens(text)
            .into_iter()
            .map(|t| format!("{}@{}", t.term, t.pos))
            .collect()
    }

    #[test]
    fn shared_vectors() {
        let text = include_str!("../../../tests/search-vectors.json");
        let v: serde_json::Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => panic!("tests/search-vectors.json: {e}"),
        };
        let mut n = 0;
        for case in v["tokens"].as_array().into_iter().flatten() {
            let input = case["text"].as_str().unwrap_or_default();
            let want: Vec<String> = case["tokens"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|t| t.as_str().map(str::to_string))
                .collect();
            assert_eq!(shown(input), want, "tokens of {input:?}");
            n += 1;
        }
        for case in v["fold"].as_array().into_iter().flatten() {
            let input = case["text"].as_str().unwrap_or_default();
            assert_eq!(
                crate::text::fold::fold(input),
                case["folded"].as_str().unwrap_or_default(),
                "fold of {input:?}"
            );
            n += 1;
        }
        for case in v["hash"].as_array().into_iter().flatten() {
            let input = case["term"].as_str().unwrap_or_default();
            assert_eq!(
                u64::from(hash(input)),
                case["hash"].as_u64().unwrap_or_default(),
                "hash of {input:?}"
            );
            n += 1;
        }
        assert!(n >= 20, "only {n} vectors");
    }

    #[test]
    fn supplementary_characters_take_two_positions() {
        assert_eq!(shown("𠀀中"), ["𠀀@0", "𠀀中@0", "中@2"]);
    }

    #[test]
    fn long_words_are_cut() {
        let long = "a".repeat(40);
        let u = units(&format!("{long}中"));
        assert_eq!(u[0].term.len(), MAX_WORD);
        assert_eq!(u[0].len, 40);
        assert_eq!(u[1].pos, 40);
    }
}

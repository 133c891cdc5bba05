//! Small rules about text that every layer shares: which characters are Han, traditional →
//! simplified folding ([`fold`]), the name a misspelt key most likely means, how a path is
//! shown in a message, and strings kept at their exact size.

pub mod fold;

use std::path::Path;

/// True for the characters treated as Han: CJK unified ideographs (with extension A and the
/// supplementary planes), compatibility ideographs and 〇. The one definition for word
/// counts, summaries, the lints and the search index; the search client
/// (`themes/default/assets/search.js`, `isHan`) must agree, which `tests/search-vectors.json`
/// pins.
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// Edit distance in characters (small strings only).
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The closest candidate within a small edit distance, for "did you mean".
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let lower = word.to_lowercase();
    let len = word.chars().count();
    let limit = if len <= 3 { 1 } else { (len / 3).clamp(2, 3) };
    candidates
        .into_iter()
        .map(|c| (distance(&lower, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.to_string())
}

/// Folds what a hurried typist varies: case, spaces (also full-width), `_` and `-`.
fn fold_key(key: &str) -> String {
    key.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The name in `names` a key most likely means, folding case, spaces (also full-width), `_`
/// and `-`: the same name (`Draft`, `公 开`, `unsafehtml`), a near spelling (`darft`, `草搞`)
/// or a longer key containing it (`drafts`, `is_draft`, `草稿状态`). For safety keys, where a
/// false alarm costs a rename and a miss publishes a draft.
pub fn near_name<'a>(key: &str, names: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let folded = fold_key(key);
    if folded.is_empty() {
        return None;
    }
    let len = folded.chars().count();
    let mut best: Option<(usize, &'a str)> = None;
    for name in names {
        let target = fold_key(name);
        let n = target.chars().count();
        let limit = if n <= 2 {
            // Two-character Chinese aliases: one wrong character of two (草搞).
            usize::from(len == 2)
        } else if n <= 3 {
            1
        } else {
            (n / 3).clamp(2, 3)
        };
        let dist = if folded.contains(&target) {
            0
        } else {
            distance(&folded, &target)
        };
        if dist <= limit && best.is_none_or(|(b, _)| dist < b) {
            best = Some((dist, name));
        }
    }
    best.map(|(_, k)| k)
}

/// Moves `s` into a block of its own length, for strings kept for the rest of a build.
/// `shrink_to_fit` is not enough: the allocator (mimalloc, see `src/main.rs`) keeps a block in
/// place when the new size is at least half of it, so every page's HTML kept its buffer of
/// twice its Markdown's size (about 400 MB at 100,000 articles, docs/performance.md, "Under
/// 2 GiB").
pub fn exact_size(s: &mut String) {
    if s.capacity() > s.len() {
        *s = s.as_str().to_owned();
    }
}

/// Paths are shown with forward slashes on every platform so messages look the same everywhere.
/// Control characters, line separators and bidirectional overrides are shown escaped (`\n`,
/// `\u{202e}`), so a crafted file name cannot forge extra lines or reorder what is printed.
pub fn display_path(p: &Path) -> String {
    let lossy = p.to_string_lossy();
    let mut out = String::with_capacity(lossy.len());
    for c in lossy.chars() {
        match c {
            '\\' => out.push('/'),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control()
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{061c}'
                )
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c) =>
            {
                out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

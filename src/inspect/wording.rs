//! Serious wording: state and institution names written wrong. Two sources: a built-in list of
//! wrong forms seen in practice (中华人民共合国), and near misses of the names that must be
//! written exactly — a few long built-in names plus the site's own list
//! (`inspection.names`): one character substituted or missing inside the name, or two
//! neighbouring characters swapped.
//!
//! Near misses keep the first and last character of the name fixed (except for swaps): a window
//! of text cut across a word boundary ("中国人民解放战争") would otherwise look like a name with
//! its last character replaced. Names of three characters or fewer (most personal names) are
//! checked for swaps only: one character off is usually another person.

use std::collections::HashMap;

use crate::problem::Miswritten;

/// Wrong forms and the names they stand for. Each wrong form was checked not to be a word of its
/// own in notices of this kind.
const WRONG_FORMS: &[(&str, &str)] = &[
    ("中华人民共合国", "中华人民共和国"),
    ("中华人民共各国", "中华人民共和国"),
    ("中华人名共和国", "中华人民共和国"),
    ("中华人民公和国", "中华人民共和国"),
    ("中国人民解放君", "中国人民解放军"),
    ("中国人民解方军", "中国人民解放军"),
    ("中国人名解放军", "中国人民解放军"),
    ("中国人民武装警查部队", "中国人民武装警察部队"),
    ("中国共产觉", "中国共产党"),
    ("中国共产堂", "中国共产党"),
    ("中央军季", "中央军委"),
    ("中央军委员会", "中央军事委员会"),
    ("中央军事季员会", "中央军事委员会"),
    ("中央军委政治工做部", "中央军委政治工作部"),
    ("中央军委国防动原部", "中央军委国防动员部"),
    ("退役军人事物部", "退役军人事务部"),
    ("退役军人事务布", "退役军人事务部"),
    ("退役军人事物厅", "退役军人事务厅"),
    ("退役军人事物局", "退役军人事务局"),
    ("退伍军人事务局", "退役军人事务局"),
    ("退伍军人事务厅", "退役军人事务厅"),
    ("全国人民代表大慧", "全国人民代表大会"),
    ("全国人大长委会", "全国人大常委会"),
    ("国务院办工厅", "国务院办公厅"),
    ("全国双用工作领导小组", "全国双拥工作领导小组"),
    ("双拥模范成", "双拥模范城"),
    ("人民武妆部", "人民武装部"),
];

/// Long names checked for near misses on every site.
const EXACT_NAMES: &[&str] = &[
    "中华人民共和国",
    "中国人民解放军",
    "中国人民武装警察部队",
    "中央军事委员会",
    "退役军人事务部",
    "全国人民代表大会",
    "全国双拥工作领导小组",
    "中国共产党中央委员会",
];

/// One wrongly written name in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Byte range in the text.
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// As written.
    pub found: String,
    /// As it must be written.
    pub correct: String,
    /// How.
    pub how: Miswritten,
}

/// The names to match near misses against, indexed by the characters a near miss can start
/// with.
pub struct Names {
    names: Vec<Vec<char>>,
    by_first: HashMap<char, Vec<usize>>,
    /// Indices into `WRONG_FORMS` by their first character.
    known_by_first: HashMap<char, Vec<usize>>,
    /// One bit per character of the Basic Multilingual Plane in `by_first`: most characters of
    /// a text start no name, and this answers that without hashing.
    starts: Vec<u64>,
}

impl Names {
    fn may_start(&self, c: char) -> bool {
        let u = c as usize;
        match self.starts.get(u / 64) {
            Some(w) => w & (1 << (u % 64)) != 0,
            None => self.by_first.contains_key(&c) || self.known_by_first.contains_key(&c),
        }
    }
}

impl Names {
    /// The built-in names plus `site` (blank entries ignored).
    pub fn new(site: &[String]) -> Names {
        let mut names: Vec<Vec<char>> = Vec::new();
        for n in EXACT_NAMES
            .iter()
            .copied()
            .chain(site.iter().map(|s| s.trim()))
        {
            let chars: Vec<char> = n.chars().collect();
            if chars.len() >= 2 && !names.contains(&chars) {
                names.push(chars);
            }
        }
        let mut by_first: HashMap<char, Vec<usize>> = HashMap::new();
        for (i, n) in names.iter().enumerate() {
            // A swap of the first two characters starts with the second.
            for c in [n[0], n[1]] {
                let list = by_first.entry(c).or_default();
                if !list.contains(&i) {
                    list.push(i);
                }
            }
        }
        let mut known_by_first: HashMap<char, Vec<usize>> = HashMap::new();
        for (i, (wrong, _)) in WRONG_FORMS.iter().enumerate() {
            if let Some(c) = wrong.chars().next() {
                known_by_first.entry(c).or_default().push(i);
            }
        }
        let mut starts = vec![0u64; 0x10000 / 64];
        for &c in by_first.keys().chain(known_by_first.keys()) {
            let u = c as usize;
            if let Some(w) = starts.get_mut(u / 64) {
                *w |= 1 << (u % 64);
            }
        }
        Names {
            names,
            by_first,
            known_by_first,
            starts,
        }
    }
}

/// How `window` (text starting where a name might) misses `name`, if it does, and how many
/// characters of the text it spans.
fn near_miss(window: &[char], name: &[char]) -> Option<(Miswritten, usize)> {
    let n = name.len();
    if window.len() >= n {
        let w = &window[..n];
        if w == name {
            return None;
        }
        let diffs: Vec<usize> = (0..n).filter(|&i| w[i] != name[i]).collect();
        if let [a, b] = diffs[..]
            && b == a + 1
            && w[a] == name[b]
            && w[b] == name[a]
        {
            return Some((Miswritten::Swapped, n));
        }
        if n >= 4
            && let [a] = diffs[..]
            && a > 0
            && a < n - 1
            && crate::text::is_han(w[a])
        {
            return Some((Miswritten::Substituted, n));
        }
    }
    if n >= 4 && window.len() >= n - 1 {
        let w = &window[..n - 1];
        // Leave out one inner character of the name and compare.
        let first_diff = (0..n - 1).find(|&i| w[i] != name[i]).unwrap_or(n - 1);
        if first_diff > 0 && first_diff < n - 1 && w[first_diff..] == name[first_diff + 1..] {
            return Some((Miswritten::Omitted, n - 1));
        }
    }
    None
}

/// Bytes of the first `chars` characters of `rest` (all of it when shorter).
fn byte_len(rest: &str, chars: usize) -> usize {
    rest.char_indices()
        .nth(chars)
        .map_or(rest.len(), |(i, _)| i)
}

/// Every wrongly written name in `text`, in order, none overlapping another. One pass over the
/// characters; only those that can start a name or a wrong form are looked at further.
pub fn scan(text: &str, names: &Names) -> Vec<Hit> {
    let mut hits: Vec<Hit> = Vec::new();
    // Where a name is written correctly, no near miss of another name may overlap it.
    let mut exact: Vec<(usize, usize)> = Vec::new();
    let mut near: Vec<(usize, usize, usize, Miswritten)> = Vec::new();
    let mut window: Vec<char> = Vec::new();
    for (b, c) in text.char_indices() {
        if !names.may_start(c) {
            continue;
        }
        let rest = text.get(b..).unwrap_or("");
        for &k in names.known_by_first.get(&c).into_iter().flatten() {
            let Some(&(wrong, right)) = WRONG_FORMS.get(k) else {
                continue;
            };
            let after_last = hits.last().is_none_or(|h| h.end <= b);
            if after_last && rest.starts_with(wrong) {
                hits.push(Hit {
                    start: b,
                    end: b + wrong.len(),
                    found: wrong.to_string(),
                    correct: right.to_string(),
                    how: Miswritten::Known,
                });
            }
        }
        for &k in names.by_first.get(&c).into_iter().flatten() {
            let name = &names.names[k];
            window.clear();
            window.extend(rest.chars().take(name.len()));
            if window == *name {
                exact.push((b, b + byte_len(rest, name.len())));
            } else if let Some((how, len)) = near_miss(&window, name) {
                near.push((b, b + byte_len(rest, len), k, how));
            }
        }
    }
    for (start, end, k, how) in near {
        if exact.iter().any(|&(a, e)| start < e && a < end) {
            continue;
        }
        // A known wrong form inside a listed name written wrong is reported as the name (the
        // more specific correction); any other overlap keeps the first report.
        let inside = |h: &Hit| {
            h.how == Miswritten::Known
                && start <= h.start
                && h.end <= end
                && end - start > h.end - h.start
        };
        if hits
            .iter()
            .any(|h| start < h.end && h.start < end && !inside(h))
        {
            continue;
        }
        hits.retain(|h| !inside(h));
        hits.push(Hit {
            start,
            end,
            found: text.get(start..end).unwrap_or("").to_string(),
            correct: names.names[k].iter().collect(),
            how,
        });
    }
    hits.sort_by_key(|h| h.start);
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str, site: &[&str]) -> Vec<(String, Miswritten)> {
        let site: Vec<String> = site.iter().map(|s| s.to_string()).collect();
        scan(text, &Names::new(&site))
            .into_iter()
            .map(|h| (h.found, h.how))
            .collect()
    }

    #[test]
    fn known_wrong_forms_substitutions_omissions_and_swaps() {
        assert_eq!(
            found("依据中华人民共合国兵役法", &[]),
            vec![("中华人民共合国".to_string(), Miswritten::Known)]
        );
        assert_eq!(
            found("綦江区退役军人事物局", &["綦江区退役军人事务局"]),
            vec![("綦江区退役军人事物局".to_string(), Miswritten::Substituted)]
        );
        assert_eq!(
            found("綦江区退役军人务局召开会议", &["綦江区退役军人事务局"]),
            vec![("綦江区退役军人务局".to_string(), Miswritten::Omitted)]
        );
        assert_eq!(
            found("中国人民解军放某部", &[]),
            vec![("中国人民解军放".to_string(), Miswritten::Swapped)]
        );
        assert_eq!(
            found("张国建同志", &["张建国"]),
            vec![("张国建".to_string(), Miswritten::Swapped)]
        );
    }

    #[test]
    fn silent_on_correct_and_neighbouring_words() {
        let text = "根据《中华人民共和国退役军人保障法》和中央军事委员会有关规定，中国人民解放军和中国人民武装警察部队在解放战争中，中国人民解放战争纪念馆；退役军人事务部、退役军人事务局、中央军委国防动员部。全国人民代表大会常务委员会。";
        assert!(found(text, &["綦江区退役军人事务局", "张建国"]).is_empty());
        assert!(found("张建军、张建华", &["张建国"]).is_empty());
    }
}

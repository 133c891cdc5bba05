//! Builds the search index: postings per term, packed into a compact text encoding and hashed
//! into shards that the client loads as plain `<script>` files.
//!
//! Files (all under the search page's folder):
//!
//! * `meta.js` — `TXSearch.meta({...})`: number of documents and shards, the fold-table shards
//!   that exist, and for each content type its document range and years.
//! * `t/<n>.js` — `TXSearch.shard(n, {"u": {term: postings}, "b": {term: postings}})`: unigram
//!   (`u`) and bigram (`b`) postings of every term whose [`hash`] falls in shard `n`.
//! * `d/<id>.js` — `TXSearch.doc(id, {...})`: what a result shows (title, link, type, date,
//!   extra line, text for the snippet).
//! * `z/<hex>.js` — `TXSearch.fold("hex", "繁简繁简…")`: fold-table pairs whose traditional
//!   character is U+hex00–U+hexFF.
//!
//! Documents are numbered by type, then newest first, so a type or a year is a range of ids.
//! Postings are numbers written as variable-length digits (see [`put`]):
//! unigram: `gap, tf*2 + in_head` per document; bigram: `gap, count-1, first position,
//! (position gaps - 1)…` per document. `gap` is the id minus the previous id plus one (the first
//! id as is). Head fields (title, name and honor, 期号, 文号 and publisher) sit at positions below
//! [`HEAD_SPAN`]; the body starts there.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use super::fold;
use super::tokenize::{hash, tokens};

/// Positions below this belong to the head fields (title, name, honor, 期号, 文号, publisher).
pub const HEAD_SPAN: u32 = 128;

/// Aimed size of one term shard, in bytes.
pub const SHARD_TARGET: usize = 24 * 1024;

/// Most UTF-16 code units of body text kept in a result file (for snippets).
pub const TEXT_CAP: usize = 20_000;

/// One document to index.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Content type number (0 文章, 1 人物, 2 简报, 3 文件, 4 页面).
    pub kind: u8,
    /// Title (a profile's title is the person's name).
    pub title: String,
    /// Further head fields: honor, 期号, 文号, publisher …
    pub extra: Vec<String>,
    /// Body text (plain), followed by further fields (citation, region, item titles …).
    pub body: String,
    /// Link from the search page.
    pub href: String,
    /// Year of the date, or 0.
    pub year: i32,
    /// `2026年5月20日`.
    pub date_cn: Option<String>,
    /// `2026-05-20`.
    pub date_iso: Option<String>,
}

/// A content type as the meta file lists it.
#[derive(Debug, Clone, Serialize)]
pub struct KindRange {
    /// Type number.
    pub id: u8,
    /// `article` / `profile` / `briefing` / `document` / `page` (the `type=` of the URL).
    pub name: String,
    /// 文章 / 人物 / 简报 / 文件 / 页面.
    pub label: String,
    /// First document id of this type.
    pub start: usize,
    /// Number of documents.
    pub count: usize,
    /// `[year, first id, count]`, newest first; year 0 for undated pages.
    pub years: Vec<(i32, usize, usize)>,
}

/// Writes `v` as digits: 45 continuation digits `#`…`O` carry the low parts, one of 46 final
/// digits `P`…`~` (without `\`) ends the number. Numbers below 46 take one character, below
/// 2,070 two.
pub fn put(out: &mut String, mut v: u64) {
    while v >= 46 {
        out.push(char::from(0x23 + (v % 45) as u8));
        v /= 45;
    }
    let mut c = 0x50 + v as u8;
    if c >= 0x5C {
        c += 1;
    }
    out.push(char::from(c));
}

/// Reads numbers written by [`put`] (for tests and tools); None on a malformed string.
pub fn read_all(s: &str) -> Option<Vec<u64>> {
    let mut out = Vec::new();
    let mut n: u64 = 0;
    let mut mul: u64 = 1;
    for b in s.bytes() {
        match b {
            0x23..=0x4F => {
                n = n.checked_add(u64::from(b - 0x23).checked_mul(mul)?)?;
                mul = mul.checked_mul(45)?;
            }
            0x50..=0x7E if b != 0x5C => {
                let d = u64::from(b - 0x50) - u64::from(b > 0x5C);
                out.push(n.checked_add(d.checked_mul(mul)?)?);
                n = 0;
                mul = 1;
            }
            _ => return None,
        }
    }
    (mul == 1).then_some(out)
}

/// Terms of one document: unigrams (tf, in head) and bigrams (positions).
struct DocTerms {
    uni: Vec<(String, u32, bool)>,
    bi: Vec<(String, Vec<u32>)>,
}

fn head_text(d: &Doc) -> String {
    let mut h = d.title.clone();
    for x in &d.extra {
        h.push('\n');
        h.push_str(x);
    }
    h
}

fn doc_terms(d: &Doc) -> DocTerms {
    let mut uni: HashMap<String, (u32, bool)> = HashMap::new();
    let mut bi: HashMap<String, Vec<u32>> = HashMap::new();
    let head = tokens(&head_text(d))
        .into_iter()
        .filter(|t| t.pos < HEAD_SPAN)
        .map(|t| (t, true));
    let body = tokens(&d.body).into_iter().map(|mut t| {
        t.pos = t.pos.saturating_add(HEAD_SPAN);
        (t, false)
    });
    for (t, in_head) in head.chain(body) {
        if t.bigram {
            bi.entry(t.term).or_default().push(t.pos);
        } else {
            let e = uni.entry(t.term).or_insert((0, false));
            e.0 += 1;
            e.1 |= in_head;
        }
    }
    DocTerms {
        uni: uni.into_iter().map(|(k, (tf, h))| (k, tf, h)).collect(),
        bi: bi.into_iter().collect(),
    }
}

/// Postings of one term being built.
#[derive(Default)]
struct Postings {
    next: u64,
    enc: String,
}

impl Postings {
    fn doc(&mut self, id: u64) {
        put(&mut self.enc, id - self.next);
        self.next = id + 1;
    }
}

/// The index as files: (path relative to the search folder, bytes).
pub struct Built {
    /// Files to write.
    pub files: Vec<(String, Vec<u8>)>,
    /// Number of term shards.
    pub shards: usize,
}

/// JavaScript string literal of a JSON value (U+2028 and U+2029 escaped for old engines).
fn js_json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v)
        .unwrap_or_else(|_| "null".to_string())
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// Cuts text to at most `cap` UTF-16 code units (at a character boundary).
fn cap_utf16(s: &str, cap: usize) -> &str {
    let mut n = 0;
    for (i, c) in s.char_indices() {
        n += c.len_utf16();
        if n > cap {
            return &s[..i];
        }
    }
    s
}

/// What a result file holds.
#[derive(Serialize)]
struct DocView<'a> {
    /// Title.
    t: &'a str,
    /// Link.
    u: &'a str,
    /// Type number.
    k: u8,
    /// Date (Chinese) and ISO date.
    d: Option<&'a str>,
    i: Option<&'a str>,
    /// Extra line (honor, 期号, 文号 …).
    x: String,
    /// Body text.
    b: &'a str,
    /// Folded title, extra line and body, only when the fold table changes them.
    #[serde(skip_serializing_if = "Option::is_none")]
    ft: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fx: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fb: Option<String>,
}

/// Folded form of a field when the table changes it (width and case the client does itself).
fn folded_if_changed(s: &str) -> Option<String> {
    fold::changes(s).then(|| fold::fold(s))
}

/// Builds every file of the index. `docs` must be in id order (type, then newest first);
/// `kinds` gives each type number's (name, label).
pub fn build(docs: &[Doc], kinds: &[(&str, &str)]) -> Built {
    let per_doc: Vec<DocTerms> = docs.par_iter().map(doc_terms).collect();
    let mut uni: HashMap<String, Postings> = HashMap::new();
    let mut bi: HashMap<String, Postings> = HashMap::new();
    for (id, terms) in per_doc.into_iter().enumerate() {
        let id = id as u64;
        for (term, tf, in_head) in terms.uni {
            let p = uni.entry(term).or_default();
            p.doc(id);
            put(&mut p.enc, u64::from(tf) * 2 + u64::from(in_head));
        }
        for (term, mut pos) in terms.bi {
            pos.sort_unstable();
            let p = bi.entry(term).or_default();
            p.doc(id);
            put(&mut p.enc, pos.len() as u64 - 1);
            let mut prev: Option<u32> = None;
            for x in pos {
                put(&mut p.enc, u64::from(prev.map_or(x, |q| x - q - 1)));
                prev = Some(x);
            }
        }
    }
    let total: usize = uni
        .iter()
        .chain(bi.iter())
        .map(|(k, p)| k.len() + p.enc.len() + 6)
        .sum();
    let shards = total.div_ceil(SHARD_TARGET).clamp(1, 65_536);
    type Shard = (BTreeMap<String, String>, BTreeMap<String, String>);
    let mut by_shard: Vec<Shard> = (0..shards).map(|_| Shard::default()).collect();
    for (term, p) in uni {
        let n = hash(&term) as usize % shards;
        by_shard[n].0.insert(term, p.enc);
    }
    for (term, p) in bi {
        let n = hash(&term) as usize % shards;
        by_shard[n].1.insert(term, p.enc);
    }
    let mut files: Vec<(String, Vec<u8>)> = by_shard
        .into_par_iter()
        .enumerate()
        .map(|(n, (u, b))| {
            let mut s = format!("TXSearch.shard({n},{{\"u\":");
            dict(&mut s, &u);
            s.push_str(",\"b\":");
            dict(&mut s, &b);
            s.push_str("});\n");
            (format!("t/{n}.js"), s.into_bytes())
        })
        .collect();
    // Result files.
    files.par_extend(docs.par_iter().enumerate().map(|(id, d)| {
        let x = d.extra.join(" ");
        let b = cap_utf16(&d.body, TEXT_CAP);
        let view = DocView {
            t: &d.title,
            u: &d.href,
            k: d.kind,
            d: d.date_cn.as_deref(),
            i: d.date_iso.as_deref(),
            ft: folded_if_changed(&d.title),
            fx: folded_if_changed(&x),
            fb: folded_if_changed(b),
            x,
            b,
        };
        (
            format!("d/{id}.js"),
            format!("TXSearch.doc({id},{});\n", js_json(&view)).into_bytes(),
        )
    }));
    // Fold-table shards.
    let mut fold_groups: BTreeMap<u32, String> = BTreeMap::new();
    for &(t, s) in fold::pairs() {
        let g = fold_groups.entry(t as u32 >> 8).or_default();
        g.push(t);
        g.push(s);
    }
    let fold_keys: Vec<String> = fold_groups.keys().map(|k| format!("{k:x}")).collect();
    for (k, pairs) in &fold_groups {
        files.push((
            format!("z/{k:x}.js"),
            format!("TXSearch.fold(\"{k:x}\",{});\n", js_json(pairs)).into_bytes(),
        ));
    }
    // Meta.
    let names = kinds;
    let mut kinds: Vec<KindRange> = Vec::new();
    for (id, d) in docs.iter().enumerate() {
        if kinds.last().is_none_or(|k| k.id != d.kind) {
            let (name, label) = names.get(usize::from(d.kind)).copied().unwrap_or_default();
            kinds.push(KindRange {
                id: d.kind,
                name: name.to_string(),
                label: label.to_string(),
                start: id,
                count: 0,
                years: Vec::new(),
            });
        }
        if let Some(k) = kinds.last_mut() {
            k.count += 1;
            match k.years.last_mut() {
                Some(y) if y.0 == d.year => y.2 += 1,
                _ => k.years.push((d.year, id, 1)),
            }
        }
    }
    let meta = serde_json::json!({
        "v": 1,
        "n": docs.len(),
        "s": shards,
        "h": HEAD_SPAN,
        "z": fold_keys,
        "k": kinds,
    });
    files.push((
        "meta.js".to_string(),
        format!("TXSearch.meta({});\n", js_json(&meta)).into_bytes(),
    ));
    Built { files, shards }
}

/// `{"term":"postings",…}`; postings use only characters that need no escaping.
fn dict(out: &mut String, d: &BTreeMap<String, String>) {
    out.push('{');
    for (i, (k, v)) in d.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&js_json(k));
        out.push_str(":\"");
        out.push_str(v);
        out.push('"');
    }
    out.push('}');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip() {
        let values: Vec<u64> = vec![0, 1, 44, 45, 46, 2069, 2070, 93_149, 1 << 40];
        let mut s = String::new();
        for &v in &values {
            put(&mut s, v);
        }
        assert!(!s.contains('\\') && !s.contains('"'));
        assert_eq!(read_all(&s), Some(values));
        let mut one = String::new();
        put(&mut one, 45);
        assert_eq!(one.len(), 1);
        assert_eq!(read_all("#"), None);
    }

    fn doc(kind: u8, title: &str, body: &str) -> Doc {
        Doc {
            kind,
            title: title.into(),
            extra: Vec::new(),
            body: body.into(),
            href: "../x/".into(),
            year: 2026,
            date_cn: None,
            date_iso: None,
        }
    }

    #[test]
    fn postings_encode_ids_counts_and_positions() {
        let docs = vec![
            doc(0, "张建国", "张建国同志"),
            doc(0, "其他", "走访张建国。"),
        ];
        let built = build(&docs, &[("article", "文章")]);
        let shard_text: String = built
            .files
            .iter()
            .filter(|(p, _)| p.starts_with("t/"))
            .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
            .collect();
        // 建国: doc 0 at 1 (head) and 129 (body); doc 1 at 128 + 3.
        let mut want = String::new();
        for v in [0, 1, 1, 127, 0, 0, 131] {
            put(&mut want, v);
        }
        assert!(
            shard_text.contains(&format!("\"建国\":\"{want}\"")),
            "{shard_text}"
        );
        let meta = built.files.iter().find(|(p, _)| p == "meta.js").unwrap();
        assert!(String::from_utf8_lossy(&meta.1).contains("\"n\":2"));
        assert!(built.files.iter().any(|(p, _)| p == "d/1.js"));
        assert!(built.files.iter().any(|(p, _)| p == "z/96.js"));
    }

    #[test]
    fn caps_text_at_a_character_boundary() {
        assert_eq!(cap_utf16("ab双拥", 3), "ab双");
        assert_eq!(cap_utf16("𠀀中", 1), "");
    }
}

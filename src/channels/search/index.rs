//! Builds the search index: postings per term, packed into a compact text encoding and hashed
//! into shards that the client loads as plain `<script>` files.
//!
//! Files (all under the search page's folder):
//!
//! * `meta.js` — `TXSearch.meta({...})`: number of documents and shards, the fold-table shards
//!   that exist, and for each content type its document range and years.
//! * `t/<n>.js` — `TXSearch.shard(n, {"u": {term: postings}, "b": {term: postings}})`: unigram
//!   (`u`) and bigram (`b`) postings of every term whose [`hash`] falls in shard `n`; a term
//!   with long postings has `"!<x>"` there instead, and its postings in `t/x<x>.js`
//!   (`TXSearch.shard("x<x>", …)`), so a query for a name does not download a common word's.
//! * `d/<id>.js` — `TXSearch.doc(id, {...})`: what a result shows (title, link, type, date,
//!   extra line, text for the snippet), which is also the text a phrase is confirmed against
//!   (`"c":true` when the text was cut at [`TEXT_CAP`]).
//! * `z/<hex>.js` — `TXSearch.fold("hex", "繁简繁简…")`: fold-table pairs whose traditional
//!   character is U+hex00–U+hexFF.
//!
//! Documents are numbered by type, then newest first, so a type or a year is a range of ids.
//! Postings are numbers written as variable-length digits (see [`put`]), per document:
//! `gap, tf*2 + in_head`, for unigrams and bigrams alike. `gap` is the id less the previous
//! id less one (the first id as is); `tf` the occurrences in the document; `in_head` is 1 when
//! one of them is in the head fields (title, name and honor, 期号, 文号 and publisher), which
//! sit at positions below [`HEAD_SPAN`]; the body starts there.
//!
//! The index keeps no positions. A phrase's pages are the pages holding every bigram the client
//! chooses from it (every other one and the last); they are candidates, which the client
//! confirms against each result file's text before it shows it. Positions were half the index,
//! and the text around rare bigrams, which decided some phrases at once, took a second pass
//! over every page (docs/performance.md, "The search index: no positions, one pass").

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use super::tokenize::{UnitRef, hash, scan_units};
use crate::text::fold;

/// Positions below this belong to the head fields (title, name, honor, 期号, 文号, publisher).
pub const HEAD_SPAN: u32 = 128;

/// Aimed size of one term shard, in bytes. A query loads a shard for each term it asks for
/// (three for a phrase of six characters), so smaller shards download less; 6 KiB keeps the
/// number of shard files near that of 12 KiB ones before positions left the index.
pub const SHARD_TARGET: usize = 6 * 1024;

/// Postings longer than this (bytes) get a file of their own.
pub const BIG_TERM: usize = 6 * 1024;

/// Most UTF-16 code units of body text kept in a result file (for snippets, and to confirm a
/// phrase: a longer text cannot refuse one, see the module comment).
pub const TEXT_CAP: usize = 20_000;

/// One document to index.
#[derive(Debug, Clone)]
pub struct Doc<'a> {
    /// Content type number (0 文章, 1 人物, 2 简报, 3 文件, 4 页面).
    pub kind: u8,
    /// Title (a profile's title is the person's name).
    pub title: String,
    /// Further head fields: honor, 期号, 文号, publisher …
    pub extra: Vec<String>,
    /// Body text (plain), followed by further fields (citation, region, item titles …);
    /// borrowed from the rendered page when there are none (most pages: no second copy of
    /// every page's text, see docs/performance.md).
    pub body: Cow<'a, str>,
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
    // Fields in alphabetical order, the order meta.js has always had.
    /// Number of documents.
    pub count: usize,
    /// Type number.
    pub id: u8,
    /// 文章 / 人物 / 简报 / 文件 / 页面.
    pub label: String,
    /// `article` / `profile` / `briefing` / `document` / `page` (the `type=` of the URL).
    pub name: String,
    /// First document id of this type.
    pub start: usize,
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

/// Reads numbers written by [`put`]; None on a malformed string. The browser client
/// (`themes/default/assets/search.js`) has the reader the site uses; this one checks [`put`].
#[cfg(test)]
fn read_all(s: &str) -> Option<Vec<u64>> {
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

/// Unit numbers: a Han character is its code point; a word is `WORD_BASE` + its number.
const WORD_BASE: u32 = 0x20_0000;

/// A term as a number: a unigram is its unit; a bigram is `first << 32 | second`.
type Key = u64;

/// A fast hasher for integer keys (the index holds millions of postings).
#[derive(Default, Clone, Copy)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7C_C1_B7_27_22_0A_95);
    }
}

type KeyMap<V> = HashMap<Key, V, std::hash::BuildHasherDefault<KeyHasher>>;

/// One document's terms as numbers, words numbered locally: each distinct term once, with
/// `tf*2 + in_head` (its postings entry, see the module comment), grouped by the part of the
/// merge that takes it (see [`Merger`]); within a part in no particular order, since each term
/// has postings of its own.
struct Scan {
    words: Vec<String>,
    /// `(term, tf*2 + in_head)`, part by part.
    terms: Vec<(Key, u32)>,
    /// Where each part's terms start in `terms`; the last is its length.
    starts: [usize; PARTS + 1],
}

impl Scan {
    /// The terms that part `part` of the merge takes.
    fn part(&self, part: usize) -> &[(Key, u32)] {
        &self.terms[self.starts[part]..self.starts[part + 1]]
    }
}

/// Counts one document's terms: an open-addressing table kept from one document to the next,
/// and for the Han characters of the common block (U+3400–U+9FFF) a count per character.
/// (Sorting every token to count them took a fifth of the index's time,
/// docs/performance.md, "The search index".)
struct Tally {
    /// Term in each slot, [`Tally::EMPTY`] when free.
    keys: Vec<Key>,
    /// `tf*2 + in_head` of each slot's term.
    counts: Vec<u32>,
    /// The slots in use.
    used: Vec<u32>,
    /// `tf*2 + in_head` of each character of the block, 0 when absent.
    han: Vec<u32>,
    /// The characters of the block counted.
    han_used: Vec<u32>,
}

/// The block [`Tally`] counts by character.
const HAN_BLOCK: std::ops::Range<u32> = 0x3400..0xA000;

impl Tally {
    /// No term has this number (units are below 2^32).
    const EMPTY: Key = Key::MAX;

    fn new() -> Tally {
        Tally {
            keys: vec![Self::EMPTY; 1024],
            counts: vec![0; 1024],
            used: Vec::new(),
            han: vec![0; HAN_BLOCK.len()],
            han_used: Vec::new(),
        }
    }

    /// Counts one occurrence of unit `unit`, in the head or not.
    #[inline]
    fn add_unit(&mut self, unit: u32, in_head: bool) {
        if HAN_BLOCK.contains(&unit) {
            let slot = &mut self.han[(unit - HAN_BLOCK.start) as usize];
            if *slot == 0 {
                self.han_used.push(unit);
            }
            *slot = slot.saturating_add(2) | u32::from(in_head);
        } else {
            self.add(Key::from(unit), in_head);
        }
    }

    /// Counts one occurrence of `key`, in the head or not.
    #[inline]
    fn add(&mut self, key: Key, in_head: bool) {
        if self.used.len() * 2 >= self.keys.len() {
            self.grow();
        }
        let mask = self.keys.len() - 1;
        let mut i = (mix(key) >> 40) as usize & mask;
        loop {
            let k = self.keys[i];
            if k == key {
                self.counts[i] = self.counts[i].saturating_add(2) | u32::from(in_head);
                return;
            }
            if k == Self::EMPTY {
                self.keys[i] = key;
                self.counts[i] = 2 | u32::from(in_head);
                self.used.push(i as u32);
                return;
            }
            i = (i + 1) & mask;
        }
    }

    #[cold]
    fn grow(&mut self) {
        let old: Vec<(Key, u32)> = self
            .used
            .iter()
            .map(|&i| (self.keys[i as usize], self.counts[i as usize]))
            .collect();
        let size = self.keys.len() * 2;
        self.keys = vec![Self::EMPTY; size];
        self.counts = vec![0; size];
        self.used.clear();
        let mask = size - 1;
        for (key, count) in old {
            let mut i = (mix(key) >> 40) as usize & mask;
            while self.keys[i] != Self::EMPTY {
                i = (i + 1) & mask;
            }
            self.keys[i] = key;
            self.counts[i] = count;
            self.used.push(i as u32);
        }
    }

    /// Calls `f` with every counted term and its `tf*2 + in_head`.
    fn each(&self, mut f: impl FnMut(Key, u32)) {
        for &i in &self.used {
            f(self.keys[i as usize], self.counts[i as usize]);
        }
        for &c in &self.han_used {
            f(Key::from(c), self.han[(c - HAN_BLOCK.start) as usize]);
        }
    }

    /// Empties the table for the next document.
    fn clear(&mut self) {
        for i in self.used.drain(..) {
            self.keys[i as usize] = Self::EMPTY;
        }
        for c in self.han_used.drain(..) {
            self.han[(c - HAN_BLOCK.start) as usize] = 0;
        }
    }
}

fn head_text(d: &Doc<'_>) -> String {
    let mut h = d.title.clone();
    for x in &d.extra {
        h.push('\n');
        h.push_str(x);
    }
    h
}

/// A document's head text, and the position its body starts at: [`HEAD_SPAN`], or after a
/// head longer than that (the head starts at 0). Every head unit is indexed (a long title must
/// not push the 文号 out), though only the first HEAD_SPAN positions rank as head matches.
fn head_and_body_start(d: &Doc<'_>) -> (String, u32) {
    let head = head_text(d);
    let mut head_end: u32 = 0;
    scan_units(&head, |_, pos, len| {
        head_end = head_end.max(pos.saturating_add(len));
    });
    (head, HEAD_SPAN.max(head_end.saturating_add(1)))
}

fn scan(tally: &mut Tally, d: &Doc<'_>) -> Scan {
    let mut words: Vec<String> = Vec::new();
    let mut local: HashMap<String, u32> = HashMap::new();
    let (head, body_start) = head_and_body_start(d);
    for (text, base) in [(head.as_str(), 0), (&*d.body, body_start)] {
        let mut prev: Option<(u32, u32, u32)> = None; // (unit, start, end)
        scan_units(text, |u, pos, len| {
            let unit = match u {
                UnitRef::Han(c) => c as u32,
                UnitRef::Word(w) => {
                    let n = match local.get(w) {
                        Some(&n) => n,
                        None => {
                            let n = words.len() as u32;
                            local.insert(w.to_string(), n);
                            words.push(w.to_string());
                            n
                        }
                    };
                    WORD_BASE + n
                }
            };
            if let Some((pu, pstart, pend)) = prev
                && pend == pos
            {
                tally.add(
                    (Key::from(pu) << 32) | Key::from(unit),
                    base.saturating_add(pstart) < HEAD_SPAN,
                );
            }
            tally.add_unit(unit, base.saturating_add(pos) < HEAD_SPAN);
            prev = Some((unit, pos, pos + len));
        });
    }
    // Grouped by part (a counting sort), so each part of the merge reads one slice.
    let mut starts = [0; PARTS + 1];
    tally.each(|k, _| starts[part_of(k) + 1] += 1);
    for p in 0..PARTS {
        starts[p + 1] += starts[p];
    }
    let mut next = starts;
    let mut terms = vec![(0, 0); starts[PARTS]];
    tally.each(|k, c| {
        let p = part_of(k);
        terms[next[p]] = (k, c);
        next[p] += 1;
    });
    tally.clear();
    Scan {
        words,
        terms,
        starts,
    }
}

/// The merge runs in this many parts at once, each building the postings of its own terms.
const PARTS: usize = 8;

/// One empty map per part.
fn part_maps<V>() -> Vec<KeyMap<V>> {
    (0..PARTS).map(|_| KeyMap::default()).collect()
}

/// Mixes a term number's bits into the high ones (Fibonacci hashing): the parts and the
/// [`Tally`] take their top bits.
fn mix(key: Key) -> u64 {
    key.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The part of the merge that builds a term's postings. A term holding a word goes to part 0,
/// so that a document's local word numbers (in [`scan`]) and the site's (in [`Merger::add`])
/// give the same part; a term of Han characters only is spread by a hash.
fn part_of(key: Key) -> usize {
    let (hi, lo) = ((key >> 32) as u32, key as u32);
    if hi >= WORD_BASE || lo >= WORD_BASE {
        0
    } else {
        (mix(key) >> 61) as usize % PARTS
    }
}

/// The encoded numbers of one term's postings, in blocks. A common term's postings grow to
/// hundreds of kilobytes on a large site, and one string grown by doubling holds about a third
/// of its capacity spare (218 of 563 MB at 100,000 articles, docs/performance.md, "Under
/// 2 GiB"); blocks waste at most one block's room.
#[derive(Default)]
struct Encoded {
    full: Vec<String>,
    last: String,
}

/// Capacity of a block of [`Encoded`]; the first block grows to it by doubling. (32 KiB
/// blocks peaked higher at 100,000 articles at the same speed, docs/performance.md.)
const BLOCK: usize = 4 * 1024;

/// Most digits [`put`] writes for one number (45^12 > u64::MAX).
const MAX_DIGITS: usize = 12;

impl Encoded {
    /// Appends `v` (see [`put`]).
    fn put(&mut self, v: u64) {
        if self.last.capacity() >= BLOCK && self.last.capacity() - self.last.len() < MAX_DIGITS {
            let next = String::with_capacity(BLOCK);
            self.full.push(std::mem::replace(&mut self.last, next));
        }
        put(&mut self.last, v);
    }

    /// Length in bytes.
    fn len(&self) -> usize {
        self.full.iter().map(String::len).sum::<usize>() + self.last.len()
    }

    /// Appends the whole text to `out`.
    fn write_to(&self, out: &mut String) {
        for b in &self.full {
            out.push_str(b);
        }
        out.push_str(&self.last);
    }
}

/// Postings of one term being built.
#[derive(Default)]
struct Postings {
    next: u64,
    enc: Encoded,
}

impl Postings {
    /// The id gap to document `id` (the first id as is); moves on past it.
    fn gap(&mut self, id: u64) -> u64 {
        let g = id - self.next;
        self.next = id + 1;
        g
    }
}

/// Postings being built: per part (see [`part_of`]) a map from term number to postings, and
/// the word table. The parts take their terms of a chunk of documents at the same time.
struct Merger {
    parts: Vec<KeyMap<Postings>>,
    words: Vec<String>,
    word_ids: HashMap<String, u32>,
}

impl Default for Merger {
    fn default() -> Merger {
        Merger {
            parts: part_maps(),
            words: Vec::new(),
            word_ids: HashMap::new(),
        }
    }
}

impl Merger {
    /// Appends the postings of a chunk of documents, numbered from `first` (chunks must come
    /// in id order).
    fn add(&mut self, first: usize, scans: Vec<Scan>) {
        let Merger {
            parts,
            words,
            word_ids,
        } = self;
        // The site's number of each document's words; then every part reads its slice of
        // every document, in id order.
        let maps: Vec<Vec<u32>> = scans
            .iter()
            .map(|sc| {
                sc.words
                    .iter()
                    .map(|w| match word_ids.get(w) {
                        Some(&n) => n,
                        None => {
                            let n = words.len() as u32;
                            words.push(w.clone());
                            word_ids.insert(w.clone(), n);
                            n
                        }
                    })
                    .collect()
            })
            .collect();
        parts.par_iter_mut().enumerate().for_each(|(part, terms)| {
            for (k, (sc, map)) in scans.iter().zip(&maps).enumerate() {
                add_terms(terms, (first + k) as u64, sc.part(part), map);
            }
        });
    }
}

/// A unit's number in the site's table, from its document's: `map` gives the site's number
/// of each local word.
fn global_unit(u: u32, map: &[u32]) -> u32 {
    match u.checked_sub(WORD_BASE) {
        Some(n) => WORD_BASE + map.get(n as usize).copied().unwrap_or(0),
        None => u,
    }
}

/// Appends one document's postings of one part: `terms` is its slice of [`Scan::terms`],
/// `map` its local word numbers in the site's table.
fn add_terms(postings: &mut KeyMap<Postings>, id: u64, terms: &[(Key, u32)], map: &[u32]) {
    for &(key, count) in terms {
        let (hi, lo) = ((key >> 32) as u32, key as u32);
        let key = if hi == 0 {
            Key::from(global_unit(lo, map))
        } else {
            (Key::from(global_unit(hi, map)) << 32) | Key::from(global_unit(lo, map))
        };
        let p = postings.entry(key).or_default();
        let g = p.gap(id);
        p.enc.put(g);
        p.enc.put(u64::from(count));
    }
}

thread_local! {
    /// Each thread's [`Tally`], kept for the whole build: a new one per piece of work that
    /// rayon splits off zeroed its arrays hundreds of times a build.
    static TALLY: std::cell::RefCell<Option<Tally>> = const { std::cell::RefCell::new(None) };
}

/// [`scan`] with this thread's [`Tally`].
fn scan_on_this_thread(d: &Doc<'_>) -> Scan {
    TALLY.with(|cell| {
        // `scan` starts no parallel work, so nothing else on this thread borrows the cell.
        let mut slot = cell.borrow_mut();
        scan(slot.get_or_insert_with(Tally::new), d)
    })
}

/// Documents tokenised at a time (bounds memory on large sites).
const CHUNK: usize = 256;

/// Postings of every term, keyed by number, and the word table. Tokenising the next chunk of
/// documents overlaps with merging the previous one.
#[inline(never)] // a frame of its own in profiles (bench/profile.py)
fn postings(docs: &[Doc<'_>]) -> Merger {
    let mut m = Merger::default();
    let mut pending: Option<(usize, Vec<Scan>)> = None;
    let mut chunks = docs.chunks(CHUNK).enumerate();
    loop {
        let next = chunks.next();
        let (scanned, ()) = rayon::join(
            || {
                next.map(|(c, chunk)| {
                    let scans = chunk.par_iter().map(scan_on_this_thread).collect();
                    (c, scans)
                })
            },
            || {
                if let Some((c, scans)) = pending.take() {
                    m.add(c * CHUNK, scans);
                }
            },
        );
        match scanned {
            Some(s) => pending = Some(s),
            None => break,
        }
    }
    m
}

/// The text of a unit number.
fn unit_text(u: u32, words: &[String], out: &mut String) {
    match u.checked_sub(WORD_BASE) {
        Some(n) => out.push_str(words.get(n as usize).map_or("", String::as_str)),
        None => out.extend(char::from_u32(u)),
    }
}

/// A term of the index as written: its text, its kind and its value.
struct Term {
    text: String,
    bigram: bool,
    value: Value,
}

/// A term's value in its shard. The postings stay in their blocks until their shard is
/// written: made into one string each, every posting of the site would be held twice at once
/// (docs/performance.md, "Under 2 GiB").
enum Value {
    /// Postings, as a JSON string.
    Postings(Encoded),
    /// `"!<x>"`: the postings are in `t/x<x>.js`.
    Pointer(String),
}

impl Value {
    /// Length of the JSON in bytes.
    fn len(&self) -> usize {
        match self {
            Value::Postings(enc) => enc.len() + 2,
            Value::Pointer(p) => p.len(),
        }
    }

    /// Appends the JSON to `out`.
    fn write_to(&self, out: &mut String) {
        match self {
            Value::Postings(enc) => {
                out.push('"');
                enc.write_to(out);
                out.push('"');
            }
            Value::Pointer(p) => out.push_str(p),
        }
    }

    /// The JSON as a string.
    fn to_json(&self) -> String {
        let mut s = String::with_capacity(self.len());
        self.write_to(&mut s);
        s
    }
}

/// Where [`build`] hands each file of the index as it is made: its path relative to the search
/// folder, and its bytes. Called from several threads; the index is never held whole (at
/// 100,000 articles it is over a gigabyte).
pub type Emit<'a> = &'a (dyn Fn(String, Vec<u8>) + Sync);

/// The files `write` hands to its [`Emit`], gathered and in order of path.
pub fn gathered(write: impl FnOnce(Emit)) -> Vec<(String, Vec<u8>)> {
    let files = std::sync::Mutex::new(Vec::new());
    write(&|path, bytes| {
        if let Ok(mut f) = files.lock() {
            f.push((path, bytes));
        }
    });
    let mut files = files.into_inner().unwrap_or_default();
    files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    files
}

/// JavaScript string literal of a JSON value (U+2028 and U+2029 escaped for old engines).
fn js_json<T: Serialize>(v: &T) -> String {
    let json = serde_json::to_string(v).unwrap_or_else(|_| "null".to_string());
    // Copied only when needed: this runs on every term and every page's whole text.
    if json.contains(['\u{2028}', '\u{2029}']) {
        json.replace('\u{2028}', "\\u2028")
            .replace('\u{2029}', "\\u2029")
    } else {
        json
    }
}

/// Cuts text to at most `cap` UTF-16 code units (at a character boundary).
fn cap_utf16(s: &str, cap: usize) -> &str {
    // A character takes at least as many UTF-8 bytes as UTF-16 units: most texts need no
    // count (this runs on every page's text).
    if s.len() <= cap {
        return s;
    }
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
    /// True when the body was cut at [`TEXT_CAP`]: the client cannot refuse a candidate for
    /// a phrase missing from the text it has.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    c: bool,
}

/// Folded form of a field when the table changes it (width and case the client does itself).
fn folded_if_changed(s: &str) -> Option<String> {
    fold::changes(s).then(|| fold::fold(s))
}

/// Builds every file of the index. `docs` must be in id order (type, then newest first);
/// `kinds` gives each type number's (name, label).
pub fn build(docs: &[Doc<'_>], kinds: &[(&str, &str)], emit: Emit) {
    let mut clock = crate::timing::Clock::start();
    let merged = postings(docs);
    clock.lap("search postings");
    let words = &merged.words;
    // Terms as text, with their value (see `Value`).
    let terms: Vec<Term> = merged
        .parts
        .into_par_iter()
        .flat_map_iter(|part| {
            part.into_iter().map(move |(key, p)| {
                let mut t = String::new();
                let (hi, lo) = ((key >> 32) as u32, key as u32);
                if hi != 0 {
                    unit_text(hi, words, &mut t);
                }
                unit_text(lo, words, &mut t);
                Term {
                    text: t,
                    bigram: hi != 0,
                    value: Value::Postings(p.enc),
                }
            })
        })
        .collect();
    // Large postings get a file of their own (`t/x<n>.js`) and leave a pointer (`!<n>`) in
    // their shard, so a query for a rare name does not download a common word's postings.
    let (mut big, small): (Vec<Term>, Vec<Term>) = terms
        .into_par_iter()
        .partition(|t| t.value.len() > BIG_TERM);
    big.par_sort_unstable_by(|a, b| (&a.text, a.bigram).cmp(&(&b.text, b.bigram)));
    let total: usize = small.iter().map(|t| t.text.len() + t.value.len() + 4).sum();
    let shards = total.div_ceil(SHARD_TARGET).clamp(1, 65_536);
    let pointers: Vec<Term> = big
        .into_iter()
        .enumerate()
        .map(|(x, t)| {
            let one = [(t.text.as_str(), &t.value)];
            let (u, b): (&[_], &[_]) = if t.bigram { (&[], &one) } else { (&one, &[]) };
            emit(format!("t/x{x}.js"), shard_file(&format!("\"x{x}\""), u, b));
            Term {
                value: Value::Pointer(format!("\"!{x}\"")),
                ..t
            }
        })
        .collect();
    // Every term in its shard, the shards in order, unigrams before bigrams, terms by text.
    let mut placed: Vec<(usize, Term)> = small
        .into_par_iter()
        .chain(pointers)
        .map(|t| (hash(&t.text) as usize % shards, t))
        .collect();
    placed.par_sort_unstable_by(|a, b| {
        // Values decide only between terms of the same text (rare): made into text then.
        (a.0, a.1.bigram, &a.1.text)
            .cmp(&(b.0, b.1.bigram, &b.1.text))
            .then_with(|| a.1.value.to_json().cmp(&b.1.value.to_json()))
    });
    // Two words side by side can spell a third term's text ("ab"+"c", "a"+"bc"): one entry
    // per text, the same one every build.
    placed.dedup_by(|a, b| a.0 == b.0 && a.1.bigram == b.1.bigram && a.1.text == b.1.text);
    (0..shards).into_par_iter().for_each(|n| {
        let from = placed.partition_point(|p| p.0 < n);
        let to = placed.partition_point(|p| p.0 <= n);
        let shard = &placed[from..to];
        let split = shard.partition_point(|p| !p.1.bigram);
        let (u, b) = (term_pairs(&shard[..split]), term_pairs(&shard[split..]));
        emit(format!("t/{n}.js"), shard_file(&n.to_string(), &u, &b));
    });
    drop(placed);
    clock.lap("search shards");
    result_files(docs, emit);
    clock.lap("search result files");
    // Fold-table shards.
    let mut fold_groups: BTreeMap<u32, String> = BTreeMap::new();
    for &(t, s) in fold::pairs() {
        let g = fold_groups.entry(t as u32 >> 8).or_default();
        g.push(t);
        g.push(s);
    }
    let fold_keys: Vec<String> = fold_groups.keys().map(|k| format!("{k:x}")).collect();
    for (k, pairs) in &fold_groups {
        emit(
            format!("z/{k:x}.js"),
            format!("TXSearch.fold(\"{k:x}\",{});\n", js_json(pairs)).into_bytes(),
        );
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
    let meta = Meta {
        k: &kinds,
        n: docs.len(),
        s: shards,
        v: 4,
        z: &fold_keys,
    };
    emit(
        "meta.js".to_string(),
        format!("TXSearch.meta({});\n", js_json(&meta)).into_bytes(),
    );
}

/// Writes what each result shows (`d/<id>.js`, see the module comment).
#[inline(never)] // a frame of its own in profiles (bench/profile.py)
fn result_files(docs: &[Doc<'_>], emit: Emit) {
    docs.par_iter().enumerate().for_each(|(id, d)| {
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
            c: b.len() < d.body.len(),
            x,
            b,
        };
        emit(
            format!("d/{id}.js"),
            format!("TXSearch.doc({id},{});\n", js_json(&view)).into_bytes(),
        );
    });
}

/// What `meta.js` tells the client (short keys: the file is loaded on every search).
#[derive(Serialize)]
struct Meta<'a> {
    // Fields in alphabetical order, the order meta.js has always had.
    /// Content types with their document ranges by year.
    k: &'a [KindRange],
    /// Number of documents.
    n: usize,
    /// Number of term shards.
    s: usize,
    /// Format version.
    v: u32,
    /// The fold-table shards.
    z: &'a [String],
}

/// Placed terms as (text, value) pairs.
fn term_pairs(ts: &[(usize, Term)]) -> Vec<(&str, &Value)> {
    ts.iter()
        .map(|(_, t)| (t.text.as_str(), &t.value))
        .collect()
}

/// `TXSearch.shard(name,{"u":{…},"b":{…}});` from unigram and bigram terms with their values,
/// each in order of text.
fn shard_file(name: &str, u: &[(&str, &Value)], b: &[(&str, &Value)]) -> Vec<u8> {
    let size: usize = u.iter().chain(b).map(|(k, v)| k.len() + v.len() + 4).sum();
    let mut s = String::with_capacity(size + name.len() + 32);
    s.push_str("TXSearch.shard(");
    s.push_str(name);
    s.push_str(",{\"u\":");
    dict(&mut s, u);
    s.push_str(",\"b\":");
    dict(&mut s, b);
    s.push_str("});\n");
    s.into_bytes()
}

/// `{"term":value,…}`; values are JSON already (postings use only characters that need no
/// escaping).
fn dict(out: &mut String, d: &[(&str, &Value)]) {
    out.push('{');
    for (i, (k, v)) in d.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&js_json(k));
        out.push(':');
        v.write_to(out);
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

    #[test]
    fn blocks_hold_the_same_text_as_one_string() {
        // Enough numbers to fill several blocks, some of them the longest there are.
        let values: Vec<u64> = (0..40_000u64)
            .map(|i| {
                if i % 97 == 0 {
                    u64::MAX - i
                } else {
                    i * i * 7919
                }
            })
            .collect();
        let (mut one, mut blocks) = (String::new(), Encoded::default());
        for &v in &values {
            put(&mut one, v);
            blocks.put(v);
        }
        assert!(blocks.full.len() >= 2, "{} blocks", blocks.full.len());
        assert!(blocks.full.iter().all(|b| b.capacity() == BLOCK));
        let mut joined = String::new();
        blocks.write_to(&mut joined);
        assert_eq!(blocks.len(), one.len());
        assert_eq!(joined, one);
        assert_eq!(read_all(&joined), Some(values));
    }

    #[test]
    fn values_know_their_length_as_json() {
        // The split between shards and files of their own reads the length (BIG_TERM).
        let encoded = || {
            let mut enc = Encoded::default();
            for v in [3, 70, 9_000] {
                enc.put(v);
            }
            enc
        };
        let plain = Value::Postings(encoded());

        let pointer = Value::Pointer("\"!7\"".into());
        assert_eq!(plain.to_json(), "\"S<Q#7T\"");
        for v in [&plain, &pointer] {
            assert_eq!(v.len(), v.to_json().len(), "{}", v.to_json());
        }
    }

    fn doc(kind: u8, title: &str, body: &str) -> Doc<'static> {
        Doc {
            kind,
            title: title.into(),
            extra: Vec::new(),
            body: Cow::Owned(body.to_string()),
            href: "../x/".into(),
            year: 2026,
            date_cn: None,
            date_iso: None,
        }
    }

    #[test]
    fn postings_encode_ids_counts_and_head_matches() {
        let docs = vec![
            doc(0, "张建国", "张建国同志"),
            doc(0, "其他", "走访张建国。"),
        ];
        let files = gathered(|emit| build(&docs, &[("article", "文章")], emit));
        let shard_text: String = files
            .iter()
            .filter(|(p, _)| p.starts_with("t/"))
            .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
            .collect();
        // 建国: doc 0 twice, once in the head; doc 1 once, in the body.
        let mut want = String::new();
        for v in [0, 2 * 2 + 1, 0, 2] {
            put(&mut want, v);
        }
        assert!(
            shard_text.contains(&format!("\"建国\":\"{want}\"")),
            "{shard_text}"
        );
        // A unigram's postings have the same form: 走 once in doc 1's body.
        let mut want = String::new();
        for v in [1, 2] {
            put(&mut want, v);
        }
        assert!(
            shard_text.contains(&format!("\"走\":\"{want}\"")),
            "{shard_text}"
        );
        let meta = files.iter().find(|(p, _)| p == "meta.js").unwrap();
        assert!(String::from_utf8_lossy(&meta.1).contains("\"n\":2"));
        assert!(files.iter().any(|(p, _)| p == "d/1.js"));
        assert!(files.iter().any(|(p, _)| p == "z/96.js"));
    }

    #[test]
    fn long_postings_get_a_file_of_their_own() {
        // 双拥 on every one of 4,000 pages: postings past BIG_TERM; 张建国 on one page.
        let mut docs: Vec<Doc> = (0..4_000)
            .map(|n| doc(0, &format!("第{n}篇"), "双拥工作"))
            .collect();
        docs.push(doc(1, "张建国", "退役军人"));
        let files =
            gathered(|emit| build(&docs, &[("article", "文章"), ("profile", "人物")], emit));
        let text = |p: &str| {
            files
                .iter()
                .find(|f| f.0 == p)
                .map(|f| String::from_utf8_lossy(&f.1).into_owned())
        };
        let shards: Vec<String> = files
            .iter()
            .filter(|(p, _)| p.starts_with("t/") && !p.starts_with("t/x"))
            .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
            .collect();
        let pointer = shards
            .iter()
            .find_map(|s| {
                let at = s.find("\"双拥\":\"!")? + "\"双拥\":\"!".len();
                Some(s[at..].split('"').next()?.to_string())
            })
            .expect("双拥 points to a file of its own");
        let own = text(&format!("t/x{pointer}.js")).expect("the file it points to");
        assert!(own.starts_with(&format!(
            "TXSearch.shard(\"x{pointer}\",{{\"u\":{{}},\"b\":{{\"双拥\":\""
        )));
        assert!(own.len() > BIG_TERM);
        // A short one stays in its shard.
        assert!(shards.iter().any(|s| s.contains("\"建国\":\"")));
    }

    #[test]
    fn long_heads_keep_every_field() {
        // A 140-character title must not push the 文号 out of the index.
        let mut d = doc(3, &"双拥".repeat(70), "正文");
        d.extra.push("綦拥组〔2026〕3号".into());
        let (head, body_start) = head_and_body_start(&d);
        let mut head_end = 0;
        scan_units(&head, |_, pos, len| head_end = head_end.max(pos + len));
        // The body starts after the whole head, so no pair joins the two.
        assert!(head_end > HEAD_SPAN && body_start > head_end);
        let s = scan(&mut Tally::new(), &d);
        let count = |k: Key| s.terms.iter().find(|t| t.0 == k).map(|t| t.1);
        let unit = |c: char| Key::from(c as u32);
        let pair = |a: char, b: char| (unit(a) << 32) | unit(b);
        // Every unit of the 文号 is indexed, past the head's span: no head match.
        assert_eq!(count(unit('綦')), Some(2));
        assert_eq!(count(unit('号')), Some(2));
        assert_eq!(count(pair('綦', '拥')), Some(2));
        // The title's are head matches (tf*2 + 1): 拥 is in the 文号 too.
        assert_eq!(count(unit('双')), Some(70 * 2 + 1));
        assert_eq!(count(unit('拥')), Some(71 * 2 + 1));
        assert_eq!(count(pair('双', '拥')), Some(70 * 2 + 1));
        // The body's pair is no head match, and no pair runs from the head into the body.
        assert_eq!(count(pair('正', '文')), Some(2));
        assert_eq!(count(pair('号', '正')), None);
        // Each part's terms are in its slice.
        for part in 0..PARTS {
            assert!(s.part(part).iter().all(|t| part_of(t.0) == part));
        }
        assert_eq!(s.starts[PARTS], s.terms.len());
    }

    #[test]
    fn a_tally_counts_every_term_as_it_grows() {
        let mut tally = Tally::new();
        let counted = |tally: &mut Tally| {
            let mut v = Vec::new();
            tally.each(|k, c| v.push((k, c)));
            tally.clear();
            v.sort_unstable();
            v
        };
        for round in 0..3u32 {
            for n in 0..5_000u64 {
                tally.add((n << 32) | (n * 7), n.is_multiple_of(10) && round == 0);
            }
            // Characters of the block and outside it, as units.
            for c in ['双', '拥', '𠀀'] {
                tally.add_unit(c as u32, round == 2);
            }
        }
        let got = counted(&mut tally);
        assert_eq!(got.len(), 5_003);
        let of: HashMap<Key, u32> = got.iter().copied().collect();
        for n in 0..5_000u64 {
            let want = 3 * 2 + u32::from(n.is_multiple_of(10));
            assert_eq!(of.get(&((n << 32) | (n * 7))), Some(&want), "term {n}");
        }
        assert!(got.contains(&(Key::from('双' as u32), 3 * 2 + 1)));
        assert!(got.contains(&(Key::from('𠀀' as u32), 3 * 2 + 1)));
        // Emptied for the next document.
        assert!(counted(&mut tally).is_empty());
        tally.add_unit('拥' as u32, false);
        assert_eq!(counted(&mut tally), vec![(Key::from('拥' as u32), 2)]);
    }

    #[test]
    fn line_separators_are_escaped_for_script_files() {
        assert_eq!(js_json(&"甲\u{2028}乙\u{2029}"), "\"甲\\u2028乙\\u2029\"");
        assert_eq!(js_json(&"双拥\"\n"), "\"双拥\\\"\\n\"");
    }

    #[test]
    fn caps_text_at_a_character_boundary() {
        assert_eq!(cap_utf16("ab双拥", 3), "ab双");
        assert_eq!(cap_utf16("𠀀中", 1), "");
        // Fewer bytes than the cap, or as many units: whole.
        assert_eq!(cap_utf16("双拥", 6), "双拥");
        assert_eq!(cap_utf16("双拥", 2), "双拥");
        assert_eq!(cap_utf16("𠀀", 2), "𠀀");
    }
}

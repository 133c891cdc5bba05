//! Privacy and secrecy lint (`docs/rules.md` §2).
//!
//! [`scan`] looks for personal information and military secrets in a piece of text (body, front
//! matter values, alt text, file names). It works on NFKC-normalised text, so full-width digits
//! and punctuation are caught, and reports byte ranges into the ORIGINAL text.
//!
//! Blocking rules (the build fails): valid 身份证号, personal mobile numbers, bank card numbers,
//! certificate numbers, `NNNNN部队`, military mailboxes, coordinates. Warnings: ID-like numbers
//! near 身份证 wording, landlines near personal wording, home addresses, unit names, stationing
//! statements, facility words.
//!
//! Numbers are matched only on digit boundaries: a candidate must not touch an ASCII letter,
//! digit or `_`, so numbers inside longer runs, 索引号, identifiers and most URL parts are ignored.
//! Decimals, masked numbers (`138****5678`), amounts with units (`13812户`, `¥…`), numbers after
//! labels such as 索引号/订单号/信用代码, and numbers inside `http(s)://` and `www.` addresses
//! (except valid ID numbers) are not reported.

use std::sync::LazyLock;

use regex::Regex;

use super::normalize::{Normalized, char_at, char_before, window};
use super::{Finding, Rule};
use crate::model::date::days_in_month;

/// Public numbers the lint must accept (`privacy.allow` in `config.yaml`), compared on their
/// digits only, so `023-12345678`, `023 1234 5678` and `(023)12345678` are the same entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Allow {
    /// Digits of each entry, with a leading `86`/`0086` country code removed from mobiles.
    numbers: Vec<String>,
}

impl Allow {
    /// Builds an allow-list from the configured strings. Entries with fewer than 5 digits are
    /// ignored (they could not name a phone number).
    pub fn new<I, S>(entries: I) -> Allow
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut numbers: Vec<String> = entries
            .into_iter()
            .map(|e| digits_of(e.as_ref()))
            .filter(|d| d.len() >= 5)
            .map(|d| strip_country_code(&d).to_string())
            .collect();
        numbers.sort();
        numbers.dedup();
        Allow { numbers }
    }

    /// Whether the number written in `s` is on the list (the scan compares digits directly) (digits compared only; a listed number
    /// also covers the same number written with a country code or without its area code).
    #[cfg(test)]
    fn allows(&self, s: &str) -> bool {
        let d = digits_of(s);
        self.allows_digits(strip_country_code(&d))
    }

    fn allows_digits(&self, d: &str) -> bool {
        !d.is_empty()
            && self.numbers.iter().any(|a| {
                a == d
                    || (d.len() > a.len() && a.len() >= 7 && d.ends_with(a.as_str()))
                    || (a.len() > d.len() && d.len() >= 7 && a.ends_with(d))
            })
    }

    /// Whether the list is empty.
    #[cfg(test)]
    fn is_empty(&self) -> bool {
        self.numbers.is_empty()
    }
}

fn digits_of(s: &str) -> String {
    Normalized::new(s)
        .as_str()
        .chars()
        .filter(|c| c.is_ascii_digit())
        .collect()
}

fn strip_country_code(d: &str) -> &str {
    if d.len() == 15 && d.starts_with("0086") {
        &d[4..]
    } else if d.len() == 13 && d.starts_with("86") {
        &d[2..]
    } else {
        d
    }
}

/// Scans `text` for personal information and military secrets. Findings are sorted by
/// position; their offsets are byte offsets into `text`, on char boundaries.
#[must_use]
pub fn scan(text: &str, allow: &Allow) -> Vec<Finding> {
    let mut out = Vec::new();
    if text.is_empty() {
        return out;
    }
    let norm = Normalized::new(text);
    let t = norm.as_str();
    let mut hits: Vec<(Rule, usize, usize)> = Vec::new();
    let has_digit = t.bytes().any(|b| b.is_ascii_digit());
    let has = Present::new(t);

    if has_digit {
        numbers(t, allow, &mut hits);
        if has.any(&['部']) {
            unit_code(t, &mut hits);
        }
        if has.all(&['信', '箱']) && t.contains("信箱") {
            mailbox(t, &mut hits);
        }
        if has.any(&['.']) {
            decimal_coordinates(t, &mut hits);
        }
        if has.any(&['°', '度', '纬', '经']) {
            dms_coordinates(t, &mut hits);
        }
        if has.any(&['证']) {
            certificate(t, &mut hits);
        }
        if has.any(&['师', '旅', '团']) {
            division(t, &mut hits);
        }
    }
    if !has_digit && has.any(&['部']) {
        unit_code(t, &mut hits);
    }
    if has_digit
        && has.any(&['l', 'L'])
        && (t.contains("lat") || t.contains("Lat") || t.contains("LAT"))
    {
        param_coordinates(t, &mut hits);
    }
    address(t, &has, &mut hits);
    if has.all(&['集', '团', '军']) && t.contains("集团军") {
        army_group(t, &mut hits);
    }
    if has.all(&['武', '警']) && t.contains("武警") {
        armed_police(t, &mut hits);
    }
    if has.any(&['驻']) {
        stationing(t, &mut hits);
    }
    facility(t, &mut hits);

    // Sorted by start, longest first: a hit inside an earlier hit of the same rule is dropped.
    hits.sort_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    let mut max_end = [0usize; Rule::ALL.len()];
    let mut seen = [false; Rule::ALL.len()];
    for (rule, ns, ne) in hits {
        let k = rule as usize;
        if seen[k] && ne <= max_end[k] {
            continue;
        }
        seen[k] = true;
        max_end[k] = max_end[k].max(ne);
        let (s, e) = (norm.orig_start(ns), norm.orig_end(ne));
        if let Some(m) = text.get(s..e)
            && s < e
        {
            out.push(Finding {
                rule,
                start: s,
                end: e,
                matched: m.to_string(),
                rendered: false,
            });
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Shared helpers

/// Which of the characters that decide whether a rule can match at all occur in a text, found
/// in one pass: `str::contains` with a Han character searches the whole text again for each
/// character (see `scan`).
struct Present(u32);

impl Present {
    /// The characters looked for; each one's place is its bit.
    const CHARS: [char; 27] = [
        '部', '信', '箱', '.', '°', '度', '纬', '经', '证', '师', '旅', '团', '集', '军', '武',
        '警', '驻', '栋', '幢', '楼', '单', '元', '住', '门', '牌', 'l', 'L',
    ];

    /// Which low bytes of a code point some character in CHARS has: most characters of a text
    /// are turned away by one table lookup, without comparing them with every entry.
    const LOW_BYTES: [bool; 256] = {
        let mut table = [false; 256];
        let mut i = 0;
        while i < Self::CHARS.len() {
            table[(Self::CHARS[i] as u32 & 0xFF) as usize] = true;
            i += 1;
        }
        table
    };

    fn index(c: char) -> Option<u32> {
        if !Self::LOW_BYTES[(c as u32 & 0xFF) as usize] {
            return None;
        }
        Self::CHARS
            .iter()
            .position(|&k| k == c)
            .and_then(|i| u32::try_from(i).ok())
    }

    fn new(t: &str) -> Present {
        let mut bits = 0u32;
        for c in t.chars() {
            if let Some(i) = Self::index(c) {
                bits |= 1 << i;
            }
        }
        Present(bits)
    }

    fn bit(c: char) -> u32 {
        let i = Self::index(c);
        // A character not looked for counts as present, so its rule runs (fails closed); the
        // debug assertion makes every test run catch the omission.
        debug_assert!(i.is_some(), "{c} is not looked for by Present");
        i.map_or(u32::MAX, |i| 1 << i)
    }

    /// Whether any of `cs` occurs.
    fn any(&self, cs: &[char]) -> bool {
        cs.iter().any(|&c| self.0 & Self::bit(c) != 0)
    }

    /// Whether every one of `cs` occurs.
    fn all(&self, cs: &[char]) -> bool {
        cs.iter().all(|&c| self.0 & Self::bit(c) != 0)
    }
}

/// Whether some `mark` in `t` has, across characters `gap` accepts, a character `before`
/// accepts just before it and, when `after` is given, that character just after it: the
/// necessary condition of a rule whose pattern starts with a class (digits) the regex engine
/// cannot search for quickly, checked before the regex runs.
fn marked(
    t: &str,
    marks: &[char],
    gap: impl Fn(char) -> bool,
    before: impl Fn(char) -> bool,
    after: Option<char>,
) -> bool {
    // One search per mark: a single `char` is found with memchr, a set of them is not.
    marks.iter().any(|&mark| {
        t.match_indices(mark).any(|(i, m)| {
            let prev = t[..i].chars().rev().find(|&c| !gap(c));
            let next = t[i + m.len()..].chars().find(|&c| !gap(c));
            prev.is_some_and(&before) && after.is_none_or(|a| next == Some(a))
        })
    })
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn byte_at(t: &str, i: usize) -> Option<u8> {
    t.as_bytes().get(i).copied()
}

fn byte_before(t: &str, i: usize) -> Option<u8> {
    i.checked_sub(1).and_then(|j| byte_at(t, j))
}

/// True when the match `[s, e)` is not glued to an ASCII letter, digit or `_` on either side.
fn word_bounded(t: &str, s: usize, e: usize) -> bool {
    !byte_before(t, s).is_some_and(is_word_byte) && !byte_at(t, e).is_some_and(is_word_byte)
}

/// True when a digit-only candidate at `[s, e)` has no digit immediately before it.
fn digit_bounded_left(t: &str, s: usize) -> bool {
    !byte_before(t, s).is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
}

fn near(t: &str, s: usize, e: usize, n: usize, keywords: &[&str]) -> bool {
    let w = window(t, s, e, n);
    keywords.iter().any(|k| w.contains(k))
}

/// Runs `re` over `t`, restarting one character after a rejected match so a rejected candidate
/// never hides a later one that overlaps it.
fn each_match<'t>(re: &Regex, t: &'t str, mut f: impl FnMut(regex::Captures<'t>) -> bool) {
    let mut pos = 0;
    while pos <= t.len() {
        let Some(c) = re.captures_at(t, pos) else {
            break;
        };
        let Some(m) = c.get(0) else { break };
        let (s, e) = (m.start(), m.end());
        if f(c) && e > s {
            pos = e;
        } else {
            pos = s + char_at(t, s).map_or(1, char::len_utf8);
        }
    }
}

fn re(pattern: &str) -> Regex {
    // The patterns are constants checked by the unit tests; a bad one is a programming error.
    Regex::new(pattern).expect("built-in lint pattern compiles")
}

// ---------------------------------------------------------------------------------------------
// Numbers: 身份证号, mobile, bank card, landline.

const ID_KEYWORDS: &[&str] = &["身份证", "证件号", "身份号码", "身份证号", "ID", "证号"];
const CARD_KEYWORDS: &[&str] = &[
    "银行卡",
    "卡号",
    "账号",
    "帐号",
    "账户",
    "帐户",
    "开户",
    "社保卡",
];
const PERSONAL_KEYWORDS: &[&str] = &[
    "家庭",
    "家中",
    "家里",
    "家属",
    "家住",
    "住宅",
    "宅电",
    "本人",
    "其妻",
    "其夫",
    "其母",
    "其父",
    "其子",
    "其女",
    "私人",
    "手机",
    "个人电话",
];
/// Labels after which a number is an identifier of something else.
const NON_PERSONAL_LABELS: &[&str] = &[
    "索引号",
    "信用代码",
    "机构代码",
    "识别号",
    "单号",
    "流水号",
    "备案号",
    "编码",
    "条码",
    "书号",
    "ISBN",
    "ISSN",
];
/// A number followed by one of these is an amount or a count.
const UNIT_CHARS: &str = "元万亿户人次个件名条套册份张本吨米斤克台辆所间家批%‰";

/// A maximal run of ASCII digits (an 18th character `X` of an ID number included).
#[derive(Debug, Clone, Copy)]
struct Run {
    s: usize,
    e: usize,
}

fn collect_runs(b: &[u8]) -> Vec<Run> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let s = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            // The check character X of an ID number: after all 17 digits, or after the last
            // three of its 6-8-4 groups.
            if (i - s == 17 || i - s == 3 && s > 0 && is_sep(b[s - 1]))
                && matches!(b.get(i), Some(b'X' | b'x'))
                && !b.get(i + 1).is_some_and(|&c| is_word_byte(c))
            {
                i += 1;
            }
            runs.push(Run { s, e: i });
        } else {
            i += 1;
        }
    }
    runs
}

fn is_sep(b: u8) -> bool {
    matches!(b, b' ' | b'-' | b'\t' | b'.')
}

/// True when the text between two digit groups still reads as one number: one separator, or
/// Markdown markers left as literal text (`1*1010…` or `1**05**` inside raw HTML, where
/// Markdown is not applied), which a reader skips as easily.
fn joins_groups(gap: &str) -> bool {
    match gap.as_bytes() {
        [b] => is_sep(*b) || is_markdown_marker(*b),
        g => (2..=4).contains(&g.len()) && g.iter().all(|&b| is_markdown_marker(b)),
    }
}

/// Emphasis, strike-through and code markers of Markdown.
fn is_markdown_marker(b: u8) -> bool {
    matches!(b, b'*' | b'_' | b'~' | b'`')
}

enum Verdict {
    /// A finding covering the candidate.
    Hit(Rule, usize, usize),
    /// A recognised number that is fine (allowed, no context …): consume it.
    Fine,
}

struct Candidate<'t> {
    t: &'t str,
    /// Start and end in `t`, including a `+86`/`0086` prefix.
    s: usize,
    e: usize,
    /// Lengths of the digit groups (country code excluded).
    lens: Vec<usize>,
    /// The digits (country code excluded).
    digits: String,
    in_url: bool,
}

fn numbers(t: &str, allow: &Allow, hits: &mut Vec<(Rule, usize, usize)>) {
    let b = t.as_bytes();
    let runs = collect_runs(b);
    if runs.is_empty() {
        return;
    }
    let urls = url_spans(t);
    let left_ok = |r: &Run| !byte_before(t, r.s).is_some_and(is_word_byte);
    let right_ok = |r: &Run| !byte_at(t, r.e).is_some_and(is_word_byte);
    let joined = |a: &Run, c: &Run| joins_groups(t.get(a.e..c.s).unwrap_or(""));

    let mut i = 0;
    while i < runs.len() {
        let r = runs[i];
        // (023)12345678 and (023) 1234 5678 style landlines.
        if let Some(next) = runs.get(i + 1)
            && let Some(v) = paren_landline(t, &r, next, &runs[i + 1..], allow)
        {
            if let Verdict::Hit(rule, s, e) = v {
                hits.push((rule, s, e));
            }
            i += 2;
            continue;
        }
        if !left_ok(&r) {
            i += 1;
            continue;
        }
        let mut last = i;
        while last + 1 < runs.len() && last - i < 5 && joined(&runs[last], &runs[last + 1]) {
            last += 1;
        }
        let mut consumed = None;
        for j in (i..=last).rev() {
            // Every number rule needs 10 to 24 digits; most runs (years, counts) are shorter.
            let total: usize = runs[i..=j].iter().map(|r| r.e - r.s).sum();
            if !(10..=24).contains(&total) || !right_ok(&runs[j]) {
                continue;
            }
            if let Some(v) = classify(t, &runs[i..=j], allow, &urls) {
                if let Verdict::Hit(rule, s, e) = v {
                    hits.push((rule, s, e));
                }
                consumed = Some(j);
                break;
            }
        }
        i = consumed.map_or(i + 1, |j| j + 1);
    }
}

fn url_spans(t: &str) -> Vec<(usize, usize)> {
    static URL: LazyLock<Regex> =
        LazyLock::new(|| re(r"(?i)(?:(?:https?|ftp)://|www\.)[!#$%&*+,\-./0-9:;=?@A-Z_a-z~]+"));
    if !t.contains("://") && !t.contains("www.") && !t.contains("WWW.") {
        return Vec::new();
    }
    URL.find_iter(t).map(|m| (m.start(), m.end())).collect()
}

/// `(023)12345678`: a bracketed area code followed by the local number.
fn paren_landline(t: &str, area: &Run, next: &Run, rest: &[Run], allow: &Allow) -> Option<Verdict> {
    let b = t.as_bytes();
    let alen = area.e - area.s;
    if !(3..=4).contains(&alen) || b.get(area.s) != Some(&b'0') {
        return None;
    }
    if byte_before(t, area.s) != Some(b'(') || byte_at(t, area.e) != Some(b')') {
        return None;
    }
    let mut p = area.e + 1;
    if byte_at(t, p) == Some(b' ') {
        p += 1;
    }
    if next.s != p {
        return None;
    }
    // The local number: one run of 7–8 digits, or two joined runs (1234 5678).
    let mut end = next.e;
    let mut local = t.get(next.s..next.e)?.to_string();
    if let Some(n2) = rest.get(1)
        && local.len() <= 4
        && next.e + 1 == n2.s
        && byte_at(t, next.e).is_some_and(is_sep)
    {
        local.push_str(t.get(n2.s..n2.e)?);
        end = n2.e;
    }
    if !(7..=8).contains(&local.len())
        || !local.as_bytes()[0].is_ascii_digit()
        || local.as_bytes()[0] < b'2'
        || byte_at(t, end).is_some_and(is_word_byte)
    {
        return None;
    }
    let s = area.s - 1;
    let digits = format!("{}{}", t.get(area.s..area.e)?, local);
    if allow.allows_digits(&digits) || !near(t, s, end, 15, PERSONAL_KEYWORDS) {
        return Some(Verdict::Fine);
    }
    Some(Verdict::Hit(Rule::Landline, s, end))
}

fn classify(t: &str, runs: &[Run], allow: &Allow, urls: &[(usize, usize)]) -> Option<Verdict> {
    let first = runs.first()?;
    let last = runs.last()?;
    let mut s = first.s;
    let e = last.e;
    // Groups split only by literal Markdown markers read as one group (see joins_groups).
    let mut groups: Vec<String> = Vec::with_capacity(runs.len());
    for (k, r) in runs.iter().enumerate() {
        let g = t.get(r.s..r.e)?;
        let marker_gap = k > 0
            && t.get(runs[k - 1].e..r.s)
                .is_some_and(|gap| gap.bytes().all(is_markdown_marker));
        match groups.last_mut() {
            Some(last) if marker_gap => last.push_str(g),
            _ => groups.push(g.to_string()),
        }
    }
    if e - s > 40 {
        return None;
    }
    // Country code: "+86 138…", "0086-138…", "+8613812345678".
    let mut cc_single = 0;
    if groups.len() > 1
        && (groups[0] == "0086" || (groups[0] == "86" && byte_before(t, s) == Some(b'+')))
    {
        groups.remove(0);
        if byte_before(t, s) == Some(b'+') {
            s -= 1;
        }
    } else if groups.len() == 1 {
        let g = &groups[0];
        if g.len() == 13 && g.starts_with("86") && byte_before(t, s) == Some(b'+') {
            cc_single = 2;
            s -= 1;
        } else if g.len() == 15 && g.starts_with("0086") {
            cc_single = 4;
        }
    }
    let digits: String = groups.concat();
    let lens: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    // Dots join groups only in the mobile shape 138.1234.5678; elsewhere they are decimals,
    // versions or addresses.
    // A valid ID number in its own 6-8-4 groups is one too: no decimal has a valid checksum
    // and a birth date in the middle.
    let dotted = runs.windows(2).any(|w| byte_at(t, w[0].e) == Some(b'.'));
    let dotted_shape = lens == [3, 4, 4] && is_mobile(digits.as_bytes())
        || lens == [6, 8, 4] && id18(digits.as_bytes(), today()) == IdCheck::Valid;
    if dotted && !dotted_shape {
        return None;
    }
    if digits.len() > 24 {
        return None;
    }

    // Context that makes the number something else.
    let before = char_before(t, s);
    let after = char_at(t, e);
    // Masked (`138****5678`): a run of three or more `*` next to the digits. One or two are
    // emphasis markers left as text, which hide nothing.
    let stars_before = t[..s].bytes().rev().take_while(|&b| b == b'*').count();
    let stars_after = t[e..].bytes().take_while(|&b| b == b'*').count();
    if stars_before >= 3 || stars_after >= 3 {
        return Some(Verdict::Fine); // masked
    }
    if (before == Some('.') && byte_before(t, s - 1).is_some_and(|b| b.is_ascii_digit()))
        || (after == Some('.') && byte_at(t, e + 1).is_some_and(|b| b.is_ascii_digit()))
    {
        return Some(Verdict::Fine); // a decimal
    }
    if after == Some('/') && is_index_suffix(t, e + 1) {
        return Some(Verdict::Fine); // 索引号 前段码
    }
    if matches!(before, Some('¥' | '$' | '€' | '£')) {
        return Some(Verdict::Fine);
    }
    let unit_after = t
        .get(e..)
        .and_then(|r| r.trim_start_matches(' ').chars().next())
        .is_some_and(|c| UNIT_CHARS.contains(c));
    let labelled = {
        let w = window(t, s, s, 12);
        NON_PERSONAL_LABELS.iter().any(|k| w.contains(k))
    };
    let cand = Candidate {
        t,
        s,
        e,
        lens,
        digits,
        in_url: urls.iter().any(|&(us, ue)| s >= us && e <= ue),
    };

    // 18-digit ID numbers.
    if cc_single == 0 && (cand.lens == [18] || cand.lens == [6, 8, 4]) {
        match id18(cand.digits.as_bytes(), today()) {
            IdCheck::Valid if !labelled => return Some(Verdict::Hit(Rule::IdCard, s, e)),
            IdCheck::Valid => return Some(Verdict::Fine),
            IdCheck::NearMiss
                if !labelled && !cand.in_url && !unit_after && near(t, s, e, 20, ID_KEYWORDS) =>
            {
                return Some(Verdict::Hit(Rule::IdCardSuspect, s, e));
            }
            _ => {}
        }
    }
    if labelled || cand.in_url || unit_after {
        return Some(Verdict::Fine);
    }
    if cc_single == 0 {
        if let Some(v) = bank_card(&cand) {
            return Some(v);
        }
        // 15-digit legacy IDs: no checksum, so only with ID wording nearby.
        if (cand.lens == [15] || cand.lens == [6, 6, 3])
            && id15_shape(cand.digits.as_bytes())
            && near(t, s, e, 20, ID_KEYWORDS)
        {
            return Some(Verdict::Hit(Rule::IdCardSuspect, s, e));
        }
    }
    let mobile_digits = &cand.digits[cc_single.min(cand.digits.len())..];
    let mobile_shape = matches!(cand.lens.as_slice(), [11] | [3, 4, 4] | [3, 8] | [7, 4])
        || (cc_single > 0 && mobile_digits.len() == 11);
    if mobile_shape && is_mobile(mobile_digits.as_bytes()) {
        if allow.allows_digits(mobile_digits) {
            return Some(Verdict::Fine);
        }
        return Some(Verdict::Hit(Rule::Mobile, s, e));
    }
    if is_landline(&cand) {
        if allow.allows_digits(&cand.digits) || !near(t, s, e, 15, PERSONAL_KEYWORDS) {
            return Some(Verdict::Fine);
        }
        return Some(Verdict::Hit(Rule::Landline, s, e));
    }
    None
}

/// `/2026-00012` after an 索引号 前段码.
fn is_index_suffix(t: &str, p: usize) -> bool {
    let b = t.as_bytes();
    let year = (0..4).all(|k| b.get(p + k).is_some_and(u8::is_ascii_digit));
    year && b.get(p + 4) == Some(&b'-') && b.get(p + 5).is_some_and(u8::is_ascii_digit)
}

fn bank_card(c: &Candidate<'_>) -> Option<Verdict> {
    let n = c.digits.len();
    if !(16..=19).contains(&n) {
        return None;
    }
    let grouped = c.lens.len() == 1
        || (c.lens.len() >= 4
            && c.lens[..c.lens.len() - 1].iter().all(|&l| l == 4)
            && (1..=4).contains(c.lens.last()?));
    if !grouped || !luhn(c.digits.as_bytes()) {
        return None;
    }
    let bin62 = c.digits.starts_with("62");
    let other =
        matches!(c.digits.as_bytes()[0], b'3'..=b'6') && near(c.t, c.s, c.e, 12, CARD_KEYWORDS);
    (bin62 || other).then_some(Verdict::Hit(Rule::BankCard, c.s, c.e))
}

fn is_landline(c: &Candidate<'_>) -> bool {
    let d = c.digits.as_bytes();
    if d.first() != Some(&b'0') || d.get(1) == Some(&b'0') {
        return false;
    }
    match c.lens.as_slice() {
        [n] => (10..=12).contains(n),
        [a, rest @ ..] if (1..=2).contains(&rest.len()) => {
            let local: usize = rest.iter().sum();
            (3..=4).contains(a)
                && (7..=8).contains(&local)
                && rest.iter().all(|&l| l >= 3)
                && d.get(*a).is_some_and(|&x| x >= b'2')
        }
        _ => false,
    }
}

/// The strict mainland mobile prefix check (`docs/rules.md` §2) on an 11-digit number.
fn is_mobile(d: &[u8]) -> bool {
    if d.len() != 11 || d[0] != b'1' || !d.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let (b2, b3) = (d[1], d[2]);
    match b2 {
        b'3' | b'8' => true,
        b'5' => b3 != b'4',
        b'7' => match b3 {
            b'4' => matches!((d[3], d[4]), (b'0', _) | (b'1', b'0'..=b'2') | (b'9', _)),
            _ => true,
        },
        b'9' => b3 != b'4',
        b'6' => matches!(b3, b'2' | b'5' | b'6' | b'7'),
        b'4' => matches!(b3, b'5' | b'7' | b'9'),
        _ => false,
    }
}

fn luhn(d: &[u8]) -> bool {
    let mut sum = 0u32;
    for (i, &c) in d.iter().rev().enumerate() {
        if !c.is_ascii_digit() {
            return false;
        }
        let mut v = u32::from(c - b'0');
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum.is_multiple_of(10)
}

#[derive(Debug, PartialEq, Eq)]
enum IdCheck {
    /// Checksum, province and date all valid.
    Valid,
    /// Shaped like an ID number (structure OK) but something does not check out.
    NearMiss,
    /// Not ID-shaped.
    No,
}

const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: &[u8; 11] = b"10X98765432";

/// The GB 11643 check character for the first 17 digits.
fn id_check_char(d: &[u8]) -> Option<u8> {
    let mut s = 0u32;
    for (i, w) in ID_WEIGHTS.iter().enumerate() {
        let c = *d.get(i)?;
        if !c.is_ascii_digit() {
            return None;
        }
        s += u32::from(c - b'0') * w;
    }
    ID_CHECK.get((s % 11) as usize).copied()
}

fn num(d: &[u8]) -> u32 {
    d.iter()
        .fold(0, |a, &c| a * 10 + u32::from(c.wrapping_sub(b'0')))
}

fn valid_province(p: u32) -> bool {
    matches!(p, 11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81..=83 | 91..=96)
}

fn id18(d: &[u8], today: u32) -> IdCheck {
    if d.len() != 18 || d[0] == b'0' || !d[..17].iter().all(u8::is_ascii_digit) {
        return IdCheck::No;
    }
    let last = d[17].to_ascii_uppercase();
    if !(last.is_ascii_digit() || last == b'X') {
        return IdCheck::No;
    }
    let (y, m, dd) = (num(&d[6..10]), num(&d[10..12]), num(&d[12..14]));
    if !(1800..=2099).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&dd) {
        return IdCheck::No;
    }
    let date_ok =
        dd <= days_in_month(i64::from(y), m) && y >= 1900 && y * 10000 + m * 100 + dd <= today;
    if date_ok && valid_province(num(&d[..2])) && id_check_char(d) == Some(last) {
        IdCheck::Valid
    } else {
        IdCheck::NearMiss
    }
}

fn id15_shape(d: &[u8]) -> bool {
    d.len() == 15
        && d[0] != b'0'
        && d.iter().all(u8::is_ascii_digit)
        && (1..=12).contains(&num(&d[8..10]))
        && (1..=31).contains(&num(&d[10..12]))
}

/// Today in China as `YYYYMMDD` (the one "today" of `crate::model::date`), computed once: an
/// ID number's birth date may not be later.
fn today() -> u32 {
    static TODAY: LazyLock<u32> = LazyLock::new(|| yyyymmdd(crate::model::date::Date::today()));
    *TODAY
}

fn yyyymmdd(d: crate::model::date::Date) -> u32 {
    u32::try_from(d.year).unwrap_or(0) * 10_000 + u32::from(d.month) * 100 + u32::from(d.day)
}

// ---------------------------------------------------------------------------------------------
// Military designations, mailboxes, coordinates, certificates.

/// Chinese numerals as written in unit codes (三二一四五部队).
const CN_DIGITS: &str = "〇零一二三四五六七八九";

fn unit_code(t: &str, hits: &mut Vec<(Rule, usize, usize)>) {
    // Spaces may split the code from 部队 or 部 from 队 (61234 部队, 61234部 队); the digits may be
    // Chinese numerals. Only this rule reads Chinese numerals as digits, so dates such as
    // 二〇二六年 raise nothing.
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?:[0-9]{5}|[〇零一二三四五六七八九]{5})[ \t]*部[ \t]*队(?:[0-9]{1,4}(?:分队|所|站|库))?",
        )
    });
    let tab_or_space = |c: char| c == ' ' || c == '\t';
    let digit = |c: char| c.is_ascii_digit() || CN_DIGITS.contains(c);
    if !marked(t, &['部'], tab_or_space, digit, Some('队')) {
        return;
    }
    each_match(&RE, t, |c| {
        let Some(m) = c.get(0) else { return false };
        let cn_before = char_before(t, m.start())
            .is_some_and(|p| CN_DIGITS.contains(p) || "十百千万".contains(p));
        let ok = digit_bounded_left(t, m.start()) && !cn_before;
        if ok {
            hits.push((Rule::UnitCode, m.start(), m.end()));
        }
        ok
    });
}

fn mailbox(t: &str, hits: &mut Vec<(Rule, usize, usize)>) {
    static RE: LazyLock<Regex> = LazyLock::new(|| re(r"[0-9]{3,6}号?信箱"));
    each_match(&RE, t, |c| {
        let Some(m) = c.get(0) else { return false };
        let ok = digit_bounded_left(t, m.start());
        if ok {
            hits.push((Rule::Mailbox, m.start(), m.end()));
        }
        ok
    });
}

fn lat_lon_ok(a: f64, b: f64) -> bool {
    (a.abs() <= 90.0 && b.abs() <= 180.0) || (a.abs() <= 180.0 && b.abs() <= 90.0)
}

fn decimal_coordinates(t: &str, hits: &mut Vec<(Rule, usize, usize)>) {
    static PAIR: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"([-+]?[0-9]{1,3}\.[0-9]{4,})\s*°?\s*[NSEWnsew]?\s*[,;]\s*([-+]?[0-9]{1,3}\.[0-9]{4,})(?:\s*°\s*[NSEWnsew]?|\s*[NSEW])?",
        )
    });
    static KEYWORD: LazyLock<Regex> = LazyLock::new(|| {
        re(r"(?:北纬|南纬|东经|西经|纬度|经度)\s*:?\s*[-+]?[0-9]{1,3}\.[0-9]{2,}(?:\s*°|度)?")
    });
    each_match(&PAIR, t, |c| {
        let (Some(m), Some(a), Some(b)) = (c.get(0), c.get(1), c.get(2)) else {
            return false;
        };
        let left = !byte_before(t, m.start()).is_some_and(|x| is_word_byte(x) || x == b'.');
        let right = !byte_at(t, m.end()).is_some_and(|x| x.is_ascii_digit() || x == b'.');
        let (Ok(x), Ok(y)) = (a.as_str().parse::<f64>(), b.as_str().parse::<f64>()) else {
            return false;
        };
        let ok = left && right && lat_lon_ok(x, y);
        if ok {
            hits.push((Rule::Coordinates, m.start(), m.end()));
        }
        ok
    });
    if t.contains('纬') || t.contains('经') {
        each_match(&KEYWORD, t, |c| {
            let Some(m) = c.get(0) else { return false };
            let ok = !byte_at(t, m.end()).is_some_and(|x| x.is_ascii_digit());
            if ok {
                hits.push((Rule::Coordinates, m.start(), m.end()));
            }
            ok
        });
    }
}

/// `lat=29.0&lon=106.6` (map links and query strings, in either order).
fn param_coordinates(t: &str, hits: &mut Vec<(Rule, usize, usize)>) {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\b(lat|latitude|lon|lng|long|longitude)\s*[=:]\s*([-+]?[0-9]{1,3}(?:\.[0-9]+)?)[^\n]{0,40}?\b(lat|latitude|lon|lng|long|longitude)\s*[=:]\s*([-+]?[0-9]{1,3}(?:\.[0-9]+)?)",
        )
    });
    each_match(&RE, t, |c| {
        let (Some(m), Some(k1), Some(v1), Some(k2), Some(v2)) =
            (c.get(0), c.get(1), c.get(2), c.get(3), c.get(4))
        else {
            return false;
        };
        let is_lat = |k: &str| {
            k.len() == 3 && k.eq_ignore_ascii_case("lat") || k.eq_ignore_ascii_case("latitude")
        };
        let (Ok(a), Ok(b)) = (v1.as_str().parse::<f64>(), v2.as_str().parse::<f64>()) else {
            return false;
        };
        let ok = is_lat(k1.as_str()) != is_lat(k2.as_str())
            && lat_lon_ok(a, b)
            && !byte_at(t, m.end()).is_some_and(|x| x.is_ascii_digit());
        if ok {
            hits.push((Rule::Coordinates, m.start(), m.end()));
        }
        ok
    });
}

fn dms_coordinates(t: &str, hits: &mut Vec<(Rule, usize, usize)>) {
    // 北纬29°1′, E106度39分, N 29°01'30"; and 29°1′N.
    static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r#"(?:北纬|南纬|东经|西经|[NSEW])\s*[0-9]{1,3}\s*(?:°|度)\s*[0-9]{1,2}(?:\.[0-9]+)?\s*(?:′|'|分)(?:\s*[0-9]{1,2}(?:\.[0-9]+)?\s*(?:″|′′|"|''|秒))?"#,
        )
    });
    static SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r#"[0-9]{1,3}\s*°\s*[0-9]{1,2}(?:\.[0-9]+)?\s*(?:′|')(?:\s*[0-9]{1,2}(?:\.[0-9]+)?\s*(?:″|′′|"|''))?\s*[NSEW]"#,
        )
    });
    // Both patterns put a degree sign after digits.
    if !marked(
        t,
        &['°', '度'],
        char::is_whitespace,
        |c| c.is_ascii_digit(),
        None,
    ) {
        return;
    }
    each_match(&PREFIX, t, |c| {
        let Some(m) = c.get(0) else { return false };
        let first = t.as_bytes().get(m.start()).copied().unwrap_or(0);
        let glued_letter =
            first.is_ascii_alphabetic() && byte_before(t, m.start()).is_some_and(is_word_byte);
        let glued_digit = byte_at(t, m.end()).is_some_and(|x| x.is_ascii_digit());
        let ok = !glued_letter && !glued_digit;
        if ok {
            hits.push((Rule::Coordinates, m.start(), m.end()));
        }
        ok
    });
    if t.contains('°') {
        each_match(&SUFFIX, t, |c| {
            let Some(m) = c.get(0) else { return false };
            let ok = word_bounded(t, m.start(), m.end());
            if ok {
                hits.push((Rule::Coordinates, m.start(), m.end()));
            }
            ok
        });
    }
}

fn certificate(t: &str, hits: &mut Vec<(Rule, usize, usize)>) {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?:优待证|残疾军人证|伤残军人证|残疾人证|军官证|士兵证|文职干部证|退役证|退伍证|军人证|烈士证明书)(号码|编号|号)?\s*(?:为|是)?\s*(:)?\s*((\p{Han}{1,2}字?)?第?[A-Za-z0-9][A-Za-z0-9-]{3,}号?)",
        )
    });
    each_match(&RE, t, |c| {
        let (Some(m), Some(code)) = (c.get(0), c.get(3)) else {
            return false;
        };
        let code_s = code.as_str();
        let digits = code_s.bytes().filter(u8::is_ascii_digit).count();
        let letters = code_s.bytes().any(|b| b.is_ascii_alphabetic());
        let labelled = c.get(1).is_some() || c.get(2).is_some();
        let ascii_len = code_s.bytes().filter(u8::is_ascii_alphanumeric).count();
        let unit_after = char_at(t, m.end())
            .is_some_and(|ch| UNIT_CHARS.contains(ch) || "年月日余多".contains(ch));
        let han_prefix = c.get(4).is_some();
        let ok = digits >= 3
            && (labelled || (!han_prefix && (letters || ascii_len >= 6)))
            && !unit_after
            && !byte_at(t, m.end()).is_some_and(is_word_byte);
        if ok {
            hits.push((Rule::Certificate, m.start(), m.end()));
        }
        ok
    });
}

// ---------------------------------------------------------------------------------------------
// Warnings: unit names, stationing, facilities, addresses.

fn army_group(t: &str, hits: &mut Vec<(Rule, usize, usize)>) {
    static RE: LazyLock<Regex> =
        LazyLock::new(|| re(r"第?(?:[一二三四五六七八九十百]{1,4}|[0-9]{1,3})集团军"));
    each_match(&RE, t, |c| {
        let Some(m) = c.get(0) else { return false };
        let ok = digit_bounded_left(t, m.start());
        if ok {
            hits.push((Rule::UnitName, m.start(), m.end()));
        }
        ok
    });
}

fn armed_police(t: &str, hits: &mut Vec<(Rule, usize, usize)>) {
    static RE: LazyLock<Regex> =
        LazyLock::new(|| re(r"武警(\p{Han}{1,10}?)(?:总队|支队|大队|中队)"));
    each_match(&RE, t, |c| {
        let (Some(m), Some(x)) = (c.get(0), c.get(1)) else {
            return false;
        };
        let x = x.as_str();
        let ok = !x.contains('某') && !x.contains('的') && !x.contains('和') && !x.contains('各');
        if ok {
            hits.push((Rule::UnitName, m.start(), m.end()));
        }
        ok
    });
}

fn division(t: &str, hits: &mut Vec<(Rule, usize, usize)>) {
    // Anchored on the 师/旅/团 character, then read backwards: a regex starting with a digit
    // class would stop at every number in the text.
    static KIND: LazyLock<Regex> = LazyLock::new(|| re("[师旅团]"));
    const CONTEXT: &[&str] = &["部队", "驻", "营区", "官兵", "军", "战士", "营长", "连长"];
    const CN_NUM: &str = "一二三四五六七八九十";
    let b = t.as_bytes();
    for m in KIND.find_iter(t) {
        let k = m.start();
        let mut s = k;
        while s > 0 && k - s < 3 && b[s - 1].is_ascii_digit() {
            s -= 1;
        }
        if s < k {
            if s > 0 && b[s - 1].is_ascii_digit() {
                continue; // part of a longer number
            }
        } else {
            let num_len: usize = t[..k]
                .chars()
                .rev()
                .take_while(|c| CN_NUM.contains(*c))
                .take(3)
                .map(char::len_utf8)
                .sum();
            if num_len == 0 || !t[..k - num_len].ends_with('第') {
                continue;
            }
            s = k - num_len;
        }
        if t[..s].ends_with('第') {
            s -= '第'.len_utf8();
        }
        if !digit_bounded_left(t, s) {
            continue;
        }
        // Optional battalion or company: 2团3营.
        let mut e = m.end();
        let mut dgt = e;
        while dgt < b.len() && dgt - e < 3 && b[dgt].is_ascii_digit() {
            dgt += 1;
        }
        if dgt > e && (t[dgt..].starts_with('营') || t[dgt..].starts_with('连')) {
            e = dgt + '营'.len_utf8();
        }
        let next = char_at(t, e);
        let excluded = match (m.as_str(), next) {
            ("师", Some(n)) => "生范资傅德友表长级大".contains(n),
            ("团", Some(n)) => "员队体结聚拜购日委支圆长".contains(n),
            ("旅", Some(n)) => "游行客途程馆店居".contains(n),
            _ => false,
        };
        if !excluded && near(t, s, e, 10, CONTEXT) {
            hits.push((Rule::UnitName, s, e));
        }
    }
}

fn stationing(t: &str, hits: &mut Vec<(Rule, usize, usize)>) {
    static RE: LazyLock<Regex> = LazyLock::new(|| re(r"驻(\p{Han}{1,8}?)(?:部队|官兵)"));
    /// General phrases (驻区部队, 驻地官兵, 驻港部队 …) name no particular unit.
    const GENERIC: &[&str] = &[
        "区",
        "地",
        "地区",
        "军",
        "本地",
        "当地",
        "辖区",
        "我区",
        "我市",
        "我县",
        "我镇",
        "本区",
        "本市",
        "本县",
        "本镇",
        "市",
        "县",
        "镇",
        "乡",
        "港",
        "澳",
        "香港",
        "澳门",
        "外",
        "村",
        "省",
        "华",
        "区各",
        "地各",
        "区各级",
    ];
    each_match(&RE, t, |c| {
        let (Some(m), Some(x)) = (c.get(0), c.get(1)) else {
            return false;
        };
        let x = x.as_str();
        let verb = x.starts_with(['扎', '守', '训', '防', '留', '在', '于', '点', '村', '外']);
        let ok = !x.contains('某')
            && !x.contains('的')
            && !verb
            && !GENERIC.contains(&x)
            && specific_place(x);
        if ok {
            hits.push((Rule::Stationing, m.start(), m.end()));
        }
        // A rejected "驻…" is consumed whole: "驻綦某部官兵" must not match again from inside.
        true
    });
}

/// Whether the place of a stationing statement is finer than the 泛称 the hint recommends:
/// 驻綦部队, 驻綦江部队, 驻黔各部队, 驻白部队 name a city or district and are generic; a town, a
/// village, a street, a hill or an island (驻三角镇部队, 驻某某村官兵) says where a unit actually is.
fn specific_place(x: &str) -> bool {
    const MARKERS: &[&str] = &[
        "镇", "乡", "村", "街道", "社区", "路", "街", "巷", "号", "山", "岛", "湾", "营", "场",
        "库",
    ];
    x.chars().count() > 6 || MARKERS.iter().any(|m| x.contains(m))
}

fn facility(t: &str, hits: &mut Vec<(Rule, usize, usize)>) {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        re(r"营区|训练场|靶场|阵地|雷达站|哨所|弹药库|洞库|作战工程|军用机场|军港")
    });
    for m in RE.find_iter(t) {
        let prev = char_before(t, m.start());
        let excluded = match m.as_str() {
            // 经营区域, 露营区 …
            "营区" => prev.is_some_and(|p| "经运露宿夜民私联国".contains(p)),
            // Figurative in notices (宣传阵地, 教育阵地, 主阵地, 前沿阵地 …) unless a military
            // qualifier names a real position: 炮兵阵地, 导弹阵地, 防空阵地, 雷达阵地, 发射阵地 ….
            "阵地" => !prev.is_some_and(|p| "炮弹空达射察挥击兵".contains(p)),
            "雷达站" => t[..m.start()].ends_with("气象"),
            "训练场" => prev.is_some_and(|p| "驾车能球".contains(p)),
            _ => false,
        };
        if !excluded {
            hits.push((Rule::Facility, m.start(), m.end()));
        }
    }
}

fn address(t: &str, has: &Present, hits: &mut Vec<(Rule, usize, usize)>) {
    const NUM: &str = "(?:[0-9]{1,4}|[一二三四五六七八九十]{1,3})";
    static BUILDING: LazyLock<Regex> = LazyLock::new(|| {
        re(&format!(
            r"{NUM}(?:栋|幢|号楼)(?P<u>{NUM}单元)?(?P<f>[0-9]{{1,2}}(?:楼|层))?(?P<r>[0-9]{{1,2}}-[0-9]{{1,4}}|[0-9]{{2,4}}(?:室|号)?)?"
        ))
    });
    static UNIT: LazyLock<Regex> = LazyLock::new(|| {
        re(&format!(
            r"{NUM}单元(?:[0-9]{{1,2}}(?:楼|层))?[0-9]{{2,4}}(?:室|号)?"
        ))
    });
    static LIVES: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?:家住|住址|现住|现居住?|居住在|家庭住址|门牌号码?)\s*(?:为|是|在)?\s*:?\s*[\p{Han}0-9-]{0,24}(?:路|街|道|巷|弄|村|组|小区|花园|苑|栋|幢|单元|室|社区|大院|胡同|[0-9]号)",
        )
    });
    let room_unit_after =
        |e: usize| char_at(t, e).is_some_and(|c| "套户间个人名平米万元家处".contains(c));
    if has.any(&['栋', '幢']) || (has.any(&['楼']) && t.contains("号楼")) {
        each_match(&BUILDING, t, |c| {
            let Some(m) = c.get(0) else { return false };
            let detail = c.name("u").is_some() || c.name("f").is_some() || c.name("r").is_some();
            let ok = detail && digit_bounded_left(t, m.start()) && !room_unit_after(m.end());
            if ok {
                hits.push((Rule::Address, m.start(), m.end()));
            }
            ok
        });
    }
    if has.all(&['单', '元']) && t.contains("单元") {
        each_match(&UNIT, t, |c| {
            let Some(m) = c.get(0) else { return false };
            let ok = digit_bounded_left(t, m.start()) && !room_unit_after(m.end());
            if ok {
                hits.push((Rule::Address, m.start(), m.end()));
            }
            ok
        });
    }
    if has.any(&['住']) || (has.all(&['门', '牌']) && t.contains("门牌")) {
        for m in LIVES.find_iter(t) {
            hits.push((Rule::Address, m.start(), m.end()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prechecks_let_every_possible_match_through() {
        let p = Present::new("驻地61234部队，北纬29°，lat");
        assert!(p.any(&['驻']) && p.all(&['部', '°', 'l']) && !p.any(&['栋', 'L']));
        let tab = |c: char| c == ' ' || c == '\t';
        let digit = |c: char| c.is_ascii_digit() || CN_DIGITS.contains(c);
        assert!(marked("61234 部\t队", &['部'], tab, digit, Some('队')));
        assert!(marked("六一二三四部队", &['部'], tab, digit, Some('队')));
        assert!(!marked(
            "全体部队，第5部分",
            &['部'],
            tab,
            digit,
            Some('队')
        ));
        let deg = |t| {
            marked(
                t,
                &['°', '度'],
                char::is_whitespace,
                |c| c.is_ascii_digit(),
                None,
            )
        };
        assert!(deg("东经106\n度") && deg("29°N") && !deg("年度制度"));
    }

    /// Appends the GB 11643 check character to 17 digits.
    fn make_id(first17: &str) -> String {
        let c = id_check_char(first17.as_bytes()).unwrap();
        format!("{first17}{}", c as char)
    }

    /// Appends a Luhn check digit.
    fn make_card(body: &str) -> String {
        for d in b'0'..=b'9' {
            let s = format!("{body}{}", d as char);
            if luhn(s.as_bytes()) {
                return s;
            }
        }
        unreachable!()
    }

    /// A wrong check character for an ID body.
    fn bad_id(first17: &str) -> String {
        let good = id_check_char(first17.as_bytes()).unwrap();
        let bad = if good == b'1' { '2' } else { '1' };
        format!("{first17}{bad}")
    }

    fn rules(text: &str, allow: &Allow) -> Vec<(&'static str, String)> {
        scan(text, allow)
            .into_iter()
            .map(|f| (f.rule.id(), f.matched))
            .collect()
    }

    fn check(cases: &[(&str, &[(&str, &str)])], allow: &Allow) {
        for (text, want) in cases {
            let got = rules(text, allow);
            let want: Vec<(&str, String)> = want.iter().map(|(r, m)| (*r, m.to_string())).collect();
            assert_eq!(got, want, "text: {text}");
            for f in scan(text, allow) {
                assert_eq!(&text[f.start..f.end], f.matched);
            }
        }
    }

    #[test]
    fn check_digits_and_dates() {
        // Weights are 2^(17-i) mod 11.
        for (i, w) in ID_WEIGHTS.iter().enumerate() {
            assert_eq!(*w, (1u32 << (17 - i)) % 11);
        }
        assert_eq!(
            id18(make_id("50022219800101001").as_bytes(), 20260101),
            IdCheck::Valid
        );
        assert_eq!(
            id18(bad_id("50022219800101001").as_bytes(), 20260101),
            IdCheck::NearMiss
        );
        // Future birth date, 30 February, unknown province.
        assert_eq!(
            id18(make_id("50022220990101001").as_bytes(), 20260101),
            IdCheck::NearMiss
        );
        assert_eq!(
            id18(make_id("50022219800230001").as_bytes(), 20260101),
            IdCheck::NearMiss
        );
        assert_eq!(
            id18(make_id("99022219800101001").as_bytes(), 20260101),
            IdCheck::NearMiss
        );
        assert_eq!(id18(b"500222198013010011", 20260101), IdCheck::No);
        use crate::model::date::Date;
        assert_eq!(yyyymmdd(Date::from_days(0)), 19700101);
        assert_eq!(yyyymmdd(Date::from_days(20_600)), 20260527);
        assert_eq!(yyyymmdd(Date::from_days(11_016)), 20000229);
        assert!(today() >= 20250101);
        assert!(luhn(b"79927398713"));
        assert!(!luhn(b"79927398710"));
    }

    #[test]
    fn literal_markdown_markers_do_not_split_a_number() {
        let id = make_id("11010519500101000");
        let (a, b) = id.split_at(1);
        for text in [
            format!("证件号码 *{a}*{b}"),
            format!("证件号码 {a}**{b}**"),
            format!("证件号码 {a}`{b}`"),
            format!("证件号码 {a}~~{b}~~"),
        ] {
            assert_eq!(rules(&text, &Allow::default()).len(), 1, "{text}");
        }
        for id in [make_id("11010519621006680"), make_id("11010519800101001")] {
            for sep in [".", " ", "-"] {
                let text = format!("证件 {}{sep}{}{sep}{}", &id[..6], &id[6..14], &id[14..]);
                assert_eq!(rules(&text, &Allow::default()).len(), 1, "{text}");
            }
        }
        let r = rules("联系电话 138*1234*5678", &Allow::default());
        assert_eq!(r.first().map(|(rule, _)| *rule), Some("privacy/mobile"));
        // Arithmetic and ranges stay apart: too short to be numbers at all.
        assert!(rules("3*4=12，2026_05_20", &Allow::default()).is_empty());
    }

    #[test]
    fn mobile_prefixes() {
        let yes = [
            "13812345678",
            "15012345678",
            "17012345678",
            "17401234567",
            "17411234567",
            "17491234567",
            "19912345678",
            "16612345678",
            "14712345678",
            "18012345678",
        ];
        let no = [
            "12345678901",
            "15412345678",
            "17451234567",
            "17431234567",
            "19412345678",
            "16012345678",
            "14012345678",
            "10012345678",
            "1381234567",
        ];
        for y in yes {
            assert!(is_mobile(y.as_bytes()), "{y}");
        }
        for n in no {
            assert!(!is_mobile(n.as_bytes()), "{n}");
        }
    }

    #[test]
    fn id_cards() {
        let valid = make_id("50022219800101001");
        let valid_x = make_id("11010519491231002");
        let bad = bad_id("50022219800101001");
        let allow = Allow::default();
        let t1 = format!("张某某，身份证号{valid}，现居綦江。");
        let t2 = format!("号码 {valid_x}");
        let t3 = format!("证件号码：{bad}");
        let t4 = format!("编号{bad}的档案"); // no ID wording: a near miss is not reported
        let t5 = "身份证号码110101********1234，已打码。".to_string();
        let t6 = "身份证号码1101**********123X。".to_string();
        let t7 = "身份证号 500222800101001".to_string(); // legacy 15-digit
        let t8 = "统计编号 500222800101001".to_string(); // legacy shape, no ID wording
        let t9 = format!("索引号：{valid}/2026-00012");
        let t10 = format!("档案号A{valid}");
        let t11 = format!("{valid}7");
        let t12 = format!("身份证：{} {} {}", &valid[..6], &valid[6..14], &valid[14..]);
        let t13 = format!("https://example.gov.cn/info?id={valid}");
        let valid_lower = valid_x.to_lowercase();
        let t14 = format!("身份证{valid_lower}");
        let cases: Vec<(&str, Vec<(&str, &str)>)> = vec![
            (&t1, vec![("privacy/id-card", &valid)]),
            (&t2, vec![("privacy/id-card", &valid_x)]),
            (&t3, vec![("privacy/id-card-suspect", &bad)]),
            (&t4, vec![]),
            (&t5, vec![]),
            (&t6, vec![]),
            (&t7, vec![("privacy/id-card-suspect", "500222800101001")]),
            (&t8, vec![]),
            (&t9, vec![]),
            (&t10, vec![]),
            (&t11, vec![]),
            (&t12, vec![("privacy/id-card", &t12["身份证：".len()..])]),
            (&t13, vec![("privacy/id-card", &valid)]),
            (&t14, vec![("privacy/id-card", &valid_lower)]),
        ];
        for (text, want) in &cases {
            check(&[(text, want.as_slice())], &allow);
        }
        assert!(
            valid_x.ends_with('X'),
            "test data should cover the X check digit: {valid_x}"
        );
    }

    #[test]
    fn mobiles() {
        let allow = Allow::new(["023-12345678", "+86 139 0000 1111"]);
        let fw = "联系电话：１３８１２３４５６７８。";
        let cases: &[(&str, &[(&str, &str)])] = &[
            (
                "联系人张某某，手机13812345678。",
                &[("privacy/mobile", "13812345678")],
            ),
            (
                "电话 138 1234 5678 ",
                &[("privacy/mobile", "138 1234 5678")],
            ),
            ("电话138-1234-5678", &[("privacy/mobile", "138-1234-5678")]),
            (
                "请拨打+86 138 1234 5678",
                &[("privacy/mobile", "+86 138 1234 5678")],
            ),
            (
                "请拨打+8613812345678",
                &[("privacy/mobile", "+8613812345678")],
            ),
            (
                "请拨打0086-13812345678",
                &[("privacy/mobile", "0086-13812345678")],
            ),
            (fw, &[("privacy/mobile", "１３８１２３４５６７８")]),
            (
                "两人：13812345678 13912345678",
                &[
                    ("privacy/mobile", "13812345678"),
                    ("privacy/mobile", "13912345678"),
                ],
            ),
            ("tel:13812345678", &[("privacy/mobile", "13812345678")]),
            // Fine:
            ("手机138****5678", &[]),
            ("值班手机 139 0000 1111（公开）", &[]),
            ("共发放慰问金138.5万元，惠及13812户。", &[]),
            ("累计金额13812345678元", &[]),
            ("订单号13812345678", &[]),
            ("流水号：20260528138123456789", &[]),
            ("编号913812345678", &[]),
            ("编号 12345678901、15412345678、16012345678", &[]),
            ("綦拥组〔2026〕3号，2026年5月28日，20260528", &[]),
            ("索引号：11500222MB1234567X/2026-00012", &[]),
            (
                "见 https://sy.example.gov.cn/art/2026/5/28/art_13812345678.html",
                &[],
            ),
            ("www.example.cn/13812345678", &[]),
            ("AB13812345678", &[]),
            ("13812345678.5", &[]),
            ("0.13812345678", &[]),
            ("¥13812345678", &[]),
        ];
        check(cases, &allow);
        // Offsets of the full-width number point at the original characters.
        let f = &scan(fw, &allow)[0];
        assert_eq!(f.start, fw.find('１').unwrap());
        assert_eq!(f.end, fw.find('。').unwrap());
    }

    #[test]
    fn landlines() {
        let allow = Allow::new(["023-12345678", "023-66668888"]);
        let cases: &[(&str, &[(&str, &str)])] = &[
            ("联系电话：023-12345678", &[]),
            ("联系电话：023 1234 5678", &[]),
            ("联系电话：(023)12345678", &[]),
            ("办公室电话023-87654321", &[]),
            (
                "其家庭电话023-87654321",
                &[("privacy/landline", "023-87654321")],
            ),
            (
                "本人座机 02387654321",
                &[("privacy/landline", "02387654321")],
            ),
            (
                "家中电话（023）87654321",
                &[("privacy/landline", "（023）87654321")],
            ),
            ("家中电话023-66668888", &[]), // allowed number
        ];
        check(cases, &allow);
        // "(023)" normalises from full-width parentheses; the span covers the original ones.
        let text = "家中电话（023）87654321";
        let f = &scan(text, &allow)[0];
        assert_eq!(&text[f.start..f.end], "（023）87654321");
    }

    #[test]
    fn bank_cards() {
        let card16 = make_card("622202123456789");
        let card19 = make_card("622848001234567890");
        let visa = make_card("453201511283036");
        let mut bad16 = card16.clone();
        let last = bad16.pop().unwrap();
        bad16.push(if last == '9' {
            '0'
        } else {
            (last as u8 + 1) as char
        });
        let grouped = format!(
            "{} {} {} {}",
            &card16[..4],
            &card16[4..8],
            &card16[8..12],
            &card16[12..]
        );
        let t1 = format!("捐款账户{card16}");
        let t2 = format!("卡{card19}");
        let t3 = format!("尾号{bad16}");
        let t4 = format!("银行卡号：{visa}");
        let t5 = format!("编号{visa}");
        let t6 = format!("卡号 {grouped}");
        let t7 = "随机数1234567812345678和9876543210987654".to_string();
        let cases: Vec<(&str, Vec<(&str, &str)>)> = vec![
            (&t1, vec![("privacy/bank-card", &card16)]),
            (&t2, vec![("privacy/bank-card", &card19)]),
            (&t3, vec![]),
            (&t4, vec![("privacy/bank-card", &visa)]),
            (&t5, vec![]),
            (&t6, vec![("privacy/bank-card", &grouped)]),
            (&t7, vec![]),
        ];
        for (text, want) in &cases {
            check(&[(text, want.as_slice())], &Allow::default());
        }
    }

    #[test]
    fn military() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            ("他曾在32101部队服役", &[("secrecy/unit-code", "32101部队")]),
            (
                "32101部队12分队",
                &[("secrecy/unit-code", "32101部队12分队")],
            ),
            ("１２３４５部队", &[("secrecy/unit-code", "１２３４５部队")]),
            ("132101部队", &[]),
            ("他曾在某部服役，现为某旅士官", &[]),
            ("来信寄至8888信箱", &[("secrecy/mailbox", "8888信箱")]),
            ("重庆市123号信箱转", &[("secrecy/mailbox", "123号信箱")]),
            ("区长信箱、书记信箱", &[]),
            (
                "陆军第七十三集团军某旅",
                &[("secrecy/unit-name", "第七十三集团军")],
            ),
            ("第13集团军", &[("secrecy/unit-name", "第13集团军")]),
            ("某集团军", &[]),
            ("驻地部队3旅官兵", &[("secrecy/unit-name", "3旅")]),
            (
                "部队15师2团",
                &[("secrecy/unit-name", "15师"), ("secrecy/unit-name", "2团")],
            ),
            ("全校300师生参加", &[]),
            ("组织3团参观", &[]),
            ("武警重庆总队", &[("secrecy/unit-name", "武警重庆总队")]),
            ("武警某支队", &[]),
            // Issue 15: 驻+place+(各)部队 is the recommended generic form.
            ("驻綦江部队官兵", &[]),
            (
                "驻三角镇部队官兵",
                &[("secrecy/stationing", "驻三角镇部队")],
            ),
            ("驻綦某部官兵", &[]),
            ("驻渝某部", &[]),
            ("慰问驻区部队和驻地官兵", &[]),
            ("驻扎在山区的部队", &[]),
            (
                "参观营区和训练场",
                &[("secrecy/facility", "营区"), ("secrecy/facility", "训练场")],
            ),
            (
                "雷达站、哨所、弹药库、洞库、军港",
                &[
                    ("secrecy/facility", "雷达站"),
                    ("secrecy/facility", "哨所"),
                    ("secrecy/facility", "弹药库"),
                    ("secrecy/facility", "洞库"),
                    ("secrecy/facility", "军港"),
                ],
            ),
            ("建好双拥宣传阵地、思想阵地", &[]),
            ("经营区域、气象雷达站", &[]),
        ];
        check(cases, &Allow::default());
    }

    #[test]
    fn coordinates() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            (
                "位置29.0276, 106.6512附近",
                &[("secrecy/coordinates", "29.0276, 106.6512")],
            ),
            (
                "位置29.0276，106.6512",
                &[("secrecy/coordinates", "29.0276，106.6512")],
            ),
            (
                "29.0276°N, 106.6512°E",
                &[("secrecy/coordinates", "29.0276°N, 106.6512°E")],
            ),
            ("北纬29°1′", &[("secrecy/coordinates", "北纬29°1′")]),
            ("E106度39分", &[("secrecy/coordinates", "E106度39分")]),
            (
                "北纬29°01′30″，东经106°39′",
                &[
                    ("secrecy/coordinates", "北纬29°01′30″"),
                    ("secrecy/coordinates", "东经106°39′"),
                ],
            ),
            ("29°1′N", &[("secrecy/coordinates", "29°1′N")]),
            ("北纬29.0276度", &[("secrecy/coordinates", "北纬29.0276度")]),
            // Fine:
            ("增长12.5%，占比3.25%", &[]),
            ("共138.5万元, 12.3万人", &[]),
            ("版本1.2.3456, 7.8901", &[]),
            ("温度29度，湿度60%", &[]),
            ("ONE29度5分", &[]),
            ("全年度5分", &[]),
        ];
        check(cases, &Allow::default());
    }

    #[test]
    fn certificates() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            (
                "优待证号：QJ2023001",
                &[("privacy/certificate", "优待证号：QJ2023001")],
            ),
            (
                "残疾军人证编号 渝A123456",
                &[("privacy/certificate", "残疾军人证编号 渝A123456")],
            ),
            ("优待证发放123456", &[]),
            (
                "残疾军人证编号 A123456",
                &[("privacy/certificate", "残疾军人证编号 A123456")],
            ),
            (
                "军官证号码为123456",
                &[("privacy/certificate", "军官证号码为123456")],
            ),
            (
                "军官证号：军字第123456号",
                &[("privacy/certificate", "军官证号：军字第123456号")],
            ),
            (
                "退伍证20150123",
                &[("privacy/certificate", "退伍证20150123")],
            ),
            ("全区已发放优待证13812张", &[]),
            ("优待证2026年起启用", &[]),
            ("为退役军人办理优待证", &[]),
        ];
        check(cases, &Allow::default());
    }

    #[test]
    fn addresses() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            (
                "住在幸福小区3栋2单元501室",
                &[("privacy/address", "3栋2单元501室")],
            ),
            ("8号楼1单元", &[("privacy/address", "8号楼1单元")]),
            ("5栋3-2", &[("privacy/address", "5栋3-2")]),
            ("二单元302", &[("privacy/address", "二单元302")]),
            (
                "家住綦江区古南街道",
                &[("privacy/address", "家住綦江区古南街道")],
            ),
            (
                "现住綦江区古南街道沿河路18号3栋2单元501室，",
                &[(
                    "privacy/address",
                    "现住綦江区古南街道沿河路18号3栋2单元501室",
                )],
            ),
            (
                "住址：文龙路18号",
                &[("privacy/address", "住址：文龙路18号")],
            ),
            ("新建住房3栋120套", &[]),
            ("修缮3栋楼房", &[]),
            ("居住在城区的退役军人", &[]),
            ("第一单元学习", &[]),
        ];
        check(cases, &Allow::default());
    }

    #[test]
    fn allow_list() {
        let a = Allow::new(["023-12345678", "电话：138 0000 1111", "12", ""]);
        assert!(a.allows("023 1234 5678"));
        assert!(a.allows("(023)12345678"));
        assert!(a.allows("12345678"));
        assert!(a.allows("+86 13800001111"));
        assert!(a.allows("13800001111"));
        assert!(!a.allows("13800001112"));
        assert!(!a.allows("12"));
        assert!(!Allow::default().allows("13800001111"));
        assert!(Allow::new(["x"]).is_empty());
    }

    #[test]
    fn ordinary_prose_has_no_findings() {
        let text = include_str!("testdata/ordinary_prose.md");
        let allow = Allow::new(["023-12345678"]);
        let found = scan(text, &allow);
        assert!(found.iter().all(|f| !f.is_blocking()), "{found:#?}");
        assert!(found.is_empty(), "{found:#?}");
        // Without the allow-list the office number is still fine: no personal wording near it.
        assert!(scan(text, &Allow::default()).is_empty());
    }

    #[test]
    fn never_panics_and_offsets_are_boundaries() {
        let tricky = [
            "",
            "１",
            "+",
            "+86",
            "驻",
            "驻部队",
            "0086",
            "(0",
            "(023)",
            "(023) ",
            "(023)1",
            "1234567890123456789012345678901234567890",
            "13812345678-",
            "-13812345678",
            "北纬",
            "北纬29°",
            "优待证号：",
            "3栋",
            "\u{0}\u{ffff}１３８１２３４５６７８\u{10ffff}",
            "⑩①②③④⑤⑥⑦⑧⑨⑩",
            "㍱１３８１２３４５６７８㍱",
            "ﬃ１３８－１２３４－５６７８ﬃ",
            "1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9",
            "1-1-1-1-1-1-1-1-1-1-1-1-1-1-1",
        ];
        for s in tricky {
            for f in scan(s, &Allow::default()) {
                assert!(
                    s.is_char_boundary(f.start) && s.is_char_boundary(f.end),
                    "{s}"
                );
                assert_eq!(&s[f.start..f.end], f.matched);
            }
        }
        // Every prefix of a mixed text, cut on char boundaries.
        let mixed = "张某某，身份证号500222198001010011，手机１３８ １２３４ ５６７８，住3栋2单元501室，北纬29°1′，32101部队。";
        for (i, _) in mixed.char_indices() {
            let s = &mixed[..i];
            for f in scan(s, &Allow::default()) {
                assert_eq!(&s[f.start..f.end], f.matched);
            }
        }
    }

    #[test]
    fn false_positive_corpus_has_no_findings() {
        // Real-notice-style text (`docs/rules.md` §2): generic 驻X部队 forms, figurative 阵地, dates,
        // 文号, amounts, office numbers. Issue 15 requires zero findings here.
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/check/testdata/notices");
        let mut names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        names.sort();
        assert!(names.len() >= 10, "{names:?}");
        for path in names {
            let text = std::fs::read_to_string(&path).unwrap();
            let found = scan(&text, &Allow::default());
            assert!(found.is_empty(), "{}: {found:#?}", path.display());
            let rendered = super::super::normalize::reader_text(&text);
            let found = scan(&rendered, &Allow::default());
            assert!(
                found.is_empty(),
                "{} (reader text): {found:#?}",
                path.display()
            );
        }
    }

    #[test]
    fn true_positive_corpus_finds_what_it_names() {
        let corpus = include_str!("testdata/true_positives.tsv");
        let mut n = 0;
        for line in corpus
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let (text, want) = line.split_once('\t').unwrap_or((line, ""));
            let want: Vec<(String, String)> = want
                .split(" | ")
                .filter(|w| !w.is_empty())
                .map(|w| {
                    let (r, m) = w.split_once('=').unwrap();
                    (r.to_string(), m.to_string())
                })
                .collect();
            let got: Vec<(String, String)> = rules(text, &Allow::default())
                .into_iter()
                .map(|(r, m)| (r.to_string(), m))
                .collect();
            assert_eq!(got, want, "{text}");
            n += 1;
        }
        assert!(n >= 20);
    }
}

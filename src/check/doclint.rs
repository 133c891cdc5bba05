//! Official-document (公文) text lint for documents and briefings (`docs/rules.md` §3).
//! Every rule here warns; none blocks the build.
//!
//! - [`check_doc_no`]: the 发文字号 form `机关代字〔2026〕3号` (六角括号 U+3014/U+3015, four-digit
//!   year, no 第, no leading zeros);
//! - [`check_title`]: no trailing punctuation (a closing 》, ）, ” or a full-width ？ is fine),
//!   no ASCII punctuation between Chinese characters;
//! - [`check_body`]: Chinese dates (Arabic digits, no leading zeros, a real calendar date), the
//!   heading sequence 一、→（一）→1.→（1） with no skipped level and no wrong forms (`1、`,
//!   `（一）、`, `(一)`), ASCII punctuation between Chinese characters.
//!
//! All offsets are byte offsets into the string that was checked. Fenced code blocks, inline
//! code, link destinations, HTML tags and URLs are not checked.

use std::sync::LazyLock;

use regex::Regex;

use super::normalize::{char_at, char_before};
use super::{Finding, Rule};
use crate::i18n::Lang;
use crate::model::date::days_in_month;
use crate::text::is_han;

fn re(pattern: &str) -> Regex {
    // The patterns are constants checked by the unit tests; a bad one is a programming error.
    Regex::new(pattern).expect("built-in lint pattern compiles")
}

fn finding(rule: Rule, text: &str, start: usize, end: usize) -> Option<Finding> {
    let matched = text.get(start..end)?;
    (start < end).then(|| Finding {
        rule,
        start,
        end,
        matched: matched.to_string(),
        rendered: false,
    })
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}'
}

// ---------------------------------------------------------------------------------------------
// 发文字号

/// One thing wrong with a 发文字号.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocNoProblem {
    /// The year is not in 六角括号 〔〕 (e.g. `[2024]`, `(2024)`, `【2024】`).
    Brackets,
    /// The year is not written in full (`〔24〕`).
    ShortYear,
    /// A 第 before the sequence number (`第5号`).
    Ordinal,
    /// A leading zero in the sequence number (`05号`).
    LeadingZero,
    /// No 号 after the sequence number.
    MissingHao,
    /// No 机关代字 before the year.
    MissingOrg,
    /// Full-width digits (`２０２６`).
    FullWidthDigits,
    /// Spaces inside the number.
    Spaces,
    /// Not recognisable as `机关代字〔年份〕序号号` at all.
    Unrecognised,
}

impl DocNoProblem {
    /// A short description of the problem.
    pub fn describe(self, lang: Lang) -> &'static str {
        match self {
            DocNoProblem::Brackets => lang.pick(
                "年份应用六角括号“〔〕”括入",
                "the year goes in the hexagonal brackets 〔〕",
            ),
            DocNoProblem::ShortYear => {
                lang.pick("年份应写全四位", "write the year with all four digits")
            }
            DocNoProblem::Ordinal => lang.pick("序号前不加“第”", "no “第” before the number"),
            DocNoProblem::LeadingZero => lang.pick(
                "序号不编虚位（不加前导0）",
                "no leading zeros in the number",
            ),
            DocNoProblem::MissingHao => {
                lang.pick("序号后应加“号”", "the number is followed by “号”")
            }
            DocNoProblem::MissingOrg => lang.pick(
                "缺少机关代字",
                "the issuing organ's abbreviation is missing",
            ),
            DocNoProblem::FullWidthDigits => {
                lang.pick("数字应使用半角阿拉伯数字", "use half-width Arabic digits")
            }
            DocNoProblem::Spaces => lang.pick("不应包含空格", "no spaces inside"),
            DocNoProblem::Unrecognised => lang.pick(
                "应为“机关代字〔年份〕序号号”的形式",
                "the form is “机关代字〔year〕N号”",
            ),
        }
    }
}

static DOC_NO: LazyLock<Regex> =
    LazyLock::new(|| re(r"^[\p{Han}A-Za-z]+〔(?:19|20)[0-9]{2}〕[1-9][0-9]*号$"));

/// Lists what is wrong with a 发文字号 (empty when it is well-formed). Surrounding whitespace
/// is ignored.
pub fn doc_no_problems(s: &str) -> Vec<DocNoProblem> {
    static LOOSE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"^(?P<org>.*?)(?P<open>[〔\[\(【（［〈「<{〖《])\s*(?P<year>[0-9０-９]+)\s*(?P<close>[〕\]\)】）］〉」>}〗》])\s*(?P<di>第)?\s*(?P<seq>[0-9０-９]+)\s*(?P<hao>号)?$",
        )
    });
    let t = s.trim_matches(is_space);
    if t.is_empty() || DOC_NO.is_match(t) {
        return Vec::new();
    }
    let mut p = Vec::new();
    let Some(c) = LOOSE.captures(t) else {
        if t.contains('第') {
            p.push(DocNoProblem::Ordinal);
        }
        p.push(DocNoProblem::Unrecognised);
        return p;
    };
    let part = |n: &str| c.name(n).map_or("", |m| m.as_str());
    let (org, year, seq) = (part("org"), part("year"), part("seq"));
    if org.trim_matches(is_space).is_empty() {
        p.push(DocNoProblem::MissingOrg);
    }
    if part("open") != "〔" || part("close") != "〕" {
        p.push(DocNoProblem::Brackets);
    }
    let fw = |s: &str| s.chars().any(|c| ('０'..='９').contains(&c));
    if fw(year) || fw(seq) {
        p.push(DocNoProblem::FullWidthDigits);
    }
    if year.chars().count() != 4 {
        p.push(DocNoProblem::ShortYear);
    }
    if c.name("di").is_some() {
        p.push(DocNoProblem::Ordinal);
    }
    if seq.starts_with(['0', '０']) {
        p.push(DocNoProblem::LeadingZero);
    }
    if c.name("hao").is_none() {
        p.push(DocNoProblem::MissingHao);
    }
    if t.chars().any(is_space) {
        p.push(DocNoProblem::Spaces);
    }
    let year_ascii: String = year
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect();
    if year_ascii.len() == 4 && !(year_ascii.starts_with("19") || year_ascii.starts_with("20")) {
        p.push(DocNoProblem::Unrecognised);
    }
    if p.is_empty() {
        // e.g. punctuation inside the 机关代字.
        p.push(DocNoProblem::Unrecognised);
    }
    p
}

/// The message for a malformed 发文字号 (used by [`Rule::message`]).
pub(crate) fn doc_no_message(lang: Lang, m: &str) -> String {
    let problems: Vec<&str> = doc_no_problems(m)
        .into_iter()
        .map(|p| p.describe(lang))
        .collect();
    let list = problems.join(lang.pick("；", "; "));
    match lang {
        Lang::Zh if list.is_empty() => format!("发文字号“{m}”格式不规范"),
        Lang::Zh => format!("发文字号“{m}”格式不规范：{list}"),
        Lang::En if list.is_empty() => format!("document number “{m}” is malformed"),
        Lang::En => format!("document number “{m}” is malformed: {list}"),
    }
}

/// Checks a 发文字号 such as `綦拥组〔2026〕3号`. Returns a [`Rule::DocNo`] finding covering the
/// whole number (surrounding whitespace excluded) when it is malformed; an empty string is fine.
#[must_use]
pub fn check_doc_no(s: &str) -> Option<Finding> {
    let start = s.len() - s.trim_start_matches(is_space).len();
    let end = s.trim_end_matches(is_space).len();
    if start >= end || doc_no_problems(s).is_empty() {
        return None;
    }
    finding(Rule::DocNo, s, start, end)
}

// ---------------------------------------------------------------------------------------------
// Titles

/// Characters a title may end with although they are punctuation.
const TITLE_END_OK: &str = "》）)”’」』】〕？";
/// Punctuation that must not end a title.
const TITLE_END_BAD: &str = "。，、；：！,.;:!?…—-·~～";

/// Checks a title: no trailing punctuation (a closing book-title mark, bracket, quotation mark
/// or full-width question mark is fine) and no ASCII punctuation between Chinese characters.
#[must_use]
pub fn check_title(s: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let body = s.trim_end_matches(is_space);
    let mut start = body.len();
    for (i, c) in body.char_indices().rev() {
        if TITLE_END_BAD.contains(c) && !TITLE_END_OK.contains(c) {
            start = i;
        } else {
            break;
        }
    }
    punctuation(s, 0, s.len(), &[], &mut out);
    if start < body.len() {
        // An ASCII mark already reported as punctuation between Han is not reported twice.
        out.retain(|f| f.start < start);
        out.extend(finding(Rule::TitlePunctuation, s, start, body.len()));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Dates

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?P<y>[0-9０-９]{4}|[〇○零一二三四五六七八九]{4})年(?P<m>[0-9０-９]{1,2}|十[一二]?|[一二三四五六七八九])月(?:(?P<d>[0-9０-９]{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])日)?",
    )
});

/// Parses one number written in digits or Chinese numerals (〇 to 九十九).
fn cn_number(s: &str) -> Option<u32> {
    let digit = |c: char| -> Option<u32> {
        match c {
            '0'..='9' => c.to_digit(10),
            '０'..='９' => Some(c as u32 - '０' as u32),
            '〇' | '○' | '零' => Some(0),
            '一' => Some(1),
            '二' => Some(2),
            '三' => Some(3),
            '四' => Some(4),
            '五' => Some(5),
            '六' => Some(6),
            '七' => Some(7),
            '八' => Some(8),
            '九' => Some(9),
            _ => None,
        }
    };
    if s.is_empty() {
        return None;
    }
    if let Some((tens, ones)) = s.split_once('十') {
        let t = if tens.is_empty() {
            1
        } else {
            digit(tens.chars().next()?)?
        };
        let o = if ones.is_empty() {
            0
        } else {
            digit(ones.chars().next()?)?
        };
        if tens.chars().count() > 1 || ones.chars().count() > 1 {
            return None;
        }
        return Some(t * 10 + o);
    }
    s.chars()
        .try_fold(0u32, |a, c| Some(a.checked_mul(10)? + digit(c)?))
}

/// The standard form (`2026年5月8日`) of a Chinese date written as `2026年05月08日`,
/// `二〇二六年五月八日` or with full-width digits. None when it is not a real date.
pub fn canonical_date(s: &str) -> Option<String> {
    let c = DATE.captures(s)?;
    let y = cn_number(c.name("y")?.as_str())?;
    let m = cn_number(c.name("m")?.as_str())?;
    if !(1..=12).contains(&m) {
        return None;
    }
    match c.name("d") {
        Some(d) => {
            let d = cn_number(d.as_str())?;
            (d >= 1 && d <= days_in_month(i64::from(y), m)).then(|| format!("{y}年{m}月{d}日"))
        }
        None => Some(format!("{y}年{m}月")),
    }
}

fn dates(line: &str, base: usize, skip: &[(usize, usize)], out: &mut Vec<Finding>) {
    if !line.contains('年') || !line.contains('月') {
        return;
    }
    for c in DATE.captures_iter(line) {
        let (Some(all), Some(y), Some(m)) = (c.get(0), c.name("y"), c.name("m")) else {
            continue;
        };
        if in_ranges(skip, all.start()) {
            continue;
        }
        let ys = y.as_str();
        let arabic_year = ys
            .chars()
            .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
        // Not part of a longer number.
        let glued = char_before(line, all.start()).is_some_and(|p| {
            if arabic_year {
                p.is_ascii_digit() || ('０'..='９').contains(&p)
            } else {
                "〇○零一二三四五六七八九十".contains(p)
            }
        });
        if glued {
            continue;
        }
        let (Some(yv), Some(mv)) = (cn_number(ys), cn_number(m.as_str())) else {
            continue;
        };
        if !(1000..=2999).contains(&yv) {
            continue;
        }
        let d = c.name("d");
        let dv = match d {
            Some(d) => match cn_number(d.as_str()) {
                Some(v) => Some(v),
                None => continue,
            },
            None => None,
        };
        let valid = (1..=12).contains(&mv)
            && dv.is_none_or(|d| d >= 1 && d <= days_in_month(i64::from(yv), mv));
        let ascii = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        let parts_ascii = ascii(ys) && ascii(m.as_str()) && d.is_none_or(|d| ascii(d.as_str()));
        let leading_zero = m.as_str().starts_with(['0', '０'])
            || d.is_some_and(|d| d.as_str().starts_with(['0', '０']));
        let rule = if !valid {
            Some(Rule::DateInvalid)
        } else if !parts_ascii || leading_zero {
            Some(Rule::DateFormat)
        } else {
            None
        };
        if let Some(rule) = rule {
            out.extend(finding(rule, line, all.start(), all.end()).map(|mut f| {
                f.start += base;
                f.end += base;
                f
            }));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Heading markers

/// A heading marker at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Marker {
    /// Byte length of the marker.
    len: usize,
    /// 1 = 一、, 2 = （一）, 3 = 1., 4 = （1）.
    level: u8,
    /// Written in the standard form.
    ok: bool,
    /// The standard form of this marker.
    fix: String,
}

const CN_DIGITS: &str = "一二三四五六七八九十";

/// Parses a heading marker at the start of `s`.
fn parse_marker(s: &str) -> Option<Marker> {
    let first = s.chars().next()?;
    let take_run = |from: usize, pred: &dyn Fn(char) -> bool, max: usize| -> usize {
        s[from..]
            .char_indices()
            .take_while(|&(_, c)| pred(c))
            .take(max)
            .last()
            .map_or(from, |(i, c)| from + i + c.len_utf8())
    };
    let is_cn = |c: char| CN_DIGITS.contains(c);
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let to_ascii = |t: &str| -> String {
        t.chars()
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                _ => c,
            })
            .collect()
    };
    let trailing = |at: usize| -> usize {
        match char_at(s, at) {
            Some(c @ ('、' | '.' | '．' | '，' | ',')) => at + c.len_utf8(),
            _ => at,
        }
    };

    if first == '（' || first == '(' {
        let open = first.len_utf8();
        let cn_end = take_run(open, &is_cn, 3);
        let dg_end = take_run(open, &is_digit, 2);
        let (num_end, level) = if cn_end > open {
            (cn_end, 2)
        } else if dg_end > open {
            (dg_end, 4)
        } else {
            return None;
        };
        let close = char_at(s, num_end)?;
        if close != '）' && close != ')' {
            return None;
        }
        let after_close = num_end + close.len_utf8();
        let end = trailing(after_close);
        let num = &s[open..num_end];
        let ok = first == '（'
            && close == '）'
            && end == after_close
            && (level == 2 || num.chars().all(|c| c.is_ascii_digit()));
        return Some(Marker {
            len: end,
            level,
            ok,
            fix: format!("（{}）", to_ascii(num)),
        });
    }
    if is_cn(first) {
        let num_end = take_run(0, &is_cn, 3);
        let next = char_at(s, num_end)?;
        let (ok, len) = match next {
            '、' => (true, num_end + next.len_utf8()),
            '.' | '．' => (false, num_end + next.len_utf8()),
            _ => return None,
        };
        return Some(Marker {
            len,
            level: 1,
            ok,
            fix: format!("{}、", &s[..num_end]),
        });
    }
    if is_digit(first) {
        let num_end = take_run(0, &is_digit, 3);
        let num = &s[..num_end];
        if num.chars().count() > 2 {
            return None;
        }
        let next = char_at(s, num_end)?;
        let after = num_end + next.len_utf8();
        let ascii_num = num.chars().all(|c| c.is_ascii_digit());
        return match next {
            '.' | '．' if !char_at(s, after).is_some_and(is_digit) => Some(Marker {
                len: after,
                level: 3,
                ok: ascii_num,
                fix: format!("{}.", to_ascii(num)),
            }),
            '、' | '，' | ',' => Some(Marker {
                len: after,
                level: 3,
                ok: false,
                fix: format!("{}.", to_ascii(num)),
            }),
            ')' | '）' => Some(Marker {
                len: after,
                level: 4,
                ok: false,
                fix: format!("（{}）", to_ascii(num)),
            }),
            _ => None,
        };
    }
    None
}

/// The standard form of a heading marker (`1、` → `1.`, `(一)` → `（一）`).
pub(crate) fn heading_fix(m: &str) -> Option<String> {
    parse_marker(m).map(|k| k.fix)
}

/// The level (1–4) of a heading marker.
pub(crate) fn heading_level(m: &str) -> Option<u8> {
    parse_marker(m).map(|k| k.level)
}

/// Where a heading marker may start on a line: after indentation, a Markdown heading's `#`s
/// and a leading `**` or `__`.
fn marker_start(line: &str) -> usize {
    let mut p = line.len() - line.trim_start_matches(is_space).len();
    let rest = &line[p..];
    let hashes = rest.len() - rest.trim_start_matches('#').len();
    if (1..=6).contains(&hashes) {
        p += hashes;
        p += line[p..].len() - line[p..].trim_start_matches(is_space).len();
    }
    for strong in ["**", "__"] {
        if line[p..].starts_with(strong) {
            p += strong.len();
            break;
        }
    }
    p
}

// ---------------------------------------------------------------------------------------------
// ASCII punctuation between Chinese characters

/// The full-width form of an ASCII punctuation mark.
pub(crate) fn fullwidth_punct(m: &str) -> Option<&'static str> {
    Some(match m {
        "," => "，",
        ";" => "；",
        ":" => "：",
        "(" => "（",
        ")" => "）",
        "!" => "！",
        "?" => "？",
        _ => return None,
    })
}

fn in_ranges(ranges: &[(usize, usize)], i: usize) -> bool {
    ranges.iter().any(|&(s, e)| i >= s && i < e)
}

fn is_cjk_punct(c: char) -> bool {
    "。，、；：！？“”‘’（）《》【】".contains(c)
}

/// Reports ASCII `, ; : ! ? ( )` between Chinese characters in `text[from..to]`.
fn punctuation(
    text: &str,
    from: usize,
    to: usize,
    skip: &[(usize, usize)],
    out: &mut Vec<Finding>,
) {
    let Some(seg) = text.get(from..to) else {
        return;
    };
    if !seg
        .bytes()
        .any(|b| matches!(b, b',' | b';' | b':' | b'!' | b'?' | b'(' | b')'))
    {
        return;
    }
    let mut flagged_close: Vec<usize> = Vec::new();
    for (i, &byte) in seg.as_bytes().iter().enumerate() {
        let at = from + i;
        if !matches!(byte, b',' | b';' | b':' | b'!' | b'?' | b'(' | b')') || in_ranges(skip, at) {
            continue;
        }
        let c = char::from(byte);
        let prev = char_before(text, at);
        let next = char_at(text, at + 1);
        let prev_han = prev.is_some_and(is_han);
        let next_han = next.is_some_and(is_han);
        let hit = match c {
            '(' => {
                let opens = (prev_han || prev.is_some_and(is_cjk_punct))
                    && (next_han || next.is_some_and(|n| n.is_ascii_digit()));
                if opens {
                    // Its closing parenthesis on the same stretch of text is reported too.
                    if let Some(close) = seg[i + 1..].find(')') {
                        let close_at = at + 1 + close;
                        if seg[i + 1..i + 1 + close].chars().count() <= 60
                            && !seg[i + 1..i + 1 + close].contains('\n')
                        {
                            flagged_close.push(close_at);
                        }
                    }
                }
                opens
            }
            ')' => flagged_close.contains(&at) || (prev_han && next_han),
            _ => {
                let next2 = char_at(text, at + 2);
                prev_han
                    && (next_han
                        || (next == Some(' ') && next2.is_some_and(is_han))
                        || (c == ':' && next.is_some_and(|n| n.is_ascii_digit())))
            }
        };
        if hit {
            out.extend(finding(Rule::Punctuation, text, at, at + 1));
        }
    }
}

/// Ranges of a line that are not prose: inline code, link destinations, HTML tags, URLs.
fn skip_ranges(line: &str) -> Vec<(usize, usize)> {
    static LINK_DEST: LazyLock<Regex> = LazyLock::new(|| re(r"\]\([^)\n]*\)"));
    static TAG: LazyLock<Regex> = LazyLock::new(|| re(r"<[A-Za-z/!][^>\n]*>"));
    static URL: LazyLock<Regex> =
        LazyLock::new(|| re(r"(?i)(?:https?|ftp)://[!#$%&*+,\-./0-9:;=?@A-Z_a-z~()]+"));
    let mut r = Vec::new();
    if line.contains('`') {
        let mut open: Option<usize> = None;
        for (i, c) in line.char_indices() {
            if c == '`' {
                match open.take() {
                    Some(s) => r.push((s, i + 1)),
                    None => open = Some(i),
                }
            }
        }
    }
    if line.contains("](") {
        r.extend(LINK_DEST.find_iter(line).map(|m| (m.start(), m.end())));
    }
    if line.contains('<') {
        r.extend(TAG.find_iter(line).map(|m| (m.start(), m.end())));
    }
    if line.contains("://") {
        r.extend(URL.find_iter(line).map(|m| (m.start(), m.end())));
    }
    r
}

// ---------------------------------------------------------------------------------------------
// Body

/// Checks the Markdown body of a document or briefing: dates, the heading sequence (on lines
/// that start with a marker, optionally after `#`s of a Markdown heading or `**`), and ASCII
/// punctuation between Chinese characters. Findings are sorted by position.
#[must_use]
pub fn check_body(markdown: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    // (level, start, end) of every heading marker, in order.
    let mut headings: Vec<(u8, usize, usize)> = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    // Inside the 附件说明 (`附件：1.…` and the `2.…` lines under it), `2.` is not a heading.
    let mut in_attachments = false;
    let mut offset = 0;
    for raw in markdown.split_inclusive('\n') {
        let base = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);

        // Fenced code blocks.
        let indent = line.len() - line.trim_start_matches(' ').len();
        let body = &line[indent..];
        let fence_char = body.chars().next().filter(|c| *c == '`' || *c == '~');
        let run = fence_char.map_or(0, |fc| body.len() - body.trim_start_matches(fc).len());
        if let Some((fc, n)) = fence {
            if indent <= 3 && fence_char == Some(fc) && run >= n && body[run..].trim().is_empty() {
                fence = None;
            }
            continue;
        }
        if indent <= 3
            && run >= 3
            && let Some(fc) = fence_char
        {
            fence = Some((fc, run));
            continue;
        }

        let skip = skip_ranges(line);
        let mut line_out = Vec::new();

        let lead = line.trim_start_matches(is_space);
        if lead.is_empty() {
            in_attachments = false;
        } else if lead.starts_with("附件：") || lead.starts_with("附件:") {
            in_attachments = true;
        }

        // Heading marker.
        let p = marker_start(line);
        let mut marker_span = None;
        let marker = parse_marker(&line[p..]).filter(|m| !(in_attachments && m.level == 3));
        if let Some(m) = marker {
            let (s, e) = (base + p, base + p + m.len);
            headings.push((m.level, s, e));
            marker_span = Some((p, p + m.len));
            if !m.ok {
                line_out.extend(finding(Rule::HeadingForm, markdown, s, e));
            }
        }

        dates(line, base, &skip, &mut line_out);

        let mut skip_punct = skip;
        skip_punct.extend(marker_span);
        let mut punct = Vec::new();
        punctuation(line, 0, line.len(), &skip_punct, &mut punct);
        for mut f in punct {
            f.start += base;
            f.end += base;
            line_out.push(f);
        }
        out.append(&mut line_out);
    }

    // Heading sequence: no skipped level. A two-level document may go 一、 → 1. when it never
    // uses （一）.
    let has_l1 = headings.iter().any(|h| h.0 == 1);
    let has_l2 = headings.iter().any(|h| h.0 == 2);
    let eff = |l: u8| {
        if has_l1 && !has_l2 && l >= 3 {
            l - 1
        } else {
            l
        }
    };
    let mut prev: Option<u8> = None;
    for &(level, s, e) in &headings {
        let l = eff(level);
        if prev.is_some_and(|p| l > p + 1) {
            out.extend(finding(Rule::HeadingOrder, markdown, s, e));
        }
        prev = Some(l);
    }
    out.sort_by_key(|f| (f.start, f.end, f.rule));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(fs: &[Finding]) -> Vec<(&'static str, &str)> {
        fs.iter()
            .map(|f| (f.rule.id(), f.matched.as_str()))
            .collect()
    }

    #[test]
    fn doc_numbers() {
        use DocNoProblem::*;
        let cases: &[(&str, &[DocNoProblem])] = &[
            ("綦拥组〔2026〕3号", &[]),
            ("国办发〔2017〕47号", &[]),
            (" 渝拥〔2021〕12号 ", &[]),
            ("", &[]),
            ("綦拥组[2026]3号", &[Brackets]),
            ("綦拥组(2026)3号", &[Brackets]),
            ("綦拥组（2026）3号", &[Brackets]),
            ("綦拥组【2026】3号", &[Brackets]),
            ("綦拥组〔26〕3号", &[ShortYear]),
            ("綦拥组〔2026〕第5号", &[Ordinal]),
            ("綦拥组〔2026〕05号", &[LeadingZero]),
            ("綦拥组〔2026〕5", &[MissingHao]),
            ("〔2026〕5号", &[MissingOrg]),
            ("綦拥组〔２０２６〕３号", &[FullWidthDigits]),
            ("綦拥组 〔2026〕 3号", &[Spaces]),
            (
                "綦拥组[24]第05号",
                &[Brackets, ShortYear, Ordinal, LeadingZero],
            ),
            ("綦拥组2026年第3号", &[Ordinal, Unrecognised]),
            ("綦拥组〔1026〕3号", &[Unrecognised]),
            ("綦拥·组〔2026〕3号", &[Unrecognised]),
        ];
        for (s, want) in cases {
            assert_eq!(doc_no_problems(s), *want, "{s}");
            let f = check_doc_no(s);
            assert_eq!(f.is_some(), !want.is_empty(), "{s}");
            if let Some(f) = f {
                assert_eq!(f.matched, s.trim());
                assert_eq!(&s[f.start..f.end], f.matched);
                assert_eq!(f.rule, Rule::DocNo);
            }
        }
        let msg = Rule::DocNo.message(Lang::Zh, "綦拥组[24]第05号");
        assert!(
            msg.contains("六角括号")
                && msg.contains("四位")
                && msg.contains("第")
                && msg.contains("虚位"),
            "{msg}"
        );
    }

    #[test]
    fn titles() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            ("关于印发《綦江区双拥工作要点》的通知", &[]),
            ("关于印发《綦江区双拥工作要点》", &[]),
            ("綦江区退役军人优待办法（试行）", &[]),
            ("退役军人优待证怎么办理？", &[]),
            ("关于开展“最美退役军人”", &[]),
            ("綦江双拥再获殊荣！", &[("doc/title-punctuation", "！")]),
            (
                "关于做好春节走访慰问工作的通知。",
                &[("doc/title-punctuation", "。")],
            ),
            ("双拥工作简报：", &[("doc/title-punctuation", "：")]),
            ("拥军优属……", &[("doc/title-punctuation", "……")]),
            ("双拥工作怎么做? ", &[("doc/title-punctuation", "?")]),
            (
                "綦江区优待办法(试行)",
                &[("doc/punctuation", "("), ("doc/punctuation", ")")],
            ),
            ("双拥,共建", &[("doc/punctuation", ",")]),
            ("双拥共建,", &[("doc/title-punctuation", ",")]),
        ];
        for (s, want) in cases {
            let got = check_title(s);
            assert_eq!(ids(&got), *want, "{s}");
            for f in &got {
                assert_eq!(&s[f.start..f.end], f.matched);
            }
        }
    }

    #[test]
    fn canonical_dates() {
        let cases: &[(&str, Option<&str>)] = &[
            ("2026年05月08日", Some("2026年5月8日")),
            ("二〇二六年五月二十八日", Some("2026年5月28日")),
            ("二〇二四年十二月三十一日", Some("2024年12月31日")),
            ("２０２６年５月８日", Some("2026年5月8日")),
            ("2026年05月", Some("2026年5月")),
            ("2026年2月30日", None),
            ("2024年2月29日", Some("2024年2月29日")),
            ("2026年13月1日", None),
        ];
        for (s, want) in cases {
            assert_eq!(canonical_date(s).as_deref(), *want, "{s}");
        }
    }

    #[test]
    fn body_dates() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            ("2026年5月28日召开会议。", &[]),
            ("2026年5月召开会议。", &[]),
            ("1949年10月1日", &[]),
            (
                "会议于2026年05月08日召开。",
                &[("doc/date-format", "2026年05月08日")],
            ),
            ("2026年5月08日", &[("doc/date-format", "2026年5月08日")]),
            (
                "二〇二六年五月二十八日",
                &[("doc/date-format", "二〇二六年五月二十八日")],
            ),
            (
                "２０２６年５月８日",
                &[("doc/date-format", "２０２６年５月８日")],
            ),
            ("2026年2月30日", &[("doc/date-invalid", "2026年2月30日")]),
            ("2025年2月29日", &[("doc/date-invalid", "2025年2月29日")]),
            ("2026年13月1日", &[("doc/date-invalid", "2026年13月1日")]),
            ("2026年0月1日", &[("doc/date-invalid", "2026年0月1日")]),
            ("编号12026年5月", &[]),
            ("`2026年05月08日`", &[]),
            ("服役12年5个月", &[]),
        ];
        for (s, want) in cases {
            assert_eq!(ids(&check_body(s)), *want, "{s}");
        }
        let m = Rule::DateFormat.message(Lang::Zh, "2026年05月08日");
        assert!(m.contains("2026年5月8日"), "{m}");
    }

    #[test]
    fn heading_forms() {
        type Case<'a> = (&'a str, Option<(u8, bool, &'a str)>);
        let cases: &[Case] = &[
            ("一、总体要求", Some((1, true, "一、"))),
            ("十二、其他", Some((1, true, "十二、"))),
            ("一.总体要求", Some((1, false, "一、"))),
            ("（一）工作目标", Some((2, true, "（一）"))),
            ("（一）、工作目标", Some((2, false, "（一）"))),
            ("(一)工作目标", Some((2, false, "（一）"))),
            ("（一)工作目标", Some((2, false, "（一）"))),
            ("1.走访慰问", Some((3, true, "1."))),
            ("1. 走访慰问", Some((3, true, "1."))),
            ("12．走访慰问", Some((3, true, "12."))),
            ("1、走访慰问", Some((3, false, "1."))),
            ("１.走访慰问", Some((3, false, "1."))),
            ("（1）春节", Some((4, true, "（1）"))),
            ("(1)春节", Some((4, false, "（1）"))),
            ("1）春节", Some((4, false, "（1）"))),
            ("（１）春节", Some((4, false, "（1）"))),
            ("1.5万元已发放", None),
            ("一是加强领导", None),
            ("2026年工作", None),
            ("123. 不是标题", None),
            ("十分重要", None),
            ("（注）", None),
            ("", None),
        ];
        for (s, want) in cases {
            let got = parse_marker(s).map(|m| (m.level, m.ok, m.fix));
            let want = want.map(|(l, ok, fix)| (l, ok, fix.to_string()));
            assert_eq!(got, want, "{s}");
        }
        assert_eq!(heading_fix("1、").as_deref(), Some("1."));
        assert_eq!(heading_level("（1）"), Some(4));
        let m = Rule::HeadingForm.message(Lang::Zh, "(一)");
        assert!(m.contains("（一）"), "{m}");
        let m = Rule::HeadingOrder.message(Lang::Zh, "（1）");
        assert!(m.contains("1."), "{m}");
    }

    #[test]
    fn heading_sequence() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            ("一、甲\n（一）乙\n1.丙\n（1）丁\n二、戊\n", &[]),
            // Two-level document: 一、 then 1. (no （一） anywhere).
            ("一、甲\n1.乙\n2.丙\n二、丁\n1.戊\n", &[]),
            // A short notice that only uses 1. 2.
            ("1.甲\n2.乙\n", &[]),
            ("## 一、甲\n\n### （一）乙\n\n**1.丙**\n", &[]),
            (
                "一、甲\n（一）乙\n（1）丙\n",
                &[("doc/heading-order", "（1）")],
            ),
            (
                "一、甲\n（一）乙\n二、丙\n1.丁\n",
                &[("doc/heading-order", "1.")],
            ),
            ("（一）甲\n（1）乙\n", &[("doc/heading-order", "（1）")]),
            ("一、甲\n1、乙\n", &[("doc/heading-form", "1、")]),
            ("一、甲\n（一）、乙\n", &[("doc/heading-form", "（一）、")]),
            ("一、甲\n(一)乙\n", &[("doc/heading-form", "(一)")]),
            ("```\n一、甲\n（1）乙\n```\n", &[]),
            ("| 一、 | 甲 |\n", &[]),
        ];
        for (s, want) in cases {
            let got = check_body(s);
            assert_eq!(ids(&got), *want, "{s}");
            for f in &got {
                assert_eq!(&s[f.start..f.end], f.matched);
            }
        }
    }

    #[test]
    fn ascii_punctuation() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            ("双拥工作,拥军优属", &[("doc/punctuation", ",")]),
            ("双拥工作, 拥军优属", &[("doc/punctuation", ",")]),
            ("时间:2026年5月", &[("doc/punctuation", ":")]),
            ("地点;綦江", &[("doc/punctuation", ";")]),
            (
                "优待办法(试行)施行",
                &[("doc/punctuation", "("), ("doc/punctuation", ")")],
            ),
            (
                "优待办法(试行)",
                &[("doc/punctuation", "("), ("doc/punctuation", ")")],
            ),
            ("双拥工作，拥军优属。", &[]),
            ("共3,500人，比例1:2", &[]),
            ("Hello, world (test)", &[]),
            ("详见[通知](/documents/通知(2026)/)全文", &[]),
            ("运行 `双拥,共建` 命令", &[]),
            ("<span title=\"双拥,共建\">x</span>", &[]),
            ("见 https://example.gov.cn/a(双拥)b", &[]),
        ];
        for (s, want) in cases {
            assert_eq!(ids(&check_body(s)), *want, "{s}");
        }
        assert_eq!(fullwidth_punct(";"), Some("；"));
    }

    #[test]
    fn well_formed_document_is_clean() {
        let text = include_str!("testdata/gongwen_good.md");
        let found = check_body(text);
        assert!(found.is_empty(), "{found:#?}");
        assert!(check_title("关于做好2026年春节期间双拥工作的通知").is_empty());
        assert!(check_doc_no("綦拥组〔2026〕3号").is_none());
        // The ordinary 双拥 news sample is clean too.
        let prose = check_body(include_str!("testdata/ordinary_prose.md"));
        assert!(prose.is_empty(), "{prose:#?}");
    }

    #[test]
    fn malformed_document() {
        let text = include_str!("testdata/gongwen_bad.md");
        let found = check_body(text);
        let got: Vec<(&str, &str)> = ids(&found);
        let want: &[(&str, &str)] = &[
            ("doc/date-format", "2026年01月05日"),
            ("doc/heading-form", "1、"),
            ("doc/heading-order", "1、"),
            ("doc/punctuation", ","),
            ("doc/heading-form", "(一)"),
            ("doc/punctuation", "("),
            ("doc/punctuation", ")"),
            ("doc/heading-form", "（二）、"),
            ("doc/heading-order", "（1）"),
            ("doc/date-invalid", "2026年2月30日"),
            ("doc/punctuation", ":"),
            ("doc/date-format", "二〇二六年一月五日"),
        ];
        assert_eq!(got, want);
        for f in &found {
            assert_eq!(&text[f.start..f.end], f.matched);
            assert!(!f.is_blocking());
        }
        // The well-formed sample's prose also passes the privacy lint.
        let good = include_str!("testdata/gongwen_good.md");
        assert!(
            super::super::privacy::scan(good, &super::super::privacy::Allow::new(["023-12345678"]))
                .is_empty()
        );
    }

    #[test]
    fn never_panics() {
        let inputs = [
            "",
            "\n",
            "\r\n",
            "（",
            "(",
            "一",
            "1",
            "1.",
            "（一",
            "(1",
            "```",
            "~~~~\n",
            "**",
            "#",
            "# ",
            "年月日",
            "2026年",
            "二〇二六年十",
            "十十十、",
            "（十十十十）",
            "\u{3000}\u{3000}一、",
            "]()",
            "<",
            "`",
        ];
        for s in inputs {
            let _ = check_body(s);
            let _ = check_title(s);
            let _ = check_doc_no(s);
            let _ = canonical_date(s);
        }
        let text = include_str!("testdata/gongwen_bad.md");
        for (i, _) in text.char_indices() {
            for f in check_body(&text[..i]) {
                assert_eq!(&text[f.start..f.end], f.matched);
            }
        }
    }
}

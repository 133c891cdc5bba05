//! Front matter: split the `---` block off a Markdown file and parse it into positioned entries.
//!
//! We parse into a small generic [`Yaml`] tree rather than straight into structs, because the
//! fields have English and Chinese names and every validation error must point at the value's
//! own line and column in the Markdown file.

use std::fmt;
use std::ops::Range;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// A YAML value, as loose as the input: typing happens later, field by field.
#[derive(Debug, Clone, PartialEq)]
pub enum Yaml {
    /// `~`, `null` or an empty value.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating point number.
    Float(f64),
    /// Any string, including unquoted dates such as `2026-05-20`.
    Str(String),
    /// A list.
    Seq(Vec<Yaml>),
    /// A mapping, in source order.
    Map(Vec<(String, Yaml)>),
}

impl Yaml {
    /// The value as text if it is a scalar (numbers and booleans are spelled out).
    pub fn as_text(&self) -> Option<String> {
        match self {
            Yaml::Str(s) => Some(s.clone()),
            Yaml::Int(i) => Some(i.to_string()),
            Yaml::Float(f) => Some(f.to_string()),
            Yaml::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
}

struct YamlVisitor;

impl<'de> Visitor<'de> for YamlVisitor {
    type Value = Yaml;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Yaml, E> {
        Ok(Yaml::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Yaml, E> {
        Ok(Yaml::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Yaml, E> {
        Ok(i64::try_from(v).map_or(Yaml::Str(v.to_string()), Yaml::Int))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Yaml, E> {
        Ok(Yaml::Str(v.to_string()))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Yaml, E> {
        Ok(Yaml::Str(v.to_string()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Yaml, E> {
        Ok(Yaml::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Yaml, E> {
        Ok(Yaml::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Yaml, E> {
        Ok(Yaml::Str(v))
    }
    fn visit_none<E>(self) -> Result<Yaml, E> {
        Ok(Yaml::Null)
    }
    fn visit_unit<E>(self) -> Result<Yaml, E> {
        Ok(Yaml::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Yaml, D::Error> {
        Yaml::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Yaml, A::Error> {
        let mut v = Vec::new();
        while let Some(item) = seq.next_element::<Yaml>()? {
            v.push(item);
        }
        Ok(Yaml::Seq(v))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Yaml, A::Error> {
        let mut v = Vec::new();
        while let Some((k, val)) = map.next_entry::<Yaml, Yaml>()? {
            v.push((k.as_text().unwrap_or_default(), val));
        }
        Ok(Yaml::Map(v))
    }
}

impl<'de> Deserialize<'de> for Yaml {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Yaml, D::Error> {
        d.deserialize_any(YamlVisitor)
    }
}

/// One top-level `key: value` line with its positions (byte ranges in the whole file).
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key as written.
    pub key: String,
    /// Where the key is.
    pub key_span: Range<usize>,
    /// The value.
    pub value: Yaml,
    /// Where the value is (for block collections, the start of the collection).
    pub value_span: Range<usize>,
}

/// The parsed top-level mapping, in source order.
struct Entries(Vec<(Spanned<String>, Spanned<Yaml>)>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Entries, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Entries;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
                let mut v = Vec::new();
                while let Some(k) = map.next_key::<Spanned<String>>()? {
                    let val = map.next_value::<Spanned<Yaml>>()?;
                    v.push((k, val));
                }
                Ok(Entries(v))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Entries, E> {
                Ok(Entries(Vec::new()))
            }
            fn visit_none<E: de::Error>(self) -> Result<Entries, E> {
                Ok(Entries(Vec::new()))
            }
        }
        d.deserialize_map(V)
    }
}

/// A Markdown file split into its front matter and body.
#[derive(Debug, Clone, PartialEq)]
pub struct Split<'a> {
    /// The YAML text between the fences.
    pub yaml: &'a str,
    /// Byte offset of `yaml` in the file.
    pub yaml_offset: usize,
    /// The Markdown body after the closing fence.
    pub body: &'a str,
    /// Byte offset of `body` in the file.
    pub body_offset: usize,
}

/// Why the split failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with `---`.
    Missing,
    /// No closing fence.
    Unclosed,
}

fn is_fence(line: &str, fence: &str) -> bool {
    line.trim_end_matches(['\r', '\n']).trim_end() == fence
}

/// Splits `---` front matter off the text. The BOM must already be gone.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if !is_fence(&text[..first_end], "---") {
        return Err(SplitError::Missing);
    }
    let mut pos = first_end;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        let line = &text[pos..end];
        if is_fence(line, "---") || is_fence(line, "...") {
            return Ok(Split {
                yaml: &text[first_end..pos],
                yaml_offset: first_end,
                body: &text[end..],
                body_offset: end,
            });
        }
        pos = end;
    }
    Err(SplitError::Unclosed)
}

/// A YAML error with its byte position in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    /// The parser's explanation (English, developer wording).
    pub detail: String,
    /// True when a resource budget (size, depth, aliases) was exceeded.
    pub too_complex: bool,
    /// Byte range in the file.
    pub span: Range<usize>,
}

/// Parser limits for front matter: generous for real pages, fatal for alias bombs.
fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: 24,
            max_nodes: 20_000,
            max_events: 100_000,
            max_aliases: 200,
            max_anchors: 200,
            max_total_scalar_bytes: 4 * 1024 * 1024,
        },
    }
}

/// Longest front matter we accept; longer is certainly not hand-written.
pub const MAX_FRONT_MATTER_BYTES: usize = 512 * 1024;

/// Parses the YAML of a split file into entries with file-level byte spans.
pub fn parse(split: &Split<'_>) -> Result<Vec<Entry>, YamlError> {
    let base = split.yaml_offset;
    if split.yaml.len() > MAX_FRONT_MATTER_BYTES {
        return Err(YamlError {
            detail: format!(
                "{} KiB > {} KiB",
                split.yaml.len() / 1024,
                MAX_FRONT_MATTER_BYTES / 1024
            ),
            too_complex: true,
            span: base..base,
        });
    }
    if split.yaml.trim().is_empty() {
        return Ok(Vec::new());
    }
    match serde_saphyr::from_str_with_options::<Entries>(split.yaml, options()) {
        Ok(Entries(v)) => Ok(v
            .into_iter()
            .map(|(k, val)| Entry {
                key: k.value,
                key_span: byte_range(&k.referenced, split.yaml, base),
                value: val.value,
                value_span: byte_range(&val.referenced, split.yaml, base),
            })
            .collect()),
        Err(e) => {
            let too_complex = matches!(e, serde_saphyr::Error::Budget { .. })
                || e.to_string()
                    .to_ascii_lowercase()
                    .contains("recursion limit")
                || e.to_string().to_ascii_lowercase().contains("budget");
            let span = e
                .location()
                .map_or(base..base, |l| byte_range(&l, split.yaml, base));
            Err(YamlError {
                detail: short_detail(&e),
                too_complex,
                span,
            })
        }
    }
}

/// The first line of the parser's message, without its own `line N column M` prefix.
fn short_detail(e: &serde_saphyr::Error) -> String {
    let full = e.without_snippet().to_string();
    let first = full.lines().next().unwrap_or("").trim();
    let trimmed = match first.find(": ") {
        Some(i) if first[..i].contains("line") => &first[i + 2..],
        _ => first,
    };
    let mut s = trimmed.trim_start_matches("error: ").to_string();
    if s.chars().count() > 160 {
        s = s.chars().take(160).collect::<String>() + "…";
    }
    s
}

fn byte_range(loc: &serde_saphyr::Location, yaml: &str, base: usize) -> Range<usize> {
    let span = loc.span();
    if let (Some(off), Some(len)) = (span.byte_offset(), span.byte_len()) {
        let off = usize::try_from(off).unwrap_or(0).min(yaml.len());
        let len = usize::try_from(len).unwrap_or(0);
        return base + off..base + (off + len).min(yaml.len());
    }
    // Fall back to line/column (1-based, characters).
    let (line, col) = (loc.line() as usize, loc.column() as usize);
    let mut off = 0;
    for (i, l) in yaml.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            off += l
                .chars()
                .take(col.saturating_sub(1))
                .map(char::len_utf8)
                .sum::<usize>();
            return base + off..base + off;
        }
        off += l.len();
    }
    base..base
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::localize;

    fn entries(text: &str) -> Result<Vec<Entry>, YamlError> {
        parse(&split(text).unwrap())
    }

    #[test]
    fn splits_lf_and_crlf() {
        let s = split("---\ntitle: 甲\n---\n正文").unwrap();
        assert_eq!(s.yaml, "title: 甲\n");
        assert_eq!(s.body, "正文");
        let s = split("---\r\ntitle: 甲\r\n---\r\n正文").unwrap();
        assert_eq!(s.body, "正文");
        assert_eq!(split("正文"), Err(SplitError::Missing));
        assert_eq!(split("---\ntitle: 甲\n"), Err(SplitError::Unclosed));
    }

    #[test]
    fn entries_carry_file_spans() {
        let text =
            "---\ntitle: 关于开展八一慰问的通知\ntags: [慰问, 八一]\ndate: 2026-07-20\n---\n";
        let e = entries(text).unwrap();
        assert_eq!(e.len(), 3);
        assert_eq!(&text[e[0].key_span.clone()], "title");
        assert_eq!(&text[e[0].value_span.clone()], "关于开展八一慰问的通知");
        assert_eq!(
            e[1].value,
            Yaml::Seq(vec![Yaml::Str("慰问".into()), Yaml::Str("八一".into())])
        );
        assert_eq!(e[2].value, Yaml::Str("2026-07-20".into()));
        assert_eq!(&text[e[2].value_span.clone()], "2026-07-20");
    }

    #[test]
    fn syntax_error_points_into_the_file() {
        let text = "---\ntitle: 甲\ntags: [宣传, 通知\ndate: 2026-01-01\n---\n";
        let err = entries(text).unwrap_err();
        assert!(!err.too_complex);
        assert!(err.span.start >= 4, "{err:?}");
    }

    #[test]
    fn yaml_errors_are_worded_in_chinese() {
        for text in [
            "---\ntitle: 甲\ntags: [宣传, 通知\ndate: 2026-01-01\n---\n",
            "---\ntitle: \"甲\n---\n",
            "---\ntitle: 甲\n\tdate: 2026-01-01\n---\n",
            "---\ntitle: 甲\n  date: 2026-01-01\n---\n",
            "---\n- 甲\n---\n",
        ] {
            let Err(err) = entries(text) else {
                continue;
            };
            let (zh, en) = localize(&err.detail);
            assert!(!zh.is_empty() && !en.is_empty());
            for english in ["expected", "invalid", "while", "found", "mapping", "scalar"] {
                assert!(!zh.contains(english), "{text:?}: {zh} ({})", err.detail);
            }
            let shown =
                crate::problem::Problem::Yaml { detail: err.detail }.message(crate::i18n::Lang::Zh);
            assert!(shown.starts_with("文件头信息的 YAML 格式有误"), "{shown}");
        }
    }

    #[test]
    fn alias_bomb_is_refused_quickly() {
        let mut y = String::from(
            "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
        let mut prev = "a";
        for n in names {
            y.push_str(&format!("{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
            prev = n;
        }
        y.push_str("---\n");
        let t = std::time::Instant::now();
        let err = entries(&y).unwrap_err();
        assert!(err.too_complex, "{err:?}");
        assert!(t.elapsed().as_secs() < 2);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let y = format!("---\na: {}{}\n---\n", "[".repeat(5000), "]".repeat(5000));
        let err = entries(&y).unwrap_err();
        assert!(err.too_complex || !err.detail.is_empty());
    }
}

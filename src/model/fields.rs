//! The front-matter contract (SPEC §4): every key, its Chinese alias, where it applies, and typed
//! reading with positioned errors.

use std::ops::Range;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Location};
use crate::load::frontmatter::{Entry, Yaml};
use crate::model::date::Date;
use crate::model::page::Kind;
use crate::problem::Problem;

/// Which content types a field applies to (bit set of [`Kind`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kinds(u8);

impl Kinds {
    const ALL: Kinds = Kinds(0b11111);
    const PROFILE: Kinds = Kinds(Kind::Profile.bit());
    const BRIEFING: Kinds = Kinds(Kind::Briefing.bit());
    const DOCUMENT: Kinds = Kinds(Kind::Document.bit());

    fn contains(self, k: Kind) -> bool {
        self.0 & k.bit() != 0
    }
}

/// One front-matter field.
#[derive(Debug, Clone, Copy)]
pub struct FieldDef {
    /// English key.
    pub key: &'static str,
    /// Chinese alias.
    pub alias: &'static str,
    /// Where it applies.
    pub kinds: Kinds,
}

const fn f(key: &'static str, alias: &'static str, kinds: Kinds) -> FieldDef {
    FieldDef { key, alias, kinds }
}

/// Every field of SPEC §4, plus the few later features read (`photo_focus`, `search`, `privacy_ack`).
pub const FIELDS: &[FieldDef] = &[
    f("title", "标题", Kinds::ALL),
    f("date", "日期", Kinds::ALL),
    f("updated", "更新日期", Kinds::ALL),
    f("summary", "摘要", Kinds::ALL),
    f("author", "作者", Kinds::ALL),
    f("source", "来源", Kinds::ALL),
    f("credit", "供稿", Kinds::ALL),
    f("categories", "栏目", Kinds::ALL),
    f("tags", "标签", Kinds::ALL),
    f("cover", "封面", Kinds::ALL),
    f("slug", "网址", Kinds::ALL),
    f("aliases", "旧网址", Kinds::ALL),
    f("draft", "草稿", Kinds::ALL),
    f("visibility", "公开", Kinds::ALL),
    f("weight", "排序", Kinds::ALL),
    f("search", "搜索", Kinds::ALL),
    f("privacy_ack", "隐私确认", Kinds::ALL),
    f("honor", "荣誉", Kinds::PROFILE),
    f("year", "年度", Kinds::PROFILE),
    f("awarded_by", "授予单位", Kinds::PROFILE),
    f("region", "地区", Kinds::PROFILE),
    f("unit", "单位", Kinds::PROFILE),
    f("photo", "照片", Kinds::PROFILE),
    f("photo_alt", "照片说明", Kinds::PROFILE),
    f("photo_focus", "照片焦点", Kinds::PROFILE),
    f("citation", "颁奖词", Kinds::PROFILE),
    f("service", "服役经历", Kinds::PROFILE),
    f("consent", "同意书", Kinds::PROFILE),
    f("series", "刊名", Kinds::BRIEFING),
    f("issue", "期号", Kinds::BRIEFING),
    f("total", "总期号", Kinds::BRIEFING),
    f("editor", "编印单位", Kinds::BRIEFING),
    f("items", "本期内容", Kinds::BRIEFING),
    f("distribution", "报送范围", Kinds::BRIEFING),
    f("copies", "印数", Kinds::BRIEFING),
    f("classification", "密级标注", Kinds::BRIEFING),
    f("index_no", "索引号", Kinds::DOCUMENT),
    f("doc_no", "发文字号", Kinds::DOCUMENT),
    f("publisher", "发布机构", Kinds::DOCUMENT),
    f("topic", "主题分类", Kinds::DOCUMENT),
    f("genre", "体裁分类", Kinds::DOCUMENT),
    f("written", "成文日期", Kinds::DOCUMENT),
    f("validity", "有效性", Kinds::DOCUMENT),
    f("attachments", "附件", Kinds::DOCUMENT),
];

fn def(key: &str) -> Option<&'static FieldDef> {
    FIELDS.iter().find(|d| d.key == key || d.alias == key)
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

/// Reads one file's front matter against the contract, collecting diagnostics.
pub struct Reader<'a> {
    file: &'a Path,
    text: &'a str,
    /// Resolved entries: (english key, entry).
    fields: Vec<(&'static str, &'a Entry)>,
    fm_span: Range<usize>,
    /// Diagnostics found so far.
    pub diags: Vec<Diagnostic>,
}

impl<'a> Reader<'a> {
    /// Resolves keys and aliases; warns about unknown keys.
    /// `fm_span` is where the front matter starts (for "missing field" errors).
    pub fn new(
        file: &'a Path,
        text: &'a str,
        kind: Kind,
        entries: &'a [Entry],
        fm_span: Range<usize>,
    ) -> Reader<'a> {
        let mut r = Reader {
            file,
            text,
            fields: Vec::new(),
            fm_span,
            diags: Vec::new(),
        };
        for e in entries {
            let Some(d) = def(e.key.trim()) else {
                let candidates = FIELDS
                    .iter()
                    .filter(|d| d.kinds.contains(kind))
                    .flat_map(|d| [d.key, d.alias]);
                let suggestion = did_you_mean(e.key.trim(), candidates);
                r.diags.push(Diagnostic::warning(
                    Problem::UnknownKey {
                        key: e.key.clone(),
                        suggestion,
                    },
                    r.loc(&e.key_span),
                ));
                continue;
            };
            if let Some((_, prev)) = r.fields.iter().find(|(k, _)| *k == d.key) {
                let problem = if prev.key == e.key {
                    Problem::DuplicateKey { key: e.key.clone() }
                } else {
                    Problem::KeyAndAlias {
                        key: d.key,
                        alias: d.alias,
                    }
                };
                r.diags.push(Diagnostic::error(problem, r.loc(&e.key_span)));
                continue;
            }
            if !d.kinds.contains(kind) {
                r.diags.push(Diagnostic::warning(
                    Problem::KeyNotForKind {
                        key: e.key.clone(),
                        kind: kind.label(),
                    },
                    r.loc(&e.key_span),
                ));
                continue;
            }
            r.fields.push((d.key, e));
        }
        r
    }

    /// A location in this file.
    pub fn loc(&self, span: &Range<usize>) -> Location {
        Location::from_offsets(self.file, self.text, span.clone())
    }

    /// The entry for an English key (either spelling in the file).
    pub fn entry(&self, key: &str) -> Option<&'a Entry> {
        self.fields.iter().find(|(k, _)| *k == key).map(|(_, e)| *e)
    }

    fn wrong_type(&mut self, e: &Entry, expected: &'static str, expected_en: &'static str) {
        let loc = self.loc(&e.value_span);
        self.diags.push(Diagnostic::error(
            Problem::WrongType {
                key: e.key.clone(),
                expected,
                expected_en,
            },
            loc,
        ));
    }

    /// Reports a missing required field.
    pub fn missing(&mut self, key: &'static str) {
        let alias = def(key).map_or("", |d| d.alias);
        let loc = self.loc(&self.fm_span.clone());
        self.diags
            .push(Diagnostic::error(Problem::MissingField { key, alias }, loc));
    }

    /// A text value (numbers are accepted and spelled out). Empty strings count as absent.
    pub fn text(&mut self, key: &str) -> Option<String> {
        let e = self.entry(key)?;
        match &e.value {
            Yaml::Null => None,
            Yaml::Seq(_) | Yaml::Map(_) => {
                self.wrong_type(e, "一段文字", "text");
                None
            }
            v => v
                .as_text()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
        }
    }

    /// A required text value.
    pub fn required_text(&mut self, key: &'static str) -> Option<String> {
        let present = self.entry(key).is_some();
        let v = self.text(key);
        if v.is_none()
            && (!present
                || matches!(
                    self.entry(key).map(|e| &e.value),
                    Some(Yaml::Null | Yaml::Str(_))
                ))
        {
            self.missing(key);
        }
        v
    }

    /// A date value (`YYYY-MM-DD` or `YYYY-MM-DD HH:MM`).
    pub fn date(&mut self, key: &str) -> Option<Date> {
        let e = self.entry(key)?;
        let raw = match &e.value {
            Yaml::Null => return None,
            Yaml::Seq(_) | Yaml::Map(_) => {
                self.wrong_type(e, "日期，例如 2026-05-20", "a date such as 2026-05-20");
                return None;
            }
            v => v.as_text().unwrap_or_default(),
        };
        let parsed = Date::parse(&raw);
        if parsed.is_none() {
            let loc = self.loc(&e.value_span);
            self.diags.push(Diagnostic::error(
                Problem::InvalidDate {
                    key: e.key.clone(),
                    value: raw,
                },
                loc,
            ));
        }
        parsed
    }

    /// A list of texts; a single text is accepted as a one-item list.
    pub fn list(&mut self, key: &str) -> Vec<String> {
        let Some(e) = self.entry(key) else {
            return Vec::new();
        };
        match &e.value {
            Yaml::Null => Vec::new(),
            Yaml::Seq(items) => {
                let mut out = Vec::new();
                for it in items {
                    match it.as_text() {
                        Some(s) if !s.trim().is_empty() => out.push(s.trim().to_string()),
                        Some(_) => {}
                        None => {
                            self.wrong_type(
                                e,
                                "文字列表，例如 [甲, 乙]",
                                "a list of texts such as [a, b]",
                            );
                            return Vec::new();
                        }
                    }
                }
                out
            }
            Yaml::Map(_) => {
                self.wrong_type(
                    e,
                    "文字列表，例如 [甲, 乙]",
                    "a list of texts such as [a, b]",
                );
                Vec::new()
            }
            v => v
                .as_text()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .into_iter()
                .collect(),
        }
    }

    /// A yes/no value: true/false, yes/no, 是/否.
    pub fn flag(&mut self, key: &str) -> Option<bool> {
        let e = self.entry(key)?;
        let v = match &e.value {
            Yaml::Bool(b) => Some(*b),
            Yaml::Null => return None,
            Yaml::Str(s) => match s.trim().to_lowercase().as_str() {
                "true" | "yes" | "on" | "是" => Some(true),
                "false" | "no" | "off" | "否" => Some(false),
                _ => None,
            },
            _ => None,
        };
        if v.is_none() {
            self.wrong_type(e, "true 或 false", "true or false");
        }
        v
    }

    /// A whole number (digits in a string are accepted).
    pub fn int(&mut self, key: &str) -> Option<i64> {
        let e = self.entry(key)?;
        let v = match &e.value {
            Yaml::Int(i) => Some(*i),
            Yaml::Null => return None,
            Yaml::Str(s) => s.trim().parse().ok(),
            _ => None,
        };
        if v.is_none() {
            self.wrong_type(e, "整数", "a whole number");
        }
        v
    }

    /// A positive whole number that fits in u32.
    pub fn count(&mut self, key: &str) -> Option<u32> {
        let e = self.entry(key)?;
        let v = self.int(key)?;
        match u32::try_from(v) {
            Ok(n) if n > 0 => Some(n),
            _ => {
                self.wrong_type(e, "正整数", "a positive whole number");
                None
            }
        }
    }

    /// A mapping value, for nested structures.
    pub fn map(&mut self, key: &str) -> Option<(&'a Entry, &'a [(String, Yaml)])> {
        let e = self.entry(key)?;
        match &e.value {
            Yaml::Map(m) => Some((e, m.as_slice())),
            Yaml::Null => None,
            _ => {
                self.wrong_type(e, "“键: 值”形式的映射", "a mapping");
                None
            }
        }
    }

    /// The whole file text.
    pub fn source_text(&self) -> &'a str {
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::frontmatter::{parse, split};

    fn read(text: &str, kind: Kind, f: impl FnOnce(&mut Reader)) -> Vec<Diagnostic> {
        let s = split(text).unwrap();
        let entries = parse(&s).unwrap();
        let mut r = Reader::new(Path::new("a.md"), text, kind, &entries, 0..3);
        f(&mut r);
        r.diags
    }

    #[test]
    fn aliases_resolve_and_conflicts_are_errors() {
        let d = read("---\n标题: 甲\ntitle: 乙\n---\n", Kind::Article, |r| {
            assert_eq!(r.text("title").as_deref(), Some("甲"));
        });
        assert!(matches!(
            d[0].problem,
            Problem::KeyAndAlias { key: "title", .. }
        ));
        assert_eq!(d[0].location.as_ref().unwrap().line, 3);
    }

    #[test]
    fn unknown_keys_suggest() {
        let d = read(
            "---\ntitel: 甲\ncategorys: [a]\n---\n",
            Kind::Article,
            |_| {},
        );
        assert!(
            matches!(&d[0].problem, Problem::UnknownKey { suggestion: Some(s), .. } if s == "title")
        );
        assert!(
            matches!(&d[1].problem, Problem::UnknownKey { suggestion: Some(s), .. } if s == "categories")
        );
        assert!(!d[0].is_error());
    }

    #[test]
    fn typed_reads() {
        let d = read(
            "---\ndate: 2026-02-30\ntags: 单个\ndraft: 否\nissue: \"5\"\n---\n",
            Kind::Briefing,
            |r| {
                assert_eq!(r.date("date"), None);
                assert_eq!(r.list("tags"), vec!["单个"]);
                assert_eq!(r.flag("draft"), Some(false));
                assert_eq!(r.count("issue"), Some(5));
            },
        );
        assert_eq!(d.len(), 1);
        assert!(matches!(d[0].problem, Problem::InvalidDate { .. }));
        assert_eq!(d[0].location.as_ref().unwrap().line, 2);
    }

    #[test]
    fn profile_keys_warn_on_articles() {
        let d = read("---\nhonor: 最美军嫂\n---\n", Kind::Article, |_| {});
        assert!(matches!(d[0].problem, Problem::KeyNotForKind { .. }));
    }
}

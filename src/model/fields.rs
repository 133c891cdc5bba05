//! The front-matter contract (`docs/rules.md` §1): every key, its Chinese alias, where it applies, and typed
//! reading with positioned errors.
//!
//! Safety keys (`draft`, `visibility`, `search`, `consent` and 草稿, 公开, 搜索, 同意书) fail
//! closed, because ignoring one publishes what it was written to hold back:
//! - an unknown key near one of them ([`near_safety_key`]: other case or spacing, a near
//!   spelling, or a longer key containing it) is an error, not a did-you-mean warning;
//! - a safety key nested inside another key's value (`meta: {draft: true}`) is an error;
//! - a value outside the allowed ones (true/false/yes/no/on/off/是/否 for `draft` and `search`;
//!   public/internal/公开/内部 for `visibility`), an empty value (`draft:`) or a list or mapping
//!   is an error, and reads as the value that publishes less (a draft, internal, not indexed);
//!   `consent:` with no date counts as no consent.

use std::ops::Range;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Location};
use crate::load::frontmatter::{Entry, Yaml};
use crate::model::date::Date;
use crate::model::page::Kind;
use crate::problem::Problem;
use crate::text::{did_you_mean, near_name};

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

/// Every front-matter field (`docs/rules.md` §1), plus the few later features read (`photo_focus`, `search`, `privacy_ack`).
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
    f("responsible_editor", "责任编辑", Kinds::ALL),
    f("reviewer", "审核", Kinds::ALL),
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

/// The keys that decide whether, where and how a page is published. A misspelling of one of
/// them must not be ignored (the page would be published), so it is an error, not a warning.
pub const SAFETY_KEYS: &[&str] = &["draft", "visibility", "search", "consent"];

/// The safety key or alias (as spelt in the contract) an unknown key most likely means.
pub fn near_safety_key(key: &str) -> Option<&'static str> {
    near_name(
        key,
        FIELDS
            .iter()
            .filter(|d| SAFETY_KEYS.contains(&d.key))
            .flat_map(|d| [d.key, d.alias]),
    )
}

/// Where a safety key sits inside another key's value (`meta: {draft: true}`), which YAML reads
/// as part of that value and tongxin would otherwise ignore.
fn nested_safety_key(v: &Yaml) -> Option<(String, &'static str)> {
    match v {
        Yaml::Map(m) => m.iter().find_map(|(k, val)| {
            def(k.trim())
                .filter(|d| SAFETY_KEYS.contains(&d.key))
                .map(|_| k.trim())
                .and_then(|k| {
                    FIELDS
                        .iter()
                        .flat_map(|d| [d.key, d.alias])
                        .find(|n| *n == k)
                })
                .or_else(|| near_safety_key(k))
                .map(|s| (k.clone(), s))
                .or_else(|| nested_safety_key(val))
        }),
        Yaml::Seq(items) => items.iter().find_map(nested_safety_key),
        _ => None,
    }
}

/// The values a yes/no field accepts, as listed in errors.
pub const FLAG_VALUES: &[&str] = &["true", "false", "是", "否"];

/// A yes/no value: true/false, yes/no, on/off, 是/否; anything else (also null) is `None`.
fn flag_value(v: &Yaml) -> Option<bool> {
    match v {
        Yaml::Bool(b) => Some(*b),
        Yaml::Str(s) => match s.trim().to_lowercase().as_str() {
            "true" | "yes" | "on" | "是" => Some(true),
            "false" | "no" | "off" | "否" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// The problem of a safety key written inside another key's value (`meta: {draft: true}`),
/// where it would have no effect (an error at the outer key).
fn nested_safety_problem(e: &Entry) -> Option<Problem> {
    let (inner, safety) = nested_safety_key(&e.value)?;
    Some(Problem::SafetyKeyNested {
        key: inner,
        parent: e.key.clone(),
        suggestion: safety,
    })
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
                if let Some(safety) = near_safety_key(&e.key) {
                    r.diags.push(Diagnostic::error(
                        Problem::SafetyKeyTypo {
                            key: e.key.clone(),
                            suggestion: Some(safety.to_string()),
                        },
                        r.loc(&e.key_span),
                    ));
                    continue;
                }
                if let Some(problem) = nested_safety_problem(e) {
                    r.diags.push(Diagnostic::error(problem, r.loc(&e.key_span)));
                    continue;
                }
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
            if !SAFETY_KEYS.contains(&d.key)
                && let Some(problem) = nested_safety_problem(e)
            {
                r.diags.push(Diagnostic::error(problem, r.loc(&e.key_span)));
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

    /// A yes/no safety value (`draft`, `search`): `absent` when the key is not written. An
    /// empty value (`draft:` and nothing), another word (`draft: maybe`, `草稿: 是的`) or
    /// another type is an error naming the allowed values, and reads as `fail_closed`, the
    /// value that publishes less — an unsure page is held back, never published.
    pub fn safety_flag(&mut self, key: &str, absent: bool, fail_closed: bool) -> bool {
        let Some(e) = self.entry(key) else {
            return absent;
        };
        if let Some(v) = flag_value(&e.value) {
            return v;
        }
        let value = match &e.value {
            Yaml::Seq(_) | Yaml::Map(_) => "[…]".to_string(),
            v => v.as_text().unwrap_or_default(),
        };
        let loc = self.loc(&e.value_span);
        self.diags.push(Diagnostic::error(
            Problem::NotOneOf {
                key: e.key.clone(),
                value,
                allowed: FLAG_VALUES.iter().map(|s| s.to_string()).collect(),
            },
            loc,
        ));
        fail_closed
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
                assert!(!r.safety_flag("draft", false, true));
                assert_eq!(r.count("issue"), Some(5));
            },
        );
        assert_eq!(d.len(), 1);
        assert!(matches!(d[0].problem, Problem::InvalidDate { .. }));
        assert_eq!(d[0].location.as_ref().unwrap().line, 2);
    }

    fn errors(d: &[Diagnostic]) -> Vec<&Problem> {
        d.iter()
            .filter(|d| d.is_error())
            .map(|d| &d.problem)
            .collect()
    }

    #[test]
    fn safety_key_typos_are_errors_with_a_suggestion() {
        for (key, want) in [
            ("darft", "draft"),
            ("drafts", "draft"),
            ("Draft", "draft"),
            ("DRAFT", "draft"),
            ("is_draft", "draft"),
            ("visiblity", "visibility"),
            ("visibilty", "visibility"),
            ("Visibility", "visibility"),
            ("serach", "search"),
            ("Search", "search"),
            ("consnet", "consent"),
            ("公 开", "公开"),
            ("\"公　开\"", "公开"),
            ("草搞", "草稿"),
            ("草稿状态", "草稿"),
            ("搜素", "搜索"),
            ("同意", "同意书"),
        ] {
            let text = format!("---\ntitle: 甲\n{key}: true\n---\n");
            let d = read(&text, Kind::Profile, |_| {});
            let errs = errors(&d);
            assert!(
                matches!(errs.as_slice(), [Problem::SafetyKeyTypo { suggestion: Some(s), .. }] if s == want),
                "{key}: {d:?}"
            );
            assert_eq!(d[0].location.as_ref().unwrap().line, 3, "{key}");
        }
    }

    #[test]
    fn other_unknown_keys_stay_warnings() {
        for key in [
            "titel",
            "categorys",
            "作着",
            "备注",
            "note",
            "photographer",
            "地点",
        ] {
            let text = format!("---\n{key}: 甲\n---\n");
            let d = read(&text, Kind::Article, |_| {});
            assert_eq!(d.len(), 1, "{key}: {d:?}");
            assert!(!d[0].is_error(), "{key}: {d:?}");
            assert!(matches!(d[0].problem, Problem::UnknownKey { .. }), "{key}");
        }
    }

    #[test]
    fn unknown_safety_values_are_errors_and_hold_the_page_back() {
        for (line, draft, search) in [
            ("draft: maybe", true, true),
            ("草稿: 是的", true, true),
            ("draft:", true, true),
            ("draft: \"\"", true, true),
            ("draft: 1", true, true),
            ("draft: [true]", true, true),
            ("search: nope", false, false),
            ("搜索:", false, false),
            ("search: {a: 1}", false, false),
        ] {
            let text = format!("---\ntitle: 甲\n{line}\n---\n");
            let mut got = (false, false);
            let d = read(&text, Kind::Article, |r| {
                got = (
                    r.safety_flag("draft", false, true),
                    r.safety_flag("search", true, false),
                );
            });
            assert_eq!(got, (draft, search), "{line}");
            let errs = errors(&d);
            assert!(
                matches!(errs.as_slice(), [Problem::NotOneOf { allowed, .. }] if allowed.len() == 4),
                "{line}: {d:?}"
            );
            assert_eq!(d[0].location.as_ref().unwrap().line, 3, "{line}");
        }
        // The accepted spellings keep working, absent keys keep their defaults.
        for (line, draft) in [
            ("draft: true", true),
            ("draft: 否", false),
            ("草稿: 是", true),
            ("draft: yes", true),
            ("draft: False", false),
            ("title2x: 1", false),
        ] {
            let text = format!("---\n{line}\n---\n");
            let mut got = None;
            let d = read(&text, Kind::Article, |r| {
                got = Some(r.safety_flag("draft", false, true));
            });
            assert_eq!(got, Some(draft), "{line}");
            assert!(errors(&d).is_empty(), "{line}: {d:?}");
        }
    }

    #[test]
    fn nested_safety_keys_are_errors() {
        for text in [
            "---\nmeta:\n  draft: true\n---\n",
            "---\nextra: {公开: internal}\n---\n",
            "---\ntags: [宣传, {草稿: 是}]\n---\n",
            "---\nsummary:\n  visiblity: internal\n---\n",
        ] {
            let d = read(text, Kind::Article, |_| {});
            assert!(
                errors(&d)
                    .iter()
                    .any(|p| matches!(p, Problem::SafetyKeyNested { .. })),
                "{text}: {d:?}"
            );
            assert_eq!(d[0].location.as_ref().unwrap().line, 2, "{text}");
        }
    }

    #[test]
    fn profile_keys_warn_on_articles() {
        let d = read("---\nhonor: 最美军嫂\n---\n", Kind::Article, |_| {});
        assert!(matches!(d[0].problem, Problem::KeyNotForKind { .. }));
    }
}

//! `tongxin check`: privacy and secrecy lint, official-document text lint, link checks
//! (external links with `--external`, see [`external`]).
//!
//! This module holds the types shared by every text lint:
//!
//! - [`Rule`]: every rule the lints know, with its stable id (`privacy/id-card`, `doc/doc-no` …),
//!   its [`Severity`] (the one [`crate::diagnostic::Severity`]), and a message and a hint in
//!   Chinese or English;
//! - [`Finding`]: one hit, as a byte range into the text that was checked; it becomes a
//!   diagnostic in one place only, [`Finding::into_diagnostic`];
//! - [`Ack`] and [`is_acknowledged`]: a file can acknowledge a specific *warning* with a reason.
//!   Blocking rules ([`Severity::Error`]) can never be acknowledged.
//!
//! The lints themselves live in [`privacy`] (personal information and military secrecy, see
//! `docs/rules.md` §2) and [`doclint`] (GB/T 9704 text rules, §3 there).

pub mod doclint;
pub mod external;
pub mod files;
pub(crate) mod normalize;
pub mod privacy;
pub mod site;

use std::fmt;
use std::str::FromStr;

use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::i18n::Lang;
use crate::problem::{Lint, Problem};

/// Every rule of the privacy/secrecy lint and the official-document text lint.
///
/// Serialises as its [`id`](Rule::id) string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// `privacy/id-card` (error): an 18-digit 公民身份号码 with a valid GB 11643 checksum,
    /// a known province prefix and a real birth date.
    IdCard,
    /// `privacy/id-card-suspect` (warning): an ID-shaped number next to 身份证 wording whose
    /// checksum or date is wrong, or a 15-digit legacy ID in an ID context.
    IdCardSuspect,
    /// `privacy/mobile` (error): a mainland mobile number not on the allow-list.
    Mobile,
    /// `privacy/landline` (warning): a landline number next to personal wording (家庭、本人、其妻 …).
    Landline,
    /// `privacy/bank-card` (error): a Luhn-valid bank card number (BIN 62, or any card next to 卡号 wording).
    BankCard,
    /// `privacy/certificate` (error): the number of a 优待证、残疾军人证、军官证、士兵证、退役证 ….
    Certificate,
    /// `privacy/address` (warning): a detailed home address (楼栋、单元、室; 家住/住址 …).
    Address,
    /// `secrecy/unit-code` (error): a 5-digit cover designation such as `NNNNN部队`.
    UnitCode,
    /// `secrecy/mailbox` (error): a military mailbox number such as `NNN信箱`.
    Mailbox,
    /// `secrecy/coordinates` (error): geographic coordinates (decimal or degree-minute).
    Coordinates,
    /// `secrecy/unit-name` (warning): an exact unit name (第N集团军, N旅 with military context, 武警X支队).
    UnitName,
    /// `secrecy/stationing` (warning): a stationing statement naming a place, such as 驻綦江部队.
    Stationing,
    /// `secrecy/facility` (warning): a military facility word (营区、训练场、靶场、阵地 …).
    Facility,
    /// `doc/doc-no` (warning): a malformed 发文字号.
    DocNo,
    /// `doc/date-format` (warning): a date with leading zeros, Chinese numerals or full-width digits.
    DateFormat,
    /// `doc/date-invalid` (warning): a date that does not exist (2026年2月30日).
    DateInvalid,
    /// `doc/heading-form` (warning): a wrongly written heading marker (`1、`, `（一）、`, `(一)` …).
    HeadingForm,
    /// `doc/heading-order` (warning): a heading that skips a level of 一、→（一）→1.→（1）.
    HeadingOrder,
    /// `doc/punctuation` (warning): ASCII punctuation `, ; : ( ) ! ?` between Chinese characters.
    Punctuation,
    /// `doc/title-punctuation` (warning): a title ending in punctuation.
    TitlePunctuation,
}

/// The error returned when a rule id is not known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRule(pub String);

impl fmt::Display for UnknownRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown lint rule id `{}`", self.0)
    }
}

impl std::error::Error for UnknownRule {}

impl Rule {
    /// Every rule, in a stable order.
    pub const ALL: &'static [Rule] = &[
        Rule::IdCard,
        Rule::IdCardSuspect,
        Rule::Mobile,
        Rule::Landline,
        Rule::BankCard,
        Rule::Certificate,
        Rule::Address,
        Rule::UnitCode,
        Rule::Mailbox,
        Rule::Coordinates,
        Rule::UnitName,
        Rule::Stationing,
        Rule::Facility,
        Rule::DocNo,
        Rule::DateFormat,
        Rule::DateInvalid,
        Rule::HeadingForm,
        Rule::HeadingOrder,
        Rule::Punctuation,
        Rule::TitlePunctuation,
    ];

    /// The stable id used in reports and in acknowledgements, e.g. `privacy/mobile`.
    pub fn id(&self) -> &'static str {
        match self {
            Rule::IdCard => "privacy/id-card",
            Rule::IdCardSuspect => "privacy/id-card-suspect",
            Rule::Mobile => "privacy/mobile",
            Rule::Landline => "privacy/landline",
            Rule::BankCard => "privacy/bank-card",
            Rule::Certificate => "privacy/certificate",
            Rule::Address => "privacy/address",
            Rule::UnitCode => "secrecy/unit-code",
            Rule::Mailbox => "secrecy/mailbox",
            Rule::Coordinates => "secrecy/coordinates",
            Rule::UnitName => "secrecy/unit-name",
            Rule::Stationing => "secrecy/stationing",
            Rule::Facility => "secrecy/facility",
            Rule::DocNo => "doc/doc-no",
            Rule::DateFormat => "doc/date-format",
            Rule::DateInvalid => "doc/date-invalid",
            Rule::HeadingForm => "doc/heading-form",
            Rule::HeadingOrder => "doc/heading-order",
            Rule::Punctuation => "doc/punctuation",
            Rule::TitlePunctuation => "doc/title-punctuation",
        }
    }

    /// Looks a rule up by its [`id`](Rule::id).
    pub fn from_id(id: &str) -> Option<Rule> {
        let id = id.trim();
        Rule::ALL.iter().copied().find(|r| r.id() == id)
    }

    /// Whether the rule blocks the build ([`Severity::Error`]) or warns.
    pub fn severity(&self) -> Severity {
        match self {
            Rule::IdCard
            | Rule::Mobile
            | Rule::BankCard
            | Rule::Certificate
            | Rule::UnitCode
            | Rule::Mailbox
            | Rule::Coordinates => Severity::Error,
            _ => Severity::Warning,
        }
    }

    /// What is wrong, for a hit whose text is `matched`. Numbers that must not be published are
    /// shown partly masked, so the report itself does not spread them.
    pub fn message(&self, lang: Lang, matched: &str) -> String {
        let zh = lang == Lang::Zh;
        let m = matched;
        match self {
            Rule::IdCard => {
                let k = mask(m);
                if zh {
                    format!("发现有效的身份证号码（{k}），不得公开发布")
                } else {
                    format!("valid resident ID number ({k}); it must not be published")
                }
            }
            Rule::IdCardSuspect => {
                let k = mask(m);
                if zh {
                    format!("“{k}”疑似身份证号码（校验位或出生日期不符，或为15位旧号码）")
                } else {
                    format!(
                        "“{k}” looks like a resident ID number (wrong check digit or date, or a legacy 15-digit number)"
                    )
                }
            }
            Rule::Mobile => {
                let k = mask(m);
                if zh {
                    format!("发现个人手机号码（{k}），不得公开发布")
                } else {
                    format!("personal mobile number ({k}); it must not be published")
                }
            }
            Rule::Landline => {
                if zh {
                    format!("电话号码“{m}”附近出现家庭或个人字样，疑似个人电话")
                } else {
                    format!(
                        "phone number “{m}” appears next to personal wording; it may be a private number"
                    )
                }
            }
            Rule::BankCard => {
                let k = mask(m);
                if zh {
                    format!("发现银行卡号（{k}），不得公开发布")
                } else {
                    format!("bank card number ({k}); it must not be published")
                }
            }
            Rule::Certificate => {
                if zh {
                    format!("发现证件编号“{m}”（优待证、军人证件等），不得公开发布")
                } else {
                    format!(
                        "certificate number “{m}” (preferential-treatment or military ID); it must not be published"
                    )
                }
            }
            Rule::Address => {
                if zh {
                    format!("“{m}”疑似详细家庭住址")
                } else {
                    format!("“{m}” looks like a detailed home address")
                }
            }
            Rule::UnitCode => {
                if zh {
                    format!("发现部队代号“{m}”，不得公开发布")
                } else {
                    format!("military unit cover designation “{m}”; it must not be published")
                }
            }
            Rule::Mailbox => {
                if zh {
                    format!("发现军事信箱号码“{m}”，不得公开发布")
                } else {
                    format!("military mailbox number “{m}”; it must not be published")
                }
            }
            Rule::Coordinates => {
                if zh {
                    format!("发现地理坐标“{m}”，不得公开发布")
                } else {
                    format!("geographic coordinates “{m}”; they must not be published")
                }
            }
            Rule::UnitName => {
                if zh {
                    format!("“{m}”是具体部队番号或单位名称，需经保密审查")
                } else {
                    format!("“{m}” names a specific military unit; it needs a secrecy review")
                }
            }
            Rule::Stationing => {
                if zh {
                    format!("“{m}”指明了部队驻地，需经保密审查")
                } else {
                    format!("“{m}” states where troops are stationed; it needs a secrecy review")
                }
            }
            Rule::Facility => {
                if zh {
                    format!("提到军事设施“{m}”，需经保密审查")
                } else {
                    format!("mentions a military facility (“{m}”); it needs a secrecy review")
                }
            }
            Rule::DocNo => doclint::doc_no_message(lang, m),
            Rule::DateFormat => match doclint::canonical_date(m) {
                Some(fix) if zh => format!("日期“{m}”写法不规范，应写作“{fix}”"),
                Some(fix) => format!("date “{m}” is not in the standard form; write “{fix}”"),
                None if zh => format!("日期“{m}”写法不规范"),
                None => format!("date “{m}” is not in the standard form"),
            },
            Rule::DateInvalid => {
                if zh {
                    format!("日期“{m}”不是有效的日期")
                } else {
                    format!("“{m}” is not a real calendar date")
                }
            }
            Rule::HeadingForm => match doclint::heading_fix(m) {
                Some(fix) if zh => format!("结构层次序数“{m}”写法不规范，应写作“{fix}”"),
                Some(fix) => format!("heading marker “{m}” is wrongly written; use “{fix}”"),
                None if zh => format!("结构层次序数“{m}”写法不规范"),
                None => format!("heading marker “{m}” is wrongly written"),
            },
            Rule::HeadingOrder => {
                let level = doclint::heading_level(m).unwrap_or(0);
                let parent = match level {
                    2 => "一、",
                    3 => "（一）",
                    4 => "1.",
                    _ => "",
                };
                if parent.is_empty() {
                    if zh {
                        format!("结构层次序数“{m}”跳级")
                    } else {
                        format!("heading marker “{m}” skips a level")
                    }
                } else if zh {
                    format!("结构层次序数“{m}”跳级：其上一层应为“{parent}”")
                } else {
                    format!("heading marker “{m}” skips a level: its parent level is “{parent}”")
                }
            }
            Rule::Punctuation => {
                let fix = doclint::fullwidth_punct(m).unwrap_or("");
                if zh {
                    format!("中文之间使用了半角标点“{m}”，应为全角“{fix}”")
                } else {
                    format!(
                        "ASCII punctuation “{m}” between Chinese characters; use the full-width “{fix}”"
                    )
                }
            }
            Rule::TitlePunctuation => {
                if zh {
                    format!("标题末尾有标点“{m}”")
                } else {
                    format!("the title ends with punctuation “{m}”")
                }
            }
        }
    }

    /// What to do about a hit of this rule.
    pub fn hint(&self, lang: Lang) -> String {
        let (zh, en) = match self {
            Rule::IdCard => (
                "删除该号码；如需说明身份，可写“张某某”。",
                "Delete the number; refer to the person as “张某某” if needed.",
            ),
            Rule::IdCardSuspect => (
                "如是证件号码请删除；如确认不是，请在文件中登记确认（ack）并写明理由。",
                "Delete it if it is an ID number; if it is not, acknowledge the warning in the file with a reason.",
            ),
            Rule::Mobile => (
                "删除个人手机号；如需留联系方式，请用单位公开电话，并把它加入 config.yaml 的 privacy.allow。",
                "Delete the personal number; give the office's public number instead and add it to privacy.allow in config.yaml.",
            ),
            Rule::Landline => (
                "如是个人或家庭电话请删除；如是单位公开电话，请加入 config.yaml 的 privacy.allow。",
                "Delete it if it is a private number; if it is a public office number, add it to privacy.allow in config.yaml.",
            ),
            Rule::BankCard => ("删除银行卡号。", "Delete the card number."),
            Rule::Certificate => (
                "删除证件编号，只写“已办理优待证”之类的概括表述。",
                "Delete the certificate number; write only that the certificate was issued.",
            ),
            Rule::Address => (
                "住址只写到区县或乡镇街道，不写小区、楼栋、单元和门牌号。",
                "Give the district or town at most; no estate, building, unit or door number.",
            ),
            Rule::UnitCode => (
                "删除部队代号，改写为“驻X某部”或“某部”。",
                "Delete the designation; write “驻X某部” or “某部” instead.",
            ),
            Rule::Mailbox => (
                "删除军事信箱号码，改写为“某部”。",
                "Delete the mailbox number; write “某部” instead.",
            ),
            Rule::Coordinates => (
                "删除坐标；需要说明位置时只写到区县。",
                "Delete the coordinates; name the district at most.",
            ),
            Rule::UnitName => (
                "改写为“某部”“某旅”；如该名称已公开，请登记确认（ack）并写明依据。",
                "Write “某部” or “某旅”; if the name is already public, acknowledge the warning with the source.",
            ),
            Rule::Stationing => (
                "改写为“驻X某部”或“驻区部队”等泛称；如确需保留，请登记确认（ack）并写明理由。",
                "Write “驻X某部” or a general phrase such as “驻区部队”; to keep it, acknowledge the warning with a reason.",
            ),
            Rule::Facility => (
                "不得描述营区、训练场等军事设施的位置和内部情况；核实无问题后登记确认（ack）。",
                "Do not describe the location or inside of military facilities; acknowledge the warning once reviewed.",
            ),
            Rule::DocNo => (
                "规范写法如“綦拥组〔2026〕3号”：年份用六角括号〔〕括入并写全四位，序号不编虚位、不加“第”字。",
                "Write it like “綦拥组〔2026〕3号”: the full year in 〔〕 (U+3014/U+3015), no leading zeros, no “第”.",
            ),
            Rule::DateFormat => (
                "用阿拉伯数字写全年份，月、日不编虚位，如“2026年5月8日”。",
                "Use Arabic digits, the full year and no leading zeros, e.g. “2026年5月8日”.",
            ),
            Rule::DateInvalid => ("检查年、月、日是否写错。", "Check the year, month and day."),
            Rule::HeadingForm => (
                "结构层次序数依次为“一、”“（一）”“1.”“（1）”，括号用全角。",
                "Heading markers are “一、”, “（一）”, “1.”, “（1）”, with full-width parentheses.",
            ),
            Rule::HeadingOrder => (
                "不要跳级：“一、”下用“（一）”，“（一）”下用“1.”，“1.”下用“（1）”。",
                "Do not skip levels: “（一）” under “一、”, “1.” under “（一）”, “（1）” under “1.”.",
            ),
            Rule::Punctuation => (
                "中文之间使用全角标点：，；：（）！？",
                "Use full-width punctuation between Chinese characters: ，；：（）！？",
            ),
            Rule::TitlePunctuation => (
                "标题末尾不加标点符号（书名号、括号、问号除外）。",
                "Titles take no final punctuation (closing book-title marks, brackets and question marks excepted).",
            ),
        };
        lang.pick(zh, en).to_string()
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Rule {
    type Err = UnknownRule;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Rule::from_id(s).ok_or_else(|| UnknownRule(s.to_string()))
    }
}

impl serde::Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

/// One hit of a lint rule.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// The rule that fired.
    pub rule: Rule,
    /// Start of the hit: a byte offset into the ORIGINAL text, on a char boundary.
    pub start: usize,
    /// End of the hit (exclusive): a byte offset into the ORIGINAL text, on a char boundary.
    pub end: usize,
    /// The original text of the hit (`text[start..end]`); for a [`rendered`](Finding::rendered)
    /// finding, the text as readers see it.
    pub matched: String,
    /// True when the hit exists only in the text as readers see it (markup, character
    /// references, invisible characters or line breaks split it in the source); `start..end`
    /// is then the best position found in the source.
    pub rendered: bool,
}

impl Finding {
    /// The severity of the finding's rule.
    pub fn severity(&self) -> Severity {
        self.rule.severity()
    }

    /// Whether this finding fails the build.
    pub fn is_blocking(&self) -> bool {
        self.severity() == Severity::Error
    }

    /// The finding as a diagnostic at `location`, with its rule's severity: the one place a
    /// finding becomes a diagnostic.
    pub fn into_diagnostic(self, location: Location) -> Diagnostic {
        Diagnostic {
            severity: self.severity(),
            problem: Problem::Lint(Lint(std::sync::Arc::new(self))),
            location: Some(Box::new(location)),
        }
    }

    /// The message for this finding (see [`Rule::message`]).
    pub fn message(&self, lang: Lang) -> String {
        let m = self.rule.message(lang, &self.matched);
        if !self.rendered {
            return m;
        }
        if lang == Lang::Zh {
            format!("{m}（渲染后读者看到的文字中出现：原文被标记、字符引用、不可见字符或换行隔开）")
        } else {
            format!(
                "{m} (in the text as readers see it: the source splits it with markup, character references, invisible characters or line breaks)"
            )
        }
    }

    /// The hint for this finding (see [`Rule::hint`]).
    pub fn hint(&self, lang: Lang) -> String {
        self.rule.hint(lang)
    }
}

/// A recorded human decision to publish despite a warning, written in a file's front matter.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Ack {
    /// The rule id, e.g. `secrecy/stationing`.
    pub rule: String,
    /// The acknowledged text: it must equal, or be contained in, the finding's matched text.
    pub text: String,
    /// Why it may be published (required; an empty reason acknowledges nothing).
    pub reason: String,
}

/// Whether `finding` is covered by one of `acks`: the rule id is the same, the ack's text is
/// non-empty and equal to or contained in the matched text, and a reason is given.
/// Findings of blocking rules ([`Severity::Error`]) are never acknowledged.
pub fn is_acknowledged(finding: &Finding, acks: &[Ack]) -> bool {
    if finding.is_blocking() {
        return false;
    }
    let id = finding.rule.id();
    acks.iter().any(|a| {
        let text = a.text.trim();
        a.rule.trim() == id
            && !text.is_empty()
            && !a.reason.trim().is_empty()
            && finding.matched.contains(text)
    })
}

/// Masks the middle of a number for display: keeps the first 3 and last 4 characters.
fn mask(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= 7 {
        return "*".repeat(chars.len());
    }
    let mut out = String::with_capacity(s.len());
    for (i, c) in chars.iter().enumerate() {
        if i < 3 || i >= chars.len() - 4 || !c.is_alphanumeric() {
            out.push(*c);
        } else {
            out.push('*');
        }
    }
    out
}

impl crate::problem::LintFinding for Finding {
    fn rule_id(&self) -> &'static str {
        self.rule.id()
    }

    fn message(&self, lang: Lang) -> String {
        Finding::message(self, lang)
    }

    fn hint(&self, lang: Lang) -> String {
        Finding::hint(self, lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(rule: Rule, matched: &str) -> Finding {
        Finding {
            rule,
            start: 0,
            end: matched.len(),
            matched: matched.to_string(),
            rendered: false,
        }
    }

    #[test]
    fn ids_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for r in Rule::ALL {
            assert!(seen.insert(r.id()), "duplicate id {}", r.id());
            assert_eq!(Rule::from_id(r.id()), Some(*r));
            assert_eq!(r.id().parse::<Rule>(), Ok(*r));
            assert!(!r.message(Lang::Zh, "x").is_empty());
            assert!(!r.message(Lang::En, "x").is_empty());
            assert!(!r.hint(Lang::Zh).is_empty());
            assert!(!r.hint(Lang::En).is_empty());
        }
        assert_eq!(
            "privacy/nope".parse::<Rule>(),
            Err(UnknownRule("privacy/nope".into()))
        );
    }

    #[test]
    fn severities() {
        let errors: Vec<_> = Rule::ALL
            .iter()
            .filter(|r| r.severity() == Severity::Error)
            .map(|r| r.id())
            .collect();
        assert_eq!(
            errors,
            [
                "privacy/id-card",
                "privacy/mobile",
                "privacy/bank-card",
                "privacy/certificate",
                "secrecy/unit-code",
                "secrecy/mailbox",
                "secrecy/coordinates"
            ]
        );
        assert_eq!(Severity::Error.label(Lang::Zh), "错误");
        assert_eq!(Severity::Warning.label(Lang::Zh), "警告");
    }

    #[test]
    fn messages_mask_secrets() {
        let m = Rule::IdCard.message(Lang::Zh, "500222198001010010");
        assert!(m.contains("身份证"), "{m}");
        assert!(!m.contains("500222198001010010"), "{m}");
        assert!(m.contains("500***********0010"), "{m}");
        let m = Rule::Mobile.message(Lang::En, "138 1234 5678");
        assert!(m.contains("138 **** 5678"), "{m}");
    }

    #[test]
    fn serialises_rule_as_id() {
        let f = finding(Rule::Stationing, "驻綦江部队");
        let json = serde_json::to_string(&f).unwrap();
        assert!(json.contains("\"rule\":\"secrecy/stationing\""), "{json}");
    }

    #[test]
    fn acknowledgements() {
        let ack = |rule: &str, text: &str, reason: &str| Ack {
            rule: rule.into(),
            text: text.into(),
            reason: reason.into(),
        };
        let warn = finding(Rule::Stationing, "驻綦江部队");
        let err = finding(Rule::Mobile, "13812345678");
        let cases: &[(&Finding, Ack, bool)] = &[
            (
                &warn,
                ack("secrecy/stationing", "驻綦江部队", "已公开报道"),
                true,
            ),
            (
                &warn,
                ack("secrecy/stationing", "綦江部队", "已公开报道"),
                true,
            ),
            (
                &warn,
                ack(" secrecy/stationing ", "驻綦江部队 ", "已公开"),
                true,
            ),
            (
                &warn,
                ack("secrecy/stationing", "驻渝部队", "已公开报道"),
                false,
            ),
            (
                &warn,
                ack("secrecy/facility", "驻綦江部队", "已公开报道"),
                false,
            ),
            (&warn, ack("secrecy/stationing", "", "已公开报道"), false),
            (&warn, ack("secrecy/stationing", "驻綦江部队", "  "), false),
            (
                &err,
                ack("privacy/mobile", "13812345678", "本人同意"),
                false,
            ),
        ];
        for (f, a, want) in cases {
            assert_eq!(is_acknowledged(f, std::slice::from_ref(a)), *want, "{a:?}");
        }
        assert!(!is_acknowledged(&warn, &[]));
    }
}

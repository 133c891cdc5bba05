//! What `tongxin inspect` and `tongxin ledger` find in a site, in both languages. The
//! indicators themselves (update clocks, empty columns) are reported by `crate::inspect`; the
//! problems here are the ones with a place in a file.

use std::path::PathBuf;

use crate::i18n::Lang;
use crate::text::display_path;

/// How a name was written wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Miswritten {
    /// A known wrong form (中华人民共合国).
    Known,
    /// One character replaced by another.
    Substituted,
    /// One character left out.
    Omitted,
    /// Two neighbouring characters in the wrong order.
    Swapped,
}

impl Miswritten {
    fn words(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Miswritten::Known, Lang::Zh) => "常见错误写法",
            (Miswritten::Known, Lang::En) => "a known wrong form",
            (Miswritten::Substituted, Lang::Zh) => "错了一个字",
            (Miswritten::Substituted, Lang::En) => "one character wrong",
            (Miswritten::Omitted, Lang::Zh) => "漏了一个字",
            (Miswritten::Omitted, Lang::En) => "one character missing",
            (Miswritten::Swapped, Lang::Zh) => "两个字颠倒",
            (Miswritten::Swapped, Lang::En) => "two characters swapped",
        }
    }
}

/// An inspection or ledger problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InspectProblem {
    /// A state, institution or listed name written wrong: a serious wording error.
    WrongName {
        /// As written.
        found: String,
        /// As it must be written.
        correct: String,
        /// How it differs.
        how: Miswritten,
    },
    /// A document marked 有效 whose text says it was replaced or repealed.
    ValidButReplaced {
        /// The words that say so.
        phrase: String,
    },
    /// A published page dated after today.
    FutureDated {
        /// Its date.
        date: String,
        /// Today.
        today: String,
    },
    /// A profile whose 同意书 is older than the years set.
    ConsentOld {
        /// The consent date.
        consent: String,
        /// `inspection.consent_years`.
        years: u32,
    },
    /// `--out` inside the website output (the report or ledger would be published).
    IntoWebsite {
        /// The refused file.
        path: PathBuf,
    },
    /// `--out` names an existing folder (writing there would replace the folder and all in it).
    OutIsFolder {
        /// The folder.
        path: PathBuf,
    },
    /// `--from` after `--to`.
    YearRange {
        /// `--from`.
        from: i32,
        /// `--to`.
        to: i32,
    },
    /// The workbook could not be made.
    Workbook {
        /// What the writer said.
        detail: String,
    },
}

impl InspectProblem {
    /// The rule id.
    pub fn id(&self) -> &'static str {
        match self {
            InspectProblem::WrongName { .. } => "inspect/wording",
            InspectProblem::ValidButReplaced { .. } => "inspect/validity",
            InspectProblem::FutureDated { .. } => "inspect/future-date",
            InspectProblem::ConsentOld { .. } => "inspect/consent",
            InspectProblem::IntoWebsite { .. } => "inspect/into-website",
            InspectProblem::OutIsFolder { .. } => "inspect/out-is-folder",
            InspectProblem::YearRange { .. } => "ledger/years",
            InspectProblem::Workbook { .. } => "ledger/workbook",
        }
    }

    /// The headline.
    pub fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            InspectProblem::WrongName {
                found,
                correct,
                how,
            } => {
                if zh {
                    format!(
                        "严重表述错误：“{found}”应为“{correct}”（{}）",
                        how.words(lang)
                    )
                } else {
                    format!(
                        "serious wording error: “{found}” should be “{correct}” ({})",
                        how.words(lang)
                    )
                }
            }
            InspectProblem::ValidButReplaced { phrase } => {
                if zh {
                    format!("文件标为“有效”，正文却写着“{phrase}”")
                } else {
                    format!("the document is marked 有效 but its text says “{phrase}”")
                }
            }
            InspectProblem::FutureDated { date, today } => {
                if zh {
                    format!("发布日期 {date} 晚于今天（{today}）")
                } else {
                    format!("dated {date}, after today ({today})")
                }
            }
            InspectProblem::ConsentOld { consent, years } => {
                if zh {
                    format!("本人同意书签于 {consent}，已超过 {years} 年")
                } else {
                    format!("the consent was given on {consent}, more than {years} years ago")
                }
            }
            InspectProblem::IntoWebsite { path } => {
                if zh {
                    format!("{} 在网站输出目录内，会随网站发布", display_path(path))
                } else {
                    format!(
                        "{} is inside the website output and would be published",
                        display_path(path)
                    )
                }
            }
            InspectProblem::OutIsFolder { path } => {
                if zh {
                    format!("{} 是一个文件夹，不能当作报告文件写入", display_path(path))
                } else {
                    format!(
                        "{} is a folder, not a file to write the report to",
                        display_path(path)
                    )
                }
            }
            InspectProblem::YearRange { from, to } => {
                if zh {
                    format!("起始年份 {from} 晚于截止年份 {to}")
                } else {
                    format!("--from {from} is after --to {to}")
                }
            }
            InspectProblem::Workbook { detail } => {
                if zh {
                    format!("无法生成台账表格：{detail}")
                } else {
                    format!("could not make the ledger workbook: {detail}")
                }
            }
        }
    }

    /// What to do about it.
    pub fn hint(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            InspectProblem::WrongName { correct, .. } => {
                if zh {
                    format!("改为“{correct}”。国名、机构名、领导人姓名写错属于严重错误，超过上限即单项否决")
                } else {
                    format!(
                        "write “{correct}”. Wrong state, institution or leaders' names are serious errors; more than the limit fails the site"
                    )
                }
            }
            InspectProblem::ValidButReplaced { .. } => lang
                .pick(
                    "核实后把 validity（有效性）改为“失效”或“废止”，或删去这句话",
                    "check it, then set validity (有效性) to 失效 or 废止, or remove the sentence",
                )
                .to_string(),
            InspectProblem::FutureDated { .. } => lang
                .pick(
                    "检查日期是否写错；检查时未来日期会被视为错误信息",
                    "check the date: a future date looks like an error to inspectors",
                )
                .to_string(),
            InspectProblem::ConsentOld { .. } => lang
                .pick(
                    "请本人重新确认同意公开，更新 consent（同意书）日期；或撤下该人物",
                    "ask the person to confirm again and update consent (同意书), or take the profile down",
                )
                .to_string(),
            InspectProblem::IntoWebsite { .. } => lang
                .pick(
                    "用 --out 指定网站输出目录以外的文件",
                    "give --out a file outside the website output",
                )
                .to_string(),
            InspectProblem::OutIsFolder { .. } => lang
                .pick(
                    "在 --out 中写出文件名，如 报告/inspect.html 或 台账.xlsx",
                    "give --out a file name, such as reports/inspect.html or 台账.xlsx",
                )
                .to_string(),
            InspectProblem::YearRange { .. } => lang
                .pick("交换两个年份", "swap the two years")
                .to_string(),
            InspectProblem::Workbook { .. } => lang
                .pick(
                    "检查输出位置是否可写，然后重试",
                    "check that the output place is writable and try again",
                )
                .to_string(),
        }
    }
}

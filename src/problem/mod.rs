//! Every kind of problem tongxin reports, as a type. Wording lives here, in Chinese and English.

mod docx;
mod image;
mod inspect;
mod link;
mod svg;
mod unreadable;
mod wechat;
mod wechat_export;
mod yaml;

use std::path::PathBuf;

pub use docx::DocxProblem;
pub use image::{ImageFailure, MAX_BYTES, MAX_SIDE};
pub use inspect::{InspectProblem, Miswritten};
pub use link::{LinkFailure, status_text};
pub use svg::Hazard;
pub use unreadable::Unreadable;
pub use wechat::{Call as WechatCall, Field as WechatField, WechatFailure};
pub use wechat_export::{WechatProblem, Withheld};
pub use yaml::localize;

use crate::i18n::Lang;
use crate::text::display_path;

/// A finding of a text lint (privacy, secrecy, official-document rules; see
/// `crate::check`), as a problem sees it: its rule's id and its words.
pub trait LintFinding: std::fmt::Debug + Send + Sync {
    /// The rule's stable id, such as `privacy/mobile`.
    fn rule_id(&self) -> &'static str;
    /// The headline.
    fn message(&self, lang: Lang) -> String;
    /// What to do about it.
    fn hint(&self, lang: Lang) -> String;
}

/// A lint finding inside a [`Problem`]. Two are equal when they say the same thing.
#[derive(Debug, Clone)]
pub struct Lint(pub std::sync::Arc<dyn LintFinding>);

impl PartialEq for Lint {
    fn eq(&self, other: &Lint) -> bool {
        self.0.rule_id() == other.0.rule_id()
            && self.0.message(Lang::En) == other.0.message(Lang::En)
    }
}

/// Why an output folder is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputProblem {
    /// `output:` is empty.
    Empty,
    /// The folder is the site, a parent of it, or one of its source folders.
    OverwritesSite,
}

/// What went wrong. Data only; [`Problem::message`] and [`Problem::hint`] make the words.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// The file could not be read.
    Io { path: PathBuf, detail: String },
    /// The file has a byte sequence that is not valid in the one encoding it was read as
    /// (the location names the first one).
    Undecodable { encoding: String, bytes: String },
    /// The file was decoded from a legacy encoding (warning).
    LegacyEncoding { encoding: String },
    /// `---` opened front matter but no closing `---` was found.
    FrontMatterUnclosed,
    /// The file has no front matter at all.
    FrontMatterMissing,
    /// YAML syntax error (detail from the parser).
    Yaml { detail: String },
    /// YAML refused because it is too large, too deep or has too many aliases.
    YamlTooComplex { detail: String },
    /// Front matter is not a mapping of keys to values.
    FrontMatterNotMapping,
    /// A required field is missing.
    MissingField {
        key: &'static str,
        alias: &'static str,
    },
    /// Both the English key and its Chinese alias were given.
    KeyAndAlias {
        key: &'static str,
        alias: &'static str,
    },
    /// The same key twice.
    DuplicateKey { key: String },
    /// A key that is not part of the front matter (warning).
    UnknownKey {
        key: String,
        suggestion: Option<String>,
    },
    /// A key valid for another content type only (warning).
    KeyNotForKind { key: String, kind: &'static str },
    /// A value has the wrong type.
    WrongType {
        key: String,
        expected: &'static str,
        expected_en: &'static str,
    },
    /// A date that is malformed or not on the calendar.
    InvalidDate { key: String, value: String },
    /// A value outside an allowed set.
    NotOneOf {
        key: String,
        value: String,
        allowed: Vec<String>,
    },
    /// A profile's honor is not in `config.yaml` `honors`.
    UnknownHonor { value: String, known: Vec<String> },
    /// A briefing's series is not in `config.yaml` `briefings`.
    UnknownSeries { value: String, known: Vec<String> },
    /// Two issues of one series and year share a number.
    DuplicateIssue {
        series: String,
        year: i32,
        issue: u32,
        other: PathBuf,
    },
    /// Issue numbers of a series and year have gaps (warning).
    IssueGap {
        series: String,
        year: i32,
        missing: Vec<u32>,
    },
    /// A briefing lists an item that does not exist.
    ItemNotFound { path: String },
    /// A briefing lists an item that is a draft or internal.
    ItemNotPublic { path: String },
    /// A profile without recorded consent.
    MissingConsent,
    /// A profile photo without alt text.
    MissingPhotoAlt,
    /// A slug that is not a plain URL segment or would leave the output folder.
    BadSlug { slug: String },
    /// Two pages map to one URL.
    DuplicateUrl { url: String, other: PathBuf },
    /// A link to a Markdown file that does not exist.
    BrokenLink { target: String },
    /// A link to a heading that does not exist.
    BrokenAnchor { target: String, known: Vec<String> },
    /// A link to a page that is not published (draft/internal).
    LinkToUnpublished { target: String },
    /// A referenced file (image, cover, attachment) does not exist.
    MissingFile { target: String },
    /// A site-path link (`/…`) to neither a file under static/ nor a generated page.
    MissingSitePath { target: String },
    /// Malformed 索引号 (warning).
    BadIndexNo { value: String },
    /// An alias URL that is not a site path.
    BadAlias { value: String },
    /// An alias onto a page the site generates itself (lists, search, feeds …).
    AliasOnGenerated { url: String },
    /// config.yaml problem.
    Config { detail: String },
    /// A template failed to parse or render.
    Template { name: String, detail: String },
    /// The theme named in config.yaml does not exist.
    ThemeNotFound { name: String },
    /// `serve` cannot listen on the address.
    ServeBind { addr: String, detail: String },
    /// The output folder is not safe to replace.
    BadOutput {
        path: PathBuf,
        reason: OutputProblem,
    },
    /// No content folder.
    NoContent { path: PathBuf },
    /// A file or folder that `init`/`new` would overwrite.
    AlreadyExists { path: PathBuf },
    /// A command-line value that makes no sense (e.g. `--month 2026-13`).
    BadArgument { name: &'static str, value: String },
    /// A privacy, secrecy or official-document lint finding.
    Lint(Lint),
    /// `tongxin pdf` found no Chrome, Chromium or Edge (`named` is a `TONGXIN_BROWSER` that
    /// does not exist).
    BrowserNotFound { named: Option<PathBuf> },
    /// The browser failed to print a page.
    BrowserFailed { page: String, detail: String },
    /// `tongxin pdf` was given a name that is no briefing or document.
    UnknownPrintTarget { name: String, known: Vec<String> },
    /// `tongxin pdf` without names and without `--all`/`--documents`.
    NothingToPrint { known: Vec<String> },
    /// `tongxin pdf --out` inside the website output, where internal issues would be published.
    PdfIntoWebsite { path: PathBuf },
    /// A folder under content/ that is not a content type (warning).
    UnknownSection {
        name: String,
        suggestion: Option<String>,
    },
    /// An external link answered with an HTTP error status (`check --external`; warning).
    ExternalLinkBroken { url: String, status: u16 },
    /// An external link could not be reached at all (`check --external`; warning).
    ExternalLinkUnreachable { url: String, reason: LinkFailure },
    /// An image that cannot be published: truncated, corrupt, unsupported or too large.
    Image {
        file: PathBuf,
        failure: ImageFailure,
    },
    /// An SVG with a script, an event handler or an external reference.
    SvgUnsafe { file: PathBuf, hazard: Hazard },
    /// A Markdown image without alt text (warning).
    MissingAlt { target: String },
    /// Raw HTML the sanitizer changed (warning): what it removed, e.g. `<script>`, `onerror=`.
    HtmlRemoved { removed: Vec<String> },
    /// `unsafe_html: true`: raw HTML is published as written (warning, once per build).
    UnsafeHtmlKept,
    /// Raw HTML nested deeper than the sanitizer takes (parsing it would stall the build).
    HtmlTooDeep { depth: usize, limit: usize },
    /// An unknown key that looks like a key deciding publication (`darft`, `visiblity`, `草搞`,
    /// `unsafe_htm`): ignoring it could publish what it meant to hold back.
    SafetyKeyTypo {
        key: String,
        suggestion: Option<String>,
    },
    /// A safety key nested inside another key's value, where it has no effect.
    SafetyKeyNested {
        key: String,
        parent: String,
        suggestion: &'static str,
    },
    /// A config.yaml error, worded in both languages (library text never reaches the user).
    ConfigInvalid { zh: String, en: String },
    /// A URL in config.yaml (`base_url`, `menu`) with a scheme other than http(s) or a site
    /// path, such as `javascript:`.
    UnsafeUrl { key: String, value: String },
    /// `build --drafts` told to write into a folder that could be published (`--output`, or a
    /// configured `output` that holds the drafts folder).
    DraftsOutput { path: PathBuf },
    /// A published file whose text the privacy gate cannot read (error unless acknowledged).
    UnreadableFile { file: PathBuf, why: Unreadable },
    /// A published PDF: its text is not checked (warning unless acknowledged).
    UnscannedPdf { file: PathBuf },
    /// An acknowledgement of an unchecked file names no published file.
    UnscannedAckNoFile { file: String },
    /// An acknowledgement of an unchecked file gives no reason.
    UnscannedAckNoReason { file: String },
    /// A 公众号 export problem (`tongxin wechat`).
    WechatExport(WechatProblem),
    /// A Word channel problem (`tongxin docx`).
    Docx(DocxProblem),
    /// `tongxin wechat --upload` could not send an article to the draft box.
    Wechat(WechatFailure),
    /// A finding of `tongxin inspect` or a problem of `tongxin ledger`.
    Inspect(InspectProblem),
}

impl Problem {
    /// A stable id, shown in brackets and in `--format json`.
    pub fn id(&self) -> &'static str {
        use Problem::*;
        match self {
            Io { .. } => "io",
            Undecodable { .. } => "encoding/undecodable",
            LegacyEncoding { .. } => "encoding/legacy",
            FrontMatterUnclosed => "front-matter/unclosed",
            FrontMatterMissing => "front-matter/missing",
            Yaml { .. } => "front-matter/yaml",
            YamlTooComplex { .. } => "front-matter/too-complex",
            FrontMatterNotMapping => "front-matter/not-mapping",
            MissingField { .. } => "front-matter/missing-field",
            KeyAndAlias { .. } => "front-matter/key-and-alias",
            DuplicateKey { .. } => "front-matter/duplicate-key",
            UnknownKey { .. } => "front-matter/unknown-key",
            KeyNotForKind { .. } => "front-matter/key-not-for-kind",
            WrongType { .. } => "front-matter/wrong-type",
            InvalidDate { .. } => "front-matter/invalid-date",
            NotOneOf { .. } => "front-matter/invalid-value",
            UnknownHonor { .. } => "profile/unknown-honor",
            UnknownSeries { .. } => "briefing/unknown-series",
            DuplicateIssue { .. } => "briefing/duplicate-issue",
            IssueGap { .. } => "briefing/issue-gap",
            ItemNotFound { .. } => "briefing/item-not-found",
            ItemNotPublic { .. } => "briefing/item-not-public",
            MissingConsent => "profile/missing-consent",
            MissingPhotoAlt => "profile/missing-photo-alt",
            BadSlug { .. } => "url/bad-slug",
            DuplicateUrl { .. } => "url/duplicate",
            BrokenLink { .. } => "link/broken",
            BrokenAnchor { .. } => "link/anchor",
            LinkToUnpublished { .. } => "link/unpublished",
            MissingFile { .. } => "file/missing",
            MissingSitePath { .. } => "link/site-path",
            BadIndexNo { .. } => "document/index-no",
            BadAlias { .. } => "url/bad-alias",
            AliasOnGenerated { .. } => "url/alias-generated",
            Config { .. } => "config",
            Template { .. } => "template",
            ThemeNotFound { .. } => "theme/not-found",
            BadOutput { .. } => "output",
            ServeBind { .. } => "serve/bind",
            NoContent { .. } => "content/missing",
            UnknownSection { .. } => "content/unknown-folder",
            ExternalLinkBroken { .. } => "link/external-broken",
            ExternalLinkUnreachable { .. } => "link/external-unreachable",
            Lint(f) => f.0.rule_id(),
            AlreadyExists { .. } => "cli/exists",
            BadArgument { .. } => "cli/argument",
            BrowserNotFound { .. } => "pdf/no-browser",
            BrowserFailed { .. } => "pdf/browser-failed",
            UnknownPrintTarget { .. } => "pdf/unknown",
            NothingToPrint { .. } => "pdf/nothing",
            PdfIntoWebsite { .. } => "pdf/into-website",
            Image { failure, .. } => failure.id(),
            SvgUnsafe { .. } => "image/svg-unsafe",
            MissingAlt { .. } => "image/missing-alt",
            HtmlRemoved { .. } => "html/removed",
            UnsafeHtmlKept => "html/unsafe-kept",
            HtmlTooDeep { .. } => "html/too-deep",
            SafetyKeyTypo { .. } => "front-matter/safety-key-typo",
            SafetyKeyNested { .. } => "front-matter/safety-key-nested",
            ConfigInvalid { .. } => "config",
            UnsafeUrl { .. } => "config/unsafe-url",
            DraftsOutput { .. } => "output/drafts",
            UnreadableFile { .. } => "file/unreadable",
            UnscannedPdf { .. } => "file/pdf-unscanned",
            UnscannedAckNoFile { .. } => "file/unscanned-ack-no-file",
            UnscannedAckNoReason { .. } => "file/unscanned-ack-no-reason",
            WechatExport(w) => w.id(),
            Docx(d) => d.id(),
            Wechat(failure) => failure.id(),
            Inspect(p) => p.id(),
        }
    }

    /// The headline message.
    pub fn message(&self, lang: Lang) -> String {
        use Problem::*;
        let zh = lang == Lang::Zh;
        match self {
            Io { path, detail } => {
                if zh {
                    format!("无法读取或写入 {}：{detail}", display_path(path))
                } else {
                    format!("cannot read or write {}: {detail}", display_path(path))
                }
            }
            Undecodable { encoding, bytes } => {
                if zh {
                    format!("文件按 {encoding} 编码读取时遇到无效字节 {bytes}，整个文件未读取")
                } else {
                    format!(
                        "invalid bytes {bytes} for the file's encoding {encoding}; the file was not read"
                    )
                }
            }
            LegacyEncoding { encoding } => {
                if zh {
                    format!("文件不是 UTF-8 编码，已按 {encoding} 读取")
                } else {
                    format!("file is not UTF-8; read as {encoding}")
                }
            }
            FrontMatterUnclosed => lang
                .pick(
                    "文件头信息（front matter）缺少结尾的 `---`",
                    "front matter has no closing `---`",
                )
                .into(),
            FrontMatterMissing => lang
                .pick(
                    "文件开头缺少文件头信息（front matter）",
                    "file has no front matter",
                )
                .into(),
            Yaml { detail } => {
                if zh {
                    let (z, _) = localize(detail);
                    format!("文件头信息的 YAML 格式有误：{z}")
                } else {
                    format!("front matter is not valid YAML ({detail})")
                }
            }
            YamlTooComplex { detail } => {
                if zh {
                    format!("文件头信息过大或嵌套过深，已拒绝处理（{detail}）")
                } else {
                    format!("front matter is too large or too deeply nested; refused ({detail})")
                }
            }
            FrontMatterNotMapping => lang
                .pick(
                    "文件头信息应当是“键: 值”形式的列表",
                    "front matter must be a mapping of `key: value` lines",
                )
                .into(),
            MissingField { key, alias } => {
                if zh {
                    format!("缺少必填项 `{key}`（{alias}）")
                } else {
                    format!("required field `{key}` ({alias}) is missing")
                }
            }
            KeyAndAlias { key, alias } => {
                if zh {
                    format!("`{key}` 和 `{alias}` 是同一项，只能写一个")
                } else {
                    format!("`{key}` and `{alias}` are the same field; write only one")
                }
            }
            DuplicateKey { key } => {
                if zh {
                    format!("`{key}` 重复出现")
                } else {
                    format!("`{key}` appears twice")
                }
            }
            UnknownKey { key, suggestion } => match (zh, suggestion) {
                (true, Some(s)) => format!("不认识的项 `{key}`，是不是要写 `{s}`？"),
                (true, None) => format!("不认识的项 `{key}`，将被忽略"),
                (false, Some(s)) => format!("unknown key `{key}`; did you mean `{s}`?"),
                (false, None) => format!("unknown key `{key}` is ignored"),
            },
            KeyNotForKind { key, kind } => {
                if zh {
                    format!("`{key}` 只适用于其他类型的内容，在{kind}中不起作用")
                } else {
                    format!("`{key}` does not apply to this content type ({kind}) and is ignored")
                }
            }
            WrongType {
                key,
                expected,
                expected_en,
            } => {
                if zh {
                    format!("`{key}` 应当是{expected}")
                } else {
                    format!("`{key}` must be {expected_en}")
                }
            }
            InvalidDate { key, value } => {
                if zh {
                    format!("`{key}` 的日期“{value}”无效")
                } else {
                    format!("`{key}`: “{value}” is not a valid date")
                }
            }
            NotOneOf {
                key,
                value,
                allowed,
            } => {
                if zh && value.trim().is_empty() {
                    format!("`{key}` 没有填写值，只能是：{}", allowed.join("、"))
                } else if zh {
                    format!("`{key}` 的值“{value}”无效，只能是：{}", allowed.join("、"))
                } else if value.trim().is_empty() {
                    format!("`{key}` has no value; use one of: {}", allowed.join(", "))
                } else {
                    format!(
                        "`{key}`: “{value}” is not allowed; use one of: {}",
                        allowed.join(", ")
                    )
                }
            }
            UnknownHonor { value, .. } => {
                if zh {
                    format!("荣誉“{value}”不在 config.yaml 的 honors 列表中")
                } else {
                    format!("honor “{value}” is not listed in config.yaml `honors`")
                }
            }
            UnknownSeries { value, .. } => {
                if zh {
                    format!("刊名“{value}”不在 config.yaml 的 briefings 中")
                } else {
                    format!("series “{value}” is not defined in config.yaml `briefings`")
                }
            }
            DuplicateIssue {
                series,
                year,
                issue,
                other,
            } => {
                if zh {
                    format!(
                        "{series} {year}年第{issue}期 重复，已在 {} 中使用",
                        display_path(other)
                    )
                } else {
                    format!(
                        "{series} {year} issue {issue} is already used by {}",
                        display_path(other)
                    )
                }
            }
            IssueGap {
                series,
                year,
                missing,
            } => {
                let list: Vec<String> = missing.iter().map(u32::to_string).collect();
                if zh {
                    format!("{series} {year}年 缺少第 {} 期", list.join("、"))
                } else {
                    format!("{series} {year}: issues {} are missing", list.join(", "))
                }
            }
            ItemNotFound { path } => {
                if zh {
                    format!("本期内容“{path}”不存在")
                } else {
                    format!("briefing item “{path}” does not exist")
                }
            }
            ItemNotPublic { path } => {
                if zh {
                    format!("本期内容“{path}”是草稿或内部内容，不能编入公开简报")
                } else {
                    format!(
                        "briefing item “{path}” is a draft or internal and cannot go into a public issue"
                    )
                }
            }
            MissingConsent => lang
                .pick(
                    "人物事迹缺少本人同意发布的记录（consent / 同意书）",
                    "profile has no recorded consent (consent / 同意书)",
                )
                .into(),
            MissingPhotoAlt => lang
                .pick(
                    "设置了照片，但缺少照片说明（photo_alt / 照片说明）",
                    "photo is set but photo_alt (照片说明) is missing",
                )
                .into(),
            BadSlug { slug } => {
                if zh {
                    format!("网址“{slug}”无效：只能使用小写字母、数字和连字符，不能包含 / 或 ..")
                } else {
                    format!(
                        "slug “{slug}” is invalid: use lowercase letters, digits and hyphens, no / or .."
                    )
                }
            }
            DuplicateUrl { url, other } => {
                if zh {
                    format!("网址 /{url} 与 {} 重复", display_path(other))
                } else {
                    format!("URL /{url} is also used by {}", display_path(other))
                }
            }
            BrokenLink { target } => {
                if zh {
                    format!("链接的文件“{target}”不存在")
                } else {
                    format!("linked file “{target}” does not exist")
                }
            }
            BrokenAnchor { target, .. } => {
                if zh {
                    format!("链接“{target}”指向的标题不存在")
                } else {
                    format!("the heading linked by “{target}” does not exist")
                }
            }
            LinkToUnpublished { target } => {
                if zh {
                    format!("链接指向的“{target}”是草稿或内部内容，发布后会失效")
                } else {
                    format!(
                        "“{target}” is a draft or internal page; the link would be broken on the site"
                    )
                }
            }
            MissingFile { target } => {
                if zh {
                    format!("引用的文件“{target}”不存在")
                } else {
                    format!("referenced file “{target}” does not exist")
                }
            }
            MissingSitePath { target } => {
                if zh {
                    format!("链接“{target}”指向的网页或文件不存在")
                } else {
                    format!("link “{target}” points at no page or file of the site")
                }
            }
            BadIndexNo { value } => {
                if zh {
                    format!("索引号“{value}”格式不规范")
                } else {
                    format!("index number “{value}” is malformed")
                }
            }
            AliasOnGenerated { url } => {
                if zh {
                    format!("旧网址“/{url}”与网站自动生成的页面（栏目列表、搜索、订阅等）重名")
                } else {
                    format!(
                        "alias “/{url}” is a page the site generates (a list, search, a feed …)"
                    )
                }
            }
            BadAlias { value } => {
                if zh {
                    format!("旧网址“{value}”无效")
                } else {
                    format!("alias “{value}” is not a valid site path")
                }
            }
            Config { detail } => {
                if zh {
                    format!("config.yaml 有误：{detail}")
                } else {
                    format!("config.yaml: {detail}")
                }
            }
            Template { name, detail } => {
                if zh {
                    format!("模板 {name} 有误：{detail}")
                } else {
                    format!("template {name}: {detail}")
                }
            }
            ThemeNotFound { name } => {
                if zh {
                    format!("找不到主题“{name}”")
                } else {
                    format!("theme “{name}” not found")
                }
            }
            ServeBind { addr, detail } => {
                if zh {
                    format!("预览服务器无法在 {addr} 上启动：{detail}")
                } else {
                    format!("the preview cannot listen on {addr}: {detail}")
                }
            }
            BadOutput { path, reason } => {
                let why = match reason {
                    OutputProblem::Empty => lang.pick("没有填写目录名", "no folder name is given"),
                    OutputProblem::OverwritesSite => lang.pick(
                        "它是网站目录本身、网站目录的上级，或 content、static 等源文件目录，生成时会被覆盖",
                        "it is the site folder, one of its parents, or a source folder such as content or static, and would be overwritten",
                    ),
                };
                if zh {
                    format!("输出目录 {} 不可用：{why}", display_path(path))
                } else {
                    format!("output folder {} cannot be used: {why}", display_path(path))
                }
            }
            NoContent { path } => {
                if zh {
                    format!("找不到内容目录 {}", display_path(path))
                } else {
                    format!("content folder {} not found", display_path(path))
                }
            }
            AlreadyExists { path } => {
                if zh {
                    format!("{} 已经存在，没有覆盖", display_path(path))
                } else {
                    format!(
                        "{} already exists; nothing was overwritten",
                        display_path(path)
                    )
                }
            }
            BadArgument { name, value } => {
                if zh {
                    format!("参数 {name} 的值“{value}”无效")
                } else {
                    format!("invalid value “{value}” for {name}")
                }
            }
            Lint(f) => f.0.message(lang),
            BrowserNotFound { named: Some(p) } => {
                if zh {
                    format!("TONGXIN_BROWSER 指定的浏览器不存在：{}", display_path(p))
                } else {
                    format!(
                        "the browser named by TONGXIN_BROWSER does not exist: {}",
                        display_path(p)
                    )
                }
            }
            BrowserNotFound { named: None } => lang
                .pick(
                    "找不到 Chrome、Chromium 或 Edge 浏览器，无法生成 PDF",
                    "no Chrome, Chromium or Edge found; cannot make PDFs",
                )
                .into(),
            BrowserFailed { page, detail } => {
                let detail = if detail.is_empty() {
                    String::new()
                } else {
                    format!("：{detail}")
                };
                if zh {
                    format!("浏览器未能打印 {page}{detail}")
                } else {
                    format!("the browser could not print {page}{detail}")
                }
            }
            UnknownPrintTarget { name, .. } => {
                if zh {
                    format!("没有名为“{name}”的简报或文件")
                } else {
                    format!("no briefing or document named “{name}”")
                }
            }
            NothingToPrint { .. } => lang
                .pick("没有指定要打印的简报", "no briefing given to print")
                .into(),
            PdfIntoWebsite { path } => {
                if zh {
                    format!(
                        "PDF 不能写进网站输出目录 {}：内部专报会被公开",
                        display_path(path)
                    )
                } else {
                    format!(
                        "PDFs may not go into the website output {}: internal issues would be published",
                        display_path(path)
                    )
                }
            }
            UnknownSection { name, suggestion } => match (zh, suggestion) {
                (true, Some(s)) => format!(
                    "不认识的内容目录 content/{name}/，是不是要用 content/{s}/？其中的文件不会发布"
                ),
                (true, None) => format!("不认识的内容目录 content/{name}/，其中的文件不会发布"),
                (false, Some(s)) => format!(
                    "unknown content folder content/{name}/ (did you mean content/{s}/?); its files are not published"
                ),
                (false, None) => {
                    format!("unknown content folder content/{name}/; its files are not published")
                }
            },
            ExternalLinkBroken { url, status } => {
                let what = status_text(*status, lang);
                match (zh, what) {
                    (true, Some(w)) => format!("外部链接“{url}”返回 HTTP {status}（{w}）"),
                    (true, None) => format!("外部链接“{url}”返回 HTTP {status}"),
                    (false, Some(w)) => {
                        format!("external link “{url}” answered HTTP {status} ({w})")
                    }
                    (false, None) => format!("external link “{url}” answered HTTP {status}"),
                }
            }
            ExternalLinkUnreachable { url, reason } => {
                if zh {
                    format!("无法访问外部链接“{url}”：{}", reason.describe(lang))
                } else {
                    format!(
                        "cannot reach external link “{url}”: {}",
                        reason.describe(lang)
                    )
                }
            }
            Image { file, failure } => failure.message(&display_path(file), lang),
            WechatExport(w) => w.message(lang),
            Docx(d) => d.message(lang),
            Wechat(failure) => failure.message(lang),
            Inspect(p) => p.message(lang),
            SvgUnsafe { file, hazard } => {
                if zh {
                    format!(
                        "SVG 图片 {} 含有{}，不能发布",
                        display_path(file),
                        hazard.describe(lang)
                    )
                } else {
                    format!(
                        "SVG image {} contains {} and cannot be published",
                        display_path(file),
                        hazard.describe(lang)
                    )
                }
            }
            MissingAlt { target } => {
                if zh {
                    format!("图片“{target}”缺少替代文字（alt）")
                } else {
                    format!("image “{target}” has no alt text")
                }
            }
            HtmlRemoved { removed } => {
                if zh {
                    format!("已移除不安全的 HTML：{}", removed.join("、"))
                } else {
                    format!("unsafe HTML removed: {}", removed.join(", "))
                }
            }
            UnsafeHtmlKept => lang
                .pick(
                    "config.yaml 设置了 unsafe_html: true，文章中的 HTML 原样发布，不做安全过滤",
                    "config.yaml sets unsafe_html: true: HTML in articles is published as written, not sanitized",
                )
                .into(),
            HtmlTooDeep { depth, limit } => {
                if zh {
                    format!("文章中的 HTML 嵌套过深（约 {depth} 层，最多 {limit} 层），不予处理")
                } else {
                    format!("the article's HTML nests too deep (about {depth} levels, at most {limit})")
                }
            }
            SafetyKeyTypo { key, suggestion } => match (zh, suggestion) {
                (true, Some(sug)) => {
                    format!("不认识的项 `{key}`，是不是要写 `{sug}`？这一项决定能否发布，不能忽略")
                }
                (true, None) => format!("不认识的项 `{key}`：这一项关系到发布安全，不能忽略"),
                (false, Some(sug)) => format!(
                    "unknown key `{key}`; did you mean `{sug}`? It decides publication and cannot be ignored"
                ),
                (false, None) => format!(
                    "unknown key `{key}`: it concerns what is published and cannot be ignored"
                ),
            },
            SafetyKeyNested {
                key,
                parent,
                suggestion,
            } => {
                if zh {
                    format!(
                        "`{key}` 写在了 `{parent}` 的下面，不起作用；`{suggestion}` 必须顶格单独写一行"
                    )
                } else {
                    format!(
                        "`{key}` is inside `{parent}` and has no effect; `{suggestion}` must be a line of its own at the left margin"
                    )
                }
            }
            ConfigInvalid { zh: z, en } => {
                if zh {
                    format!("config.yaml 有误：{z}")
                } else {
                    format!("config.yaml: {en}")
                }
            }
            UnsafeUrl { key, value } => {
                if zh {
                    format!(
                        "`{key}` 的网址“{value}”不是网页地址，已拒绝（只能用 http://、https:// 或以 / 开头的站内路径）"
                    )
                } else {
                    format!(
                        "`{key}`: “{value}” is not a web address and is refused (use http://, https:// or a site path starting with /)"
                    )
                }
            }
            DraftsOutput { path } => {
                if zh {
                    format!(
                        "带 --drafts 的预览不能写到 {}：草稿只写到 {}，以免被当作正式网站发布",
                        display_path(path),
                        crate::layout::DRAFTS_DIR
                    )
                } else {
                    format!(
                        "a --drafts preview cannot go to {}: drafts are written only to {}, so they are never published by accident",
                        display_path(path),
                        crate::layout::DRAFTS_DIR
                    )
                }
            }
            UnreadableFile { file, why } => {
                if zh {
                    format!(
                        "无法检查文件 {} 的内容（{}），未经隐私检查的文件不能发布",
                        display_path(file),
                        why.describe(lang)
                    )
                } else {
                    format!(
                        "cannot check the contents of {} ({}); a file the privacy check cannot read is not published",
                        display_path(file),
                        why.describe(lang)
                    )
                }
            }
            UnscannedPdf { file } => {
                if zh {
                    format!("PDF 文件 {} 中的文字未经隐私检查", display_path(file))
                } else {
                    format!(
                        "the text of the PDF {} is not checked for private information",
                        display_path(file)
                    )
                }
            }
            UnscannedAckNoFile { file } => {
                if zh {
                    format!("免检登记中的文件“{file}”不存在或不会发布")
                } else {
                    format!(
                        "the unchecked-file acknowledgement names “{file}”, which is not a published file"
                    )
                }
            }
            UnscannedAckNoReason { file } => {
                if zh {
                    format!("文件“{file}”的免检登记没有写理由")
                } else {
                    format!("the unchecked-file acknowledgement of “{file}” gives no reason")
                }
            }
        }
    }

    /// A short label under the caret, when it says more than the headline.
    pub fn label(&self, lang: Lang) -> Option<String> {
        use Problem::*;
        match self {
            InvalidDate { .. } => Some(
                lang.pick(
                    "应为 YYYY-MM-DD，且是日历上存在的日期",
                    "expected YYYY-MM-DD on the calendar",
                )
                .into(),
            ),
            UnknownKey { .. } => Some(lang.pick("不认识的项", "unknown key").into()),
            UnknownHonor { .. } => {
                Some(lang.pick("不在荣誉列表中", "not a configured honor").into())
            }
            UnknownSeries { .. } => Some(lang.pick("未定义的刊名", "undefined series").into()),
            DuplicateIssue { .. } => Some(lang.pick("期号重复", "duplicate issue number").into()),
            BrokenLink { .. }
            | MissingFile { .. }
            | MissingSitePath { .. }
            | ItemNotFound { .. } => Some(lang.pick("找不到这个文件", "no such file").into()),
            ExternalLinkBroken { status, .. } => Some(format!("HTTP {status}")),
            ExternalLinkUnreachable { reason, .. } => Some(reason.short(lang).into()),
            _ => None,
        }
    }

    /// What to do about it.
    pub fn hint(&self, lang: Lang) -> Option<String> {
        use Problem::*;
        let zh = lang == Lang::Zh;
        let s = match self {
            Io { .. } => lang.pick("检查文件是否存在、是否被其他程序占用，以及是否有读写权限。", "check that the file exists, is not locked and is readable."),
            Undecodable { .. } => lang.pick("文件里混有另一种编码的文字（常见于从旧文档复制粘贴）。在编辑器中找到标记处，删除并重新输入这几个字，再另存为“UTF-8”编码。", "the file mixes in text of another encoding (often pasted from an old document): retype the marked characters and save the file as UTF-8."),
            LegacyEncoding { .. } => lang.pick("内容已正确读取；建议用编辑器另存为“UTF-8”编码，避免在其他电脑上出现乱码。", "the text was read correctly; saving it as UTF-8 avoids garbled text elsewhere."),
            FrontMatterUnclosed => lang.pick("在文件头信息最后一项之后单独加一行 `---`。", "add a line containing only `---` after the last front-matter line."),
            FrontMatterMissing => lang.pick("在文件第一行写 `---`，接着写 `title: 标题` 和 `date: 2026-05-20`，再写一行 `---`，然后是正文。", "start the file with `---`, `title: …`, `date: 2026-05-20`, `---`, then the text."),
            Yaml { .. } => lang.pick("每行写成“键: 值”，冒号后面空一格；值里有冒号或以特殊符号开头时，用英文引号把值括起来。", "write `key: value` with a space after the colon; quote values that contain `: ` or start with a symbol."),
            YamlTooComplex { .. } => lang.pick("文件头信息只需要简单的“键: 值”，请删除大段或层层嵌套的内容以及 & * 引用。", "front matter needs only simple `key: value` lines; remove huge, nested or aliased (& *) content."),
            FrontMatterNotMapping => lang.pick("例如：`title: 标题`。", "for example: `title: My title`."),
            MissingField { key, .. } => {
                return Some(if zh {
                    match *key {
                        "date" => "添加一行，例如 `date: 2026-05-20`。".into(),
                        "consent" => "取得本人书面同意后，添加 `consent: 2026-05-20`（同意日期）；未取得同意时可先设为 `draft: true`。".into(),
                        _ => format!("添加一行 `{key}: …`。"),
                    }
                } else {
                    format!("add a line `{key}: …`.")
                });
            }
            KeyAndAlias { .. } => lang.pick("删除其中一行。", "remove one of the two lines."),
            DuplicateKey { .. } => lang.pick("保留一行，删除重复的那行。", "keep one line and remove the duplicate."),
            UnknownKey { .. } => lang.pick("检查拼写；可用的项见 README 中的文件头信息表。", "check the spelling; see the front matter table in the README."),
            KeyNotForKind { .. } => lang.pick("删除这一行，或把文件放到对应的栏目目录中。", "remove the line or move the file to the matching content folder."),
            WrongType { .. } => lang.pick("列表可以写成 `[甲, 乙]`；日期写成 `2026-05-20`；是否写 `true` 或 `false`。", "lists look like `[a, b]`, dates like `2026-05-20`, booleans `true`/`false`."),
            InvalidDate { .. } => lang.pick("日期写成 `2026-05-20`，可加时间 `2026-05-20 09:30`；检查月份和日子是否存在。", "write `2026-05-20` or `2026-05-20 09:30`, and check the month and day exist."),
            NotOneOf { .. } => lang.pick("改用列出的值之一。", "use one of the listed values."),
            UnknownHonor { known, .. } => {
                return Some(if zh {
                    format!("可用的荣誉：{}；如需新增，请先写入 config.yaml 的 honors。", known.join("、"))
                } else {
                    format!("configured honors: {}; add new ones to config.yaml `honors` first.", known.join(", "))
                });
            }
            UnknownSeries { known, .. } => {
                return Some(if zh {
                    format!("已定义的刊名：{}；新刊物请先在 config.yaml 的 briefings 下定义。", known.join("、"))
                } else {
                    format!("defined series: {}; define new ones under config.yaml `briefings`.", known.join(", "))
                });
            }
            DuplicateIssue { .. } => lang.pick("修改其中一期的期号（issue / 期号）。", "change the issue number of one of them."),
            IssueGap { .. } => lang.pick("如属正常（如某期未公开），可忽略此提醒。", "ignore this if the gap is intended."),
            ItemNotFound { .. } => lang.pick("路径相对于 content 目录，例如 `articles/2026-05-bayi.md`。", "paths are relative to content/, e.g. `articles/2026-05-bayi.md`."),
            ItemNotPublic { .. } => lang.pick("从 items 中删除它，或先发布该内容。", "remove it from `items` or publish it first."),
            MissingConsent => lang.pick("取得本人单独同意后填写同意日期，例如 `consent: 2026-05-20`；在此之前请设为 `draft: true`。", "record the consent date, e.g. `consent: 2026-05-20`; until then set `draft: true`."),
            MissingPhotoAlt => lang.pick("添加 `photo_alt: 张建国在社区宣讲优待政策`，为读屏软件描述照片内容。", "add `photo_alt: …` describing the photo for screen readers."),
            BadSlug { .. } => lang.pick("例如 `slug: 2026-bayi-weiwen`。", "for example `slug: 2026-bayi-weiwen`."),
            DuplicateUrl { .. } => lang.pick("给其中一个文件设置不同的 `slug`（网址），或改文件名。", "give one of the files a different `slug` or file name."),
            BrokenLink { .. } => lang.pick("检查路径拼写；链接按当前文件所在目录计算，例如 `../profiles/zhang.md`。", "check the path; it is relative to this file, e.g. `../profiles/zhang.md`."),
            BrokenAnchor { known, .. } => {
                let list: Vec<String> = known.iter().take(8).map(|k| format!("#{k}")).collect();
                return Some(if known.is_empty() {
                    lang.pick("被链接的页面没有小标题；删除 # 及其后的部分。", "the linked page has no headings; remove the # part.").into()
                } else if zh {
                    format!("可用的标题链接：{}", list.join("、"))
                } else {
                    format!("headings you can link to: {}", list.join(", "))
                });
            }
            LinkToUnpublished { .. } => lang.pick("删除链接，或先发布被链接的内容。", "remove the link or publish the target first."),
            MissingSitePath { .. } => lang.pick("以 / 开头的链接从网站根目录算起：指向 static/ 中的文件（可省略 static/）或生成的页面，如 /articles/、/files/表格.xlsx。", "a link starting with / counts from the site root: a file under static/ (the static/ may be left out) or a generated page such as /articles/."),
            MissingFile { .. } => lang.pick("检查文件名和位置；图片放在文章同一目录（页面包）或 static/ 下。", "check the name and place; put images beside the page (bundle) or under static/."),
            BadIndexNo { .. } => lang.pick("索引号形如 `11500222MB1234567X/2026-00012`（机构代码/年份-五位流水号）。", "an index number looks like `11500222MB1234567X/2026-00012`."),
            AliasOnGenerated { .. } => lang.pick("删除这个旧网址；跳转页会覆盖网站自己的页面。", "remove this alias; its redirect would replace a page of the site."),
            BadAlias { .. } => lang.pick("旧网址写成站内路径，例如 `/news/2019/123.html`。", "write aliases as site paths, e.g. `/news/2019/123.html`."),
            Config { .. } => lang.pick("对照 `tongxin init` 生成的 config.yaml 中的注释修改。", "compare with the commented config.yaml made by `tongxin init`."),
            Template { .. } => lang.pick("检查模板语法（{{ }} 与 {% %} 是否成对）；删除 templates/ 中的同名文件即可恢复默认主题。", "check the template syntax; deleting the file from templates/ restores the theme's version."),
            ThemeNotFound { .. } => lang.pick("把 config.yaml 中的 theme 改为 default，或把主题放到 themes/ 目录下。", "set `theme: default` or put the theme under themes/."),
            ServeBind { .. } => lang.pick("这个端口可能已被占用（比如另一个 tongxin serve 还在运行）；用 --port 换一个端口，例如 --port 1112。", "the port may be in use (another tongxin serve?); choose another with --port, e.g. --port 1112."),
            BadOutput { .. } => lang.pick("在 config.yaml 中把 output 设为网站目录内的一个子目录，例如 public。", "set `output` to a sub-folder such as `public`."),
            AlreadyExists { .. } => lang.pick("换一个名字，或先移走已有的文件。", "choose another name or move the existing file away first."),
            BadArgument { name, .. } => {
                return Some(match *name {
                    "--month" => lang.pick("月份写成 2026-05。", "write the month as 2026-05.").into(),
                    _ => lang.pick("运行 tongxin --help 查看用法。", "see tongxin --help.").into(),
                });
            }
            Lint(f) => return Some(f.0.hint(lang)),
            BrowserNotFound { .. } => lang.pick(
                "安装 Chrome 或 Edge（131 及以上版本；Debian/Ubuntu：sudo apt-get install chromium），或用环境变量 TONGXIN_BROWSER 指向浏览器程序，例如 TONGXIN_BROWSER=\"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\"。",
                "install Chrome or Edge 131+ (Debian/Ubuntu: sudo apt-get install chromium), or point TONGXIN_BROWSER at the browser program.",
            ),
            BrowserFailed { .. } => lang.pick(
                "确认浏览器能正常启动；可用 TONGXIN_BROWSER 换用另一个浏览器。",
                "check that the browser starts; TONGXIN_BROWSER selects another one.",
            ),
            UnknownPrintTarget { known, .. } | NothingToPrint { known } => {
                let list = if known.is_empty() {
                    lang.pick("（网站中还没有简报）", "(the site has no briefings yet)").to_string()
                } else {
                    known.join("、")
                };
                return Some(if zh {
                    format!("可以写简报的网址名或文件名：{list}；也可用 --all 打印全部简报、--documents 打印全部文件。")
                } else {
                    format!("name a briefing by slug or file: {list}; or use --all for every briefing, --documents for every document.")
                });
            }
            PdfIntoWebsite { .. } => lang.pick(
                "去掉 --out，PDF 默认写到网站目录下的 pdf/；或指定网站输出目录以外的目录。",
                "drop --out (PDFs go to pdf/ by default) or choose a folder outside the website output.",
            ),
            UnknownSection { .. } => lang.pick("内容只能放在 articles、profiles、briefings、documents、pages 五个目录中。", "content goes in articles, profiles, briefings, documents or pages."),
            ExternalLinkBroken { .. } => lang.pick("在浏览器中打开该网址确认：页面已删除或迁移时，改为新地址或删除链接。外部网站时好时坏，有的还拒绝程序访问，所以这里只作警告，不影响发布。", "open the address in a browser: if the page was removed or moved, link to its new address or remove the link. The web is flaky and some sites refuse programs, so this is only a warning and does not block publishing."),
            ExternalLinkUnreachable { .. } => lang.pick("检查网址拼写，并在浏览器中打开确认；对方网站可能暂时故障，或本机网络受限，可稍后重试，或用 --timeout 延长等待时间。网络时好时坏，所以这里只作警告，不影响发布。", "check the spelling and open the address in a browser; the site may be down for a while or this machine's network restricted: retry later or allow more time with --timeout. The web is flaky, so this is only a warning and does not block publishing."),
            NoContent { .. } => lang.pick("在网站目录中运行命令，或用 --root 指定网站目录；新网站可用 `tongxin init 目录名` 创建。", "run inside the site folder or pass --root; create one with `tongxin init DIR`."),
            Image { failure, .. } => return Some(failure.hint(lang)),
            WechatExport(w) => return Some(w.hint(lang)),
            Docx(d) => return Some(d.hint(lang)),
            Wechat(failure) => return Some(failure.hint(lang)),
            Inspect(p) => return Some(p.hint(lang)),
            SvgUnsafe { .. } => lang.pick("用绘图软件重新导出为“纯 SVG”（不含脚本和链接），或改用 PNG/JPEG 图片。", "export the drawing again as plain SVG (no scripts or links), or use a PNG/JPEG instead."),
            MissingAlt { .. } => lang.pick("在方括号里写上图片内容，例如 `![区领导看望老党员](photo1.jpg)`，供读屏软件朗读。", "describe the picture inside the brackets, e.g. `![Leaders visit a veteran](photo1.jpg)`, for screen readers."),
            HtmlRemoved { .. } => lang.pick("网站不发布脚本、事件属性、内嵌样式、内嵌框架和表单；其余内容照常发布。图片请用 `![说明](图片.jpg)`，链接请用 `[文字](网址)`。", "the site publishes no scripts, event attributes, inline styles, frames or forms; the rest is published. Use `![alt](photo.jpg)` for images and `[text](url)` for links."),
            UnsafeHtmlKept => lang.pick("只有确认文章中的 HTML 都来自可信的人时才这样设置；否则删除 unsafe_html 这一行。", "only do this when every article's HTML comes from people you trust; otherwise remove the unsafe_html line."),
            HtmlTooDeep { .. } => lang.pick("多半是粘贴了大量未闭合的标签（如 `<div>`）：删去这段 HTML，或改用 Markdown 书写。", "most likely many unclosed tags (such as `<div>`) were pasted: remove that HTML, or write it in Markdown."),
            SafetyKeyTypo { .. } => lang.pick("草稿、公开、搜索、同意书和安全设置拼错时会被当作没写，内容可能被误发布，所以这是错误：改成建议的写法，或删除这一行。", "a misspelt draft, visibility, search, consent or safety setting would be ignored and could publish the content: fix the spelling or remove the line."),
            SafetyKeyNested { .. } => lang.pick("把这一行移出来，不要缩进，例如单独一行 `draft: true`。", "move the line out to the left margin, e.g. a line `draft: true` of its own."),
            ConfigInvalid { .. } => lang.pick("对照 `tongxin init` 生成的 config.yaml 中的注释修改。", "compare with the commented config.yaml made by `tongxin init`."),
            UnsafeUrl { .. } => lang.pick("菜单和网站地址只能链接到网页：写成 `/articles/` 这样的站内路径，或 `https://` 开头的完整网址。", "menu entries and the base URL must point to web pages: a site path such as `/articles/` or a full `https://` address."),
            DraftsOutput { .. } => lang.pick("去掉 --output；草稿预览在 .tongxin-cache/drafts/ 中打开。正式发布请不加 --drafts 再生成一次。", "drop --output and open the preview in .tongxin-cache/drafts/; build again without --drafts to publish."),
            UnreadableFile { .. } | UnscannedPdf { .. } => lang.pick(
                "请另存为可检查的格式（.docx、.xlsx、.pptx、.csv、.txt）；确需原样发布的，先人工核对其中没有身份证号、手机号、部队代号等，再登记免检并写明理由：页面目录中的文件在该页文件头写 `privacy_ack: [{rule: file/unscanned, text: 文件名, reason: 理由}]`，static 中的文件在 config.yaml 写 `privacy: {unscanned: [{file: static/路径, reason: 理由}]}`。",
                "save it in a format that can be checked (.docx, .xlsx, .pptx, .csv, .txt); to publish it as is, check by hand that it holds no ID, phone or unit numbers, then acknowledge it with a reason: for a page's file, `privacy_ack: [{rule: file/unscanned, text: NAME, reason: WHY}]` in that page's front matter; for a file in static/, `privacy: {unscanned: [{file: static/PATH, reason: WHY}]}` in config.yaml.",
            ),
            UnscannedAckNoFile { .. } => lang.pick("检查文件名和路径是否写错（页面目录中的文件写文件名，static 中的文件写 static/ 开头的路径）；文件已删除的，删除这条登记。", "check the name and path (a page's file by its name, a static file as static/PATH); remove the entry if the file was deleted."),
            UnscannedAckNoReason { .. } => lang.pick("写明为什么可以不经检查发布，例如 `reason: 扫描件，已由张某某人工核对`。", "say why it may be published unchecked, e.g. `reason: scanned paper copy, checked by hand`."),
        };
        Some(s.to_string())
    }
}

//! One content file as a typed page: common fields plus the profile, briefing or document block.

use std::ops::Range;

use crate::config::{BriefingKind, Config, Distribution};
use crate::diagnostic::Diagnostic;
use crate::load::Source;
use crate::load::frontmatter::{self, Entry, SplitError, Yaml};
use crate::model::date::Date;
use crate::model::fields::Reader;
use crate::model::slug::{is_valid_slug, slugify};
use crate::problem::Problem;

/// The content types, one per folder under `content/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// `content/articles/`: 工作动态.
    Article,
    /// `content/profiles/`: 典型人物.
    Profile,
    /// `content/briefings/`: 简报/专报.
    Briefing,
    /// `content/documents/`: 政策文件.
    Document,
    /// `content/pages/`: single pages.
    Page,
}

impl Kind {
    /// All kinds, in menu order.
    pub const ALL: [Kind; 5] = [
        Kind::Article,
        Kind::Profile,
        Kind::Briefing,
        Kind::Document,
        Kind::Page,
    ];

    /// The kind for a folder name under `content/`.
    pub fn from_section(s: &str) -> Option<Kind> {
        Some(match s {
            "articles" => Kind::Article,
            "profiles" => Kind::Profile,
            "briefings" => Kind::Briefing,
            "documents" => Kind::Document,
            "pages" => Kind::Page,
            _ => return None,
        })
    }

    /// The folder name.
    pub fn section(self) -> &'static str {
        match self {
            Kind::Article => "articles",
            Kind::Profile => "profiles",
            Kind::Briefing => "briefings",
            Kind::Document => "documents",
            Kind::Page => "pages",
        }
    }

    /// 文章 / 人物 / 简报 / 文件 / 页面.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Article => "文章",
            Kind::Profile => "人物",
            Kind::Briefing => "简报",
            Kind::Document => "文件",
            Kind::Page => "页面",
        }
    }

    /// Section title for lists and breadcrumbs.
    pub fn section_title(self) -> &'static str {
        match self {
            Kind::Article => "工作动态",
            Kind::Profile => "典型人物",
            Kind::Briefing => "双拥简报",
            Kind::Document => "政策文件",
            Kind::Page => "页面",
        }
    }

    /// What the section holds, for its list page's description and `ColumnDescription`.
    pub fn section_blurb(self) -> &'static str {
        match self {
            Kind::Article => "双拥工作动态、基层风采和政策解读",
            Kind::Profile => "最美退役军人、最美军嫂等先进典型的事迹",
            Kind::Briefing => "按期编印的双拥工作简报",
            Kind::Document => "公开的双拥政策文件及其有效性",
            Kind::Page => "网站的介绍和说明",
        }
    }

    /// The `ColumnType` meta tag of the section: the kind of 栏目 in government-site terms,
    /// which inspection crawlers group columns by.
    pub fn column_type(self) -> &'static str {
        match self {
            Kind::Article => "工作动态",
            Kind::Profile => "典型宣传",
            Kind::Briefing => "工作简报",
            Kind::Document => "政策文件",
            Kind::Page => "网站信息",
        }
    }

    /// The `ColumnKeywords` meta tag of the section. Fixed words, not drawn from the pages: a
    /// list page then never shows words from pages it does not list (see
    /// `crate::render::select` for what an output may depend on).
    pub fn column_keywords(self) -> &'static str {
        match self {
            Kind::Article => "双拥,工作动态,拥军优属,拥政爱民",
            Kind::Profile => "双拥,典型人物,最美退役军人,最美军嫂,光荣榜",
            Kind::Briefing => "双拥,工作简报,双拥简报",
            Kind::Document => "双拥,政策文件,政府信息公开",
            Kind::Page => "双拥,网站信息",
        }
    }

    /// English identifier used in templates.
    pub fn id(self) -> &'static str {
        match self {
            Kind::Article => "article",
            Kind::Profile => "profile",
            Kind::Briefing => "briefing",
            Kind::Document => "document",
            Kind::Page => "page",
        }
    }

    pub(crate) const fn bit(self) -> u8 {
        match self {
            Kind::Article => 1,
            Kind::Profile => 2,
            Kind::Briefing => 4,
            Kind::Document => 8,
            Kind::Page => 16,
        }
    }
}

/// Who may see a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    /// On the website.
    Public,
    /// Printable only; never in any website file.
    Internal,
}

/// 有效性 of a policy document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Validity {
    /// 有效.
    Valid,
    /// 失效.
    Expired,
    /// 废止.
    Repealed,
}

impl Validity {
    /// All, in filter order.
    pub const ALL: [Validity; 3] = [Validity::Valid, Validity::Expired, Validity::Repealed];

    /// 有效 / 失效 / 废止.
    pub fn label(self) -> &'static str {
        match self {
            Validity::Valid => "有效",
            Validity::Expired => "失效",
            Validity::Repealed => "废止",
        }
    }

    /// CSS class / URL segment.
    pub fn id(self) -> &'static str {
        match self {
            Validity::Valid => "valid",
            Validity::Expired => "expired",
            Validity::Repealed => "repealed",
        }
    }
}

/// An acknowledged privacy warning (`privacy_ack`), read by the privacy lint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrivacyAck {
    /// Rule id.
    pub rule: String,
    /// The text accepted.
    pub text: String,
    /// Why it may be published.
    pub reason: String,
}

/// Fields every content type has.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    /// 标题.
    pub title: String,
    /// Where the title's value is written (empty when it is missing).
    pub title_span: Range<usize>,
    /// 日期.
    pub date: Option<Date>,
    /// 更新日期.
    pub updated: Option<Date>,
    /// 摘要 (plain text).
    pub summary: Option<String>,
    /// Where the summary's value is written (empty when it is missing).
    pub summary_span: Range<usize>,
    /// 作者.
    pub author: Option<String>,
    /// Where the author's value is written (empty when it is missing).
    pub author_span: Range<usize>,
    /// 来源.
    pub source: Option<String>,
    /// 供稿.
    pub credit: Option<String>,
    /// 责任编辑: printed at the end of 公众号 exports.
    pub responsible_editor: Option<String>,
    /// 审核: printed beside the 责任编辑 line of 公众号 exports.
    pub reviewer: Option<String>,
    /// 栏目.
    pub categories: Vec<String>,
    /// 标签.
    pub tags: Vec<String>,
    /// 封面, as written, with its span.
    pub cover: Option<(String, Range<usize>)>,
    /// 旧网址.
    pub aliases: Vec<(String, Range<usize>)>,
    /// 草稿.
    pub draft: bool,
    /// 公开.
    pub visibility: Option<Visibility>,
    /// 排序.
    pub weight: Option<i64>,
    /// `search: false` keeps a page out of the search index.
    pub search: bool,
    /// Acknowledged privacy warnings.
    pub privacy_acks: Vec<PrivacyAck>,
}

/// 典型人物 fields.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    /// 荣誉.
    pub honor: String,
    /// 年度.
    pub year: i64,
    /// 授予单位.
    pub awarded_by: Option<String>,
    /// 地区.
    pub region: Option<String>,
    /// 单位.
    pub unit: Option<String>,
    /// 照片, as written, with its span.
    pub photo: Option<(String, Range<usize>)>,
    /// 照片说明.
    pub photo_alt: Option<String>,
    /// 照片焦点: which part of a tall photo the portrait crop keeps, `top` (顶部, the default)
    /// or `center` (居中).
    pub photo_focus: Option<String>,
    /// 颁奖词.
    pub citation: Option<String>,
    /// 服役经历.
    pub service: Option<String>,
    /// 同意书 date.
    pub consent: Option<Date>,
}

/// 简报 fields.
#[derive(Debug, Clone, Default)]
pub struct Briefing {
    /// Series key.
    pub series: String,
    /// Kind of the series.
    pub kind: BriefingKind,
    /// 期号.
    pub issue: u32,
    /// 总期号.
    pub total: Option<u32>,
    /// 编印单位 (resolved: the issue's own, else the series').
    pub editor: String,
    /// 本期内容: content paths with their spans.
    pub items: Vec<(String, Range<usize>)>,
    /// 报送范围 (resolved).
    pub distribution: Distribution,
    /// 印数.
    pub copies: Option<u32>,
    /// 密级标注.
    pub classification: Option<String>,
}

impl Briefing {
    /// The issue number as printed: `2026年第5期`, `第5期` (no date) or `增刊第1期`.
    pub fn number_label(&self, date: Option<Date>) -> String {
        match (self.kind, date) {
            (BriefingKind::Zengkan, _) => format!("增刊第{}期", self.issue),
            (_, Some(d)) => format!("{}年第{}期", d.year, self.issue),
            (_, None) => format!("第{}期", self.issue),
        }
    }

    /// The running number as printed, `总第41期`, or None for an issue without one. The web
    /// page, the print page and the search index all print it (the last two in parentheses).
    pub fn total_label(&self) -> Option<String> {
        self.total.map(|t| format!("总第{t}期"))
    }

    /// True when an issue of `items` items opens with a 本期要目 (its table of contents): a
    /// 简报 or 增刊 of more than two items. A 专报 treats one topic and never has one
    /// (`docs/rules.md` §3). The web and print views compute it here; the templates only read
    /// the result.
    pub fn has_contents(&self, items: usize) -> bool {
        self.kind != BriefingKind::Zhuanbao && items > 2
    }
}

/// An attachment of a document.
#[derive(Debug, Clone)]
pub struct Attachment {
    /// Shown name.
    pub title: String,
    /// File, relative to the document (bundle) or a `/static` path.
    pub file: String,
    /// Where it is written, for errors.
    pub span: Range<usize>,
}

/// 政策文件 fields.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// 索引号.
    pub index_no: Option<String>,
    /// 发文字号.
    pub doc_no: Option<String>,
    /// Where the 发文字号 is written (empty when it is missing).
    pub doc_no_span: Range<usize>,
    /// 发布机构.
    pub publisher: Option<String>,
    /// 主题分类.
    pub topic: Option<String>,
    /// 体裁分类.
    pub genre: Option<String>,
    /// 成文日期.
    pub written: Option<Date>,
    /// 有效性 (default 有效).
    pub validity: Option<Validity>,
    /// 附件.
    pub attachments: Vec<Attachment>,
}

/// A content file read and validated.
#[derive(Debug, Clone)]
pub struct Page {
    /// The file.
    pub source: Source,
    /// Content type.
    pub kind: Kind,
    /// Common fields.
    pub meta: Meta,
    /// Profile block.
    pub profile: Option<Profile>,
    /// Briefing block.
    pub briefing: Option<Briefing>,
    /// Document block.
    pub document: Option<Document>,
    /// URL segment.
    pub slug: String,
    /// Site path, e.g. `articles/2026-bayi/` (no leading slash).
    pub path: String,
    /// Where the Markdown body starts in `source.text`.
    pub body_offset: usize,
    /// True when this page goes on the website (not a held-back draft, not internal).
    pub published: bool,
    /// True when this page is printable (everything not a held-back draft).
    pub included: bool,
}

impl Page {
    /// True for the kinds that have a print page (briefings and documents).
    pub fn printable(&self) -> bool {
        matches!(self.kind, Kind::Briefing | Kind::Document)
    }

    /// The site path of the page's print page (see [`Page::printable`]).
    pub fn print_path(&self) -> String {
        format!("{}print/", self.path)
    }

    /// The Markdown body.
    pub fn body(&self) -> &str {
        self.source.text.get(self.body_offset..).unwrap_or("")
    }

    /// The file as shown in messages.
    pub fn file(&self) -> &std::path::Path {
        &self.source.rel
    }

    /// The place of a byte range of the Markdown body, in the file.
    pub fn location(&self, body_span: &Range<usize>) -> crate::diagnostic::Location {
        // Every page has front matter, so only a text let go (`build`, after its image step,
        // src/pipeline/project.rs `release_sources`) is empty: a place asked for then is wrong.
        debug_assert!(
            !self.source.text.is_empty(),
            "{}: place asked for after the source text was let go",
            self.source.rel.display()
        );
        let start = self.body_offset + body_span.start;
        crate::diagnostic::Location::from_offsets(
            self.file(),
            &self.source.text,
            start..self.body_offset + body_span.end.max(body_span.start),
        )
    }

    /// Sort key for lists: manual weight first, then newest first, then title.
    pub fn sort_key(&self) -> (i64, std::cmp::Reverse<Option<Date>>, String) {
        (
            self.meta.weight.unwrap_or(i64::MAX),
            std::cmp::Reverse(self.meta.date),
            self.meta.title.clone(),
        )
    }

    /// Reads a source into a page. Returns `None` only when the file cannot be understood at all;
    /// every problem found goes into the returned diagnostics.
    pub fn read(
        source: Source,
        kind: Kind,
        config: &Config,
        drafts: bool,
    ) -> (Option<Page>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let split = match frontmatter::split(&source.text) {
            Ok(s) => s,
            Err(e) => {
                let problem = match e {
                    SplitError::Missing => Problem::FrontMatterMissing,
                    SplitError::Unclosed => Problem::FrontMatterUnclosed,
                };
                let loc =
                    crate::diagnostic::Location::from_offsets(&source.rel, &source.text, 0..3);
                diags.push(Diagnostic::error(problem, loc));
                return (None, diags);
            }
        };
        let body_offset = split.body_offset;
        let entries = match frontmatter::parse(&split) {
            Ok(e) => e,
            Err(e) => {
                let problem = if e.too_complex {
                    Problem::YamlTooComplex { detail: e.detail }
                } else {
                    Problem::Yaml { detail: e.detail }
                };
                let loc =
                    crate::diagnostic::Location::from_offsets(&source.rel, &source.text, e.span);
                diags.push(Diagnostic::error(problem, loc));
                return (None, diags);
            }
        };
        // The reader borrows the file; it is done before `source` moves into the page.
        let mut r = Reader::new(&source.rel, &source.text, kind, &entries, 0..3);
        let meta = read_meta(&mut r, kind);
        let profile = (kind == Kind::Profile).then(|| read_profile(&mut r, config, &meta));
        let briefing = if kind == Kind::Briefing {
            read_briefing(&mut r, config)
        } else {
            None
        };
        let document = (kind == Kind::Document).then(|| read_document(&mut r));
        let slug = match r.entry("slug") {
            Some(e) => {
                let s = e.value.as_text().unwrap_or_default();
                if is_valid_slug(&s) {
                    s
                } else {
                    let loc = r.loc(&e.value_span);
                    r.diags
                        .push(Diagnostic::error(Problem::BadSlug { slug: s }, loc));
                    slugify(&source.stem)
                }
            }
            None => {
                if source.stem.is_ascii() && is_valid_slug(&source.stem.to_ascii_lowercase()) {
                    source.stem.to_ascii_lowercase()
                } else {
                    slugify(&source.stem)
                }
            }
        };
        diags.append(&mut r.diags);
        // 专报 series default to internal.
        let default_internal = briefing
            .as_ref()
            .is_some_and(|b| b.kind == BriefingKind::Zhuanbao);
        let visibility = meta.visibility.unwrap_or(if default_internal {
            Visibility::Internal
        } else {
            Visibility::Public
        });
        let included = !meta.draft || drafts;
        let published = included && visibility == Visibility::Public;
        let path = format!("{}/{}/", kind.section(), slug);
        let page = Page {
            source,
            kind,
            meta,
            profile,
            briefing,
            document,
            slug,
            path,
            body_offset,
            published,
            included,
        };
        (Some(page), diags)
    }
}

fn read_meta(r: &mut Reader, kind: Kind) -> Meta {
    let title = r.required_text("title").unwrap_or_default();
    let date = r.date("date");
    if date.is_none() && r.entry("date").is_none() && kind != Kind::Page {
        r.missing("date");
    }
    let visibility = r.entry("visibility").map(|e| {
        let v = e.value.as_text().unwrap_or_default();
        match v.trim().to_ascii_lowercase().as_str() {
            "public" | "公开" => Visibility::Public,
            "internal" | "内部" => Visibility::Internal,
            // Empty (`visibility:`), another word or another type: an error, never public.
            _ => {
                let loc = r.loc(&e.value_span);
                r.diags.push(Diagnostic::error(
                    Problem::NotOneOf {
                        key: e.key.clone(),
                        value: v,
                        allowed: vec![
                            "public".into(),
                            "internal".into(),
                            "公开".into(),
                            "内部".into(),
                        ],
                    },
                    loc,
                ));
                // Unknown means unsure: keep it off the website.
                Visibility::Internal
            }
        }
    });
    let cover = r
        .text("cover")
        .zip(r.entry("cover").map(|e| e.value_span.clone()));
    let aliases = match r.entry("aliases") {
        Some(e) => {
            let span = e.value_span.clone();
            r.list("aliases")
                .into_iter()
                .map(|a| (a, span.clone()))
                .collect()
        }
        None => Vec::new(),
    };
    let privacy_acks = r.entry("privacy_ack").map(read_acks).unwrap_or_default();
    Meta {
        title,
        title_span: r.entry("title").map_or(0..0, |e| e.value_span.clone()),
        date,
        updated: r.date("updated"),
        summary: r.text("summary"),
        summary_span: r.entry("summary").map_or(0..0, |e| e.value_span.clone()),
        author: r.text("author"),
        author_span: r.entry("author").map_or(0..0, |e| e.value_span.clone()),
        source: r.text("source"),
        credit: r.text("credit"),
        responsible_editor: r.text("responsible_editor"),
        reviewer: r.text("reviewer"),
        categories: dedup(r.list("categories")),
        tags: dedup(r.list("tags")),
        cover,
        aliases,
        draft: r.safety_flag("draft", false, true),
        visibility,
        weight: r.int("weight"),
        search: r.safety_flag("search", true, false),
        privacy_acks,
    }
}

fn dedup(v: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(v.len());
    for s in v {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

fn read_acks(e: &Entry) -> Vec<PrivacyAck> {
    let Yaml::Seq(items) = &e.value else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|it| {
            let Yaml::Map(m) = it else { return None };
            let get = |k: &str, alias: &str| {
                m.iter()
                    .find(|(key, _)| key == k || key == alias)
                    .and_then(|(_, v)| v.as_text())
                    .unwrap_or_default()
            };
            Some(PrivacyAck {
                rule: get("rule", "规则"),
                text: get("text", "内容"),
                reason: get("reason", "理由"),
            })
        })
        .collect()
}

fn read_profile(r: &mut Reader, config: &Config, meta: &Meta) -> Profile {
    let honor = r.required_text("honor").unwrap_or_default();
    if !honor.is_empty()
        && !config.honors.contains(&honor)
        && let Some(e) = r.entry("honor")
    {
        let loc = r.loc(&e.value_span);
        r.diags.push(Diagnostic::error(
            Problem::UnknownHonor {
                value: honor.clone(),
                known: config.honors.clone(),
            },
            loc,
        ));
    }
    let year = r.int("year");
    if r.entry("year").is_none() {
        r.missing("year");
    }
    let photo = r
        .text("photo")
        .zip(r.entry("photo").map(|e| e.value_span.clone()));
    let photo_alt = r.text("photo_alt");
    if photo.is_some() && photo_alt.is_none() {
        let span = r.entry("photo").map_or(0..3, |e| e.key_span.clone());
        let loc = r.loc(&span);
        r.diags
            .push(Diagnostic::error(Problem::MissingPhotoAlt, loc));
    }
    let consent = r.date("consent");
    // `consent:` with nothing after it records no consent: the same as leaving it out.
    if r.entry("consent").is_none_or(|e| e.value == Yaml::Null) && !meta.draft {
        r.missing("consent");
    }
    let photo_focus = r.text("photo_focus");
    if let (Some(f), Some(e)) = (&photo_focus, r.entry("photo_focus"))
        && !matches!(f.trim(), "top" | "center" | "顶部" | "居中")
    {
        let loc = r.loc(&e.value_span);
        r.diags.push(Diagnostic::error(
            Problem::NotOneOf {
                key: e.key.clone(),
                value: f.clone(),
                allowed: vec!["top".into(), "center".into(), "顶部".into(), "居中".into()],
            },
            loc,
        ));
    }
    Profile {
        honor,
        year: year.unwrap_or(0),
        awarded_by: r.text("awarded_by"),
        region: r.text("region"),
        unit: r.text("unit"),
        photo,
        photo_alt,
        photo_focus,
        citation: r.text("citation"),
        service: r.text("service"),
        consent,
    }
}

fn read_briefing(r: &mut Reader, config: &Config) -> Option<Briefing> {
    let series_key = r.required_text("series");
    let issue = r.count("issue");
    if r.entry("issue").is_none() {
        r.missing("issue");
    }
    let series_key = series_key?;
    let Some(series) = config.series(&series_key) else {
        if let Some(e) = r.entry("series") {
            let loc = r.loc(&e.value_span);
            let known = config.briefings.0.iter().map(|(k, _)| k.clone()).collect();
            r.diags.push(Diagnostic::error(
                Problem::UnknownSeries {
                    value: series_key,
                    known,
                },
                loc,
            ));
        }
        return None;
    };
    let items = match r.entry("items") {
        Some(e) => {
            let mut from = e.value_span.start;
            r.list("items")
                .into_iter()
                .map(|p| {
                    // Point at the item's own text when it can be found after the key.
                    let span = match r.source_text().get(from..).and_then(|t| t.find(p.as_str())) {
                        Some(i) => {
                            from += i + p.len();
                            from - p.len()..from
                        }
                        None => e.value_span.clone(),
                    };
                    (p, span)
                })
                .collect()
        }
        None => Vec::new(),
    };
    let distribution = match r.map("distribution") {
        Some((_, m)) => {
            let mut d = Distribution::default();
            for (k, v) in m {
                let list: Vec<String> = match v {
                    Yaml::Seq(items) => items.iter().filter_map(Yaml::as_text).collect(),
                    other => other.as_text().into_iter().collect(),
                };
                match k.as_str() {
                    "报" | "bao" => d.bao = list,
                    "送" | "song" => d.song = list,
                    "发" | "fa" => d.fa = list,
                    "增发" | "zengfa" => d.zengfa = list,
                    _ => {}
                }
            }
            d
        }
        None => series.distribution.clone(),
    };
    Some(Briefing {
        series: series_key,
        kind: series.kind,
        issue: issue.unwrap_or(0),
        total: r.count("total"),
        editor: r.text("editor").unwrap_or_else(|| series.editor.clone()),
        items,
        distribution,
        copies: r.count("copies").or(series.copies),
        classification: r.text("classification"),
    })
}

fn read_document(r: &mut Reader) -> Document {
    let index_no = r.text("index_no");
    if let (Some(v), Some(e)) = (&index_no, r.entry("index_no"))
        && !is_index_no(v)
    {
        let loc = r.loc(&e.value_span);
        r.diags.push(Diagnostic::warning(
            Problem::BadIndexNo { value: v.clone() },
            loc,
        ));
    }
    let validity = r.entry("validity").and_then(|e| {
        let v = e.value.as_text().unwrap_or_default();
        match v.trim() {
            "有效" | "valid" => Some(Validity::Valid),
            "失效" | "expired" => Some(Validity::Expired),
            "废止" | "repealed" => Some(Validity::Repealed),
            _ => {
                let loc = r.loc(&e.value_span);
                r.diags.push(Diagnostic::error(
                    Problem::NotOneOf {
                        key: e.key.clone(),
                        value: v,
                        allowed: vec!["有效".into(), "失效".into(), "废止".into()],
                    },
                    loc,
                ));
                None
            }
        }
    });
    let attachments = match r.entry("attachments") {
        Some(e) => match &e.value {
            Yaml::Seq(items) => items
                .iter()
                .filter_map(|it| match it {
                    Yaml::Map(m) => {
                        let get = |k: &str, alias: &str| {
                            m.iter()
                                .find(|(key, _)| key == k || key == alias)
                                .and_then(|(_, v)| v.as_text())
                        };
                        let file = get("file", "文件")?;
                        let title = get("title", "名称").unwrap_or_else(|| file.clone());
                        Some(Attachment {
                            title,
                            file,
                            span: e.value_span.clone(),
                        })
                    }
                    Yaml::Str(s) => Some(Attachment {
                        title: s.clone(),
                        file: s.clone(),
                        span: e.value_span.clone(),
                    }),
                    _ => None,
                })
                .collect(),
            _ => {
                let loc = r.loc(&e.value_span);
                r.diags.push(Diagnostic::error(
                    Problem::WrongType {
                        key: e.key.clone(),
                        expected: "附件列表，例如 [{title: 名称, file: 文件名}]",
                        expected_en: "a list of {title, file}",
                    },
                    loc,
                ));
                Vec::new()
            }
        },
        None => Vec::new(),
    };
    Document {
        index_no,
        doc_no: r.text("doc_no"),
        doc_no_span: r.entry("doc_no").map_or(0..0, |e| e.value_span.clone()),
        publisher: r.text("publisher"),
        topic: r.text("topic"),
        genre: r.text("genre"),
        written: r.date("written"),
        validity,
        attachments,
    }
}

/// `^[0-9A-Z]{9,18}/\d{4}-\d{5}$`.
pub fn is_index_no(s: &str) -> bool {
    let Some((head, tail)) = s.split_once('/') else {
        return false;
    };
    let head_ok = (9..=18).contains(&head.len())
        && head
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
    let b = tail.as_bytes();
    head_ok
        && b.len() == 10
        && b[4] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || c.is_ascii_digit())
}

impl Page {
    /// True if a file written in this page (cover, photo, attachment) will be published: a file
    /// of the page's bundle when relative, a file under `static/` when it starts with `/`.
    pub fn has_file(
        &self,
        written: &str,
        static_files: &std::collections::HashSet<String>,
    ) -> bool {
        match self.asset_site_path(written) {
            Some(path) if written.trim().starts_with('/') => static_files.contains(&path),
            found => found.is_some(),
        }
    }

    /// The site path of a file written in this page (cover, photo, attachment): `/x` and
    /// `/static/x` name `x` under `static/` (not checked here); a relative name is a file of
    /// the page's bundle, published beside the page (None when the bundle has no such file).
    pub fn asset_site_path(&self, written: &str) -> Option<String> {
        let written = written.trim();
        if let Some(abs) = written.strip_prefix('/') {
            return Some(abs.strip_prefix("static/").unwrap_or(abs).to_string());
        }
        let clean = written.trim_start_matches("./");
        self.source
            .bundle
            .as_ref()?
            .assets
            .iter()
            .any(|a| a == clean)
            .then(|| format!("{}{clean}", self.path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_section_folder_is_a_kind() {
        for name in crate::layout::SECTIONS {
            let kind = Kind::from_section(name).map(Kind::section);
            assert_eq!(kind, Some(name));
        }
    }

    #[test]
    fn index_numbers() {
        assert!(is_index_no("11500222MB1234567X/2026-00012"));
        assert!(is_index_no("000014349/2017-00110"));
        assert!(!is_index_no("000014349/2017-0011"));
        assert!(!is_index_no("abc/2017-00110"));
    }

    #[test]
    fn issue_labels_and_contents() {
        let mut b = Briefing {
            issue: 5,
            total: Some(41),
            ..Briefing::default()
        };
        assert_eq!(b.total_label().as_deref(), Some("总第41期"));
        assert!(!b.has_contents(2));
        assert!(b.has_contents(3));
        b.kind = BriefingKind::Zengkan;
        assert!(b.has_contents(3));
        b.kind = BriefingKind::Zhuanbao;
        assert!(!b.has_contents(3), "a 专报 has no 本期要目");
        b.total = None;
        assert_eq!(b.total_label(), None);
    }
}

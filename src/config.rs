//! `config.yaml`: site settings, briefing series, privacy allow-list.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};

use crate::diagnostic::{Diagnostic, Location};
use crate::load::decode::decode;
use crate::problem::Problem;

/// One item of the main menu.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct MenuItem {
    /// Text shown.
    pub name: String,
    /// Site path such as `/articles/`, or an external URL.
    pub url: String,
}

/// 报/送/发/增发 recipients of a briefing.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct Distribution {
    /// 报: upper-level recipients.
    #[serde(default, rename = "报", alias = "bao")]
    pub bao: Vec<String>,
    /// 送: same-level recipients.
    #[serde(default, rename = "送", alias = "song")]
    pub song: Vec<String>,
    /// 发: lower-level recipients.
    #[serde(default, rename = "发", alias = "fa")]
    pub fa: Vec<String>,
    /// 增发: one-off extra recipients.
    #[serde(default, rename = "增发", alias = "zengfa")]
    pub zengfa: Vec<String>,
}

impl Distribution {
    /// True when no recipient is listed.
    pub fn is_empty(&self) -> bool {
        self.bao.is_empty() && self.song.is_empty() && self.fa.is_empty() && self.zengfa.is_empty()
    }

    /// Non-empty groups as (label, recipients), in 报/送/发/增发 order.
    pub fn groups(&self) -> Vec<(&'static str, &[String])> {
        [
            ("报", &self.bao),
            ("送", &self.song),
            ("发", &self.fa),
            ("增发", &self.zengfa),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k, v.as_slice()))
        .collect()
    }
}

/// What kind of briefing a series is.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq, serde::Serialize)]
pub enum BriefingKind {
    /// 简报: periodic, several items.
    #[default]
    #[serde(rename = "简报", alias = "jianbao")]
    Jianbao,
    /// 专报: one topic, usually internal.
    #[serde(rename = "专报", alias = "zhuanbao")]
    Zhuanbao,
    /// 增刊: a supplement, numbered separately.
    #[serde(rename = "增刊", alias = "zengkan")]
    Zengkan,
}

impl BriefingKind {
    /// 简报 / 专报 / 增刊.
    pub fn label(self) -> &'static str {
        match self {
            BriefingKind::Jianbao => "简报",
            BriefingKind::Zhuanbao => "专报",
            BriefingKind::Zengkan => "增刊",
        }
    }
}

/// One briefing series (`briefings.<key>` in config.yaml).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct Series {
    /// Masthead name, e.g. 綦江双拥工作简报.
    pub name: String,
    /// 简报 / 专报 / 增刊.
    #[serde(default)]
    pub kind: BriefingKind,
    /// 编印单位.
    #[serde(default)]
    pub editor: String,
    /// Default 报/送/发.
    #[serde(default)]
    pub distribution: Distribution,
    /// Default print run (共印N份).
    #[serde(default)]
    pub copies: Option<u32>,
    /// Masthead size in points (default 初号, 42 pt); a number or a 字号 name such as 小初.
    #[serde(default, alias = "报头字号")]
    pub masthead_size: MastheadSize,
    /// Masthead and rule colour, `#rrggbb` (default `#E60012`).
    #[serde(default, alias = "报头颜色")]
    pub color: Color,
    /// The red rule under the masthead: single or double (粗+细).
    #[serde(default, alias = "红线")]
    pub rule: Rule,
    /// Page numbers: alternating (odd right, even left; double-sided) or centred.
    #[serde(default, alias = "页码")]
    pub page_numbers: PageNumbers,
}

/// A masthead size in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MastheadSize(pub f32);

impl Default for MastheadSize {
    fn default() -> MastheadSize {
        MastheadSize(42.0)
    }
}

/// 字号 names and their sizes in points (`docs/rules.md` §3), largest first.
const ZIHAO: &[(&str, f32)] = &[
    ("初号", 42.0),
    ("小初", 36.0),
    ("一号", 26.0),
    ("小一", 24.0),
    ("二号", 22.0),
    ("小二", 18.0),
];

impl<'de> Deserialize<'de> for MastheadSize {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<MastheadSize, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(f64),
            Name(String),
        }
        let pt = match Raw::deserialize(d)? {
            Raw::Number(n) => n as f32,
            Raw::Name(s) => {
                let s = s.trim();
                let s = s.strip_suffix("pt").unwrap_or(s).trim();
                match ZIHAO.iter().find(|(n, _)| *n == s) {
                    Some((_, pt)) => *pt,
                    None => s.parse::<f32>().map_err(|_| {
                        serde::de::Error::custom(
                            "报头字号应为磅数（如 42）或字号名称（初号、小初、一号、小一、二号、小二）",
                        )
                    })?,
                }
            }
        };
        if !(18.0..=72.0).contains(&pt) {
            return Err(serde::de::Error::custom(
                "报头字号应在 18 到 72 磅之间（初号为 42 磅）",
            ));
        }
        Ok(MastheadSize(pt))
    }
}

/// A colour written `#rgb` or `#rrggbb`.
#[derive(Debug, Clone, PartialEq)]
pub struct Color(pub String);

impl Default for Color {
    fn default() -> Color {
        Color("#E60012".into())
    }
}

impl<'de> Deserialize<'de> for Color {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Color, D::Error> {
        let s = String::deserialize(d)?;
        let t = s.trim();
        let hex = t.strip_prefix('#').unwrap_or("");
        if matches!(hex.len(), 3 | 6) && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            Ok(Color(t.to_string()))
        } else {
            Err(serde::de::Error::custom(
                "颜色应写成 #E60012 这样的十六进制色值",
            ))
        }
    }
}

/// The masthead rule.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
pub enum Rule {
    /// One red line, 0.5 mm.
    #[default]
    #[serde(rename = "single", alias = "单线")]
    Single,
    /// A thick and a thin red line.
    #[serde(rename = "double", alias = "双线")]
    Double,
}

/// Where page numbers go.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
pub enum PageNumbers {
    /// GB/T 9704: odd pages right, even pages left, margins mirrored (double-sided).
    #[default]
    #[serde(rename = "alternate", alias = "单双页")]
    Alternate,
    /// Centred on every page (single-sided).
    #[serde(rename = "center", alias = "居中")]
    Center,
}

/// Privacy settings. Unknown keys are errors: a misspelt privacy setting must not be ignored.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Privacy {
    /// Public numbers (office phones) the lint must accept.
    #[serde(default)]
    pub allow: Vec<String>,
    /// Files under `static/` published although their text cannot be checked, each with a reason
    /// (see `check::files`).
    #[serde(default, alias = "免检")]
    pub unscanned: Vec<Unscanned>,
}

/// `privacy.unscanned` entry: a static file published unchecked, and why.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct Unscanned {
    /// Path from the site folder, e.g. `static/files/名单.xls`.
    #[serde(default, alias = "文件")]
    pub file: String,
    /// Why it may be published unchecked (required).
    #[serde(default, alias = "理由")]
    pub reason: String,
}

/// `inspection:` in config.yaml: the clocks and limits of `tongxin inspect` (the 政府网站与政务新媒体
/// 检查指标 as far as a build can see them) and the names that must be written exactly. Every
/// default is here and nowhere else. Unknown keys are errors: a misspelt threshold must not
/// silently fall back to its default.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Inspection {
    /// Days the home page may go without a new item (two weeks).
    #[serde(alias = "首页天数")]
    pub home_days: u32,
    /// Days a news column (工作动态 and its 栏目) may go without a new item (two weeks).
    #[serde(alias = "动态栏目天数")]
    pub news_days: u32,
    /// Idle news columns that fail the site (five or more).
    #[serde(alias = "动态栏目否决数")]
    pub news_columns_fail: usize,
    /// Days a 通知公告/政策文件 column may go without a new item (six months).
    #[serde(alias = "通知公告天数")]
    pub notice_days: u32,
    /// Days after which any column counts as long stale (one year).
    #[serde(alias = "长期未更新天数")]
    pub stale_days: u32,
    /// Long-stale columns that fail the site (ten or more).
    #[serde(alias = "长期未更新否决数")]
    pub stale_columns_fail: usize,
    /// Empty columns that fail the site (five or more).
    #[serde(alias = "空白栏目否决数")]
    pub empty_columns_fail: usize,
    /// A column whose clock runs out within this many days is a warning (还有N天超期).
    #[serde(alias = "提前提醒天数")]
    pub warn_days: u32,
    /// Serious wording errors a site may have; more fail it (more than three).
    #[serde(alias = "严重错误上限")]
    pub wording_errors_max: usize,
    /// Years a profile's 同意书 stays current; older ones are a warning.
    #[serde(alias = "同意书年限")]
    pub consent_years: u32,
    /// 栏目 names on the six-month clock (besides the document list).
    #[serde(alias = "通知公告栏目")]
    pub notice_columns: Vec<String>,
    /// Names that must be written exactly (leaders, institutions, the office itself); near
    /// misses are serious wording errors.
    #[serde(alias = "规范名称")]
    pub names: Vec<String>,
}

impl Default for Inspection {
    fn default() -> Inspection {
        Inspection {
            home_days: 14,
            news_days: 14,
            news_columns_fail: 5,
            notice_days: 183,
            stale_days: 365,
            stale_columns_fail: 10,
            empty_columns_fail: 5,
            warn_days: 3,
            wording_errors_max: 3,
            consent_years: 3,
            notice_columns: vec!["通知公告".to_string(), "政策文件".to_string()],
            names: Vec::new(),
        }
    }
}

/// `images:` in config.yaml: how photos are published (`docs/rules.md` §2).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ImagesConfig {
    /// Widths in pixels of the published copies, smallest first (never upscaled).
    #[serde(default = "default_widths", alias = "宽度")]
    pub widths: Widths,
    /// JPEG and WebP quality, 1–100.
    #[serde(default, alias = "质量")]
    pub quality: Quality,
    /// Also publish WebP copies (served to browsers that take them).
    #[serde(default = "default_true")]
    pub webp: bool,
    /// Aspect ratio of the portrait crop on profile cards and the 光荣榜, width:height.
    #[serde(default, alias = "人像比例")]
    pub portrait: Ratio,
}

impl Default for ImagesConfig {
    fn default() -> ImagesConfig {
        ImagesConfig {
            widths: default_widths(),
            quality: Quality::default(),
            webp: true,
            portrait: Ratio::default(),
        }
    }
}

fn default_true() -> bool {
    true
}

fn default_widths() -> Widths {
    Widths(vec![480, 960, 1600])
}

/// Rendition widths: at least one, each 16–8000 px, sorted and without duplicates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Widths(pub Vec<u32>);

impl<'de> Deserialize<'de> for Widths {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Widths, D::Error> {
        let mut v = Vec::<u32>::deserialize(d)?;
        if v.is_empty() || v.iter().any(|w| !(16..=8000).contains(w)) {
            return Err(serde::de::Error::custom(
                "图片宽度应为 16 到 8000 之间的整数列表，例如 [480, 960, 1600]",
            ));
        }
        v.sort_unstable();
        v.dedup();
        Ok(Widths(v))
    }
}

/// Encoding quality, 1–100 (default 82).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quality(pub u8);

impl Default for Quality {
    fn default() -> Quality {
        Quality(82)
    }
}

impl<'de> Deserialize<'de> for Quality {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Quality, D::Error> {
        let n = f64::deserialize(d)?;
        if !(1.0..=100.0).contains(&n) || n.fract() != 0.0 {
            return Err(serde::de::Error::custom(
                "图片质量应为 1 到 100 之间的整数（默认 82）",
            ));
        }
        Ok(Quality(n as u8))
    }
}

/// A width:height ratio such as `3:4`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ratio {
    /// Width part.
    pub width: u32,
    /// Height part.
    pub height: u32,
}

impl Default for Ratio {
    fn default() -> Ratio {
        Ratio {
            width: 3,
            height: 4,
        }
    }
}

impl<'de> Deserialize<'de> for Ratio {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Ratio, D::Error> {
        let s = String::deserialize(d)?;
        let parts: Vec<&str> = s.split([':', '：', '/', 'x', '×']).map(str::trim).collect();
        match parts.as_slice() {
            [w, h] => match (w.parse::<u32>(), h.parse::<u32>()) {
                (Ok(w), Ok(h)) if (1..=100).contains(&w) && (1..=100).contains(&h) => Ok(Ratio {
                    width: w,
                    height: h,
                }),
                _ => Err(serde::de::Error::custom(
                    "人像比例写成“宽:高”，例如 \"3:4\"",
                )),
            },
            _ => Err(serde::de::Error::custom(
                "人像比例写成“宽:高”，例如 \"3:4\"",
            )),
        }
    }
}

/// Briefing series in the order written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SeriesList(pub Vec<(String, Series)>);

impl<'de> Deserialize<'de> for SeriesList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<SeriesList, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = SeriesList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of series keys to series settings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<SeriesList, A::Error> {
                let mut v = Vec::new();
                while let Some((k, s)) = m.next_entry::<String, Series>()? {
                    v.push((k, s));
                }
                Ok(SeriesList(v))
            }
            fn visit_unit<E>(self) -> Result<SeriesList, E> {
                Ok(SeriesList::default())
            }
        }
        d.deserialize_map(V)
    }
}

fn default_title() -> String {
    "双拥网".into()
}
fn default_language() -> String {
    "zh-CN".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_output() -> String {
    "public".into()
}
fn default_paginate() -> usize {
    20
}
fn default_honors() -> Vec<String> {
    [
        "最美退役军人",
        "最美军嫂",
        "最美拥军人物",
        "最美兵妈妈",
        "双拥模范个人",
    ]
    .map(String::from)
    .to_vec()
}

/// The whole config.yaml.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Config {
    /// Site name.
    #[serde(default = "default_title")]
    pub title: String,
    /// Tagline.
    #[serde(default)]
    pub description: String,
    /// Absolute base URL; only feeds and the sitemap use it.
    #[serde(default)]
    pub base_url: Option<String>,
    /// `zh-CN`.
    #[serde(default = "default_language")]
    pub language: String,
    /// Theme name.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Output folder, relative to the site root.
    #[serde(default = "default_output")]
    pub output: String,
    /// Links end in `index.html` so the site works from file://.
    #[serde(default)]
    pub portable: bool,
    /// Items per list page.
    #[serde(default = "default_paginate")]
    pub paginate: usize,
    /// 主办单位.
    #[serde(default)]
    pub organization: Option<String>,
    /// Contact line.
    #[serde(default)]
    pub contact: Option<String>,
    /// 网站标识码.
    #[serde(default)]
    pub site_id_code: Option<String>,
    /// ICP备案号.
    #[serde(default)]
    pub icp: Option<String>,
    /// 公安备案号.
    #[serde(default)]
    pub police_record: Option<String>,
    /// Main menu.
    #[serde(default)]
    pub menu: Vec<MenuItem>,
    /// Honors a profile may carry.
    #[serde(default = "default_honors")]
    pub honors: Vec<String>,
    /// Briefing series.
    #[serde(default)]
    pub briefings: SeriesList,
    /// Privacy settings.
    #[serde(default)]
    pub privacy: Privacy,
    /// Allow `<script>` and event handlers in Markdown.
    #[serde(default)]
    pub unsafe_html: bool,
    /// How photos are published.
    #[serde(default)]
    pub images: ImagesConfig,
    /// `tongxin inspect` settings.
    #[serde(default)]
    pub inspection: Inspection,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            title: default_title(),
            description: String::new(),
            base_url: None,
            language: default_language(),
            theme: default_theme(),
            output: default_output(),
            portable: false,
            paginate: default_paginate(),
            organization: None,
            contact: None,
            site_id_code: None,
            icp: None,
            police_record: None,
            menu: Vec::new(),
            honors: default_honors(),
            briefings: SeriesList::default(),
            privacy: Privacy::default(),
            unsafe_html: false,
            images: ImagesConfig::default(),
            inspection: Inspection::default(),
        }
    }
}

/// Top-level keys config.yaml understands (unknown ones get a warning).
const KNOWN_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "theme",
    "output",
    "portable",
    "paginate",
    "organization",
    "contact",
    "site_id_code",
    "icp",
    "police_record",
    "menu",
    "honors",
    "briefings",
    "privacy",
    "unsafe_html",
    "images",
    "inspection",
];

/// Top-level settings that decide what is safe to publish: a near miss of one is an error.
/// (`inspection` is one: a misspelt block would let the inspection pass on defaults.)
const SAFETY_SETTINGS: &[&str] = &["unsafe_html", "privacy", "inspection"];

/// Decodes `&#106;`, `&#x6A;` and the named references browsers accept inside URLs that hide
/// a scheme (`&colon;`, `&Tab;`, `&NewLine;`), so `java&#115;cript:` is seen for what it is.
fn decode_refs(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e <= 12);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = if let Some(n) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(n, 16).ok().and_then(char::from_u32)
            } else if let Some(n) = name.strip_prefix('#') {
                n.parse::<u32>().ok().and_then(char::from_u32)
            } else {
                match name.to_ascii_lowercase().as_str() {
                    "colon" => Some(':'),
                    "tab" => Some('\t'),
                    "newline" => Some('\n'),
                    _ => None,
                }
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// True for a site path, a relative path or an `http(s)://` address; false for `javascript:`
/// and every other scheme, however hidden (case, spaces, control characters, references).
pub fn is_web_url(url: &str) -> bool {
    if crate::markdown::sanitize::is_script_url(url) {
        return false;
    }
    let plain: String = decode_refs(url)
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    if crate::markdown::sanitize::is_script_url(&plain) {
        return false;
    }
    // A scheme is what comes before the first `:` when no `/`, `?` or `#` precedes it.
    match plain.find([':', '/', '?', '#']) {
        Some(i) if plain[i..].starts_with(':') => matches!(&plain[..i], "http" | "https"),
        _ => true,
    }
}

/// Where a value is written in config.yaml: its first occurrence on a line mentioning `key` or
/// after it; else the key's line; else the file.
fn value_at(shown: &Path, text: &str, key: &str, value: &str) -> Location {
    let key_line = text.find(&format!("{key}:"));
    let from = key_line.unwrap_or(0);
    // An escaped value (`"java\tscript:"`) is not in the text as read: look for its longest
    // plain part instead.
    let longest = value
        .split(|c: char| c.is_whitespace() || c.is_control())
        .max_by_key(|p| p.len())
        .unwrap_or("");
    for needle in [value.trim(), longest] {
        if needle.len() >= 3
            && let Some(off) = text[from..].find(needle)
        {
            let start = from + off;
            return Location::from_offsets(shown, text, start..start + needle.len());
        }
    }
    match key_line {
        Some(off) => Location::from_offsets(shown, text, off..off + key.len()),
        None => Location::file_only(shown),
    }
}

/// The parser's error in Chinese and English, without its `at line …` suffix (the diagnostic
/// carries the position).
fn localize(e: &serde_saphyr::Error) -> (String, String) {
    let full = e.without_snippet().to_string();
    let first = full.lines().next().unwrap_or("").trim();
    let msg = match first.rfind(" at line ") {
        Some(i) => &first[..i],
        None => first,
    };
    crate::problem::localize(msg)
}

impl Config {
    /// Looks up a briefing series by key.
    pub fn series(&self, key: &str) -> Option<&Series> {
        self.briefings
            .0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, s)| s)
    }

    /// Base URL with exactly one trailing slash, if set.
    pub fn base_url(&self) -> Option<String> {
        self.base_url
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| format!("{}/", s.trim_end_matches('/')))
    }

    /// Loads `config.yaml` from the site root, with its errors and warnings. A missing file
    /// gives the defaults; so does a fatal error, so the build can still report content errors
    /// in the same run.
    pub fn load(root: &Path) -> (Config, Vec<Diagnostic>) {
        let path = root.join("config.yaml");
        let shown = PathBuf::from("config.yaml");
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return (Config::default(), Vec::new());
            }
            Err(e) => {
                let unreadable = Diagnostic::error(
                    Problem::Io {
                        path: shown.clone(),
                        detail: e.to_string(),
                    },
                    Location::file_only(shown),
                );
                return (Config::default(), vec![unreadable]);
            }
        };
        match decode(&bytes) {
            Ok(decoded) => Config::parse(&decoded.text, &shown),
            Err(e) => (Config::default(), vec![e.diagnostic(&shown)]),
        }
    }

    /// Parses config text, with its errors and warnings; `shown` is the path used in messages.
    /// Text that does not parse gives the defaults and the parser's error.
    pub fn parse(text: &str, shown: &Path) -> (Config, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let options = serde_saphyr::options! {
            budget: serde_saphyr::budget! { max_depth: 24, max_nodes: 50_000, max_aliases: 500, max_anchors: 500 },
        };
        let cfg = match serde_saphyr::from_str_with_options::<Config>(text, options) {
            Ok(c) => c,
            Err(e) => {
                let (zh, en) = localize(&e);
                let loc = match e.location() {
                    Some(l) => Location::from_line_col(
                        shown,
                        text,
                        l.line() as usize,
                        l.column() as usize,
                        1,
                    ),
                    None => Location::file_only(shown),
                };
                diags.push(Diagnostic::error(Problem::ConfigInvalid { zh, en }, loc));
                return (Config::default(), diags);
            }
        };
        // Unknown top-level keys: a warning with a suggestion.
        for (i, line) in text.lines().enumerate() {
            if line.starts_with([' ', '\t', '#', '-']) || line.trim().is_empty() {
                continue;
            }
            if let Some(colon) = line.find(':') {
                let key = line[..colon].trim().trim_matches(['"', '\'']);
                let safety = (!KNOWN_KEYS.contains(&key))
                    .then(|| crate::text::near_name(key, SAFETY_SETTINGS.iter().copied()))
                    .flatten();
                if let Some(safety) = safety {
                    // A misspelt safety setting is ignored by the parser: refuse it instead.
                    diags.push(Diagnostic::error(
                        Problem::SafetyKeyTypo {
                            key: key.to_string(),
                            suggestion: Some(safety.to_string()),
                        },
                        Location::from_line_col(shown, text, i + 1, 1, key.chars().count()),
                    ));
                } else if !KNOWN_KEYS.contains(&key) {
                    let suggestion = crate::text::did_you_mean(key, KNOWN_KEYS.iter().copied());
                    diags.push(Diagnostic::warning(
                        Problem::UnknownKey {
                            key: key.to_string(),
                            suggestion,
                        },
                        Location::from_line_col(shown, text, i + 1, 1, key.chars().count()),
                    ));
                }
            }
        }
        let key_at = |key: &str| {
            let line = text
                .lines()
                .position(|l| l.starts_with(&format!("{key}:")))
                .map_or(0, |n| n + 1);
            if line == 0 {
                Location::file_only(shown)
            } else {
                Location::from_line_col(shown, text, line, 1, key.chars().count())
            }
        };
        if let Some(url) = cfg.base_url.as_deref()
            && !is_web_url(url)
        {
            diags.push(Diagnostic::error(
                Problem::UnsafeUrl {
                    key: "base_url".into(),
                    value: url.to_string(),
                },
                value_at(shown, text, "base_url", url),
            ));
        }
        for item in cfg.menu.iter().filter(|m| !is_web_url(&m.url)) {
            diags.push(Diagnostic::error(
                Problem::UnsafeUrl {
                    key: "menu".into(),
                    value: item.url.clone(),
                },
                value_at(shown, text, "menu", &item.url),
            ));
        }
        if cfg.paginate == 0 {
            diags.push(Diagnostic::error(
                Problem::WrongType {
                    key: "paginate".into(),
                    expected: "正整数",
                    expected_en: "a positive whole number",
                },
                key_at("paginate"),
            ));
        }
        // Whether the folder would overwrite the site is decided where it is resolved (pipeline).
        if cfg.output.trim().is_empty() {
            diags.push(Diagnostic::error(
                Problem::BadOutput {
                    path: PathBuf::from(&cfg.output),
                    reason: crate::problem::OutputProblem::Empty,
                },
                key_at("output"),
            ));
        }
        (cfg, diags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_spec_example() {
        let text = "title: 綦江双拥网\nbase_url: https://sy.example.gov.cn\nmenu:\n  - {name: 首页, url: /}\nbriefings:\n  jianbao:\n    name: 綦江双拥工作简报\n    kind: 简报\n    editor: 綦江区双拥办\n    distribution: {报: [市双拥办], 送: [区委、区政府领导], 发: [各镇街双拥办]}\n    copies: 80\n  zhuanbao:\n    name: 綦江双拥专报\n    kind: 专报\nprivacy:\n  allow: [\"023-12345678\"]\n";
        let (c, d) = Config::parse(text, Path::new("config.yaml"));
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.briefings.0.len(), 2);
        assert_eq!(c.briefings.0[0].0, "jianbao");
        assert_eq!(c.series("zhuanbao").unwrap().kind, BriefingKind::Zhuanbao);
        assert_eq!(
            c.series("jianbao").unwrap().distribution.song,
            vec!["区委、区政府领导"]
        );
        assert_eq!(c.base_url().unwrap(), "https://sy.example.gov.cn/");
        assert_eq!(c.privacy.allow, vec!["023-12345678"]);
    }

    #[test]
    fn bad_values_point_at_their_line() {
        let (_, d) = Config::parse(
            "title: 甲\npaginate: 0\noutput: \"\"\n",
            Path::new("config.yaml"),
        );
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(d[0].location.as_ref().unwrap().line, 2);
        assert_eq!(d[1].location.as_ref().unwrap().line, 3);
        assert!(
            d[1].render(crate::i18n::Lang::En, false)
                .contains("no folder name")
        );
    }

    #[test]
    fn images_settings() {
        let (c, d) = Config::parse("title: 甲\n", Path::new("config.yaml"));
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.images, ImagesConfig::default());
        assert_eq!(c.images.widths.0, vec![480, 960, 1600]);
        let (c, d) = Config::parse(
            "images:\n  宽度: [1600, 480, 480]\n  质量: 70\n  webp: false\n  人像比例: \"2:3\"\n",
            Path::new("config.yaml"),
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.images.widths.0, vec![480, 1600]);
        assert_eq!((c.images.quality.0, c.images.webp), (70, false));
        assert_eq!((c.images.portrait.width, c.images.portrait.height), (2, 3));
        for (bad, line) in [
            ("images:\n  quality: 300\n", 2),
            ("images:\n  widths: []\n", 2),
            ("images:\n  widths: [480, 99999]\n", 2),
            ("images:\n  portrait: tall\n", 2),
            ("images:\n  widht: [480]\n", 2),
        ] {
            let (_, d) = Config::parse(bad, Path::new("config.yaml"));
            assert!(d.len() == 1 && d[0].is_error(), "{bad}: {d:?}");
            assert_eq!(d[0].location.as_ref().unwrap().line, line, "{bad}");
        }
    }

    fn parse(text: &str) -> Vec<Diagnostic> {
        Config::parse(text, Path::new("config.yaml")).1
    }

    #[test]
    fn parser_errors_are_worded_in_chinese_at_their_place() {
        for (text, line, zh_has) in [
            ("title: a\ntitle: b\n", 2, "`title` 重复出现"),
            ("paginate: abc\n", 1, "整数"),
            ("paginate: -1\n", 1, "整数"),
            ("images:\n  widht: [1]\n", 2, "不认识的项 `widht`"),
            ("title: [a\n", 1, "文字"),
            ("menu:\n  - {name: a}\n", 2, "缺少必填项 `url`"),
            (
                "briefings:\n  j:\n    name: a\n    kind: 周报\n",
                4,
                "“周报”不是可用的值",
            ),
            ("unsafe_html: 1\n", 1, "true 或 false"),
            ("unsafe_html: [true]\n", 1, ""),
            ("menu: 3\n", 1, "列表"),
            ("privacy:\n  allow: 3\n", 2, "列表"),
            ("a: &x [*x]\n", 1, ""),
            ("title: a\n\ttitle: b\n", 1, ""),
            ("- a\n", 1, "键: 值"),
            ("images:\n  quality: 300\n", 2, "图片质量"),
        ] {
            let d = parse(text);
            assert!(d.len() == 1 && d[0].is_error(), "{text:?}: {d:?}");
            assert_eq!(d[0].location.as_ref().unwrap().line, line, "{text:?}");
            let zh = d[0].render(crate::i18n::Lang::Zh, false);
            assert!(zh.contains(zh_has), "{text:?}: {zh}");
            // No English library wording reaches a Chinese reader.
            for english in [
                "DuplicateKeyPolicy",
                "invalid",
                "expected",
                "unknown",
                "missing",
                "scanning",
                "u64",
            ] {
                assert!(!zh.contains(english), "{text:?}: {zh}");
            }
        }
    }

    #[test]
    fn script_urls_in_menu_and_base_url_are_refused_at_their_place() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java\\tscript:alert(1)",
            "jav&#x61;script:alert(1)",
            "&#106;avascript:alert(1)",
            "javascript&colon;alert(1)",
            "vbscript:msgbox",
            "data:text/html,<script>alert(1)</script>",
            "file:///etc/passwd",
            "ftp://example.com/",
        ] {
            let text = format!(
                "title: 甲\nmenu:\n  - name: 首页\n    url: /\n  - name: 坏\n    url: \"{url}\"\n"
            );
            let d = parse(&text);
            assert!(
                matches!(d.as_slice(), [x] if x.is_error() && matches!(x.problem, Problem::UnsafeUrl { .. })),
                "{url}: {d:?}"
            );
            assert_eq!(d[0].location.as_ref().unwrap().line, 6, "{url}");
            let text = format!("title: 甲\nbase_url: \"{url}\"\n");
            let d = parse(&text);
            assert!(
                matches!(d.as_slice(), [x] if x.is_error() && matches!(x.problem, Problem::UnsafeUrl { .. })),
                "{url}: {d:?}"
            );
            assert_eq!(d[0].location.as_ref().unwrap().line, 2, "{url}");
        }
        // Site paths, relative paths and web addresses stay fine.
        for url in [
            "/",
            "/articles/",
            "articles/",
            "https://www.mva.gov.cn/",
            "http://a.example/x?y=1:2",
            "/search/?q=a:b",
            "#top",
        ] {
            assert!(is_web_url(url), "{url}");
        }
    }

    #[test]
    fn safety_settings_fail_closed() {
        for text in [
            "unsafe_htm: true\n",
            "unsafehtml: true\n",
            "Unsafe_HTML: true\n",
            "privcy:\n  allow: []\n",
        ] {
            let d = parse(text);
            assert!(
                matches!(d.as_slice(), [x] if x.is_error() && matches!(x.problem, Problem::SafetyKeyTypo { .. })),
                "{text}: {d:?}"
            );
            assert_eq!(d[0].location.as_ref().unwrap().line, 1);
        }
        for text in [
            "privacy:\n  alow: [\"023-12345678\"]\n",
            "privacy:\n  allow: []\n  ignore: [id]\n",
            "unsafe_html: maybe\n",
        ] {
            let d = parse(text);
            assert!(d.len() == 1 && d[0].is_error(), "{text}: {d:?}");
        }
        assert!(parse("unsafe_html: false\nprivacy:\n  allow: []\n").is_empty());
    }

    #[test]
    fn inspection_settings_fail_closed_and_default_in_one_place() {
        for text in [
            "inspection:\n  home_dayz: 7\n",
            "inspection:\n  names: 綦江区双拥办\n",
            "inspecton:\n  home_days: 7\n",
        ] {
            let d = parse(text);
            assert!(d.len() == 1 && d[0].is_error(), "{text}: {d:?}");
        }
        let (c, d) = Config::parse(
            "inspection:\n  home_days: 7\n  规范名称: [綦江区双拥工作领导小组办公室]\n",
            Path::new("config.yaml"),
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.inspection.home_days, 7);
        assert_eq!(c.inspection.news_days, Inspection::default().news_days);
        assert_eq!(c.inspection.names, vec!["綦江区双拥工作领导小组办公室"]);
    }

    #[test]
    fn errors_have_a_location_and_unknown_keys_warn() {
        let (_, d) = Config::parse("title: [甲\n", Path::new("config.yaml"));
        assert!(d[0].is_error());
        let (_, d) = Config::parse("titel: 甲\n", Path::new("config.yaml"));
        assert!(!d[0].is_error());
        assert!(
            matches!(&d[0].problem, Problem::UnknownKey { suggestion: Some(s), .. } if s == "title")
        );
    }

    #[test]
    fn keys_nothing_reads_warn_like_any_unknown_key() {
        for key in ["search", "print"] {
            let d = parse(&format!("title: 甲\n{key}: false\n"));
            assert!(
                matches!(d.as_slice(), [x] if !x.is_error()
                    && matches!(&x.problem, Problem::UnknownKey { key: k, .. } if k == key)),
                "{key}: {d:?}"
            );
            assert_eq!(d[0].location.as_ref().unwrap().line, 2);
        }
    }
}

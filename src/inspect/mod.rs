//! `tongxin inspect`: the government-site inspection (政府网站与政务新媒体检查指标) as far as
//! the model shows it. Each indicator is 通过, 警告 or 单项否决 with its evidence: the update
//! clocks of the home page and every 栏目, empty columns, broken links, serious wording,
//! documents marked 有效 that say they were replaced, future dates, images without alt text,
//! old consents, and the privacy and secrecy gate's findings.
//!
//! It reads the model and the problems the load already found (links, anchors, privacy); it
//! renders nothing. The thresholds are `config::Inspection`.

pub mod html;
pub mod wording;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::{BriefingKind, Inspection};
use crate::diagnostic::{Diagnostic, Diagnostics, Location, Severity};
use crate::i18n::Lang;
use crate::markdown::Rendered;
use crate::model::Site;
use crate::model::date::Date;
use crate::model::page::{Kind, Page, Validity};
use crate::problem::{InspectProblem, Problem};

/// The verdict of one indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// 通过.
    Pass,
    /// 警告.
    Warn,
    /// 单项否决.
    Fail,
}

impl Status {
    /// 通过 / 警告 / 单项否决.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Status::Pass, Lang::Zh) => "通过",
            (Status::Warn, Lang::Zh) => "警告",
            (Status::Fail, Lang::Zh) => "单项否决",
            (Status::Pass, Lang::En) => "pass",
            (Status::Warn, Lang::En) => "warning",
            (Status::Fail, Lang::En) => "fail",
        }
    }
}

/// Which clock a column runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Clock {
    /// The home page (two weeks).
    Home,
    /// News columns (two weeks).
    News,
    /// 通知公告 and 政策文件 (six months).
    Notice,
    /// Everything else: only the one-year long-stale clock.
    Long,
}

/// One 栏目 (or the home page) and its updates.
#[derive(Debug, Clone, Serialize)]
pub struct Column {
    /// As shown, e.g. 工作动态, 栏目：通知公告, 双拥简报：綦江双拥工作简报.
    pub name: String,
    /// Its clock.
    pub clock: Clock,
    /// Days it may go without an update.
    pub limit: i64,
    /// Published items.
    pub items: usize,
    /// The newest item's date (future dates left out).
    pub last: Option<String>,
    /// Days since then.
    pub days: Option<i64>,
    /// Days left before the clock runs out (negative: overdue by that many days).
    pub remaining: Option<i64>,
    /// Over the long-stale clock.
    pub long_stale: bool,
    /// The verdict of its own clock.
    pub status: Status,
    /// Every item's date, oldest first (the HTML timeline).
    #[serde(skip)]
    pub dates: Vec<Date>,
}

/// One indicator and its verdict.
#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    /// Stable id, e.g. `home`, `wording`.
    pub id: &'static str,
    /// Its name.
    pub name: String,
    /// The verdict.
    pub status: Status,
    /// One line saying why.
    pub summary: String,
    /// The evidence, one line each (columns, files and places).
    pub evidence: Vec<String>,
}

/// The whole inspection.
#[derive(Debug)]
pub struct Report {
    /// The site's title.
    pub site: String,
    /// The day the clocks were read on.
    pub today: Date,
    /// The indicators, in the order of the inspection sheet.
    pub indicators: Vec<Indicator>,
    /// The home page and every column.
    pub columns: Vec<Column>,
    /// The findings with a place in a file (wording, documents, dates, images, consents,
    /// links, privacy), for the caret display.
    pub findings: Diagnostics,
}

impl Report {
    /// The worst verdict.
    pub fn worst(&self) -> Status {
        self.indicators
            .iter()
            .map(|i| i.status)
            .max()
            .unwrap_or(Status::Pass)
    }
}

/// What the inspection reads.
pub struct Input<'a> {
    /// The model.
    pub site: &'a Site,
    /// Rendered Markdown per page (images and their alt text).
    pub rendered: &'a [Option<Rendered>],
    /// What loading the site found (links, anchors, privacy and secrecy).
    pub loaded: &'a Diagnostics,
    /// External link findings (`--external`), when checked.
    pub external: Option<&'a Diagnostics>,
    /// The day to read the clocks on.
    pub today: Date,
    /// Messages in this language.
    pub lang: Lang,
}

/// A sentence of a document marked 有效 that says the document itself was repealed or
/// replaced: it names the document (本办法, 该文件 …) and says 已废止, 已失效, 停止执行 …, or it
/// says 已被…替代/取代/代替. Plain substring tests: this runs on every document.
fn says_replaced(sentence: &str) -> bool {
    const SELF: &[&str] = &["本", "该", "此"];
    const WHAT: &[&str] = &[
        "办法", "规定", "通知", "文件", "意见", "方案", "细则", "决定", "制度", "规则",
    ];
    const ENDED: &[&str] = &[
        "已废止",
        "已失效",
        "已作废",
        "停止执行",
        "不再执行",
        "起废止",
        "起失效",
    ];
    let names_itself = SELF
        .iter()
        .any(|s| WHAT.iter().any(|w| sentence.contains(&format!("{s}{w}"))));
    if names_itself && ENDED.iter().any(|e| sentence.contains(e)) {
        return true;
    }
    sentence.find("已被").is_some_and(|i| {
        let after = sentence.get(i..).unwrap_or("");
        ["替代", "取代", "代替"].iter().any(|w| after.contains(w))
    })
}

fn zh_en(lang: Lang, zh: String, en: String) -> String {
    if lang == Lang::Zh { zh } else { en }
}

fn column(
    name: String,
    clock: Clock,
    limit: i64,
    dates: Vec<Date>,
    cfg: &Inspection,
    today: Date,
) -> Column {
    let mut dates: Vec<Date> = dates
        .into_iter()
        .map(|d| Date { time: None, ..d })
        .filter(|d| *d <= today)
        .collect();
    dates.sort();
    let last = dates.last().copied();
    let days = last.map(|d| today.days_since_epoch() - d.days_since_epoch());
    let remaining = days.map(|d| limit - d);
    let warn = i64::from(cfg.warn_days);
    let status = match remaining {
        None => Status::Pass,
        Some(r) if r < 0 => Status::Fail,
        Some(r) if r <= warn => Status::Warn,
        Some(_) => Status::Pass,
    };
    Column {
        name,
        clock,
        limit,
        items: dates.len(),
        last: last.map(|d| d.iso()),
        days,
        remaining,
        long_stale: days.is_some_and(|d| d > i64::from(cfg.stale_days)),
        status,
        dates,
    }
}

fn published_dates<'a>(site: &'a Site, idx: impl IntoIterator<Item = &'a usize>) -> Vec<Date> {
    idx.into_iter()
        .filter_map(|&i| site.pages.get(i))
        .filter(|p| p.published)
        .filter_map(|p| p.meta.date)
        .collect()
}

/// The home page and every column with its clock.
pub fn columns(site: &Site, today: Date) -> Vec<Column> {
    let cfg = &site.config.inspection;
    let home = i64::from(cfg.home_days);
    let news = i64::from(cfg.news_days);
    let notice = i64::from(cfg.notice_days);
    let long = i64::from(cfg.stale_days);
    let mut out = Vec::new();
    let all: Vec<Date> = site
        .pages
        .iter()
        .filter(|p| p.published && p.kind != Kind::Page)
        .filter_map(|p| p.meta.date)
        .collect();
    out.push(column("首页".into(), Clock::Home, home, all, cfg, today));
    let none = Vec::new();
    for kind in [Kind::Article, Kind::Profile, Kind::Document] {
        let (clock, limit) = match kind {
            Kind::Article => (Clock::News, news),
            Kind::Document => (Clock::Notice, notice),
            _ => (Clock::Long, long),
        };
        let idx = site.sections.get(&kind).unwrap_or(&none);
        let linked = site
            .config
            .menu
            .iter()
            .any(|m| m.url.trim_matches('/') == kind.section());
        if idx.is_empty() && !linked {
            continue;
        }
        let dates = published_dates(site, idx);
        out.push(column(
            kind.section_title().into(),
            clock,
            limit,
            dates,
            cfg,
            today,
        ));
    }
    for term in &site.categories {
        let notice_col = cfg.notice_columns.iter().any(|n| n.trim() == term.name);
        let (clock, limit) = if notice_col {
            (Clock::Notice, notice)
        } else {
            (Clock::News, news)
        };
        let dates = published_dates(site, &term.pages);
        out.push(column(
            format!("栏目：{}", term.name),
            clock,
            limit,
            dates,
            cfg,
            today,
        ));
    }
    for (key, series) in &site.config.briefings.0 {
        let dates: Vec<Date> = site
            .pages
            .iter()
            .filter(|p| p.published && p.briefing.as_ref().is_some_and(|b| &b.series == key))
            .filter_map(|p| p.meta.date)
            .collect();
        // A 专报 series is printed for leaders, not published: no column unless it has a
        // published issue.
        if dates.is_empty() && series.kind == BriefingKind::Zhuanbao {
            continue;
        }
        let name = if series.name.is_empty() {
            key.clone()
        } else {
            series.name.clone()
        };
        out.push(column(
            format!("双拥简报：{name}"),
            Clock::Long,
            long,
            dates,
            cfg,
            today,
        ));
    }
    out
}

fn place(d: &Diagnostic) -> String {
    d.location
        .as_ref()
        .map(|l| l.position())
        .unwrap_or_default()
}

fn finding_line(d: &Diagnostic, lang: Lang) -> String {
    let at = place(d);
    if at.is_empty() {
        d.problem.message(lang)
    } else {
        format!("{at}  {}", d.problem.message(lang))
    }
}

fn column_line(c: &Column, lang: Lang) -> String {
    match (c.last.as_deref(), c.days, c.remaining) {
        (Some(last), Some(days), Some(rem)) => {
            let state = if rem < 0 {
                zh_en(
                    lang,
                    format!("已超期{}天", -rem),
                    format!("{} days overdue", -rem),
                )
            } else {
                zh_en(lang, format!("还有{rem}天超期"), format!("{rem} days left"))
            };
            zh_en(
                lang,
                format!(
                    "{}：最近更新 {last}，{days}天前（时限{}天，{state}）",
                    c.name, c.limit
                ),
                format!(
                    "{}: last update {last}, {days} days ago (limit {} days, {state})",
                    c.name, c.limit
                ),
            )
        }
        _ => zh_en(
            lang,
            format!("{}：没有内容", c.name),
            format!("{}: empty", c.name),
        ),
    }
}

fn indicator(
    id: &'static str,
    name: String,
    status: Status,
    summary: String,
    evidence: Vec<String>,
) -> Indicator {
    Indicator {
        id,
        name,
        status,
        summary,
        evidence,
    }
}

/// The text a page shows, scanned for wording: its title and its body, with where each starts.
fn texts(p: &Page) -> [(usize, &str); 2] {
    let text = &p.source.text;
    let title_at = text
        .get(p.meta.title_span.clone())
        .and_then(|w| w.find(&p.meta.title))
        .map_or(p.meta.title_span.start, |i| p.meta.title_span.start + i);
    let title = text
        .get(title_at..title_at + p.meta.title.len())
        .filter(|t| *t == p.meta.title)
        .unwrap_or("");
    [(title_at, title), (p.body_offset, p.body())]
}

fn wording(site: &Site) -> Vec<Diagnostic> {
    let names = wording::Names::new(&site.config.inspection.names);
    site.pages
        .par_iter()
        .filter(|p| p.published)
        .flat_map_iter(|p| {
            let mut out = Vec::new();
            for (offset, t) in texts(p) {
                for h in wording::scan(t, &names) {
                    out.push(Diagnostic::error(
                        Problem::Inspect(InspectProblem::WrongName {
                            found: h.found,
                            correct: h.correct,
                            how: h.how,
                        }),
                        Location::from_offsets(
                            p.file(),
                            &p.source.text,
                            offset + h.start..offset + h.end,
                        ),
                    ));
                }
            }
            out
        })
        .collect()
}

fn replaced_documents(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in site.pages.iter().filter(|p| p.published) {
        let valid = p
            .document
            .as_ref()
            .is_some_and(|d| d.validity == Some(Validity::Valid));
        if !valid {
            continue;
        }
        let body = p.body();
        let mut start = 0;
        for piece in body.split_inclusive(['。', '；', '\n']) {
            let sentence = piece.trim_end_matches(['。', '；', '\n']);
            let lead = sentence.len() - sentence.trim_start().len();
            let sentence = sentence.trim();
            if !sentence.is_empty() && says_replaced(sentence) {
                let at = start + lead;
                out.push(Diagnostic::warning(
                    Problem::Inspect(InspectProblem::ValidButReplaced {
                        phrase: sentence.to_string(),
                    }),
                    p.location(&(at..at + sentence.len())),
                ));
                break;
            }
            start += piece.len();
        }
    }
    out
}

fn future_dated(site: &Site, today: Date) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in site.pages.iter().filter(|p| p.published) {
        let Some(d) = p.meta.date else { continue };
        if (Date { time: None, ..d }) > today {
            let text = &p.source.text;
            let at = text
                .find("\ndate:")
                .or_else(|| text.find("\n日期:"))
                .map_or(0, |i| i + 1);
            let end = text[at..].find('\n').map_or(text.len(), |e| at + e);
            out.push(Diagnostic::warning(
                Problem::Inspect(InspectProblem::FutureDated {
                    date: d.iso(),
                    today: today.iso(),
                }),
                Location::from_offsets(p.file(), text, at..end),
            ));
        }
    }
    out
}

fn missing_alt(site: &Site, rendered: &[Option<Rendered>]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, r) in rendered.iter().enumerate() {
        let (Some(r), Some(p)) = (r, site.pages.get(i)) else {
            continue;
        };
        if !p.published {
            continue;
        }
        for f in &r.files {
            if let Some(e) = &f.embed
                && e.alt.trim().is_empty()
                && crate::images::is_image_file(&f.site_path)
            {
                out.push(Diagnostic::warning(
                    Problem::MissingAlt {
                        target: f.written.clone(),
                    },
                    p.location(&f.span),
                ));
            }
        }
    }
    out
}

fn old_consents(site: &Site, today: Date) -> Vec<Diagnostic> {
    let years = site.config.inspection.consent_years;
    let mut out = Vec::new();
    for p in site.pages.iter().filter(|p| p.published) {
        let Some(c) = p.profile.as_ref().and_then(|pr| pr.consent) else {
            continue;
        };
        let expires = Date::new(
            c.year
                .saturating_add(i32::try_from(years).unwrap_or(i32::MAX / 2)),
            c.month,
            c.day.min(28),
        );
        if expires.is_some_and(|e| e < today) {
            let text = &p.source.text;
            let at = text
                .find("\nconsent:")
                .or_else(|| text.find("\n同意书:"))
                .map_or(0, |i| i + 1);
            let end = text[at..].find('\n').map_or(text.len(), |e| at + e);
            out.push(Diagnostic::warning(
                Problem::Inspect(InspectProblem::ConsentOld {
                    consent: c.iso(),
                    years,
                }),
                Location::from_offsets(p.file(), text, at..end),
            ));
        }
    }
    out
}

fn is_link(d: &Diagnostic) -> bool {
    d.problem.id().starts_with("link/")
}

fn is_privacy(d: &Diagnostic) -> bool {
    let id = d.problem.id();
    id.starts_with("privacy/") || id.starts_with("secrecy/")
}

/// Runs the inspection.
pub fn run(input: &Input) -> Report {
    let Input {
        site,
        rendered,
        loaded,
        external,
        today,
        lang,
    } = *input;
    let cfg = &site.config.inspection;
    let cols = columns(site, today);
    let mut indicators = Vec::new();
    let mut findings = Diagnostics::default();

    // 1. The home page.
    if let Some(home) = cols.first() {
        let summary = column_line(home, lang);
        let status = if home.items == 0 {
            Status::Fail
        } else {
            home.status
        };
        indicators.push(indicator(
            "home",
            zh_en(lang, "首页更新".into(), "home page updates".into()),
            status,
            summary,
            Vec::new(),
        ));
    }
    // 2. News columns: two weeks; five or more idle fail.
    let news: Vec<&Column> = cols
        .iter()
        .filter(|c| c.clock == Clock::News && c.items > 0)
        .collect();
    let idle: Vec<&&Column> = news.iter().filter(|c| c.status == Status::Fail).collect();
    let soon = news.iter().filter(|c| c.status == Status::Warn).count();
    let status = if idle.len() >= cfg.news_columns_fail {
        Status::Fail
    } else if !idle.is_empty() || soon > 0 {
        Status::Warn
    } else {
        Status::Pass
    };
    indicators.push(indicator(
        "news-columns",
        zh_en(lang, "动态类栏目更新".into(), "news column updates".into()),
        status,
        zh_en(
            lang,
            format!(
                "{}个动态类栏目中{}个超过{}天未更新（{}个及以上单项否决），{soon}个即将超期",
                news.len(),
                idle.len(),
                cfg.news_days,
                cfg.news_columns_fail
            ),
            format!(
                "{} of {} news columns idle over {} days ({} or more fail), {soon} about to be",
                idle.len(),
                news.len(),
                cfg.news_days,
                cfg.news_columns_fail
            ),
        ),
        news.iter()
            .filter(|c| c.status != Status::Pass)
            .map(|c| column_line(c, lang))
            .collect(),
    ));
    // 3. 通知公告 / 政策文件: six months; any idle fails.
    let notice: Vec<&Column> = cols
        .iter()
        .filter(|c| c.clock == Clock::Notice && c.items > 0)
        .collect();
    let status = notice
        .iter()
        .map(|c| c.status)
        .max()
        .unwrap_or(Status::Pass);
    indicators.push(indicator(
        "notice-columns",
        zh_en(
            lang,
            "通知公告、政策文件栏目更新".into(),
            "notice and policy column updates".into(),
        ),
        status,
        zh_en(
            lang,
            format!("{}个栏目，时限{}天", notice.len(), cfg.notice_days),
            format!("{} columns, limit {} days", notice.len(), cfg.notice_days),
        ),
        notice.iter().map(|c| column_line(c, lang)).collect(),
    ));
    // 4. Long-stale columns.
    let stale: Vec<&Column> = cols.iter().filter(|c| c.long_stale).collect();
    let status = if stale.len() >= cfg.stale_columns_fail {
        Status::Fail
    } else if stale.is_empty() {
        Status::Pass
    } else {
        Status::Warn
    };
    indicators.push(indicator(
        "stale-columns",
        zh_en(lang, "长期未更新栏目".into(), "long-stale columns".into()),
        status,
        zh_en(
            lang,
            format!(
                "{}个栏目超过{}天未更新（{}个及以上单项否决）",
                stale.len(),
                cfg.stale_days,
                cfg.stale_columns_fail
            ),
            format!(
                "{} columns idle over {} days ({} or more fail)",
                stale.len(),
                cfg.stale_days,
                cfg.stale_columns_fail
            ),
        ),
        stale.iter().map(|c| column_line(c, lang)).collect(),
    ));
    // 5. Empty columns.
    let empty: Vec<&Column> = cols
        .iter()
        .filter(|c| c.items == 0 && c.clock != Clock::Home)
        .collect();
    let status = if empty.len() >= cfg.empty_columns_fail {
        Status::Fail
    } else if empty.is_empty() {
        Status::Pass
    } else {
        Status::Warn
    };
    indicators.push(indicator(
        "empty-columns",
        zh_en(lang, "空白栏目".into(), "empty columns".into()),
        status,
        zh_en(
            lang,
            format!(
                "{}个空白栏目（{}个及以上单项否决）",
                empty.len(),
                cfg.empty_columns_fail
            ),
            format!(
                "{} empty columns ({} or more fail)",
                empty.len(),
                cfg.empty_columns_fail
            ),
        ),
        empty.iter().map(|c| column_line(c, lang)).collect(),
    ));

    // Findings with a place.
    let mut group = |id: &'static str,
                     zh: &str,
                     en: &str,
                     list: Vec<Diagnostic>,
                     fail_over: Option<usize>,
                     findings: &mut Diagnostics| {
        let errors = list
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let status = match fail_over {
            Some(max) if list.len() > max => Status::Fail,
            None if errors > 0 && id == "secrecy" => Status::Fail,
            _ if list.is_empty() => Status::Pass,
            _ => Status::Warn,
        };
        let summary = zh_en(
            lang,
            format!("{}处", list.len()),
            format!("{} found", list.len()),
        );
        let evidence = list.iter().map(|d| finding_line(d, lang)).collect();
        findings.extend(list);
        indicators.push(indicator(
            id,
            zh_en(lang, zh.into(), en.into()),
            status,
            summary,
            evidence,
        ));
    };
    let mut links: Vec<Diagnostic> = loaded.iter().filter(|d| is_link(d)).cloned().collect();
    if let Some(ext) = external {
        links.extend(ext.iter().cloned());
    }
    group(
        "links",
        "链接可用性（扣分项）",
        "links (points off)",
        links,
        None,
        &mut findings,
    );
    let words = wording(site);
    group(
        "wording",
        "严重表述错误",
        "serious wording errors",
        words,
        Some(cfg.wording_errors_max),
        &mut findings,
    );
    let privacy: Vec<Diagnostic> = loaded.iter().filter(|d| is_privacy(d)).cloned().collect();
    group(
        "secrecy",
        "泄密与个人信息",
        "secrets and personal data",
        privacy,
        None,
        &mut findings,
    );
    group(
        "validity",
        "文件有效性",
        "document validity",
        replaced_documents(site),
        None,
        &mut findings,
    );
    group(
        "future-dates",
        "未来日期",
        "future dates",
        future_dated(site, today),
        None,
        &mut findings,
    );
    group(
        "alt-text",
        "图片替代文字",
        "image alt text",
        missing_alt(site, rendered),
        None,
        &mut findings,
    );
    group(
        "consent",
        "人物同意书",
        "profile consents",
        old_consents(site, today),
        None,
        &mut findings,
    );

    Report {
        site: site.config.title.clone(),
        today,
        indicators,
        columns: cols,
        findings,
    }
}

/// The report as text: the verdicts with their evidence, then each finding with its caret.
pub fn to_text(report: &Report, lang: Lang, color: bool) -> String {
    let mut out = String::new();
    out.push_str(&zh_en(
        lang,
        format!("{} 网站检查（{}）\n\n", report.site, report.today.iso()),
        format!(
            "{} site inspection ({})\n\n",
            report.site,
            report.today.iso()
        ),
    ));
    for i in &report.indicators {
        out.push_str(&format!(
            "[{}] {}{}{}\n",
            i.status.label(lang),
            i.name,
            lang.pick("：", ": "),
            i.summary
        ));
        for e in &i.evidence {
            out.push_str(&format!("    {e}\n"));
        }
    }
    if !report.findings.is_empty() {
        out.push('\n');
        out.push_str(&report.findings.render_with(lang, color, true));
    }
    let worst = report.worst();
    let fails = report
        .indicators
        .iter()
        .filter(|i| i.status == Status::Fail)
        .count();
    let warns = report
        .indicators
        .iter()
        .filter(|i| i.status == Status::Warn)
        .count();
    out.push_str(&zh_en(
        lang,
        format!(
            "\n结论：{}（单项否决 {fails} 项，警告 {warns} 项）\n",
            worst.label(lang)
        ),
        format!(
            "\nverdict: {} ({fails} failing, {warns} warnings)\n",
            worst.label(lang)
        ),
    ));
    out
}

#[derive(Serialize)]
struct JsonFinding {
    severity: Severity,
    rule: &'static str,
    file: Option<String>,
    line: usize,
    column: usize,
    message: String,
    hint: Option<String>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    site: &'a str,
    today: String,
    verdict: Status,
    indicators: &'a [Indicator],
    columns: &'a [Column],
    findings: Vec<JsonFinding>,
}

/// The report as JSON.
pub fn to_json(report: &Report, lang: Lang) -> String {
    let findings = report
        .findings
        .sorted()
        .into_iter()
        .map(|d| JsonFinding {
            severity: d.severity,
            rule: d.problem.id(),
            file: d
                .location
                .as_ref()
                .map(|l| crate::text::display_path(&l.file)),
            line: d.location.as_ref().map_or(0, |l| l.line),
            column: d.location.as_ref().map_or(0, |l| l.col),
            message: d.problem.message(lang),
            hint: d.problem.hint(lang),
        })
        .collect();
    let json = JsonReport {
        site: &report.site,
        today: report.today.iso(),
        verdict: report.worst(),
        indicators: &report.indicators,
        columns: &report.columns,
        findings,
    };
    serde_json::to_string_pretty(&json).unwrap_or_else(|_| "{}".to_string())
}

#[cfg(test)]
mod tests {
    use super::says_replaced;

    #[test]
    fn a_document_that_repeals_another_is_not_replaced_itself() {
        assert!(says_replaced("本办法已废止"));
        assert!(says_replaced("该文件自2026年1月1日起废止"));
        assert!(says_replaced(
            "本通知已被《关于进一步做好双拥工作的通知》替代"
        ));
        assert!(!says_replaced(
            "本办法自2026年1月1日起施行，《测试区双拥工作暂行办法》同时废止"
        ));
        assert!(!says_replaced("本办法由区双拥办负责解释"));
    }
}

//! The inspection as one self-contained HTML page (styles inline, no scripts, nothing fetched)
//! for an office head: the verdicts, then a timeline of the last year per column — one tick per
//! item, the column's clock drawn as a shaded band ending today.

use super::{Column, Report, Status};
use crate::i18n::Lang;
// Text for HTML content and attribute values: the sanitizer's one escaping rule.
use crate::markdown::sanitize::escape_attr as esc;

fn class(s: Status) -> &'static str {
    match s {
        Status::Pass => "pass",
        Status::Warn => "warn",
        Status::Fail => "fail",
    }
}

/// Days shown on the timeline.
const SPAN: i64 = 365;
const WIDTH: i64 = 730;

fn timeline(c: &Column, today: i64) -> String {
    let x = |days_ago: i64| (SPAN - days_ago.clamp(0, SPAN)) * WIDTH / SPAN;
    let mut svg = format!(
        "<svg class=\"tl\" viewBox=\"0 0 {WIDTH} 24\" width=\"{WIDTH}\" height=\"24\" role=\"img\"><rect x=\"{}\" y=\"2\" width=\"{}\" height=\"20\" class=\"band\"/>",
        x(c.limit),
        WIDTH - x(c.limit)
    );
    for d in &c.dates {
        let ago = today - d.days_since_epoch();
        if (0..=SPAN).contains(&ago) {
            svg.push_str(&format!(
                "<rect x=\"{}\" y=\"4\" width=\"2\" height=\"16\" class=\"tick\"><title>{}</title></rect>",
                x(ago).min(WIDTH - 2),
                d.iso()
            ));
        }
    }
    svg.push_str("</svg>");
    svg
}

/// The report as one HTML page.
pub fn render(report: &Report, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let t = |a: &'static str, b: &'static str| if zh { a } else { b };
    let worst = report.worst();
    let mut h = String::new();
    h.push_str(&format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><meta name=\"robots\" content=\"noindex\"><title>{} {}</title>",
        t("zh-CN", "en"),
        esc(&report.site),
        t("网站检查", "site inspection")
    ));
    h.push_str("<style>body{font-family:\"Microsoft YaHei\",\"PingFang SC\",sans-serif;margin:2em auto;max-width:1100px;color:#222;line-height:1.6}table{border-collapse:collapse;width:100%;margin:1em 0}td,th{border:1px solid #ccc;padding:.35em .6em;text-align:left;vertical-align:top}.pass{color:#1a7f37}.warn{color:#9a6700}.fail{color:#cf222e;font-weight:bold}.verdict{font-size:1.4em}ul{margin:.2em 0;padding-left:1.2em}.tl .band{fill:#f3e6c4}.tl .tick{fill:#0550ae}.axis{display:flex;justify-content:space-between;width:730px;font-size:.8em;color:#666}@media print{body{margin:0}}</style></head><body>");
    h.push_str(&format!(
        "<h1>{} {}</h1><p>{}{}</p><p class=\"verdict {}\">{}{}</p>",
        esc(&report.site),
        t("网站检查报告", "inspection report"),
        t("检查日期：", "date: "),
        report.today.iso(),
        class(worst),
        t("结论：", "verdict: "),
        worst.label(lang)
    ));
    h.push_str(&format!(
        "<table><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
        t("指标", "indicator"),
        t("结果", "result"),
        t("依据", "evidence")
    ));
    for i in &report.indicators {
        h.push_str(&format!(
            "<tr><td>{}</td><td class=\"{}\">{}</td><td>{}",
            esc(&i.name),
            class(i.status),
            i.status.label(lang),
            esc(&i.summary)
        ));
        if !i.evidence.is_empty() {
            h.push_str("<ul>");
            for e in &i.evidence {
                h.push_str(&format!("<li>{}</li>", esc(e)));
            }
            h.push_str("</ul>");
        }
        h.push_str("</td></tr>");
    }
    h.push_str("</table>");
    h.push_str(&format!(
        "<h2>{}</h2><p>{}</p>",
        t("各栏目更新时间线（近一年）", "updates per column (last year)"),
        t(
            "每条竖线是一次更新；浅色区域是该栏目的更新时限，区域内没有竖线即已超期。",
            "each tick is an update; the shaded band is the column's limit — no tick inside it means overdue."
        )
    ));
    let today = report.today.days_since_epoch();
    h.push_str(&format!(
        "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        t("栏目", "column"),
        t("最近更新", "last update"),
        t("状态", "state"),
        t("时间线", "timeline")
    ));
    for c in &report.columns {
        let state = match c.remaining {
            Some(r) if r < 0 => {
                if zh {
                    format!("已超期{}天", -r)
                } else {
                    format!("{} days overdue", -r)
                }
            }
            Some(r) => {
                if zh {
                    format!("还有{r}天超期")
                } else {
                    format!("{r} days left")
                }
            }
            None => t("没有内容", "empty").to_string(),
        };
        h.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td class=\"{}\">{}</td><td>{}</td></tr>",
            esc(&c.name),
            esc(c.last.as_deref().unwrap_or("—")),
            class(c.status),
            esc(&state),
            timeline(c, today)
        ));
    }
    h.push_str(&format!(
        "</table><div class=\"axis\"><span>{}</span><span>{}</span></div></body></html>\n",
        crate::model::date::Date::from_days(today - SPAN).iso(),
        report.today.iso()
    ));
    h
}

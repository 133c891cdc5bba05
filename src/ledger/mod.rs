//! `tongxin ledger`: the 宣传台账 workbook an office shows a 双拥模范城 review — what was
//! published where, when and through which channel. One sheet per record (web items, briefing
//! issues, profiles, documents, 公众号) and a summary; Chinese headers, real Excel dates, frozen
//! header rows, A4 landscape.
//!
//! It reads the model (and the 公众号 log, [`wechat_log`]); nothing is rendered. Drafts never
//! appear; internal briefings do, marked 内部 (they are the office's work, printed and sent).

pub mod wechat_log;

use std::collections::BTreeMap;

use rust_xlsxwriter::{ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::markdown::Rendered;
use crate::model::Site;
use crate::model::date::Date;
use crate::model::page::{Kind, Page};

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A number.
    Num(f64),
    /// A date (with its time when it has one), written as a real Excel date.
    Date(Date),
    /// Nothing.
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

fn opt_text(s: Option<&str>) -> Cell {
    s.map_or(Cell::Empty, |s| Cell::Text(s.to_string()))
}

fn opt_date(d: Option<Date>) -> Cell {
    d.map_or(Cell::Empty, Cell::Date)
}

fn num(n: usize) -> Cell {
    Cell::Num(n as f64)
}

/// One sheet: its name, its headers with their widths, and its rows.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// Tab name.
    pub name: &'static str,
    /// Column headers and widths (characters).
    pub columns: Vec<(&'static str, f64)>,
    /// Rows.
    pub rows: Vec<Vec<Cell>>,
}

/// Which years to include (by each item's date); None: every year.
#[derive(Debug, Clone, Copy, Default)]
pub struct Years {
    /// First year.
    pub from: Option<i32>,
    /// Last year.
    pub to: Option<i32>,
}

impl Years {
    fn has(&self, d: Option<Date>) -> bool {
        if self.from.is_none() && self.to.is_none() {
            return true;
        }
        let Some(d) = d else { return false };
        self.from.is_none_or(|f| d.year >= f) && self.to.is_none_or(|t| d.year <= t)
    }

    fn has_year(&self, y: i64) -> bool {
        self.from.is_none_or(|f| y >= i64::from(f)) && self.to.is_none_or(|t| y <= i64::from(t))
    }
}

fn column_of(p: &Page) -> String {
    if p.meta.categories.is_empty() {
        p.kind.section_title().to_string()
    } else {
        p.meta.categories.join("、")
    }
}

fn url(site: &Site, p: &Page) -> String {
    match site.config.base_url() {
        Some(base) => format!("{base}{}", p.path),
        None => format!("/{}", p.path),
    }
}

fn photos(p: &Page, r: Option<&Rendered>) -> usize {
    let body = r.map_or(0, |r| {
        r.files
            .iter()
            .filter(|f| f.embed.is_some() && crate::images::is_image_file(&f.site_path))
            .count()
    });
    body + usize::from(p.meta.cover.is_some())
        + usize::from(p.profile.as_ref().is_some_and(|pr| pr.photo.is_some()))
}

fn web_items(site: &Site, years: Years) -> Vec<(usize, &Page)> {
    let mut v: Vec<(usize, &Page)> = site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.published && p.kind != Kind::Page && years.has(p.meta.date))
        .collect();
    v.sort_by(|a, b| {
        (a.1.meta.date, &a.1.source.content_path).cmp(&(b.1.meta.date, &b.1.source.content_path))
    });
    v
}

/// The file name stem `tongxin pdf` and `tongxin docx` give an issue: `<series>-<year>-<issue>`.
fn print_stem(p: &Page) -> String {
    match (&p.briefing, p.meta.date) {
        (Some(b), Some(d)) => format!("{}-{}-{}", b.series, d.year, b.issue),
        (Some(b), None) => format!("{}-{}", b.series, b.issue),
        _ => p.slug.clone(),
    }
}

/// Every sheet of the ledger, summary first.
pub fn sheets(
    site: &Site,
    rendered: &[Option<Rendered>],
    log: &[wechat_log::Entry],
    years: Years,
) -> Vec<Sheet> {
    // 网站稿件.
    let web = web_items(site, years);
    let web_rows: Vec<Vec<Cell>> = web
        .iter()
        .map(|&(i, p)| {
            let r = rendered.get(i).and_then(Option::as_ref);
            vec![
                opt_date(p.meta.date.map(|d| Date { time: None, ..d })),
                Cell::Text(column_of(p)),
                Cell::Text(p.meta.title.clone()),
                opt_text(p.meta.source.as_deref()),
                opt_text(p.meta.author.as_deref()),
                num(r.map_or(0, |r| r.han_count)),
                num(photos(p, r)),
                Cell::Text(url(site, p)),
            ]
        })
        .collect();

    // 简报: every issue that is not a held-back draft; internal ones marked.
    let mut issues: Vec<&Page> = site
        .pages
        .iter()
        .filter(|p| p.included && p.briefing.is_some() && years.has(p.meta.date))
        .collect();
    issues.sort_by(|a, b| {
        (a.meta.date, &a.source.content_path).cmp(&(b.meta.date, &b.source.content_path))
    });
    let issue_rows: Vec<Vec<Cell>> = issues
        .iter()
        .filter_map(|p| {
            let b = p.briefing.as_ref()?;
            let series = site
                .config
                .series(&b.series)
                .map_or_else(|| b.series.clone(), |s| s.name.clone());
            let stem = print_stem(p);
            Some(vec![
                Cell::Text(series),
                Cell::Text(b.number_label(p.meta.date)),
                opt_text(b.total_label().as_deref()),
                opt_date(p.meta.date.map(|d| Date { time: None, ..d })),
                Cell::Text(p.meta.title.clone()),
                num(b.items.len()),
                Cell::Text(b.distribution.bao.join("、")),
                Cell::Text(b.distribution.song.join("、")),
                Cell::Text(b.distribution.fa.join("、")),
                b.copies.map_or(Cell::Empty, |c| Cell::Num(f64::from(c))),
                Cell::from(if p.published { "公开" } else { "内部" }),
                Cell::Text(format!("{stem}.pdf")),
                Cell::Text(format!("{stem}.docx")),
            ])
        })
        .collect();

    // 典型人物.
    let profile_rows: Vec<Vec<Cell>> = site
        .pages
        .iter()
        .filter(|p| p.published)
        .filter_map(|p| p.profile.as_ref().map(|pr| (p, pr)))
        .filter(|(_, pr)| years.has_year(pr.year))
        .map(|(p, pr)| {
            vec![
                Cell::Text(p.meta.title.clone()),
                Cell::Text(pr.honor.clone()),
                Cell::Num(pr.year as f64),
                opt_text(pr.awarded_by.as_deref()),
                opt_date(pr.consent),
            ]
        })
        .collect();

    // 政策文件.
    let doc_rows: Vec<Vec<Cell>> = site
        .pages
        .iter()
        .filter(|p| p.published && years.has(p.meta.date))
        .filter_map(|p| p.document.as_ref().map(|d| (p, d)))
        .map(|(p, d)| {
            vec![
                Cell::Text(p.meta.title.clone()),
                opt_text(d.index_no.as_deref()),
                opt_text(d.doc_no.as_deref()),
                opt_text(d.publisher.as_deref()),
                opt_date(d.written),
                opt_date(p.meta.date.map(|d| Date { time: None, ..d })),
                opt_text(d.validity.map(|v| v.label())),
            ]
        })
        .collect();

    // 公众号.
    let wechat: Vec<&wechat_log::Entry> = log.iter().filter(|e| years.has(e.date())).collect();
    let wechat_rows: Vec<Vec<Cell>> = wechat
        .iter()
        .map(|e| {
            vec![
                e.date()
                    .map_or_else(|| Cell::Text(e.at.clone()), Cell::Date),
                Cell::from(match e.action {
                    wechat_log::Action::Export => "导出",
                    wechat_log::Action::Draft => "存入草稿箱",
                }),
                Cell::Text(e.title.clone()),
                opt_text(e.page.as_deref()),
                Cell::Text(e.folder.clone()),
                opt_text(e.media_id.as_deref()),
            ]
        })
        .collect();

    // 汇总: items per month and channel (网 = website, 报 = briefing issues, 微 = 公众号), then
    // per 栏目.
    let mut months: BTreeMap<(i32, u8), [usize; 3]> = BTreeMap::new();
    for (_, p) in &web {
        if let Some(d) = p.meta.date {
            months.entry((d.year, d.month)).or_default()[0] += 1;
        }
    }
    for p in &issues {
        if let Some(d) = p.meta.date {
            months.entry((d.year, d.month)).or_default()[1] += 1;
        }
    }
    for e in &wechat {
        if let Some(d) = e.date() {
            months.entry((d.year, d.month)).or_default()[2] += 1;
        }
    }
    let mut summary: Vec<Vec<Cell>> = months
        .iter()
        .map(|(&(y, m), c)| {
            vec![
                Cell::Text(format!("{y}-{m:02}")),
                num(c[0]),
                num(c[1]),
                num(c[2]),
                num(c[0] + c[1] + c[2]),
            ]
        })
        .collect();
    let total = |k: usize| months.values().map(|c| c[k]).sum::<usize>();
    summary.push(vec![
        Cell::from("合计"),
        num(total(0)),
        num(total(1)),
        num(total(2)),
        num(total(0) + total(1) + total(2)),
    ]);
    summary.push(vec![Cell::Empty]);
    summary.push(vec![Cell::from("栏目"), Cell::from("网站稿件数")]);
    let mut per_column: BTreeMap<String, usize> = BTreeMap::new();
    for (_, p) in &web {
        *per_column.entry(column_of(p)).or_default() += 1;
    }
    for (name, n) in per_column {
        summary.push(vec![Cell::Text(name), num(n)]);
    }

    vec![
        Sheet {
            name: "汇总",
            columns: vec![
                ("月份", 12.0),
                ("网站", 10.0),
                ("简报", 10.0),
                ("公众号", 10.0),
                ("合计", 10.0),
            ],
            rows: summary,
        },
        Sheet {
            name: "网站稿件",
            columns: vec![
                ("日期", 12.0),
                ("栏目", 16.0),
                ("标题", 44.0),
                ("来源", 16.0),
                ("作者", 12.0),
                ("字数", 8.0),
                ("图片数", 8.0),
                ("网址", 48.0),
            ],
            rows: web_rows,
        },
        Sheet {
            name: "简报",
            columns: vec![
                ("刊物", 20.0),
                ("期号", 16.0),
                ("总期号", 10.0),
                ("日期", 12.0),
                ("标题", 36.0),
                ("条目数", 8.0),
                ("报", 24.0),
                ("送", 24.0),
                ("发", 24.0),
                ("印数", 8.0),
                ("公开范围", 10.0),
                ("PDF 文件", 24.0),
                ("Word 文件", 24.0),
            ],
            rows: issue_rows,
        },
        Sheet {
            name: "典型人物",
            columns: vec![
                ("姓名", 14.0),
                ("荣誉称号", 18.0),
                ("年度", 8.0),
                ("授予单位", 30.0),
                ("同意书日期", 12.0),
            ],
            rows: profile_rows,
        },
        Sheet {
            name: "政策文件",
            columns: vec![
                ("标题", 44.0),
                ("索引号", 22.0),
                ("发文字号", 22.0),
                ("发布机构", 24.0),
                ("成文日期", 12.0),
                ("发布日期", 12.0),
                ("有效性", 8.0),
            ],
            rows: doc_rows,
        },
        Sheet {
            name: "公众号",
            columns: vec![
                ("时间", 18.0),
                ("操作", 12.0),
                ("标题", 40.0),
                ("页面", 36.0),
                ("目录", 36.0),
                ("media_id", 30.0),
            ],
            rows: wechat_rows,
        },
    ]
}

fn excel_date(d: Date) -> Result<ExcelDateTime, XlsxError> {
    let year = u16::try_from(d.year).unwrap_or(1900);
    let day = ExcelDateTime::from_ymd(year, d.month, d.day)?;
    match d.time {
        Some((h, m)) => day.and_hms(u16::from(h), m, 0),
        None => Ok(day),
    }
}

fn write_sheet(ws: &mut Worksheet, sheet: &Sheet, title: &str) -> Result<(), XlsxError> {
    let header = Format::new()
        .set_bold()
        .set_background_color("#D9E1F2")
        .set_border(FormatBorder::Thin)
        .set_text_wrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let datetime = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    ws.set_name(sheet.name)?;
    for (c, (name, width)) in sheet.columns.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(u16::MAX);
        ws.write_string_with_format(0, c, *name, &header)?;
        ws.set_column_width(c, *width)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, cell) in row.iter().enumerate() {
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            match cell {
                Cell::Text(s) => {
                    ws.write_string(r, c, s)?;
                }
                Cell::Num(n) => {
                    ws.write_number(r, c, *n)?;
                }
                Cell::Date(d) => {
                    let f = if d.time.is_some() { &datetime } else { &date };
                    ws.write_datetime_with_format(r, c, excel_date(*d)?, f)?;
                }
                Cell::Empty => {}
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_repeat_rows(0, 0)?;
    // A4 (paper size 9), landscape, as wide as one page.
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_header(format!("&C{title} {}", sheet.name));
    ws.set_footer("&C第 &P 页，共 &N 页");
    Ok(())
}

/// The workbook's bytes.
pub fn workbook(sheets: &[Sheet], title: &str) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    for s in sheets {
        let ws = wb.add_worksheet();
        write_sheet(ws, s, title)?;
    }
    wb.save_to_buffer()
}

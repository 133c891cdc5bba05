//! `tongxin ledger` (issue 20): the workbook is read back with calamine and every row matches
//! the fixture's model; dates are real Excel dates; header rows are frozen and the sheets print
//! on A4 landscape; internal briefings are listed as 内部 and drafts nowhere; the 公众号 sheet
//! fills once `tongxin wechat` has exported.

mod common;

use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::Fixture;

fn site() -> Fixture {
    let f = Fixture::site("ledger");
    f.write(
        "content/articles/visit.md",
        "---\ntitle: 八一走访慰问\ndate: 2025-07-31\nauthor: 李明\nsource: 区双拥办\ncategories: [拥军优属]\n---\n\n区领导走访慰问驻区部队官兵和优抚对象。\n",
    );
    f.write(
        "content/articles/draft.md",
        "---\ntitle: 未完成的草稿\ndate: 2026-05-21\ndraft: true\n---\n\n草稿。\n",
    );
    f.write(
        "content/briefings/jianbao-2026-05.md",
        "---\ntitle: 五月工作简报\nseries: jianbao\nissue: 5\ntotal: 41\ndate: 2026-05-28\nitems: [articles/hello.md]\n---\n\n编者按。\n",
    );
    f.write(
        "content/briefings/zhuanbao-2026-01.md",
        "---\ntitle: 关于春节慰问情况的专报\nseries: zhuanbao\nissue: 1\ndate: 2026-02-03\nvisibility: internal\n---\n\n专报正文。\n",
    );
    f.write(
        "content/briefings/jianbao-2026-06.md",
        "---\ntitle: 六月简报草稿\nseries: jianbao\nissue: 6\ndate: 2026-06-28\ndraft: true\n---\n\n草稿。\n",
    );
    f.write(
        "content/profiles/wang.md",
        "---\ntitle: 王某某\ndate: 2026-01-01\nhonor: 最美退役军人\nyear: 2025\nawarded_by: 测试区双拥工作领导小组\nconsent: 2025-12-01\n---\n\n事迹。\n",
    );
    f.write(
        "content/documents/d.md",
        "---\ntitle: 测试区双拥工作实施办法\ndate: 2026-01-05\nindex_no: 11500222MB1234567X/2026-00001\ndoc_no: 测双拥办发〔2026〕1号\nvalidity: 有效\n---\n\n第一条 为做好双拥工作，制定本办法。\n",
    );
    f
}

type Rows = Vec<Vec<Data>>;

fn read(path: &Path) -> Vec<(String, Rows)> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let names = wb.sheet_names().to_vec();
    names
        .into_iter()
        .map(|n| {
            let range = wb.worksheet_range(&n).unwrap();
            let rows = range.rows().map(<[Data]>::to_vec).collect();
            (n, rows)
        })
        .collect()
}

fn sheet<'a>(all: &'a [(String, Rows)], name: &str) -> &'a Rows {
    &all.iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no sheet {name}"))
        .1
}

fn s(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("not text: {other:?}"),
    }
}

fn n(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

/// Excel's serial number of a day (1900 date system).
fn serial(y: i64, m: i64, d: i64) -> f64 {
    let (y, m) = if m <= 2 { (y - 1, m + 12) } else { (y, m) };
    let days = 365 * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + d;
    let epoch = {
        let (y, m, d) = (1899i64, 12i64, 30i64);
        365 * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + d
    };
    (days - epoch) as f64
}

fn date(d: &Data) -> f64 {
    match d {
        Data::DateTime(x) => x.as_f64(),
        other => panic!("not a date: {other:?}"),
    }
}

fn part(path: &Path, name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn every_row_matches_the_model() {
    let f = site();
    let out = f.root.join("out/台账.xlsx");
    let o = f.run(&["ledger", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let all = read(&out);
    let names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["汇总", "网站稿件", "简报", "典型人物", "政策文件", "公众号"]
    );

    let web = sheet(&all, "网站稿件");
    assert_eq!(
        web[0].iter().map(s).collect::<Vec<_>>(),
        [
            "日期",
            "栏目",
            "标题",
            "来源",
            "作者",
            "字数",
            "图片数",
            "网址"
        ]
    );
    // Published pages only, oldest first: the article of 2025, the profile, the document,
    // hello, the public briefing. Never the drafts, never the internal 专报.
    let titles: Vec<String> = web[1..].iter().map(|r| s(&r[2])).collect();
    assert_eq!(
        titles,
        [
            "八一走访慰问",
            "王某某",
            "测试区双拥工作实施办法",
            "第一篇文章",
            "五月工作简报"
        ]
    );
    let visit = &web[1];
    assert_eq!(date(&visit[0]), serial(2025, 7, 31));
    assert_eq!(s(&visit[1]), "拥军优属");
    assert_eq!(s(&visit[3]), "区双拥办");
    assert_eq!(s(&visit[4]), "李明");
    assert_eq!(
        n(&visit[5]),
        "区领导走访慰问驻区部队官兵和优抚对象".chars().count() as f64
    );
    assert_eq!(n(&visit[6]), 0.0);
    assert_eq!(s(&visit[7]), "https://test.example.gov.cn/articles/visit/");

    let issues = sheet(&all, "简报");
    assert_eq!(issues.len(), 3, "{issues:?}");
    let zb = &issues[1];
    assert_eq!(s(&zb[0]), "测试双拥专报");
    assert_eq!(s(&zb[1]), "2026年第1期");
    assert_eq!(date(&zb[3]), serial(2026, 2, 3));
    assert_eq!(s(&zb[10]), "内部");
    assert_eq!(s(&zb[11]), "zhuanbao-2026-1.pdf");
    let jb = &issues[2];
    assert_eq!(s(&jb[1]), "2026年第5期");
    assert_eq!(s(&jb[2]), "总第41期");
    assert_eq!(n(&jb[5]), 1.0);
    assert_eq!(s(&jb[6]), "市双拥办");
    assert_eq!(s(&jb[8]), "各镇街");
    assert_eq!(n(&jb[9]), 30.0);
    assert_eq!(s(&jb[10]), "公开");
    assert_eq!(s(&jb[12]), "jianbao-2026-5.docx");

    let profiles = sheet(&all, "典型人物");
    assert_eq!(profiles.len(), 2);
    assert_eq!(s(&profiles[1][0]), "王某某");
    assert_eq!(s(&profiles[1][1]), "最美退役军人");
    assert_eq!(n(&profiles[1][2]), 2025.0);
    assert_eq!(s(&profiles[1][3]), "测试区双拥工作领导小组");
    assert_eq!(date(&profiles[1][4]), serial(2025, 12, 1));

    let docs = sheet(&all, "政策文件");
    assert_eq!(docs.len(), 2);
    assert_eq!(s(&docs[1][1]), "11500222MB1234567X/2026-00001");
    assert_eq!(s(&docs[1][2]), "测双拥办发〔2026〕1号");
    assert_eq!(date(&docs[1][5]), serial(2026, 1, 5));
    assert_eq!(s(&docs[1][6]), "有效");

    // The summary counts per month and channel, then per 栏目.
    let summary = sheet(&all, "汇总");
    let may = summary.iter().find(|r| s(&r[0]) == "2026-05").unwrap();
    assert_eq!((n(&may[1]), n(&may[2]), n(&may[3])), (2.0, 1.0, 0.0));
    let total = summary.iter().find(|r| s(&r[0]) == "合计").unwrap();
    assert_eq!((n(&total[1]), n(&total[2])), (5.0, 2.0));
    assert!(
        summary
            .iter()
            .any(|r| s(&r[0]) == "拥军优属" && n(&r[1]) == 1.0)
    );

    // No draft anywhere.
    for (_, rows) in &all {
        for r in rows {
            for c in r {
                if let Data::String(t) = c {
                    assert!(!t.contains("草稿"), "{t}");
                }
            }
        }
    }

    // Frozen header rows, A4 landscape, column widths.
    for i in 1..=6 {
        let xml = part(&out, &format!("xl/worksheets/sheet{i}.xml"));
        assert!(
            xml.contains("ySplit=\"1\"") && xml.contains("state=\"frozen\""),
            "sheet{i}"
        );
        assert!(
            xml.contains("paperSize=\"9\"") && xml.contains("orientation=\"landscape\""),
            "sheet{i}"
        );
        assert!(xml.contains("<cols>"), "sheet{i}");
    }
}

#[test]
fn years_filter_the_rows() {
    let f = site();
    let out = f.root.join("l2025.xlsx");
    let o = f.run(&[
        "ledger",
        "--from",
        "2025",
        "--to",
        "2025",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let all = read(&out);
    let web = sheet(&all, "网站稿件");
    assert_eq!(web.len(), 2);
    assert_eq!(s(&web[1][2]), "八一走访慰问");
    assert_eq!(sheet(&all, "简报").len(), 1);
    assert_eq!(
        sheet(&all, "典型人物").len(),
        2,
        "the profile's year is 2025"
    );
    let o = f.run(&["ledger", "--from", "2026", "--to", "2025"]);
    assert!(!o.status.success());
}

#[test]
fn never_inside_the_website_output() {
    let f = site();
    let o = f.run(&[
        "ledger",
        "--out",
        f.root.join("public/台账.xlsx").to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(!f.root.join("public/台账.xlsx").exists());
}

#[test]
fn the_wechat_sheet_fills_after_an_export() {
    let f = site();
    let out = f.root.join("l.xlsx");
    assert!(
        f.run(&["ledger", "--out", out.to_str().unwrap()])
            .status
            .success()
    );
    assert_eq!(sheet(&read(&out), "公众号").len(), 1, "only the header");

    let o = f.run(&["wechat", "hello", "visit"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let log = std::fs::read_to_string(f.root.join(".tongxin/wechat-log.jsonl")).unwrap();
    assert_eq!(log.lines().count(), 2, "{log}");

    assert!(
        f.run(&["ledger", "--out", out.to_str().unwrap()])
            .status
            .success()
    );
    let all = read(&out);
    let wx = sheet(&all, "公众号");
    assert_eq!(
        wx[0].iter().map(s).collect::<Vec<_>>(),
        ["时间", "操作", "标题", "页面", "目录", "media_id"]
    );
    assert_eq!(wx.len(), 3, "{wx:?}");
    let titles: Vec<String> = wx[1..].iter().map(|r| s(&r[2])).collect();
    assert!(
        titles.contains(&"第一篇文章".to_string()) && titles.contains(&"八一走访慰问".to_string())
    );
    for r in &wx[1..] {
        // A real date with its time of day.
        assert!(date(&r[0]) > serial(2020, 1, 1), "{r:?}");
        assert_eq!(s(&r[1]), "导出");
        assert!(s(&r[4]).starts_with("wechat/"), "{r:?}");
    }
    let pages: Vec<String> = wx[1..].iter().map(|r| s(&r[3])).collect();
    assert!(
        pages.contains(&"articles/hello.md".to_string()),
        "{pages:?}"
    );
    // The summary counts them in the 公众号 column.
    let total = sheet(&all, "汇总")
        .iter()
        .find(|r| s(&r[0]) == "合计")
        .cloned()
        .unwrap();
    assert_eq!(n(&total[3]), 2.0);

    // A second export appends.
    assert!(f.run(&["wechat", "hello"]).status.success());
    let log = std::fs::read_to_string(f.root.join(".tongxin/wechat-log.jsonl")).unwrap();
    assert_eq!(log.lines().count(), 3);
}

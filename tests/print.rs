//! Print pages and `tongxin pdf`: the pages the build writes, and the PDFs the browser makes of
//! them, measured with poppler (`pdfinfo`, `pdftotext -bbox`, `pdftoppm`). These tests need
//! Chromium and poppler-utils; they fail (never skip) without them.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Fixture, walk};

const PT: f64 = 25.4 / 72.0;

/// One word of `pdftotext -bbox`, in millimetres.
#[derive(Debug, Clone)]
struct Word {
    x0: f64,
    y0: f64,
    x1: f64,
    text: String,
}

/// A PDF as poppler sees it.
struct Pdf {
    path: PathBuf,
    pages: Vec<Vec<Word>>,
    text: String,
}

fn tool(name: &str, args: &[&str]) -> Vec<u8> {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is needed for the PDF tests (apt-get install poppler-utils): {e}")
    });
    assert!(
        out.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

impl Pdf {
    fn open(path: &Path) -> Pdf {
        let p = path.to_str().unwrap();
        let bbox = String::from_utf8(tool("pdftotext", &["-bbox", p, "-"])).unwrap();
        let word = regex::Regex::new(
            r#"<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>"#,
        )
        .unwrap();
        let pages = bbox
            .split("<page ")
            .skip(1)
            .map(|page| {
                word.captures_iter(page)
                    .map(|c| Word {
                        x0: c[1].parse::<f64>().unwrap() * PT,
                        y0: c[2].parse::<f64>().unwrap() * PT,
                        x1: c[3].parse::<f64>().unwrap() * PT,
                        text: common::html_unescape(&c[5]),
                    })
                    .collect()
            })
            .collect();
        let text = String::from_utf8(tool("pdftotext", &[p, "-"])).unwrap();
        Pdf {
            path: path.to_path_buf(),
            pages,
            text,
        }
    }

    fn info(&self) -> String {
        String::from_utf8(tool("pdfinfo", &[self.path.to_str().unwrap()])).unwrap()
    }

    /// The text without any whitespace (headlines wrap across lines).
    fn flat(&self) -> String {
        self.text.split_whitespace().collect()
    }

    /// Lines of the type area of page `n` (1-based): (top in mm, left in mm, characters, text).
    fn lines(&self, n: usize) -> Vec<(f64, f64, usize, String)> {
        let mut lines: Vec<(f64, f64, usize, String)> = Vec::new();
        let mut words = self.pages[n - 1].clone();
        words.retain(|w| w.y0 < 258.0);
        words.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0)));
        for w in words {
            match lines.last_mut() {
                Some(l) if (l.0 - w.y0).abs() < 1.0 => {
                    l.2 += w.text.chars().count();
                    l.3.push_str(&w.text);
                }
                _ => lines.push((w.y0, w.x0, w.text.chars().count(), w.text.clone())),
            }
        }
        lines
    }

    /// The page number words of page `n` (below the type area): their middle x in mm.
    fn folio_x(&self, n: usize) -> f64 {
        let folio: Vec<&Word> = self.pages[n - 1].iter().filter(|w| w.y0 > 258.0).collect();
        assert!(!folio.is_empty(), "page {n} has no page number");
        let text: String = folio.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(text.replace(['—', '\u{a0}', ' '], ""), n.to_string());
        let x0 = folio.iter().map(|w| w.x0).fold(f64::MAX, f64::min);
        let x1 = folio.iter().map(|w| w.x1).fold(0.0, f64::max);
        (x0 + x1) / 2.0
    }

    /// The top of the first ink on page `n`, in mm from the top edge (rasterised at 200 dpi).
    fn first_ink_mm(&self, n: usize) -> f64 {
        self.ink_mm(n).0
    }

    /// The top of the first and the bottom of the last ink on page `n`, in mm from the top
    /// edge (rasterised at 200 dpi): photos count, unlike the text `pdftotext` sees.
    fn ink_mm(&self, n: usize) -> (f64, f64) {
        let pg = n.to_string();
        let pgm = tool(
            "pdftoppm",
            &[
                "-f",
                &pg,
                "-l",
                &pg,
                "-r",
                "200",
                "-gray",
                self.path.to_str().unwrap(),
            ],
        );
        // Binary PGM: "P5\n<w> <h>\n255\n" then the pixels.
        let mut fields = Vec::new();
        let mut i = 0;
        while fields.len() < 4 {
            while pgm[i].is_ascii_whitespace() {
                i += 1;
            }
            let start = i;
            while !pgm[i].is_ascii_whitespace() {
                i += 1;
            }
            fields.push(String::from_utf8_lossy(&pgm[start..i]).to_string());
        }
        let w: usize = fields[1].parse().unwrap();
        let pixels = &pgm[i + 1..];
        let inked = |r: &[u8]| r.iter().any(|&p| p < 128);
        let first = pixels.chunks(w).position(inked).expect("page has ink");
        let last = pixels.chunks(w).rposition(inked).expect("page has ink");
        let mm = |row: usize| row as f64 / 200.0 * 25.4;
        (mm(first), mm(last + 1))
    }

    /// The text of page `n` (1-based) without whitespace.
    fn page_flat(&self, n: usize) -> String {
        self.pages[n - 1].iter().map(|w| w.text.as_str()).collect()
    }

    /// The lines `title` is set on, if it is on page `n`: consecutive lines of the page that
    /// together read exactly the title (spaces aside).
    fn title_lines(&self, n: usize, title: &str) -> Option<Vec<String>> {
        let title: String = title.split_whitespace().collect();
        let lines: Vec<String> = self.lines(n).into_iter().map(|l| l.3).collect();
        for start in 0..lines.len() {
            let mut joined = String::new();
            for end in start..lines.len() {
                joined.push_str(&lines[end]);
                if joined == title {
                    return Some(lines[start..=end].to_vec());
                }
                if !title.starts_with(&joined) {
                    break;
                }
            }
        }
        None
    }
}

fn pdf_run(site: &Fixture, args: &[&str]) -> std::process::Output {
    common::browser();
    let mut all = vec!["pdf"];
    all.extend_from_slice(args);
    site.run(&all)
}

/// Runs `tongxin pdf <name>` (which must succeed) and opens the PDF of issue 2026-5.
fn pdf_of(site: &Fixture, name: &str) -> Pdf {
    let run = pdf_run(site, &[name]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    Pdf::open(&site.root.join("pdf/jianbao-2026-5.pdf"))
}

/// Prints a website page as a reader's browser would (Ctrl+P, its own print CSS) and opens the
/// PDF.
fn print_from_web(site: &Fixture, page: &Path) -> Pdf {
    let pdf_path = site.root.join("article.pdf");
    tongxin::commands::browser::print_to_pdf(
        &common::browser(),
        &tongxin::commands::browser::file_url(page),
        &pdf_path,
        std::time::Duration::from_secs(120),
    )
    .expect("print the page");
    Pdf::open(&pdf_path)
}

fn all_text(dir: &Path) -> String {
    walk(dir)
        .iter()
        .filter_map(|f| std::fs::read(f).ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn print_pages_are_written_for_public_briefings_and_documents() {
    let site = Fixture::demo("print-pages");
    site.build_ok(&[]);
    let html = site.read("briefings/jianbao-2026-05/print/index.html");
    for needle in [
        "綦江双拥工作简报",
        "2026年第5期",
        "（总第41期）",
        "綦江区双拥工作领导小组办公室",
        "2026年5月28日",
        "本期要目",
        "母亲节里话初心",
        "报：",
        "送：",
        "发：",
        "（共印80份）",
        "../../../assets/print.css",
    ] {
        assert!(html.contains(needle), "print page lacks {needle}");
    }
    // The web pages of briefings and documents link to their print pages.
    let web = site.read("briefings/jianbao-2026-05/index.html");
    assert!(web.contains(r#"href="../../briefings/jianbao-2026-05/print/""#));
    let web = site.read("documents/2026-zuimei-xuanshu-tongzhi/index.html");
    assert!(web.contains(r#"href="../../documents/2026-zuimei-xuanshu-tongzhi/print/""#));
    let doc = site.read("documents/2026-zuimei-xuanshu-tongzhi/print/index.html");
    assert!(doc.contains("綦拥组〔2026〕3号"));
    assert!(doc.contains(r#"<p class="doc-recipient">各镇街双拥办，区级有关部门：</p>"#));
    // The signature and date written at the end of the Markdown appear once, laid out.
    assert_eq!(
        doc.matches("綦江区双拥工作领导小组</p>").count(),
        1,
        "{doc}"
    );
    assert!(doc.contains("2026年4月8日"));
    // Internal issues have no print page on the website.
    assert!(!site.public().join("briefings/zhuanbao-2026-01").exists());
    assert!(!all_text(&site.public()).contains("军人家属就业帮扶工作情况"));
}

#[test]
fn demo_briefings_print_as_gbt9704_pages() {
    let site = Fixture::demo("print-pdf");
    let out = site.root.join("pdf-out");
    let run = pdf_run(
        &site,
        &["--all", "--documents", "--out", out.to_str().unwrap()],
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    for f in [
        "jianbao-2026-5.pdf",
        "jianbao-2026-6.pdf",
        "zhuanbao-2026-1.pdf",
        "2026-zuimei-xuanshu-tongzhi.pdf",
    ] {
        assert!(out.join(f).is_file(), "{f} missing:\n{stdout}");
    }

    let pdf = Pdf::open(&out.join("jianbao-2026-5.pdf"));
    let info = pdf.info();
    assert!(info.contains("594.96 x 841.92 pts (A4)"), "{info}");
    let flat = pdf.flat();
    for needle in [
        "綦江双拥工作简报",
        "第5期",
        "总第41期",
        "2026年5月28日",
        "綦江区双拥工作领导小组办公室",
        "报：",
        "送：",
        "发：",
        "共印80份",
        "母亲节里话初心：“兵妈妈”座谈会在东溪镇举行",
        "军地医疗小分队走进赶水镇开展义诊",
        "退役军人就业创业培训班开班老兵讲师“现身说法”",
    ] {
        assert!(flat.contains(needle), "PDF lacks {needle}:\n{}", pdf.text);
    }
    // Nothing printed by the browser: no URL, no file path, no date or page title header.
    assert!(!pdf.text.contains("file:") && !pdf.text.contains("http"));
    assert!(
        !regex::Regex::new(r"\d{1,4}/\d{1,2}/\d{1,4}")
            .unwrap()
            .is_match(&pdf.text)
    );
    assert!(
        !pdf.text.contains("打印版"),
        "the page title leaked: {}",
        pdf.text
    );

    // The masthead: initial size, each character at least 8 mm wide.
    let masthead = pdf.pages[0]
        .iter()
        .find(|w| w.text == "綦江双拥工作简报")
        .expect("masthead word");
    let per_char = (masthead.x1 - masthead.x0) / 8.0;
    assert!(per_char >= 8.0, "masthead characters {per_char:.1} mm wide");

    // Page 1: text starts at the binding margin (28 mm) and below the top margin (37 mm).
    let left = pdf.pages[0].iter().map(|w| w.x0).fold(f64::MAX, f64::min);
    assert!(
        (left - 28.0).abs() <= 1.0,
        "page 1 text starts {left:.1} mm from the left"
    );
    let top = pdf.first_ink_mm(1);
    assert!(top >= 37.0, "page 1 ink starts {top:.1} mm from the top");

    // Page numbers: odd pages right, even pages left; the even page's margins are mirrored.
    let pages = pdf.pages.len();
    assert!(pages >= 2, "{pages} pages");
    for n in 1..=pages {
        let x = pdf.folio_x(n);
        if n % 2 == 1 {
            assert!(x > 150.0, "page {n}: number at {x:.1} mm, expected right");
        } else {
            assert!(x < 60.0, "page {n}: number at {x:.1} mm, expected left");
        }
    }
    let even_left = pdf.pages[1].iter().map(|w| w.x0).fold(f64::MAX, f64::min);
    assert!(
        (even_left - 26.0).abs() <= 1.0,
        "page 2 starts {even_left:.1} mm"
    );

    // The 报尾 ends at the bottom of the type area (262 mm) on the last page.
    let last = &pdf.pages[pages - 1];
    let copies = last
        .iter()
        .find(|w| w.text.contains("共印80份"))
        .expect("共印 on the last page");
    let line_top = copies.y0;
    assert!(
        line_top > 240.0 && line_top < 262.0,
        "共印 line at {line_top:.1} mm"
    );

    // The internal 专报 prints, with its marking; the website never has it.
    let zb = Pdf::open(&out.join("zhuanbao-2026-1.pdf"));
    let zflat = zb.flat();
    assert!(zflat.contains("内部资料注意保存"), "{}", zb.text);
    assert!(zflat.contains("綦江双拥专报"));
    assert!(zflat.contains("关于我区军人家属就业帮扶工作情况的报告"));
    site.build_ok(&[]);
    let website = all_text(&site.public());
    assert!(!website.contains("军人家属就业帮扶工作情况"));
    assert!(!website.contains("綦江双拥专报（"));

    // A document: title, 发文字号, 主送, signature once, date without leading zeros.
    let doc = Pdf::open(&out.join("2026-zuimei-xuanshu-tongzhi.pdf"));
    let dflat = doc.flat();
    for needle in [
        "关于开展2026年度“最美退役军人”“最美军嫂”选树宣传活动的通知",
        "綦拥组〔2026〕3号",
        "各镇街双拥办，区级有关部门：",
        "2026年4月8日",
    ] {
        assert!(dflat.contains(needle), "document PDF lacks {needle}");
    }
    assert_eq!(dflat.matches("綦江区双拥工作领导小组").count(), 1);
}

/// A briefing with one long item of plain text, to measure the grid on a full body page.
fn long_briefing(name: &str, series_extra: &str) -> Fixture {
    let site = Fixture::empty(name);
    site.write(
        "config.yaml",
        &format!(
            "title: 测试双拥网\nbriefings:\n  jianbao:\n    name: 测试双拥工作简报\n    kind: 简报\n    editor: 测试区双拥办\n    distribution: {{报: [市双拥办], 送: [区人武部], 发: [各镇街]}}\n    copies: 30\n{series_extra}"
        ),
    );
    let sentence =
        "全区各镇街深入开展拥军优属活动走访慰问现役军人家庭和重点优抚对象帮助解决实际困难";
    let para: String = sentence.repeat(12);
    let body: Vec<String> = (0..5).map(|_| para.clone()).collect();
    site.write(
        "content/articles/long.md",
        &format!(
            "---\ntitle: 全区拥军优属工作情况\ndate: 2026-05-02\n---\n\n{}\n",
            body.join("。\n\n")
        ),
    );
    site.write(
        "content/briefings/jianbao-2026-05.md",
        "---\ntitle: 测试双拥工作简报（2026年第5期）\nseries: jianbao\nissue: 5\ndate: 2026-05-28\nitems:\n  - articles/long.md\n---\n",
    );
    site
}

#[test]
fn a_full_body_page_has_22_lines_of_28_characters() {
    let site = long_briefing("print-grid", "");
    let pdf = pdf_of(&site, "jianbao-2026-05");
    assert!(pdf.pages.len() >= 3, "{} pages", pdf.pages.len());
    let lines = pdf.lines(2);
    assert_eq!(lines.len(), 22, "page 2 lines: {lines:#?}");
    // Full lines of the plain paragraphs hold 28 characters; none holds more.
    let full = lines.iter().filter(|l| l.2 == 28).count();
    assert!(
        full >= 18,
        "28-character lines on page 2: {full}: {lines:#?}"
    );
    assert!(lines.iter().all(|l| l.2 <= 28), "{lines:#?}");
    // Two-character indent: a paragraph's first line starts 2 cells (11.1 mm) in.
    let even_left = 26.0;
    assert!(
        lines
            .iter()
            .any(|l| ((l.1 - even_left) - 2.0 * 156.0 / 28.0).abs() < 0.6),
        "{lines:#?}"
    );
}

#[test]
fn series_settings_centre_the_page_numbers() {
    let site = long_briefing(
        "print-centred",
        "    page_numbers: center\n    rule: double\n    masthead_size: 小初\n",
    );
    let pdf = pdf_of(&site, "briefings/jianbao-2026-05.md");
    for n in 1..=2 {
        let x = pdf.folio_x(n);
        assert!((x - 105.0).abs() < 4.0, "page {n}: number at {x:.1} mm");
    }
    site.build_ok(&[]);
    let html = site.read("briefings/jianbao-2026-05/print/index.html");
    assert!(html.contains("bh-double"));
    assert!(html.contains("--masthead-size: 36pt"));
    assert!(html.contains("print-centered.css"));
}

#[test]
fn a_bad_series_setting_is_a_positioned_error() {
    let site = long_briefing("print-bad-setting", "    masthead_size: 100\n");
    let err = site.build_err();
    assert!(err.contains("config.yaml:"), "{err}");
    assert!(err.contains("报头字号"), "{err}");
}

#[test]
fn pdf_explains_a_missing_browser_and_refuses_the_website_folder() {
    let site = long_briefing("print-no-browser", "");
    let out = Command::new(env!("CARGO_BIN_EXE_tongxin"))
        .args(["--root", site.root.to_str().unwrap(), "pdf", "--all"])
        .env("TONGXIN_BROWSER", site.root.join("no-such-browser"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("TONGXIN_BROWSER"), "{err}");
    assert!(err.contains("apt-get install chromium"), "{err}");

    let into_site = pdf_run(
        &site,
        &[
            "--all",
            "--out",
            site.public().join("pdf").to_str().unwrap(),
        ],
    );
    assert!(!into_site.status.success());
    assert!(String::from_utf8_lossy(&into_site.stderr).contains("内部专报会被公开"));

    let nothing = pdf_run(&site, &[]);
    assert!(!nothing.status.success());
    assert!(String::from_utf8_lossy(&nothing.stderr).contains("jianbao-2026-05"));
}

#[test]
fn articles_print_without_navigation_or_controls() {
    let site = Fixture::demo("print-article");
    site.build_ok(&[]);
    let page = site
        .public()
        .join("articles/2026-05-bingmama-zuotanhui/index.html");
    assert!(page.is_file());
    let pdf = print_from_web(&site, &page);
    assert!(pdf.info().contains("(A4)"));
    let flat = pdf.flat();
    assert!(flat.contains("母亲节里话初心"));
    for chrome in [
        "当前位置",
        "站内搜索",
        "跳到正文",
        "字号",
        "高对比度",
        "上一篇",
    ] {
        assert!(!flat.contains(chrome), "article print shows {chrome}");
    }
}

#[test]
fn the_print_page_previews_a4_sheets_with_a_print_button() {
    let site = Fixture::demo("print-preview");
    site.build_ok(&[]);
    let page = site
        .public()
        .join("briefings/jianbao-2026-05/print/index.html");
    let dom = tongxin::commands::browser::dump_dom(
        &common::browser(),
        &tongxin::commands::browser::file_url(&page),
        std::time::Duration::from_secs(120),
    )
    .expect("load the print page");
    // The script revealed the button, sized the paper for every sheet and numbered them.
    assert!(
        dom.contains(
            r#"<button type="button" class="print-button" data-action="print">打印</button>"#
        ),
        "{dom}"
    );
    let folios = dom.matches(r#"class="preview-folio""#).count();
    assert!(folios >= 2, "{folios} sheets in the preview");
    // One sheet under another (297 mm and 10 mm between), not side by side: a reader scrolls
    // down to page 2 as in any document, with the wheel or the keyboard.
    assert!(
        dom.contains(&format!("height: {}mm", folios * 307 - 10)),
        "{dom}"
    );
    // Each page number 7 mm under its sheet's type area (37 + 225 + 7 = 269 mm from the
    // sheet's top), sheets 307 mm apart; the browser gives the offsets in px.
    let px = |mm: f64| mm * 96.0 / 25.4;
    let tops: Vec<f64> = regex::Regex::new(r"top: calc\(-0\.65em \+ ([\d.]+)px\)")
        .unwrap()
        .captures_iter(&dom)
        .map(|c| c[1].parse().unwrap())
        .collect();
    assert_eq!(tops.len(), folios, "{dom}");
    for (n, top) in tops.iter().enumerate() {
        let want = px(269.0 + 307.0 * n as f64);
        assert!(
            (top - want).abs() < 1.0,
            "page {}: number at {top} px, want {want}",
            n + 1
        );
    }
    assert!(
        dom.contains(r#"<div class="sheets" role="region" aria-label="打印预览" tabindex="0""#),
        "{dom}"
    );
    assert!(dom.contains("页码需要 Chrome 或 Edge 131 及以上版本"));
    // HeadlessChrome is new enough: no warning.
    assert!(
        dom.contains(r#"<p class="print-warning" hidden="">"#),
        "{dom}"
    );
}

/// The text of every `<tag class="class">…</tag>` in `html`, unescaped.
fn texts_of_class(html: &str, class: &str) -> Vec<String> {
    let re = regex::Regex::new(&format!(r#"class="{class}"[^>]*>([^<]+)<"#)).unwrap();
    re.captures_iter(html)
        .map(|c| common::html_unescape(&c[1]))
        .collect()
}

#[test]
fn no_title_or_headline_line_holds_a_single_character() {
    let site = Fixture::demo("print-titles");
    // 21 characters of 二号 (22 pt) in the 156 mm type area: 20 fit on a line, so filling lines
    // one after another would leave the last character alone.
    let long = "关于做好退役军人和优抚对象节日优待工作通知";
    assert_eq!(long.chars().count(), 21);
    site.write(
        "content/documents/title-test.md",
        &format!(
            "---\ntitle: {long}\ndate: 2026-07-01\ndoc_no: 綦拥组〔2026〕9号\npublisher: 綦江区双拥工作领导小组\nwritten: 2026-06-30\n---\n\n各镇街双拥办：\n\n现就有关事项通知如下。\n"
        ),
    );
    let headline = "全区退役军人服务站召开双拥工作推进会全体会";
    assert_eq!(headline.chars().count(), 21);
    site.write(
        "content/articles/headline-test.md",
        &format!("---\ntitle: {headline}\ndate: 2026-07-20\n---\n\n会议部署了下一阶段工作。\n"),
    );
    site.write(
        "content/briefings/jianbao-2026-07.md",
        "---\ntitle: 綦江双拥工作简报（2026年第7期）\nseries: jianbao\nissue: 7\ntotal: 43\ndate: 2026-07-28\nitems:\n  - articles/headline-test.md\n  - articles/2026-07-bayi-weiwen/index.md\n---\n",
    );
    let run = pdf_run(&site, &["--all", "--documents"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    site.build_ok(&[]);
    // Every title and headline of every print page, as the pages give them.
    let mut titles = Vec::new();
    for page in walk(&site.public()) {
        if page.ends_with("print/index.html") {
            let html = std::fs::read_to_string(&page).unwrap();
            titles.extend(texts_of_class(&html, "doc-title"));
            titles.extend(texts_of_class(&html, "bh-item-title"));
        }
    }
    assert!(titles.iter().any(|t| t == long) && titles.iter().any(|t| t == headline));
    let pdfs: Vec<Pdf> = walk(&site.root.join("pdf"))
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .map(|p| Pdf::open(p))
        .collect();
    assert!(pdfs.len() >= 5, "{} PDFs", pdfs.len());
    let mut bad = Vec::new();
    for title in &titles {
        let mut seen = false;
        for pdf in &pdfs {
            for n in 1..=pdf.pages.len() {
                if let Some(lines) = pdf.title_lines(n, title) {
                    seen = true;
                    if lines.iter().any(|l| l.chars().count() < 2) {
                        bad.push(format!("{}: {lines:?}", pdf.path.display()));
                    }
                }
            }
        }
        assert!(seen, "{title} is in no PDF");
    }
    assert!(
        bad.is_empty(),
        "titles with a line of one character:\n{}",
        bad.join("\n")
    );
}

#[test]
fn an_article_printed_from_the_web_fills_its_first_page_and_ends_with_text() {
    let site = Fixture::demo("print-article-pages");
    site.build_ok(&[]);
    let body = regex::Regex::new(
        r#"(?s)id="article-body" data-readable>(.*?)<footer class="article-footer">"#,
    )
    .unwrap();
    let tag = regex::Regex::new(r"(?s)<[^>]*>").unwrap();
    let mut multi = 0;
    let mut problems = Vec::new();
    for page in walk(&site.public().join("articles")) {
        if !page.ends_with("index.html") || page.parent() == Some(&site.public().join("articles")) {
            continue;
        }
        let html = std::fs::read_to_string(&page).unwrap();
        let Some(b) = body.captures(&html) else {
            continue;
        };
        // The last 30 Han characters of the body: some of them must be on the last printed
        // page (compared as Han characters only: poppler may order a short line differently).
        let han = |s: &str| -> Vec<char> {
            s.chars()
                .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
                .collect()
        };
        let text = han(&common::html_unescape(&tag.replace_all(&b[1], "")));
        let ending = &text[text.len().saturating_sub(30)..];
        let pdf = print_from_web(&site, &page);
        let pages = pdf.pages.len();
        let name = page.display();
        if pages > 1 {
            multi += 1;
            // The type area runs from 20 mm to 277 mm: at least two thirds of it used.
            let (_, last_ink) = pdf.ink_mm(1);
            if last_ink < 20.0 + 257.0 * 2.0 / 3.0 {
                problems.push(format!("{name}: page 1 ends at {last_ink:.0} mm"));
            }
        }
        let last: String = han(&pdf.page_flat(pages)).into_iter().collect();
        if !ending
            .windows(4)
            .any(|w| last.contains(&w.iter().collect::<String>()))
        {
            problems.push(format!(
                "{name}: the last page (of {pages}) holds none of the end of the text: {last}"
            ));
        }
        for chrome in ["主办单位", "版权所有", "网站标识码"] {
            if pdf.flat().contains(chrome) {
                problems.push(format!("{name}: the site footer is printed ({chrome})"));
            }
        }
    }
    assert!(multi >= 5, "{multi} articles print on more than one page");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

//! `tongxin docx`: Word files of briefings and documents, read as XML and laid out by LibreOffice
//! (`soffice --headless --convert-to pdf`), then measured with poppler (`pdftotext -bbox`) as the
//! print tests measure the browser's PDFs. These tests need LibreOffice Writer and
//! poppler-utils; they fail (never skip) without them.

mod common;

use std::io::Read;
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
    y1: f64,
    text: String,
}

fn tool(name: &str, args: &[&str]) -> Vec<u8> {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is needed for the Word tests (apt-get install poppler-utils): {e}")
    });
    assert!(
        out.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Converts Word files to PDFs in `out` with LibreOffice, in a private profile (parallel tests
/// would otherwise share one and collide).
fn to_pdf(files: &[PathBuf], out: &Path, profile: &str) {
    let profile = std::env::temp_dir().join(format!("tongxin-lo-{profile}-{}", std::process::id()));
    let mut cmd = Command::new("soffice");
    cmd.arg(format!(
        "-env:UserInstallation=file://{}",
        profile.display()
    ))
    .args(["--headless", "--convert-to", "pdf", "--outdir"])
    .arg(out)
    .args(files);
    let run = cmd.output().unwrap_or_else(|e| {
        panic!("LibreOffice is needed for the Word tests (apt-get install libreoffice-writer-nogui): {e}")
    });
    let _ = std::fs::remove_dir_all(&profile);
    assert!(
        run.status.success(),
        "soffice: {}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// A PDF as poppler sees it.
struct Pdf {
    path: PathBuf,
    pages: Vec<Vec<Word>>,
    text: String,
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
                        y1: c[4].parse::<f64>().unwrap() * PT,
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

    fn flat(&self) -> String {
        self.text.split_whitespace().collect()
    }

    /// Lines of the type area of page `n` (1-based): (top, left, characters, text).
    fn lines(&self, n: usize) -> Vec<(f64, f64, usize, String)> {
        let mut lines: Vec<(f64, f64, usize, String)> = Vec::new();
        let mut words = self.pages[n - 1].clone();
        words.retain(|w| w.y0 < 262.0);
        words.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0)));
        for w in words {
            match lines.last_mut() {
                Some(l) if (l.0 - w.y0).abs() < 1.0 => {
                    l.1 = l.1.min(w.x0);
                    l.2 += w.text.chars().count();
                    l.3.push_str(&w.text);
                }
                _ => lines.push((w.y0, w.x0, w.text.chars().count(), w.text.clone())),
            }
        }
        lines
    }

    /// The middle x (mm) of the page number `— n —` below the type area of page `n`.
    fn folio_x(&self, n: usize) -> f64 {
        let folio: Vec<&Word> = self.pages[n - 1].iter().filter(|w| w.y0 > 262.0).collect();
        assert!(
            !folio.is_empty(),
            "{}: page {n} has no page number",
            self.path.display()
        );
        let text: String = folio.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(text.replace(['—', '\u{a0}', ' '], ""), n.to_string());
        assert!(text.starts_with('—') && text.ends_with('—'), "{text}");
        let x0 = folio.iter().map(|w| w.x0).fold(f64::MAX, f64::min);
        let x1 = folio.iter().map(|w| w.x1).fold(0.0, f64::max);
        (x0 + x1) / 2.0
    }

    fn left(&self, n: usize) -> f64 {
        self.pages[n - 1]
            .iter()
            .filter(|w| w.y0 < 262.0)
            .map(|w| w.x0)
            .fold(f64::MAX, f64::min)
    }
}

/// The parts of a .docx file.
struct Package(zip::ZipArchive<std::fs::File>);

impl Package {
    fn open(path: &Path) -> Package {
        Package(zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap())
    }

    fn text(&mut self, part: &str) -> String {
        let mut s = String::new();
        self.0
            .by_name(part)
            .unwrap_or_else(|_| panic!("no {part}"))
            .read_to_string(&mut s)
            .unwrap();
        s
    }

    fn media(&mut self) -> Vec<Vec<u8>> {
        let names: Vec<String> = (0..self.0.len())
            .filter_map(|i| {
                let name = self.0.by_index(i).ok()?.name().ok()?.to_string();
                (name.starts_with("word/media/") && !name.ends_with('/')).then_some(name)
            })
            .collect();
        names
            .iter()
            .map(|n| {
                let mut b = Vec::new();
                self.0.by_name(n).unwrap().read_to_end(&mut b).unwrap();
                b
            })
            .collect()
    }
}

fn docx(site: &Fixture, args: &[&str]) -> std::process::Output {
    let mut all = vec!["docx"];
    all.extend_from_slice(args);
    site.run(&all)
}

fn all_text(dir: &Path) -> String {
    walk(dir)
        .iter()
        .filter_map(|f| std::fs::read(f).ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Checks the GB/T 9704 geometry of every page: A4, binding-side margins mirrored, text below
/// the 37 mm top margin, page numbers right on odd pages and left on even ones.
fn assert_geometry(pdf: &Pdf) {
    let name = pdf.path.display().to_string();
    let info = String::from_utf8(tool("pdfinfo", &[pdf.path.to_str().unwrap()])).unwrap();
    assert!(info.contains("(A4)"), "{name}: {info}");
    for n in 1..=pdf.pages.len() {
        let left = pdf.left(n);
        let want = if n % 2 == 1 { 28.0 } else { 26.0 };
        // Text starts at the margin; a page whose only lines are a paragraph's first line
        // (indented 2 字) or the 版记 (indented one 4号 character) starts that far in.
        let want = [want, want + 4.9, want + 2.0 * 156.0 / 28.0]
            .into_iter()
            .min_by(|a, b| (left - a).abs().total_cmp(&(left - b).abs()))
            .unwrap_or(want);
        assert!(
            (left - want).abs() <= 1.5,
            "{name} page {n}: text starts {left:.1} mm from the left, expected {want}"
        );
        let top = pdf.pages[n - 1]
            .iter()
            .map(|w| w.y0)
            .fold(f64::MAX, f64::min);
        assert!(top >= 37.0, "{name} page {n}: text at {top:.1} mm");
        let x = pdf.folio_x(n);
        if n % 2 == 1 {
            assert!(
                x > 150.0,
                "{name} page {n}: number at {x:.1} mm, expected right"
            );
        } else {
            assert!(
                x < 60.0,
                "{name} page {n}: number at {x:.1} mm, expected left"
            );
        }
        // No body line (3号 or larger; the 4号 版记 holds more) wider than 28 characters (a
        // Latin letter or digit is half a character).
        let small: Vec<f64> = pdf.pages[n - 1]
            .iter()
            .filter(|w| w.y1 - w.y0 < 7.0)
            .map(|w| w.y0)
            .collect();
        for l in pdf.lines(n) {
            if small.iter().any(|y| (y - l.0).abs() < 1.0) {
                continue;
            }
            // LibreOffice hangs a closing 。，、 past the 28th character into the margin
            // (标点悬挂) whatever `w:overflowPunct` says; Word keeps it inside. It is no cell.
            let text =
                l.3.strip_suffix(['。', '，', '、', '；', '：', '”', '）'])
                    .unwrap_or(&l.3);
            let zi: f64 = text
                .chars()
                .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
                .sum();
            assert!(
                zi <= 28.0,
                "{name} page {n}: a line {zi} characters wide: {}",
                l.3
            );
        }
    }
}

#[test]
fn demo_briefings_and_a_document_become_gbt9704_word_files() {
    let site = Fixture::demo("docx-demo");
    let out = site.root.join("word-out");
    let run = docx(
        &site,
        &["--all", "--documents", "--out", out.to_str().unwrap()],
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(stdout.contains("已生成"), "{stdout}");
    let files: Vec<PathBuf> = [
        "jianbao-2026-5.docx",
        "jianbao-2026-6.docx",
        "zhuanbao-2026-1.docx",
        "2026-zuimei-xuanshu-tongzhi.docx",
    ]
    .iter()
    .map(|f| out.join(f))
    .collect();
    for f in &files {
        assert!(f.is_file(), "{} missing:\n{stdout}", f.display());
    }

    // The XML: named fonts with fallbacks, named styles, red masthead, rules as borders,
    // mirrored margins and odd/even footers.
    let mut pkg = Package::open(&files[0]);
    let styles = pkg.text("word/styles.xml");
    let document = pkg.text("word/document.xml");
    let fonts = pkg.text("word/fontTable.xml");
    let settings = pkg.text("word/settings.xml");
    assert_eq!(styles.matches(r#"w:styleId="Normal""#).count(), 1);
    assert!(styles.contains(r#"w:eastAsia="仿宋_GB2312""#), "{styles}");
    assert!(
        fonts.contains(r#"<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>"#),
        "{fonts}"
    );
    for name in ["一级标题", "二级标题", "报头", "版记", "页码"] {
        assert!(
            styles.contains(&format!(r#"<w:name w:val="{name}" />"#)),
            "no style {name}"
        );
    }
    let masthead = regex::Regex::new(
        r#"<w:pStyle w:val="Masthead" />.*?<w:color w:val="([0-9A-Fa-f]{6})" />.*?<w:t xml:space="preserve">綦江双拥工作简报</w:t>"#,
    )
    .unwrap();
    let red = masthead
        .captures(&document)
        .map(|c| c[1].to_uppercase())
        .expect("a coloured masthead run");
    let (r, g, b) = (
        u8::from_str_radix(&red[0..2], 16).unwrap(),
        u8::from_str_radix(&red[2..4], 16).unwrap(),
        u8::from_str_radix(&red[4..6], 16).unwrap(),
    );
    assert!(r > 180 && g < 80 && b < 80, "masthead colour {red}");
    let rule = regex::Regex::new(&format!(
        r#"<w:pBdr><w:bottom w:val="(single|thickThinSmallGap)"[^>]*w:color="{red}" /></w:pBdr>"#
    ))
    .unwrap();
    assert!(
        rule.is_match(&document),
        "the red rule is a paragraph border"
    );
    assert!(
        document.contains(r#"<w:pBdr><w:top"#),
        "版记 rules are borders"
    );
    assert!(document.contains(r#"w:type="even""#));
    assert!(settings.contains("<w:mirrorMargins/>") && settings.contains("<w:evenAndOddHeaders/>"));
    let sect = &document[document.find("<w:sectPr>").unwrap()..];
    assert!(sect.starts_with("<w:sectPr><w:footerReference"), "{sect}");
    assert!(sect.contains(r#"<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587""#));
    let doc_xml = Package::open(&files[3]).text("word/document.xml");
    assert!(doc_xml.contains(r#"<w:pStyle w:val="Heading1" />"#));
    assert!(doc_xml.contains(r#"<w:pStyle w:val="Heading2" />"#));

    // Laid out by LibreOffice.
    let pdfs = site.root.join("word-pdf");
    to_pdf(&files, &pdfs, "demo");
    let pdf = Pdf::open(&pdfs.join("jianbao-2026-5.pdf"));
    assert!(pdf.pages.len() >= 2, "{} pages", pdf.pages.len());
    assert_geometry(&pdf);
    let flat = pdf.flat();
    for needle in [
        "綦江双拥工作简报",
        "第5期",
        "总第41期",
        "綦江区双拥工作领导小组办公室",
        "2026年5月28日",
        "编者按",
        "本期要目",
        "报：",
        "送：",
        "发：",
        "共印80份",
        "母亲节里话初心：“兵妈妈”座谈会在东溪镇举行",
        "军地医疗小分队走进赶水镇开展义诊",
        "退役军人就业创业培训班开班",
    ] {
        assert!(
            flat.contains(needle),
            "the Word file lacks {needle}:\n{}",
            pdf.text
        );
    }
    let six = Pdf::open(&pdfs.join("jianbao-2026-6.pdf"));
    assert_geometry(&six);
    assert!(six.flat().contains("第6期"));

    // The internal 专报 is in the Word output, with its marking, and nowhere on the website.
    let zb = Pdf::open(&pdfs.join("zhuanbao-2026-1.pdf"));
    assert_geometry(&zb);
    let zflat = zb.flat();
    assert!(zflat.contains("内部资料"), "{}", zb.text);
    assert!(zflat.contains("綦江双拥专报"));
    assert!(zflat.contains("关于我区军人家属就业帮扶工作情况的报告"));
    site.build_ok(&[]);
    let website = all_text(&site.public());
    assert!(!website.contains("军人家属就业帮扶工作情况"));

    // A document: title, 发文字号, 主送, headings, signature once, date.
    let doc = Pdf::open(&pdfs.join("2026-zuimei-xuanshu-tongzhi.pdf"));
    assert_geometry(&doc);
    let dflat = doc.flat();
    for needle in [
        "关于开展2026年度“最美退役军人”“最美军嫂”选树宣传活动的通知",
        "綦拥组〔2026〕3号",
        "各镇街双拥办，区级有关部门：",
        "一、推荐对象和条件",
        "2026年4月8日",
    ] {
        assert!(
            dflat.contains(needle),
            "document lacks {needle}:\n{}",
            doc.text
        );
    }
    assert_eq!(dflat.matches("綦江区双拥工作领导小组").count(), 1);
    // Signature 2 字 from the right edge of the type area, the date under it (GB/T 9704
    // §7.3.5.2, the print page's numbers).
    let last = doc.pages.len();
    let lines = doc.lines(last);
    let sig = lines
        .iter()
        .rfind(|l| l.3 == "綦江区双拥工作领导小组")
        .expect("signature on the last page");
    let date = lines
        .iter()
        .rfind(|l| l.3 == "2026年4月8日")
        .expect("date on the last page");
    let right = if last % 2 == 1 {
        210.0 - 26.0
    } else {
        26.0 + 156.0
    };
    let sig_end = doc.pages[last - 1]
        .iter()
        .filter(|w| (w.y0 - sig.0).abs() < 1.0)
        .map(|w| w.x1)
        .fold(0.0, f64::max);
    assert!(
        (right - sig_end - 2.0 * 156.0 / 28.0).abs() < 1.5,
        "signature ends {sig_end:.1} mm, type area at {right}"
    );
    assert!(date.0 > sig.0 && date.1 > sig.1, "{sig:?} {date:?}");
}

/// A briefing with one long item of plain text, to measure the grid on a full body page.
fn long_briefing(name: &str) -> Fixture {
    let site = Fixture::empty(name);
    site.write(
        "config.yaml",
        "title: 测试双拥网\nbriefings:\n  jianbao:\n    name: 测试双拥工作简报\n    kind: 简报\n    editor: 测试区双拥办\n    distribution: {报: [市双拥办], 送: [区人武部], 发: [各镇街]}\n    copies: 30\n",
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
    let site = long_briefing("docx-grid");
    let run = docx(&site, &["jianbao-2026-05"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let file = site.root.join("docx/jianbao-2026-5.docx");
    let pdfs = site.root.join("pdf");
    to_pdf(std::slice::from_ref(&file), &pdfs, "grid");
    let pdf = Pdf::open(&pdfs.join("jianbao-2026-5.pdf"));
    assert!(pdf.pages.len() >= 3, "{} pages", pdf.pages.len());
    assert_geometry(&pdf);
    let lines = pdf.lines(2);
    assert!(
        (21..=23).contains(&lines.len()),
        "page 2 has {} lines: {lines:#?}",
        lines.len()
    );
    let full = lines.iter().filter(|l| l.2 == 28).count();
    assert!(
        full >= 18,
        "28-character lines on page 2: {full}: {lines:#?}"
    );
    // Two-character first-line indent on the even page (26 mm + 2 × 5.57 mm).
    assert!(
        lines
            .iter()
            .any(|l| ((l.1 - 26.0) - 2.0 * 156.0 / 28.0).abs() < 1.0),
        "{lines:#?}"
    );
    // 22 lines fill the 225 mm type area: the pitch is 10.2 mm.
    let pitch = (lines[lines.len() - 1].0 - lines[0].0) / (lines.len() - 1) as f64;
    assert!(
        (pitch - 225.0 / 22.0).abs() < 0.3,
        "line pitch {pitch:.2} mm"
    );
}

/// A JPEG with an EXIF block holding a GPS IFD with a marker datum.
fn gps_jpeg(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
        .encode_image(&img)
        .unwrap();
    let datum = b"TXDOCX-GPS\0";
    let mut tiff = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes());
    tiff.extend(1u16.to_le_bytes());
    tiff.extend(0x8825u16.to_le_bytes());
    tiff.extend(4u16.to_le_bytes());
    tiff.extend(1u32.to_le_bytes());
    tiff.extend(26u32.to_le_bytes());
    tiff.extend(0u32.to_le_bytes());
    tiff.extend(1u16.to_le_bytes());
    tiff.extend(0x0012u16.to_le_bytes());
    tiff.extend(2u16.to_le_bytes());
    tiff.extend((datum.len() as u32).to_le_bytes());
    tiff.extend(44u32.to_le_bytes());
    tiff.extend(0u32.to_le_bytes());
    tiff.extend(datum);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(((app1.len() + 2) as u16).to_be_bytes());
    out.extend(app1);
    out.extend(&jpeg[2..]);
    assert!(contains(&out, b"TXDOCX-GPS"));
    out
}

#[test]
fn photos_tables_notes_and_runs_become_word_structure() {
    let site = Fixture::site("docx-content");
    site.write_bytes("content/articles/visit/photo.jpg", &gps_jpeg(1200, 800));
    site.write(
        "content/articles/visit/index.md",
        "---\ntitle: 走访慰问现役军人家庭\ndate: 2026-05-02\n---\n\n\
区双拥办**走访慰问**了*现役军人家庭*，详见[退役军人事务部](https://www.mva.gov.cn/)网站[^1]。\n\n\
![慰问现场](photo.jpg)\n\n\
| 镇街 | 户数 |\n|---|---|\n| 东溪镇 | 12 |\n| 赶水镇 | 9 |\n\n\
[^1]: 数据截至5月底。\n",
    );
    site.write(
        "content/briefings/jianbao-2026-05.md",
        "---\ntitle: 测试双拥工作简报（2026年第5期）\nseries: jianbao\nissue: 5\ndate: 2026-05-28\nitems:\n  - articles/visit/index.md\n---\n",
    );
    let run = docx(&site, &["--all"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let file = site.root.join("docx/jianbao-2026-5.docx");
    let raw = std::fs::read(&file).unwrap();
    let mut pkg = Package::open(&file);
    let document = pkg.text("word/document.xml");
    let footnotes = pkg.text("word/footnotes.xml");
    assert!(
        pkg.text("word/_rels/document.xml.rels")
            .contains("footnotes.xml")
    );
    assert!(document.contains("<w:tbl>"), "a Word table");
    assert!(document.contains("东溪镇") && document.contains("<w:b />"));
    assert!(document.contains("<w:i />"), "italic run");
    assert!(
        document.contains("<w:footnoteReference"),
        "footnote references"
    );
    assert!(footnotes.contains("https://www.mva.gov.cn/"), "{footnotes}");
    assert!(footnotes.contains("数据截至5月底。"), "{footnotes}");
    assert!(!document.contains("w:hyperlink"), "links are text on paper");
    let media = pkg.media();
    assert_eq!(media.len(), 1, "one embedded photo");
    for m in &media {
        assert!(m.starts_with(b"\x89PNG"), "PNG media");
        assert!(!contains(m, b"Exif") && !contains(m, b"TXDOCX-GPS"));
    }
    assert!(!contains(&raw, b"TXDOCX-GPS"));
}

#[test]
fn docx_refuses_the_website_folder_and_unknown_names_in_chinese() {
    let site = long_briefing("docx-refuse");
    let inside = site.root.join("public/word");
    let run = docx(&site, &["--all", "--out", inside.to_str().unwrap()]);
    assert!(!run.status.success());
    let err =
        String::from_utf8_lossy(&run.stderr).to_string() + &String::from_utf8_lossy(&run.stdout);
    assert!(err.contains("Word 文件不能写进网站输出目录"), "{err}");
    assert!(err.contains("docx/into-website"), "{err}");
    assert!(!inside.exists());

    let run = docx(&site, &["jianbao-2026-99"]);
    assert!(!run.status.success());
    let err =
        String::from_utf8_lossy(&run.stderr).to_string() + &String::from_utf8_lossy(&run.stdout);
    assert!(
        err.contains("没有名为“jianbao-2026-99”的简报或文件"),
        "{err}"
    );
    assert!(
        err.contains("jianbao-2026-05"),
        "the hint names the briefings: {err}"
    );

    let run = docx(&site, &[]);
    assert!(!run.status.success());
    // A name may be the file name the command writes.
    let run = docx(&site, &["jianbao-2026-5.docx"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(site.root.join("docx/jianbao-2026-5.docx").is_file());
}

#[test]
fn a_series_with_centred_numbers_gets_one_centred_footer() {
    let site = long_briefing("docx-centred");
    let config = std::fs::read_to_string(site.root.join("config.yaml")).unwrap();
    site.write(
        "config.yaml",
        &format!("{config}    page_numbers: center\n    rule: double\n"),
    );
    let run = docx(&site, &["--all"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut pkg = Package::open(&site.root.join("docx/jianbao-2026-5.docx"));
    let settings = pkg.text("word/settings.xml");
    let document = pkg.text("word/document.xml");
    let footer = pkg.text("word/footer1.xml");
    assert!(settings.contains("<w:mirrorMargins/>"));
    assert!(!settings.contains("evenAndOddHeaders"), "{settings}");
    assert!(!document.contains(r#"w:type="even""#));
    assert!(footer.contains(r#"<w:jc w:val="center" />"#), "{footer}");
    assert!(footer.contains("PAGE"), "a page-number field: {footer}");
    assert!(document.contains(r#"<w:bottom w:val="thickThinSmallGap""#));
}

//! Every published file passes the privacy gate (issue 15, item 5): static text files, file and
//! folder names, office attachments (.docx/.xlsx/.pptx) in static/, page bundles and document
//! attachments; a file the gate cannot read is an error unless acknowledged with a reason.

mod common;

use std::io::Write;

use common::*;

/// A valid GB 11643 number (area 110105, born 1990-03-07) made with the checksum algorithm.
fn valid_id() -> String {
    common::id_with_check("11010519900307123")
}

/// A zip of (name, bytes) entries; stored entries unless `deflate`.
fn zip_of(entries: &[(&str, &[u8])], deflate: bool) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let method = if deflate {
        zip::CompressionMethod::Deflated
    } else {
        zip::CompressionMethod::Stored
    };
    let opts = zip::write::SimpleFileOptions::default().compression_method(method);
    for (name, bytes) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

/// A minimal Word file whose paragraphs are given as lists of runs.
fn docx(paragraphs: &[&[&str]]) -> Vec<u8> {
    let mut body = String::new();
    for runs in paragraphs {
        body.push_str("<w:p>");
        for r in *runs {
            body.push_str(&format!(
                "<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{r}</w:t></w:r>"
            ));
        }
        body.push_str("</w:p>");
    }
    let doc = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document {W}><w:body>{body}</w:body></w:document>"
    );
    let core = "<?xml version=\"1.0\"?><cp:coreProperties xmlns:cp=\"c\" xmlns:dc=\"d\"><dc:creator>测试区双拥办</dc:creator></cp:coreProperties>";
    zip_of(
        &[
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", doc.as_bytes()),
            ("docProps/core.xml", core.as_bytes()),
        ],
        true,
    )
}

/// A minimal workbook: shared strings and one sheet with a numeric cell.
fn xlsx(shared: &[&str], number: &str) -> Vec<u8> {
    let sst: String = shared
        .iter()
        .map(|s| format!("<si><t>{s}</t></si>"))
        .collect();
    let sst = format!("<sst count=\"{}\">{sst}</sst>", shared.len());
    let sheet = format!(
        "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\"><v>{number}</v></c></row></sheetData></worksheet>"
    );
    zip_of(
        &[
            (
                "xl/workbook.xml",
                b"<workbook><sheets><sheet name=\"Sheet1\" sheetId=\"1\"/></sheets></workbook>",
            ),
            ("xl/sharedStrings.xml", sst.as_bytes()),
            ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
        ],
        false,
    )
}

/// A minimal presentation with one slide and its speaker notes.
fn pptx(slide: &str, notes: &[&str]) -> Vec<u8> {
    let para = |runs: &[&str]| -> String {
        let r: String = runs
            .iter()
            .map(|t| format!("<a:r><a:t>{t}</a:t></a:r>"))
            .collect();
        format!("<a:p>{r}</a:p>")
    };
    let ns = "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\"";
    let s = format!(
        "<p:sld {ns}><p:cSld><p:spTree><p:sp><p:txBody>{}</p:txBody></p:sp></p:spTree></p:cSld></p:sld>",
        para(&[slide])
    );
    let n = format!(
        "<p:notes {ns}><p:cSld><p:spTree><p:sp><p:txBody>{}</p:txBody></p:sp></p:spTree></p:cSld></p:notes>",
        para(notes)
    );
    zip_of(
        &[
            (
                "ppt/presentation.xml",
                format!("<p:presentation {ns}/>").as_bytes(),
            ),
            ("ppt/slides/slide1.xml", s.as_bytes()),
            ("ppt/notesSlides/notesSlide1.xml", n.as_bytes()),
        ],
        true,
    )
}

/// A file that starts like a password-protected Office file (an OLE container, not a zip).
fn ole_file() -> Vec<u8> {
    let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    b.extend(std::iter::repeat_n(0u8, 1024));
    b
}

/// Every output file, as text where it is text, for "the secret is nowhere" checks.
fn assert_nowhere(f: &Fixture, secret: &str) {
    if !f.public().exists() {
        return;
    }
    for p in walk(&f.public()) {
        let bytes = std::fs::read(&p).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(secret), "{} contains {secret}", p.display());
        assert!(
            !p.to_string_lossy().contains(secret),
            "an output file is named after {secret}: {}",
            p.display()
        );
    }
}

/// A document page in a bundle with the given attachment line(s) and extra front matter.
fn document(f: &Fixture, dir: &str, attachments: &str, extra: &str) {
    f.write(
        &format!("content/documents/{dir}/index.md"),
        &format!(
            "---\ntitle: 关于做好优抚对象走访慰问工作的通知\ndate: 2026-03-02\ndoc_no: 测拥组〔2026〕2号\npublisher: 测试区双拥工作领导小组\nattachments:\n{attachments}{extra}---\n\n请各单位认真做好走访慰问工作。\n"
        ),
    );
}

#[test]
fn a_static_csv_with_an_id_number_blocks_the_build_at_its_line() {
    let f = Fixture::site("pf-csv");
    f.build_ok(&[]);
    let id = valid_id();
    f.write(
        "static/files/名单.csv",
        &format!("姓名,身份证号,备注\n张某某,{id},走访\n"),
    );
    let err = f.build_err();
    assert!(err.contains("static/files/名单.csv:2:5"), "{err}");
    assert!(err.contains("privacy/id-card"), "{err}");
    let headline = err.lines().find(|l| l.contains("privacy/id-card")).unwrap();
    assert!(
        !headline.contains(&id),
        "the headline masks the number: {headline}"
    );
    assert!(
        !f.public().join("files").exists(),
        "the old site stays as it was"
    );
    assert_nowhere(&f, &id);
}

#[test]
fn every_kind_of_static_text_file_is_scanned() {
    let f = Fixture::site("pf-kinds");
    let cases = [
        ("static/data/list.json", "{\"tel\": \"13912345678\"}"),
        ("static/old/page.html", "<p>联系人：<b>13912345678</b></p>"),
        (
            "static/data/feed.xml",
            "<item><phone>13912345678</phone></item>",
        ),
        ("static/js/app.js", "const boss = '13912345678';"),
        ("static/notes/readme.md", "# 说明\n\n电话 139 1234 5678\n"),
        ("static/notes/list.txt", "驻地：32101部队\n"),
        ("static/data/site.yaml", "contact: 13912345678\n"),
        // No extension, but text: scanned rather than waved through.
        ("static/CONTACT", "13912345678\n"),
    ];
    for (path, text) in cases {
        f.write(path, text);
    }
    let err = f.build_err();
    for (path, _) in cases {
        assert!(
            err.contains(&format!("{path}:")),
            "{path} not named:\n{err}"
        );
    }
    assert!(err.contains("secrecy/unit-code"), "{err}");
    // An ordinary static text file (favicon, robots.txt, styles) is fine.
    for (path, _) in cases {
        std::fs::remove_file(f.root.join(path)).unwrap();
    }
    f.write("static/robots.txt", "User-agent: *\nAllow: /\n");
    f.write(
        "static/css/extra.css",
        "body { margin: 0 auto; max-width: 1200px }\n",
    );
    f.write("static/CNAME", "sy.example.gov.cn\n");
    f.build_ok(&[]);
    assert!(f.public().join("robots.txt").exists());
}

#[test]
fn a_file_or_folder_named_after_a_number_is_shown_with_a_caret_under_the_name() {
    let f = Fixture::site("pf-name");
    f.write_bytes("static/photos/13812345678.png", b"\x89PNG not really");
    let err = f.build_err();
    assert!(err.contains("static/photos/13812345678.png:1:15"), "{err}");
    assert!(err.contains("privacy/mobile"), "{err}");
    // The path is the shown line, the caret under the number only.
    let caret = err
        .lines()
        .find(|l| l.contains("^^^^"))
        .expect("a caret line");
    assert_eq!(caret.matches('^').count(), 11, "{err}");
    std::fs::remove_dir_all(f.root.join("static/photos")).unwrap();

    // Folder names are published too.
    f.write("static/61234部队/通知.txt", "通知全文。\n");
    let err = f.build_err();
    assert!(err.contains("static/61234部队/通知.txt:1:8"), "{err}");
    assert!(err.contains("secrecy/unit-code"), "{err}");
}

#[test]
fn a_word_attachment_with_an_id_split_across_runs_blocks_the_build() {
    let f = Fixture::site("pf-docx");
    f.build_ok(&[]);
    let id = valid_id();
    let (a, b) = id.split_at(4);
    let (b, c) = b.split_at(6);
    document(
        &f,
        "zoufang",
        "  - {title: 慰问对象名单, file: 慰问名单.docx}\n",
        "",
    );
    f.write_bytes(
        "content/documents/zoufang/慰问名单.docx",
        &docx(&[&["慰问对象名单"], &["张某某，身份证号", a, b, c, "。"]]),
    );
    let err = f.build_err();
    assert!(
        err.contains("content/documents/zoufang/慰问名单.docx (word/document.xml):2:"),
        "{err}"
    );
    assert!(err.contains("privacy/id-card"), "{err}");
    let headline = err.lines().find(|l| l.contains("privacy/id-card")).unwrap();
    assert!(!headline.contains(&id), "{headline}");
    // The number was read from the joined runs: the shown line holds it whole.
    assert!(err.contains(&format!("身份证号{id}。")), "{err}");
    assert_nowhere(&f, "慰问名单");

    // Fixed: the same file without the number is published beside the page.
    f.write_bytes(
        "content/documents/zoufang/慰问名单.docx",
        &docx(&[&["慰问对象名单"], &["张某某"]]),
    );
    f.build_ok(&[]);
    assert!(
        walk(&f.public())
            .iter()
            .any(|p| p.ends_with("慰问名单.docx")),
        "the clean attachment is published"
    );
}

#[test]
fn a_mobile_number_in_a_sheet_cell_and_in_shared_strings_blocks_the_build() {
    let f = Fixture::site("pf-xlsx");
    // A number typed into a cell is stored as a number, not as a shared string.
    f.write_bytes("static/files/台账.xlsx", &xlsx(&["姓名"], "13812345678"));
    let err = f.build_err();
    assert!(
        err.contains("static/files/台账.xlsx (xl/worksheets/sheet1.xml)"),
        "{err}"
    );
    assert!(err.contains("privacy/mobile"), "{err}");

    f.write_bytes(
        "static/files/台账.xlsx",
        &xlsx(&["联系电话", "139-1234-5678"], "2026"),
    );
    let err = f.build_err();
    assert!(
        err.contains("static/files/台账.xlsx (xl/sharedStrings.xml)"),
        "{err}"
    );

    f.write_bytes("static/files/台账.xlsx", &xlsx(&["走访户数"], "2026"));
    f.build_ok(&[]);
    assert!(f.public().join("files/台账.xlsx").exists());
}

#[test]
fn a_number_in_slide_notes_blocks_the_build() {
    let f = Fixture::site("pf-pptx");
    f.write(
        "content/articles/peixun/index.md",
        "---\ntitle: 双拥政策培训课件\ndate: 2026-04-01\n---\n\n课件见附件。\n",
    );
    f.write_bytes(
        "content/articles/peixun/课件.pptx",
        &pptx("双拥政策培训", &["讲解人：王某，驻地", "61", "234部队"]),
    );
    let err = f.build_err();
    assert!(
        err.contains("content/articles/peixun/课件.pptx (ppt/notesSlides/notesSlide1.xml)"),
        "{err}"
    );
    assert!(err.contains("secrecy/unit-code"), "{err}");
    assert_nowhere(&f, "课件");
}

#[test]
fn unreadable_attachments_are_errors_until_acknowledged_with_a_reason() {
    let f = Fixture::site("pf-unreadable");
    document(
        &f,
        "mingdan",
        "  - {title: 名单, file: 名单.docx}\n  - {title: 旧表, file: 旧表.xls}\n",
        "",
    );
    // Password-protected Word files are OLE containers, as are old .xls files.
    f.write_bytes("content/documents/mingdan/名单.docx", &ole_file());
    f.write_bytes("content/documents/mingdan/旧表.xls", &ole_file());
    // A corrupt office file and an archive in static/.
    let good = docx(&[&["正文"]]);
    f.write_bytes("static/files/损坏.docx", &good[..good.len() / 2]);
    f.write_bytes("static/files/材料.zip", &zip_of(&[("a.txt", b"x")], false));
    // A binary of unknown kind.
    f.write_bytes("static/files/tool.bin", &[0u8, 1, 2, 3, 0, 0, 7]);
    let err = f.build_err();
    assert!(err.contains("file/unreadable"), "{err}");
    // Attachments named in front matter point at their `file:` value.
    assert!(
        err.contains("content/documents/mingdan/index.md:7:23"),
        "{err}"
    );
    assert!(
        err.contains("content/documents/mingdan/index.md:8:23"),
        "{err}"
    );
    assert!(err.contains("设有打开密码"), "{err}");
    assert!(err.contains("旧版"), "{err}");
    for name in [
        "static/files/损坏.docx",
        "static/files/材料.zip",
        "static/files/tool.bin",
    ] {
        assert!(err.contains(name), "{name}:\n{err}");
    }
    assert!(!f.public().exists());

    // Acknowledged, with reasons: published.
    document(
        &f,
        "mingdan",
        "  - {title: 名单, file: 名单.docx}\n  - {title: 旧表, file: 旧表.xls}\n",
        "privacy_ack:\n  - {rule: file/unscanned, text: 名单.docx, reason: 加密件，已人工核对}\n  - {rule: file/unscanned, text: 旧表.xls, reason: 已人工核对}\n",
    );
    f.write("config.yaml", &format!("{CONFIG}privacy:\n  unscanned:\n    - {{file: static/files/损坏.docx, reason: 原件存档，已人工核对}}\n    - {{file: static/files/材料.zip, reason: 已逐一核对}}\n    - {{file: static/files/tool.bin, reason: 工具程序，不含个人信息}}\n"));
    f.build_ok(&[]);
    assert!(f.public().join("files/材料.zip").exists());
    assert!(
        walk(&f.public()).iter().any(|p| p.ends_with("旧表.xls")),
        "acknowledged attachment is published"
    );
}

#[test]
fn acknowledgements_need_a_reason_and_an_existing_file() {
    let f = Fixture::site("pf-acks");
    f.write_bytes("static/files/旧.doc", &ole_file());
    // No reason: the file is not acknowledged, and the entry itself is an error.
    f.write(
        "config.yaml",
        &format!(
            "{CONFIG}privacy:\n  unscanned:\n    - {{file: static/files/旧.doc, reason: \"  \"}}\n"
        ),
    );
    let err = f.build_err();
    assert!(err.contains("file/unscanned-ack-no-reason"), "{err}");
    assert!(err.contains("file/unreadable"), "{err}");
    assert!(err.contains("config.yaml:"), "{err}");
    // A file that does not exist.
    f.write(
        "config.yaml",
        &format!("{CONFIG}privacy:\n  unscanned:\n    - {{file: static/files/旧.doc, reason: 已核对}}\n    - {{file: static/files/没有.doc, reason: 已核对}}\n"),
    );
    let err = f.build_err();
    assert!(err.contains("file/unscanned-ack-no-file"), "{err}");
    assert!(err.contains("没有.doc"), "{err}");
    assert!(!err.contains("file/unreadable"), "{err}");
    // In a page: an acknowledgement naming a file the page does not have.
    f.write(
        "config.yaml",
        &format!(
            "{CONFIG}privacy:\n  unscanned:\n    - {{file: static/files/旧.doc, reason: 已核对}}\n"
        ),
    );
    f.write("content/articles/a.md", "---\ntitle: 通知\ndate: 2026-01-01\nprivacy_ack: [{rule: file/unscanned, text: 不存在.doc, reason: 已核对}]\n---\n正文。\n");
    let err = f.build_err();
    assert!(err.contains("content/articles/a.md:4:"), "{err}");
    assert!(err.contains("file/unscanned-ack-no-file"), "{err}");
    std::fs::remove_file(f.root.join("content/articles/a.md")).unwrap();
    f.build_ok(&[]);
}

#[test]
fn a_pdf_is_published_with_a_warning_that_an_acknowledgement_silences() {
    let f = Fixture::site("pf-pdf");
    f.write_bytes("static/files/通知.pdf", b"%PDF-1.7\n%%EOF\n");
    let log = f.build_ok(&[]);
    assert!(log.contains("file/pdf-unscanned"), "{log}");
    assert!(log.contains("static/files/通知.pdf"), "{log}");
    assert!(f.public().join("files/通知.pdf").exists());
    f.write(
        "config.yaml",
        &format!("{CONFIG}privacy:\n  unscanned:\n    - {{file: static/files/通知.pdf, reason: 正式文件扫描件，已人工核对}}\n"),
    );
    let log = f.build_ok(&[]);
    assert!(!log.contains("file/pdf-unscanned"), "{log}");
    // Its name is still scanned.
    f.write_bytes("static/files/13812345678.pdf", b"%PDF-1.7\n%%EOF\n");
    let err = f.build_err();
    assert!(err.contains("privacy/mobile"), "{err}");
}

#[test]
fn an_attachment_name_finding_points_at_its_file_value() {
    let f = Fixture::site("pf-attname");
    document(
        &f,
        "tongzhi",
        "  - {title: 联系表, file: /static/files/联系人13812345678.txt}\n",
        "",
    );
    f.write("static/files/联系人13812345678.txt", "联系表\n");
    let err = f.build_err();
    // Line 7 of the page, the column where the number starts inside the `file:` value.
    assert!(
        err.contains("content/documents/tongzhi/index.md:7:41"),
        "{err}"
    );
    assert!(err.contains("privacy/mobile"), "{err}");
    // Reported at the page, not a second time as a bare static path.
    assert!(
        !err.contains("static/files/联系人13812345678.txt:1:"),
        "{err}"
    );
}

#[test]
fn check_reports_published_files_too() {
    let f = Fixture::site("pf-check");
    f.write_bytes("static/files/名单.docx", &docx(&[&["电话", "13812345678"]]));
    let out = f.run(&["check"]);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.status.success(), "{text}");
    assert!(text.contains("static/files/名单.docx"), "{text}");
    assert!(text.contains("privacy/mobile"), "{text}");
}

#[test]
fn the_demo_site_with_its_word_attachment_still_builds() {
    let f = Fixture::demo("pf-demo");
    let log = f.build_ok(&[]);
    assert!(!log.contains("file/unreadable"), "{log}");
    assert!(
        walk(&f.public())
            .iter()
            .any(|p| p.ends_with("gongzuo-yaodian-2026.docx"))
    );
}

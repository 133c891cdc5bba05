//! Loading fails closed (issue 15): mixed encodings, safety-key typos and unknown safety values
//! are errors that stop the build; `--drafts` never writes into the publishing folder; config
//! errors are in Chinese; script URLs in config are refused; crafted file names stay one line.

mod common;

use common::{Fixture, snapshot};
use encoding_rs::GB18030;

/// Every file of a folder as text, for leak checks.
fn texts(dir: &std::path::Path) -> Vec<(String, String)> {
    snapshot(dir)
        .into_iter()
        .map(|(p, b)| (p, String::from_utf8_lossy(&b).into_owned()))
        .collect()
}

fn assert_nowhere(dir: &std::path::Path, markers: &[&str]) {
    for (path, text) in texts(dir) {
        for m in markers {
            assert!(!text.contains(m), "{m} leaked into {path}");
            assert!(!path.contains(m), "{m} in file name {path}");
        }
    }
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn stray_gbk_byte_in_utf8_stops_the_build_at_its_line_and_column() {
    let f = Fixture::site("fc-mixed");
    f.build_ok(&[]);
    // The example: UTF-8 Chinese safety keys, one GBK byte elsewhere in the body.
    let mut b = "---\ntitle: 内部情况通报\ndate: 2026-05-01\n公开: internal\n草稿: 是\n---\n内部正文MIXED-MARKER-1。\n会议"
        .as_bytes()
        .to_vec();
    b.push(0xB9);
    b.extend_from_slice("在区政府召开。\n".as_bytes());
    f.write_bytes("content/articles/secret.md", &b);
    let err = f.build_err();
    assert!(err.contains("encoding/undecodable"), "{err}");
    assert!(err.contains("content/articles/secret.md:8:3"), "{err}");
    assert!(err.contains("0xB9"), "{err}");
    assert!(err.contains("UTF-8"), "{err}");
    assert_nowhere(&f.public(), &["MIXED-MARKER-1", "内部情况通报"]);
    // `check` says the same.
    let out = f.run(&["check"]);
    assert!(!out.status.success());
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        stderr_of(&out)
    );
    assert!(text.contains("secret.md:8:3"), "{text}");
}

#[test]
fn genuine_gbk_is_read_with_a_warning_and_broken_gbk_is_an_error() {
    let f = Fixture::site("fc-gbk");
    let text = "---\ntitle: 春节走访慰问活动\ndate: 2026-02-01\n---\n春节前夕，区双拥办走访慰问了困难退役军人家庭GBK-MARKER。\n";
    f.write_bytes("content/articles/gbk.md", &GB18030.encode(text).0);
    let out = f.build_ok(&[]);
    assert!(out.contains("GBK"), "{out}");
    assert!(f.read("articles/gbk/index.html").contains("GBK-MARKER"));
    // A lead byte with no trail byte in a GBK file.
    let mut b = GB18030.encode(text).0.into_owned();
    b.extend_from_slice(&GB18030.encode("第二段").0);
    b.push(0x81);
    b.extend_from_slice(b"\n");
    f.write_bytes("content/articles/gbk.md", &b);
    let err = f.build_err();
    assert!(err.contains("content/articles/gbk.md:6:4"), "{err}");
    assert!(err.contains("GBK"), "{err}");
}

#[test]
fn utf16_with_a_broken_character_is_an_error_with_a_position() {
    let f = Fixture::site("fc-utf16");
    let mut b = vec![0xFF, 0xFE];
    for u in "---\ntitle: 甲\ndate: 2026-05-01\n---\n正文".encode_utf16() {
        b.extend_from_slice(&u.to_le_bytes());
    }
    b.extend_from_slice(&0xD800u16.to_le_bytes());
    b.extend_from_slice(&u16::from(b'\n').to_le_bytes());
    f.write_bytes("content/articles/u16.md", &b);
    let err = f.build_err();
    assert!(err.contains("content/articles/u16.md:5:3"), "{err}");
}

#[test]
fn safety_key_typos_stop_the_build() {
    for (i, line) in [
        "darft: true",
        "Draft: true",
        "drafts: true",
        "visiblity: internal",
        "visibilty: internal",
        "公 开: 内部",
        "草搞: 是",
        "Search: false",
        "extra:\n  draft: true",
    ]
    .iter()
    .enumerate()
    {
        let f = Fixture::site(&format!("fc-typo-{i}"));
        f.write(
            "content/articles/typo.md",
            &format!(
                "---\ntitle: 拼写TYPO-MARKER\ndate: 2026-05-01\n{line}\n---\n正文TYPO-BODY。\n"
            ),
        );
        let err = f.build_err();
        assert!(err.contains("safety-key"), "{line}: {err}");
        assert!(
            err.contains("content/articles/typo.md:4:1"),
            "{line}: {err}"
        );
        assert!(!f.public().exists(), "{line}: something was published");
    }
    // Other unknown keys stay warnings.
    let f = Fixture::site("fc-typo-ok");
    f.write(
        "content/articles/note.md",
        "---\ntitle: 甲\ndate: 2026-05-01\n备注: 无\nphotographer: 张三\n---\n正文。\n",
    );
    let out = f.build_ok(&[]);
    assert!(out.contains("备注"), "{out}");
}

#[test]
fn unknown_or_empty_safety_values_stop_the_build() {
    for (i, line) in [
        "visibility: intenal",
        "visibility:",
        "draft: maybe",
        "草稿: 是的",
        "draft:",
        "draft: 2",
        "search: nope",
        "搜索: ",
    ]
    .iter()
    .enumerate()
    {
        let f = Fixture::site(&format!("fc-value-{i}"));
        f.write(
            "content/articles/v.md",
            &format!("---\ntitle: 值VALUE-MARKER\ndate: 2026-05-01\n{line}\n---\n正文。\n"),
        );
        let err = f.build_err();
        assert!(err.contains("front-matter/invalid-value"), "{line}: {err}");
        assert!(err.contains("content/articles/v.md:4:"), "{line}: {err}");
        assert!(!f.public().exists(), "{line}");
    }
    // A profile whose consent is left empty has no consent.
    let f = Fixture::site("fc-consent");
    f.write(
        "content/profiles/zhang.md",
        "---\ntitle: 张三\ndate: 2026-05-01\nhonor: 最美军嫂\nyear: 2025\nconsent:\n---\n事迹。\n",
    );
    let err = f.build_err();
    assert!(err.contains("front-matter/missing-field"), "{err}");
}

#[test]
fn drafts_preview_never_reaches_the_publishing_folder() {
    let f = Fixture::site("fc-drafts");
    f.write(
        "content/articles/d.md",
        "---\ntitle: 草稿标题DTITLE\ndate: 2026-05-02\ndraft: true\ntags: [草稿标签DTAG]\n---\nDRAFT-BODY-MARKER 草稿正文。\n",
    );
    f.write(
        "content/articles/bundle/index.md",
        "---\ntitle: 草稿包DBUNDLE\ndate: 2026-05-03\n草稿: 是\n---\n[附件](note.txt)\n",
    );
    f.write(
        "content/articles/bundle/note.txt",
        "DRAFT-ATTACHMENT-MARKER",
    );
    f.write(
        "content/pages/about-draft.md",
        "---\ntitle: 关于草稿页DPAGE\ndraft: true\n---\nDRAFT-PAGE-MARKER\n",
    );
    f.build_ok(&[]);
    let before = snapshot(&f.public());
    let out = f.build_ok(&["--drafts"]);
    assert!(out.contains(".tongxin-cache/drafts"), "{out}");
    assert!(
        out.contains("请勿发布") || out.contains("不要发布"),
        "{out}"
    );
    // public/ is exactly as the real build left it: no body, bundle file, feed or index entry.
    assert_eq!(snapshot(&f.public()), before);
    let markers = [
        "DRAFT-BODY-MARKER",
        "DTITLE",
        "DTAG",
        "DBUNDLE",
        "DRAFT-ATTACHMENT-MARKER",
        "DRAFT-PAGE-MARKER",
        "DPAGE",
        "DDOC",
        "DRAFT-DOC-MARKER",
    ];
    assert_nowhere(&f.public(), &markers);
    // The preview has them, each page marked 草稿.
    for page in [
        "articles/d/index.html",
        "articles/bundle/index.html",
        "pages/about-draft/index.html",
    ] {
        let html = f.read_drafts(page);
        assert!(
            html.contains("draft-banner") && html.contains("草稿"),
            "{page}"
        );
    }
    assert!(f.drafts().join("articles/bundle/note.txt").is_file());
    // A draft document's print page says 草稿 too.
    f.write(
        "content/documents/tz.md",
        "---\ntitle: 关于做好双拥工作的通知DDOC\ndate: 2026-05-01\ndraft: true\ndoc_no: 测双〔2026〕1号\npublisher: 测试区双拥办\n---\n正文DRAFT-DOC-MARKER。\n",
    );
    f.build_ok(&["--drafts"]);
    assert!(
        f.read_drafts("documents/tz/print/index.html")
            .contains("print-draft")
    );
    assert!(
        f.read_drafts("documents/tz/index.html")
            .contains("draft-banner")
    );
    assert_eq!(snapshot(&f.public()), before);
    assert!(
        !f.read_drafts("articles/hello/index.html")
            .contains("draft-banner")
    );
    // Building without drafts after a preview leaves public/ clean too.
    f.build_ok(&[]);
    assert_nowhere(&f.public(), &markers);
}

#[test]
fn drafts_preview_refuses_any_output_folder() {
    let f = Fixture::site("fc-drafts-out");
    f.write(
        "content/articles/d.md",
        "---\ntitle: 草稿\ndate: 2026-05-02\ndraft: true\n---\nDRAFT-OUT-MARKER\n",
    );
    let elsewhere = f.root.join("preview");
    for out_dir in [
        f.public().to_string_lossy().into_owned(),
        "public".to_string(),
        elsewhere.to_string_lossy().into_owned(),
    ] {
        let out = f.run(&["build", "--drafts", "--output", &out_dir]);
        assert!(!out.status.success(), "{out_dir}");
        assert!(
            stderr_of(&out).contains("output/drafts"),
            "{}",
            stderr_of(&out)
        );
    }
    assert!(!f.public().exists() && !elsewhere.exists());
    // A configured output that would hold the preview folder is refused as well.
    f.write(
        "config.yaml",
        &format!("{}output: .tongxin-cache\n", common::CONFIG),
    );
    let out = f.run(&["build", "--drafts"]);
    assert!(!out.status.success());
    assert!(stderr_of(&out).contains("output/drafts"));
    f.write(
        "config.yaml",
        &format!("{}output: .tongxin-cache/drafts/site\n", common::CONFIG),
    );
    let out = f.run(&["build", "--drafts"]);
    assert!(!out.status.success());
    assert!(stderr_of(&out).contains("output/drafts"));
}

#[test]
fn a_stray_byte_in_config_yaml_is_an_error_at_its_place() {
    let f = Fixture::site("fc-config-bytes");
    let mut b = "title: 测试双拥网\ndescription: 双拥".as_bytes().to_vec();
    b.push(0xC4);
    b.extend_from_slice("工作\nunsafe_html: false\n".as_bytes());
    f.write_bytes("config.yaml", &b);
    let err = f.build_err();
    assert!(err.contains("config.yaml:2:16"), "{err}");
    assert!(err.contains("encoding/undecodable"), "{err}");
}

#[test]
fn config_errors_are_in_chinese_and_script_urls_are_refused() {
    let f = Fixture::site("fc-config");
    f.write(
        "config.yaml",
        &format!("{}title: 第二个标题\n", common::CONFIG),
    );
    let err = f.build_err();
    assert!(err.contains("重复出现"), "{err}");
    assert!(
        !err.contains("DuplicateKeyPolicy") && !err.contains("duplicate"),
        "{err}"
    );
    let line = common::CONFIG.lines().count() + 1;
    assert!(err.contains(&format!("config.yaml:{line}:1")), "{err}");

    for (i, url) in [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "java\\tscript:alert(1)",
        "&#x6A;avascript:alert(1)",
        "data:text/html,x",
    ]
    .iter()
    .enumerate()
    {
        let f = Fixture::site(&format!("fc-js-{i}"));
        f.write(
            "config.yaml",
            &format!("title: 甲\nmenu:\n  - {{name: 首页, url: /}}\n  - name: 坏链接\n    url: \"{url}\"\n"),
        );
        let err = f.build_err();
        assert!(err.contains("config/unsafe-url"), "{url}: {err}");
        assert!(err.contains("config.yaml:5:"), "{url}: {err}");
        f.write("config.yaml", &format!("title: 甲\nbase_url: \"{url}\"\n"));
        let err = f.build_err();
        assert!(err.contains("config.yaml:2:"), "{url}: {err}");
    }

    for (i, (text, line)) in [
        ("unsafe_htm: true\n", 1),
        ("unsafehtml: true\n", 1),
        ("title: 甲\nunsafe_html: 可以\n", 2),
        ("privacy:\n  alow: [\"023-12345678\"]\n", 2),
    ]
    .iter()
    .enumerate()
    {
        let f = Fixture::site(&format!("fc-safety-cfg-{i}"));
        f.write("config.yaml", text);
        let err = f.build_err();
        assert!(
            err.contains(&format!("config.yaml:{line}:")),
            "{text}: {err}"
        );
        assert!(
            !err.contains("unknown field") && !err.contains("invalid"),
            "{text}: {err}"
        );
    }
}

#[test]
fn a_file_name_with_a_newline_cannot_forge_output_lines() {
    let f = Fixture::site("fc-newline");
    f.write(
        "content/articles/a\n错误[forged]: 伪造的一行.md",
        "no front matter here\n",
    );
    let err = f.build_err();
    assert!(err.contains("a\\n错误[forged]"), "{err}");
    assert!(!err.lines().any(|l| l.starts_with("错误[forged]")), "{err}");
}

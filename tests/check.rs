//! `tongxin check`: the demo site passes; personal data, unit codes and broken links fail with
//! file and line; official-document slips are warnings; ordinary 双拥 prose raises nothing.

mod common;

use common::*;

fn check(f: &Fixture, args: &[&str]) -> (bool, String) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    let out = f.run(&all);
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn demo_site_passes_check_without_touching_output() {
    let f = Fixture::demo("c-demo");
    let (ok, text) = check(&f, &[]);
    assert!(ok, "{text}");
    assert!(
        text.contains("0 个错误") || text.contains("没有发现问题"),
        "{text}"
    );
    assert!(
        !f.public().exists(),
        "check must not write the site's output"
    );
}

#[test]
fn each_blocking_finding_fails_check_with_file_and_line() {
    let cases = [
        (
            "c-id",
            "content/articles/a.md",
            "---\ntitle: 甲\ndate: 2026-01-01\n---\n\n身份证号码500222198001010010。\n",
            "a.md:6:",
            "privacy/id-card",
        ),
        (
            "c-mobile",
            "content/articles/b.md",
            "---\ntitle: 乙\ndate: 2026-01-01\n---\n\n联系人手机：+86 139-1234-5678\n",
            "b.md:6:",
            "privacy/mobile",
        ),
        (
            "c-unit",
            "content/articles/c.md",
            "---\ntitle: 丙\ndate: 2026-01-01\n---\n\n慰问32101部队官兵。\n",
            "c.md:6:",
            "secrecy/unit-code",
        ),
        (
            "c-link",
            "content/articles/d.md",
            "---\ntitle: 丁\ndate: 2026-01-01\n---\n\n[详情](nowhere.md)\n",
            "d.md:6:",
            "link/broken",
        ),
    ];
    for (name, path, text, pos, rule) in cases {
        let f = Fixture::site(name);
        f.write(path, text);
        let (ok, out) = check(&f, &[]);
        assert!(!ok, "{name} should fail:\n{out}");
        assert!(
            out.contains(pos) && out.contains(rule),
            "{name}: expected {pos} {rule} in\n{out}"
        );
        assert!(!f.build_err().is_empty());
    }
}

#[test]
fn official_document_slips_are_warnings_with_positions() {
    let f = Fixture::site("c-doc");
    f.write(
        "content/documents/notice.md",
        "---\ntitle: 关于做好2026年春节走访慰问工作的通知。\ndate: 2026-01-10\ndoc_no: 綦拥组[2026]03号\n---\n\n各镇街双拥办：\n\n## 一、总体要求\n\n### (一)工作目标\n\n于2026年01月08日前完成。\n",
    );
    let (ok, out) = check(&f, &[]);
    assert!(ok, "warnings must not fail check:\n{out}");
    for rule in [
        "doc/doc-no",
        "doc/title-punctuation",
        "doc/date-format",
        "doc/heading-form",
    ] {
        assert!(out.contains(rule), "missing {rule}:\n{out}");
    }
    assert!(out.contains("notice.md:4:9"), "doc_no position:\n{out}");
    assert!(
        out.contains("━━ content/documents/notice.md"),
        "grouped by file:\n{out}"
    );
}

#[test]
fn json_format_is_parseable() {
    let f = Fixture::site("c-json");
    f.write(
        "content/articles/x.md",
        "---\ntitle: 戊\ndate: 2026-01-01\n---\n\n驻三角镇部队官兵参加植树。\n",
    );
    let (ok, out) = check(&f, &["--format", "json"]);
    assert!(ok, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let first = &v.as_array().unwrap()[0];
    assert_eq!(first["severity"], "warning");
    assert_eq!(first["rule"], "secrecy/stationing");
    assert_eq!(first["file"], "content/articles/x.md");
    assert_eq!(first["line"], 6);
}

#[test]
fn ordinary_prose_raises_no_errors() {
    let f = Fixture::site("c-prose");
    let prose = include_str!("../src/check/testdata/ordinary_prose.md");
    f.write(
        "content/articles/prose.md",
        &format!("---\ntitle: 双拥工作情况\ndate: 2026-03-01\n---\n\n{prose}\n"),
    );
    f.write(
        "config.yaml",
        &format!("{CONFIG}privacy:\n  allow: [\"023-12345678\"]\n"),
    );
    let (ok, out) = check(&f, &["--format", "json"]);
    assert!(ok, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let errors: Vec<_> = v
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

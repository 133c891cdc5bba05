//! One fixture per content and bad-input error (`docs/rules.md` §1, `docs/fail-closed.md`): the build fails, names the file and line, shows the
//! line with a caret, and explains in Chinese.

mod common;

use common::*;

/// Builds, expects failure, and checks that `file:line` appears in the message.
fn expect_error(f: &Fixture, file: &str, line: usize, words: &[&str]) -> String {
    let err = f.build_err();
    let pos = format!("{file}:{line}:");
    assert!(err.contains(&pos), "expected {pos} in:\n{err}");
    for w in words {
        assert!(err.contains(w), "expected “{w}” in:\n{err}");
    }
    assert!(err.contains('^'), "no caret in:\n{err}");
    assert!(err.contains("提示"), "no hint in:\n{err}");
    err
}

#[test]
fn broken_yaml() {
    let f = Fixture::site("e-yaml");
    f.write(
        "content/articles/bad.md",
        "---\ntitle: 标题\ntags: [宣传, 通知\ndate: 2026-01-01\n---\n正文\n",
    );
    let err = f.build_err();
    assert!(err.contains("content/articles/bad.md:"), "{err}");
    assert!(err.contains("YAML"), "{err}");
}

#[test]
fn missing_title() {
    let f = Fixture::site("e-title");
    f.write(
        "content/articles/notitle.md",
        "---\ndate: 2026-01-01\n---\n正文\n",
    );
    expect_error(
        &f,
        "content/articles/notitle.md",
        1,
        &["缺少必填项 `title`"],
    );
}

#[test]
fn impossible_date() {
    let f = Fixture::site("e-date");
    f.write(
        "content/articles/date.md",
        "---\ntitle: 日期错误\ndate: 2026-02-30\n---\n正文\n",
    );
    let err = expect_error(&f, "content/articles/date.md", 3, &["2026-02-30", "无效"]);
    assert!(
        err.contains("date.md:3:7"),
        "column should point at the value: {err}"
    );
}

#[test]
fn slug_escaping_the_output() {
    let f = Fixture::site("e-slug");
    f.write(
        "content/articles/escape.md",
        "---\ntitle: 逃逸\ndate: 2026-01-01\nslug: ../../etc\n---\n正文\n",
    );
    expect_error(&f, "content/articles/escape.md", 4, &["网址"]);
    assert!(!f.root.parent().unwrap().join("etc/index.html").exists());
}

#[test]
fn two_pages_on_one_url() {
    let f = Fixture::site("e-dup");
    f.write(
        "content/articles/a.md",
        "---\ntitle: 甲\ndate: 2026-01-01\nslug: same\n---\n正文\n",
    );
    f.write(
        "content/articles/b.md",
        "---\ntitle: 乙\ndate: 2026-01-02\nslug: same\n---\n正文\n",
    );
    let err = expect_error(&f, "content/articles/b.md", 4, &["重复"]);
    assert!(
        err.contains("content/articles/a.md"),
        "must name both files: {err}"
    );
}

#[test]
fn unknown_honor() {
    let f = Fixture::site("e-honor");
    f.write("content/profiles/li.md", "---\ntitle: 李某\ndate: 2026-01-01\nhonor: 最美志愿者\nyear: 2025\nconsent: 2025-12-01\n---\n事迹\n");
    expect_error(&f, "content/profiles/li.md", 4, &["最美志愿者", "honors"]);
}

#[test]
fn duplicate_issue_number() {
    let f = Fixture::site("e-issue");
    f.write(
        "content/briefings/a.md",
        "---\ntitle: 第一期\nseries: jianbao\nissue: 1\ndate: 2026-01-10\n---\n编者按\n",
    );
    f.write(
        "content/briefings/b.md",
        "---\ntitle: 又一期\nseries: jianbao\nissue: 1\ndate: 2026-02-10\n---\n编者按\n",
    );
    let err = expect_error(&f, "content/briefings/b.md", 4, &["第1期", "重复"]);
    assert!(err.contains("content/briefings/a.md"), "{err}");
}

#[test]
fn alias_bomb_is_refused_fast() {
    let f = Fixture::site("e-bomb");
    let mut y = String::from(
        "---\ntitle: 炸弹\ndate: 2026-01-01\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let mut prev = "a".to_string();
    for n in ["b", "c", "d", "e", "f", "g", "h", "i"] {
        y.push_str(&format!(
            "{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
        prev = n.to_string();
    }
    y.push_str("---\n正文\n");
    f.write("content/articles/bomb.md", &y);
    let t = std::time::Instant::now();
    let err = f.build_err();
    assert!(t.elapsed().as_secs() < 10, "took {:?}", t.elapsed());
    assert!(err.contains("content/articles/bomb.md:"), "{err}");
    assert!(err.contains("拒绝"), "{err}");
}

#[test]
fn deep_nesting_is_refused() {
    let f = Fixture::site("e-deep");
    f.write(
        "content/articles/deep.md",
        &format!(
            "---\ntitle: 深\ndate: 2026-01-01\nx: {}{}\n---\n",
            "[".repeat(10000),
            "]".repeat(10000)
        ),
    );
    let err = f.build_err();
    assert!(err.contains("content/articles/deep.md:4:"), "{err}");
}

#[test]
fn profile_without_consent() {
    let f = Fixture::site("e-consent");
    f.write(
        "content/profiles/wang.md",
        "---\ntitle: 王某\ndate: 2026-01-01\nhonor: 最美军嫂\nyear: 2025\n---\n事迹\n",
    );
    expect_error(&f, "content/profiles/wang.md", 1, &["同意"]);
    // As a draft it is allowed (and not published).
    f.write(
        "content/profiles/wang.md",
        "---\ntitle: 王某\ndate: 2026-01-01\nhonor: 最美军嫂\nyear: 2025\ndraft: true\n---\n事迹\n",
    );
    f.build_ok(&[]);
}

#[test]
fn broken_template() {
    let f = Fixture::site("e-template");
    f.write("templates/article.html", "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.title </h1>\n{% endblock %}\n");
    let err = f.build_err();
    assert!(err.contains("templates/article.html:3:"), "{err}");
    assert!(err.contains("模板"), "{err}");
}

#[test]
fn broken_link_names_both_files() {
    let f = Fixture::site("e-link");
    f.write(
        "content/articles/linker.md",
        "---\ntitle: 链接\ndate: 2026-01-01\n---\n\n第一段。\n\n参见[不存在的文章](missing.md)。\n",
    );
    let err = expect_error(
        &f,
        "content/articles/linker.md",
        8,
        &["missing.md", "不存在"],
    );
    assert!(err.contains("linker.md:8:3"), "{err}");
}

#[test]
fn unknown_key_is_a_warning_with_suggestion() {
    let f = Fixture::site("w-key");
    f.write(
        "content/articles/typo.md",
        "---\ntitle: 拼写\ndate: 2026-01-01\ncatgories: [工作动态]\n---\n正文\n",
    );
    let log = f.build_ok(&[]);
    assert!(log.contains("typo.md:4:1"), "{log}");
    assert!(log.contains("categories"), "{log}");
    assert!(log.contains("警告"), "{log}");
}

#[test]
fn key_and_alias_together() {
    let f = Fixture::site("e-alias");
    f.write(
        "content/articles/both.md",
        "---\ntitle: 标题一\n标题: 标题二\ndate: 2026-01-01\n---\n正文\n",
    );
    expect_error(&f, "content/articles/both.md", 3, &["只能写一个"]);
}

#[test]
fn unknown_series_and_missing_item() {
    let f = Fixture::site("e-series");
    f.write(
        "content/briefings/x.md",
        "---\ntitle: 简报\nseries: kuaibao\nissue: 1\ndate: 2026-01-01\n---\n正文\n",
    );
    f.write("content/briefings/y.md", "---\ntitle: 简报\nseries: jianbao\nissue: 2\ndate: 2026-01-01\nitems:\n  - articles/hello.md\n  - articles/nope.md\n---\n正文\n");
    let err = f.build_err();
    assert!(err.contains("content/briefings/x.md:3:"), "{err}");
    assert!(err.contains("content/briefings/y.md:8:"), "{err}");
}

#[test]
fn all_errors_are_reported_in_one_run() {
    let f = Fixture::site("e-many");
    f.write(
        "content/articles/a.md",
        "---\ntitle: 甲\ndate: 2026-13-01\n---\n",
    );
    f.write("content/articles/b.md", "---\ndate: 2026-01-01\n---\n");
    f.write(
        "content/profiles/c.md",
        "---\ntitle: 丙\ndate: 2026-01-01\nhonor: 无\nyear: 2025\nconsent: 2025-01-01\n---\n",
    );
    let err = f.build_err();
    for file in ["a.md:3:", "b.md:1:", "c.md:4:"] {
        assert!(err.contains(file), "missing {file}: {err}");
    }
    assert!(err.contains("3 个错误"), "{err}");
}

#[test]
fn english_messages_with_lang_en() {
    let f = Fixture::site("e-en");
    f.write(
        "content/articles/date.md",
        "---\ntitle: 日期\ndate: 2026-02-30\n---\n",
    );
    let out = f.run(&["--lang", "en", "build"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is not a valid date"), "{err}");
    assert!(err.contains("help"), "{err}");
}

#[test]
fn hostile_inputs_never_panic() {
    let f = Fixture::site("e-hostile");
    let cases: &[(&str, &[u8])] = &[
        ("a.md", b"---\n"),
        ("b.md", b"---\n---\n"),
        ("c.md", b"\xff\xfe\x00"),
        ("d.md", b"---\ntitle: [\n---\n"),
        ("e.md", b"---\n: : :\n---\n"),
        ("f.md", b"---\ntitle: \"\xe4\xb8\n---\n"),
        ("g.md", b"---\ntitle: x\ndate: 99999-99-99\nweight: 99999999999999999999999\nissue: -1\n---\n[x](../../../../../../etc/passwd.md)\n"),
        ("h.md", b"---\ntitle: !!binary aGVsbG8=\ndate: 2026-01-01\ntags: {a: b}\n---\n"),
        ("i.md", b""),
    ];
    for (name, bytes) in cases {
        f.write_bytes(&format!("content/articles/{name}"), bytes);
    }
    let out = f.run(&["build"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(1), "{err}");
}

#[test]
fn anchors_into_pages_must_exist() {
    let f = Fixture::site("e-anchor");
    f.write(
        "content/articles/target.md",
        "---\ntitle: 目标\ndate: 2026-01-01\n---\n\n## 一、总体要求\n\n正文。\n",
    );
    f.write("content/articles/from.md", "---\ntitle: 来源\ndate: 2026-01-02\n---\n\n见[总体要求](target.md#一总体要求)和[本页](#不存在)。\n");
    let err = f.build_err();
    assert!(err.contains("content/articles/from.md:6:"), "{err}");
    assert!(err.contains("#不存在"), "{err}");
    assert!(
        !err.contains("target.md#一总体要求”"),
        "valid anchor reported: {err}"
    );
    assert!(err.contains("1 个错误"), "{err}");
}

#[test]
fn attachments_and_covers_must_be_published_files() {
    let f = Fixture::site("e-attach");
    // A file beside a plain (non-bundle) page would not be published: that is an error too.
    f.write("content/documents/orphan.pdf", "%PDF-1.4");
    f.write(
        "content/documents/notice.md",
        "---\ntitle: 通知\ndate: 2026-01-01\ncover: orphan.pdf\nattachments: [{title: 附件一, file: missing.docx}]\n---\n正文\n",
    );
    let err = f.build_err();
    assert!(err.contains("content/documents/notice.md:4:8"), "{err}");
    assert!(err.contains("content/documents/notice.md:5:"), "{err}");
    assert!(err.contains("missing.docx"), "{err}");
}

#[test]
fn output_that_would_overwrite_the_site_is_refused() {
    for output in [".", "content", "static/www", ".."] {
        let f = Fixture::site("e-output");
        f.write("config.yaml", &format!("{CONFIG}output: \"{output}\"\n"));
        let err = f.build_err();
        assert!(err.contains("输出目录"), "{output}: {err}");
        assert!(
            f.root.join("content/articles/hello.md").is_file(),
            "{output}: content was touched"
        );
    }
}

#[test]
fn anchors_to_raw_html_ids_and_percent_signs_build() {
    let f = Fixture::site("anchor-raw-html");
    let page = |link: &str| {
        format!(
            "---\ntitle: 统计\ndate: 2026-05-20\n---\n\n## 同比增长20%以上\n\n<a id=\"fujian\"></a>附件说明。\n\n[见上文]({link})，[附件](#fujian)。\n"
        )
    };
    // A `%` before a Chinese character is text, not an escape: a clear error, no crash.
    f.write("content/articles/stats.md", &page("#同比增长20%以上"));
    expect_error(&f, "stats.md", 10, &["#同比增长20以上"]);
    // The heading's id and a raw-HTML id both resolve.
    f.write("content/articles/stats.md", &page("#同比增长20以上"));
    f.build_ok(&[]);
}

#[test]
fn a_missing_site_path_is_reported_at_the_link() {
    let f = Fixture::site("site-path-line");
    f.write(
        "content/articles/files.md",
        "---\ntitle: 下载\ndate: 2026-05-20\n---\n\n正文提到 /files/ 目录。\n\n[表格](/files/%E8%A1%A8.xlsx)\n",
    );
    let err = expect_error(&f, "files.md", 8, &["/files/%E8%A1%A8.xlsx", "static/"]);
    assert!(err.contains("^^^"), "{err}");
}

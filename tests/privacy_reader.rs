//! Issue 15: the privacy gate reads what readers see. A number hidden from the source scan by
//! markup, character references, invisible characters, line breaks, separators, Chinese
//! numerals, URL parameters or a slug still blocks the build, and appears in no output file;
//! real-notice text raises no secrecy warning; repeated warnings are grouped when printed.

mod common;

use common::*;

/// A valid GB 11643 number made with the checksum algorithm (area 500222, born 1980-01-01).
fn valid_id() -> String {
    common::id_with_check("50022219800101003")
}

/// No file under `public/` (if there is one) contains `needle`.
fn nowhere_in_output(f: &Fixture, needle: &str) {
    for p in walk(&f.public()) {
        let bytes = std::fs::read(&p).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(needle),
            "{needle} published in {}",
            p.display()
        );
        assert!(
            !p.to_string_lossy().contains(needle),
            "{needle} in a file name: {}",
            p.display()
        );
    }
}

/// Builds a good site first (so `public/` exists), then adds `rel` with `text`: the build must
/// fail naming `rule` (and `at`, a `file:line:` prefix, when given), `check --format json` must
/// list it, and `needle` (the number as readers would see it) must be in no output file.
fn blocked(name: &str, rel: &str, text: &str, rule: &str, needle: &str, at: Option<&str>) {
    let f = Fixture::site(name);
    f.build_ok(&[]);
    f.write(rel, text);
    let err = f.build_err();
    assert!(err.contains(rule), "{name}: {err}");
    if let Some(at) = at {
        assert!(err.contains(at), "{name}: expected {at} in\n{err}");
    }
    // The message masks numbers (the caret line shows the author's own source).
    let headline = err.lines().find(|l| l.contains(rule)).unwrap_or("");
    assert!(
        rule.starts_with("secrecy/") || rel.contains(needle) || !headline.contains(needle),
        "{name}: {headline}"
    );
    nowhere_in_output(&f, needle);
    let out = f.run(&["check", "--format", "json"]);
    assert!(!out.status.success());
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(
        json.as_array()
            .unwrap()
            .iter()
            .any(|d| d["rule"] == rule && d["severity"] == "error"),
        "{name}: {json}"
    );
}

fn article(body: &str) -> String {
    format!("---\ntitle: 走访慰问\ndate: 2026-05-01\n---\n\n{body}\n")
}

#[test]
fn emphasis_split_id_number_blocks() {
    let id = valid_id();
    let split = format!("{}**{}**{}", &id[..4], &id[4..6], &id[6..]);
    blocked(
        "r-em",
        "content/articles/em.md",
        &article(&format!("第一段。\n\n老兵身份证号{split}，已核实。")),
        "privacy/id-card",
        &id,
        Some("content/articles/em.md:8:7"),
    );
    // Underscore emphasis and inline code split a mobile number just as well.
    blocked(
        "r-em2",
        "content/articles/em.md",
        &article("联系人手机139_1234_5678与`139`12345670。"),
        "privacy/mobile",
        "13912345678",
        None,
    );
}

#[test]
fn entity_encoded_numbers_block() {
    blocked(
        "r-ent",
        "content/articles/ent.md",
        &article("请联系&#49;&#x33;9&#49;2345678。"),
        "privacy/mobile",
        "13912345678",
        Some("content/articles/ent.md:6:4"),
    );
    blocked(
        "r-ent2",
        "content/articles/ent.md",
        &article("寄往&#54;1234部队。"),
        "secrecy/unit-code",
        "61234部队",
        None,
    );
}

#[test]
fn zero_width_and_format_characters_block() {
    blocked(
        "r-zw",
        "content/articles/zw.md",
        &article("联系139\u{200B}1234\u{2060}5678。"),
        "privacy/mobile",
        "13912345678",
        Some("content/articles/zw.md:6:3"),
    );
    blocked(
        "r-zw2",
        "content/articles/zw.md",
        &article("老兵所在6123\u{FEFF}4部\u{200D}队。"),
        "secrecy/unit-code",
        "61234部队",
        None,
    );
    // In the front matter, where the source scan reads the characters as written.
    blocked(
        "r-zw3",
        "content/articles/zw.md",
        "---\ntitle: 走访\ndate: 2026-05-01\nsummary: 联系139\u{200C}12345678\n---\n\n正文。\n",
        "privacy/mobile",
        "13912345678",
        Some("content/articles/zw.md:4:12"),
    );
}

#[test]
fn soft_hyphen_blocks() {
    blocked(
        "r-shy",
        "content/articles/shy.md",
        &article("联系139\u{AD}1234\u{AD}5678。"),
        "privacy/mobile",
        "13912345678",
        None,
    );
    blocked(
        "r-shy2",
        "content/articles/shy.md",
        &article("联系139&shy;1234&shy;5678。"),
        "privacy/mobile",
        "13912345678",
        None,
    );
}

#[test]
fn line_broken_numbers_block() {
    blocked(
        "r-nl",
        "content/articles/nl.md",
        &article("老兵张某某的手机\n139\n12345678\n方便联系。"),
        "privacy/mobile",
        "13912345678",
        Some("content/articles/nl.md:7:1"),
    );
    // Two paragraphs: the automatic summary (meta description, feeds) joins them.
    blocked(
        "r-para",
        "content/articles/nl.md",
        &article("联系：1391234\n\n5678号。"),
        "privacy/mobile",
        "13912345678",
        None,
    );
}

#[test]
fn dotted_and_spaced_numbers_block() {
    blocked(
        "r-dot",
        "content/articles/dot.md",
        &article("联系139.1234.5678。"),
        "privacy/mobile",
        "139.1234.5678",
        Some("content/articles/dot.md:6:3"),
    );
    for (i, unit) in [
        "61234 部队",
        "61234部 队",
        "61234\t部队",
        "61234<em>部</em>队",
    ]
    .iter()
    .enumerate()
    {
        blocked(
            &format!("r-sp{i}"),
            "content/articles/sp.md",
            &article(&format!("他所在的{unit}驻地。")),
            "secrecy/unit-code",
            "61234",
            Some("content/articles/sp.md:6:5"),
        );
    }
}

#[test]
fn chinese_numeral_unit_codes_block_but_dates_do_not() {
    blocked(
        "r-cn",
        "content/articles/cn.md",
        &article("他所在的六一二三四部队。"),
        "secrecy/unit-code",
        "六一二三四部队",
        Some("content/articles/cn.md:6:5"),
    );
    let f = Fixture::site("r-cn-date");
    f.write(
        "content/articles/d.md",
        &article("二〇二六年五月一日，一二三四五六名群众参加，某部二〇二六年度总结。"),
    );
    let log = f.build_ok(&[]);
    assert!(!log.contains("secrecy/"), "{log}");
}

#[test]
fn url_parameter_coordinates_block() {
    blocked(
        "r-url",
        "content/articles/url.md",
        &article("[位置](https://map.example.com/m?lat=29.02&lon=106.65)"),
        "secrecy/coordinates",
        "lat=29.02",
        Some("content/articles/url.md:6:"),
    );
    blocked(
        "r-url2",
        "content/articles/url.md",
        &article("地图：https://map.example.com/m?lng=106.6&zoom=12&lat=29.0"),
        "secrecy/coordinates",
        "lat=29.0",
        None,
    );
}

#[test]
fn numbers_in_slugs_and_file_names_block() {
    blocked(
        "r-slug",
        "content/articles/slug.md",
        "---\ntitle: 走访\ndate: 2026-05-01\nslug: lao13912345678\n---\n\n正文。\n",
        "privacy/mobile",
        "13912345678",
        Some("content/articles/slug.md:4:"),
    );
    blocked(
        "r-file",
        "content/articles/zhang_13912345678.md",
        &article("正文。"),
        "privacy/mobile",
        "13912345678",
        None,
    );
}

#[test]
fn raw_html_text_is_scanned() {
    blocked(
        "r-html",
        "content/articles/html.md",
        &article("<div>联系139<b>1234</b>5678</div>"),
        "privacy/mobile",
        "13912345678",
        Some("content/articles/html.md:6:8"),
    );
}

#[test]
fn a_number_in_the_source_is_reported_once() {
    let f = Fixture::site("r-once");
    f.write(
        "content/articles/once.md",
        &article("联系139 1234 5678。\n\n再次：139 1234 5678。"),
    );
    let err = f.build_err();
    assert_eq!(err.matches("[privacy/mobile]").count(), 2, "{err}");
    assert!(!err.contains("渲染后"), "{err}");
}

/// The notices of the false-positive corpus, each as an article.
fn corpus_site(name: &str) -> Fixture {
    let f = Fixture::site(name);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/check/testdata/notices");
    let files = walk(&dir);
    assert!(files.len() >= 10);
    for (i, p) in files.iter().enumerate() {
        let text = std::fs::read_to_string(p).unwrap();
        let (title, body) = text.split_once('\n').unwrap();
        f.write(
            &format!("content/articles/n{i:02}.md"),
            &format!(
                "---\ntitle: {}\ndate: 2026-06-{:02}\n---\n{body}",
                title.trim_start_matches("# "),
                i + 1
            ),
        );
    }
    f
}

#[test]
fn real_notice_text_raises_no_secrecy_warning_but_a_unit_code_blocks() {
    let f = corpus_site("r-corpus");
    let log = f.build_ok(&[]);
    assert!(!log.contains("secrecy/"), "{log}");
    assert!(!log.contains("privacy/"), "{log}");
    assert!(!log.contains("警告"), "{log}");
    let out = f.run(&["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        !json
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["rule"].as_str().unwrap_or("").starts_with("secrecy/")),
        "{json}"
    );
    f.write(
        "content/articles/unit.md",
        &article("驻綦部队61234部队官兵参加植树。"),
    );
    let err = f.build_err();
    assert!(err.contains("secrecy/unit-code"), "{err}");
    assert!(err.contains("content/articles/unit.md:6:5"), "{err}");
}

/// A page with `n` facility warnings (one per line) and `m` mobile errors.
fn noisy(name: &str, n: usize, m: usize) -> Fixture {
    let f = Fixture::site(name);
    let mut body = String::new();
    for i in 0..n {
        body.push_str(&format!("第{i}次走进营区。\n\n"));
    }
    for i in 0..m {
        body.push_str(&format!("联系1391234567{i}。\n\n"));
    }
    f.write("content/articles/noisy.md", &article(&body));
    f
}

fn headers(log: &str, rule: &str) -> usize {
    log.matches(&format!("[{rule}]:")).count()
}

#[test]
fn repeated_warnings_are_grouped_per_rule() {
    let f = noisy("r-group", 8, 0);
    let log = f.build_ok(&[]);
    assert_eq!(headers(&log, "secrecy/facility"), 3, "{log}");
    assert!(
        log.contains(
            "警告 [secrecy/facility] 共 8 处，以上显示前 3 处；另有 5 处，用 --verbose 查看全部。"
        ),
        "{log}"
    );
    assert!(log.contains("8 条警告"), "{log}");
    let log = f.build_ok(&["--verbose"]);
    assert_eq!(headers(&log, "secrecy/facility"), 8, "{log}");
    assert!(!log.contains("--verbose 查看全部"), "{log}");
    // check: text grouped, --verbose lists all, json lists all.
    let out = f.run(&["check"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(headers(&text, "secrecy/facility"), 3, "{text}");
    assert!(text.contains("另有 5 处"), "{text}");
    assert!(text.contains("8 条警告"), "{text}");
    let out = f.run(&["check", "--verbose"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(headers(&text, "secrecy/facility"), 8, "{text}");
    let out = f.run(&["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let n = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "secrecy/facility")
        .count();
    assert_eq!(n, 8, "{json}");
    // English wording.
    let out = f.run(&["--lang", "en", "build"]);
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(
        log.contains("warning [secrecy/facility]: 8 in all, the first 3 shown above; 5 more, use --verbose to see them all."),
        "{log}"
    );
}

#[test]
fn errors_are_never_hidden() {
    let f = noisy("r-errors", 5, 6);
    let err = f.build_err();
    assert_eq!(headers(&err, "privacy/mobile"), 6, "{err}");
    assert_eq!(headers(&err, "secrecy/facility"), 3, "{err}");
    assert!(err.contains("另有 2 处"), "{err}");
    assert!(err.contains("发现 6 个错误，5 条警告"), "{err}");
}

#[test]
fn site_settings_shown_on_every_page_are_scanned() {
    let f = Fixture::site("r-config");
    f.build_ok(&[]);
    f.write(
        "config.yaml",
        &CONFIG.replace(
            "organization: 测试区双拥办\n",
            "organization: 测试区双拥办\ncontact: 联系人张某 139\u{200B}1234 5678\n",
        ),
    );
    let err = f.build_err();
    assert!(err.contains("privacy/mobile"), "{err}");
    assert!(err.contains("config.yaml"), "{err}");
    nowhere_in_output(&f, "13912345678");
    nowhere_in_output(&f, "1234 5678");
}

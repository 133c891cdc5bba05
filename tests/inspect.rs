//! `tongxin inspect` (issue 20): on fixture sites with a fixed `--today`, each indicator passes,
//! warns and (where the inspection rules have a veto) fails, in the text and the JSON; serious
//! wording catches substitutions, omissions and swaps at `file:line:col`, and stays silent on the
//! demo site and on text written like a real notice; the HTML report is one self-contained page
//! written only where `--out` says.

mod common;

use common::Fixture;
use serde_json::Value;

fn inspect(f: &Fixture, today: &str, extra: &[&str]) -> (Value, String) {
    let mut args = vec!["inspect", "--today", today, "--format", "json"];
    args.extend_from_slice(extra);
    let o = f.run(&args);
    let json: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    });
    let t = f.run(&["inspect", "--today", today]);
    let text = String::from_utf8_lossy(&t.stdout).into_owned();
    // The exit status follows the verdict.
    assert_eq!(o.status.success(), json["verdict"] != "fail", "{text}");
    (json, text)
}

fn status(json: &Value, id: &str) -> String {
    json["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("no indicator {id}"))["status"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The indicator's line in the text report.
fn line<'a>(text: &'a str, name: &str) -> &'a str {
    text.lines()
        .find(|l| l.contains(&format!("] {name}：")))
        .unwrap_or_else(|| panic!("no line for {name} in\n{text}"))
}

fn expect(f: &Fixture, today: &str, id: &str, name: &str, want: &str) -> (Value, String) {
    let (json, text) = inspect(f, today, &[]);
    assert_eq!(status(&json, id), want, "{id} on {today}:\n{text}");
    let label = match want {
        "pass" => "[通过]",
        "warn" => "[警告]",
        _ => "[单项否决]",
    };
    assert!(
        line(&text, name).starts_with(label),
        "{}",
        line(&text, name)
    );
    (json, text)
}

fn findings(json: &Value, rule: &str) -> Vec<Value> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .cloned()
        .collect()
}

#[test]
fn home_page_two_week_clock() {
    let f = Fixture::site("insp-home");
    expect(&f, "2026-05-25", "home", "首页更新", "pass");
    let (json, text) = expect(&f, "2026-06-01", "home", "首页更新", "warn");
    assert!(line(&text, "首页更新").contains("还有2天超期"), "{text}");
    let home = &json["columns"][0];
    assert_eq!(home["name"], "首页");
    assert_eq!(home["last"], "2026-05-20");
    assert_eq!(home["days"], 12);
    assert_eq!(home["remaining"], 2);
    let (json, text) = expect(&f, "2026-06-10", "home", "首页更新", "fail");
    assert!(line(&text, "首页更新").contains("已超期7天"), "{text}");
    assert_eq!(json["verdict"], "fail");
    assert!(text.contains("结论：单项否决"), "{text}");
}

#[test]
fn home_page_clock_comes_from_config() {
    let f = Fixture::site("insp-home-config");
    f.write(
        "config.yaml",
        &format!("{}inspection:\n  首页天数: 30\n", common::CONFIG),
    );
    expect(&f, "2026-06-10", "home", "首页更新", "pass");
}

fn article(f: &Fixture, name: &str, date: &str, category: &str) {
    f.write(
        &format!("content/articles/{name}.md"),
        &format!("---\ntitle: {name}稿件\ndate: {date}\ncategories: [{category}]\n---\n\n区双拥办开展活动。\n"),
    );
}

#[test]
fn news_columns_idle_two_weeks_five_fail() {
    let f = Fixture::site("insp-news");
    for (i, c) in ["甲栏目", "乙栏目", "丙栏目", "丁栏目", "戊栏目"]
        .iter()
        .enumerate()
    {
        article(&f, &format!("a{i}"), "2026-05-20", c);
    }
    expect(&f, "2026-05-25", "news-columns", "动态类栏目更新", "pass");
    // One column idle: a warning naming it.
    article(&f, "a0", "2026-05-01", "甲栏目");
    let (_, text) = expect(&f, "2026-05-25", "news-columns", "动态类栏目更新", "warn");
    assert!(
        text.contains("栏目：甲栏目：最近更新 2026-05-01，24天前（时限14天，已超期10天）"),
        "{text}"
    );
    // All of them (and 工作动态) idle: five or more fail.
    let (json, _) = expect(&f, "2026-06-30", "news-columns", "动态类栏目更新", "fail");
    let idle = json["columns"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["clock"] == "news" && c["status"] == "fail")
        .count();
    assert!(idle >= 5, "{json}");
}

#[test]
fn notice_and_policy_columns_six_months() {
    let f = Fixture::site("insp-notice");
    f.write(
        "content/articles/tz.md",
        "---\ntitle: 关于做好走访慰问工作的通知\ndate: 2026-01-01\ncategories: [通知公告]\n---\n\n各镇街：现将有关事项通知如下。\n",
    );
    article(&f, "hello", "2026-06-28", "工作动态");
    expect(
        &f,
        "2026-03-01",
        "notice-columns",
        "通知公告、政策文件栏目更新",
        "pass",
    );
    let (json, text) = expect(
        &f,
        "2026-06-30",
        "notice-columns",
        "通知公告、政策文件栏目更新",
        "warn",
    );
    assert!(
        text.contains("栏目：通知公告：最近更新 2026-01-01，180天前（时限183天，还有3天超期）"),
        "{text}"
    );
    assert!(
        json["columns"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == "栏目：通知公告" && c["clock"] == "notice")
    );
    expect(
        &f,
        "2026-07-10",
        "notice-columns",
        "通知公告、政策文件栏目更新",
        "fail",
    );
}

#[test]
fn long_stale_columns() {
    let f = Fixture::site("insp-stale");
    f.write(
        "config.yaml",
        &format!("{}inspection:\n  stale_columns_fail: 3\n", common::CONFIG),
    );
    article(&f, "hello", "2026-05-20", "工作动态");
    article(&f, "old1", "2025-01-10", "甲栏目");
    expect(&f, "2025-06-01", "stale-columns", "长期未更新栏目", "pass");
    let (_, text) = expect(&f, "2026-05-25", "stale-columns", "长期未更新栏目", "warn");
    assert!(text.contains("1个栏目超过365天未更新"), "{text}");
    article(&f, "old2", "2025-01-10", "乙栏目");
    article(&f, "old3", "2025-01-10", "丙栏目");
    expect(&f, "2026-05-25", "stale-columns", "长期未更新栏目", "fail");
}

#[test]
fn empty_columns() {
    let f = Fixture::site("insp-empty");
    f.write(
        "content/briefings/jianbao-2026-05.md",
        "---\ntitle: 第五期\nseries: jianbao\nissue: 5\ndate: 2026-05-20\n---\n编者按。\n",
    );
    expect(&f, "2026-05-25", "empty-columns", "空白栏目", "pass");
    std::fs::remove_file(f.root.join("content/briefings/jianbao-2026-05.md")).unwrap();
    let (_, text) = expect(&f, "2026-05-25", "empty-columns", "空白栏目", "warn");
    assert!(
        text.contains("双拥简报：测试双拥工作简报：没有内容"),
        "{text}"
    );
    // The menu links the documents and profiles lists, which are empty too.
    f.write(
        "config.yaml",
        &common::CONFIG.replace(
            "  - {name: 工作动态, url: /articles/}\n",
            "  - {name: 工作动态, url: /articles/}\n  - {name: 政策文件, url: /documents/}\n  - {name: 典型人物, url: /profiles/}\n",
        )
        .replace("briefings:\n", "inspection:\n  empty_columns_fail: 3\nbriefings:\n"),
    );
    expect(&f, "2026-05-25", "empty-columns", "空白栏目", "fail");
}

#[test]
fn serious_wording_substitution_omission_swap_and_the_limit() {
    let f = Fixture::site("insp-wording");
    f.write(
        "config.yaml",
        &format!(
            "{}inspection:\n  names: [测试区退役军人事务局, 张建国]\n",
            common::CONFIG
        ),
    );
    expect(&f, "2026-05-25", "wording", "严重表述错误", "pass");
    f.write(
        "content/articles/w.md",
        "---\ntitle: 走访慰问\ndate: 2026-05-20\n---\n\n测试县退役军人事务局会同有关单位，\n看望中国人民解军放退役老兵。\n",
    );
    let (json, text) = expect(&f, "2026-05-25", "wording", "严重表述错误", "warn");
    let hits = findings(&json, "inspect/wording");
    assert_eq!(hits.len(), 2, "{json}");
    assert_eq!(hits[0]["file"], "content/articles/w.md");
    assert_eq!(
        (hits[0]["line"].as_u64(), hits[0]["column"].as_u64()),
        (Some(6), Some(1))
    );
    assert_eq!(
        (hits[1]["line"].as_u64(), hits[1]["column"].as_u64()),
        (Some(7), Some(3))
    );
    assert!(
        hits[0]["message"]
            .as_str()
            .unwrap()
            .contains("“测试县退役军人事务局”应为“测试区退役军人事务局”（错了一个字）")
    );
    assert!(hits[1]["message"].as_str().unwrap().contains("两个字颠倒"));
    assert!(text.contains("content/articles/w.md:6:1"), "{text}");
    assert!(
        text.contains("^^^^^^^^^^^^^^^^^^^^"),
        "a caret under the name:\n{text}"
    );
    // Two more (an omission and a known wrong form): four, more than three, fail.
    f.write(
        "content/articles/w2.md",
        "---\ntitle: 中华人民共合国国防教育法解读\ndate: 2026-05-20\n---\n\n测试区退役军人务局、张国建同志出席。\n",
    );
    let (json, _) = expect(&f, "2026-05-25", "wording", "严重表述错误", "fail");
    let hits = findings(&json, "inspect/wording");
    let messages: Vec<&str> = hits
        .iter()
        .map(|h| h["message"].as_str().unwrap())
        .collect();
    assert_eq!(hits.len(), 5, "{messages:?}");
    assert!(
        messages.iter().any(|m| m.contains("常见错误写法")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("漏了一个字")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("“张国建”应为“张建国”")),
        "{messages:?}"
    );
    // The title's hit is at its place in the front matter.
    assert!(
        hits.iter()
            .any(|h| h["file"] == "content/articles/w2.md" && h["line"] == 2 && h["column"] == 8),
        "{json}"
    );
}

#[test]
fn wording_is_silent_on_the_demo_site_and_on_real_notice_text() {
    let f = Fixture::demo("insp-demo");
    let (json, _) = inspect(&f, "2026-07-10", &[]);
    assert_eq!(status(&json, "wording"), "pass", "{json}");
    assert!(findings(&json, "inspect/wording").is_empty());

    let f = Fixture::site("insp-notice-text");
    f.write(
        "config.yaml",
        &format!(
            "{}inspection:\n  names: [测试区退役军人事务局, 测试区双拥工作领导小组办公室, 张建国]\n",
            common::CONFIG
        ),
    );
    f.write(
        "content/articles/notice.md",
        "---\ntitle: 关于做好2026年“八一”建军节走访慰问工作的通知\ndate: 2026-05-20\n---\n\n各镇街双拥办，区级有关部门：\n\n根据《中华人民共和国退役军人保障法》《中华人民共和国国防教育法》和中央军事委员会、国务院有关规定，经测试区双拥工作领导小组同意，现就做好中国人民解放军建军99周年走访慰问工作通知如下。\n\n一、走访慰问驻区中国人民解放军和中国人民武装警察部队官兵，看望在中国人民解放战争中负伤的老战士。退役军人事务部、中央军委国防动员部有关文件同时执行。\n\n二、测试区退役军人事务局、区人武部牵头，测试区双拥工作领导小组办公室负责汇总。张建国、张建华、张建军同志参加。\n\n全国人民代表大会常务委员会、全国双拥工作领导小组有关要求一并落实。\n\n测试区双拥工作领导小组办公室\n2026年5月20日\n",
    );
    let (json, _) = inspect(&f, "2026-05-25", &[]);
    assert!(findings(&json, "inspect/wording").is_empty(), "{json}");
    assert_eq!(status(&json, "wording"), "pass");
}

#[test]
fn secrets_and_personal_data_from_the_gate() {
    let f = Fixture::site("insp-secrecy");
    expect(&f, "2026-05-25", "secrecy", "泄密与个人信息", "pass");
    f.write(
        "content/articles/s.md",
        "---\ntitle: 慰问驻地部队\ndate: 2026-05-20\n---\n\n区领导到某部营区慰问官兵。\n",
    );
    expect(&f, "2026-05-25", "secrecy", "泄密与个人信息", "warn");
    f.write(
        "content/articles/s2.md",
        "---\ntitle: 联系方式\ndate: 2026-05-20\n---\n\n联系人手机13812345678。\n",
    );
    let (json, _) = expect(&f, "2026-05-25", "secrecy", "泄密与个人信息", "fail");
    assert!(!findings(&json, "privacy/mobile").is_empty(), "{json}");
}

#[test]
fn broken_links_cost_points() {
    let f = Fixture::site("insp-links");
    expect(&f, "2026-05-25", "links", "链接可用性（扣分项）", "pass");
    f.write(
        "content/articles/l.md",
        "---\ntitle: 链接\ndate: 2026-05-20\n---\n\n见[上一篇](nowhere.md)和[本文小节](hello.md#no-such-heading)。\n",
    );
    let (json, _) = expect(&f, "2026-05-25", "links", "链接可用性（扣分项）", "warn");
    let rules: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(
        rules.contains(&"link/broken") && rules.contains(&"link/anchor"),
        "{rules:?}"
    );
}

#[test]
fn documents_dates_images_and_consents() {
    let f = Fixture::site("insp-misc");
    f.write(
        "content/documents/d.md",
        "---\ntitle: 测试区双拥工作实施办法\ndate: 2026-01-05\ndoc_no: 测双拥办发〔2026〕1号\nvalidity: 有效\n---\n\n第一条 为做好双拥工作，制定本办法。\n",
    );
    f.write(
        "content/profiles/wang.md",
        "---\ntitle: 王某某\ndate: 2026-01-01\nhonor: 最美退役军人\nyear: 2025\nconsent: 2025-12-01\n---\n\n事迹。\n",
    );
    for (id, name) in [
        ("validity", "文件有效性"),
        ("future-dates", "未来日期"),
        ("alt-text", "图片替代文字"),
        ("consent", "人物同意书"),
    ] {
        expect(&f, "2026-05-25", id, name, "pass");
    }
    f.write(
        "content/documents/d.md",
        "---\ntitle: 测试区双拥工作实施办法\ndate: 2026-01-05\ndoc_no: 测双拥办发〔2026〕1号\nvalidity: 有效\n---\n\n第一条 为做好双拥工作，制定本办法。\n\n本办法已废止，由新办法替代。\n",
    );
    let (json, _) = expect(&f, "2026-05-25", "validity", "文件有效性", "warn");
    assert_eq!(findings(&json, "inspect/validity")[0]["line"], 10);
    f.write(
        "content/articles/later.md",
        "---\ntitle: 后来的稿件\ndate: 2026-08-01\n---\n\n正文。\n",
    );
    let (json, _) = expect(&f, "2026-05-25", "future-dates", "未来日期", "warn");
    assert_eq!(findings(&json, "inspect/future-date")[0]["line"], 3);
    let mut png = Vec::new();
    image::DynamicImage::new_rgb8(8, 8)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    f.write_bytes("content/articles/pic/p.png", &png);
    f.write(
        "content/articles/pic/index.md",
        "---\ntitle: 图片稿件\ndate: 2026-05-20\n---\n\n![](p.png)\n",
    );
    expect(&f, "2026-05-25", "alt-text", "图片替代文字", "warn");
    let (json, _) = expect(&f, "2029-01-10", "consent", "人物同意书", "warn");
    assert_eq!(
        findings(&json, "inspect/consent")[0]["file"],
        "content/profiles/wang.md"
    );
}

#[test]
fn drafts_are_not_inspected() {
    let f = Fixture::site("insp-drafts");
    f.write(
        "content/articles/d.md",
        "---\ntitle: 中华人民共合国草稿\ndate: 2026-05-24\ndraft: true\n---\n\n测试。\n",
    );
    let (json, _) = inspect(&f, "2026-06-10", &[]);
    assert!(findings(&json, "inspect/wording").is_empty());
    // The draft's date does not count as an update of the home page.
    assert_eq!(json["columns"][0]["last"], "2026-05-20");
}

#[test]
fn unknown_inspection_settings_fail_closed() {
    let f = Fixture::site("insp-config");
    f.write(
        "config.yaml",
        &format!("{}inspection:\n  home_dayz: 60\n", common::CONFIG),
    );
    let o = f.run(&["inspect", "--today", "2026-06-10"]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("config.yaml"), "{err}");
    assert!(!String::from_utf8_lossy(&o.stdout).contains("[通过]"));
}

#[test]
fn html_report_is_self_contained_and_never_published() {
    let f = Fixture::site("insp-html");
    article(&f, "old", "2026-01-10", "甲栏目");
    let out = f.root.join("reports/inspect.html");
    let o = f.run(&[
        "inspect",
        "--today",
        "2026-05-25",
        "--format",
        "html",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    for banned in ["<script", "src=", "href=", "<link", "@import", "url("] {
        assert!(!html.contains(banned), "{banned} in the report");
    }
    assert!(html.contains("各栏目更新时间线"));
    assert!(html.contains("<svg class=\"tl\""));
    assert!(
        html.contains("<title>2026-01-10</title>"),
        "a tick per update"
    );
    assert!(html.contains("栏目：甲栏目"));
    assert!(!f.root.join("public").exists(), "nothing built");

    let o = f.run(&[
        "inspect",
        "--format",
        "html",
        "--out",
        f.root.join("public/inspect.html").to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("inspect/into-website"));
    assert!(!f.root.join("public/inspect.html").exists());
}

#[test]
fn bad_today_is_refused() {
    let f = Fixture::site("insp-today");
    let o = f.run(&["inspect", "--today", "2026-13-40"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("--today"));
}

#[test]
fn out_naming_an_existing_folder_is_refused_and_the_folder_kept() {
    let f = Fixture::site("insp-out-folder");
    f.write("reports/keep.txt", "上一季度的报告\n");
    let folder = f.root.join("reports");
    for cmd in [&["inspect", "--out"][..], &["ledger", "--out"][..]] {
        let mut args = cmd.to_vec();
        args.push(folder.to_str().unwrap());
        let o = f.run(&args);
        let err = String::from_utf8_lossy(&o.stderr).to_string();
        assert!(!o.status.success(), "{cmd:?} wrote over a folder");
        assert!(err.contains("是一个文件夹"), "{err}");
        assert_eq!(
            std::fs::read_to_string(folder.join("keep.txt")).unwrap(),
            "上一季度的报告\n"
        );
    }
}

//! The default theme in Chromium, as issue 19 asks: one page of every kind of the demo site
//! (print previews included), plus a profile without a photo, at 320, 375 and 1280 px, in 标准,
//! 大, 特大 and 特大 with high contrast: never wider than the screen (WCAG 1.4.10), no heading
//! or link with its text cut off, no table column under three characters wide, and no WCAG 2.1
//! A/AA violation axe-core finds. `tests/js/layout.mjs` does the measuring; axe-core comes from
//! `npm ci --prefix tests/js` (which `.ci/run` does).

mod common;

use std::path::Path;

use common::Fixture;

/// One page of each kind the website writes.
const PAGES: &[&str] = &[
    "index.html",
    "articles/index.html",
    "articles/2025-06-youdaizheng-jiedu/index.html",
    // A table of 镇街 and numbers: columns must stay three characters wide on a phone.
    "articles/chun-jie-zou-fang-wei-wen-kun-nan-tui-yi-jun-ren/index.html",
    "profiles/index.html",
    "profiles/chen-xiaoyan/index.html",
    "profiles/ouyang-zhiyuan-test/index.html",
    "honors/index.html",
    "documents/index.html",
    "documents/expired/index.html",
    "documents/2023-bayi-weiwen-tongzhi/index.html",
    "briefings/index.html",
    "briefings/jianbao-2026-05/index.html",
    "categories/index.html",
    "categories/gong-zuo-dong-tai/index.html",
    "tags/index.html",
    "archive/index.html",
    "archive/2026/index.html",
    "pages/about/index.html",
    "sitemap/index.html",
    "search/index.html",
    "404.html",
    // Print previews: A4 sheets one under another, scaled to a phone's width.
    "briefings/jianbao-2026-05/print/index.html",
    "documents/2023-bayi-weiwen-tongzhi/print/index.html",
];

#[test]
fn no_page_is_wider_than_a_phone_or_fails_axe_at_any_font_size() {
    let browser = common::browser();
    let f = Fixture::demo("layout");
    f.write(
        "content/profiles/ouyang-zhiyuan-test.md",
        "---\ntitle: 欧阳志远\ndate: 2026-05-01\nhonor: 最美退役军人\nyear: 2026\nregion: 綦江区古南街道\ncitation: 退役不褪色，带领村民发展特色产业二十年如一日。\nconsent: 2026-04-20\n---\n\n欧阳志远同志退役后扎根乡村。\n",
    );
    f.build_ok(&["--portable"]);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js/layout.mjs");
    let base = format!("file://{}/", f.public().display());
    let run = std::process::Command::new("node")
        .arg(&script)
        .arg(&browser)
        .arg(&base)
        .args(PAGES)
        .output()
        .expect("node (Node 20) is needed for the browser tests");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "layout.mjs failed: {stderr}");
    let mut cases = 0;
    let mut wide = Vec::new();
    for line in String::from_utf8_lossy(&run.stdout).lines() {
        let m: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        cases += 1;
        let (scroll, width) = (m["scrollWidth"].as_i64(), m["width"].as_i64());
        if let Some(cut) = m["cut"].as_array()
            && !cut.is_empty()
        {
            wide.push(format!(
                "{} at {} px, {}: text cut off: {cut:?}",
                m["page"], m["width"], m["mode"]
            ));
        }
        if let Some(narrow) = m["narrow"].as_array()
            && !narrow.is_empty()
        {
            wide.push(format!(
                "{} at {} px, {}: table cells under 3 characters wide: {narrow:?}",
                m["page"], m["width"], m["mode"]
            ));
        }
        if let Some(axe) = m["axe"].as_array() {
            if !axe.is_empty() {
                wide.push(format!(
                    "{} at {} px, {}: axe-core: {axe:?}",
                    m["page"], m["width"], m["mode"]
                ));
            }
        } else {
            wide.push(format!("{}: axe-core did not run: {m}", m["page"]));
        }
        if scroll > width {
            wide.push(format!(
                "{} at {} px, {}: {} px wide; widest {}",
                m["page"], m["width"], m["mode"], m["scrollWidth"], m["overflow"]
            ));
        }
    }
    assert_eq!(cases, PAGES.len() * 3 * 4, "not every case was measured");
    assert!(
        wide.is_empty(),
        "pages wider than the screen, with text cut off, crushed table columns or axe-core violations:\n{}",
        wide.join("\n")
    );
}

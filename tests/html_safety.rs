//! Raw HTML and Markdown links cannot run script on the published site: pages holding script
//! payloads are loaded in real headless Chromium, with a harness that fires the events the
//! payloads wait for, and the value every payload would set stays unset. A control site built
//! with `unsafe_html: true` proves the harness sees a payload that runs.

mod common;

use std::path::{Path, PathBuf};

use common::{Fixture, walk};

/// What every payload does when it runs: a mark on the top document, visible in the dumped
/// DOM (`data-pwned="NaN"`). No `=`, quotes or spaces, so that Markdown reads unquoted
/// attributes holding it as raw HTML rather than escaping them as text.
const RUN: &str = "top.document.documentElement.dataset.pwned++";

/// Raw HTML payloads (`RUN` is substituted for `$$`).
const RAW: &[&str] = &[
    "<script>$$</script>",
    "<SCRIPT>$$</SCRIPT>",
    "<div><scr<script>ipt>$$</scr<script>ipt></div>",
    "<scr<b>ipt>$$</scr</b>ipt>",
    "<img src=x onerror=$$>",
    "<img/src=x/onerror=$$>",
    "<IMG SRC=x ONERROR=$$>",
    "<img src=x onerror\n=$$>",
    "<svg onload=$$>",
    "<svg><script>$$</script></svg>",
    "<svg><a xlink:href=\"javascript:$$\"><text y=\"20\">svg链接</text></a></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=$$>",
    "<a href=\"&#106;avascript:$$\">实体链接</a>",
    "<a href=\"&#x6A;&#x61;vascript&colon;$$\">十六进制链接</a>",
    "<a href=\"java&Tab;script:$$\">制表符链接</a>",
    "<a href=\"java&#x0A;script:$$\">换行链接</a>",
    "<a href=\"&#x01;javascript:$$\">控制字符链接</a>",
    "<a href=\"JaVaScRiPt:$$\">大小写链接</a>",
    "<a href=javascript:$$>无引号链接</a>",
    "<iframe srcdoc=\"<script>$$</script>\"></iframe>",
    "<iframe src=\"javascript:$$\"></iframe>",
    "<object data=\"javascript:$$\"></object>",
    "<embed src=\"javascript:$$\">",
    "<form action=\"javascript:$$\"><button>提交</button></form>",
    "<button formaction=\"javascript:$$\">按钮</button>",
    "<base href=\"javascript:$$//\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:$$\">",
    "<details open ontoggle=$$>展开</details>",
    "<input autofocus onfocus=$$>",
    "<select autofocus onfocus=$$></select>",
    "<body onload=$$>",
    "<video><source onerror=$$></video>",
    "<audio src=x onerror=$$></audio>",
    "<div onmouseover=$$>悬停</div>",
    "<div onclick=$$>点击</div>",
    "<noscript><p title=\"</noscript><img src=x onerror=$$>\"></noscript>",
    "<textarea><img src=x onerror=$$></textarea>",
    "<title><img src=x onerror=$$></title>",
    "<!--><img src=x onerror=$$>-->",
    "<![CDATA[><img src=x onerror=$$>]]>",
    "<style>@import 'x.css';</style><p style=\"background:url(javascript:$$)\">样式</p>",
    "<xmp><img src=x onerror=$$></xmp>",
    "<a href=\"data:text/html,<script>$$</script>\">数据链接</a>",
    "<img srcset=\"javascript:$$ 1x\" src=x onerror=$$>",
];

/// Markdown links and images with script URLs (`java&#9;script:` is read as a missing file
/// of the site: the build stops, which is safe too).
const LINKS: &[&str] = &[
    "[点](javascript:$$)",
    "[点](JAVASCRIPT:$$)",
    "[点](&#106;avascript:$$)",
    "![图](javascript:$$)",
    "<javascript:$$>",
    "[引][js]\n\n[js]: javascript:$$",
    "[数据](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
];

fn payload(p: &str) -> String {
    p.replace("$$", RUN)
}

/// An article whose body holds the payloads, some before the summary marker (list pages
/// show that part).
fn article(title: &str, payloads: &[&str]) -> String {
    let mut body = format!(
        "---\ntitle: {title}\ndate: 2026-05-20\ncategories: [工作动态]\n---\n\n区双拥办开展走访慰问活动。\n\n"
    );
    for (i, p) in payloads.iter().enumerate() {
        let p = payload(p);
        // Block-level, inline in a paragraph, and unclosed before the next paragraph.
        body.push_str(&format!("{p}\n\n第{i}段文字 {p} 结束。\n\n"));
        if i == 2 {
            body.push_str("<!-- more -->\n\n");
        }
    }
    body
}

/// The site's HTML pages.
fn pages(public: &Path) -> Vec<PathBuf> {
    walk(public)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect()
}

/// Fires the events payloads wait for: every element gets `error`, `load`, `toggle`… (inline
/// handlers answer synthetic events too), and is hovered, focused and clicked;
/// clicks navigate only to `javascript:` URLs (so such a link runs if one survives), all
/// other navigation and form submission is cancelled.
const HARNESS: &str = r#"<script>
addEventListener('load', function () {
  document.addEventListener('click', function (e) {
    var a = e.target.closest && e.target.closest('a[href]');
    if (!(a && /^javascript:/i.test(a.href))) e.preventDefault();
  }, true);
  document.addEventListener('submit', function (e) { e.preventDefault(); }, true);
  document.querySelectorAll('body *').forEach(function (el) {
    ['error', 'load', 'toggle', 'focus', 'blur', 'input', 'change', 'animationstart',
     'transitionend', 'begin', 'end'].forEach(function (t) {
      try { el.dispatchEvent(new Event(t)); } catch (_) {}
    });
    try {
      el.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
      if (el.focus) el.focus();
      if (el.click) el.click();
    } catch (_) {}
  });
  document.documentElement.dataset.harness = 'done';
});
</script>"#;

/// Loads a copy of `page` with the harness in real headless Chromium and returns the DOM.
fn dump_dom(page: &Path, profile: &Path) -> String {
    let html = std::fs::read_to_string(page).unwrap();
    let harnessed = page.with_file_name(format!(
        "{}.harness.html",
        page.file_stem().unwrap().to_string_lossy()
    ));
    let with = match html.rfind("</body>") {
        Some(i) => format!("{}{HARNESS}{}", &html[..i], &html[i..]),
        None => format!("{html}{HARNESS}"),
    };
    std::fs::write(&harnessed, with).unwrap();
    let out = common::headless(profile)
        .arg("--virtual-time-budget=3000")
        .arg("--dump-dom")
        .arg(format!("file://{}", harnessed.display()))
        .output()
        .expect("run chromium");
    let _ = std::fs::remove_file(&harnessed);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Loads every page in Chromium (two at a time) and returns those where a payload ran, and
/// those where the harness did not run (the check would be blind there).
fn run_in_browser(f: &Fixture, name: &str) -> (Vec<String>, Vec<String>) {
    let pages = pages(&f.public());
    assert!(!pages.is_empty());
    let chunks: Vec<Vec<PathBuf>> = pages
        .chunks(pages.len().div_ceil(2))
        .map(<[_]>::to_vec)
        .collect();
    let results: Vec<(Vec<String>, Vec<String>)> = std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .into_iter()
            .enumerate()
            .map(|(k, chunk)| {
                let profile = f.root.join(format!("chromium-{name}-{k}"));
                s.spawn(move || {
                    let mut ran = Vec::new();
                    let mut blind = Vec::new();
                    for page in chunk {
                        let dom = dump_dom(&page, &profile);
                        let shown = page.display().to_string();
                        if dom.contains("data-pwned") {
                            ran.push(shown);
                        } else if !dom.contains("data-harness=\"done\"") {
                            blind.push(shown);
                        }
                    }
                    (ran, blind)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut ran = Vec::new();
    let mut blind = Vec::new();
    for (r, b) in results {
        ran.extend(r);
        blind.extend(b);
    }
    (ran, blind)
}

/// What in a page could run script, other than the theme's own scripts: script elements,
/// event handlers, script URLs, frames, objects, `<base>`, meta refresh, SVG and MathML
/// (`tests/common/html.rs`, the checker the fuzz suite uses too).
fn static_hazards(html: &str) -> Vec<String> {
    common::html::executable(html, common::html::theme())
        .into_iter()
        .collect()
}

fn payload_site(name: &str) -> Fixture {
    let f = Fixture::site(name);
    let half = RAW.len() / 2;
    f.write(
        "content/articles/raw-a.md",
        &article("原始HTML甲", &RAW[..half]),
    );
    f.write(
        "content/articles/raw-b.md",
        &article("原始HTML乙", &RAW[half..]),
    );
    f.write("content/articles/links.md", &article("链接", LINKS));
    f
}

#[test]
fn payloads_do_not_run_in_chromium() {
    let f = payload_site("html-safety");
    let out = f.build_ok(&[]);
    // The office is told what was removed, where.
    assert!(out.contains("已移除不安全的 HTML"), "{out}");
    assert!(out.contains("raw-a.md:"), "{out}");
    assert!(!out.contains("unsafe_html"), "{out}");
    // Statically: no script, handler or script URL anywhere in any page.
    for page in pages(&f.public()) {
        let html = std::fs::read_to_string(&page).unwrap();
        assert_eq!(
            static_hazards(&html),
            Vec::<String>::new(),
            "{}",
            page.display()
        );
    }
    let body = f.read("articles/raw-a/index.html");
    assert!(body.contains("第0段文字"), "{body}");
    // In a real browser, with every event fired.
    let (ran, blind) = run_in_browser(&f, "safe");
    assert_eq!(ran, Vec::<String>::new(), "a payload ran");
    assert_eq!(blind, Vec::<String>::new(), "the harness did not run");
}

#[test]
fn control_payload_runs_with_unsafe_html() {
    let f = Fixture::site("html-safety-control");
    f.write(
        "config.yaml",
        &format!("{}unsafe_html: true\n", common::CONFIG),
    );
    f.write(
        "content/articles/raw.md",
        &article(
            "原始HTML",
            &["<img src=x onerror=$$>", "<div onclick=$$>点击</div>"],
        ),
    );
    let out = f.build_ok(&[]);
    // Said once per build, however many pages hold raw HTML.
    assert_eq!(out.matches("unsafe_html: true").count(), 1, "{out}");
    assert!(!out.contains("已移除不安全的 HTML"), "{out}");
    let page = f.public().join("articles/raw/index.html");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(!static_hazards(&html).is_empty());
    let dom = dump_dom(&page, &f.root.join("chromium-control"));
    assert!(dom.contains("data-harness=\"done\""), "{dom}");
    assert!(
        dom.contains("data-pwned"),
        "the control payload did not run: {dom}"
    );
    // The harness also follows a script link, the kind of payload that needs a click.
    f.write(
        "content/articles/link.md",
        &article("链接", &["<a href=\"&#106;avascript:$$\">链接</a>"]),
    );
    f.build_ok(&[]);
    let page = f.public().join("articles/link/index.html");
    let dom = dump_dom(&page, &f.root.join("chromium-control"));
    assert!(dom.contains("data-pwned"), "the link did not run: {dom}");
}

#[test]
fn check_reports_removed_html() {
    let f = Fixture::site("html-safety-check");
    f.write(
        "content/articles/raw.md",
        "---\ntitle: 粘贴\ndate: 2026-05-20\n---\n\n正文。\n\n<p onclick=\"x()\">粘贴的段落</p>\n\n<table><tr><td>安全表格</td></tr></table>\n",
    );
    let out = f.run(&["check"]);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(!text.contains("没有发现问题"), "{text}");
    assert!(text.contains("已移除不安全的 HTML：onclick="), "{text}");
    assert!(text.contains("raw.md:8:1"), "{text}");
}

#[test]
fn unsafe_svg_files_are_refused_by_name() {
    let svgs = [
        r#"<svg xmlns="http://www.w3.org/2000/svg"><a href="&#106;avascript:alert(1)"><text>x</text></a></svg>"#,
        r#"<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject></svg>"#,
        r#"<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="href" to="javascript:alert(1)"/></svg>"#,
        r#"<!DOCTYPE svg [<!ENTITY a "javascript:alert(1)">]><svg xmlns="http://www.w3.org/2000/svg"/>"#,
        r#"<svg xmlns="http://www.w3.org/2000/svg"><rect"#,
    ];
    for (k, svg) in svgs.iter().enumerate() {
        let f = Fixture::site(&format!("html-safety-svg-{k}"));
        f.write(
            "content/articles/tu/index.md",
            "---\ntitle: 图\ndate: 2026-05-20\n---\n\n![示意图](tu.svg)\n",
        );
        f.write("content/articles/tu/tu.svg", svg);
        let err = f.build_err();
        assert!(err.contains("tu.svg"), "{svg}\n{err}");
        assert!(err.contains("不能发布"), "{svg}\n{err}");
        assert!(!f.public().join("articles/tu/tu.svg").exists());
    }
    let f = Fixture::site("html-safety-svg-ok");
    f.write(
        "content/articles/tu/index.md",
        "---\ntitle: 图\ndate: 2026-05-20\n---\n\n![示意图](tu.svg)\n",
    );
    f.write(
        "content/articles/tu/tu.svg",
        r##"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><defs><linearGradient id="g"/></defs><rect width="20" height="10" fill="url(#g)"/></svg>"##,
    );
    f.build_ok(&[]);
    assert!(f.public().join("articles/tu/tu.svg").exists());
}

//! `tongxin wechat` (issue 17): every exported fragment keeps to the tags, attributes and CSS
//! the 公众号 editor keeps; links become numbered notes; lists and code survive as text; images
//! and covers meet WeChat's limits without metadata; drafts and internal pages are refused;
//! over-long content is reported; the demo site exports; the preview's button copies
//! `article.html` exactly (in Chromium).

mod common;

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::Fixture;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use image::GenericImageView;

/// What the 公众号 editor keeps (reference/channels.md; the spec of issue 17), written out
/// here independently of the code under test.
const TAGS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "strong",
    "em",
    "br",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "figure",
    "img",
    "figcaption",
    "section",
    "span",
    "sup",
    "pre",
    "code",
    "hr",
    "a",
];
const ATTRS: &[&str] = &["style", "href", "src", "alt", "colspan", "rowspan"];
/// CSS the editor strips; none may appear.
const BANNED_CSS: &[&str] = &[
    "position",
    "top",
    "left",
    "right",
    "bottom",
    "z-index",
    "transform",
    "transform-origin",
    "animation",
    "transition",
    "filter",
    "backdrop-filter",
    "clip-path",
    "mask",
    "mix-blend-mode",
    "will-change",
    "contain",
];

/// One start tag of a fragment: name and attributes.
#[derive(Debug)]
struct StartTag {
    name: String,
    attrs: Vec<(String, String)>,
}

#[derive(Default)]
struct Collect(RefCell<Vec<Token>>);

impl TokenSink for Collect {
    type Handle = ();
    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        self.0.borrow_mut().push(token);
        TokenSinkResult::Continue
    }
}

/// Tokenizes HTML with html5ever: the start tags, and the text with tags removed.
fn parse(html: &str) -> (Vec<StartTag>, Vec<String>, String) {
    let tok = Tokenizer::new(Collect::default(), TokenizerOpts::default());
    let q = BufferQueue::default();
    q.push_back(StrTendril::from(html));
    let _ = tok.feed(&q);
    tok.end();
    let mut tags = Vec::new();
    let mut ends = Vec::new();
    let mut text = String::new();
    for t in tok.sink.0.take() {
        match t {
            Token::TagToken(t) if t.kind == TagKind::StartTag => tags.push(StartTag {
                name: t.name.to_string(),
                attrs: t
                    .attrs
                    .iter()
                    .map(|a| (a.name.local.to_string(), a.value.to_string()))
                    .collect(),
            }),
            Token::TagToken(t) => ends.push(t.name.to_string()),
            Token::CharacterTokens(s) => text.push_str(&s),
            Token::CommentToken(c) => panic!("comment left in the fragment: {c}"),
            _ => {}
        }
    }
    (tags, ends, text)
}

/// Asserts the fragment keeps to the allow-lists; returns its start tags.
fn assert_clean(html: &str, what: &str) -> Vec<StartTag> {
    let (tags, ends, _) = parse(html);
    for t in &tags {
        assert!(
            TAGS.contains(&t.name.as_str()),
            "{what}: <{}> not allowed",
            t.name
        );
        for (k, v) in &t.attrs {
            assert!(
                ATTRS.contains(&k.as_str()),
                "{what}: attribute {k} on <{}>",
                t.name
            );
            assert!(!k.starts_with("on"), "{what}: event attribute {k}");
            if k == "style" {
                for decl in v.split(';').filter(|d| !d.trim().is_empty()) {
                    let prop = decl.split(':').next().unwrap_or("").trim().to_lowercase();
                    assert!(
                        !BANNED_CSS
                            .iter()
                            .any(|b| prop == *b || prop.starts_with(&format!("{b}-"))),
                        "{what}: CSS {prop}"
                    );
                    assert!(!prop.starts_with("--"), "{what}: CSS variable {prop}");
                }
            }
            if k == "href" {
                assert!(
                    v.starts_with("https://mp.weixin.qq.com/"),
                    "{what}: href to another domain: {v}"
                );
            }
        }
    }
    for e in &ends {
        assert!(TAGS.contains(&e.as_str()), "{what}: </{e}> not allowed");
    }
    tags
}

/// A `width`×`height` JPEG carrying an EXIF block with a GPS IFD (latitude and a marker datum).
fn gps_jpeg(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
        .encode_image(&img)
        .unwrap();
    // TIFF: IFD0 with one entry (GPS IFD pointer), then the GPS IFD with the datum string.
    let datum = b"TXWECHAT-GPS\0";
    let mut tiff = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes());
    tiff.extend(1u16.to_le_bytes());
    tiff.extend(0x8825u16.to_le_bytes());
    tiff.extend(4u16.to_le_bytes());
    tiff.extend(1u32.to_le_bytes());
    tiff.extend(26u32.to_le_bytes());
    tiff.extend(0u32.to_le_bytes());
    assert_eq!(tiff.len(), 26);
    tiff.extend(1u16.to_le_bytes());
    tiff.extend(0x0012u16.to_le_bytes());
    tiff.extend(2u16.to_le_bytes());
    tiff.extend((datum.len() as u32).to_le_bytes());
    tiff.extend(44u32.to_le_bytes());
    tiff.extend(0u32.to_le_bytes());
    assert_eq!(tiff.len(), 44);
    tiff.extend(datum);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(((app1.len() + 2) as u16).to_be_bytes());
    out.extend(app1);
    out.extend(&jpeg[2..]);
    assert!(contains(&out, b"TXWECHAT-GPS"));
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn text_of(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

const VISIT: &str = "---\ntitle: 走访慰问退役军人\ndate: 2026-05-21\nauthor: 李明\nsource: 测试区双拥办\n责任编辑: 王芳\n审核: 赵强\nsummary: 区双拥办走访慰问退役军人。\ncover: wide.jpg\n---\n\n## 一、走访情况\n\n区双拥办走访了[日报](https://www.cqrb.cn/a)报道的家庭，另见[第一篇文章](/articles/hello/)和[公众号原文](https://mp.weixin.qq.com/s/abc)，再次引用[日报](https://www.cqrb.cn/a)。\n\n![走访现场](wide.jpg \"走访慰问现场\")\n\n1. 第一项\n   - 子项甲\n   - 子项乙\n2. 第二项\n\n```text\nfn main() {\n    走访();\n}\n```\n\n| 镇街 | 户数 |\n|---|---:|\n| 东溪 | 12 |\n\n> 引用一段话。\n\n![远程图片](https://img.example.com/x.jpg)\n\n<div class=\"x\" style=\"position:absolute\" onclick=\"alert(1)\">原始 HTML</div>\n";

/// A site with the rich article above (a 2000×1500 photo with GPS in its EXIF; widths that
/// publish no size near 1080, so the export makes its own).
fn visit_site(name: &str, base_url: bool) -> Fixture {
    let f = Fixture::site(name);
    let mut config = common::CONFIG.to_string();
    if !base_url {
        config = config.replace("base_url: https://test.example.gov.cn/\n", "");
    }
    config.push_str("images:\n  widths: [400, 1600]\n");
    f.write("config.yaml", &config);
    f.write("content/articles/visit/index.md", VISIT);
    f.write_bytes("content/articles/visit/wide.jpg", &gps_jpeg(2000, 1500));
    f
}

fn export(f: &Fixture, args: &[&str]) -> (Output, PathBuf) {
    let out = f.root.join("wechat-out");
    let mut all = vec!["wechat", "--out", out.to_str().unwrap()];
    all.extend_from_slice(args);
    (f.run(&all), out)
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn the_fragment_keeps_to_the_allow_lists_and_notes_its_links() {
    let f = visit_site("wx-rich", true);
    let (o, out) = export(&f, &["visit"]);
    assert!(o.status.success(), "{}", text_of(&o));
    let dir = out.join("articles-visit");
    let article = read(&dir.join("article.html"));
    let tags = assert_clean(&article, "articles-visit");
    let (_, _, text) = parse(&article);

    // 来源/作者 first, 编辑/审核 last.
    assert!(
        text.starts_with("来源：测试区双拥办\u{3000}作者：李明"),
        "{text}"
    );
    assert!(text.ends_with("编辑：王芳\u{3000}审核：赵强"), "{text}");
    // Headings in the site's red.
    assert!(tags.iter().any(|t| {
        t.name == "h2"
            && t.attrs
                .iter()
                .any(|(k, v)| k == "style" && v.contains("color:#c8102e"))
    }));

    // Links: numbered notes deduplicated by URL, the site's own made absolute, WeChat's kept.
    assert!(
        text.contains(
            "区双拥办走访了日报[1]报道的家庭，另见第一篇文章[2]和公众号原文，再次引用日报[1]。"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "参考链接[1] https://www.cqrb.cn/a[2] https://test.example.gov.cn/articles/hello/"
        ),
        "{text}"
    );
    let hrefs: Vec<&str> = tags
        .iter()
        .flat_map(|t| {
            t.attrs
                .iter()
                .filter(|(k, _)| k == "href")
                .map(|(_, v)| v.as_str())
        })
        .collect();
    assert_eq!(hrefs, ["https://mp.weixin.qq.com/s/abc"]);

    // Lists as lines with text markers, the nested one indented; code with its spaces.
    assert!(article.contains(">1. 第一项</p>"), "{article}");
    assert!(
        article.contains("padding-left:2em\">• 子项甲</p>"),
        "{article}"
    );
    assert!(
        article.contains("padding-left:2em\">• 子项乙</p>"),
        "{article}"
    );
    assert!(article.contains(">2. 第二项</p>"), "{article}");
    assert!(
        article
            .contains("<code>fn&nbsp;main()&nbsp;{<br>&nbsp;&nbsp;&nbsp;&nbsp;走访();<br>}</code>"),
        "{article}"
    );
    assert!(text.contains("• 子项甲"));
    // Tables with inline borders; raw HTML without its class, style or handler.
    assert!(
        article.contains("<td style=\"border:1px solid #cccccc"),
        "{article}"
    );
    assert!(text.contains("原始 HTML"));
    // A picture from another site is left out, with a warning.
    assert!(
        text_of(&o).contains("wechat/image-left-out"),
        "{}",
        text_of(&o)
    );
    assert!(
        text_of(&o).contains("content/articles/visit/index.md:35:"),
        "{}",
        text_of(&o)
    );
    assert!(!article.contains("img.example.com"));

    // The image: 1080 wide JPEG, under 1 MB, no EXIF or GPS; src is the local file (the site
    // publishes no 1080 size), as the manifest says.
    let img = std::fs::read(dir.join("images/01.jpg")).unwrap();
    assert!(img.len() < 1024 * 1024);
    assert!(img.starts_with(&[0xFF, 0xD8]));
    assert!(!contains(&img, b"Exif\0\0") && !contains(&img, b"TXWECHAT-GPS"));
    let decoded = image::load_from_memory(&img).unwrap();
    assert_eq!(decoded.dimensions(), (1080, 810));
    let manifest: serde_json::Value =
        serde_json::from_str(&read(&dir.join("manifest.json"))).unwrap();
    assert_eq!(manifest["title"], "走访慰问退役军人");
    assert_eq!(manifest["author"], "李明");
    assert_eq!(manifest["digest"], "区双拥办走访慰问退役军人。");
    assert_eq!(
        manifest["content_source_url"],
        "https://test.example.gov.cn/articles/visit/"
    );
    assert_eq!(manifest["cover"], "cover-2.35x1.jpg");
    assert_eq!(manifest["images"][0]["file"], "images/01.jpg");
    let src = manifest["images"][0]["src"].as_str().unwrap();
    assert!(
        article.contains(&format!("<img src=\"{src}\" alt=\"走访现场\"")),
        "{article}"
    );
    assert!(text.contains("走访慰问现场"), "caption");
    assert_eq!(
        read(&dir.join("digest.txt")),
        "区双拥办走访慰问退役军人。\n"
    );

    // Covers: centre crops 2.35:1 and 1:1, clean.
    for (name, ratio) in [("cover-2.35x1.jpg", 2.35), ("cover-1x1.jpg", 1.0)] {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        assert!(!contains(&bytes, b"Exif\0\0") && !contains(&bytes, b"TXWECHAT-GPS"));
        let (w, h) = image::load_from_memory(&bytes).unwrap().dimensions();
        let expected = f64::from(w) / ratio;
        assert!((f64::from(h) - expected).abs() <= 1.0, "{name}: {w}×{h}");
    }
}

#[test]
fn without_base_url_images_are_local_and_site_links_are_paths() {
    let f = visit_site("wx-local", false);
    let (o, out) = export(&f, &["articles/visit"]);
    assert!(o.status.success(), "{}", text_of(&o));
    let dir = out.join("articles-visit");
    let article = read(&dir.join("article.html"));
    assert_clean(&article, "local");
    let (_, _, text) = parse(&article);
    assert!(text.contains("[2] 本站 /articles/hello/"), "{text}");
    assert!(article.contains("<img src=\"images/01.jpg\""), "{article}");
    let manifest: serde_json::Value =
        serde_json::from_str(&read(&dir.join("manifest.json"))).unwrap();
    assert_eq!(manifest["content_source_url"], "");
    assert_eq!(manifest["images"][0]["src"], "images/01.jpg");
    let index = read(&dir.join("index.html"));
    assert!(index.contains("复制到公众号"));
    assert!(index.contains("<li>images/01.jpg</li>"), "upload list");
    // Self-contained: nothing loaded from elsewhere.
    let (tags, _, _) = parse(&index);
    for t in &tags {
        assert!(t.name != "link" && t.name != "iframe", "loads <{}>", t.name);
        for (k, v) in &t.attrs {
            if k == "src" {
                assert!(!v.contains("//"), "loads {v}");
            }
        }
    }
    assert!(!index.contains("url("), "no CSS loads");
}

#[test]
fn an_article_without_images_has_no_cover() {
    let f = Fixture::site("wx-plain");
    let (o, out) = export(&f, &["hello"]);
    assert!(o.status.success(), "{}", text_of(&o));
    let dir = out.join("articles-hello");
    let manifest: serde_json::Value =
        serde_json::from_str(&read(&dir.join("manifest.json"))).unwrap();
    assert_eq!(manifest["cover"], serde_json::Value::Null);
    assert_eq!(manifest["images"], serde_json::json!([]));
    assert_eq!(manifest["author"], "");
    assert!(!dir.join("cover-2.35x1.jpg").exists());
    assert_eq!(
        read(&dir.join("digest.txt")),
        "区双拥办开展走访慰问活动。\n"
    );
}

#[test]
fn drafts_and_internal_pages_are_never_exported() {
    let f = Fixture::site("wx-withheld");
    f.write(
        "content/articles/secret.md",
        "---\ntitle: 草稿文章\ndate: 2026-05-20\ndraft: true\n---\n\n尚未审定。\n",
    );
    f.write(
        "content/articles/inside.md",
        "---\ntitle: 内部文章\ndate: 2026-05-20\nvisibility: internal\n---\n\n内部情况。\n",
    );
    f.write(
        "content/pages/about.md",
        "---\ntitle: 关于我们\n---\n\n本站介绍。\n",
    );
    for name in ["secret", "inside", "about"] {
        let (o, out) = export(&f, &[name, "hello"]);
        let t = text_of(&o);
        assert!(!o.status.success(), "{name}: {t}");
        assert!(t.contains("wechat/withheld"), "{name}: {t}");
        assert!(t.contains(name), "{t}");
        assert!(!out.exists(), "{name}: nothing may be written");
    }
    // --all leaves them out.
    let (o, out) = export(&f, &["--all"]);
    assert!(o.status.success(), "{}", text_of(&o));
    let folders: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(folders, ["articles-hello"]);
}

#[test]
fn since_exports_what_is_dated_on_or_after_the_day() {
    let f = Fixture::site("wx-since");
    f.write(
        "content/articles/newer.md",
        "---\ntitle: 新文章\ndate: 2026-06-01\n---\n\n六月的文章。\n",
    );
    let (o, out) = export(&f, &["--since", "2026-05-21"]);
    assert!(o.status.success(), "{}", text_of(&o));
    assert!(out.join("articles-newer/article.html").exists());
    assert!(!out.join("articles-hello").exists());
    let (o, _) = export(&f, &["--since", "2026-13-01"]);
    assert!(!o.status.success());
    assert!(text_of(&o).contains("cli/argument"), "{}", text_of(&o));
}

#[test]
fn unknown_names_get_a_suggestion_and_the_website_output_is_refused() {
    let f = Fixture::site("wx-names");
    let (o, out) = export(&f, &["helo"]);
    let t = text_of(&o);
    assert!(!o.status.success());
    assert!(
        t.contains("没有名为“helo”") && t.contains("是不是“hello”"),
        "{t}"
    );
    assert!(!out.exists());

    let inside = f.root.join("public/wechat");
    let o = f.run(&["wechat", "--all", "--out", inside.to_str().unwrap()]);
    let t = text_of(&o);
    assert!(
        !o.status.success() && t.contains("wechat/into-website"),
        "{t}"
    );
    assert!(!inside.exists());

    let o = f.run(&["wechat"]);
    assert!(!o.status.success() && text_of(&o).contains("wechat/nothing"));
}

#[test]
fn over_long_titles_and_articles_are_reported() {
    let f = Fixture::site("wx-long");
    let title = "关于".to_string() + &"认真做好双拥工作".repeat(5);
    f.write(
        "content/articles/long-title.md",
        &format!("---\ntitle: {title}\ndate: 2026-05-20\n---\n\n正文。\n"),
    );
    let (o, _) = export(&f, &["long-title"]);
    let t = text_of(&o);
    assert!(o.status.success(), "a long title is a warning: {t}");
    assert!(t.contains("wechat/title-too-long"), "{t}");
    assert!(t.contains("content/articles/long-title.md:2:8"), "{t}");

    f.write(
        "content/articles/long-author.md",
        "---\ntitle: 短标题\ndate: 2026-05-20\nauthor: 綦江区退役军人事务局政策法规科全体同志\n---\n\n正文。\n",
    );
    let (o, _) = export(&f, &["long-author"]);
    let t = text_of(&o);
    assert!(o.status.success(), "{t}");
    assert!(t.contains("wechat/author-too-long"), "{t}");
    assert!(t.contains("content/articles/long-author.md:4:9"), "{t}");

    let body = "区双拥办开展走访慰问活动，为退役军人送去节日问候。\n\n".repeat(900);
    f.write(
        "content/articles/long-body.md",
        &format!("---\ntitle: 长文\ndate: 2026-05-20\n---\n\n{body}"),
    );
    let (o, out) = export(&f, &["long-body"]);
    let t = text_of(&o);
    assert!(!o.status.success(), "{t}");
    assert!(t.contains("wechat/content-too-long"), "{t}");
    assert!(t.contains("content/articles/long-body.md"), "{t}");
    assert!(!out.join("articles-long-body").exists());
}

#[test]
fn the_demo_site_exports_everything_cleanly() {
    let f = Fixture::demo("wx-demo");
    let (o, out) = export(&f, &["--all"]);
    let t = text_of(&o);
    assert!(o.status.success(), "{t}");
    assert!(!t.contains("错误"), "{t}");
    let mut count = 0;
    for e in std::fs::read_dir(&out).unwrap() {
        let dir = e.unwrap().path();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            ["articles-", "profiles-", "briefings-"]
                .iter()
                .any(|p| name.starts_with(p)),
            "{name}"
        );
        let article = read(&dir.join("article.html"));
        assert_clean(&article, &name);
        assert!(article.chars().count() < 20_000);
        let digest = read(&dir.join("digest.txt"));
        assert!(digest.trim_end().chars().count() <= 128, "{name}");
        let manifest: serde_json::Value =
            serde_json::from_str(&read(&dir.join("manifest.json"))).unwrap();
        assert!(manifest["title"].as_str().unwrap().chars().count() <= 64);
        for img in manifest["images"].as_array().unwrap() {
            let file = dir.join(img["file"].as_str().unwrap());
            let bytes = std::fs::read(&file).unwrap();
            assert!(bytes.len() < 1024 * 1024, "{}", file.display());
            assert!(!contains(&bytes, b"Exif\0\0"), "{}", file.display());
            let (w, _) = image::load_from_memory(&bytes).unwrap().dimensions();
            assert!(w <= 1080, "{}", file.display());
            let src = img["src"].as_str().unwrap();
            assert!(article.contains(&format!("src=\"{src}\"")), "{name}: {src}");
        }
        count += 1;
    }
    assert!(count >= 10, "{count} folders");
    // Internal briefings (专报) are not among them.
    assert!(!out.join("briefings-zhuanbao-2026-01").exists());
}

/// The copy button in Chromium: the clipboard's text/html equals article.html. Chromium's
/// asynchronous clipboard read may prefix `<meta charset='utf-8'>` to HTML it hands out; that
/// exact prefix (and nothing else) is removed before comparing.
#[test]
fn the_copy_button_puts_article_html_on_the_clipboard() {
    let browser = common::browser();
    let f = visit_site("wx-copy", false);
    let (o, out) = export(&f, &["visit"]);
    assert!(o.status.success(), "{}", text_of(&o));
    let dir = out.join("articles-visit");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js/wechat-copy.mjs");
    let url = format!("file://{}", dir.join("index.html").display());
    let run = std::process::Command::new("node")
        .arg(&script)
        .arg(&browser)
        .arg(&url)
        .output()
        .expect("node (Node 20) is needed for the browser tests");
    assert!(run.status.success(), "{}", text_of(&run));
    let result: serde_json::Value =
        serde_json::from_slice(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", text_of(&run)));
    assert!(
        result["status"]
            .as_str()
            .unwrap_or("")
            .starts_with("已复制"),
        "{result}"
    );
    let html = result["html"].as_str().expect("text/html on the clipboard");
    let html = html.strip_prefix("<meta charset='utf-8'>").unwrap_or(html);
    let article = read(&dir.join("article.html"));
    if html != article {
        let at = html
            .char_indices()
            .zip(article.chars())
            .find(|((_, a), b)| a != b)
            .map_or(html.len().min(article.len()), |((i, _), _)| i);
        let from = html.floor_char_boundary(at.saturating_sub(80));
        panic!(
            "clipboard differs at byte {at}:\nclipboard: {}\narticle:   {}",
            &html[from..html.ceil_char_boundary((at + 80).min(html.len()))],
            &article
                [from.min(article.len())..article.ceil_char_boundary((at + 80).min(article.len()))]
        );
    }
}

/// A raw HTTP GET: status and body.
fn http_get(addr: &str, path: &str) -> (u16, Vec<u8>) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(buf.len());
    let head = String::from_utf8_lossy(&buf[..split]).to_string();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, buf.get(split + 4..).unwrap_or_default().to_vec())
}

/// `serve` links article pages to their live 公众号 preview (never in what `build` writes),
/// renders the preview and its images on request, and shows an edit at once.
#[test]
fn serve_links_and_renders_the_live_preview() {
    use std::io::{BufRead, BufReader};
    let f = visit_site("wx-serve", true);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tongxin"))
        .arg("--root")
        .arg(&f.root)
        .args(["serve", "--port", "0"])
        .env("LANG", "zh_CN.UTF-8")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start serve");
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let stdout = child.stdout.take().unwrap();
    let _guard = Kill(child);
    let mut addr = String::new();
    for line in BufReader::new(stdout).lines().map_while(Result::ok) {
        if let Some(rest) = line.split("http://").nth(1) {
            addr = rest.split('/').next().unwrap().to_string();
            break;
        }
    }
    assert!(!addr.is_empty(), "serve did not start");
    let page = |p: &str| {
        let (s, b) = http_get(&addr, p);
        (s, String::from_utf8_lossy(&b).into_owned())
    };

    let (status, article) = page("/articles/visit/");
    assert_eq!(status, 200);
    assert!(
        article.contains("href=\"/__wechat/articles/visit/\"") && article.contains("公众号版"),
        "{article}"
    );
    let (_, home) = page("/");
    assert!(!home.contains("公众号版"));

    let (status, preview) = page("/__wechat/articles/visit/");
    assert_eq!(status, 200, "{preview}");
    assert!(preview.contains("复制到公众号") && preview.contains("一、走访情况"));
    let (status, img) = http_get(&addr, "/__wechat/articles/visit/images/01.jpg");
    assert_eq!(status, 200);
    assert_eq!(image::load_from_memory(&img).unwrap().dimensions().0, 1080);
    assert_eq!(page("/__wechat/pages/none/").0, 404);

    // Live: an edit shows in the preview.
    f.write(
        "content/articles/visit/index.md",
        &VISIT.replace("## 一、走访情况", "## 一、入户走访情况"),
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let (_, p) = page("/__wechat/articles/visit/");
        if p.contains("一、入户走访情况") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the edit never showed"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }

    // Never written by build.
    f.build_ok(&[]);
    for (path, bytes) in common::snapshot(&f.public()) {
        assert!(!contains(&bytes, "公众号版".as_bytes()), "{path}");
        assert!(!contains(&bytes, b"__wechat"), "{path}");
    }
}

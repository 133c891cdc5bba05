//! Under an article: 相关文章 chosen by shared 标签 and 栏目, and a QR code of the page's
//! address that a phone can scan (decoded here from a real browser's screenshot).

mod common;

use common::Fixture;

fn article(f: &Fixture, name: &str, day: u32, terms: &str) {
    f.write(
        &format!("content/articles/{name}.md"),
        &format!("---\ntitle: 文章{name}\ndate: 2026-01-{day:02}\n{terms}---\n\n正文。\n"),
    );
}

/// The links of the 相关文章 list of `html`, in order.
fn related(html: &str) -> Vec<String> {
    let Some(start) = html.find(r#"<section class="related""#) else {
        return Vec::new();
    };
    let end = start + html[start..].find("</section>").unwrap();
    common::links(&html[start..end])
}

#[test]
fn related_articles_share_terms_and_leave_out_the_neighbours() {
    let f = Fixture::empty("related");
    f.write("config.yaml", "title: 测试双拥网\n");
    article(&f, "a1", 1, "tags: [兵妈妈]\n");
    article(&f, "a2", 2, "tags: [兵妈妈]\ncategories: [基层风采]\n");
    article(&f, "a3", 3, "tags: [光荣牌]\n");
    article(
        &f,
        "a4",
        4,
        "tags: [兵妈妈, 光荣牌]\ncategories: [基层风采]\n",
    );
    article(&f, "a5", 5, "tags: [兵妈妈]\n");
    article(&f, "a6", 6, "tags: [其他]\n");
    article(&f, "a7", 7, "tags: [光荣牌]\n");
    article(&f, "a8", 8, "");
    f.build_ok(&[]);
    // a5 and a3 are a4's newer and older neighbours (linked as 上一篇/下一篇); a2 shares a tag
    // and the 栏目, so it leads; a7 and a1 share a tag, newest first; a6 and a8 share nothing.
    assert_eq!(
        related(&f.read("articles/a4/index.html")),
        [
            "../../articles/a2/",
            "../../articles/a7/",
            "../../articles/a1/"
        ]
    );
    let a4 = f.read("articles/a4/index.html");
    assert!(a4.contains(r#"<h2 class="related-title" id="related-title">相关文章</h2>"#));
    // Nothing shared, nothing shown: no empty heading.
    assert!(related(&f.read("articles/a8/index.html")).is_empty());
    assert!(!f.read("articles/a8/index.html").contains("相关文章"));
    assert!(!f.read("articles/a6/index.html").contains("相关文章"));
    // No base_url: no address to put in a QR code.
    assert!(!a4.contains("qr-code"));
}

#[test]
fn the_qr_code_under_an_article_scans_to_its_address() {
    let f = Fixture::demo("qr-code");
    f.build_ok(&[]);
    let html = f.read("articles/2026-05-bingmama-zuotanhui/index.html");
    let url = "https://sy.example.gov.cn/articles/2026-05-bingmama-zuotanhui/";
    assert!(html.contains(&format!("本页网址：{url}")));
    let start = html.find(r#"<svg class="qr-code""#).expect("a QR code");
    let end = start + html[start..].find("</svg>").unwrap() + "</svg>".len();
    // The code alone on a page, 300 px wide, as the browser draws it.
    let page = f.root.join("qr.html");
    std::fs::write(
        &page,
        format!(
            "<!DOCTYPE html><html><head><style>body{{margin:20px;background:#fff}} svg{{width:300px;height:300px}}</style></head><body>{}</body></html>",
            &html[start..end]
        ),
    )
    .unwrap();
    let shot = f.root.join("qr.png");
    let run = common::headless(&f.root.join("chrome"))
        .args(["--hide-scrollbars", "--window-size=340,340"])
        .arg(format!("--screenshot={}", shot.display()))
        .arg(tongxin::commands::browser::file_url(&page))
        .output()
        .unwrap();
    assert!(shot.is_file(), "{}", String::from_utf8_lossy(&run.stderr));
    let img = image::open(&shot).unwrap().to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(img);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the screenshot");
    let (_, content) = grids[0].decode().expect("the code decodes");
    assert_eq!(content, url);
}

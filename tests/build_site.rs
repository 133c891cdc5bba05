//! Builds the demo site and fixture sites with the real binary and checks the output files.

mod common;

use common::*;

#[test]
fn demo_site_every_published_file_has_its_page() {
    let f = Fixture::demo("demo-pages");
    f.build_ok(&[]);
    let content = f.root.join("content");
    let mut checked = 0;
    for file in walk(&content) {
        if file.extension().and_then(|e| e.to_str()) != Some("md") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let rel = file
            .strip_prefix(&content)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let section = rel.split('/').next().unwrap();
        let title_line = text
            .lines()
            .find(|l| l.starts_with("title:") || l.starts_with("标题:"))
            .unwrap();
        let title = title_line
            .split_once(':')
            .unwrap()
            .1
            .trim()
            .trim_matches('"')
            .to_string();
        let is_draft = text
            .lines()
            .any(|l| l.trim() == "draft: true" || l.trim() == "草稿: true");
        let is_internal = text
            .lines()
            .any(|l| l.contains("visibility: internal") || l.contains("公开: internal"))
            || text.contains("series: zhuanbao");
        let found = walk(&f.public().join(section)).into_iter().any(|p| {
            p.file_name().is_some_and(|n| n == "index.html")
                && std::fs::read_to_string(&p)
                    .unwrap()
                    .contains(&"<h1".to_string())
                && std::fs::read_to_string(&p)
                    .unwrap()
                    .contains(&html_escape(&title))
        });
        if is_draft || is_internal {
            assert!(
                !found || section == "articles" && !is_draft,
                "{rel} must not be published"
            );
        } else {
            assert!(found, "no page for {rel} (title {title})");
            checked += 1;
        }
    }
    assert!(checked >= 25, "only {checked} pages checked");
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[test]
fn chinese_file_name_gets_ascii_pinyin_url() {
    let f = Fixture::site("pinyin");
    f.write(
        "content/articles/春节走访慰问困难退役军人.md",
        "---\ntitle: 春节走访\ndate: 2026-01-20\ntags: [子女教育, 绿色出行]\n---\n正文。\n",
    );
    f.build_ok(&[]);
    assert!(
        f.public().join("tags/zi-nv-jiao-yu/index.html").is_file(),
        "ü must become v"
    );
    let page = f
        .public()
        .join("articles/chun-jie-zou-fang-wei-wen-kun-nan-tui-yi-jun-ren/index.html");
    assert!(page.is_file(), "missing {}", page.display());
    for p in walk(&f.public()) {
        let rel = p
            .strip_prefix(f.public())
            .unwrap()
            .to_string_lossy()
            .to_string();
        assert!(rel.is_ascii(), "non-ASCII output path {rel}");
    }
}

#[test]
fn drafts_and_internal_briefings_reach_no_output_file() {
    let f = Fixture::site("secrets");
    f.write("content/articles/draft.md", "---\ntitle: 草稿文章\ndate: 2026-05-01\ndraft: true\ntags: [草稿专用标签XJ]\n---\nDRAFT-MARKER-7Q 这是草稿。\n");
    f.write("content/articles/internal.md", "---\ntitle: 内部通报\ndate: 2026-05-02\nvisibility: internal\n---\nINTERNAL-ARTICLE-MARKER-3K\n");
    f.write("content/briefings/zhuanbao-1.md", "---\ntitle: 专报标题ZB-TITLE-MARKER\nseries: zhuanbao\nissue: 1\ndate: 2026-06-01\nclassification: 内部资料 注意保存\n---\nZHUANBAO-MARKER-9P 专报正文。\n");
    f.write(
        "content/articles/bundle-draft/index.md",
        "---\ntitle: 草稿包\ndate: 2026-05-03\ndraft: true\n---\n![图](secret.txt)\n",
    );
    f.write(
        "content/articles/bundle-draft/secret.txt",
        "BUNDLE-ASSET-MARKER-5R",
    );
    f.build_ok(&[]);
    let snap = snapshot(&f.public());
    assert!(snap.len() > 10);
    for (path, bytes) in &snap {
        let text = String::from_utf8_lossy(bytes);
        for marker in [
            "DRAFT-MARKER-7Q",
            "草稿专用标签XJ",
            "INTERNAL-ARTICLE-MARKER-3K",
            "ZHUANBAO-MARKER-9P",
            "ZB-TITLE-MARKER",
            "BUNDLE-ASSET-MARKER-5R",
            "草稿文章",
            "内部通报",
        ] {
            assert!(!text.contains(marker), "{marker} leaked into {path}");
        }
        assert!(
            !path.contains("draft") && !path.contains("internal") && !path.contains("zhuanbao"),
            "leaked path {path}"
        );
    }
    // With --drafts the draft appears in the preview folder, never in public/ (internal content
    // appears in neither).
    f.build_ok(&["--drafts"]);
    assert!(f.drafts().join("articles/draft/index.html").is_file());
    assert!(!f.public().join("articles/draft/index.html").exists());
    assert!(!f.drafts().join("articles/internal/index.html").exists());
    assert!(!f.read_drafts("sitemap.xml").contains("INTERNAL"));
}

#[test]
fn chinese_bold_after_full_stop_is_strong() {
    let f = Fixture::site("bold");
    f.write("content/articles/bold.md", "---\ntitle: 加粗\ndate: 2026-05-20\n---\n\n**一是健全领导机构。**成立了以区长为组长的领导小组。\n\n**二是落实优待政策。**全年发放优待金。\n");
    f.build_ok(&[]);
    let html = f.read("articles/bold/index.html");
    assert!(
        html.contains("<strong>一是健全领导机构。</strong>成立了"),
        "{html}"
    );
    assert!(!html.contains("**"), "literal ** in output");
}

#[test]
fn gbk_and_bom_crlf_files_decode() {
    let f = Fixture::site("encodings");
    let (gbk, _, _) = encoding_rs::GBK.encode("---\ntitle: 拥军优属工作动态\ndate: 2026-03-01\n---\n\n春节前夕，区双拥办走访慰问困难退役军人家庭，送去慰问金。\n");
    f.write_bytes("content/articles/gbk.md", &gbk);
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice("---\r\ntitle: 光荣牌悬挂\r\ndate: 2026-03-02\r\ntags: [光荣牌]\r\n---\r\n\r\n为退役军人家庭悬挂光荣牌。\r\n".as_bytes());
    f.write_bytes("content/articles/bom.md", &bom);
    let mut utf16 = vec![0xFF, 0xFE];
    for u in
        "---\r\ntitle: 双拥共建\r\ndate: 2026-03-03\r\n---\r\n军民共建文明社区。\r\n".encode_utf16()
    {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    f.write_bytes("content/articles/utf16.md", &utf16);
    let log = f.build_ok(&[]);
    assert!(log.contains("GBK"), "GBK should be reported: {log}");
    assert!(f.read("articles/gbk/index.html").contains("送去慰问金"));
    let bom_page = f.read("articles/bom/index.html");
    assert!(bom_page.contains("光荣牌悬挂") && bom_page.contains("为退役军人家庭悬挂光荣牌"));
    assert!(
        f.read("articles/utf16/index.html")
            .contains("军民共建文明社区")
    );
}

#[test]
fn demo_site_links_all_resolve_and_none_are_absolute() {
    let f = Fixture::demo("crawl");
    f.build_ok(&[]);
    let Crawl {
        broken,
        absolute,
        checked,
    } = crawl(&f.public(), false);
    assert!(checked > 500, "crawler checked only {checked} links");
    assert!(broken.is_empty(), "broken links: {broken:#?}");
    assert!(absolute.is_empty(), "absolute links: {absolute:#?}");
}

#[test]
fn portable_build_links_name_files() {
    let f = Fixture::demo("portable");
    f.build_ok(&["--portable"]);
    let Crawl {
        broken,
        absolute,
        checked,
    } = crawl(&f.public(), true);
    assert!(checked > 500);
    assert!(broken.is_empty(), "portable links: {broken:#?}");
    assert!(absolute.is_empty(), "absolute links: {absolute:#?}");
    let home = f.read("index.html");
    assert!(
        home.contains("href=\"./articles/index.html\""),
        "menu link should end in index.html"
    );
}

#[test]
fn feeds_and_sitemap_are_xml() {
    let f = Fixture::demo("xml");
    f.build_ok(&[]);
    for feed in [
        "rss.xml",
        "articles/rss.xml",
        "profiles/rss.xml",
        "briefings/rss.xml",
        "documents/rss.xml",
    ] {
        let text = f.read(feed);
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{feed}: {e}"));
        assert_eq!(doc.root_element().tag_name().name(), "rss");
        let items = doc.descendants().filter(|n| n.has_tag_name("item")).count();
        if feed == "rss.xml" || feed == "articles/rss.xml" {
            assert!(items >= 10, "{feed} has {items} items");
        }
        for link in doc
            .descendants()
            .filter(|n| n.has_tag_name("link") && n.tag_name().namespace().is_none())
        {
            assert!(
                link.text()
                    .unwrap_or("")
                    .starts_with("https://sy.example.gov.cn/"),
                "{feed}"
            );
        }
    }
    let sitemap = f.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.len() > 30);
    assert!(
        locs.iter()
            .all(|l| l.starts_with("https://sy.example.gov.cn/"))
    );
    assert!(
        f.read("robots.txt")
            .contains("Sitemap: https://sy.example.gov.cn/sitemap.xml")
    );
}

#[test]
fn failed_build_leaves_previous_output_byte_identical() {
    let f = Fixture::site("atomic");
    f.build_ok(&[]);
    let before = snapshot(&f.public());
    f.write(
        "content/articles/broken.md",
        "---\ntitle: 坏文件\ndate: 2026-02-30\n---\n正文\n",
    );
    f.write(
        "content/articles/new-good.md",
        "---\ntitle: 新文章\ndate: 2026-05-21\n---\n正文\n",
    );
    f.build_err();
    assert_eq!(
        before,
        snapshot(&f.public()),
        "output changed after a failed build"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&f.root)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "staging folder left behind");
}

#[test]
fn site_pages_lists_and_metadata() {
    let f = Fixture::demo("pages");
    f.build_ok(&[]);
    for p in [
        "index.html",
        "404.html",
        "articles/index.html",
        "profiles/index.html",
        "honors/index.html",
        "briefings/index.html",
        "documents/index.html",
        "documents/valid/index.html",
        "documents/expired/index.html",
        "categories/index.html",
        "tags/index.html",
        "archive/index.html",
        "archive/2026/index.html",
        "pages/about/index.html",
    ] {
        assert!(f.public().join(p).is_file(), "missing {p}");
    }
    let article = f.read("articles/2026-03-shuangyong-gongzuo-huiyi/index.html");
    for needle in [
        "<meta name=\"SiteName\" content=\"綦江双拥网\"",
        "name=\"ColumnName\"",
        "<meta name=\"ColumnType\" content=\"工作动态\">",
        "<meta name=\"ColumnKeywords\" content=\"双拥,工作动态,拥军优属,拥政爱民\">",
        "<meta name=\"ColumnDescription\" content=\"綦江双拥网工作动态栏目：",
        "name=\"ArticleTitle\"",
        "name=\"PubDate\"",
        "name=\"ContentSource\"",
        "name=\"Keywords\"",
        "name=\"Description\"",
        "name=\"Url\"",
        "property=\"og:title\"",
        "aria-label=\"当前位置\"",
        "渝ICP备",
        "公网安备",
        "5002220001",
    ] {
        assert!(article.contains(needle), "article lacks {needle}");
    }
    // Heading anchors are present and keep the Chinese text.
    let qa = f.read("articles/2026-04-junshu-youdai-wenda/index.html");
    assert!(qa.contains("<h2 id=\"一"), "no Chinese heading ids");
    // 光荣榜 lists every profile under its honor.
    let honors = f.read("honors/index.html");
    for name in ["张建国", "欧阳秀兰", "最美退役军人", "最美兵妈妈"] {
        assert!(honors.contains(name), "光荣榜 lacks {name}");
    }
    // Briefing page: issue label, editor's note, items with 目录, distribution.
    let b = f.read("briefings/jianbao-2026-05/index.html");
    for needle in ["第5期", "总第41期", "报", "共印"] {
        assert!(b.contains(needle), "briefing lacks {needle}");
    }
    // The expired document is in the 失效 filter and not in 有效.
    let expired = f.read("documents/expired/index.html");
    let valid = f.read("documents/valid/index.html");
    assert!(expired.contains("2023"), "失效 list");
    assert!(
        !valid.contains("〔2023〕"),
        "有效 list contains the 2023 document"
    );
    // Attachment copied and linked.
    assert!(
        walk(&f.public().join("documents"))
            .iter()
            .any(|p| p.extension().is_some_and(|e| e == "docx"))
    );
}

#[test]
fn aliases_redirect_relatively() {
    let f = Fixture::site("aliases");
    f.write("content/articles/moved.md", "---\ntitle: 迁移的文章\ndate: 2026-05-20\naliases: [/news/2019/123.html, /old/path/]\n---\n正文\n");
    f.build_ok(&[]);
    let r = f.read("news/2019/123.html");
    assert!(r.contains("../../articles/moved/"), "{r}");
    assert!(f.public().join("old/path/index.html").is_file());
}

#[test]
fn init_then_new_then_build() {
    let f = Fixture::empty("init");
    let site = f.root.join("site");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tongxin"))
        .arg("init")
        .arg(&site)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_tongxin"))
            .arg("--root")
            .arg(&site)
            .args(args)
            .output()
            .unwrap()
    };
    for args in [
        &["new", "article", "八一走访慰问"][..],
        &["new", "profile", "李卫国"],
        &["new", "document", "关于做好优待工作的通知"],
        &["new", "page", "联系我们"],
    ] {
        let o = run(args);
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let this_month = {
        let out = run(&["new", "briefing", "本月简报", "--month", "2026-05"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    assert!(this_month.contains("content/briefings/"));
    let o = run(&["build"]);
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    // A second init into the same folder refuses and changes nothing.
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_tongxin"))
        .arg("init")
        .arg(&site)
        .output()
        .unwrap();
    assert!(!again.status.success());
}

#[test]
fn briefing_month_prefills_items() {
    let f = Fixture::site("month");
    f.write(
        "content/articles/may-a.md",
        "---\ntitle: 五月甲\ndate: 2026-05-03\n---\n正文\n",
    );
    f.write(
        "content/articles/june-b.md",
        "---\ntitle: 六月乙\ndate: 2026-06-03\n---\n正文\n",
    );
    let out = f.run(&["new", "briefing", "五月简报", "--month", "2026-05"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = walk(&f.root.join("content/briefings")).pop().unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains("articles/may-a.md"), "{text}");
    assert!(text.contains("articles/hello.md"), "{text}");
    assert!(!text.contains("june-b"), "{text}");
    f.build_ok(&[]);
}

#[test]
fn rebuilds_recycle_output_without_stale_files() {
    let f = Fixture::site("recycle");
    f.write(
        "content/articles/gone.md",
        "---\ntitle: 将被删除\ndate: 2026-05-01\ntags: [临时标签]\n---\n正文\n",
    );
    f.build_ok(&[]);
    assert!(f.public().join("articles/gone/index.html").is_file());
    // Second build recycles nothing yet; third recycles the first build's tree.
    f.build_ok(&[]);
    std::fs::remove_file(f.root.join("content/articles/gone.md")).unwrap();
    f.write(
        "content/articles/hello.md",
        "---\ntitle: 改过的标题\ndate: 2026-05-20\n---\n新正文\n",
    );
    f.build_ok(&[]);
    assert!(
        !f.public().join("articles/gone").exists(),
        "deleted article still published"
    );
    assert!(!f.read("tags/index.html").contains("临时标签"));
    assert!(f.read("articles/hello/index.html").contains("改过的标题"));
    // A fresh build into another folder gives the same files, byte for byte.
    let fresh = f.root.join("fresh");
    f.build_ok(&["--output", fresh.to_str().unwrap()]);
    let a = snapshot(&f.public());
    let b = snapshot(&fresh);
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    assert!(a == b, "recycled output differs from a clean build");
}

#[test]
fn a_zhuanbao_never_gets_a_table_of_contents_on_the_web_or_on_paper() {
    let f = Fixture::site("contents");
    for n in 1..=3 {
        f.write(
            &format!("content/articles/item-{n}.md"),
            &format!("---\ntitle: 第{n}条消息\ndate: 2026-05-0{n}\n---\n\n消息正文{n}。\n"),
        );
    }
    let items = "items: [articles/item-1.md, articles/item-2.md, articles/item-3.md]";
    f.write(
        "content/briefings/jianbao-2026-05.md",
        &format!("---\ntitle: 测试双拥工作简报（第5期）\nseries: jianbao\nissue: 5\ntotal: 41\ndate: 2026-05-28\n{items}\n---\n\n编者按。\n"),
    );
    f.write(
        "content/briefings/zhuanbao-2026-01.md",
        &format!("---\ntitle: 关于测试工作的专报\nseries: zhuanbao\nissue: 1\ndate: 2026-05-29\nvisibility: public\n{items}\n---\n\n专报按语。\n"),
    );
    f.build_ok(&[]);
    // A 简报 of three items opens with its 本期要目, on the web page and on the print page.
    let web = f.read("briefings/jianbao-2026-05/index.html");
    let paper = f.read("briefings/jianbao-2026-05/print/index.html");
    for page in [&web, &paper] {
        assert!(page.contains("本期要目"), "{page}");
        assert!(page.contains("总第41期"), "{page}");
    }
    // The same three items in a 专报 get none, on either.
    let web = f.read("briefings/zhuanbao-2026-01/index.html");
    let paper = f.read("briefings/zhuanbao-2026-01/print/index.html");
    for page in [&web, &paper] {
        assert!(page.contains("第3条消息"), "{page}");
        assert!(!page.contains("本期要目"), "{page}");
    }
}

#[test]
fn government_site_details_in_titles_meta_footer_and_forms() {
    let f = Fixture::site("gov-details");
    f.write(
        "config.yaml",
        &format!("{CONFIG}paginate: 1\npolice_record: 渝公网安备 50022202000123号\n"),
    );
    f.write(
        "content/articles/timed.md",
        "---\ntitle: 有时间的文章\ndate: 2026-05-21 09:30\n---\n\n正文。\n",
    );
    f.write(
        "content/documents/tongzhi.md",
        "---\ntitle: 关于做好走访慰问工作的通知\ndate: 2026-05-22\ndoc_no: 测拥〔2026〕1号\npublisher: 测试区双拥办\nwritten: 2026-05-20\n---\n\n各镇街：\n\n请做好走访慰问工作。\n\n附件：慰问对象名单\n\n测试区双拥办\n\n2026年5月20日\n",
    );
    f.build_ok(&[]);
    // A document's 发文机关 and 成文日期 are marked for right alignment; the 附件 line is not.
    let doc = f.read("documents/tongzhi/index.html");
    assert!(doc.contains("<p>附件：慰问对象名单</p>"), "{doc}");
    assert!(
        doc.contains(r#"<p class="doc-closing">测试区双拥办</p>"#),
        "{doc}"
    );
    assert!(
        doc.contains(r#"<p class="doc-closing">2026年5月20日</p>"#),
        "{doc}"
    );
    assert!(doc.contains("<p>请做好走访慰问工作。</p>"), "{doc}");
    // Later pages of a list have their own <title>.
    let first = f.read("articles/index.html");
    let second = f.read("articles/page/2/index.html");
    assert!(
        first.contains("<title>工作动态 - 测试双拥网</title>"),
        "{first}"
    );
    assert!(
        second.contains("<title>工作动态（第2页） - 测试双拥网</title>"),
        "{second}"
    );
    // PubDate carries a time only when one was written.
    assert!(
        f.read("articles/hello/index.html")
            .contains(r#"<meta name="PubDate" content="2026-05-20">"#)
    );
    assert!(
        f.read("articles/timed/index.html")
            .contains(r#"<meta name="PubDate" content="2026-05-21 09:30">"#)
    );
    // The 公安备案 links to its record; the footer links the 网站地图.
    assert!(first.contains(
        r#"href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=50022202000123""#
    ));
    assert!(
        first.contains(r#"<a href="../sitemap/">网站地图</a>"#),
        "{first}"
    );
    let map = f.read("sitemap/index.html");
    for link in [
        r#"href="../articles/">工作动态</a>"#,
        r#"href="../honors/">光荣榜</a>"#,
        r#"href="../documents/">政策文件</a>"#,
        r#"href="../archive/">归档</a>"#,
        r#"href="../search/">站内搜索</a>"#,
    ] {
        assert!(
            map.contains(link),
            "{link} missing from the site map:\n{map}"
        );
    }
    // The search page's form names its target (an empty action is invalid HTML).
    assert!(
        f.read("search/index.html")
            .contains(r#"action="../search/" method="get""#)
    );
    // The 404 page links from the site's root path: servers show it at any depth.
    let not_found = f.read("404.html");
    assert!(
        not_found.contains(r#"href="/assets/style.css""#),
        "{not_found}"
    );
    // Portable builds keep relative links there (they are opened from a folder).
    f.build_ok(&["--portable"]);
    assert!(f.read("404.html").contains(r#"href="./assets/style.css""#));
}

#[test]
fn the_featured_article_is_not_repeated_in_the_list_beside_it() {
    let f = Fixture::demo("featured");
    f.build_ok(&[]);
    let home = f.read("index.html");
    let at = home
        .find(r#"class="featured-link" href=""#)
        .expect("the demo home page has a featured article");
    let rest = &home[at + r#"class="featured-link" href=""#.len()..];
    let href = &rest[..rest.find('"').expect("closing quote")];
    let news = &home[home.find("home-news").expect("news block")..];
    let news = &news[..news.find("</section>").expect("end of the news block")];
    assert_eq!(
        news.matches(&format!(r#"href="{href}""#)).count(),
        1,
        "{href} is shown twice in:\n{news}"
    );
    assert_eq!(news.matches("<li").count(), 8, "{news}");
}

#[test]
fn the_tag_index_is_in_pinyin_order() {
    let f = Fixture::site("pinyin-order");
    f.write(
        "content/articles/second.md",
        "---\ntitle: 第二篇\ndate: 2026-05-21\ntags: [走访, 光荣牌, 安置, 慰问]\n---\n\n正文。\n",
    );
    f.build_ok(&[]);
    let index = f.read("tags/index.html");
    let at = |name: &str| {
        index
            .find(&format!(">{name}<"))
            .unwrap_or_else(|| panic!("{name} missing from the tag index"))
    };
    // an-zhi, guang-rong-pai, wei-wen, zou-fang; code-point order puts 光 (U+5149) before
    // 安 (U+5B89).
    assert!(at("安置") < at("光荣牌"), "{index}");
    assert!(at("光荣牌") < at("慰问"));
    assert!(at("慰问") < at("走访"));
}

#[test]
fn lists_describe_themselves_and_issue_labels_are_not_repeated() {
    let f = Fixture::demo("list-descriptions");
    f.build_ok(&[]);
    let slogan = "拥军优属 拥政爱民";
    let home = f.read("index.html");
    assert!(home.contains(&format!("<meta name=\"Description\" content=\"{slogan}")));
    assert!(home.contains("<meta name=\"ColumnType\" content=\"首页\">"));
    for (list, column) in [
        ("articles/index.html", "工作动态"),
        ("profiles/index.html", "典型人物"),
        ("briefings/index.html", "双拥简报"),
        ("documents/index.html", "政策文件"),
    ] {
        let html = f.read(list);
        let want = format!("<meta name=\"Description\" content=\"綦江双拥网{column}栏目：");
        assert!(html.contains(&want), "{list} lacks {want}");
        assert!(
            !html.contains(&format!("name=\"Description\" content=\"{slogan}")),
            "{list}"
        );
    }
    let tag = f.read("tags/bing-ma-ma/index.html");
    assert!(
        tag.contains("<meta name=\"Description\" content=\"綦江双拥网：兵妈妈\">"),
        "{tag}"
    );
    assert!(tag.contains("<meta name=\"ColumnKeywords\" content=\"兵妈妈\">"));
    // The demo's issue titles name their issue: no label before them repeating it.
    let briefings = f.read("briefings/index.html");
    assert!(briefings.contains("綦江双拥工作简报（2026年第6期）"));
    assert!(
        !briefings.contains("<span class=\"issue-no\">2026年第6期"),
        "{briefings}"
    );
    assert!(!home.contains("<span class=\"issue-no\">2026年第6期</span>"));
}

#[test]
fn traditional_script_is_marked_zh_hant() {
    let f = Fixture::demo("zh-hant");
    f.write(
        "content/pages/hk-letter.md",
        "---\ntitle: 香港鄉親來信\n---\n\n感謝家鄉的雙擁工作，祝願擁軍優屬的好傳統代代相傳！\n",
    );
    f.build_ok(&[]);
    // A page in traditional script says so as a whole.
    assert!(
        f.read("pages/hk-letter/index.html")
            .starts_with("<!DOCTYPE html>\n<html lang=\"zh-Hant\">")
    );
    // A simplified article quoting a letter in traditional script marks the quoted passages.
    let letter = f.read("articles/2021-xianggang-laixin/index.html");
    assert!(letter.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
    assert!(
        letter.contains("<p lang=\"zh-Hant\">尊敬的綦江區雙擁辦：</p>"),
        "{letter}"
    );
    assert!(letter.contains("<p>2021年国庆前夕"), "{letter}");
    // 欧阳秀兰 and the rest of the demo stay simplified.
    let plain = f.read("articles/2026-05-bingmama-zuotanhui/index.html");
    assert!(!plain.contains("zh-Hant"));
}

//! Site search: the index never holds drafts, internal or opted-out pages; the JavaScript tests
//! (`node --test tests/js/`) query the index of the demo site and of `tests/fixtures/search-site`;
//! headless Chromium finds results on the search page from file:// and over loopback HTTP.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use common::*;

/// A copy of the search fixture site in a temporary folder.
fn search_fixture(name: &str) -> Fixture {
    let f = Fixture::empty(name);
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search-site");
    copy_dir(&src, &f.root);
    f
}

/// Every file of the search folder, as text.
fn search_files(public: &Path) -> Vec<(String, String)> {
    walk(&public.join("search"))
        .into_iter()
        .map(|p| {
            (
                p.display().to_string(),
                String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned(),
            )
        })
        .collect()
}

#[test]
fn index_never_holds_drafts_internal_or_opted_out_pages() {
    let f = search_fixture("search-private");
    // Even a `--drafts` preview keeps drafts out of the index.
    f.build_ok(&["--drafts"]);
    let files = search_files(&f.drafts());
    assert!(files.iter().any(|(p, _)| p.ends_with("meta.js")));
    for marker in [
        "草稿秘密标记",
        "草稿不应被搜到",
        "内部资料标记",
        "专报保密标记",
        "不入索引标记",
        "不参加搜索的页面",
    ] {
        for (path, text) in &files {
            assert!(!text.contains(marker), "{marker} in {path}");
        }
    }
    // The opted-out page is still published.
    assert!(
        f.read_drafts("articles/opt-out/index.html")
            .contains("不入索引标记")
    );
    // The other pages are indexed: 14 files minus draft, internal, 专报 and opt-out.
    let meta = f.read_drafts("search/meta.js");
    assert!(meta.contains("\"n\":10"), "{meta}");
}

#[test]
fn search_page_and_header_box() {
    let f = Fixture::demo("search-page");
    f.build_ok(&["--portable"]);
    let page = f.read("search/index.html");
    assert!(page.contains(r#"id="tx-search" data-base="../search/""#));
    assert!(page.contains(r#"<script src="../assets/search.js" defer></script>"#));
    assert!(page.contains(r#"<script src="../search/meta.js" defer></script>"#));
    assert!(page.contains(r#"role="status""#));
    assert!(page.contains(r#"<option value="profile">人物</option>"#));
    assert!(page.contains(r#"<option value="2021">2021年</option>"#));
    // Every page's header box leads to the search page, ending in index.html when portable.
    let home = f.read("index.html");
    assert!(
        home.contains(r#"action="./search/index.html""#),
        "header search form"
    );
    let article = f.read("articles/2025-03-xueleifeng-yongjun/index.html");
    assert!(article.contains(r#"action="../../search/index.html""#));
    // Result links are relative to the search page.
    let docs = search_files(&f.public());
    assert!(
        docs.iter()
            .any(|(_, t)| t.contains(r#""u":"../profiles/zhang-jianguo/index.html""#))
    );
    assert!(crawl(&f.public(), true).broken.is_empty());
}

#[test]
fn javascript_tests_query_the_built_indexes() {
    let demo = Fixture::demo("search-js-demo");
    demo.build_ok(&[]);
    let fixture = search_fixture("search-js-fixture");
    fixture.build_ok(&["--drafts"]);
    let sites = serde_json::json!({
        "demo": demo.public(),
        "fixture": fixture.drafts(),
    });
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = match Command::new("node")
        .arg("--test")
        .arg(repo.join("tests/js/"))
        .current_dir(repo)
        .env("TONGXIN_SEARCH_SITES", sites.to_string())
        .output()
    {
        Ok(o) => o,
        Err(e) => panic!("the search tests need Node.js 20+ (apt-get install nodejs): {e}"),
    };
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "node --test tests/js/ failed:\n{text}"
    );
    assert!(text.contains("# fail 0"), "{text}");
}

/// A static file server on 127.0.0.1 for one test: serves `root`, stops when dropped (or after
/// two minutes, or 1,000 requests).
struct Server {
    port: u16,
    stop: Arc<AtomicBool>,
}

impl Server {
    fn start(root: PathBuf) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(120);
            let mut served = 0;
            while !flag.load(Ordering::SeqCst) && Instant::now() < deadline && served < 1000 {
                match listener.accept() {
                    Ok((stream, _)) => {
                        served += 1;
                        let _ = serve(&root, stream);
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Server { port, stop }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

fn serve(root: &Path, stream: TcpStream) -> std::io::Result<()> {
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    // Skip the headers.
    let mut h = String::new();
    while reader.read_line(&mut h)? > 2 {
        h.clear();
    }
    let target = line.split_whitespace().nth(1).unwrap_or("/");
    let path = percent_decode(target.split(['?', '#']).next().unwrap_or("/"));
    let mut file = root.to_path_buf();
    let mut ok = true;
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        if seg == ".." || seg.contains('\\') {
            ok = false;
        }
        file.push(seg);
    }
    if file.is_dir() {
        file.push("index.html");
    }
    let mut stream = stream;
    match std::fs::read(&file) {
        Ok(body) if ok => {
            let ctype = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("js") => "text/javascript; charset=utf-8",
                Some("css") => "text/css; charset=utf-8",
                Some("svg") => "image/svg+xml",
                Some("jpg") | Some("jpeg") => "image/jpeg",
                Some("xml") => "application/xml",
                _ => "application/octet-stream",
            };
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            )?;
            stream.write_all(&body)?;
        }
        _ => {
            stream.write_all(
                b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            )?;
        }
    }
    stream.flush()
}

/// The search-results list of a page as Chromium renders it with `?q=`.
fn results(url: &str) -> String {
    let dom = match tongxin::commands::browser::dump_dom(&browser(), url, Duration::from_secs(90)) {
        Ok(d) => d,
        Err(e) => panic!("chromium --dump-dom {url}: {e:?}"),
    };
    let start = dom.find(r#"id="search-status""#).unwrap_or(0);
    let end = dom[start..]
        .find("search-more-wrap")
        .map_or(dom.len(), |i| start + i);
    dom[start..end].to_string()
}

/// `?q=…` with the query percent-encoded.
fn q(query: &str) -> String {
    let mut s = String::from("?q=");
    for b in query.bytes() {
        s.push_str(&format!("%{b:02X}"));
    }
    s
}

#[test]
fn browser_finds_results_from_file_and_over_http() {
    let f = Fixture::demo("search-browser");
    f.build_ok(&["--portable"]);
    let page = f.public().join("search/index.html");
    let from_file = results(&format!(
        "{}{}",
        tongxin::commands::browser::file_url(&page),
        q("张建国")
    ));
    assert!(
        from_file
            .contains(r#"<a href="../profiles/zhang-jianguo/index.html"><mark>张建国</mark></a>"#),
        "file://: {from_file}"
    );
    assert!(from_file.contains("找到 2 条"), "{from_file}");

    let server = Server::start(f.public());
    let http = results(&format!(
        "http://127.0.0.1:{}/search/index.html{}",
        server.port,
        q("欧阳秀兰")
    ));
    assert!(
        http.contains(
            r#"<a href="../profiles/ouyang-xiulan/index.html"><mark>欧阳秀兰</mark></a>"#
        ),
        "http: {http}"
    );
    // Traditional text, found with a simplified query, highlighted as written.
    let trad = results(&format!(
        "http://127.0.0.1:{}/search/{}",
        server.port,
        q("干部和志愿者轮流")
    ));
    assert!(
        trad.contains(r#"href="../articles/2021-xianggang-laixin/index.html""#),
        "{trad}"
    );
    assert!(trad.contains("<mark>幹部和志願者輪流</mark>"), "{trad}");
    // A phrase in no page.
    let nothing = results(&format!(
        "http://127.0.0.1:{}/search/{}",
        server.port,
        q("张建军")
    ));
    assert!(nothing.contains("没有找到"), "{nothing}");
    assert!(!nothing.contains("search-hit"), "{nothing}");
}

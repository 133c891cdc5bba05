//! The built demo site behind a real nginx on loopback, mounted under a sub-path as many
//! government sites are: every link of every page answers, a missing address at any depth gets
//! the site's own 404 page with working links, and files with Chinese names and office
//! attachments go out with the right content type. Fails, never skips, without nginx (`.ci/run`
//! installs it).

mod common;

use std::collections::{BTreeSet, VecDeque};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{Fixture, links};

/// Where the site is mounted; `base_url` says the same.
const MOUNT: &str = "/shuangyong/";

fn nginx_binary() -> PathBuf {
    for p in ["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"] {
        if Path::new(p).is_file() {
            return PathBuf::from(p);
        }
    }
    let found = Command::new("sh")
        .args(["-c", "command -v nginx"])
        .output()
        .expect("run sh");
    let path = String::from_utf8_lossy(&found.stdout).trim().to_string();
    assert!(
        !path.is_empty(),
        "nginx is not installed: these tests need a real web server (apt-get install nginx; .ci/run does)"
    );
    PathBuf::from(path)
}

/// nginx serving `site` at [`MOUNT`] on a free loopback port; stopped when dropped.
struct Nginx {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl Nginx {
    fn start(site: &Path, dir: &Path) -> Nginx {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free loopback port");
        std::fs::create_dir_all(dir.join("tmp")).expect("nginx temp folder");
        let d = dir.display();
        // What README § 部署 recommends: UTF-8 for text files, the 404 page for missing addresses.
        // One process (no master and workers): killing the child then stops nginx whole,
        // instead of leaving its workers running after the test.
        let conf = format!(
            "master_process off;\n\
             worker_processes 1;\n\
             pid {d}/nginx.pid;\n\
             error_log {d}/error.log;\n\
             events {{ worker_connections 64; }}\n\
             http {{\n\
               include /etc/nginx/mime.types;\n\
               default_type application/octet-stream;\n\
               charset utf-8;\n\
               charset_types text/css text/plain text/xml application/javascript application/json application/rss+xml application/atom+xml image/svg+xml;\n\
               access_log off;\n\
               client_body_temp_path {d}/tmp/body;\n\
               proxy_temp_path {d}/tmp/proxy;\n\
               fastcgi_temp_path {d}/tmp/fastcgi;\n\
               uwsgi_temp_path {d}/tmp/uwsgi;\n\
               scgi_temp_path {d}/tmp/scgi;\n\
               server {{\n\
                 listen 127.0.0.1:{port};\n\
                 location {MOUNT} {{\n\
                   alias {site}/;\n\
                   index index.html;\n\
                   error_page 404 {MOUNT}404.html;\n\
                 }}\n\
               }}\n\
             }}\n",
            site = site.display()
        );
        let conf_path = dir.join("nginx.conf");
        std::fs::write(&conf_path, conf).expect("write nginx.conf");
        let child = Command::new(nginx_binary())
            .arg("-p")
            .arg(dir)
            .arg("-c")
            .arg(&conf_path)
            .arg("-e")
            .arg(dir.join("error.log"))
            .args(["-g", "daemon off;"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start nginx");
        let n = Nginx {
            child,
            port,
            dir: dir.to_path_buf(),
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "nginx did not start: {}",
                std::fs::read_to_string(n.dir.join("error.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        n
    }

    /// GET `path` (already percent-encoded): status, content type and body.
    fn get(&self, path: &str) -> (u16, String, Vec<u8>) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect to nginx");
        s.set_read_timeout(Some(Duration::from_secs(10))).ok();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .expect("send request");
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).expect("read response");
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("response has headers");
        let head = String::from_utf8_lossy(&raw[..split]).to_string();
        let body = raw[split + 4..].to_vec();
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .expect("status code");
        let content_type = head
            .lines()
            .find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.eq_ignore_ascii_case("content-type")
                    .then(|| v.trim().to_string())
            })
            .unwrap_or_default();
        assert!(
            !head
                .to_ascii_lowercase()
                .contains("transfer-encoding: chunked"),
            "static files come with a length: {head}"
        );
        (status, content_type, body)
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Percent-encodes what may not stand in a request line (non-ASCII bytes, spaces).
fn encode(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_graphic() {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The absolute path a link on the page at `page` (an absolute path) points to; None for links
/// that leave the site or only move within the page.
fn resolve(page: &str, link: &str) -> Option<String> {
    let link = common::html_unescape(link);
    if link.starts_with('#')
        || link.contains("://")
        || link.starts_with("//")
        || ["mailto:", "tel:", "data:", "javascript:"]
            .iter()
            .any(|s| link.starts_with(s))
    {
        return None;
    }
    let link = link.split('#').next().unwrap_or("");
    let (path, query) = match link.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (link, None),
    };
    let dir = if path.starts_with('/') {
        ""
    } else {
        &page[..=page.rfind('/').unwrap_or(0)]
    };
    // A link above the server's root is kept as written: the caller sees it leave the site.
    let Some(joined) = common::join_path(dir, path) else {
        return Some(path.to_string());
    };
    let mut out = format!("/{joined}");
    let folder = matches!(path, "" | "." | "..")
        || path.ends_with('/')
        || path.ends_with("/.")
        || path.ends_with("/..");
    if folder && out != "/" {
        out.push('/');
    }
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    Some(out)
}

/// The demo site with a Chinese-named text file and office attachment, built for `MOUNT`.
fn built_demo(name: &str) -> Fixture {
    let f = Fixture::demo(name);
    f.write(
        "static/files/双拥政策汇编说明.txt",
        "本汇编收录现行有效的双拥政策文件。\n",
    );
    let docx = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("content/documents/2026-gongzuo-yaodian/gongzuo-yaodian-2026.docx"),
    )
    .expect("the demo's Word attachment");
    f.write_bytes("static/files/2026年双拥工作要点.docx", &docx);
    f.build_ok(&["--base-url", &format!("https://sy.example.gov.cn{MOUNT}")]);
    f
}

#[test]
fn every_link_of_every_page_answers_behind_nginx() {
    let f = built_demo("nginx-crawl");
    let server = Nginx::start(&f.public(), &f.root.join("nginx"));
    let mut queue = VecDeque::from([MOUNT.to_string()]);
    let mut seen: BTreeSet<String> = queue.iter().cloned().collect();
    let mut broken = Vec::new();
    let mut pages = 0;
    while let Some(url) = queue.pop_front() {
        let (status, content_type, body) = server.get(&encode(&url));
        if status != 200 {
            broken.push(format!("{url}: HTTP {status}"));
            continue;
        }
        if !content_type.starts_with("text/html") {
            continue;
        }
        assert_eq!(content_type, "text/html; charset=utf-8", "{url}");
        pages += 1;
        let html = String::from_utf8_lossy(&body);
        for link in links(&html) {
            if let Some(target) = resolve(&url, &link)
                && seen.insert(target.clone())
            {
                assert!(
                    target.starts_with(MOUNT),
                    "{url} links out of the site's path: {link}"
                );
                queue.push_back(target);
            }
        }
    }
    assert!(broken.is_empty(), "links that do not answer: {broken:#?}");
    // Every page of the output is reached by following links from the home page, except the
    // 404 page and the redirects of old addresses, which nothing links to.
    let unreached: Vec<String> = common::walk(&f.public())
        .iter()
        .filter_map(|p| p.strip_prefix(f.public()).ok())
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .filter(|p| p.ends_with(".html") && p != "404.html")
        .map(|p| format!("{MOUNT}{}", p.strip_suffix("index.html").unwrap_or(&p)))
        .filter(|u| !seen.contains(u))
        .filter(|u| {
            let (_, _, body) = server.get(&encode(u));
            !String::from_utf8_lossy(&body).contains("http-equiv=\"refresh\"")
        })
        .collect();
    assert!(
        unreached.is_empty(),
        "pages no link reaches: {unreached:#?}"
    );
    assert!(pages > 60, "the crawler reached only {pages} pages");
}

#[test]
fn a_missing_address_at_any_depth_gets_the_styled_404_with_working_links() {
    let f = built_demo("nginx-404");
    let server = Nginx::start(&f.public(), &f.root.join("nginx"));
    for missing in [
        format!("{MOUNT}no-such-page/"),
        format!("{MOUNT}articles/no-such-article/"),
        format!("{MOUNT}articles/2026/no-such/page.html"),
        format!("{MOUNT}tags/不存在的标签/"),
    ] {
        let (status, content_type, body) = server.get(&encode(&missing));
        assert_eq!(status, 404, "{missing}");
        assert_eq!(content_type, "text/html; charset=utf-8", "{missing}");
        let html = String::from_utf8_lossy(&body).to_string();
        assert!(
            html.contains("抱歉，您访问的页面不存在"),
            "{missing}: {html}"
        );
        let mut checked = 0;
        let mut stylesheet = false;
        for link in links(&html) {
            let Some(target) = resolve(&missing, &link) else {
                continue;
            };
            let (status, content_type, _) = server.get(&encode(&target));
            assert_eq!(
                status, 200,
                "the 404 page at {missing} links {link}, which is {target}"
            );
            stylesheet |= content_type.starts_with("text/css");
            checked += 1;
        }
        assert!(stylesheet, "{missing}: the stylesheet did not load");
        assert!(
            checked >= 8,
            "{missing}: only {checked} links on the 404 page"
        );
    }
}

#[test]
fn chinese_file_names_and_office_files_have_the_right_content_types() {
    let f = built_demo("nginx-types");
    let server = Nginx::start(&f.public(), &f.root.join("nginx"));
    let cases = [
        ("files/双拥政策汇编说明.txt", "text/plain; charset=utf-8"),
        (
            "files/2026年双拥工作要点.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "documents/2026-gongzuo-yaodian/gongzuo-yaodian-2026.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("assets/style.css", "text/css; charset=utf-8"),
        // nginx's mime.types names every .xml file text/xml; feed readers take it.
        ("rss.xml", "text/xml; charset=utf-8"),
        ("sitemap.xml", "text/xml; charset=utf-8"),
    ];
    for (path, want) in cases {
        let url = format!("{MOUNT}{path}");
        let (status, content_type, body) = server.get(&encode(&url));
        assert_eq!(status, 200, "{url}");
        assert_eq!(content_type, want, "{url}");
        assert!(!body.is_empty(), "{url}");
    }
    let (_, _, text) = server.get(&encode(&format!("{MOUNT}files/双拥政策汇编说明.txt")));
    assert_eq!(
        String::from_utf8_lossy(&text),
        "本汇编收录现行有效的双拥政策文件。\n"
    );
}

//! `tongxin serve` end to end: the real binary on a free loopback port, a fixture site edited
//! while it runs, and plain HTTP requests. Timeouts are generous: these tests check behaviour,
//! not speed (the speed is measured by `bench/serve.sh`).

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{Fixture, snapshot, snapshot_of_live};

const WAIT: Duration = Duration::from_secs(30);

/// A running `tongxin serve`, stopped when dropped.
struct Served {
    child: Child,
    addr: SocketAddr,
    log: Arc<Mutex<String>>,
}

impl Served {
    fn start(f: &Fixture, extra: &[&str]) -> Served {
        Served::start_with(f, extra, &[])
    }

    fn start_with(f: &Fixture, extra: &[&str], env: &[(&str, &str)]) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tongxin"))
            .arg("--root")
            .arg(&f.root)
            .args(["serve", "--port", "0"])
            .args(extra)
            .env("LANG", "zh_CN.UTF-8")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start tongxin serve");
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel::<String>();
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let log = Arc::clone(&log);
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    log.lock().unwrap().push_str(&format!("{line}\n"));
                    let _ = tx.send(line);
                }
            });
        }
        let deadline = Instant::now() + WAIT;
        let addr = loop {
            let line = rx
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .unwrap_or_else(|_| panic!("serve did not start:\n{}", log.lock().unwrap()));
            if let Some(rest) = line.split("http://").nth(1) {
                let addr = rest.split('/').next().unwrap();
                break addr.parse().unwrap();
            }
        };
        Served { child, addr, log }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// The log once `cond` holds for it, or at the deadline: a page can be served from memory
    /// before the rebuild's line is printed (`serve/unflushed.rs`).
    fn log_when(&self, cond: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let log = self.log();
            if cond(&log) || Instant::now() > deadline {
                return log;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// A raw GET (the path is sent exactly as given).
    fn get(&self, path: &str) -> (u16, String, Vec<u8>) {
        raw_get(self.addr, path)
    }

    fn page(&self, path: &str) -> (u16, String) {
        let (status, _, body) = self.get(path);
        (status, String::from_utf8_lossy(&body).to_string())
    }

    /// Waits until `cond` holds for the page at `path`.
    /// Opens the live-reload stream of the page at `path` (as a browser showing it does) and
    /// waits for its first event: from then on the server counts the page as open, until the
    /// returned connection is dropped.
    fn open_in_browser(&self, path: &str) -> TcpStream {
        let mut stream = TcpStream::connect(self.addr).unwrap();
        let page: String = path
            .bytes()
            .map(|b| match b {
                b'/' => "%2F".to_string(),
                b if b.is_ascii_alphanumeric() || b"-._~".contains(&b) => (b as char).to_string(),
                b => format!("%{b:02X}"),
            })
            .collect();
        stream
            .write_all(
                format!("GET /__tongxin/events?page={page} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes(),
            )
            .unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut seen = Vec::new();
        let mut buf = [0u8; 512];
        while !String::from_utf8_lossy(&seen).contains("event: build") {
            let n = stream.read(&mut buf).unwrap();
            assert!(n > 0, "the event stream closed");
            seen.extend_from_slice(&buf[..n]);
        }
        stream
    }

    /// Waits until the server's output holds `text`.
    fn wait_for_log(&self, text: &str) {
        let deadline = Instant::now() + WAIT;
        while !self.log().contains(text) {
            assert!(Instant::now() < deadline, "no {text:?} in:\n{}", self.log());
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn wait_for(&self, path: &str, what: &str, cond: impl Fn(u16, &str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let (status, body) = self.page(path);
            if cond(status, &body) {
                return body;
            }
            if Instant::now() > deadline {
                panic!(
                    "{what}: {path} still {status}:\n{}\n--- log:\n{}",
                    &body[..body.len().min(3000)],
                    self.log()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn raw_get(addr: SocketAddr, path: &str) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
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
    let body = buf.get(split + 4..).unwrap_or_default().to_vec();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head, body)
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

fn article(title: &str, date: &str, tags: &str, body: &str) -> String {
    format!(
        "---\ntitle: {title}\ndate: {date}\ncategories: [工作动态]\ntags: [{tags}]\n---\n\n{body}\n"
    )
}

fn site(name: &str) -> Fixture {
    let f = Fixture::site(name);
    f.write(
        "content/articles/second.md",
        &article("第二篇文章", "2026-05-21", "慰问, 拥军", "第二篇的正文。"),
    );
    f.write(
        "content/articles/third.md",
        &article(
            "第三篇文章",
            "2026-05-22",
            "拥军",
            "第三篇链接到[第二篇](second.md)。",
        ),
    );
    f
}

#[test]
fn an_edit_is_served_with_every_list_that_shows_it() {
    let f = site("serve-edit");
    let s = Served::start(&f, &[]);
    let (status, body) = s.page("/articles/second/");
    assert_eq!(status, 200);
    assert!(body.contains("第二篇文章"));
    // The live-reload script is added by the server only.
    assert!(body.contains("/__tongxin/live.js"), "{body}");
    let on_disk = std::fs::read_to_string(
        f.root
            .join(".tongxin-cache/serve/articles/second/index.html"),
    )
    .unwrap();
    assert!(!on_disk.contains("__tongxin"));

    f.write(
        "content/articles/second.md",
        &article(
            "改过的第二篇",
            "2026-05-21",
            "慰问, 拥军",
            "第二篇的新正文。",
        ),
    );
    s.wait_for("/articles/second/", "edited page", |st, b| {
        st == 200 && b.contains("改过的第二篇") && b.contains("第二篇的新正文")
    });
    for list in [
        "/",
        "/articles/",
        "/tags/yong-jun/",
        "/archive/2026/",
        "/articles/third/", // its neighbour
        "/articles/hello/", // its other neighbour
    ] {
        let (st, b) = s.page(list);
        assert_eq!(st, 200, "{list}");
        assert!(b.contains("改过的第二篇"), "{list} is stale:\n{b}");
    }
    let (_, _, rss) = s.get("/rss.xml");
    assert!(String::from_utf8_lossy(&rss).contains("改过的第二篇"));
    let log = s.log_when(|l| l.contains("已更新 content/articles/second.md"));
    assert!(
        log.contains("已更新 content/articles/second.md") && log.contains("个页面"),
        "{log}"
    );
    // The live-reload stream answers with the current build number.
    let mut stream = TcpStream::connect(s.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    write!(
        stream,
        "GET /__tongxin/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let mut buf = [0u8; 512];
    let mut got = String::new();
    while !got.contains("event: build") {
        let n = stream.read(&mut buf).unwrap();
        assert!(n > 0, "{got}");
        got.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    assert!(got.contains("text/event-stream"), "{got}");
}

#[test]
fn a_new_file_appears_and_a_deleted_one_is_gone() {
    let f = site("serve-add");
    let s = Served::start(&f, &[]);
    assert_eq!(s.page("/articles/fourth/").0, 404);
    f.write(
        "content/articles/fourth.md",
        &article("新加的第四篇", "2026-06-01", "新标签", "新文章。"),
    );
    s.wait_for("/articles/fourth/", "new page", |st, b| {
        st == 200 && b.contains("新加的第四篇")
    });
    let (st, b) = s.page("/tags/xin-biao-qian/");
    assert_eq!(st, 200, "new term page");
    assert!(b.contains("新加的第四篇"));
    assert!(s.page("/articles/").1.contains("新加的第四篇"));

    std::fs::remove_file(f.root.join("content/articles/fourth.md")).unwrap();
    let body = s.wait_for("/articles/fourth/", "deleted page", |st, _| st == 404);
    // The 404 page is the site's own, with the reload script.
    assert!(body.contains("/__tongxin/live.js"));
    assert_eq!(s.page("/tags/xin-biao-qian/").0, 404);
    assert!(!s.page("/articles/").1.contains("新加的第四篇"));
}

#[test]
fn a_broken_file_shows_an_overlay_and_fixing_it_recovers() {
    let f = site("serve-broken");
    let s = Served::start(&f, &[]);
    f.write(
        "content/articles/second.md",
        "---\ntitle: 坏掉的第二篇\ndate: 2026-13-45\n---\n\n正文。\n",
    );
    let body = s.wait_for("/articles/hello/", "overlay", |_, b| {
        b.contains("tongxin-overlay")
    });
    assert!(
        body.contains("content/articles/second.md:3:"),
        "overlay names file and line:\n{body}"
    );
    assert!(body.contains("^"), "caret line:\n{body}");
    // The last good site is still served.
    let (st, page) = s.page("/articles/second/");
    assert_eq!(st, 200);
    assert!(page.contains("第二篇文章") && !page.contains("坏掉的第二篇"));
    let log = s.log_when(|l| l.contains("content/articles/second.md:3:"));
    assert!(log.contains("content/articles/second.md:3:"), "{log}");

    f.write(
        "content/articles/second.md",
        &article("修好的第二篇", "2026-05-21", "慰问", "好了。"),
    );
    let fixed = s.wait_for("/articles/second/", "recovery", |st, b| {
        st == 200 && b.contains("修好的第二篇")
    });
    assert!(!fixed.contains("tongxin-overlay"), "{fixed}");
    assert!(!s.page("/").1.contains("tongxin-overlay"));
}

#[test]
fn a_personal_number_in_the_settings_blocks_the_preview_as_it_blocks_the_build() {
    let f = site("serve-settings-privacy");
    let s = Served::start(&f, &[]);
    // The footer shows `contact` on every page: the build refuses it, and so does the preview.
    f.write(
        "config.yaml",
        &format!("{}contact: 请联系张师傅 138 1234 5678\n", common::CONFIG),
    );
    let body = s.wait_for("/articles/hello/", "overlay", |_, b| {
        b.contains("tongxin-overlay")
    });
    assert!(body.contains("config.yaml"), "{body}");
    assert!(body.contains("privacy/mobile"), "{body}");
    let err = f.build_err();
    assert!(err.contains("privacy/mobile"), "{err}");
    f.write("config.yaml", common::CONFIG);
    s.wait_for("/articles/hello/", "recovery", |st, b| {
        st == 200 && !b.contains("tongxin-overlay")
    });
}

#[test]
fn two_hundred_rapid_writes_end_with_the_last_version() {
    let f = site("serve-rapid");
    let s = Served::start(&f, &[]);
    for n in 0..200 {
        f.write(
            "content/articles/second.md",
            &article(&format!("快速修改第{n}次"), "2026-05-21", "慰问", "正文。"),
        );
    }
    s.wait_for("/articles/second/", "last write", |st, b| {
        st == 200 && b.contains("快速修改第199次")
    });
    // And it stays there (no older version arrives late).
    std::thread::sleep(Duration::from_millis(500));
    assert!(s.page("/articles/second/").1.contains("快速修改第199次"));
    assert!(s.page("/articles/").1.contains("快速修改第199次"));
}

#[test]
fn traversal_is_refused_and_folders_are_not_listed() {
    let f = site("serve-traversal");
    f.write("secret.txt", "机密内容不应被读取");
    let s = Served::start(&f, &[]);
    for bad in [
        "/../secret.txt",
        "/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/secret.txt",
        "/.%2e/secret.txt",
        "/articles/%2e%2e/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/articles%2f..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/%2e%2e%5c%2e%2e%5csecret.txt",
        "/.tongxin-cache/../../secret.txt",
    ] {
        let (st, _, body) = s.get(bad);
        assert!(st == 400 || st == 403 || st == 404, "{bad} answered {st}");
        assert!(
            !String::from_utf8_lossy(&body).contains("机密内容"),
            "{bad} leaked the file"
        );
    }
    // The site folder's own files are not served either: only the output is.
    assert_eq!(s.get("/config.yaml").0, 404);
    assert_eq!(s.get("/content/articles/hello.md").0, 404);
    // A folder without index.html is not listed.
    let (st, _, body) = s.get("/assets/");
    assert_eq!(st, 404);
    let body = String::from_utf8_lossy(&body);
    assert!(
        body.contains("页面不存在") && !body.contains("site.js<"),
        "{body}"
    );
    // A folder link without its slash is redirected, keeping the query.
    let (st, head, _) = s.get("/articles?x=1");
    assert_eq!(st, 301);
    assert_eq!(header(&head, "location"), Some("/articles/?x=1"));
}

#[test]
fn content_types_for_chinese_names_and_office_files() {
    let f = site("serve-types");
    // Office files must be readable by the privacy gate (issue 15): minimal real ones.
    let office = |part: &str| {
        use std::io::Write as _;
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        w.start_file(part, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(b"<x>1</x>").unwrap();
        w.finish().unwrap().into_inner()
    };
    let (xlsx, docx) = (office("xl/workbook.xml"), office("word/document.xml"));
    f.write_bytes("static/files/统计表.xlsx", &xlsx);
    f.write_bytes("static/files/通知.docx", &docx);
    f.write_bytes("static/files/文件.pdf", b"%PDF-1.7");
    let s = Served::start(&f, &[]);
    for (path, ctype, bytes) in [
        (
            "/files/%E7%BB%9F%E8%AE%A1%E8%A1%A8.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &xlsx[..],
        ),
        (
            "/files/%E9%80%9A%E7%9F%A5.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            &docx[..],
        ),
        (
            "/files/%E6%96%87%E4%BB%B6.pdf",
            "application/pdf",
            b"%PDF-1.7",
        ),
    ] {
        let (st, head, body) = s.get(path);
        assert_eq!(st, 200, "{path}");
        assert_eq!(header(&head, "content-type"), Some(ctype), "{path}");
        assert_eq!(body, bytes, "{path}");
    }
    let (_, head, _) = s.get("/");
    assert_eq!(
        header(&head, "content-type"),
        Some("text/html; charset=utf-8")
    );
    let (_, head, _) = s.get("/assets/style.css");
    assert_eq!(
        header(&head, "content-type"),
        Some("text/css; charset=utf-8")
    );
}

/// The listening socket's local address, from /proc/net/tcp (Linux, where CI runs).
#[cfg(target_os = "linux")]
#[test]
fn it_listens_on_loopback_only() {
    let f = site("serve-loopback");
    let s = Served::start(&f, &[]);
    assert!(s.addr.ip().is_loopback(), "{}", s.addr);
    let port = format!("{:04X}", s.addr.port());
    let tcp = std::fs::read_to_string("/proc/net/tcp").unwrap();
    let tcp6 = std::fs::read_to_string("/proc/net/tcp6").unwrap_or_default();
    // State 0A is LISTEN.
    let listening: Vec<&str> = tcp
        .lines()
        .chain(tcp6.lines())
        .filter_map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            (cols.get(3) == Some(&"0A") && cols[1].ends_with(&format!(":{port}")))
                .then_some(cols[1])
        })
        .collect();
    assert_eq!(listening, vec![format!("0100007F:{port}")], "{tcp}");
}

#[test]
fn drafts_only_with_the_flag_and_then_with_a_banner() {
    let f = site("serve-drafts");
    f.write(
        "content/articles/draft.md",
        "---\ntitle: 还没定稿的文章\ndate: 2026-05-23\ndraft: true\n---\n\n草稿正文。\n",
    );
    {
        let s = Served::start(&f, &[]);
        assert_eq!(s.page("/articles/draft/").0, 404);
        assert!(!s.page("/articles/").1.contains("还没定稿的文章"));
    }
    let s = Served::start(&f, &["--drafts"]);
    let (st, body) = s.page("/articles/draft/");
    assert_eq!(st, 200);
    assert!(body.contains("还没定稿的文章"));
    assert!(body.contains("草稿"), "banner:\n{body}");
}

/// Every file of the served folder equals a clean build of the same files, byte for byte.
fn assert_same_as_clean_build(f: &Fixture, s: &Served) {
    let served = f.root.join(".tongxin-cache/serve");
    let out = f.root.join("clean-build");
    // The search index is written in the background at low priority, after the pages: on a
    // busy machine (the tests run in parallel) it can take a while. The clean build is made
    // once; building it again on every look would starve that background work further.
    let deadline = Instant::now() + 3 * WAIT;
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_dir_all(f.root.join(".clean-build.tongxin-spare"));
    f.build_ok(&["--output", out.to_str().unwrap()]);
    let b = snapshot(&out);
    loop {
        // The search index may be written in the background while we look: a file that goes
        // away between the listing and the reading gives None.
        let live = snapshot_of_live(&served);
        let still_written = live.is_none();
        let a = live.unwrap_or_default();
        if a == b {
            return;
        }
        if Instant::now() > deadline {
            assert!(
                !still_written,
                "the served folder was still being written
{}",
                s.log()
            );
            let only_a: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).collect();
            let only_b: Vec<&String> = b.keys().filter(|k| !a.contains_key(*k)).collect();
            let differ: Vec<&String> = a
                .keys()
                .filter(|k| b.get(*k).is_some_and(|v| v != &a[*k]))
                .collect();
            panic!(
                "served site differs from a clean build\nonly served: {only_a:?}\nonly built: {only_b:?}\ndiffer: {differ:?}\n--- log:\n{}",
                s.log()
            );
        }
        std::thread::sleep(Duration::from_millis(300));
    }
}

fn settle(s: &Served, marker: &str, path: &str) {
    s.wait_for(path, "edit", |st, b| st == 200 && b.contains(marker));
}

#[test]
fn after_many_edits_the_served_site_equals_a_clean_build() {
    let f = site("serve-equal");
    f.write(
        "content/profiles/zhang/index.md",
        "---\ntitle: 张建国\ndate: 2025-08-01\nconsent: 2025-07-01\nhonor: 最美退役军人\nyear: 2025\nphoto: photo.jpg\nphoto_alt: 张建国在社区服务\n---\n\n事迹。\n",
    );
    f.write_bytes(
        "content/profiles/zhang/photo.jpg",
        include_bytes!("../content/profiles/zhang-jianguo/portrait.jpg"),
    );
    f.write("static/files/说明.txt", "说明文字");
    let s = Served::start(&f, &[]);
    assert_same_as_clean_build(&f, &s);

    // Edit a title (lists, terms, neighbours, feeds).
    f.write(
        "content/articles/second.md",
        &article("第二篇改名", "2026-05-21", "慰问, 新词", "第二篇的正文。"),
    );
    settle(&s, "第二篇改名", "/articles/second/");
    // Add an article that links to another.
    f.write(
        "content/articles/fifth.md",
        &article(
            "第五篇",
            "2026-04-01",
            "拥军",
            "见[第三篇](third.md#top)和[文件](/files/说明.txt)。",
        ),
    );
    f.write(
        "content/articles/third.md",
        &article(
            "第三篇文章",
            "2026-05-22",
            "拥军",
            "## top\n\n第三篇链接到[第二篇](second.md)。",
        ),
    );
    settle(&s, "第五篇", "/articles/fifth/");
    // Move a page: its slug changes, and the page linking to it must follow.
    f.write(
        "content/articles/second.md",
        &article("第二篇改名", "2026-05-21", "慰问, 新词", "slug 改了。").replace(
            "title: 第二篇改名\n",
            "title: 第二篇改名\nslug: renamed-second\n",
        ),
    );
    settle(&s, "slug 改了", "/articles/renamed-second/");
    s.wait_for("/articles/third/", "link follows", |_, b| {
        b.contains("renamed-second")
    });
    // Delete one, change a profile and a static file, override a template.
    std::fs::remove_file(f.root.join("content/articles/hello.md")).unwrap();
    s.wait_for("/articles/hello/", "deleted", |st, _| st == 404);
    f.write(
        "content/profiles/zhang/index.md",
        "---\ntitle: 张建国\ndate: 2025-08-01\nconsent: 2025-07-01\nhonor: 最美军嫂\nyear: 2026\nphoto: photo.jpg\nphoto_alt: 张建国在社区服务\n---\n\n新事迹。\n",
    );
    settle(&s, "新事迹", "/profiles/zhang/");
    f.write("static/files/说明.txt", "新的说明文字");
    f.write("static/files/新增.txt", "新增文件");
    s.wait_for("/files/%E6%96%B0%E5%A2%9E.txt", "static", |st, _| st == 200);
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/404.html"),
    )
    .unwrap();
    f.write(
        "templates/404.html",
        &base.replace(
            "{% endblock content %}",
            "<p>模板已覆盖</p>{% endblock content %}",
        ),
    );
    s.wait_for("/no-such-page/", "template", |_, b| {
        b.contains("模板已覆盖")
    });
    assert_same_as_clean_build(&f, &s);
}

#[test]
fn edits_that_keep_the_structure_stay_equal_to_a_clean_build() {
    // These edits change what pages show but not which lists they are on, so `serve` takes
    // its in-place way; the site must still end up exactly as a clean build makes it.
    let f = site("serve-in-place");
    let s = Served::start(&f, &[]);
    // The body only.
    f.write(
        "content/articles/second.md",
        &article("第二篇文章", "2026-05-21", "慰问, 拥军", "正文改过一次。"),
    );
    settle(&s, "正文改过一次", "/articles/second/");
    // The title, keeping its place (lists show titles; neighbours link by title).
    f.write(
        "content/articles/second.md",
        &article(
            "第二篇文章（修订）",
            "2026-05-21",
            "慰问, 拥军",
            "正文改过一次。",
        ),
    );
    settle(&s, "第二篇文章（修订）", "/articles/third/");
    settle(&s, "第二篇文章（修订）", "/tags/wei-wen/");
    // A broken link is an error: nothing is written, and an edit of another page meanwhile
    // must still reach the site once the error is fixed.
    f.write(
        "content/articles/second.md",
        &article(
            "第二篇文章（修订）",
            "2026-05-21",
            "慰问, 拥军",
            "见[缺失](missing.md)。",
        ),
    );
    s.wait_for("/articles/third/", "overlay", |_, b| {
        b.contains("tongxin-overlay")
    });
    f.write(
        "content/articles/third.md",
        &article(
            "第三篇文章",
            "2026-05-22",
            "拥军",
            "出错期间改的第三篇，链接到[第二篇](second.md)。",
        ),
    );
    std::thread::sleep(Duration::from_millis(300));
    f.write(
        "content/articles/second.md",
        &article("第二篇文章（修订）", "2026-05-21", "慰问, 拥军", "修好了。"),
    );
    s.wait_for("/articles/third/", "recovery", |st, b| {
        st == 200 && b.contains("出错期间改的第三篇") && !b.contains("tongxin-overlay")
    });
    settle(&s, "修好了", "/articles/second/");
    assert_same_as_clean_build(&f, &s);
    // A title that moves the page in list order takes the full way, and so does a new tag.
    f.write(
        "content/articles/second.md",
        &article(
            "第二篇文章（修订）",
            "2026-05-23",
            "慰问, 新标签",
            "日期改了。",
        ),
    );
    settle(&s, "日期改了", "/articles/second/");
    f.write(
        "content/articles/third.md",
        &article("第三篇文章", "2026-05-22", "拥军", "又改了第三篇。"),
    );
    settle(&s, "又改了第三篇", "/articles/third/");
    assert_same_as_clean_build(&f, &s);
}

/// Writes the fixture's second article again, with its tags.
fn edit_second(f: &Fixture, title: &str, date: &str, body: &str) {
    f.write(
        "content/articles/second.md",
        &article(title, date, "慰问, 拥军", body),
    );
}

#[test]
fn an_edited_page_is_served_first_and_its_lists_follow() {
    // On a large site the lists that show an edited article (an archive year of thousands of
    // titles) and the walk over every page take longer than the page itself: the edited page
    // is rendered on its own and served first (`show_first` in src/serve/session.rs).
    let f = site("serve-edit-first");
    let s = Served::start_with(&f, &[], &[("TONGXIN_TIMING", "1")]);
    edit_second(&f, "第二篇文章（改了标题）", "2026-05-21", "先改好的正文。");
    settle(&s, "先改好的正文", "/articles/second/");
    let log = s.log_when(|l| l.contains("已更新 content/articles/second.md"));
    assert!(log.contains("first pages served"), "{log}");
    // The lists, the neighbour and the archive follow, and the site is a clean build's.
    settle(&s, "第二篇文章（改了标题）", "/articles/");
    settle(&s, "第二篇文章（改了标题）", "/articles/third/");
    settle(&s, "第二篇文章（改了标题）", "/archive/2026/");
    assert_same_as_clean_build(&f, &s);
    // An edit that moves the page (a new date) takes the full way: nothing is shown first.
    let before = s.log().matches("first pages served").count();
    edit_second(&f, "第二篇文章（改了标题）", "2026-05-20", "日期也改了。");
    settle(&s, "日期也改了", "/articles/second/");
    let log = s.log_when(|l| l.matches("已更新 content/articles/second.md").count() == 2);
    assert_eq!(log.matches("first pages served").count(), before, "{log}");
    assert_same_as_clean_build(&f, &s);
}

#[test]
fn an_edited_page_shown_first_is_taken_back_when_the_build_fails() {
    let f = site("serve-edit-first-error");
    let s = Served::start_with(&f, &[], &[("TONGXIN_TIMING", "1")]);
    // A link to a site path nothing produces is found only once the whole site is rendered:
    // the page itself renders, and is shown, before that.
    edit_second(
        &f,
        "第二篇文章",
        "2026-05-21",
        "先看到的正文，见[不存在的页面](/no-such-page/)。",
    );
    s.wait_for("/articles/second/", "overlay", |_, b| {
        b.contains("tongxin-overlay")
    });
    let log = s.log();
    assert!(log.contains("first pages served"), "{log}");
    // The failed build publishes nothing: the page is the last good one again (the overlay
    // quotes the line, the page's text is the old one).
    let (_, body) = s.page("/articles/second/");
    assert!(body.contains("<p>第二篇的正文。</p>"), "{body}");
    assert!(!body.contains("<p>先看到的正文"), "{body}");
    // While the error stays, a save is not shown first: the page would flash, then the error.
    edit_second(
        &f,
        "第二篇文章",
        "2026-05-21",
        "再改一次，仍见[不存在的页面](/no-such-page/)。",
    );
    let log = s.log_when(|l| l.matches("已更新 content/articles/second.md").count() >= 2);
    assert_eq!(log.matches("first pages served").count(), 1, "{log}");
    // Fixed, it is served again.
    edit_second(&f, "第二篇文章", "2026-05-21", "改好了。");
    settle(&s, "<p>改好了。</p>", "/articles/second/");
    assert_same_as_clean_build(&f, &s);
}

#[test]
fn a_title_edit_reaches_the_related_lists_of_other_articles() {
    // serve computes 相关文章 only for pages near an edited article in a shared list (see
    // `Site::related_candidates`); a page further away that still lists it must be updated.
    let f = site("serve-related");
    for (n, day) in [("a1", 10), ("a2", 11), ("a3", 12), ("a4", 13), ("a5", 14)] {
        f.write(
            &format!("content/articles/{n}.md"),
            &article(
                &format!("相关测试{n}"),
                &format!("2026-04-{day}"),
                "相关",
                "正文。",
            ),
        );
    }
    let s = Served::start(&f, &[]);
    // a5's neighbour is a4, so a1 is in its 相关文章, not in its 上一篇/下一篇.
    s.wait_for("/articles/a5/", "related list", |_, b| {
        b.contains("相关测试a1")
    });
    f.write(
        "content/articles/a1.md",
        &article("相关测试a1（修订）", "2026-04-10", "相关", "正文。"),
    );
    settle(&s, "相关测试a1（修订）", "/articles/a5/");
    assert_same_as_clean_build(&f, &s);
}

#[test]
fn after_a_template_change_the_page_open_in_a_browser_comes_first() {
    let f = site("serve-viewed");
    let s = Served::start_with(&f, &[], &[("TONGXIN_TIMING", "1")]);
    // A browser has the second article open: its live-reload stream names the page.
    let stream = s.open_in_browser("/articles/second/");
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/article.html"),
    )
    .unwrap();
    f.write(
        "templates/article.html",
        &base.replacen(
            "{% block content %}",
            "{% block content %}<p class=\"marker\">先看这一页</p>",
            1,
        ),
    );
    settle(&s, "先看这一页", "/articles/second/");
    // It came from a render of its own, before the rest of the site.
    s.wait_for_log("已更新 templates");
    assert!(s.log().contains("first pages served"), "{}", s.log());
    // The rest follows, and the site ends as a clean build makes it.
    settle(&s, "先看这一页", "/articles/third/");
    assert_same_as_clean_build(&f, &s);
    // One save is one change: its own events never call its render off.
    assert!(!s.log().contains("render called off"), "{}", s.log());
    drop(stream);
}

#[test]
fn a_second_template_change_calls_off_the_render_of_the_first() {
    let f = site("serve-superseded");
    // Enough pages that rendering all of them takes a while: the second change comes during it.
    for n in 0..600 {
        f.write(
            &format!("content/articles/filler-{n:03}.md"),
            &article(
                &format!("第{n}篇工作动态"),
                "2026-04-01",
                "拥军",
                &"各地开展走访慰问活动，为退役军人和军属办实事。".repeat(20),
            ),
        );
    }
    let s = Served::start_with(&f, &[], &[("TONGXIN_TIMING", "1")]);
    let stream = s.open_in_browser("/articles/second/");
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/article.html"),
    )
    .unwrap();
    let with = |marker: &str| {
        base.replacen(
            "{% block content %}",
            &format!("{{% block content %}}<p class=\"marker\">{marker}</p>"),
            1,
        )
    };
    f.write("templates/article.html", &with("第一次改模板"));
    settle(&s, "第一次改模板", "/articles/second/");
    // The open page is shown first; the other 600 are being rendered now.
    f.write("templates/article.html", &with("第二次改模板"));
    settle(&s, "第二次改模板", "/articles/second/");
    let log = s.log_when(|l| l.contains("改按最新的生成"));
    assert!(log.contains("render called off"), "{log}");
    // Nothing of the render called off remains: every page ends with the second template.
    settle(&s, "第二次改模板", "/articles/filler-000/");
    assert_same_as_clean_build(&f, &s);
    drop(stream);
}

#[test]
fn a_page_shown_first_is_taken_back_when_the_rest_of_the_site_fails() {
    let f = site("serve-viewed-error");
    let s = Served::start_with(&f, &[], &[("TONGXIN_TIMING", "1")]);
    let stream = s.open_in_browser("/articles/second/");
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let article = std::fs::read_to_string(theme.join("article.html")).unwrap();
    let section = std::fs::read_to_string(theme.join("section.html")).unwrap();
    // The list template fails when rendered; the open article renders fine on its own.
    f.write(
        "templates/section.html",
        &section.replacen(
            "{% block content %}",
            "{% block content %}{{ no_such_value }}",
            1,
        ),
    );
    f.write(
        "templates/article.html",
        &article.replacen(
            "{% block content %}",
            "{% block content %}<p>只先看到</p>",
            1,
        ),
    );
    s.wait_for("/articles/second/", "overlay", |_, b| {
        b.contains("tongxin-overlay")
    });
    assert!(s.log().contains("first pages served"), "{}", s.log());
    // The failed build publishes nothing: the page is the last good one again.
    let (_, body) = s.page("/articles/second/");
    assert!(!body.contains("只先看到"), "{body}");
    drop(stream);
}

#[test]
fn a_template_change_rerenders_without_reading_markdown_again() {
    let f = site("serve-template");
    let s = Served::start(&f, &[]);
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/article.html"),
    )
    .unwrap();
    assert!(base.contains("{%"), "theme template readable");
    f.write("templates/article.html", &format!("{base}\n{{# 覆盖 #}}"));
    // A comment changes nothing in the output: the build runs but writes no page.
    s.wait_for("/articles/second/", "still served", |st, _| st == 200);
    s.wait_for_log("已更新 templates");
    f.write(
        "templates/article.html",
        &base.replacen(
            "{% block content %}",
            "{% block content %}<p class=\"marker\">新模板</p>",
            1,
        ),
    );
    s.wait_for("/articles/second/", "template change", |_, b| {
        b.contains("新模板")
    });
}

#[test]
fn the_demo_site_stays_equal_to_a_clean_build_through_briefing_and_document_edits() {
    let f = Fixture::demo("serve-demo-equal");
    let s = Served::start(&f, &[]);
    assert_same_as_clean_build(&f, &s);
    // An article a briefing includes through `items`: the briefing and its print page follow.
    let item = f.root.join("content/articles/2026-05-yiliao-xiaxiang.md");
    let text = std::fs::read_to_string(&item).unwrap();
    let edited = text.replacen("\n---\n", "\n---\n\n军地医疗小分队再次来到赶水镇。\n", 1);
    assert_ne!(text, edited);
    std::fs::write(&item, &edited).unwrap();
    s.wait_for("/briefings/jianbao-2026-05/print/", "print page", |_, b| {
        b.contains("军地医疗小分队再次来到赶水镇")
    });
    s.wait_for("/briefings/jianbao-2026-05/", "briefing", |_, b| {
        b.contains("军地医疗小分队再次来到赶水镇")
    });
    // A document's validity moves it between the filtered lists and changes every count.
    let doc = f
        .root
        .join("content/documents/2026-zuimei-xuanshu-tongzhi.md");
    let text = std::fs::read_to_string(&doc).unwrap();
    std::fs::write(&doc, text.replacen("validity: 有效", "validity: 废止", 1)).unwrap();
    s.wait_for("/documents/repealed/", "document", |_, b| {
        b.contains("最美退役军人") && !b.contains("tongxin-overlay")
    });
    assert_same_as_clean_build(&f, &s);
}

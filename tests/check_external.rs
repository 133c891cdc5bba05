//! `tongxin check --external` against a loopback test server (never the internet): a 404 and
//! a timeout are reported at every place they are used, with file:line and a caret, in text and
//! JSON; OK, GET-only and redirected links are not; no more than `--jobs` requests run at once;
//! and without `--external` nothing is requested.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use common::*;

/// What the server saw.
#[derive(Default)]
struct State {
    /// Connections accepted.
    hits: AtomicUsize,
    /// Requests being answered right now.
    in_flight: AtomicUsize,
    /// Most requests answered at once.
    max_in_flight: AtomicUsize,
    /// (method, path) of every request, in arrival order.
    requests: Mutex<Vec<(String, String)>>,
    stop: AtomicBool,
}

/// A tiny HTTP/1.1 server on 127.0.0.1 with one connection per request. It stops when dropped,
/// and by itself after 60 seconds.
struct Server {
    port: u16,
    state: Arc<State>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let port = listener.local_addr().expect("local addr").port();
        listener.set_nonblocking(true).expect("nonblocking");
        let state = Arc::new(State::default());
        let st = Arc::clone(&state);
        thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(60);
            while !st.stop.load(Ordering::SeqCst) && Instant::now() < deadline {
                match listener.accept() {
                    Ok((stream, _)) => {
                        st.hits.fetch_add(1, Ordering::SeqCst);
                        let st = Arc::clone(&st);
                        thread::spawn(move || handle(stream, &st));
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                        thread::sleep(Duration::from_millis(5));
                    }
                    Err(_) => break,
                }
            }
        });
        Server { port, state }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn hits(&self) -> usize {
        self.state.hits.load(Ordering::SeqCst)
    }

    fn max_in_flight(&self) -> usize {
        self.state.max_in_flight.load(Ordering::SeqCst)
    }

    fn requests(&self) -> Vec<(String, String)> {
        self.state
            .requests
            .lock()
            .map(|r| r.clone())
            .unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.state.stop.store(true, Ordering::SeqCst);
    }
}

/// Marks a request as answered, once.
struct InFlight<'a>(&'a State, bool);

impl InFlight<'_> {
    fn begin(st: &State) -> InFlight<'_> {
        let now = st.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        st.max_in_flight.fetch_max(now, Ordering::SeqCst);
        InFlight(st, true)
    }
    fn end(&mut self) {
        if self.1 {
            self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
            self.1 = false;
        }
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.end();
    }
}

fn handle(stream: TcpStream, st: &State) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(&stream);
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) if line == "\r\n" || line == "\n" => break,
            Ok(_) => {}
        }
    }
    let mut parts = first.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("").to_string();
    let mut flight = InFlight::begin(st);
    if let Ok(mut r) = st.requests.lock() {
        r.push((method.clone(), path.clone()));
    }
    let (status, extra) = match (method.as_str(), path.as_str()) {
        (_, "/ok") => ("200 OK", String::new()),
        (_, "/missing") => ("404 Not Found", String::new()),
        ("HEAD", "/no-head") => ("405 Method Not Allowed", "Allow: GET\r\n".into()),
        (_, "/no-head") => ("200 OK", String::new()),
        (_, "/redirect") => ("302 Found", "Location: /ok\r\n".into()),
        (_, "/slow") => {
            // Counted as in flight for half a second only, well inside the client's 1 s
            // timeout, so the count can never exceed what the client really has open.
            thread::sleep(Duration::from_millis(500));
            flight.end();
            thread::sleep(Duration::from_millis(2500));
            ("200 OK", String::new())
        }
        (_, p) if p.starts_with("/busy/") => {
            thread::sleep(Duration::from_millis(300));
            ("200 OK", String::new())
        }
        _ => ("404 Not Found", String::new()),
    };
    flight.end();
    let body = if method == "HEAD" { "" } else { "ok" };
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n{extra}\r\n{body}"
    );
    let mut w = &stream;
    let _ = w.write_all(response.as_bytes());
    let _ = w.flush();
}

/// A site whose articles link to every route of `server`.
fn site(name: &str, server: &Server) -> Fixture {
    let f = Fixture::site(name);
    let busy: Vec<String> = (1..=6)
        .map(|i| format!("![图{i}]({})", server.url(&format!("/busy/{i}"))))
        .collect();
    // Line numbers matter: the `links.md` body starts on line 6.
    f.write(
        "content/articles/links.md",
        &format!(
            "---\ntitle: 外部链接\ndate: 2026-05-20\n---\n\n正常：[正常页面]({ok})。\n\n失效：[失效页面]({missing})。\n\n只接受 GET：[页面]({nohead})\n\n跳转：[跳转]({redirect})\n\n很慢：[慢]({slow}#第二节)\n\n{busy}\n",
            ok = server.url("/ok"),
            missing = server.url("/missing"),
            nohead = server.url("/no-head"),
            redirect = server.url("/redirect"),
            slow = server.url("/slow"),
            busy = busy.join("\n"),
        ),
    );
    f.write(
        "content/articles/again.md",
        &format!(
            "---\ntitle: 再次引用\ndate: 2026-05-21\n---\n\n又见 <{}>。\n",
            server.url("/missing")
        ),
    );
    f
}

fn run(f: &Fixture, args: &[&str]) -> (bool, String, String) {
    let out = f.run(args);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn external_check_reports_404_and_timeout_where_used_within_jobs_limit() {
    let server = Server::start();
    let f = site("x-text", &server);
    let start = Instant::now();
    let (ok, out, err) = run(
        &f,
        &["check", "--external", "--timeout", "1", "--jobs", "2"],
    );
    let elapsed = start.elapsed();
    // Warnings only: check succeeds.
    assert!(ok, "{out}{err}");
    assert!(err.contains("正在检查 11 个外部链接"), "{err}");
    // The 404, at both places it is used, with the caret under the URL.
    let missing = server.url("/missing");
    assert!(out.contains("[link/external-broken]"), "{out}");
    assert!(
        out.contains(&format!("外部链接“{missing}”返回 HTTP 404（页面不存在）")),
        "{out}"
    );
    assert!(out.contains("links.md:8:"), "{out}");
    assert!(out.contains("again.md:6:"), "{out}");
    assert!(out.contains(&"^".repeat(missing.chars().count())), "{out}");
    assert!(out.contains("只作警告"), "{out}");
    // The timeout.
    assert!(out.contains("[link/external-unreachable]"), "{out}");
    assert!(out.contains("links.md:14:"), "{out}");
    assert!(out.contains("1 秒内没有响应"), "{out}");
    // Nothing about the links that work.
    for good in ["/ok”", "/no-head”", "/redirect”", "/busy/"] {
        assert!(!out.contains(good), "{good} reported:\n{out}");
    }
    assert!(out.contains("0 个错误，3 条警告"), "{out}");
    // HEAD first, GET after 405; every address asked once although /missing is used twice.
    let reqs = server.requests();
    let count = |m: &str, p: &str| reqs.iter().filter(|(a, b)| a == m && b == p).count();
    assert_eq!(count("HEAD", "/no-head"), 1, "{reqs:?}");
    assert_eq!(count("GET", "/no-head"), 1, "{reqs:?}");
    assert_eq!(count("HEAD", "/missing"), 1, "{reqs:?}");
    assert_eq!(count("GET", "/missing"), 0, "{reqs:?}");
    assert_eq!(
        count("HEAD", "/ok"),
        2,
        "/ok directly and after the redirect: {reqs:?}"
    );
    assert_eq!(
        count("HEAD", "/slow"),
        1,
        "no second try after a timeout: {reqs:?}"
    );
    // The concurrency limit held, and two requests did run side by side.
    assert_eq!(server.max_in_flight(), 2, "{reqs:?}");
    // Six 300 ms routes on two workers plus a 1 s timeout: well under the serial time.
    assert!(elapsed < Duration::from_secs(8), "{elapsed:?}");
}

#[test]
fn external_check_json_lists_the_failures() {
    let server = Server::start();
    let f = site("x-json", &server);
    let (ok, out, err) = run(
        &f,
        &[
            "check",
            "--external",
            "--timeout",
            "1",
            "--jobs",
            "2",
            "--format",
            "json",
        ],
    );
    assert!(ok, "{out}{err}");
    let items: serde_json::Value = serde_json::from_str(&out).expect("JSON on stdout");
    let items = items.as_array().expect("array");
    let find = |rule: &str, file: &str, line: u64| {
        items.iter().find(|i| {
            i["rule"] == rule
                && i["file"].as_str().is_some_and(|f| f.ends_with(file))
                && i["line"] == line
        })
    };
    let broken = find("link/external-broken", "links.md", 8).expect("404 in links.md");
    assert_eq!(broken["severity"], "warning");
    assert_eq!(broken["column"], 11, "{broken}");
    assert!(
        broken["message"]
            .as_str()
            .is_some_and(|m| m.contains("HTTP 404"))
    );
    assert!(broken["hint"].as_str().is_some_and(|h| h.contains("警告")));
    assert!(
        find("link/external-broken", "again.md", 6).is_some(),
        "{out}"
    );
    let slow = find("link/external-unreachable", "links.md", 14).expect("timeout");
    assert!(
        slow["message"]
            .as_str()
            .is_some_and(|m| m.contains("秒内没有响应") && m.contains("#第二节")),
        "{slow}"
    );
    assert_eq!(items.len(), 3, "{out}");
}

#[test]
fn external_messages_in_english() {
    let server = Server::start();
    let f = site("x-en", &server);
    let (_, out, _) = run(
        &f,
        &["--lang", "en", "check", "--external", "--timeout", "1"],
    );
    assert!(out.contains("answered HTTP 404 (not found)"), "{out}");
    assert!(out.contains("no answer within 1 s"), "{out}");
}

#[test]
fn without_external_nothing_is_requested() {
    let server = Server::start();
    let f = site("x-none", &server);
    let (ok, out, err) = run(&f, &["check"]);
    assert!(ok, "{out}{err}");
    assert!(!out.contains("external"), "{out}");
    f.build_ok(&[]);
    // Give a stray request time to arrive before counting.
    thread::sleep(Duration::from_millis(200));
    assert_eq!(server.hits(), 0, "{:?}", server.requests());
    // --timeout and --jobs only make sense with --external.
    let (ok, _, err) = run(&f, &["check", "--timeout", "1"]);
    assert!(!ok, "{err}");
    assert!(err.contains("--external"), "{err}");
}

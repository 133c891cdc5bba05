//! `tongxin wechat --upload` against a loopback WeChat server (never the internet) that
//! implements the documented requests and refuses anything else: a token only for the right
//! AppID and AppSecret, every other call only with the token it issued, uploads only as
//! `multipart/form-data` with a `media` part holding a real JPEG or PNG under 1 MB, drafts only
//! as JSON with the documented fields, a cover it issued and every `<img src>` one of its URLs.
//!
//! Covered: a draft is made and the local image paths are replaced; WeChat's documented errors
//! in Chinese (credentials, IP whitelist, rate limits, content too long), an expired token
//! refreshed once, a timeout, malformed answers; what is refused before anything is sent; the
//! credentials read from an environment; the AppSecret in no message.

use std::collections::HashMap;
use std::io::{Cursor, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use image::{ImageFormat, Rgb, RgbImage};
use serde_json::{Value, json};
use tongxin::commands::wechat_upload::{self, Draft, UploadOptions};
use tongxin::diagnostic::Diagnostics;
use tongxin::i18n::Lang;

const APPID: &str = "wx5e1f0c0ffee0d00d";
/// Distinctive, so that a leak is found wherever it appears.
const SECRET: &str = "S3cr3t-9f8e7d6c5b4a39281706f5e4d3c2b1a0";

// ---------------------------------------------------------------------------------------------
// The loopback WeChat server.

/// How the server misbehaves, on purpose.
#[derive(Clone, Debug, Default)]
enum Fault {
    #[default]
    None,
    /// The token request answers this error.
    Token(i64, String),
    /// The first image upload answers 42001 and voids the token.
    ExpireOnFirstUpload,
    /// Every image upload answers this error.
    Upload(i64, String),
    /// `draft/add` answers this error.
    Draft(i64, String),
    /// The second `draft/add` answers this error; the others succeed.
    SecondDraft(i64, String),
    /// Image uploads answer with something that is not WeChat's JSON.
    Garbage(Vec<u8>),
    /// Every request is read and never answered.
    Silent,
}

/// One request as the server saw it.
#[derive(Clone, Debug)]
struct Request {
    method: String,
    path: String,
    query: HashMap<String, String>,
    body: Vec<u8>,
}

#[derive(Default)]
struct State {
    fault: Fault,
    expired_once: bool,
    draft_calls: usize,
    token: Option<String>,
    tokens_issued: usize,
    urls: Vec<String>,
    thumbs: Vec<String>,
    drafts: Vec<Value>,
    raw_drafts: Vec<Vec<u8>>,
    requests: Vec<Request>,
    /// Why requests were refused (a strictness check failed).
    refused: Vec<String>,
}

struct Server {
    port: u16,
    state: Arc<Mutex<State>>,
    accepted: Arc<AtomicUsize>,
}

impl Server {
    fn start(fault: Fault) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let port = listener.local_addr().expect("addr").port();
        let state = Arc::new(Mutex::new(State {
            fault,
            ..State::default()
        }));
        let accepted = Arc::new(AtomicUsize::new(0));
        let (st, acc) = (Arc::clone(&state), Arc::clone(&accepted));
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { break };
                acc.fetch_add(1, Ordering::SeqCst);
                let st = Arc::clone(&st);
                thread::spawn(move || handle(stream, &st));
            }
        });
        Server {
            port,
            state,
            accepted,
        }
    }

    fn opts(&self) -> UploadOptions {
        UploadOptions {
            api_base: format!("http://127.0.0.1:{}", self.port),
            app_id: APPID.into(),
            app_secret: SECRET.into(),
            timeout: Duration::from_secs(20),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().expect("state")
    }

    fn paths(&self) -> Vec<String> {
        self.state()
            .requests
            .iter()
            .map(|r| r.path.clone())
            .collect()
    }
}

/// Method, target, headers (lowercase names) and body of one request.
type Raw = (String, String, HashMap<String, String>, Vec<u8>);

fn read_request(stream: &mut TcpStream) -> Option<Raw> {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break p;
        }
        if buf.len() > 64 * 1024 {
            return None;
        }
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8(buf[..head_end].to_vec()).ok()?;
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let (method, target) = (first.next()?.to_string(), first.next()?.to_string());
    let headers: HashMap<String, String> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = buf[head_end + 4..].to_vec();
    if headers
        .get("transfer-encoding")
        .is_some_and(|t| t.contains("chunked"))
    {
        return None; // Not what a sized upload sends.
    }
    let len: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    if len > 4 * 1024 * 1024 {
        return None;
    }
    while body.len() < len {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    body.truncate(len);
    Some((method, target, headers, body))
}

fn respond(stream: &mut TcpStream, status: u16, body: &[u8]) {
    let head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
    let _ = stream.flush();
}

fn err(code: i64, msg: &str) -> Vec<u8> {
    json!({"errcode": code, "errmsg": msg})
        .to_string()
        .into_bytes()
}

fn handle(mut stream: TcpStream, state: &Mutex<State>) {
    let Some((method, target, headers, body)) = read_request(&mut stream) else {
        return;
    };
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_string(), q),
        None => (target.clone(), ""),
    };
    let query: HashMap<String, String> = query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let silent = {
        let mut st = state.lock().expect("state");
        st.requests.push(Request {
            method: method.clone(),
            path: path.clone(),
            query: query.clone(),
            body: body.clone(),
        });
        matches!(st.fault, Fault::Silent)
    };
    if silent {
        thread::sleep(Duration::from_secs(30));
        return;
    }
    let content_type = headers.get("content-type").cloned().unwrap_or_default();
    let (status, answer) = answer(state, &method, &path, &query, &content_type, &body);
    respond(&mut stream, status, &answer);
}

fn refuse(st: &mut State, why: String, code: i64) -> (u16, Vec<u8>) {
    st.refused.push(why.clone());
    (200, err(code, &why))
}

fn answer(
    state: &Mutex<State>,
    method: &str,
    path: &str,
    query: &HashMap<String, String>,
    content_type: &str,
    body: &[u8],
) -> (u16, Vec<u8>) {
    let mut st = state.lock().expect("state");
    if method != "POST" {
        return refuse(
            &mut st,
            format!("{method} {path}: only POST is documented here"),
            43002,
        );
    }
    if path == "/cgi-bin/stable_token" {
        if !content_type.starts_with("application/json") {
            return refuse(&mut st, "token: not JSON".into(), 47001);
        }
        let Ok(v) = serde_json::from_slice::<Value>(body) else {
            return refuse(&mut st, "token: malformed JSON".into(), 47001);
        };
        if let Fault::Token(code, msg) = &st.fault {
            return (200, err(*code, msg));
        }
        if v["grant_type"] != "client_credential" {
            return refuse(&mut st, "token: grant_type".into(), 40002);
        }
        if v["appid"] != APPID {
            return (200, err(40013, "invalid appid rid: 1"));
        }
        if v["secret"] != SECRET {
            return (200, err(40125, "invalid appsecret rid: 2"));
        }
        st.tokens_issued += 1;
        let token = format!("TOKEN{}x{}", st.tokens_issued, std::process::id());
        st.token = Some(token.clone());
        return (
            200,
            json!({"access_token": token, "expires_in": 7200})
                .to_string()
                .into_bytes(),
        );
    }
    let known = [
        "/cgi-bin/media/uploadimg",
        "/cgi-bin/material/add_material",
        "/cgi-bin/draft/add",
    ];
    if !known.contains(&path) {
        return refuse(&mut st, format!("{path}: not a documented call"), 40066);
    }
    let token_ok = st.token.is_some() && query.get("access_token") == st.token.as_ref();
    if !token_ok {
        return refuse(&mut st, format!("{path}: wrong access_token"), 40001);
    }
    match path {
        "/cgi-bin/media/uploadimg" | "/cgi-bin/material/add_material" => {
            let cover = path.ends_with("add_material");
            if cover && query.get("type").map(String::as_str) != Some("image") {
                return refuse(&mut st, "add_material: type is not image".into(), 40004);
            }
            if !cover {
                if matches!(st.fault, Fault::ExpireOnFirstUpload) && !st.expired_once {
                    st.expired_once = true;
                    st.token = None;
                    return (200, err(42001, "access_token expired rid: 3"));
                }
                if let Fault::Upload(code, msg) = &st.fault {
                    return (200, err(*code, msg));
                }
                if let Fault::Garbage(bytes) = &st.fault {
                    return (200, bytes.clone());
                }
            }
            let kind = match media_part(content_type, body) {
                Ok(kind) => kind,
                Err(why) => return refuse(&mut st, format!("{path}: {why}"), 40005),
            };
            let n = st.urls.len() + st.thumbs.len() + 1;
            let url = format!("http://mmbiz.qpic.cn/mmbiz_{kind}/{n}/0");
            if cover {
                let id = format!("THUMB{n}");
                st.thumbs.push(id.clone());
                (
                    200,
                    json!({"media_id": id, "url": url}).to_string().into_bytes(),
                )
            } else {
                st.urls.push(url.clone());
                (200, json!({"url": url}).to_string().into_bytes())
            }
        }
        _ => {
            if !content_type.starts_with("application/json") {
                return refuse(&mut st, "draft/add: not JSON".into(), 47001);
            }
            if let Fault::Draft(code, msg) = &st.fault {
                return (200, err(*code, msg));
            }
            if let Fault::SecondDraft(code, msg) = st.fault.clone() {
                st.draft_calls += 1;
                if st.draft_calls == 2 {
                    return (200, err(code, &msg));
                }
            }
            match check_draft(&st, body) {
                Ok(v) => {
                    st.drafts.push(v);
                    st.raw_drafts.push(body.to_vec());
                    let id = format!("DRAFT{}", st.drafts.len());
                    (200, json!({"media_id": id}).to_string().into_bytes())
                }
                Err((why, code)) => refuse(&mut st, format!("draft/add: {why}"), code),
            }
        }
    }
}

/// The one `media` part of a multipart body: `jpg` or `png`, or why it is refused.
fn media_part(content_type: &str, body: &[u8]) -> Result<&'static str, String> {
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .ok_or("not multipart/form-data")?;
    let open = format!("--{boundary}\r\n");
    let close = format!("\r\n--{boundary}--\r\n");
    let inner = body
        .strip_prefix(open.as_bytes())
        .and_then(|b| b.strip_suffix(close.as_bytes()))
        .ok_or("not one part between boundaries")?;
    if inner
        .windows(boundary.len())
        .any(|w| w == boundary.as_bytes())
    {
        return Err("more than one part, or the boundary inside the data".into());
    }
    let split = inner
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("part without headers")?;
    let headers = std::str::from_utf8(&inner[..split]).map_err(|_| "headers not UTF-8")?;
    let data = &inner[split + 4..];
    let mut lines = headers.split("\r\n");
    let disposition = lines.next().unwrap_or("");
    if !(disposition.starts_with("Content-Disposition: form-data; name=\"media\"; filename=\"")
        && disposition.ends_with('"'))
    {
        return Err(format!("bad Content-Disposition: {disposition}"));
    }
    let filename = disposition.rsplit("filename=\"").next().unwrap_or("");
    let ct = lines.next().unwrap_or("");
    let kind = match ct {
        "Content-Type: image/jpeg" if data.starts_with(&[0xFF, 0xD8, 0xFF]) => "jpg",
        "Content-Type: image/png" if data.starts_with(b"\x89PNG\r\n\x1a\n") => "png",
        _ => return Err(format!("{ct} without matching image bytes")),
    };
    if !filename.ends_with(&format!(".{kind}\"")) && !filename.ends_with(&format!(".{kind}")) {
        return Err(format!("filename {filename} does not end in .{kind}"));
    }
    if data.len() >= 1024 * 1024 {
        return Err("image of 1 MB or more".into());
    }
    image::load_from_memory(data).map_err(|e| format!("not a decodable image: {e}"))?;
    Ok(kind)
}

/// A draft as WeChat documents it, or why and with which code it is refused.
fn check_draft(st: &State, body: &[u8]) -> Result<Value, (String, i64)> {
    let text = std::str::from_utf8(body).map_err(|_| ("body not UTF-8".to_string(), 47001))?;
    if text.contains("\\u") {
        return Err(("\\u-escaped text: WeChat wants raw UTF-8".into(), 47001));
    }
    let v: Value = serde_json::from_str(text).map_err(|_| ("malformed JSON".to_string(), 47001))?;
    let obj = v.as_object().ok_or(("not an object".to_string(), 44002))?;
    if obj.keys().collect::<Vec<_>>() != ["articles"] {
        return Err(("keys other than articles".into(), 47001));
    }
    let articles = v["articles"]
        .as_array()
        .ok_or(("no articles".to_string(), 44003))?;
    if articles.len() != 1 {
        return Err(("not exactly one article".into(), 44003));
    }
    let a = articles[0]
        .as_object()
        .ok_or(("article not an object".to_string(), 44003))?;
    let mut keys: Vec<&str> = a.keys().map(String::as_str).collect();
    keys.sort_unstable();
    let expected = [
        "author",
        "content",
        "content_source_url",
        "digest",
        "need_open_comment",
        "only_fans_can_comment",
        "thumb_media_id",
        "title",
    ];
    if keys != expected {
        return Err((format!("fields {keys:?}"), 47001));
    }
    let s = |k: &str| a[k].as_str().unwrap_or("\u{0}");
    if a["need_open_comment"] != 0 || a["only_fans_can_comment"] != 0 {
        return Err(("comment flags".into(), 47001));
    }
    if !st.thumbs.iter().any(|t| t == s("thumb_media_id")) {
        return Err(("thumb_media_id not issued".into(), 40007));
    }
    let (title, author, digest, content) = (s("title"), s("author"), s("digest"), s("content"));
    if title.is_empty() || title.chars().count() > 32 {
        return Err(("title".into(), 45003));
    }
    if author.chars().count() > 16 {
        return Err(("author".into(), 45110));
    }
    if digest.chars().count() > 128 {
        return Err(("digest".into(), 45004));
    }
    if content.chars().count() >= 20_000 || content.len() >= 1024 * 1024 {
        return Err(("content".into(), 45002));
    }
    for src in img_srcs(content) {
        let src = src.replace("&amp;", "&");
        if !st.urls.contains(&src) {
            return Err((format!("<img src=\"{src}\"> not uploaded here"), 40007));
        }
    }
    Ok(v)
}

/// The `src` of every `<img>` (double-quoted, as the exporter writes them).
fn img_srcs(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let lower = html.to_ascii_lowercase();
    let mut at = 0;
    while let Some(p) = lower[at..].find("<img") {
        let start = at + p;
        let end = lower[start..].find('>').map_or(lower.len(), |e| start + e);
        let tag = &html[start..end];
        if let Some(v) = tag.split(" src=\"").nth(1) {
            out.push(v.split('"').next().unwrap_or("").to_string());
        }
        at = end;
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Export folders, written by hand as the exporter writes them.

static COUNTER: AtomicUsize = AtomicUsize::new(0);

struct Temp(PathBuf);

impl Temp {
    fn new(name: &str) -> Temp {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!(
            "tongxin-wechat-upload-{}-{name}-{n}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        Temp(dir)
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn picture(w: u32, h: u32, format: ImageFormat) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| Rgb([(x * 7) as u8, (y * 5) as u8, 128]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, format).expect("encode");
    out.into_inner()
}

const ARTICLE: &str = r#"<section style="font-size:16px"><p style="color:#333">来源：测试区双拥办</p><p>区委书记带队走访慰问驻区部队官兵。原图文件为 images/01.jpg。</p><figure><img src="images/01.jpg" alt="images/01.jpg 走访现场" style="width:100%"><figcaption>走访现场</figcaption></figure><p>座谈会上，双方就军地协作交流了意见。</p><img src="images/02.png" alt="座谈会"><p>再看一次：</p><img src="images/01.jpg" alt="走访现场"></section>"#;

/// One export folder with two images (JPEG and PNG) and a cover.
fn export(root: &Path, name: &str, title: &str, article: &str, manifest: Option<Value>) -> PathBuf {
    let dir = root.join(name);
    std::fs::create_dir_all(dir.join("images")).expect("mkdir");
    std::fs::write(dir.join("article.html"), article).expect("write");
    std::fs::write(
        dir.join("images/01.jpg"),
        picture(64, 48, ImageFormat::Jpeg),
    )
    .expect("write");
    std::fs::write(dir.join("images/02.png"), picture(32, 32, ImageFormat::Png)).expect("write");
    std::fs::write(
        dir.join("cover-2.35x1.jpg"),
        picture(235, 100, ImageFormat::Jpeg),
    )
    .expect("write");
    std::fs::write(
        dir.join("cover-1x1.jpg"),
        picture(100, 100, ImageFormat::Jpeg),
    )
    .expect("write");
    std::fs::write(dir.join("digest.txt"), "区委书记带队走访慰问驻区部队官兵。").expect("write");
    std::fs::write(dir.join("index.html"), "<!doctype html><title>预览</title>").expect("write");
    let manifest = manifest.unwrap_or_else(|| {
        json!({
            "title": title,
            "author": "测试区双拥办",
            "digest": "区委书记带队走访慰问驻区部队官兵。",
            "content_source_url": "https://test.example.gov.cn/articles/zoufang/",
            "cover": "cover-2.35x1.jpg",
            "images": [
                {"file": "images/01.jpg", "src": "images/01.jpg"},
                {"file": "images/02.png", "src": "images/02.png"}
            ]
        })
    });
    std::fs::write(dir.join("manifest.json"), manifest.to_string()).expect("write");
    dir
}

fn simple(root: &Path) -> PathBuf {
    export(root, "zoufang", "区领导走访慰问驻区部队", ARTICLE, None)
}

fn zh(d: &Diagnostics) -> String {
    d.render(Lang::Zh, false)
}

/// Every way the diagnostics can be shown: neither may hold the AppSecret.
fn assert_no_secret(d: &Diagnostics) {
    for text in [
        d.render(Lang::Zh, false),
        d.render(Lang::En, false),
        format!("{d:?}"),
    ] {
        assert!(!text.contains(SECRET), "the AppSecret leaked: {text}");
    }
}

fn upload_err(dirs: &[PathBuf], opts: &UploadOptions) -> Diagnostics {
    match wechat_upload::upload(dirs, opts) {
        Ok(drafts) => panic!("expected an error, got {drafts:?}"),
        Err(d) => {
            assert!(d.has_errors());
            assert_no_secret(&d);
            d
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Tests.

#[test]
fn drafts_are_made_with_uploaded_urls_and_nothing_is_published() {
    let server = Server::start(Fault::None);
    let tmp = Temp::new("ok");
    let a = simple(&tmp.0);
    let b = export(&tmp.0, "zuotan", "军地座谈会召开", ARTICLE, None);
    let drafts: Vec<Draft> =
        wechat_upload::upload(&[a.clone(), b.clone()], &server.opts()).expect("uploaded");
    assert_eq!(drafts.len(), 2);
    assert_eq!(drafts[0].folder, a);
    assert_eq!(drafts[0].media_id, "DRAFT1");
    assert_eq!(drafts[1].media_id, "DRAFT2");
    assert_eq!(drafts[0].images, 2);
    assert_eq!(drafts[0].title, "区领导走访慰问驻区部队");

    let st = server.state();
    assert!(st.refused.is_empty(), "refused: {:?}", st.refused);
    assert_eq!(st.tokens_issued, 1, "one token for the whole run");
    // Every request reached the loopback server, and only documented calls were made.
    let paths: Vec<String> = st.requests.iter().map(|r| r.path.clone()).collect();
    assert_eq!(server.accepted.load(Ordering::SeqCst), st.requests.len());
    let one = [
        "/cgi-bin/media/uploadimg",
        "/cgi-bin/media/uploadimg",
        "/cgi-bin/material/add_material",
        "/cgi-bin/draft/add",
    ];
    let mut expected = vec!["/cgi-bin/stable_token"];
    expected.extend(one);
    expected.extend(one);
    assert_eq!(paths, expected);
    assert!(
        paths
            .iter()
            .all(|p| !p.contains("freepublish") && !p.contains("mass") && !p.contains("publish")),
        "{paths:?}"
    );
    assert!(st.requests.iter().all(|r| r.method == "POST"));
    // The AppSecret travelled only in the token request's body, never in a URL.
    for r in &st.requests[1..] {
        assert!(!String::from_utf8_lossy(&r.body).contains(SECRET));
        assert!(r.query.values().all(|v| !v.contains(SECRET)));
    }

    let article = &st.drafts[0]["articles"][0];
    let content = article["content"].as_str().expect("content");
    assert_eq!(
        img_srcs(content),
        [
            "http://mmbiz.qpic.cn/mmbiz_jpg/1/0",
            "http://mmbiz.qpic.cn/mmbiz_png/2/0",
            "http://mmbiz.qpic.cn/mmbiz_jpg/1/0"
        ]
    );
    assert!(!content.contains("src=\"images/"), "{content}");
    // Text and other attributes that mention the file are left alone.
    assert!(content.contains("原图文件为 images/01.jpg。"));
    assert!(content.contains("alt=\"images/01.jpg 走访现场\""));
    assert_eq!(article["title"], "区领导走访慰问驻区部队");
    assert_eq!(article["author"], "测试区双拥办");
    assert_eq!(article["thumb_media_id"], "THUMB3");
    assert_eq!(
        article["content_source_url"],
        "https://test.example.gov.cn/articles/zoufang/"
    );
    // Raw UTF-8, not \u escapes.
    let raw = String::from_utf8_lossy(&st.raw_drafts[0]).to_string();
    assert!(raw.contains("区领导走访慰问驻区部队"));
    drop(st);

    let report = wechat_upload::report(&drafts, Lang::Zh);
    assert!(
        report.contains("DRAFT1") && report.contains("DRAFT2"),
        "{report}"
    );
    assert!(report.contains("草稿未发表"), "{report}");
    // The folders were not changed.
    assert_eq!(
        std::fs::read_to_string(a.join("article.html")).unwrap(),
        ARTICLE
    );
}

#[test]
fn wrong_credentials_are_named_and_the_secret_never_shown() {
    let server = Server::start(Fault::None);
    let tmp = Temp::new("cred");
    let dir = simple(&tmp.0);

    let mut opts = server.opts();
    opts.app_secret = "wrong-secret-0123456789".into();
    let d = upload_err(std::slice::from_ref(&dir), &opts);
    let text = zh(&d);
    assert!(text.contains("AppSecret 无效"), "{text}");
    assert!(text.contains("TONGXIN_WECHAT_APPSECRET"), "{text}");
    assert!(!text.contains("wrong-secret-0123456789"), "{text}");
    assert!(format!("{opts:?}").contains("***"));
    assert!(!format!("{opts:?}").contains("wrong-secret"));

    let mut opts = server.opts();
    opts.app_id = "wx0000000000000000".into();
    let text = zh(&upload_err(std::slice::from_ref(&dir), &opts));
    assert!(text.contains("AppID 无效"), "{text}");
    assert!(server.state().drafts.is_empty());
    assert!(server.paths().iter().all(|p| p == "/cgi-bin/stable_token"));
}

#[test]
fn an_error_message_echoing_the_secret_is_redacted() {
    let server = Server::start(Fault::Token(
        40001,
        format!("invalid credential, secret {SECRET} rid: 5"),
    ));
    let tmp = Temp::new("echo");
    let d = upload_err(&[simple(&tmp.0)], &server.opts());
    assert!(zh(&d).contains("AppSecret 无效"), "{}", zh(&d));
}

#[test]
fn ip_whitelist_says_which_ip_and_where_to_add_it() {
    let server = Server::start(Fault::Token(
        40164,
        "invalid ip 203.0.113.9 ipv6 ::ffff:203.0.113.9, not in whitelist rid: 6".into(),
    ));
    let tmp = Temp::new("ip");
    let text = zh(&upload_err(&[simple(&tmp.0)], &server.opts()));
    assert!(text.contains("不在公众号的 IP 白名单中"), "{text}");
    assert!(text.contains("203.0.113.9"), "{text}");
    assert!(
        text.contains("IP白名单") && text.contains("基本配置"),
        "{text}"
    );

    let server = Server::start(Fault::Token(
        61004,
        "access clientip is not registered".into(),
    ));
    let text = zh(&upload_err(&[simple(&tmp.0)], &server.opts()));
    assert!(text.contains("白名单"), "{text}");
}

#[test]
fn rate_limits_stop_the_run_with_their_words() {
    let tmp = Temp::new("rate");
    let a = simple(&tmp.0);
    let b = export(&tmp.0, "two", "第二篇", ARTICLE, None);
    let server = Server::start(Fault::Upload(
        45009,
        "reach max api daily quota limit".into(),
    ));
    let text = zh(&upload_err(&[a.clone(), b.clone()], &server.opts()));
    assert!(text.contains("今天的接口调用次数已用完"), "{text}");
    // Stopped at the first refusal: the second folder was not tried.
    assert_eq!(
        server.paths(),
        ["/cgi-bin/stable_token", "/cgi-bin/media/uploadimg"]
    );

    let server = Server::start(Fault::Upload(45011, "api minute-quota reach limit".into()));
    let text = zh(&upload_err(&[a], &server.opts()));
    assert!(text.contains("调用太频繁"), "{text}");
    assert!(text.contains("images/01.jpg"), "names the image: {text}");
}

#[test]
fn an_expired_token_is_refreshed_once_and_the_upload_succeeds() {
    let server = Server::start(Fault::ExpireOnFirstUpload);
    let tmp = Temp::new("expire");
    let drafts = wechat_upload::upload(&[simple(&tmp.0)], &server.opts()).expect("uploaded");
    assert_eq!(drafts.len(), 1);
    let st = server.state();
    assert_eq!(st.tokens_issued, 2);
    assert!(st.refused.is_empty(), "{:?}", st.refused);
    let paths: Vec<&str> = st.requests.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(
        paths[..4],
        [
            "/cgi-bin/stable_token",
            "/cgi-bin/media/uploadimg",
            "/cgi-bin/stable_token",
            "/cgi-bin/media/uploadimg"
        ]
    );
}

#[test]
fn content_too_long_is_refused_before_sending_and_in_wechat_words() {
    // Over the limit here: nothing is sent at all.
    let server = Server::start(Fault::None);
    let tmp = Temp::new("long");
    let long = format!("<p>{}</p>{ARTICLE}", "双拥".repeat(10_000));
    let dir = export(&tmp.0, "long", "很长的文章", &long, None);
    let text = zh(&upload_err(&[dir], &server.opts()));
    assert!(
        text.contains("正文有") && text.contains("少于 20000 个字符"),
        "{text}"
    );
    assert!(text.contains("article.html"), "{text}");
    assert!(server.paths().is_empty(), "sent: {:?}", server.paths());

    // Refused by WeChat (45002): its words.
    let server = Server::start(Fault::Draft(45002, "content size out of limit".into()));
    let text = zh(&upload_err(&[simple(&tmp.0)], &server.opts()));
    assert!(text.contains("正文超过微信的长度限制"), "{text}");
    assert!(text.contains("拆成两篇"), "{text}");
}

#[test]
fn titles_and_covers_are_checked_before_sending() {
    let server = Server::start(Fault::None);
    let tmp = Temp::new("checks");
    let long_title = export(&tmp.0, "title", &"关于".repeat(20), ARTICLE, None);
    let no_cover = export(
        &tmp.0,
        "nocover",
        "无封面",
        ARTICLE,
        Some(
            json!({"title": "无封面", "author": "", "digest": "", "content_source_url": "",
            "cover": null, "images": [
                {"file": "images/01.jpg", "src": "images/01.jpg"},
                {"file": "images/02.png", "src": "images/02.png"}]}),
        ),
    );
    let escape = export(
        &tmp.0,
        "escape",
        "越界",
        ARTICLE,
        Some(
            json!({"title": "越界", "author": "", "digest": "", "content_source_url": "",
            "cover": "../title/cover-2.35x1.jpg", "images": [
                {"file": "images/01.jpg", "src": "images/01.jpg"},
                {"file": "/etc/hostname", "src": "images/02.png"}]}),
        ),
    );
    let unlisted = export(
        &tmp.0,
        "unlisted",
        "漏列图片",
        ARTICLE,
        Some(
            json!({"title": "漏列图片", "author": "", "digest": "", "content_source_url": "",
            "cover": "cover-2.35x1.jpg", "images": [
                {"file": "images/01.jpg", "src": "images/01.jpg"}]}),
        ),
    );
    let not_image = export(&tmp.0, "notimage", "坏图", ARTICLE, None);
    std::fs::write(not_image.join("images/02.png"), b"GIF89a not a png").unwrap();
    let malformed = export(&tmp.0, "malformed", "x", ARTICLE, None);
    std::fs::write(malformed.join("manifest.json"), "{\"title\": ").unwrap();
    let bare = tmp.0.join("bare");
    std::fs::create_dir_all(&bare).unwrap();

    let d = upload_err(
        &[
            long_title, no_cover, escape, unlisted, not_image, malformed, bare,
        ],
        &server.opts(),
    );
    let text = zh(&d);
    for expected in [
        "标题有 40 个字，微信最多 32 个字",
        "文章没有封面",
        "封面",
        "不在导出文件夹内",
        "“images/02.png”不在 manifest.json 中",
        "unlisted/article.html:1:",
        "图片不是 JPG 或 PNG",
        "malformed/manifest.json",
        "manifest.json 有误",
        "没有 manifest.json",
    ] {
        assert!(text.contains(expected), "missing “{expected}” in:\n{text}");
    }
    assert!(server.paths().is_empty(), "sent: {:?}", server.paths());
}

#[test]
fn one_refused_article_is_skipped_and_the_drafts_made_are_listed() {
    let server = Server::start(Fault::SecondDraft(45004, "digest size out of limit".into()));
    let tmp = Temp::new("partial");
    let dirs = [
        export(&tmp.0, "one", "第一篇", ARTICLE, None),
        export(&tmp.0, "two", "第二篇", ARTICLE, None),
        export(&tmp.0, "three", "第三篇", ARTICLE, None),
    ];
    let d = upload_err(&dirs, &server.opts());
    assert_eq!((d.error_count(), d.warning_count()), (1, 1));
    let text = zh(&d);
    assert!(text.contains("摘要超过微信的长度限制（45004）"), "{text}");
    assert!(text.contains("two"), "names the folder: {text}");
    assert!(text.contains("已有 2 篇进入草稿箱"), "{text}");
    assert!(text.contains("DRAFT1") && text.contains("DRAFT2"), "{text}");
    assert!(text.contains("草稿箱"), "{text}");
    let st = server.state();
    assert_eq!(st.drafts.len(), 2);
    assert_eq!(st.drafts[1]["articles"][0]["title"], "第三篇");
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_folder_is_not_uploaded() {
    let server = Server::start(Fault::None);
    let tmp = Temp::new("symlink");
    let dir = simple(&tmp.0);
    let outside = tmp.0.join("private.jpg");
    std::fs::write(&outside, picture(8, 8, ImageFormat::Jpeg)).unwrap();
    std::fs::remove_file(dir.join("images/01.jpg")).unwrap();
    std::os::unix::fs::symlink(&outside, dir.join("images/01.jpg")).unwrap();
    let text = zh(&upload_err(&[dir], &server.opts()));
    assert!(text.contains("“images/01.jpg”不在导出文件夹内"), "{text}");
    assert!(server.paths().is_empty());
}

#[test]
fn a_silent_server_times_out_within_the_timeout() {
    let server = Server::start(Fault::Silent);
    let tmp = Temp::new("timeout");
    let mut opts = server.opts();
    opts.timeout = Duration::from_secs(1);
    let started = Instant::now();
    let d = upload_err(&[simple(&tmp.0)], &opts);
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
    let text = zh(&d);
    assert!(
        text.contains("超时") && text.contains("1 秒内没有响应"),
        "{text}"
    );
    assert_eq!(server.paths(), ["/cgi-bin/stable_token"]);
}

#[test]
fn malformed_answers_are_errors_not_panics() {
    let tmp = Temp::new("garbage");
    let dir = simple(&tmp.0);
    let huge = vec![b'x'; 200 * 1024];
    for garbage in [
        b"<html>502 Bad Gateway</html>".to_vec(),
        b"{\"url\": 12}".to_vec(),
        b"{\"url\": \"javascript:alert(1)\"}".to_vec(),
        b"[]".to_vec(),
        huge,
    ] {
        let server = Server::start(Fault::Garbage(garbage));
        let text = zh(&upload_err(std::slice::from_ref(&dir), &server.opts()));
        assert!(text.contains("上传正文图片时失败"), "{text}");
        assert!(server.state().drafts.is_empty());
    }
}

#[test]
fn credentials_come_from_the_environment_only() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |k: &str| {
            pairs
                .iter()
                .find(|(key, _)| *key == k)
                .map(|(_, v)| v.to_string())
        }
    };
    let d = UploadOptions::from_lookup(env(&[])).expect_err("nothing set");
    let text = zh(&d);
    assert!(
        text.contains("没有设置环境变量 TONGXIN_WECHAT_APPID"),
        "{text}"
    );
    assert!(
        text.contains("没有设置环境变量 TONGXIN_WECHAT_APPSECRET"),
        "{text}"
    );
    assert!(text.contains("config.yaml"), "{text}");
    assert_eq!(d.error_count(), 2);

    let d =
        UploadOptions::from_lookup(env(&[("TONGXIN_WECHAT_APPID", APPID)])).expect_err("no secret");
    let text = zh(&d);
    assert!(
        text.contains("TONGXIN_WECHAT_APPSECRET")
            && !text.contains("环境变量 TONGXIN_WECHAT_APPID，"),
        "{text}"
    );
    assert_eq!(d.error_count(), 1);

    let opts = UploadOptions::from_lookup(env(&[
        ("TONGXIN_WECHAT_APPID", APPID),
        ("TONGXIN_WECHAT_APPSECRET", SECRET),
    ]))
    .expect("both set");
    assert_eq!(opts.api_base, "https://api.weixin.qq.com");
    assert_eq!(
        (opts.app_id.as_str(), opts.app_secret.as_str()),
        (APPID, SECRET)
    );
    assert!(!format!("{opts:?}").contains(SECRET));

    let opts = UploadOptions::from_lookup(env(&[
        ("TONGXIN_WECHAT_APPID", APPID),
        ("TONGXIN_WECHAT_APPSECRET", SECRET),
        ("TONGXIN_WECHAT_API", "http://127.0.0.1:9"),
    ]))
    .expect("loopback override");
    assert_eq!(opts.api_base, "http://127.0.0.1:9");

    let d = UploadOptions::from_lookup(env(&[
        ("TONGXIN_WECHAT_APPID", APPID),
        ("TONGXIN_WECHAT_APPSECRET", SECRET),
        ("TONGXIN_WECHAT_API", "http://proxy.example.com"),
    ]))
    .expect_err("plain http to another machine");
    assert!(zh(&d).contains("不是 https:// 开头"), "{}", zh(&d));
    assert_no_secret(&d);
}

/// The contract end to end, through the binary: `tongxin wechat visit --upload` exports the
/// page (no `base_url`, so its image is a local file the upload replaces) and sends that folder
/// to the draft box, with the credentials and the loopback address from its environment.
#[test]
fn a_folder_exported_by_tongxin_wechat_is_uploaded() {
    let server = Server::start(Fault::None);
    let tmp = Temp::new("real-export");
    let site = tmp.0.join("site");
    std::fs::create_dir_all(site.join("content/articles/visit")).expect("mkdir");
    std::fs::write(site.join("config.yaml"), "title: 测试双拥网\n").expect("write");
    std::fs::write(
        site.join("content/articles/visit/index.md"),
        "---\ntitle: 走访慰问退役军人\ndate: 2026-05-21\nauthor: 李明\n---\n\n区双拥办走访慰问退役军人，见[日报](https://www.cqrb.cn/a)。\n\n![走访现场](photo.jpg \"走访慰问现场\")\n",
    )
    .expect("write");
    std::fs::write(
        site.join("content/articles/visit/photo.jpg"),
        picture(1600, 1200, ImageFormat::Jpeg),
    )
    .expect("write");
    let out = tmp.0.join("out");
    let tongxin = |with_credentials: bool| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_tongxin"));
        cmd.arg("--root")
            .arg(&site)
            .args(["wechat", "visit", "--upload", "--out"])
            .arg(&out)
            .env_remove("TONGXIN_WECHAT_APPID")
            .env_remove("TONGXIN_WECHAT_APPSECRET")
            .env("TONGXIN_WECHAT_API", server.opts().api_base);
        if with_credentials {
            cmd.env("TONGXIN_WECHAT_APPID", APPID)
                .env("TONGXIN_WECHAT_APPSECRET", SECRET);
        }
        cmd.output().expect("run tongxin wechat --upload")
    };
    // Without credentials: exported, nothing sent, and the message names the variables.
    let run = tongxin(false);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success());
    assert!(stderr.contains("TONGXIN_WECHAT_APPSECRET"), "{stderr}");
    assert!(out.join("articles-visit/manifest.json").is_file());
    assert!(server.paths().is_empty(), "{:?}", server.paths());
    let run = tongxin(true);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(stdout.contains("media_id"), "{stdout}");
    assert!(stdout.contains("草稿未发表"), "{stdout}");
    assert!(!stdout.contains(SECRET) && !String::from_utf8_lossy(&run.stderr).contains(SECRET));
    let st = server.state();
    assert!(st.refused.is_empty(), "refused: {:?}", st.refused);
    assert_eq!(st.drafts.len(), 1);
    let article = &st.drafts[0]["articles"][0];
    let content = article["content"].as_str().expect("content");
    assert_eq!(img_srcs(content), ["http://mmbiz.qpic.cn/mmbiz_jpg/1/0"]);
    assert!(content.contains("参考链接"), "{content}");
    assert_eq!(article["title"], "走访慰问退役军人");
    assert_eq!(article["author"], "李明");
    // The 公众号 log (read by `tongxin ledger`): two exports (one per run), then the draft.
    let log = std::fs::read_to_string(site.join(".tongxin/wechat-log.jsonl")).expect("log");
    let lines: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    let actions: Vec<&str> = lines
        .iter()
        .map(|l| l["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["export", "export", "draft"], "{log}");
    assert_eq!(lines[2]["title"], "走访慰问退役军人");
    assert!(
        lines[2]["media_id"].as_str().is_some_and(|m| !m.is_empty()),
        "{log}"
    );
}

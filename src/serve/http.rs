//! The preview server: files of the served folder only, with the live-reload script and the
//! error overlay added to every HTML page on the way out (never written to disk).

use std::collections::{HashMap, HashSet};
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::broadcast;

use super::unflushed::{Entry, Unflushed};

/// Path of the live-reload script.
pub const LIVE_JS: &str = "/__tongxin/live.js";
/// Path of the server-sent event stream.
pub const EVENTS: &str = "/__tongxin/events";
/// Where the 公众号 previews are served: `/__wechat/<site path of the page>`.
pub const WECHAT: &str = "/__wechat/";

/// A request for a file of a 公众号 preview, answered by the rebuild loop, which holds the
/// loaded site (`Session::wechat`): the address after [`WECHAT`], and where to send the file's
/// name and bytes (None: no such page or file).
pub struct WechatAsk {
    /// The address after `/__wechat/`, percent-decoded.
    pub rest: String,
    /// The answer.
    pub reply: tokio::sync::oneshot::Sender<Option<(String, Vec<u8>)>>,
}

/// What the server shows besides the files: the build number and the current error, if any.
#[derive(Debug, Default, Clone)]
pub struct Status {
    /// Increases with every rebuild; pages reload when it changes.
    pub build: u64,
    /// The last build's errors as plain text (`file:line:col`, message, caret line), shown over
    /// every page until a build succeeds.
    pub error: Option<String>,
}

/// State shared by the server and the rebuild loop.
pub struct Shared {
    /// The served folder.
    pub dir: PathBuf,
    /// Outputs of the newest build not yet written to the folder; answered first.
    pub unflushed: Arc<Unflushed>,
    /// Build number and error.
    pub status: RwLock<Status>,
    /// Tells open pages the new build number.
    pub reload: broadcast::Sender<u64>,
    /// Where 公众号 preview requests go (None until the rebuild loop listens).
    wechat: Mutex<Option<std::sync::mpsc::Sender<WechatAsk>>>,
    /// Site paths of the pages that get a 「公众号版」 link.
    wechat_pages: RwLock<HashSet<String>>,
    /// Site paths of the pages open in a browser, with how many are open: the live-reload
    /// stream of each page says which page it is.
    viewing: Mutex<HashMap<String, usize>>,
}

impl Shared {
    /// State for serving `dir`, with `unflushed` in front of it.
    pub fn new(dir: PathBuf, unflushed: Arc<Unflushed>) -> Arc<Shared> {
        let (reload, _) = broadcast::channel(16);
        Arc::new(Shared {
            dir,
            unflushed,
            status: RwLock::new(Status::default()),
            reload,
            wechat: Mutex::new(None),
            wechat_pages: RwLock::new(HashSet::new()),
            viewing: Mutex::new(HashMap::new()),
        })
    }

    /// Sends 公众号 preview requests to `to` from now on.
    pub fn answer_wechat(&self, to: std::sync::mpsc::Sender<WechatAsk>) {
        if let Ok(mut w) = self.wechat.lock() {
            *w = Some(to);
        }
    }

    /// The pages that get a 「公众号版」 link (after each good build).
    pub fn set_wechat_pages(&self, pages: HashSet<String>) {
        if let Ok(mut w) = self.wechat_pages.write() {
            *w = pages;
        }
    }

    fn has_wechat(&self, site_path: &str) -> bool {
        self.wechat_pages
            .read()
            .is_ok_and(|w| w.contains(site_path))
    }

    /// Records a finished build (with its errors, or None) and tells open pages.
    pub fn publish(&self, error: Option<String>) {
        let build = match self.status.write() {
            Ok(mut s) => {
                s.build += 1;
                s.error = error;
                s.build
            }
            Err(_) => return,
        };
        let _ = self.reload.send(build);
    }

    /// Site paths of the pages open in a browser now.
    pub fn viewed(&self) -> HashSet<String> {
        self.viewing
            .lock()
            .map(|v| v.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// Counts a page as open until the returned guard is dropped (its stream closes).
    fn view(self: &Arc<Shared>, site_path: String) -> Viewing {
        if let Ok(mut v) = self.viewing.lock() {
            *v.entry(site_path.clone()).or_insert(0) += 1;
        }
        Viewing {
            shared: Arc::clone(self),
            site_path,
        }
    }

    fn status(&self) -> Status {
        self.status.read().map(|s| s.clone()).unwrap_or_default()
    }
}

/// How long a connection may take to send a complete request head (and how long an idle kept-alive
/// connection stays open). A browser sends its request at once; a client that opens a connection and
/// dribbles half a request line (slowloris) is dropped after this. 15 s leaves room for a slow
/// machine on a busy network while freeing a stuck connection quickly.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(15);

/// Serves `app` on `listener` until the runtime stops. Like `axum::serve`, but every connection
/// must deliver its request head within `header_timeout` or it is closed: axum gives hyper no
/// timer, so without this a client could hold connections open forever. Responses being sent
/// (the live-reload event stream) are not affected: the timeout runs only while a head is awaited.
pub async fn serve(listener: tokio::net::TcpListener, app: Router, header_timeout: Duration) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors and the like: wait instead of spinning.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(header_timeout);
            let io = hyper_util::rt::TokioIo::new(stream);
            // A failed or timed-out connection concerns only that client.
            let _ = builder.serve_connection(io, service).await;
        });
    }
}

/// The router: the live-reload script, the event stream and the files.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(LIVE_JS, get(live_js))
        .route(EVENTS, get(events))
        .route("/__wechat/{*rest}", get(wechat))
        .fallback(serve_file)
        .with_state(shared)
}

/// A file of a 公众号 preview, rendered by the rebuild loop at request time.
async fn wechat(
    axum::extract::State(shared): axum::extract::State<Arc<Shared>>,
    method: Method,
    uri: Uri,
) -> Response {
    let head = method == Method::HEAD;
    let raw = uri.path().strip_prefix(WECHAT).unwrap_or_default();
    let Some(rest) = percent_decode(raw).and_then(|b| String::from_utf8(b).ok()) else {
        return plain(StatusCode::BAD_REQUEST, "地址编码有误。\n");
    };
    // The page's folder without its slash: relative image links need it.
    if !rest.is_empty() && !rest.ends_with('/') && shared.has_wechat(&format!("{rest}/")) {
        return redirect_to_folder(&uri);
    }
    let to = shared.wechat.lock().ok().and_then(|w| w.clone());
    let Some(to) = to else {
        return not_found(&shared, head).await;
    };
    let (reply, answer) = tokio::sync::oneshot::channel();
    if to.send(WechatAsk { rest, reply }).is_err() {
        return not_found(&shared, head).await;
    }
    match answer.await {
        Ok(Some((name, bytes))) => respond(&shared, StatusCode::OK, Path::new(&name), bytes, head),
        _ => not_found(&shared, head).await,
    }
}

async fn live_js() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        include_str!("live.js"),
    )
        .into_response()
}

/// A page counted as open (see [`Shared::view`]).
struct Viewing {
    shared: Arc<Shared>,
    site_path: String,
}

impl Drop for Viewing {
    fn drop(&mut self) {
        if let Ok(mut v) = self.shared.viewing.lock()
            && let Some(n) = v.get_mut(&self.site_path)
        {
            *n = n.saturating_sub(1);
            if *n == 0 {
                v.remove(&self.site_path);
            }
        }
    }
}

/// The site path of the page a live-reload stream belongs to, from its `?page=` (the page's
/// `location.pathname`): `/articles/x/` and `/articles/x/index.html` are `articles/x/`.
fn viewed_page(query: Option<&str>) -> Option<String> {
    let raw = query?.split('&').find_map(|kv| kv.strip_prefix("page="))?;
    let path = String::from_utf8(percent_decode(raw)?).ok()?;
    let path = path.strip_prefix('/')?;
    let path = path.strip_suffix("index.html").unwrap_or(path);
    Some(path.to_string())
}

async fn events(
    axum::extract::State(shared): axum::extract::State<Arc<Shared>>,
    uri: axum::http::Uri,
) -> Sse<impl futures_util::Stream<Item = Result<Event, Infallible>>> {
    let rx = shared.reload.subscribe();
    let first = shared.status().build;
    // Dropped with the stream, when the page goes away.
    let viewing = viewed_page(uri.query()).map(|p| shared.view(p));
    // The current build first, so a page that missed a reload while loading catches up.
    let state = (Some(first), rx, viewing);
    let stream = futures_util::stream::unfold(state, |(first, mut rx, viewing)| async move {
        if let Some(b) = first {
            return Some((
                Ok(Event::default().event("build").data(b.to_string())),
                (None, rx, viewing),
            ));
        }
        loop {
            match rx.recv().await {
                Ok(b) => {
                    return Some((
                        Ok(Event::default().event("build").data(b.to_string())),
                        (None, rx, viewing),
                    ));
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// Why a request path was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// It tried to leave the served folder (`..`, encoded slashes, backslashes, drive letters).
    Traversal,
    /// It is not valid percent-encoded UTF-8.
    Malformed,
}

/// The file path a request path names inside `dir`, or why it is refused. Each segment is
/// decoded on its own, so `%2f` cannot make a new segment and `%2e%2e` is `..` like `..`.
pub fn resolve(dir: &Path, raw_path: &str) -> Result<PathBuf, Refused> {
    if raw_path.contains('\\') {
        return Err(Refused::Traversal);
    }
    let mut p = dir.to_path_buf();
    for seg in raw_path.split('/') {
        let bytes = percent_decode(seg).ok_or(Refused::Malformed)?;
        let seg = String::from_utf8(bytes).map_err(|_| Refused::Malformed)?;
        if seg.is_empty() || seg == "." {
            continue;
        }
        if seg == ".." || seg.contains(['/', '\\', '\0', ':']) || seg.chars().any(char::is_control)
        {
            return Err(Refused::Traversal);
        }
        p.push(seg);
    }
    Ok(p)
}

fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = b.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The content type of a file, by its extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "rss" => "application/rss+xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt" => "application/vnd.ms-powerpoint",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "wps" => "application/vnd.ms-works",
        "ofd" => "application/ofd",
        "zip" => "application/zip",
        "rar" => "application/vnd.rar",
        "7z" => "application/x-7z-compressed",
        "mp3" => "audio/mpeg",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        _ => "application/octet-stream",
    }
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

async fn serve_file(
    axum::extract::State(shared): axum::extract::State<Arc<Shared>>,
    method: Method,
    uri: Uri,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "只支持 GET 和 HEAD 请求。\n",
        );
    }
    let path = match resolve(&shared.dir, uri.path()) {
        Ok(p) => p,
        Err(Refused::Traversal) => {
            return plain(StatusCode::FORBIDDEN, "拒绝访问：地址试图离开网站目录。\n");
        }
        Err(Refused::Malformed) => return plain(StatusCode::BAD_REQUEST, "地址编码有误。\n"),
    };
    let head = method == Method::HEAD;
    if let Some(resp) = from_unflushed(&shared, &path, &uri, head).await {
        return resp;
    }
    let meta = tokio::fs::metadata(&path).await.ok();
    let file = match meta {
        Some(m) if m.is_dir() => {
            if !uri.path().ends_with('/') {
                return redirect_to_folder(&uri);
            }
            path.join("index.html")
        }
        Some(m) if m.is_file() => path,
        _ => return not_found(&shared, head).await,
    };
    // Only what is inside the served folder, even through a link.
    let inside = match (
        tokio::fs::canonicalize(&file).await,
        tokio::fs::canonicalize(&shared.dir).await,
    ) {
        (Ok(f), Ok(d)) => f.starts_with(d),
        _ => false,
    };
    if !inside {
        return not_found(&shared, head).await;
    }
    match tokio::fs::read(&file).await {
        Ok(bytes) => respond(&shared, StatusCode::OK, &file, bytes, head),
        Err(_) => not_found(&shared, head).await,
    }
}

/// The answer from the newest build's outputs not yet on disk, if the path names one: the file
/// itself, or a folder's `index.html` (redirecting to the slash form as for folders on disk).
async fn from_unflushed(shared: &Shared, path: &Path, uri: &Uri, head: bool) -> Option<Response> {
    let rel: Vec<String> = path
        .strip_prefix(&shared.dir)
        .ok()?
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let rel = rel.join("/");
    let index = if rel.is_empty() {
        "index.html".to_string()
    } else {
        format!("{rel}/index.html")
    };
    let (name, entry) = match shared.unflushed.get(&rel) {
        Some(e) if !rel.is_empty() => (rel, e),
        _ => (index.clone(), shared.unflushed.get(&index)?),
    };
    if name == index && !matches!(entry, Entry::Gone) && !uri.path().ends_with('/') {
        return Some(redirect_to_folder(uri));
    }
    Some(match entry {
        Entry::Bytes(b) => respond(shared, StatusCode::OK, Path::new(&name), b.to_vec(), head),
        Entry::Copy(from) => match tokio::fs::read(&from).await {
            Ok(bytes) => respond(shared, StatusCode::OK, Path::new(&name), bytes, head),
            Err(_) => not_found(shared, head).await,
        },
        Entry::Gone => not_found(shared, head).await,
    })
}

/// A folder link without the slash: relative links inside need it.
fn redirect_to_folder(uri: &Uri) -> Response {
    let mut to = format!("{}/", uri.path());
    if let Some(q) = uri.query() {
        to.push('?');
        to.push_str(q);
    }
    (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, to)]).into_response()
}

async fn not_found(shared: &Shared, head: bool) -> Response {
    if let Some(Entry::Bytes(b)) = shared.unflushed.get("404.html") {
        return respond(
            shared,
            StatusCode::NOT_FOUND,
            Path::new("404.html"),
            b.to_vec(),
            head,
        );
    }
    let page = shared.dir.join("404.html");
    match tokio::fs::read(&page).await {
        Ok(bytes) => respond(shared, StatusCode::NOT_FOUND, &page, bytes, head),
        Err(_) => {
            let html = "<!doctype html><meta charset=\"utf-8\"><title>页面不存在</title><body><p>页面不存在。</p></body>";
            respond(
                shared,
                StatusCode::NOT_FOUND,
                Path::new("404.html"),
                html.as_bytes().to_vec(),
                head,
            )
        }
    }
}

fn respond(
    shared: &Shared,
    status: StatusCode,
    file: &Path,
    bytes: Vec<u8>,
    head: bool,
) -> Response {
    let ctype = content_type(file);
    let body = if ctype.starts_with("text/html") {
        let html = inject(&bytes, &shared.status());
        // Content pages with a 公众号 form get a link to its live preview.
        let rel = file
            .strip_prefix(&shared.dir)
            .unwrap_or(file)
            .to_string_lossy()
            .replace('\\', "/");
        let site_path = rel.strip_suffix("index.html").unwrap_or(&rel);
        if status == StatusCode::OK && shared.has_wechat(site_path) {
            wechat_link(html, site_path)
        } else {
            html
        }
        .into_bytes()
    } else {
        bytes
    };
    let len = body.len();
    let mut resp = Response::new(if head {
        Body::empty()
    } else {
        Body::from(body)
    });
    *resp.status_mut() = status;
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    if let Ok(v) = HeaderValue::from_str(&len.to_string()) {
        h.insert(header::CONTENT_LENGTH, v);
    }
    resp
}

fn escape(s: &str) -> String {
    crate::markdown::sanitize::escape_text(s)
}

/// The page with the live-reload script (and the error overlay, when the last build failed)
/// added before `</body>`.
pub fn inject(html: &[u8], status: &Status) -> String {
    let html = String::from_utf8_lossy(html);
    let mut add = format!(
        "<script src=\"{LIVE_JS}\" data-build=\"{}\"></script>",
        status.build
    );
    if let Some(e) = &status.error {
        add.push_str(&overlay(e));
    }
    let at = html
        .to_ascii_lowercase()
        .rfind("</body>")
        .unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + add.len());
    out.push_str(&html[..at]);
    out.push_str(&add);
    out.push_str(&html[at..]);
    out
}

/// The page with a 「公众号版」 link to the live 公众号 preview of `site_path`, before `</body>`
/// (only ever added by `serve`: `build` never writes it).
pub fn wechat_link(html: String, site_path: &str) -> String {
    let link = format!(
        "<a href=\"{WECHAT}{}\" target=\"_blank\" rel=\"noopener\" style=\"position:fixed;right:16px;bottom:16px;z-index:2147483000;padding:8px 16px;border-radius:20px;background:#07c160;color:#fff;font:15px/1.4 sans-serif;text-decoration:none;box-shadow:0 2px 8px rgba(0,0,0,.25)\">公众号版</a>",
        escape(site_path)
    );
    let at = html
        .to_ascii_lowercase()
        .rfind("</body>")
        .unwrap_or(html.len());
    let mut out = html;
    out.insert_str(at, &link);
    out
}

/// The error overlay: fixed over the page, readable, closable, in Chinese.
fn overlay(error: &str) -> String {
    format!(
        "<div id=\"tongxin-overlay\" role=\"alertdialog\" aria-labelledby=\"tongxin-overlay-title\" \
style=\"position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,20,.92);color:#fff;\
overflow:auto;padding:2em;font:16px/1.6 system-ui,sans-serif\">\
<h2 id=\"tongxin-overlay-title\" style=\"margin:0 0 .5em;color:#ffb4a8;font-size:1.4em\">\
网站未能更新：内容有错误</h2>\
<p style=\"margin:0 0 1em\">下面是出错的文件和位置。改正并保存后，页面会自动刷新；在此之前显示的是上一次成功生成的网站。</p>\
<pre style=\"white-space:pre-wrap;background:#111;color:#eee;padding:1em;border-radius:4px;\
font:15px/1.5 ui-monospace,'Noto Sans Mono CJK SC',monospace\">{}</pre>\
<button type=\"button\" onclick=\"this.parentNode.remove()\" style=\"font-size:1em;padding:.4em 1em\">\
暂时关闭</button></div>",
        escape(error)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_live_reload_stream_names_its_page() {
        assert_eq!(
            viewed_page(Some("page=%2Farticles%2Fx%2F")),
            Some("articles/x/".to_string())
        );
        assert_eq!(
            viewed_page(Some("a=1&page=/articles/x/index.html")),
            Some("articles/x/".to_string())
        );
        assert_eq!(viewed_page(Some("page=%2F")), Some(String::new()));
        assert_eq!(
            viewed_page(Some("page=%2F%E5%85%B3%E4%BA%8E%2F")),
            Some("关于/".to_string())
        );
        // Not a path, not UTF-8, or no page at all: no page is counted.
        assert_eq!(viewed_page(Some("page=articles")), None);
        assert_eq!(viewed_page(Some("page=%2F%ff")), None);
        assert_eq!(viewed_page(None), None);
    }

    #[test]
    fn traversal_in_every_spelling_is_refused() {
        let dir = Path::new("/srv/site");
        for bad in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/etc/passwd",
            "/.%2e/etc/passwd",
            "/a%2f..%2f..%2fetc/passwd",
            "/..%2fetc/passwd",
            "/..%5cetc/passwd",
            "/a\\..\\..\\etc",
            "/C:%5cWindows",
            "/a%00b",
        ] {
            assert_eq!(resolve(dir, bad), Err(Refused::Traversal), "{bad}");
        }
        assert_eq!(resolve(dir, "/%zz"), Err(Refused::Malformed));
        assert_eq!(resolve(dir, "/%ff"), Err(Refused::Malformed));
    }

    #[test]
    fn chinese_names_are_decoded() {
        let dir = Path::new("/srv/site");
        let p = resolve(dir, "/documents/%E9%99%84%E4%BB%B6.xlsx").unwrap();
        assert_eq!(p, Path::new("/srv/site/documents/附件.xlsx"));
        assert_eq!(
            content_type(&p),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert_eq!(
            content_type(Path::new("a.DOCX")),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        );
        assert_eq!(content_type(Path::new("通知.pdf")), "application/pdf");
    }

    #[test]
    fn script_and_overlay_go_before_the_body_end() {
        let status = Status {
            build: 7,
            error: Some("content/a.md:3:5 <错误>".into()),
        };
        let out = inject(b"<html><body><p>x</p></body></html>", &status);
        assert!(out.contains("data-build=\"7\""));
        assert!(out.contains("content/a.md:3:5 &lt;错误&gt;"));
        assert!(out.ends_with("</div></body></html>"));
    }

    /// Starts the real server on a loopback port with a short header timeout.
    fn start(dir: &Path, timeout: Duration) -> (tokio::runtime::Runtime, std::net::SocketAddr) {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let listener = rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let shared = Shared::new(dir.to_path_buf(), Arc::new(Unflushed::default()));
        rt.spawn(serve(listener, router(shared), timeout));
        (rt, addr)
    }

    /// Reads until the peer closes the connection; returns what was read and how long it took.
    fn read_to_close(s: &mut std::net::TcpStream) -> (Vec<u8>, Duration) {
        use std::io::Read;
        let started = std::time::Instant::now();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut got = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            match s.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
                // A reset also means the server dropped the connection.
                Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break,
                Err(e) => panic!("connection still open after {:?}: {e}", started.elapsed()),
            }
        }
        (got, started.elapsed())
    }

    #[test]
    fn idle_and_half_sent_requests_are_dropped_after_the_timeout() {
        use std::io::Write;
        let dir = std::env::temp_dir().join(format!("tongxin-http-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), "<p>ok</p>").unwrap();
        let (_rt, addr) = start(&dir, Duration::from_millis(400));

        // Half a request line, then nothing (slowloris).
        let mut half = std::net::TcpStream::connect(addr).unwrap();
        half.write_all(b"GET /index.ht").unwrap();
        // Headers that never end.
        let mut headers = std::net::TcpStream::connect(addr).unwrap();
        headers
            .write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: a")
            .unwrap();
        // A connection that sends nothing at all.
        let mut silent = std::net::TcpStream::connect(addr).unwrap();
        for s in [&mut half, &mut headers, &mut silent] {
            let (got, took) = read_to_close(s);
            assert!(took < Duration::from_secs(5), "closed only after {took:?}");
            // Nothing was served for an incomplete request.
            assert!(!String::from_utf8_lossy(&got).contains("ok</p>"));
        }

        // A complete request is still answered, before and after the timeout has passed.
        let mut whole = std::net::TcpStream::connect(addr).unwrap();
        std::thread::sleep(Duration::from_millis(100));
        whole
            .write_all(b"GET /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .unwrap();
        let (got, _) = read_to_close(&mut whole);
        let got = String::from_utf8_lossy(&got);
        assert!(got.starts_with("HTTP/1.1 200"), "{got}");
        assert!(got.contains("ok</p>"), "{got}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_slow_response_stream_is_not_cut_by_the_header_timeout() {
        use std::io::{Read, Write};
        let dir = std::env::temp_dir().join(format!("tongxin-http-sse-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (_rt, addr) = start(&dir, Duration::from_millis(300));
        // The live-reload event stream stays open long after the header timeout.
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        s.write_all(format!("GET {EVENTS} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes())
            .unwrap();
        std::thread::sleep(Duration::from_millis(1200));
        s.set_read_timeout(Some(Duration::from_millis(500)))
            .unwrap();
        let mut got = Vec::new();
        let mut buf = [0u8; 4096];
        // Read what was sent until the stream goes quiet: it must go quiet, not close.
        loop {
            match s.read(&mut buf) {
                Ok(0) => panic!("the event stream was closed"),
                Ok(n) => got.extend_from_slice(&buf[..n]),
                Err(e) => {
                    assert!(
                        matches!(
                            e.kind(),
                            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                        ),
                        "{e}"
                    );
                    break;
                }
            }
        }
        let got = String::from_utf8_lossy(&got);
        assert!(got.starts_with("HTTP/1.1 200"), "{got}");
        assert!(got.contains("text/event-stream"), "{got}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

//! `tongxin wechat --upload`: the folders `tongxin wechat` exported, sent to the 公众号's draft
//! box through WeChat's official API. It never publishes: publishing stays a person's decision,
//! and no publish endpoint (`freepublish/*`, `mass/*`) is ever called.
//!
//! For each folder (its `manifest.json` is the contract with the exporter):
//!
//! 1. everything WeChat would refuse is refused first, for every folder, before any request:
//!    the manifest, the lengths of title, author, digest and content, the images' formats and
//!    sizes, the cover, and every `<img src>` of `article.html` being one the upload replaces;
//! 2. one access token, from `POST /cgi-bin/stable_token` (not `GET /cgi-bin/token`: the stable
//!    token does not void the token other tools of the same account hold, and the AppSecret
//!    travels in the request body rather than in a URL);
//! 3. every image through `POST /cgi-bin/media/uploadimg`, its `src` in `article.html` replaced
//!    by the URL WeChat answers (in `src` attributes only);
//! 4. the cover through `POST /cgi-bin/material/add_material?type=image` (its `media_id` is the
//!    draft's `thumb_media_id`);
//! 5. `POST /cgi-bin/draft/add`, whose `media_id` is the draft's id.
//!
//! An expired or replaced token (42001, 40001, 40014) is refreshed once and the request repeated.
//! Credentials come from environment variables only ([`UploadOptions::from_env`]); the AppSecret
//! and the access token are removed from every text that reaches a message.

use std::io::Read as _;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::channels::wechat::limits;
use crate::diagnostic::{Diagnostic, Diagnostics, Location, Severity, display_path};
use crate::i18n::Lang;
use crate::problem::{Problem, WechatCall as Call, WechatFailure as Failure, WechatField as Field};

// WeChat's limits: their one home is `crate::channels::wechat::limits`, which the export checks
// too; the upload keeps its names for them.

/// The content must have fewer characters than this (`draft/add`).
pub const MAX_CONTENT_CHARS: usize = limits::CONTENT_CHARS;
/// The content must have fewer UTF-8 bytes than this (1 MB, `draft/add`).
pub const MAX_CONTENT_BYTES: usize = limits::CONTENT_BYTES;
/// At most this many characters of title.
pub const MAX_TITLE_CHARS: usize = limits::TITLE_CHARS;
/// At most this many characters of author.
pub const MAX_AUTHOR_CHARS: usize = limits::AUTHOR_CHARS;
/// At most this many characters of digest.
pub const MAX_DIGEST_CHARS: usize = limits::DIGEST_CHARS;
/// An image of the article (`media/uploadimg`, JPEG or PNG) must have fewer bytes than this.
pub const MAX_IMAGE_BYTES: u64 = limits::IMAGE_BYTES as u64;
/// The cover (`material/add_material`, permanent image material) must have fewer bytes than this.
pub const MAX_COVER_BYTES: u64 = limits::COVER_BYTES as u64;

/// WeChat's API, unless `TONGXIN_WECHAT_API` says otherwise.
pub const DEFAULT_API: &str = "https://api.weixin.qq.com";
/// How long one request may take by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The environment variable holding the AppID.
pub const ENV_APPID: &str = "TONGXIN_WECHAT_APPID";
/// The environment variable holding the AppSecret.
pub const ENV_APPSECRET: &str = "TONGXIN_WECHAT_APPSECRET";
/// The environment variable overriding the API's base address (tests, proxies).
pub const ENV_API: &str = "TONGXIN_WECHAT_API";

/// The most of an answer read: WeChat's answers here are a few hundred bytes.
const MAX_ANSWER: u64 = 64 * 1024;
/// The largest `manifest.json` read.
const MAX_MANIFEST: u64 = 1024 * 1024;
/// The longest `errmsg` shown.
const MAX_ERRMSG_CHARS: usize = 200;

/// How to reach WeChat, and as whom.
#[derive(Clone)]
pub struct UploadOptions {
    /// The API's base address, `https://api.weixin.qq.com` by default.
    pub api_base: String,
    /// The account's AppID (开发者ID).
    pub app_id: String,
    /// The account's AppSecret (开发者密码); never shown.
    pub app_secret: String,
    /// How long one request may take, from connecting to the end of the answer.
    pub timeout: Duration,
}

impl std::fmt::Debug for UploadOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UploadOptions")
            .field("api_base", &self.api_base)
            .field("app_id", &self.app_id)
            .field("app_secret", &"***")
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl UploadOptions {
    /// The options from the process environment: `TONGXIN_WECHAT_APPID`,
    /// `TONGXIN_WECHAT_APPSECRET` and, optionally, `TONGXIN_WECHAT_API`.
    pub fn from_env() -> Result<UploadOptions, Diagnostics> {
        UploadOptions::from_lookup(|k| std::env::var(k).ok())
    }

    /// The options from `lookup` (an environment): each missing credential is an error naming
    /// its variable; an API base that is not `https://` (plain `http://` only on this machine)
    /// is refused.
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<UploadOptions, Diagnostics> {
        let mut errors = Diagnostics::default();
        let mut get = |var: &'static str| {
            let v = lookup(var)
                .map(|v| v.trim().to_string())
                .unwrap_or_default();
            if v.is_empty() {
                errors.push(error(Failure::MissingCredential { var }));
            }
            v
        };
        let app_id = get(ENV_APPID);
        let app_secret = get(ENV_APPSECRET);
        let api_base = lookup(ENV_API)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| DEFAULT_API.to_string());
        if let Err(d) = check_base(&api_base) {
            errors.push(d);
        }
        if errors.is_empty() {
            Ok(UploadOptions {
                api_base,
                app_id,
                app_secret,
                timeout: DEFAULT_TIMEOUT,
            })
        } else {
            Err(errors)
        }
    }
}

/// One draft made in the draft box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// The exported folder it came from.
    pub folder: PathBuf,
    /// Its title.
    pub title: String,
    /// The draft's `media_id`, as WeChat answered it.
    pub media_id: String,
    /// How many images were uploaded for it.
    pub images: usize,
}

/// What `tongxin wechat --upload` prints for the drafts made: one line each, then where to
/// find them (and that nothing was published).
pub fn report(drafts: &[Draft], lang: Lang) -> String {
    let mut out = String::new();
    for d in drafts {
        let folder = display_path(&d.folder);
        out.push_str(&match lang {
            Lang::Zh => format!(
                "已创建草稿「{}」（{folder}，{} 张图片）：media_id {}\n",
                d.title, d.images, d.media_id
            ),
            Lang::En => format!(
                "draft made “{}” ({folder}, {} images): media_id {}\n",
                d.title, d.images, d.media_id
            ),
        });
    }
    out.push_str(lang.pick(
        "草稿未发表：请在公众号后台「内容与互动 → 草稿箱」中检查，由人工决定发表。\n",
        "nothing was published: check the drafts in the back office (内容与互动 → 草稿箱); publishing is a person's decision.\n",
    ));
    out
}

fn error(f: Failure) -> Diagnostic {
    Diagnostic::global(Severity::Error, Problem::Wechat(f))
}

fn error_at(f: Failure, location: Location) -> Diagnostic {
    Diagnostic::error(Problem::Wechat(f), location)
}

/// `https://`, or `http://` to this machine only.
fn check_base(base: &str) -> Result<(), Diagnostic> {
    let lower = base.to_ascii_lowercase();
    if lower.starts_with("https://") {
        return Ok(());
    }
    if let Some(rest) = lower.strip_prefix("http://") {
        let authority = rest.split('/').next().unwrap_or("");
        let host = match authority.strip_prefix('[') {
            Some(v6) => v6.split(']').next().unwrap_or(""),
            None => authority.split(':').next().unwrap_or(""),
        };
        let loopback_v4 = host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback());
        if host == "localhost" || host == "::1" || loopback_v4 {
            return Ok(());
        }
    }
    Err(error(Failure::InsecureApi {
        base: base.to_string(),
    }))
}

/// `manifest.json`, as the exporter writes it.
#[derive(Debug, Deserialize)]
struct Manifest {
    title: String,
    #[serde(default)]
    author: String,
    #[serde(default)]
    digest: String,
    #[serde(default)]
    content_source_url: String,
    #[serde(default)]
    cover: Option<String>,
    #[serde(default)]
    images: Vec<ManifestImage>,
}

#[derive(Debug, Deserialize)]
struct ManifestImage {
    file: String,
    src: String,
}

/// An image to upload.
#[derive(Debug)]
struct Image {
    path: PathBuf,
    src: String,
    mime: &'static str,
}

/// A folder that passed every check.
#[derive(Debug)]
struct Prepared {
    folder: PathBuf,
    manifest: Manifest,
    html: String,
    images: Vec<Image>,
    cover: Image,
}

/// The value range of every `src` attribute in `html`, with its tag's name (lowercase).
fn src_attributes(html: &str) -> Vec<(String, Range<usize>)> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(p) = b[i..].iter().position(|&c| c == b'<') {
        let start = i + p;
        if b[start..].starts_with(b"<!--") {
            match html[start + 4..].find("-->") {
                Some(e) => {
                    i = start + 4 + e + 3;
                    continue;
                }
                None => break,
            }
        }
        let mut j = start + 1;
        if !b.get(j).is_some_and(u8::is_ascii_alphabetic) {
            i = j;
            continue;
        }
        while b.get(j).is_some_and(u8::is_ascii_alphanumeric) {
            j += 1;
        }
        let tag = html[start + 1..j].to_ascii_lowercase();
        loop {
            while b
                .get(j)
                .is_some_and(|c| c.is_ascii_whitespace() || *c == b'/')
            {
                j += 1;
            }
            match b.get(j) {
                None => break,
                Some(b'>') => {
                    j += 1;
                    break;
                }
                _ => {}
            }
            let name_start = j;
            while b
                .get(j)
                .is_some_and(|c| !c.is_ascii_whitespace() && !b"=>/".contains(c))
            {
                j += 1;
            }
            if j == name_start {
                // A lone `=`: skip it.
                j += 1;
                continue;
            }
            let name = &html[name_start..j];
            while b.get(j).is_some_and(u8::is_ascii_whitespace) {
                j += 1;
            }
            if b.get(j) != Some(&b'=') {
                continue;
            }
            j += 1;
            while b.get(j).is_some_and(u8::is_ascii_whitespace) {
                j += 1;
            }
            let value = match b.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    let from = j + 1;
                    let to = b[from..]
                        .iter()
                        .position(|&c| c == q)
                        .map_or(b.len(), |e| from + e);
                    j = (to + 1).min(b.len());
                    from..to
                }
                _ => {
                    let from = j;
                    while b
                        .get(j)
                        .is_some_and(|c| !c.is_ascii_whitespace() && *c != b'>')
                    {
                        j += 1;
                    }
                    from..j
                }
            };
            if name.eq_ignore_ascii_case("src") {
                out.push((tag.clone(), value));
            }
        }
        i = j.max(start + 1);
    }
    out
}

/// True when a `src` value is the manifest's `src` (as written, or with `&amp;` decoded).
fn same_src(value: &str, src: &str) -> bool {
    value == src || value.replace("&amp;", "&") == src
}

/// True for an image WeChat already hosts (an earlier upload): it need not be uploaded.
fn hosted_by_wechat(src: &str) -> bool {
    let lower = src.to_ascii_lowercase();
    ["http://", "https://"].iter().any(|scheme| {
        lower.strip_prefix(scheme).is_some_and(|rest| {
            rest.starts_with("mmbiz.qpic.cn/") || rest.starts_with("mmbiz.qlogo.cn/")
        })
    })
}

/// `html` with each `src` attribute whose value is a key of `urls` replaced by its URL.
fn replace_srcs(html: &str, urls: &[(String, String)]) -> String {
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    for (_, range) in src_attributes(html) {
        let value = &html[range.clone()];
        if let Some((_, url)) = urls.iter().find(|(src, _)| same_src(value, src)) {
            out.push_str(&html[at..range.start]);
            out.push_str(&crate::markdown::sanitize::escape_attr(url));
            at = range.end;
        }
    }
    out.push_str(&html[at..]);
    out
}

/// A relative path inside `folder` that stays inside it (no `..`, no absolute path, no link out).
fn inside(folder: &Path, rel: &str) -> Option<PathBuf> {
    let p = Path::new(rel);
    if rel.is_empty() || !p.components().all(|c| matches!(c, Component::Normal(_))) {
        return None;
    }
    let full = folder.join(p);
    match (full.canonicalize(), folder.canonicalize()) {
        (Ok(f), Ok(root)) if !f.starts_with(&root) => None,
        _ => Some(full),
    }
}

fn invalid(zh: String, en: String) -> Failure {
    Failure::ManifestInvalid { zh, en }
}

/// The MIME type of a JPEG or PNG, from its first bytes.
fn sniff(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else {
        None
    }
}

/// Checks one image file: JPEG or PNG, fewer than `max` bytes.
fn check_image(path: &Path, max: u64) -> Result<&'static str, Diagnostic> {
    let mut file = std::fs::File::open(path).map_err(|e| Diagnostic::io(path, &e))?;
    let len = file.metadata().map_err(|e| Diagnostic::io(path, &e))?.len();
    let mut head = [0u8; 8];
    let n = file.read(&mut head).map_err(|e| Diagnostic::io(path, &e))?;
    let here = Location::file_only(path);
    let mime = sniff(&head[..n]).ok_or_else(|| error_at(Failure::ImageFormat, here.clone()))?;
    if len >= max {
        return Err(error_at(Failure::ImageTooLarge { bytes: len, max }, here));
    }
    Ok(mime)
}

/// Reads at most `max` bytes of `path`; `None` when it is longer.
fn read_capped(path: &Path, max: u64) -> Result<Option<Vec<u8>>, Diagnostic> {
    let file = std::fs::File::open(path).map_err(|e| Diagnostic::io(path, &e))?;
    let mut bytes = Vec::new();
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Diagnostic::io(path, &e))?;
    Ok((bytes.len() as u64 <= max).then_some(bytes))
}

/// The lengths WeChat limits: an error for each part empty or too long.
fn check_lengths(m: &Manifest, html: &str, manifest: &Path, article: &Path) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let at = |p: &Path| Location::file_only(p);
    if m.title.trim().is_empty() {
        out.push(error_at(
            Failure::Empty {
                field: Field::Title,
            },
            at(manifest),
        ));
    }
    for (field, text, max) in [
        (Field::Title, m.title.trim(), MAX_TITLE_CHARS),
        (Field::Author, m.author.trim(), MAX_AUTHOR_CHARS),
        (Field::Digest, m.digest.trim(), MAX_DIGEST_CHARS),
    ] {
        let len = text.chars().count();
        if len > max {
            out.push(error_at(Failure::TooLong { field, len, max }, at(manifest)));
        }
    }
    if html.trim().is_empty() {
        out.push(error_at(
            Failure::Empty {
                field: Field::Content,
            },
            at(article),
        ));
    }
    let chars = html.chars().count();
    if chars >= MAX_CONTENT_CHARS {
        out.push(error_at(
            Failure::TooLong {
                field: Field::Content,
                len: chars,
                max: MAX_CONTENT_CHARS,
            },
            at(article),
        ));
    }
    if html.len() >= MAX_CONTENT_BYTES {
        out.push(error_at(
            Failure::TooLong {
                field: Field::ContentBytes,
                len: html.len(),
                max: MAX_CONTENT_BYTES,
            },
            at(article),
        ));
    }
    out
}

/// Reads and checks one exported folder; every problem found, or the folder ready to send.
fn prepare(folder: &Path) -> Result<Prepared, Vec<Diagnostic>> {
    let manifest_path = folder.join("manifest.json");
    let article_path = folder.join("article.html");
    if !manifest_path.is_file() {
        return Err(vec![error_at(
            Failure::NotExported,
            Location::file_only(folder),
        )]);
    }
    let here = Location::file_only(&manifest_path);
    let bytes = match read_capped(&manifest_path, MAX_MANIFEST) {
        Ok(Some(b)) => b,
        Ok(None) => {
            return Err(vec![error_at(
                invalid("文件过大".into(), "the file is too large".into()),
                here,
            )]);
        }
        Err(d) => return Err(vec![d]),
    };
    let manifest: Manifest = match serde_json::from_slice(&bytes) {
        Ok(m) => m,
        Err(e) => {
            return Err(vec![error_at(
                invalid(
                    format!("不是有效的 JSON，或缺少必需的项（{e}）"),
                    format!("not valid JSON, or a required key is missing ({e})"),
                ),
                here,
            )]);
        }
    };
    let mut errors = Vec::new();
    let html = match read_capped(&article_path, 4 * MAX_CONTENT_BYTES as u64) {
        Ok(Some(b)) => match String::from_utf8(b) {
            Ok(s) => s,
            Err(_) => {
                errors.push(error_at(
                    invalid(
                        "article.html 不是 UTF-8 编码".into(),
                        "article.html is not UTF-8".into(),
                    ),
                    Location::file_only(&article_path),
                ));
                String::new()
            }
        },
        Ok(None) => {
            let len = std::fs::metadata(&article_path).map_or(0, |m| m.len() as usize);
            errors.push(error_at(
                Failure::TooLong {
                    field: Field::ContentBytes,
                    len,
                    max: MAX_CONTENT_BYTES,
                },
                Location::file_only(&article_path),
            ));
            String::new()
        }
        Err(d) => {
            errors.push(d);
            String::new()
        }
    };
    if errors.is_empty() {
        errors.extend(check_lengths(
            &manifest,
            &html,
            &manifest_path,
            &article_path,
        ));
    }
    let url = manifest.content_source_url.trim();
    if !(url.is_empty() || url.starts_with("https://") || url.starts_with("http://")) {
        errors.push(error_at(
            invalid(
                format!("content_source_url“{url}”不是 http(s) 网址"),
                format!("content_source_url “{url}” is not an http(s) address"),
            ),
            here.clone(),
        ));
    }
    let file_of = |rel: &str, max: u64| -> Result<(PathBuf, &'static str), Diagnostic> {
        let Some(path) = inside(folder, rel) else {
            return Err(error_at(
                invalid(
                    format!("文件“{rel}”不在导出文件夹内"),
                    format!("the file “{rel}” is not inside the export folder"),
                ),
                here.clone(),
            ));
        };
        check_image(&path, max).map(|mime| (path, mime))
    };
    let cover = match manifest.cover.as_deref().map(str::trim) {
        None | Some("") => {
            errors.push(error_at(Failure::NoCover, here.clone()));
            None
        }
        Some(rel) => file_of(rel, MAX_COVER_BYTES)
            .map_err(|d| errors.push(d))
            .ok(),
    };
    let mut images = Vec::new();
    for img in &manifest.images {
        match file_of(&img.file, MAX_IMAGE_BYTES) {
            Ok((path, mime)) => images.push(Image {
                path,
                src: img.src.clone(),
                mime,
            }),
            Err(d) => errors.push(d),
        }
    }
    let srcs = src_attributes(&html);
    for img in &manifest.images {
        if img.src.is_empty()
            || !srcs
                .iter()
                .any(|(_, r)| same_src(&html[r.clone()], &img.src))
        {
            errors.push(error_at(
                Failure::SrcNotInArticle {
                    src: img.src.clone(),
                },
                here.clone(),
            ));
        }
    }
    for (tag, range) in &srcs {
        let value = &html[range.clone()];
        let listed = manifest.images.iter().any(|i| same_src(value, &i.src));
        if tag == "img" && !listed && !hosted_by_wechat(value) {
            errors.push(error_at(
                Failure::ImageNotUploaded {
                    src: value.to_string(),
                },
                Location::from_offsets(&article_path, &html, range.clone()),
            ));
        }
    }
    match cover {
        Some((path, mime)) if errors.is_empty() => Ok(Prepared {
            folder: folder.to_path_buf(),
            manifest,
            html,
            images,
            cover: Image {
                path,
                src: String::new(),
                mime,
            },
        }),
        _ => Err(errors),
    }
}

/// A `multipart/form-data` body with one part `media` holding `data`: the boundary and the body.
/// The boundary never occurs in `data`.
pub(crate) fn multipart(filename: &str, mime: &str, data: &[u8]) -> (String, Vec<u8>) {
    let hash = blake3::hash(data).to_hex();
    let mut n = 0u32;
    let boundary = loop {
        let b = format!("----tongxin{}{n}", &hash.as_str()[..24]);
        if !data.windows(b.len()).any(|w| w == b.as_bytes()) {
            break b;
        }
        n += 1;
    };
    let safe: String = filename
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut body = Vec::with_capacity(data.len() + 256);
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"media\"; filename=\"{safe}\"\r\nContent-Type: {mime}\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(data);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (boundary, body)
}

/// The file name sent for an upload: the file's own, with the extension its format has.
fn upload_name(path: &Path, mime: &str) -> String {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| !s.is_empty())
        .unwrap_or("image");
    let ext = if mime == "image/png" { "png" } else { "jpg" };
    format!("{stem}.{ext}")
}

/// The draft's JSON body (`draft/add`).
#[derive(Serialize)]
struct DraftBody<'a> {
    articles: [Article<'a>; 1],
}

#[derive(Serialize)]
struct Article<'a> {
    title: &'a str,
    author: &'a str,
    digest: &'a str,
    content: &'a str,
    content_source_url: &'a str,
    thumb_media_id: &'a str,
    need_open_comment: u8,
    only_fans_can_comment: u8,
}

/// The token request's JSON body (`stable_token`).
#[derive(Serialize)]
struct TokenBody<'a> {
    grant_type: &'a str,
    appid: &'a str,
    secret: &'a str,
    force_refresh: bool,
}

/// Talks to WeChat: one agent, one token.
struct Client<'a> {
    agent: ureq::Agent,
    opts: &'a UploadOptions,
    token: Option<String>,
}

impl<'a> Client<'a> {
    fn new(opts: &'a UploadOptions) -> Client<'a> {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(opts.timeout))
            .http_status_as_error(false)
            // A redirect is answered as it is, never followed with the credentials.
            .max_redirects(0)
            .max_redirects_will_error(false)
            // The base address is the one way to a proxy: nothing else is contacted.
            .proxy(None)
            .user_agent(concat!("tongxin/", env!("CARGO_PKG_VERSION")))
            .build()
            .new_agent();
        Client {
            agent,
            opts,
            token: None,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.opts.api_base.trim_end_matches('/'))
    }

    /// `text` without the AppSecret and the access token, without control characters, short.
    fn redact(&self, text: &str) -> String {
        let mut s = text.to_string();
        for secret in [Some(&self.opts.app_secret), self.token.as_ref()]
            .into_iter()
            .flatten()
        {
            if !secret.is_empty() {
                s = s.replace(secret.as_str(), "***");
            }
        }
        let mut out: String = s
            .chars()
            .filter(|c| !c.is_control())
            .take(MAX_ERRMSG_CHARS)
            .collect();
        if s.chars().count() > MAX_ERRMSG_CHARS {
            out.push('…');
        }
        out
    }

    fn net_failure(&self, call: Call, e: ureq::Error) -> Failure {
        use std::io::ErrorKind as K;
        let after = self.opts.timeout;
        match e {
            ureq::Error::Timeout(_) => Failure::Timeout { call, after },
            ureq::Error::Io(io) if matches!(io.kind(), K::TimedOut | K::WouldBlock) => {
                Failure::Timeout { call, after }
            }
            ureq::Error::BodyExceedsLimit(_) => Failure::BadAnswer {
                call,
                detail: format!("超过 {MAX_ANSWER} 字节 / over {MAX_ANSWER} bytes"),
            },
            other => Failure::Connection {
                call,
                detail: self.redact(&other.to_string()),
            },
        }
    }

    /// One POST; the answer as a JSON object, or the failure (an `errcode` other than 0 too).
    fn post(
        &self,
        call: Call,
        path: &str,
        query: &[(&str, &str)],
        content_type: &str,
        body: &[u8],
    ) -> Result<serde_json::Map<String, serde_json::Value>, Failure> {
        let mut req = self.agent.post(self.url(path));
        for (k, v) in query {
            req = req.query(*k, *v);
        }
        let mut resp = req
            .header("Content-Type", content_type)
            .send(body)
            .map_err(|e| self.net_failure(call, e))?;
        let status = resp.status().as_u16();
        let bytes = resp
            .body_mut()
            .with_config()
            .limit(MAX_ANSWER)
            .read_to_vec()
            .map_err(|e| self.net_failure(call, e))?;
        let value = serde_json::from_slice::<serde_json::Value>(&bytes);
        let map = match value {
            Ok(serde_json::Value::Object(m)) => m,
            _ if status != 200 => return Err(Failure::HttpStatus { call, status }),
            _ => {
                return Err(Failure::BadAnswer {
                    call,
                    detail: "不是 JSON 对象 / not a JSON object".into(),
                });
            }
        };
        let code = map.get("errcode").and_then(serde_json::Value::as_i64);
        if let Some(code) = code.filter(|&c| c != 0) {
            let errmsg = map
                .get("errmsg")
                .and_then(serde_json::Value::as_str)
                .unwrap_or("");
            return Err(Failure::Api {
                call,
                code,
                errmsg: self.redact(errmsg),
            });
        }
        if status != 200 {
            return Err(Failure::HttpStatus { call, status });
        }
        Ok(map)
    }

    /// A string field of an answer that must be there.
    fn field(
        map: &serde_json::Map<String, serde_json::Value>,
        call: Call,
        key: &str,
    ) -> Result<String, Failure> {
        match map.get(key).and_then(serde_json::Value::as_str) {
            Some(s)
                if !s.is_empty()
                    && s.len() <= 2048
                    && !s.chars().any(|c| c.is_control() || c.is_whitespace()) =>
            {
                Ok(s.to_string())
            }
            _ => Err(Failure::BadAnswer {
                call,
                detail: format!("缺少 {key} / no {key}"),
            }),
        }
    }

    /// The access token, fetched once and kept.
    fn token(&mut self) -> Result<String, Failure> {
        if let Some(t) = &self.token {
            return Ok(t.clone());
        }
        let body = serde_json::to_vec(&TokenBody {
            grant_type: "client_credential",
            appid: &self.opts.app_id,
            secret: &self.opts.app_secret,
            force_refresh: false,
        })
        .map_err(|e| Failure::BadAnswer {
            call: Call::Token,
            detail: e.to_string(),
        })?;
        let map = self.post(
            Call::Token,
            "/cgi-bin/stable_token",
            &[],
            "application/json; charset=utf-8",
            &body,
        )?;
        let token = Client::field(&map, Call::Token, "access_token")?;
        self.token = Some(token.clone());
        Ok(token)
    }

    /// One POST with the access token; an expired or replaced token is refreshed once.
    fn call(
        &mut self,
        call: Call,
        path: &str,
        query: &[(&str, &str)],
        content_type: &str,
        body: &[u8],
    ) -> Result<serde_json::Map<String, serde_json::Value>, Failure> {
        let mut refreshed = false;
        loop {
            let token = self.token()?;
            let mut q = vec![("access_token", token.as_str())];
            q.extend_from_slice(query);
            match self.post(call, path, &q, content_type, body) {
                Err(Failure::Api {
                    code: 42001 | 40001 | 40014,
                    ..
                }) if !refreshed => {
                    refreshed = true;
                    self.token = None;
                }
                other => return other,
            }
        }
    }

    fn upload_file(&mut self, call: Call, image: &Image) -> Result<String, Diagnostic> {
        let here = Location::file_only(&image.path);
        let max = if call == Call::UploadCover {
            MAX_COVER_BYTES
        } else {
            MAX_IMAGE_BYTES
        };
        let data = match read_capped(&image.path, max)? {
            Some(d) if (d.len() as u64) < max => d,
            Some(d) => {
                return Err(error_at(
                    Failure::ImageTooLarge {
                        bytes: d.len() as u64,
                        max,
                    },
                    here,
                ));
            }
            None => {
                return Err(error_at(
                    Failure::ImageTooLarge {
                        bytes: max + 1,
                        max,
                    },
                    here,
                ));
            }
        };
        let (boundary, body) = multipart(&upload_name(&image.path, image.mime), image.mime, &data);
        let ct = format!("multipart/form-data; boundary={boundary}");
        let result = match call {
            Call::UploadCover => self
                .call(
                    call,
                    "/cgi-bin/material/add_material",
                    &[("type", "image")],
                    &ct,
                    &body,
                )
                .and_then(|m| Client::field(&m, call, "media_id")),
            _ => self
                .call(call, "/cgi-bin/media/uploadimg", &[], &ct, &body)
                .and_then(|m| Client::field(&m, call, "url"))
                .and_then(|url| {
                    if url.starts_with("http://") || url.starts_with("https://") {
                        Ok(url)
                    } else {
                        Err(Failure::BadAnswer {
                            call,
                            detail: "url 不是网址 / url is no address".into(),
                        })
                    }
                }),
        };
        result.map_err(|f| error_at(f, here))
    }

    /// Uploads one prepared folder's images and cover and makes its draft.
    fn send(&mut self, p: &Prepared) -> Result<Draft, Diagnostic> {
        let mut urls = Vec::new();
        for image in &p.images {
            let url = self.upload_file(Call::UploadImage, image)?;
            urls.push((image.src.clone(), url));
        }
        let content = replace_srcs(&p.html, &urls);
        let article_path = p.folder.join("article.html");
        if let Some(d) = check_lengths(
            &p.manifest,
            &content,
            &p.folder.join("manifest.json"),
            &article_path,
        )
        .into_iter()
        .next()
        {
            return Err(d);
        }
        let thumb = self.upload_file(Call::UploadCover, &p.cover)?;
        let m = &p.manifest;
        let body = serde_json::to_vec(&DraftBody {
            articles: [Article {
                title: m.title.trim(),
                author: m.author.trim(),
                digest: m.digest.trim(),
                content: &content,
                content_source_url: m.content_source_url.trim(),
                thumb_media_id: &thumb,
                need_open_comment: 0,
                only_fans_can_comment: 0,
            }],
        })
        .map_err(|e| {
            error(Failure::BadAnswer {
                call: Call::AddDraft,
                detail: e.to_string(),
            })
        })?;
        let map = self
            .call(
                Call::AddDraft,
                "/cgi-bin/draft/add",
                &[],
                "application/json; charset=utf-8",
                &body,
            )
            .map_err(|f| error_at(f, Location::file_only(&p.folder)))?;
        let media_id = Client::field(&map, Call::AddDraft, "media_id")
            .map_err(|f| error_at(f, Location::file_only(&p.folder)))?;
        Ok(Draft {
            folder: p.folder.clone(),
            title: m.title.trim().to_string(),
            media_id,
            images: urls.len(),
        })
    }
}

/// True when a failure will repeat for every other folder, so the upload stops.
fn stops_all(d: &Diagnostic) -> bool {
    match &d.problem {
        Problem::Wechat(Failure::Api { code, .. }) => !matches!(
            code,
            40005 | 40009 | 40007 | 44002 | 44003 | 45002 | 45003 | 45004 | 45110
        ),
        Problem::Wechat(
            Failure::Timeout { .. }
            | Failure::Connection { .. }
            | Failure::HttpStatus { .. }
            | Failure::BadAnswer { .. },
        ) => true,
        _ => false,
    }
}

/// [`upload`] with the credentials from the environment ([`UploadOptions::from_env`]).
pub fn upload_from_env(dirs: &[PathBuf]) -> Result<Vec<Draft>, Diagnostics> {
    upload(dirs, &UploadOptions::from_env()?)
}

/// Sends each exported folder to the draft box, in order, and returns the drafts made.
///
/// Every folder is checked before the first request; any problem stops the upload before
/// anything is sent. A failure on the way that would repeat for every folder (credentials, IP
/// whitelist, quota, network) stops the rest; one that concerns a single article skips it. When
/// some drafts were made before an error, a warning lists them so they are not uploaded twice.
pub fn upload(dirs: &[PathBuf], opts: &UploadOptions) -> Result<Vec<Draft>, Diagnostics> {
    let mut diags = Diagnostics::default();
    if let Err(d) = check_base(&opts.api_base) {
        diags.push(d);
    }
    for (var, value) in [(ENV_APPID, &opts.app_id), (ENV_APPSECRET, &opts.app_secret)] {
        if value.trim().is_empty() {
            diags.push(error(Failure::MissingCredential { var }));
        }
    }
    let mut ready = Vec::new();
    for dir in dirs {
        match prepare(dir) {
            Ok(p) => ready.push(p),
            Err(ds) => diags.extend(ds),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    if ready.is_empty() {
        return Ok(Vec::new());
    }
    let mut client = Client::new(opts);
    if let Err(f) = client.token() {
        diags.push(error(f));
        return Err(diags);
    }
    let mut drafts = Vec::new();
    for p in &ready {
        match client.send(p) {
            Ok(d) => drafts.push(d),
            Err(d) => {
                let stop = stops_all(&d);
                diags.push(d);
                if stop {
                    break;
                }
            }
        }
    }
    if !diags.has_errors() {
        return Ok(drafts);
    }
    if !drafts.is_empty() {
        diags.push(Diagnostic::global(
            Severity::Warning,
            Problem::Wechat(Failure::Interrupted {
                created: drafts
                    .iter()
                    .map(|d| (display_path(&d.folder), d.media_id.clone()))
                    .collect(),
            }),
        ));
    }
    Err(diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipart_body_has_one_media_part_and_a_boundary_not_in_the_data() {
        let data = b"\xFF\xD8\xFF\xE0 some bytes \r\n--not a boundary";
        let (boundary, body) = multipart("01.jpg", "image/jpeg", data);
        let text = String::from_utf8_lossy(&body);
        assert!(text.starts_with(&format!("--{boundary}\r\n")), "{text}");
        assert!(text.contains(
            "Content-Disposition: form-data; name=\"media\"; filename=\"01.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
        ));
        assert!(text.ends_with(&format!("\r\n--{boundary}--\r\n")));
        assert_eq!(text.matches(boundary.as_str()).count(), 2);
        // Data that contains the first candidate boundary gets another one.
        let first = format!(
            "----tongxin{}0",
            &blake3::hash(b"x").to_hex().as_str()[..24]
        );
        let tricky = format!("x{first}");
        let (b2, _) = multipart("a.png", "image/png", tricky.as_bytes());
        assert!(!tricky.contains(&b2));
        let (_, body) = multipart("照片 \"1\".jpg", "image/jpeg", b"\xFF\xD8\xFF");
        assert!(String::from_utf8_lossy(&body).contains("filename=\"____1_.jpg\""));
    }

    #[test]
    fn only_src_attributes_are_replaced() {
        let html = r#"<p>见 images/01.jpg</p><img alt="images/01.jpg" src="images/01.jpg"><img src='images/01.jpg' data-x="a>b"><a href="images/01.jpg">x</a><!-- <img src="images/01.jpg"> --><IMG SRC=images/01.jpg>"#;
        let out = replace_srcs(
            html,
            &[(
                "images/01.jpg".into(),
                "http://mmbiz.qpic.cn/mmbiz_jpg/1/0?a=1&b=2".into(),
            )],
        );
        assert_eq!(
            out,
            r#"<p>见 images/01.jpg</p><img alt="images/01.jpg" src="http://mmbiz.qpic.cn/mmbiz_jpg/1/0?a=1&amp;b=2"><img src='http://mmbiz.qpic.cn/mmbiz_jpg/1/0?a=1&amp;b=2' data-x="a>b"><a href="images/01.jpg">x</a><!-- <img src="images/01.jpg"> --><IMG SRC=http://mmbiz.qpic.cn/mmbiz_jpg/1/0?a=1&amp;b=2>"#
        );
        // Malformed markup never panics.
        for s in [
            "<",
            "<img src",
            "<img src=",
            "<img src=\"",
            "<!--",
            "<a =x>",
            "<img src='é",
        ] {
            let _ = src_attributes(s);
        }
    }

    #[test]
    fn base_must_be_https_or_loopback() {
        assert!(check_base("https://api.weixin.qq.com").is_ok());
        assert!(check_base("http://127.0.0.1:8080").is_ok());
        assert!(check_base("http://localhost/x").is_ok());
        assert!(check_base("http://[::1]:9/").is_ok());
        assert!(check_base("http://api.weixin.qq.com").is_err());
        assert!(check_base("http://127.0.0.1.evil.example").is_err());
        assert!(check_base("ftp://x").is_err());
    }

    #[test]
    fn secrets_are_redacted() {
        let opts = UploadOptions {
            api_base: DEFAULT_API.into(),
            app_id: "wx1".into(),
            app_secret: "S3CRET".into(),
            timeout: DEFAULT_TIMEOUT,
        };
        assert!(!format!("{opts:?}").contains("S3CRET"));
        let mut c = Client::new(&opts);
        c.token = Some("TOKEN123".into());
        assert_eq!(c.redact("bad S3CRET and TOKEN123\n"), "bad *** and ***");
    }
}

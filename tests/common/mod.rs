//! Shared test helpers: fixture sites in temp folders, the real `tongxin` binary, a link crawler.
#![allow(dead_code)]

pub mod html;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A site in a fresh temporary folder, removed when dropped.
pub struct Fixture {
    pub root: PathBuf,
}

pub const CONFIG: &str = "title: 测试双拥网\nbase_url: https://test.example.gov.cn/\norganization: 测试区双拥办\nmenu:\n  - {name: 首页, url: /}\n  - {name: 工作动态, url: /articles/}\nhonors: [最美退役军人, 最美军嫂]\nbriefings:\n  jianbao:\n    name: 测试双拥工作简报\n    kind: 简报\n    editor: 测试区双拥办\n    distribution: {报: [市双拥办], 发: [各镇街]}\n    copies: 30\n  zhuanbao:\n    name: 测试双拥专报\n    kind: 专报\n    editor: 测试区双拥办\n";

impl Fixture {
    /// An empty folder.
    pub fn empty(name: &str) -> Fixture {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let root =
            std::env::temp_dir().join(format!("tongxin-test-{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        Fixture { root }
    }

    /// A minimal valid site: config plus one article.
    pub fn site(name: &str) -> Fixture {
        let f = Fixture::empty(name);
        f.write("config.yaml", CONFIG);
        f.write("content/articles/hello.md", "---\ntitle: 第一篇文章\ndate: 2026-05-20\ncategories: [工作动态]\ntags: [慰问]\n---\n\n区双拥办开展走访慰问活动。\n");
        f
    }

    /// A copy of the repository's demo site (config, content, static).
    pub fn demo(name: &str) -> Fixture {
        let f = Fixture::empty(name);
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::copy(repo.join("config.yaml"), f.root.join("config.yaml")).unwrap();
        copy_dir(&repo.join("content"), &f.root.join("content"));
        copy_dir(&repo.join("static"), &f.root.join("static"));
        f
    }

    pub fn write(&self, rel: &str, text: &str) -> &Fixture {
        self.write_bytes(rel, text.as_bytes())
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Fixture {
        let p = self.root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
        self
    }

    /// Runs `tongxin --root <root> args…`.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_tongxin"))
            .arg("--root")
            .arg(&self.root)
            .args(args)
            .env("LANG", "zh_CN.UTF-8")
            .output()
            .expect("run tongxin")
    }

    /// Builds and asserts success; returns stderr+stdout.
    pub fn build_ok(&self, args: &[&str]) -> String {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "build failed:\n{text}");
        text
    }

    /// Builds and asserts failure; returns stderr.
    pub fn build_err(&self) -> String {
        let out = self.run(&["build"]);
        let text = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(
            !out.status.success(),
            "build should fail:\n{text}{}",
            String::from_utf8_lossy(&out.stdout)
        );
        text
    }

    pub fn public(&self) -> PathBuf {
        self.root.join("public")
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.public().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Where `build --drafts` writes its preview (never the publishing folder).
    #[allow(dead_code)]
    pub fn drafts(&self) -> PathBuf {
        self.root.join(".tongxin-cache/drafts")
    }

    /// A file of the `--drafts` preview.
    #[allow(dead_code)]
    pub fn read_drafts(&self, rel: &str) -> String {
        std::fs::read_to_string(self.drafts().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for e in walk(from) {
        let rel = e.strip_prefix(from).unwrap();
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&e, &dest).unwrap();
    }
}

/// Every file under a folder.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Like [`snapshot`], for a folder that may be changing (the one `serve` writes to): None
/// when a file went away between listing and reading it.
pub fn snapshot_of_live(dir: &Path) -> Option<BTreeMap<String, Vec<u8>>> {
    walk(dir)
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(dir)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            Some((rel, std::fs::read(&p).ok()?))
        })
        .collect()
}

/// Every output file's bytes, by `/` path.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    snapshot_of_live(dir).expect("an output file could not be read")
}

/// `href`, `src` and `srcset` values of an HTML file.
pub fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            // Only attributes, not text like `data-href="`.
            let before = rest[..i].chars().last();
            rest = &rest[i + attr.len()..];
            if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-') {
                continue;
            }
            if let Some(j) = rest.find('"') {
                out.push(html_unescape(&rest[..j]));
                rest = &rest[j..];
            }
        }
    }
    out
}

pub fn html_unescape(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// Decodes `%XX` escapes of a link as a browser would before looking the file up. Written
/// here rather than borrowed from the crate so the crawler checks links independently of the
/// code that wrote them.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The `/`-path `rel` read from the folder `dir` (`.` and `..` resolved, empty segments
/// dropped), without a leading `/`; None when it climbs above the root. Like
/// [`percent_decode`], written here rather than borrowed from `render::links`, so that the
/// crawler resolves links independently of the code that wrote them.
pub fn join_path(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// What the crawler found: (file, link) pairs.
pub struct Crawl {
    /// Links that do not resolve to an output file.
    pub broken: Vec<(String, String)>,
    /// Links that are absolute site paths (`/…`), except the 404 page's (see `crawl`).
    pub absolute: Vec<(String, String)>,
    /// Number of internal links checked.
    pub checked: usize,
}

/// Crawls every HTML file. With `portable`, links must also name a file (no bare folders).
pub fn crawl(public: &Path, portable: bool) -> Crawl {
    let files = snapshot(public);
    let mut broken = Vec::new();
    let mut absolute = Vec::new();
    let mut checked = 0;
    for (path, bytes) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
        for link in links(&html) {
            if link.starts_with('#')
                || link.contains("://")
                || link.starts_with("mailto:")
                || link.starts_with("tel:")
                || link.starts_with("data:")
                || link.starts_with("javascript:")
            {
                continue;
            }
            // Servers show 404.html at any missing address, so (outside portable builds) its
            // links start at the path of base_url, `/` in the fixtures: `/x` is the site path `x`.
            let (from_dir, link) = match link.strip_prefix('/') {
                Some(rest) if path == "404.html" && !portable && !rest.starts_with('/') => {
                    ("", rest.to_string())
                }
                _ => (dir, link),
            };
            if link.starts_with('/') {
                absolute.push((path.clone(), link));
                continue;
            }
            checked += 1;
            let target = link.split(['#', '?']).next().unwrap_or("");
            let target = percent_decode(target);
            let joined = join_path(from_dir, &target);
            let ok = joined.is_some();
            let mut resolved = joined.unwrap_or_default();
            let names_file =
                !(target.is_empty() || target.ends_with('/') || target == "." || target == "..");
            if !names_file {
                if portable {
                    broken.push((
                        path.clone(),
                        format!("{link} (portable link without index.html)"),
                    ));
                    continue;
                }
                resolved = if resolved.is_empty() {
                    "index.html".into()
                } else {
                    format!("{resolved}/index.html")
                };
            }
            if !ok || !files.contains_key(&resolved) {
                broken.push((path.clone(), link));
            }
        }
    }
    Crawl {
        broken,
        absolute,
        checked,
    }
}

/// The installed Chromium-family browser. Browser tests fail (never skip) without one: CI
/// installs Debian's `chromium`.
pub fn browser() -> PathBuf {
    match tongxin::commands::browser::find() {
        Ok(p) => p,
        Err(e) => panic!(
            "browser tests need Chromium (apt-get install chromium) or TONGXIN_BROWSER: {e:?}"
        ),
    }
}

/// Headless Chromium as the tests run it (the flags of SPEC's test rules), with its own
/// profile folder `profile`; the caller adds what the run does (`--dump-dom`, `--screenshot`).
pub fn headless(profile: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(browser());
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    cmd
}

/// A valid 18-digit 身份证号 from its first 17 digits (the GB 11643 check character appended).
pub fn id_with_check(first17: &str) -> String {
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .chars()
        .zip(weights)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{first17}{check}")
}

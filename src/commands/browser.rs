//! Finding and driving an installed Chrome, Chromium or Edge in headless mode.
//!
//! `tongxin pdf` and the browser tests share this: `TONGXIN_BROWSER` wins, then the usual
//! program names on `PATH`, then the usual install folders on Windows and macOS.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Program names looked up on `PATH`, most specific first.
const PATH_NAMES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "microsoft-edge",
    "microsoft-edge-stable",
    "msedge",
];

/// Install locations on macOS.
const MAC_APPS: &[&str] = &[
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
];

/// Install locations on Windows, below Program Files or the user's local app data.
const WINDOWS_APPS: &[&str] = &[
    "Google\\Chrome\\Application\\chrome.exe",
    "Microsoft\\Edge\\Application\\msedge.exe",
    "Chromium\\Application\\chrome.exe",
];

/// The flags every headless run uses: no sandbox (containers), no GPU, no first-run UI and no
/// background network traffic (nothing may leave the machine).
pub const HEADLESS_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-extensions",
    "--disable-sync",
    "--hide-scrollbars",
    "--mute-audio",
];

/// Why no browser could be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BrowserError {
    /// `TONGXIN_BROWSER` names a file that does not exist.
    OverrideMissing(PathBuf),
    /// Nothing found anywhere.
    NotFound,
}

/// Finds a Chromium-family browser.
pub fn find() -> Result<PathBuf, BrowserError> {
    if let Some(p) = std::env::var_os("TONGXIN_BROWSER").filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        if p.is_file() {
            return Ok(p);
        }
        // A bare program name is looked up on PATH.
        return on_path(&p.to_string_lossy()).ok_or(BrowserError::OverrideMissing(p));
    }
    for name in PATH_NAMES {
        if let Some(p) = on_path(name) {
            return Ok(p);
        }
    }
    for app in MAC_APPS {
        let p = Path::new(app);
        if p.is_file() {
            return Ok(p.to_path_buf());
        }
    }
    for var in ["ProgramFiles", "ProgramFiles(x86)", "LOCALAPPDATA"] {
        if let Some(base) = std::env::var_os(var) {
            for app in WINDOWS_APPS {
                let p = Path::new(&base).join(app);
                if p.is_file() {
                    return Ok(p);
                }
            }
        }
    }
    Err(BrowserError::NotFound)
}

/// Looks a program name up on `PATH` (with `.exe` on Windows).
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find_map(|dir| {
        let p = dir.join(name);
        if p.is_file() {
            return Some(p);
        }
        let exe = dir.join(format!("{name}.exe"));
        exe.is_file().then_some(exe)
    })
}

/// A `file://` URL for a local path (absolute; non-ASCII and reserved bytes percent-encoded).
pub fn file_url(path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let s = abs.to_string_lossy().replace('\\', "/");
    let mut out = String::from("file://");
    if !s.starts_with('/') {
        out.push('/');
    }
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// What went wrong running the browser.
#[derive(Debug)]
pub enum RunError {
    /// It could not be started.
    Spawn(std::io::Error),
    /// It ran longer than allowed and was killed.
    Timeout,
    /// It exited without producing the expected file; its stderr tail.
    Failed(String),
}

/// Runs the browser with `args` after the headless flags, a throw-away profile folder and
/// `timeout`; returns its stdout.
pub fn run(browser: &Path, args: &[String], timeout: Duration) -> Result<Vec<u8>, RunError> {
    let profile = std::env::temp_dir().join(format!(
        "tongxin-browser-{}-{}",
        std::process::id(),
        PROFILE_COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    ));
    let mut cmd = Command::new(browser);
    cmd.args(HEADLESS_FLAGS)
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(RunError::Spawn)?;
    // Read both pipes on threads so a chatty browser cannot block on a full pipe.
    let mut stdout = child.stdout.take();
    let mut stderr = child.stderr.take();
    let out_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        if let Some(s) = stdout.as_mut() {
            let _ = std::io::Read::read_to_end(s, &mut v);
        }
        v
    });
    let err_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        if let Some(s) = stderr.as_mut() {
            let _ = std::io::Read::read_to_end(s, &mut v);
        }
        v
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break Some(s),
            Ok(None) if start.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => {
                let _ = std::fs::remove_dir_all(&profile);
                return Err(RunError::Spawn(e));
            }
        }
    };
    let out = out_t.join().unwrap_or_default();
    let err = err_t.join().unwrap_or_default();
    let _ = std::fs::remove_dir_all(&profile);
    match status {
        None => Err(RunError::Timeout),
        Some(s) if s.success() => Ok(out),
        Some(_) => Err(RunError::Failed(tail(&err))),
    }
}

static PROFILE_COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The last few lines of a browser's stderr, for an error message.
fn tail(err: &[u8]) -> String {
    let s = String::from_utf8_lossy(err);
    let lines: Vec<&str> = s.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(4)..].join("\n")
}

/// Prints `url` to `pdf` with the page's own CSS page size and no browser header or footer.
pub fn print_to_pdf(
    browser: &Path,
    url: &str,
    pdf: &Path,
    timeout: Duration,
) -> Result<(), RunError> {
    let _ = std::fs::remove_file(pdf);
    let args = vec![
        "--no-pdf-header-footer".to_string(),
        "--run-all-compositor-stages-before-draw".to_string(),
        "--virtual-time-budget=10000".to_string(),
        format!("--print-to-pdf={}", pdf.display()),
        url.to_string(),
    ];
    run(browser, &args, timeout)?;
    if pdf.is_file() {
        Ok(())
    } else {
        Err(RunError::Failed(String::new()))
    }
}

/// Loads `url`, runs its scripts and returns the DOM as HTML (`--dump-dom`).
pub fn dump_dom(browser: &Path, url: &str, timeout: Duration) -> Result<String, RunError> {
    let args = vec![
        "--virtual-time-budget=10000".to_string(),
        "--dump-dom".to_string(),
        url.to_string(),
    ];
    run(browser, &args, timeout).map(|b| String::from_utf8_lossy(&b).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_encode_chinese_and_spaces() {
        let u = file_url(Path::new("/tmp/简报 1/index.html"));
        assert_eq!(u, "file:///tmp/%E7%AE%80%E6%8A%A5%201/index.html", "{u}");
    }

    #[test]
    fn stderr_tail_keeps_the_last_lines() {
        assert_eq!(tail(b"a\n\nb\nc\nd\ne\n"), "b\nc\nd\ne");
    }
}

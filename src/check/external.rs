//! `tongxin check --external`: are the site's links to other websites still alive?
//!
//! [`collect`] finds every `http://` and `https://` link and image in the Markdown bodies of the
//! site's pages (front matter holds no link fields), with the place each one is written.
//! [`check`] asks each distinct address once, with a per-request timeout and at most
//! [`ExternalOptions::jobs`] requests at a time: `HEAD` first, `GET` when the server refuses
//! `HEAD` (405, 501 or a broken answer), following up to [`MAX_REDIRECTS`] redirects. A final
//! 2xx or 3xx answer is fine; 4xx and 5xx become [`Problem::ExternalLinkBroken`], no answer at
//! all [`Problem::ExternalLinkUnreachable`], reported as warnings at every place the address is
//! used: the web is flaky, and a link that fails today may work tomorrow.
//!
//! Nothing here runs unless `--external` is given; `build` never touches the network.

use std::collections::HashMap;
use std::time::Duration;

use crate::diagnostic::{Diagnostic, Location};
use crate::i18n::Lang;
use crate::markdown::{LinkCheck, Rendered};
use crate::model::Site;
pub use crate::problem::LinkFailure as Failure;
use crate::problem::Problem;

/// Redirects followed before the last answer is taken as final.
pub const MAX_REDIRECTS: u32 = 5;

/// The `User-Agent` sent with every request.
pub const USER_AGENT: &str = concat!("tongxin-linkcheck/", env!("CARGO_PKG_VERSION"));

/// How external links are checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalOptions {
    /// Longest wait for one request, redirects included (`--timeout`, default 10 s).
    pub timeout: Duration,
    /// Most requests in flight at once (`--jobs`, default 8; 0 counts as 1).
    pub jobs: usize,
    /// When set, say on stderr, in this language, how many addresses are being checked.
    pub announce: Option<Lang>,
}

impl Default for ExternalOptions {
    fn default() -> Self {
        ExternalOptions {
            timeout: Duration::from_secs(10),
            jobs: 8,
            announce: None,
        }
    }
}

/// What checking one address found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A final 2xx or 3xx answer, with its status.
    Ok(u16),
    /// A final 4xx or 5xx answer, with its status.
    Broken(u16),
    /// No answer.
    Unreachable(Failure),
}

/// One place where an external address is written.
#[derive(Debug, Clone)]
pub struct Use {
    /// The link target as written (fragment included).
    pub written: String,
    /// Where: the URL itself, or the whole link for reference-style links.
    pub location: Location,
}

/// One address to request and every place that links to it.
#[derive(Debug, Clone)]
pub struct Target {
    /// The address requested: no fragment, unsafe characters percent-encoded.
    pub url: String,
    /// Every use, in page and document order.
    pub uses: Vec<Use>,
}

/// True for `http://…` and `https://…` (any case).
pub fn is_external(url: &str) -> bool {
    let b = url.trim_start().as_bytes();
    let starts = |p: &str| {
        b.get(..p.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(p.as_bytes()))
    };
    starts("http://") || starts("https://")
}

/// The address to request for a link target as written, or `None` when it is not an
/// external link: the fragment is dropped (servers never see it), and spaces, non-ASCII and
/// other characters not allowed in a request line are percent-encoded.
pub fn request_url(written: &str) -> Option<String> {
    let url = written.trim();
    if !is_external(url) {
        return None;
    }
    let url = url.split('#').next().unwrap_or(url);
    // The scheme and host are kept as written (a non-ASCII host is refused later, unrequested).
    let host_end = url
        .find("://")
        .map(|i| i + 3)
        .and_then(|h| url[h..].find(['/', '?']).map(|e| h + e))
        .unwrap_or(url.len());
    let mut out = String::with_capacity(url.len());
    out.push_str(&url[..host_end]);
    for c in url[host_end..].chars() {
        if c.is_ascii_graphic()
            && !matches!(c, '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}')
        {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    Some(out)
}

/// False for a host the HTTP client cannot ask for: one with characters outside ASCII, which
/// would need IDNA (not supported). [`request_url`] leaves the host as written.
fn host_is_ascii(written: &str) -> bool {
    let rest = written.trim().split_once("://").map_or(written, |(_, r)| r);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    rest[..end].is_ascii()
}

/// Every external address linked from the Markdown of the pages the build includes (as the
/// render pass recorded them), one [`Target`] per address in order of first use.
pub fn collect(site: &Site, rendered: &[Option<Rendered>]) -> Vec<Target> {
    let mut targets: Vec<Target> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (p, r) in site.pages.iter().zip(rendered) {
        let Some(r) = r else { continue };
        for link in r.checks.iter().filter(|l| l.check == LinkCheck::External) {
            let Some(url) = request_url(&link.written) else {
                continue;
            };
            let use_ = Use {
                written: link.written.trim().to_string(),
                location: p.location(&link.span),
            };
            let i = *index.entry(url.clone()).or_insert_with(|| {
                targets.push(Target {
                    url,
                    uses: Vec::new(),
                });
                targets.len() - 1
            });
            if let Some(t) = targets.get_mut(i) {
                t.uses.push(use_);
            }
        }
    }
    targets
}

fn agent(opts: &ExternalOptions) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(opts.timeout))
        .max_redirects(MAX_REDIRECTS)
        .max_redirects_will_error(false)
        .http_status_as_error(false)
        .user_agent(USER_AGENT)
        .proxy(None)
        .build()
        .new_agent()
}

fn failure(e: ureq::Error, url: &str, timeout: Duration) -> Failure {
    use std::io::ErrorKind as K;
    use ureq::Error as E;
    let https = url
        .get(..8)
        .is_some_and(|s| s.eq_ignore_ascii_case("https://"));
    match e {
        E::Timeout(_) => Failure::Timeout { after: timeout },
        E::HostNotFound => Failure::HostNotFound,
        E::Io(io) => match io.kind() {
            K::TimedOut | K::WouldBlock => Failure::Timeout { after: timeout },
            K::ConnectionRefused => Failure::Refused,
            // rustls reports handshake and certificate failures as invalid data.
            K::InvalidData if https => Failure::Tls {
                detail: io.to_string(),
            },
            K::ConnectionReset
            | K::ConnectionAborted
            | K::NotConnected
            | K::AddrNotAvailable
            | K::HostUnreachable
            | K::NetworkUnreachable
            | K::UnexpectedEof => Failure::ConnectionFailed {
                detail: io.to_string(),
            },
            _ => Failure::Other {
                detail: io.to_string(),
            },
        },
        E::ConnectionFailed => Failure::ConnectionFailed {
            detail: e.to_string(),
        },
        E::Tls(m) => Failure::Tls {
            detail: m.to_string(),
        },
        E::Rustls(r) => Failure::Tls {
            detail: r.to_string(),
        },
        E::BadUri(_) | E::Http(_) => Failure::InvalidUrl,
        other => Failure::Other {
            detail: other.to_string(),
        },
    }
}

fn classify(status: u16) -> Outcome {
    if (200..400).contains(&status) {
        Outcome::Ok(status)
    } else {
        Outcome::Broken(status)
    }
}

/// Checks one address: `HEAD`, then `GET` when `HEAD` is refused (405, 501) or answered with
/// something other than a timeout or a failed connection, which a second request would only
/// repeat.
pub fn probe(agent: &ureq::Agent, url: &str, timeout: Duration) -> Outcome {
    let head = agent
        .head(url)
        .call()
        .map(|r| r.status().as_u16())
        .map_err(|e| failure(e, url, timeout));
    match head {
        Ok(405 | 501) => {}
        Ok(status) => return classify(status),
        Err(
            f @ (Failure::Timeout { .. }
            | Failure::HostNotFound
            | Failure::Refused
            | Failure::InvalidUrl
            | Failure::Tls { .. }),
        ) => return Outcome::Unreachable(f),
        Err(_) => {}
    }
    // The body is never read: dropping the answer closes the connection.
    match agent.get(url).call() {
        Ok(r) => classify(r.status().as_u16()),
        Err(e) => Outcome::Unreachable(failure(e, url, timeout)),
    }
}

/// Checks each address once, at most `opts.jobs` at a time; outcomes in the order given.
pub fn probe_all(urls: &[String], opts: &ExternalOptions) -> Vec<Outcome> {
    use rayon::prelude::*;
    let agent = agent(opts);
    let one = |url: &String| {
        if host_is_ascii(url) {
            probe(&agent, url, opts.timeout)
        } else {
            Outcome::Unreachable(Failure::InvalidUrl)
        }
    };
    // A pool of exactly `jobs` threads bounds the requests in flight; results keep their order.
    match rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.max(1))
        .build()
    {
        Ok(pool) => pool.install(|| urls.par_iter().map(one).collect()),
        Err(_) => urls.iter().map(one).collect(),
    }
}

/// Checks every target and returns a warning at each use of an address that failed.
pub fn check(targets: &[Target], opts: &ExternalOptions) -> Vec<Diagnostic> {
    if let Some(lang) = opts.announce {
        let (n, jobs, secs) = (targets.len(), opts.jobs.max(1), opts.timeout.as_secs_f64());
        eprintln!(
            "{}",
            if lang == Lang::Zh {
                format!("正在检查 {n} 个外部链接（同时最多 {jobs} 个，每个最多等待 {secs} 秒）……")
            } else {
                format!("checking {n} external links ({jobs} at a time, up to {secs} s each)…")
            }
        );
    }
    let urls: Vec<String> = targets.iter().map(|t| t.url.clone()).collect();
    let outcomes = probe_all(&urls, opts);
    let mut out = Vec::new();
    for (t, o) in targets.iter().zip(outcomes) {
        for u in &t.uses {
            let problem = match &o {
                Outcome::Ok(_) => continue,
                Outcome::Broken(status) => Problem::ExternalLinkBroken {
                    url: u.written.clone(),
                    status: *status,
                },
                Outcome::Unreachable(f) => Problem::ExternalLinkUnreachable {
                    url: u.written.clone(),
                    reason: f.clone(),
                },
            };
            out.push(Diagnostic::warning(problem, u.location.clone()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_are_external() {
        assert!(is_external("https://www.gov.cn/"));
        assert!(is_external("HTTP://example.com"));
        assert!(!is_external("mailto:a@b.cn"));
        assert!(!is_external("../a.md"));
        assert!(!is_external("//cdn.example.com/x.js"));
        assert!(!is_external("ftp://x"));
        assert!(!is_external("http"));
        assert!(is_external("http://中国.cn/"));
    }

    #[test]
    fn request_urls_drop_fragments_and_encode() {
        assert_eq!(
            request_url("https://a.example/新闻 稿.html?q=1#第二节").as_deref(),
            Some("https://a.example/%E6%96%B0%E9%97%BB%20%E7%A8%BF.html?q=1")
        );
        assert_eq!(
            request_url(" https://a.example/%E6%96%B0 ").as_deref(),
            Some("https://a.example/%E6%96%B0")
        );
        assert_eq!(request_url("#标题"), None);
        assert!(!host_is_ascii("https://双拥.中国/a"));
        assert!(host_is_ascii("https://example.com/新闻"));
    }

    #[test]
    fn unrequestable_hosts_are_reported_without_a_request() {
        let urls = vec![request_url("https://双拥.中国/").unwrap_or_default()];
        let out = probe_all(&urls, &ExternalOptions::default());
        assert_eq!(out, vec![Outcome::Unreachable(Failure::InvalidUrl)]);
    }

    #[test]
    fn refused_connections_are_unreachable() {
        // Bind and drop a listener: its port is then closed on loopback.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap_or(9);
        let urls = vec![format!("http://127.0.0.1:{port}/")];
        let opts = ExternalOptions {
            timeout: Duration::from_secs(2),
            ..ExternalOptions::default()
        };
        match &probe_all(&urls, &opts)[..] {
            [Outcome::Unreachable(Failure::Refused | Failure::ConnectionFailed { .. })] => {}
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn https_to_a_plain_http_server_is_a_tls_failure() {
        // Proves the TLS stack is wired in (no missing crypto provider) without the internet.
        let Ok(listener) = std::net::TcpListener::bind("127.0.0.1:0") else {
            return;
        };
        let Ok(addr) = listener.local_addr() else {
            return;
        };
        let server = std::thread::spawn(move || {
            if let Ok((mut s, _)) = listener.accept() {
                use std::io::{Read, Write};
                let mut buf = [0u8; 512];
                let _ = s.read(&mut buf);
                let _ = s.write_all(b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
            }
        });
        let urls = vec![format!("https://127.0.0.1:{}/", addr.port())];
        let opts = ExternalOptions {
            timeout: Duration::from_secs(5),
            ..ExternalOptions::default()
        };
        let out = probe_all(&urls, &opts);
        let _ = server.join();
        assert!(
            matches!(&out[..], [Outcome::Unreachable(Failure::Tls { .. })]),
            "{out:?}"
        );
    }

    #[test]
    fn messages_name_the_status_and_reason() {
        let p = Problem::ExternalLinkBroken {
            url: "https://a.example/x".into(),
            status: 404,
        };
        assert_eq!(
            p.message(Lang::Zh),
            "外部链接“https://a.example/x”返回 HTTP 404（页面不存在）"
        );
        assert!(p.hint(Lang::Zh).is_some_and(|h| h.contains("只作警告")));
        let p = Problem::ExternalLinkUnreachable {
            url: "https://a.example/x".into(),
            reason: Failure::Timeout {
                after: Duration::from_secs(10),
            },
        };
        assert!(p.message(Lang::Zh).contains("10 秒内没有响应"));
        assert!(p.message(Lang::En).contains("no answer within 10 s"));
    }
}

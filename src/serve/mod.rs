//! `tongxin serve`: build, serve on 127.0.0.1, watch, rebuild what changed, reload open pages.
//!
//! * [`session`] keeps the state of the served folder between builds and rebuilds through the
//!   build driver ([`crate::pipeline`]), which loads and renders only what changed.
//! * [`worker`] runs the work the driver deferred (the search index) on a background thread.
//! * [`flush`] writes a build's files into the served folder; [`unflushed`] holds them until
//!   they are there, for the server.
//! * [`watch`] reports changed files.
//! * [`http`] serves the built folder, with the live-reload script and the error overlay.
//!
//! The site is written to `.tongxin-cache/serve/` inside the site folder, never to the
//! published output: with `--drafts` it holds drafts.

pub mod flush;
pub mod http;
pub mod session;
pub mod unflushed;
pub mod watch;
pub mod worker;

use std::collections::HashSet;
use std::io::{IsTerminal as _, Write as _};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::diagnostic::Diagnostic;
use crate::i18n::Lang;
use crate::problem::Problem;

use crate::pipeline::Changes;
use session::{Outcome, Session};

/// Options of `tongxin serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Site folder.
    pub root: PathBuf,
    /// Address to listen on.
    pub bind: IpAddr,
    /// Port (0: any free port).
    pub port: u16,
    /// Include drafts, with their 草稿 banner.
    pub drafts: bool,
    /// Open the browser once the site is ready.
    pub open: bool,
    /// Message language.
    pub lang: Lang,
    /// Colour in terminal messages.
    pub color: bool,
    /// Print every warning instead of the first few per rule.
    pub verbose: bool,
}

/// Where `serve` writes the site, inside the site folder.
pub fn serve_dir(root: &Path) -> PathBuf {
    root.join(".tongxin-cache").join("serve")
}

fn clock() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        + crate::model::date::CHINA_UTC_OFFSET_SECS.unsigned_abs();
    format!(
        "{:02}:{:02}:{:02}",
        secs / 3600 % 24,
        secs / 60 % 60,
        secs % 60
    )
}

fn ms(d: Duration) -> String {
    format!("{:.0}", d.as_secs_f64() * 1000.0)
}

/// Prints the outcome of a build and returns the overlay text when it failed.
fn report(o: &Outcome, what: &str, opts: &ServeOptions) -> Option<String> {
    let lang = opts.lang;
    let mut err = std::io::stderr().lock();
    let mut out = std::io::stdout().lock();
    let _ = write!(
        err,
        "{}",
        o.diagnostics.render_with(lang, opts.color, opts.verbose)
    );
    if o.diagnostics.has_errors() {
        let n = o.diagnostics.error_count();
        let _ = writeln!(
            err,
            "[{}] {}",
            clock(),
            lang.pick(
                &format!("{what}：发现 {n} 个错误，预览保持上一次成功生成的网站。改正后保存即可。"),
                &format!("{what}: {n} errors; the preview keeps the last good site. Fix and save."),
            )
        );
        return Some(o.diagnostics.render(lang, false));
    }
    let search = if o.search_started {
        lang.pick("；搜索索引在后台更新", "; search index updating")
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "[{}] {}",
        clock(),
        lang.pick(
            &format!(
                "{what}：渲染 {} 个页面，写入 {} 个文件，用时 {} 毫秒{search}",
                o.rendered,
                o.written,
                ms(o.pages_time)
            ),
            &format!(
                "{what}: rendered {} pages, wrote {} files in {} ms{search}",
                o.rendered,
                o.written,
                ms(o.pages_time)
            ),
        )
    );
    let _ = out.flush();
    None
}

/// Tells the server which pages get a 「公众号版」 link, when a rebuild may have changed them.
fn share_wechat_pages(session: &mut Session, shared: &http::Shared) {
    if let Some(pages) = session.wechat_pages() {
        shared.set_wechat_pages(pages);
    }
}

/// Runs `tongxin serve` until interrupted. Returns an error when it cannot start.
pub fn run(opts: &ServeOptions) -> Result<(), Diagnostic> {
    let lang = opts.lang;
    if !opts.root.join("content").is_dir() && !opts.root.join("config.yaml").is_file() {
        return Err(Diagnostic::global(
            crate::diagnostic::Severity::Error,
            Problem::NoContent {
                path: opts.root.join("content"),
            },
        ));
    }
    let progress = std::io::stderr().is_terminal();
    let mut session = Session::new(&opts.root, opts.drafts, progress, serve_dir(&opts.root));
    session.on_search = Some(Arc::new(move |t: Duration| {
        println!(
            "[{}] {}",
            clock(),
            lang.pick(
                &format!("搜索索引已更新，用时 {} 毫秒", ms(t)),
                &format!("search index updated in {} ms", ms(t)),
            )
        );
        let _ = std::io::stdout().flush();
    }));
    let shared = http::Shared::new(session.out_dir().to_path_buf(), session.unflushed());
    // Watch before the first build, so nothing saved during it is missed.
    let mut watcher = watch::Watcher::start(session.root()).map_err(|e| {
        Diagnostic::global(
            crate::diagnostic::Severity::Error,
            Problem::Io {
                path: opts.root.clone(),
                detail: e.to_string(),
            },
        )
    })?;
    session.stop = Some(watcher.superseding());
    let first = session.rebuild(&Changes::default(), &HashSet::new(), &mut || {});
    let error = report(&first, lang.pick("首次生成", "first build"), opts);
    share_wechat_pages(&mut session, &shared);
    shared.publish(error);
    // 公众号 previews are rendered by this loop, which holds the site, between its waits.
    let (wechat_to, wechat_asks) = std::sync::mpsc::channel::<http::WechatAsk>();
    shared.answer_wechat(wechat_to);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Diagnostic::io(&opts.root, &e))?;
    let addr = SocketAddr::new(opts.bind, opts.port);
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(addr))
        .map_err(|e| {
            Diagnostic::global(
                crate::diagnostic::Severity::Error,
                Problem::ServeBind {
                    addr: addr.to_string(),
                    detail: e.to_string(),
                },
            )
        })?;
    let local = listener.local_addr().unwrap_or(addr);
    let url = format!("http://{local}/");
    if !opts.bind.is_loopback() {
        eprintln!(
            "{}",
            lang.pick(
                &format!(
                    "警告：预览服务器监听 {}，同一网络中的其他电脑也能打开它{}。只在确有需要时这样做。",
                    opts.bind,
                    if opts.drafts { "，包括草稿" } else { "" }
                ),
                &format!(
                    "warning: the preview listens on {}; other computers on the network can open it{}.",
                    opts.bind,
                    if opts.drafts { ", drafts included" } else { "" }
                ),
            )
        );
    }
    println!(
        "{}",
        lang.pick(
            &format!("正在预览：{url}  （按 Ctrl+C 停止）"),
            &format!("serving at {url}  (Ctrl+C to stop)"),
        )
    );
    let _ = std::io::stdout().flush();
    if opts.open {
        open_browser(&url);
    }
    let app = http::router(Arc::clone(&shared));
    runtime.spawn(async move {
        http::serve(listener, app, http::HEADER_TIMEOUT).await;
    });

    // Rebuild on changes until Ctrl+C.
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    {
        let stop = Arc::clone(&stop);
        runtime.spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                stop.store(true, std::sync::atomic::Ordering::SeqCst);
            }
        });
    }
    // True after a rebuild was called off: the project already holds every change of it (and
    // re-reading a changed config.yaml would load the whole site again); the next rebuild
    // renders everything, the open pages first, as after a template change.
    let mut called_off = false;
    while !stop.load(std::sync::atomic::Ordering::SeqCst) {
        while let Ok(ask) = wechat_asks.try_recv() {
            let _ = ask.reply.send(session.wechat(&ask.rest));
        }
        let Some(paths) = watcher.next(Duration::from_millis(50)) else {
            break;
        };
        let mut changes = Changes::classify(session.root(), paths);
        changes.templates |= std::mem::take(&mut called_off);
        if changes.is_empty() {
            continue;
        }
        let what = changes.describe(session.root());
        let what = lang
            .pick(&format!("已更新 {what}"), &format!("changed {what}"))
            .to_string();
        let shared_early = Arc::clone(&shared);
        let mut early = move || shared_early.publish(None);
        let outcome = session.rebuild(&changes, &shared.viewed(), &mut early);
        if outcome.superseded {
            println!(
                "[{}] {}",
                clock(),
                lang.pick(
                    &format!("{what}：模板或设置又有修改，改按最新的生成"),
                    &format!("{what}: superseded by a newer template or settings change"),
                )
            );
            let _ = std::io::stdout().flush();
            called_off = true;
            continue;
        }
        share_wechat_pages(&mut session, &shared);
        // A good build told open pages as soon as its pages were in place.
        if let Some(error) = report(&outcome, &what, opts) {
            shared.publish(Some(error));
        }
    }
    println!("{}", lang.pick("预览已停止。", "preview stopped."));
    runtime.shutdown_timeout(Duration::from_millis(500));
    Ok(())
}

fn open_browser(url: &str) {
    let cmd: &[&str] = if cfg!(target_os = "windows") {
        &["cmd", "/C", "start", ""]
    } else if cfg!(target_os = "macos") {
        &["open"]
    } else {
        &["xdg-open"]
    };
    let _ = std::process::Command::new(cmd[0])
        .args(&cmd[1..])
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

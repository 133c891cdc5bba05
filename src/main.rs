//! The `tongxin` command line.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand, ValueEnum};

use tongxin::commands::check::ExternalOptions;
use tongxin::commands::{self, Kind, NewOptions};
use tongxin::diagnostic::{Diagnostic, Diagnostics, display_path};
use tongxin::i18n::Lang;
use tongxin::pipeline::{self, BuildOptions};

// A build allocates many small strings and vectors on both cores; mimalloc handles that with
// less time in the allocator than the system's (measured in docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// 同心 tongxin：双拥宣传网站生成器 / a static site generator for 双拥 publicity offices
#[derive(Parser)]
#[command(name = "tongxin", version, about, long_about = None)]
struct Cli {
    /// 网站目录（默认为当前目录）/ site folder (default: current folder)
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,
    /// 提示信息的语言：zh 或 en / message language: zh or en
    #[arg(long, global = true, value_name = "LANG")]
    lang: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum NewKind {
    Article,
    Profile,
    Briefing,
    Document,
    Page,
}

/// `inspect --format`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum InspectFormat {
    /// 按指标列出结果和依据 / verdicts with their evidence
    Text,
    /// 供其他程序读取 / for tools
    Json,
    /// 一个独立的网页报告（含各栏目更新时间线）/ one self-contained HTML page with a timeline per column
    Html,
}

/// `check --format`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// 按文件分组的中文说明 / grouped text
    Text,
    /// 供其他程序读取 / for tools
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// 新建网站 / create a new site
    Init {
        /// 新网站的目录 / folder for the new site
        dir: PathBuf,
    },
    /// 新建内容文件 / create a content file with front matter filled in
    New {
        /// article | profile | briefing | document | page
        #[arg(value_enum)]
        kind: NewKind,
        /// 标题 / title
        title: String,
        /// 简报：用该月（如 2026-05）的文章预填本期内容 / briefings: pre-fill items with that month's articles
        #[arg(long, value_name = "YYYY-MM")]
        month: Option<String>,
        /// 简报：刊物（config.yaml 中 briefings 下的名称）/ briefings: series key
        #[arg(long)]
        series: Option<String>,
    },
    /// 生成网站 / build the site
    Build {
        /// 包含草稿的预览，写到 .tongxin-cache/drafts/，不进入发布目录 / preview with drafts, written to .tongxin-cache/drafts/, never the output folder
        #[arg(long)]
        drafts: bool,
        /// 生成可直接从文件夹打开的网站 / links that work from a folder (file://)
        #[arg(long)]
        portable: bool,
        /// 输出目录 / output folder
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// 网站正式地址 / absolute base URL for feeds and the sitemap
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// 列出全部警告（默认同一规则只显示前 3 处）/ show every warning (default: the first 3 per rule)
        #[arg(long)]
        verbose: bool,
    },
    /// 本地预览：生成、监视修改、自动刷新 / preview: build, watch, rebuild, reload
    Serve {
        /// 监听地址（默认只允许本机访问）/ address to listen on (default: this computer only)
        #[arg(long, value_name = "IP", default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// 端口（0 表示任选一个空闲端口）/ port (0: any free port)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// 包含草稿，并标出“草稿” / include drafts, marked 草稿
        #[arg(long)]
        drafts: bool,
        /// 生成后打开浏览器 / open the browser when ready
        #[arg(long)]
        open: bool,
        /// 列出全部警告（默认同一规则只显示前 3 处）/ show every warning (default: the first 3 per rule)
        #[arg(long)]
        verbose: bool,
    },
    /// 检查内容：文件头、链接、隐私与保密、公文格式 / check content without publishing
    Check {
        /// 输出格式：text 或 json / output format: text or json
        #[arg(long, value_enum, default_value_t = Format::Text, value_name = "FORMAT")]
        format: Format,
        /// 文本格式列出全部警告（json 总是列出全部）（默认同一规则只显示前 3 处）/ text: show every warning; json lists all (default: the first 3 per rule)
        #[arg(long)]
        verbose: bool,
        /// 同时检查外部链接（需要联网）/ also check links to other websites (uses the network)
        #[arg(long)]
        external: bool,
        /// 每个外部链接最多等待的秒数 / seconds to wait for each external link
        #[arg(long, value_name = "SECS", default_value_t = 10, requires = "external",
              value_parser = clap::value_parser!(u64).range(1..=600))]
        timeout: u64,
        /// 同时检查的外部链接数 / external links checked at the same time
        #[arg(long, value_name = "N", default_value_t = 8, requires = "external",
              value_parser = clap::value_parser!(u64).range(1..=64))]
        jobs: u64,
    },
    /// 用已安装的 Chrome/Edge 把简报打印版生成 PDF / PDFs of print pages through an installed browser
    Pdf {
        /// 简报（或文件）的网址名或文件名，如 jianbao-2026-05 / briefings (or documents) by slug or file
        names: Vec<String>,
        /// 全部简报（含内部专报）/ every briefing, internal ones included
        #[arg(long)]
        all: bool,
        /// 同时生成全部政策文件 / every policy document as well
        #[arg(long)]
        documents: bool,
        /// PDF 输出目录（默认 pdf/）/ output folder (default pdf/)
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// 把简报和政策文件生成可编辑的 Word 文件（GB/T 9704 版式）/ editable Word files of briefings and documents
    Docx {
        /// 简报（或文件）的网址名或文件名，如 jianbao-2026-05 / briefings (or documents) by slug or file
        names: Vec<String>,
        /// 全部简报（含内部专报）/ every briefing, internal ones included
        #[arg(long)]
        all: bool,
        /// 同时生成全部政策文件 / every policy document as well
        #[arg(long)]
        documents: bool,
        /// Word 文件输出目录（默认 docx/）/ output folder (default docx/)
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// 模拟政府网站检查：首页和栏目更新、空白栏目、链接、严重表述错误、泄密 / the government-site inspection indicators
    Inspect {
        /// 按这一天计算（如 2026-06-30，默认今天）/ read the clocks on this day (default: today)
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<String>,
        /// 输出格式：text、json 或 html / output format: text, json or html
        #[arg(long, value_enum, default_value_t = InspectFormat::Text, value_name = "FORMAT")]
        format: InspectFormat,
        /// 把报告写到这个文件（不能在网站输出目录内）/ write the report to this file (never inside the website output)
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// 同时检查外部链接（需要联网）/ also check links to other websites (uses the network)
        #[arg(long)]
        external: bool,
    },
    /// 生成宣传台账（Excel 表格）/ the 宣传台账 workbook
    Ledger {
        /// 起始年份 / first year
        #[arg(long, value_name = "YEAR")]
        from: Option<i32>,
        /// 截止年份 / last year
        #[arg(long, value_name = "YEAR")]
        to: Option<i32>,
        /// 输出文件（默认 台账.xlsx，不能在网站输出目录内）/ output file (default 台账.xlsx, never inside the website output)
        #[arg(long, value_name = "FILE.xlsx")]
        out: Option<PathBuf>,
    },
    /// 导出公众号版：可直接粘贴的正文、图片、封面和摘要 / 公众号-ready exports of articles, profiles and briefings
    Wechat {
        /// 文章、人物或简报的网址名或文件名 / pages by slug, site path or file
        names: Vec<String>,
        /// 全部已发布的文章、人物和简报 / every published article, profile and briefing
        #[arg(long, conflicts_with = "since")]
        all: bool,
        /// 导出该日期（含）以来的内容，如 2026-05-01 / those dated on or after this day
        #[arg(long, value_name = "YYYY-MM-DD")]
        since: Option<String>,
        /// 输出目录（默认 wechat/，不能在网站输出目录内）/ output folder (default wechat/, never inside the website output)
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// 导出后上传到公众号草稿箱（不发表；AppID 和 AppSecret 取自环境变量 TONGXIN_WECHAT_APPID、TONGXIN_WECHAT_APPSECRET）/ then send them to the account's draft box (never published; credentials from TONGXIN_WECHAT_APPID and TONGXIN_WECHAT_APPSECRET)
        #[arg(long)]
        upload: bool,
    },
}

fn print_diags(d: &Diagnostics, lang: Lang, verbose: bool) {
    let color = std::io::stderr().is_terminal();
    eprint!("{}", d.render_with(lang, color, verbose));
}

fn fail(d: Diagnostic, lang: Lang) -> ExitCode {
    let color = std::io::stderr().is_terminal();
    eprintln!("{}", d.render(lang, color));
    ExitCode::FAILURE
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = Lang::detect(cli.lang.as_deref());
    let root = cli.root.clone().unwrap_or_else(|| PathBuf::from("."));
    match cli.command {
        Command::Init { dir } => match commands::init(&dir) {
            Ok(files) => {
                println!("{}", lang.pick("已创建新网站：", "created a new site:"));
                for f in files {
                    println!("  {}", display_path(&f));
                }
                println!(
                    "{}",
                    if lang == Lang::Zh {
                        format!("下一步：cd {} 然后运行 tongxin build", display_path(&dir))
                    } else {
                        format!("next: cd {} and run tongxin build", display_path(&dir))
                    }
                );
                ExitCode::SUCCESS
            }
            Err(d) => fail(d, lang),
        },
        Command::New {
            kind,
            title,
            month,
            series,
        } => {
            let kind = match kind {
                NewKind::Article => Kind::Article,
                NewKind::Profile => Kind::Profile,
                NewKind::Briefing => Kind::Briefing,
                NewKind::Document => Kind::Document,
                NewKind::Page => Kind::Page,
            };
            match commands::new(
                &root,
                &NewOptions {
                    kind,
                    title,
                    month,
                    series,
                },
            ) {
                Ok(path) => {
                    println!(
                        "{} {}",
                        lang.pick("已创建：", "created:"),
                        display_path(path.strip_prefix(&root).unwrap_or(&path))
                    );
                    ExitCode::SUCCESS
                }
                Err(d) => fail(d, lang),
            }
        }
        Command::Serve {
            bind,
            port,
            drafts,
            open,
            verbose,
        } => {
            let opts = tongxin::serve::ServeOptions {
                root,
                bind,
                port,
                drafts,
                open,
                lang,
                color: std::io::stderr().is_terminal(),
                verbose,
            };
            match tongxin::serve::run(&opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(d) => fail(d, lang),
            }
        }
        Command::Check {
            format,
            verbose,
            external,
            timeout,
            jobs,
        } => {
            let external = external.then(|| ExternalOptions {
                timeout: Duration::from_secs(timeout),
                jobs: usize::try_from(jobs).unwrap_or(1),
                announce: Some(lang),
            });
            let diags = tongxin::commands::check::run_with(&root, external.as_ref());
            if format == Format::Json {
                println!("{}", tongxin::commands::check::to_json(&diags, lang));
            } else {
                let color = std::io::stdout().is_terminal();
                print!(
                    "{}",
                    tongxin::commands::check::to_text(&diags, lang, color, verbose)
                );
            }
            if diags.has_errors() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Pdf {
            names,
            all,
            documents,
            out,
        } => {
            let opts = tongxin::commands::pdf::PdfOptions {
                root: root.clone(),
                names,
                all,
                documents,
                out,
            };
            match tongxin::commands::pdf::run(&opts) {
                Ok(report) => {
                    print_diags(&report.diagnostics, lang, false);
                    for f in &report.files {
                        println!("  {}", display_path(f.strip_prefix(&root).unwrap_or(f)));
                    }
                    println!(
                        "{}",
                        if lang == Lang::Zh {
                            format!("已生成 {} 个 PDF 文件。", report.files.len())
                        } else {
                            format!("wrote {} PDF files.", report.files.len())
                        }
                    );
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    print_diags(&diags, lang, false);
                    ExitCode::FAILURE
                }
            }
        }
        Command::Docx {
            names,
            all,
            documents,
            out,
        } => {
            let opts = tongxin::commands::docx::DocxOptions {
                root: root.clone(),
                names,
                all,
                documents,
                out,
            };
            match tongxin::commands::docx::run(&opts) {
                Ok(report) => {
                    print_diags(&report.diagnostics, lang, false);
                    for f in &report.files {
                        println!("  {}", display_path(f.strip_prefix(&root).unwrap_or(f)));
                    }
                    println!(
                        "{}",
                        if lang == Lang::Zh {
                            format!("已生成 {} 个 Word 文件。", report.files.len())
                        } else {
                            format!("wrote {} Word files.", report.files.len())
                        }
                    );
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    print_diags(&diags, lang, false);
                    ExitCode::FAILURE
                }
            }
        }
        Command::Wechat {
            names,
            all,
            since,
            out,
            upload,
        } => {
            let opts = tongxin::commands::wechat::WechatOptions {
                root: root.clone(),
                names,
                all,
                since,
                out,
            };
            let report = match tongxin::commands::wechat::run(&opts) {
                Ok(report) => report,
                Err(diags) => {
                    print_diags(&diags, lang, false);
                    eprintln!(
                        "{}",
                        lang.pick(
                            "没有导出任何内容（原有的导出保持不变）。",
                            "nothing was exported (earlier exports kept)."
                        )
                    );
                    return ExitCode::FAILURE;
                }
            };
            print_diags(&report.diagnostics, lang, false);
            for f in &report.folders {
                println!("  {}", display_path(f.strip_prefix(&root).unwrap_or(f)));
            }
            let n = report.folders.len();
            println!(
                "{}",
                match lang {
                    Lang::Zh =>
                        format!("已导出 {n} 篇公众号版；打开各目录中的 index.html 预览并复制。"),
                    Lang::En => format!(
                        "exported {n} 公众号 articles; open index.html in each folder to preview and copy."
                    ),
                }
            );
            if !upload {
                return ExitCode::SUCCESS;
            }
            match tongxin::commands::wechat_upload::upload_from_env(&report.folders) {
                Ok(drafts) => {
                    if let Err(d) = tongxin::commands::wechat::log_drafts(&root, &drafts) {
                        eprintln!("{}", d.render(lang, std::io::stderr().is_terminal()));
                    }
                    print!(
                        "{}",
                        tongxin::commands::wechat_upload::report(&drafts, lang)
                    );
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    print_diags(&diags, lang, false);
                    ExitCode::FAILURE
                }
            }
        }
        Command::Inspect {
            today,
            format,
            out,
            external,
        } => {
            use tongxin::commands::inspect::{Format as F, InspectOptions, Status, run};
            let opts = InspectOptions {
                root,
                today,
                format: match format {
                    InspectFormat::Text => F::Text,
                    InspectFormat::Json => F::Json,
                    InspectFormat::Html => F::Html,
                },
                out,
                external: external.then(|| ExternalOptions {
                    timeout: Duration::from_secs(10),
                    jobs: 8,
                    announce: Some(lang),
                }),
                lang,
            };
            match run(&opts) {
                Ok(outcome) => {
                    match &outcome.written {
                        Some(f) => println!(
                            "{} {}",
                            lang.pick("检查报告已写入：", "report written to:"),
                            display_path(f)
                        ),
                        None => print!("{}", outcome.text),
                    }
                    if outcome.worst == Status::Fail {
                        ExitCode::FAILURE
                    } else {
                        ExitCode::SUCCESS
                    }
                }
                Err(diags) => {
                    print_diags(&diags, lang, false);
                    ExitCode::FAILURE
                }
            }
        }
        Command::Ledger { from, to, out } => {
            let opts = tongxin::commands::ledger::LedgerOptions {
                root: root.clone(),
                from,
                to,
                out,
            };
            match tongxin::commands::ledger::run(&opts) {
                Ok(report) => {
                    print_diags(&report.diagnostics, lang, false);
                    for (name, rows) in &report.rows {
                        println!("  {name}: {rows}");
                    }
                    println!(
                        "{} {}",
                        lang.pick("台账已写入：", "ledger written to:"),
                        display_path(&report.file)
                    );
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    print_diags(&diags, lang, false);
                    ExitCode::FAILURE
                }
            }
        }
        Command::Build {
            drafts,
            portable,
            output,
            base_url,
            verbose,
        } => {
            let opts = BuildOptions {
                root,
                drafts,
                portable: portable.then_some(true),
                output,
                base_url,
                progress: std::io::stderr().is_terminal(),
                dry_run: false,
            };
            match pipeline::build(&opts) {
                Ok(report) => {
                    print_diags(&report.diagnostics, lang, verbose);
                    if opts.drafts {
                        println!(
                            "{}",
                            lang.pick(
                                "这是包含草稿的预览（草稿页标有“草稿”），只供内部审阅，不要发布这个目录；正式网站请不加 --drafts 生成。",
                                "this is a preview with drafts (marked 草稿) for internal review; do not publish it. Build without --drafts to publish."
                            )
                        );
                    }
                    let secs = report.elapsed.as_secs_f64();
                    let warn = report.diagnostics.warning_count();
                    if lang == Lang::Zh {
                        println!(
                            "已生成 {} 个页面（共 {} 个文件），用时 {secs:.2} 秒 → {}{}",
                            report.pages,
                            report.files,
                            display_path(&report.output),
                            if warn > 0 {
                                format!("；{warn} 条警告")
                            } else {
                                String::new()
                            }
                        );
                    } else {
                        println!(
                            "built {} pages ({} files) in {secs:.2} s → {}{}",
                            report.pages,
                            report.files,
                            display_path(&report.output),
                            if warn > 0 {
                                format!("; {warn} warnings")
                            } else {
                                String::new()
                            }
                        );
                    }
                    let im = report.images;
                    if im.files > 0 {
                        println!(
                            "{}",
                            lang.pick(
                                &format!(
                                    "图片 {} 个：解码 {} 张，新生成 {} 组，缓存复用 {} 组",
                                    im.files, im.decoded, im.made, im.cached
                                ),
                                &format!(
                                    "{} images: {} decoded, {} sets made, {} from the cache",
                                    im.files, im.decoded, im.made, im.cached
                                ),
                            )
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    print_diags(&diags, lang, verbose);
                    let n = diags.error_count();
                    if lang == Lang::Zh {
                        eprintln!(
                            "发现 {n} 个错误，{} 条警告；网站未更新（原有的输出保持不变）。",
                            diags.warning_count()
                        );
                    } else {
                        eprintln!(
                            "{n} errors, {} warnings; the site was not updated (previous output kept).",
                            diags.warning_count()
                        );
                    }
                    ExitCode::FAILURE
                }
            }
        }
    }
}

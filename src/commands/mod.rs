//! The `init` and `new` commands: files with front matter filled in, never overwriting anything.

pub mod browser;
pub mod check;
pub mod docx;
pub mod inspect;
pub mod ledger;
pub mod pdf;
pub mod wechat;
pub mod wechat_upload;

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::date::Date;
pub use crate::model::page::Kind;
use crate::model::slug::slugify;
use crate::problem::Problem;

/// True when `path` is `folder` or inside it, comparing real paths (either may not exist yet:
/// the deepest existing ancestor is resolved). Channels published on request (`pdf`, `wechat`)
/// refuse an output folder inside the website output (SPEC: internal content would be published).
pub(crate) fn is_inside(path: &Path, folder: &Path) -> bool {
    let canon = |p: &Path| {
        let mut existing = p.to_path_buf();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (existing.file_name(), existing.parent()) {
                (Some(n), Some(parent)) => {
                    rest.push(n.to_os_string());
                    existing = parent.to_path_buf();
                }
                _ => break,
            }
        }
        let mut c = existing.canonicalize().unwrap_or(existing);
        c.extend(rest.iter().rev());
        c
    };
    canon(path).starts_with(canon(folder))
}

const STARTER_CONFIG: &str = include_str!("starter/config.yaml");
const STARTER_ARTICLE: &str = include_str!("starter/welcome.md");
const STARTER_ABOUT: &str = include_str!("starter/about.md");

fn io_err(path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::global(
        Severity::Error,
        Problem::Io {
            path: path.to_path_buf(),
            detail: e.to_string(),
        },
    )
}

fn write_new(path: &Path, text: &str) -> Result<(), Diagnostic> {
    if path.exists() {
        return Err(Diagnostic::global(
            Severity::Error,
            Problem::AlreadyExists {
                path: path.to_path_buf(),
            },
        ));
    }
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).map_err(|e| io_err(p, e))?;
    }
    std::fs::write(path, text).map_err(|e| io_err(path, e))
}

/// `tongxin init <dir>`: a new site with config, starter content and the content folders.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    if dir.join("config.yaml").exists() || dir.join("content").exists() {
        return Err(Diagnostic::global(
            Severity::Error,
            Problem::AlreadyExists {
                path: dir.to_path_buf(),
            },
        ));
    }
    let today = Date::today();
    let files = [
        (dir.join("config.yaml"), STARTER_CONFIG.to_string()),
        (
            dir.join("content/articles/welcome.md"),
            STARTER_ARTICLE.replace("{{DATE}}", &today.iso()),
        ),
        (
            dir.join("content/pages/about.md"),
            STARTER_ABOUT.to_string(),
        ),
        (
            dir.join(".gitignore"),
            "/public\n/.public.tongxin-*\n/.tongxin-cache\n/pdf\n".to_string(),
        ),
    ];
    let mut made = Vec::new();
    for (path, text) in files {
        write_new(&path, &text)?;
        made.push(path);
    }
    for sub in [
        "content/profiles",
        "content/briefings",
        "content/documents",
        "static",
        "templates",
    ] {
        let p = dir.join(sub);
        std::fs::create_dir_all(&p).map_err(|e| io_err(&p, e))?;
    }
    Ok(made)
}

/// What `tongxin new` creates.
#[derive(Debug, Clone)]
pub struct NewOptions {
    /// Content type.
    pub kind: Kind,
    /// Title.
    pub title: String,
    /// For briefings: `2026-05` pre-fills items with that month's articles.
    pub month: Option<String>,
    /// For briefings: series key (default: the first series).
    pub series: Option<String>,
}

fn yaml_str(s: &str) -> String {
    // Quote always: titles may contain `: ` or start with symbols.
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Parses `2026-05`.
fn parse_month(m: &str) -> Option<(i32, u8)> {
    let (y, mo) = m.trim().split_once('-')?;
    let d = Date::new(y.parse().ok()?, mo.parse().ok()?, 1)?;
    Some((d.year, d.month))
}

/// `tongxin new …`: writes the file and returns its path.
pub fn new(root: &Path, opts: &NewOptions) -> Result<PathBuf, Diagnostic> {
    let today = Date::today();
    let slug = slugify(&opts.title);
    let title = yaml_str(&opts.title);
    let date = today.iso();
    let (path, text) = match opts.kind {
        Kind::Article => (
            root.join(format!("content/articles/{}-{slug}.md", today.iso())),
            format!(
                "---\ntitle: {title}\ndate: {date}\nauthor: \"\"\nsource: \"\"\ncategories: [工作动态]\ntags: []\n---\n\n在这里写正文。\n"
            ),
        ),
        Kind::Profile => {
            let (cfg, _) = Config::load(root);
            let honor = cfg.honors.first().cloned().unwrap_or_default();
            (
                root.join(format!("content/profiles/{slug}/index.md")),
                format!(
                    "---\ntitle: {title}\ndate: {date}\nhonor: {}\nyear: {}\nawarded_by: \"\"\nregion: \"\"\nunit: \"\"\n# 照片放在本文件同一目录，填写文件名和照片说明\n# photo: portrait.jpg\n# photo_alt: \"\"\ncitation: \"\"\n# 取得本人书面同意后，填写同意日期并删除 draft 一行\n# consent: {date}\ndraft: true\n---\n\n在这里写人物事迹。\n",
                    yaml_str(&honor),
                    today.year
                ),
            )
        }
        Kind::Document => (
            root.join(format!("content/documents/{}-{slug}.md", today.year)),
            format!(
                "---\ntitle: {title}\ndate: {date}\nindex_no: \"\"\ndoc_no: \"\"\npublisher: \"\"\ntopic: \"\"\ngenre: 通知\nwritten: {date}\nvalidity: 有效\n---\n\n各镇街双拥办，区级有关部门：\n\n在这里写正文。\n"
            ),
        ),
        Kind::Page => (
            root.join(format!("content/pages/{slug}.md")),
            format!("---\ntitle: {title}\n---\n\n在这里写正文。\n"),
        ),
        Kind::Briefing => return new_briefing(root, opts, &title),
    };
    write_new(&path, &text)?;
    Ok(path)
}

fn new_briefing(root: &Path, opts: &NewOptions, title: &str) -> Result<PathBuf, Diagnostic> {
    // Only the model is needed to find the month's articles; nothing is rendered.
    let (site, _) = crate::pipeline::load_model(root, false, None);
    let site = &site;
    let series = match &opts.series {
        Some(s) => s.clone(),
        None => site
            .config
            .briefings
            .0
            .first()
            .map(|(k, _)| k.clone())
            .unwrap_or_else(|| "jianbao".into()),
    };
    if site.config.series(&series).is_none() {
        let known = site
            .config
            .briefings
            .0
            .iter()
            .map(|(k, _)| k.clone())
            .collect();
        return Err(Diagnostic::global(
            Severity::Error,
            Problem::UnknownSeries {
                value: series,
                known,
            },
        ));
    }
    let today = Date::today();
    let month = match &opts.month {
        Some(m) => Some(parse_month(m).ok_or_else(|| {
            Diagnostic::global(
                Severity::Error,
                Problem::BadArgument {
                    name: "--month",
                    value: m.clone(),
                },
            )
        })?),
        None => None,
    };
    let year = month.map_or(today.year, |(y, _)| y);
    let next_issue = site
        .pages
        .iter()
        .filter_map(|p| {
            p.briefing
                .as_ref()
                .filter(|b| b.series == series)
                .zip(p.meta.date)
        })
        .filter(|(_, d)| d.year == year)
        .map(|(b, _)| b.issue)
        .max()
        .unwrap_or(0)
        + 1;
    let mut items = String::new();
    if let Some((y, m)) = month {
        let mut arts: Vec<&crate::model::page::Page> = site
            .section(Kind::Article)
            .iter()
            .map(|&i| &site.pages[i])
            .filter(|p| p.meta.date.is_some_and(|d| d.year == y && d.month == m))
            .collect();
        arts.sort_by_key(|p| p.meta.date);
        if arts.is_empty() {
            items.push_str("items: []\n");
        } else {
            items.push_str("items:\n");
            for p in arts {
                items.push_str(&format!(
                    "  - {}  # {}\n",
                    p.source.content_path,
                    p.meta.title.replace('\n', " ")
                ));
            }
        }
    } else {
        items.push_str("items: []\n");
    }
    let path = root.join(format!(
        "content/briefings/{series}-{year}-{next_issue:02}.md"
    ));
    let text = format!(
        "---\ntitle: {title}\nseries: {series}\nissue: {next_issue}\ndate: {}\n{items}---\n\n【编者按】（可删除）在这里写编者按。\n",
        today.iso()
    );
    write_new(&path, &text)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months() {
        assert_eq!(parse_month("2026-05"), Some((2026, 5)));
        assert_eq!(parse_month("2026-13"), None);
        assert_eq!(parse_month("五月"), None);
        assert_eq!(yaml_str("关于\"双拥\": 通知"), "\"关于\\\"双拥\\\": 通知\"");
    }
}

//! `tongxin wechat`: chosen pages as 公众号-ready folders (the channel is
//! `crate::channels::wechat`; this command chooses the pages, runs the checks and writes).
//!
//! Nothing is written when anything is wrong: the site's own errors (the privacy gate among
//! them), a name that is no exportable page, a draft or internal page named, an image that
//! cannot be made, an article over WeChat's limits. Drafts and internal pages are never
//! exported, named or not.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::channels::wechat;
use crate::commands::pdf::names_page;
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::ledger::wechat_log;
use crate::model::date::Date;
use crate::model::page::{Page, Visibility};
use crate::pipeline::{self, BuildOptions, Project};
use crate::problem::{Problem, WechatProblem, Withheld};
use crate::write::Pending;

/// What to export and where.
#[derive(Debug, Clone, Default)]
pub struct WechatOptions {
    /// Site folder.
    pub root: PathBuf,
    /// Pages by slug, site path or content file.
    pub names: Vec<String>,
    /// Every published article, profile and briefing.
    pub all: bool,
    /// Those dated on or after this day (`YYYY-MM-DD`).
    pub since: Option<String>,
    /// Output folder (default `<root>/wechat`).
    pub out: Option<PathBuf>,
}

/// What `tongxin wechat` wrote.
#[derive(Debug, Default)]
pub struct WechatReport {
    /// One folder per page, in the order of the site.
    pub folders: Vec<PathBuf>,
    /// Warnings met on the way.
    pub diagnostics: Diagnostics,
}

fn error(problem: WechatProblem) -> Diagnostic {
    Diagnostic::global(Severity::Error, Problem::WechatExport(problem))
}

/// Why a page is never exported, if it is not.
fn withheld(p: &Page) -> Option<Withheld> {
    if p.meta.draft || !p.included {
        Some(Withheld::Draft)
    } else if p.meta.visibility == Some(Visibility::Internal) || !p.published {
        Some(Withheld::Internal)
    } else if !wechat::KINDS.contains(&p.kind) {
        Some(Withheld::Kind)
    } else {
        None
    }
}

/// Runs `tongxin wechat`.
pub fn run(opts: &WechatOptions) -> Result<WechatReport, Diagnostics> {
    let mut project = Project::load(&BuildOptions {
        root: opts.root.clone(),
        ..BuildOptions::default()
    });
    // The site's own errors stop the export, the privacy gate's first: a 公众号 article is
    // publishing, under the same rules as the website.
    let mut diags = project.take_diagnostics();
    if diags.has_errors() {
        return Err(diags);
    }
    let site = project.site();
    let mut wanted: Vec<usize> = Vec::new();
    for name in &opts.names {
        let found: Vec<usize> = site
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| names_page(name, p))
            .map(|(i, _)| i)
            .collect();
        if found.is_empty() {
            let known = site
                .pages
                .iter()
                .filter(|p| wechat::exportable(p))
                .map(|p| p.slug.as_str());
            diags.push(error(WechatProblem::UnknownPage {
                name: name.clone(),
                suggestion: crate::text::did_you_mean(name.trim(), known),
            }));
        }
        for i in found {
            match withheld(&site.pages[i]) {
                Some(why) => diags.push(error(WechatProblem::Withheld {
                    name: name.clone(),
                    why,
                })),
                None => wanted.push(i),
            }
        }
    }
    let since = match opts.since.as_deref() {
        Some(s) => match Date::parse(s.trim()) {
            Some(d) => Some(d),
            None => {
                diags.push(Diagnostic::global(
                    Severity::Error,
                    Problem::BadArgument {
                        name: "--since",
                        value: s.to_string(),
                    },
                ));
                None
            }
        },
        None => None,
    };
    for (i, p) in site.pages.iter().enumerate() {
        let dated = since.is_some_and(|s| p.meta.date.is_some_and(|d| d >= s));
        if wechat::exportable(p) && (opts.all || dated) {
            wanted.push(i);
        }
    }
    if opts.names.is_empty() && !opts.all && opts.since.is_none() {
        diags.push(error(WechatProblem::NothingChosen));
    }
    let out_dir = match &opts.out {
        Some(o) if o.is_absolute() => o.clone(),
        Some(o) => std::env::current_dir().map_or_else(|_| o.clone(), |d| d.join(o)),
        None => opts.root.join("wechat"),
    };
    if super::is_inside(&out_dir, &opts.root.join(&site.config.output)) {
        diags.push(error(WechatProblem::IntoWebsite {
            path: out_dir.clone(),
        }));
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let mut seen = HashSet::new();
    wanted.retain(|i| seen.insert(*i));
    wanted.sort_unstable();

    let (output, more) = pipeline::wechat::export(&project, &wanted);
    diags.extend(more);
    if diags.has_errors() {
        return Err(diags);
    }
    let mut folders: Vec<String> = wanted
        .iter()
        .map(|&i| wechat::folder(&site.pages[i]))
        .collect();
    folders.dedup();
    if let Err(d) = write_out(&out_dir, &folders, output.into_pending()) {
        diags.push(d);
        return Err(diags);
    }
    // The ledger's 公众号 sheet reads this log; failing to write it does not undo the export.
    let at = wechat_log::now();
    let entries: Vec<wechat_log::Entry> = wanted
        .iter()
        .map(|&i| {
            let p = &site.pages[i];
            wechat_log::Entry {
                at: at.clone(),
                action: wechat_log::Action::Export,
                title: p.meta.title.clone(),
                page: Some(p.source.content_path.clone()),
                folder: shown(&opts.root, &out_dir.join(wechat::folder(p))),
                media_id: None,
            }
        })
        .collect();
    if let Err(e) = wechat_log::append(&opts.root, &entries) {
        let mut d = Diagnostic::io(wechat_log::path(&opts.root), &e);
        d.severity = Severity::Warning;
        diags.push(d);
    }
    Ok(WechatReport {
        folders: folders.iter().map(|f| out_dir.join(f)).collect(),
        diagnostics: diags,
    })
}

/// A folder as the log records it: from the site folder when inside it.
fn shown(root: &Path, folder: &Path) -> String {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let folder = folder
        .canonicalize()
        .unwrap_or_else(|_| folder.to_path_buf());
    crate::text::display_path(folder.strip_prefix(&root).unwrap_or(&folder))
}

/// Records drafts sent to the draft box (`tongxin wechat --upload`) in the 公众号 log of the site
/// at `root`, for the ledger. A log that cannot be written is reported, not fatal.
pub fn log_drafts(
    root: &Path,
    drafts: &[crate::commands::wechat_upload::Draft],
) -> Result<(), Diagnostic> {
    let at = wechat_log::now();
    let entries: Vec<wechat_log::Entry> = drafts
        .iter()
        .map(|d| wechat_log::Entry {
            at: at.clone(),
            action: wechat_log::Action::Draft,
            title: d.title.clone(),
            page: None,
            folder: shown(root, &d.folder),
            media_id: Some(d.media_id.clone()),
        })
        .collect();
    wechat_log::append(root, &entries).map_err(|e| {
        let mut d = Diagnostic::io(wechat_log::path(root), &e);
        d.severity = Severity::Warning;
        d
    })
}

/// Writes the files into `out`, each page's folder replaced: files an earlier export left in
/// it (an image since removed) are deleted.
fn write_out(
    out: &Path,
    folders: &[String],
    files: Vec<(String, Pending)>,
) -> Result<(), Diagnostic> {
    let written: HashSet<&str> = files.iter().map(|(rel, _)| rel.as_str()).collect();
    for folder in folders {
        let dir = out.join(folder);
        for entry in walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
        {
            let rel = entry
                .path()
                .strip_prefix(out)
                .map(|r| r.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            if !written.contains(rel.as_str()) {
                std::fs::remove_file(entry.path()).map_err(|e| Diagnostic::io(entry.path(), &e))?;
            }
        }
    }
    for (rel, pending) in files {
        let path = crate::write::safe_join(out, &rel).map_err(|e| Diagnostic::io(out, &e))?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Diagnostic::io(parent, &e))?;
        }
        match pending {
            Pending::Bytes(b) => crate::write::replace_bytes(&path, &b),
            Pending::Copy(from) => crate::write::replace_copy(&from, &path),
        }
        .map_err(|e| Diagnostic::io(&path, &e))?;
    }
    Ok(())
}

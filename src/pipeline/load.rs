//! Reading the site folder: the settings (`config.yaml` and the command line's overrides),
//! content files into pages, the files under `static/`, and the theme with its templates.
//! [`super::Project`] puts these together; [`load_model`] stops at the model.

use std::collections::HashSet;
use std::path::Path;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Location};
use crate::load::Found;
use crate::model::Site;
use crate::model::page::{Kind, Page};
use crate::problem::Problem;
use crate::render::Templates;
use crate::theme::Theme;

use super::BuildOptions;

/// The settings: `config.yaml` with the overrides of `opts` (`--portable`, `--base-url`), and
/// what was found reading them.
pub(super) fn settings(opts: &BuildOptions) -> (Config, Vec<Diagnostic>) {
    let (mut config, mut diags) = Config::load(&opts.root);
    if let Some(p) = opts.portable {
        config.portable = p;
    }
    if let Some(b) = &opts.base_url {
        config.base_url = Some(b.clone());
    }
    if config.unsafe_html {
        diags.push(Diagnostic::warning(
            Problem::UnsafeHtmlKept,
            Location::file_only("config.yaml"),
        ));
    }
    (config, diags)
}

/// Content files read into pages, and the problems of files that gave none.
#[derive(Default)]
pub(super) struct ReadPages {
    /// Each page with the problems found reading it (decoding, front matter), in the order the
    /// files were given.
    pub(super) pages: Vec<(Page, Vec<Diagnostic>)>,
    /// Problems of files that gave no page (unreadable, undecodable, no front matter …).
    pub(super) unread: Vec<Diagnostic>,
}

/// Reads and parses the content files `found`, in parallel.
pub(super) fn read_pages(
    root: &Path,
    found: Vec<Found>,
    config: &Config,
    drafts: bool,
) -> ReadPages {
    let results: Vec<(Option<Page>, Vec<Diagnostic>)> = found
        .into_par_iter()
        .map(|f| {
            let (source, mut diags) = crate::load::read(root, f);
            let Some(source) = source else {
                return (None, diags);
            };
            let Some(kind) = Kind::from_section(&source.section) else {
                return (None, diags);
            };
            let (page, d) = Page::read(source, kind, config, drafts);
            diags.extend(d);
            (page, diags)
        })
        .collect();
    let mut read = ReadPages::default();
    for (page, diags) in results {
        match page {
            Some(p) => read.pages.push((p, diags)),
            None => read.unread.extend(diags),
        }
    }
    read
}

/// Every file under `static/`, as site paths.
pub fn static_files(root: &Path) -> HashSet<String> {
    let dir = root.join("static");
    walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            e.path()
                .strip_prefix(&dir)
                .ok()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
        })
        .collect()
}

/// The theme of the site and its compiled templates (None when either could not be loaded),
/// and what was found loading them.
pub(crate) fn theme_and_templates(
    root: &Path,
    cfg: &Config,
) -> (Option<(Theme, Templates)>, Vec<Diagnostic>) {
    let (theme, mut diags) = Theme::load(root, &cfg.theme);
    let Some(theme) = theme else {
        return (None, diags);
    };
    match Templates::new(&theme) {
        Ok(templates) => (Some((theme, templates)), diags),
        Err(errs) => {
            diags.extend(errs);
            (None, diags)
        }
    }
}

/// Loads config and content into the model, without rendering anything (for commands that only
/// need to know what the site contains, such as `new briefing --month`).
pub fn load_model(
    root: &Path,
    drafts: bool,
    portable_override: Option<bool>,
) -> (Site, Vec<Diagnostic>) {
    let (config, mut diags) = settings(&BuildOptions {
        root: root.to_path_buf(),
        drafts,
        portable: portable_override,
        ..BuildOptions::default()
    });
    let (found, walk_diags) = crate::load::find(root);
    diags.extend(walk_diags);
    let read = read_pages(root, found, &config, drafts);
    diags.extend(read.unread);
    let mut pages = Vec::with_capacity(read.pages.len());
    for (p, d) in read.pages {
        pages.push(p);
        diags.extend(d);
    }
    let (site, site_diags) = Site::from_pages(root, config, pages);
    diags.extend(site_diags);
    (site, diags)
}

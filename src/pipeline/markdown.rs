//! The pages' Markdown rendered (see [`crate::markdown::render`]) with their links resolved
//! against the site, in parallel, and the test that tells `serve` when a page's links would
//! resolve differently now.

use std::collections::HashSet;

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::markdown::{self, Rendered};
use crate::model::Site;
use crate::render::links::{Linker, link_resolver};

/// A progress bar for long work (hidden unless `enabled` and there are at least 500 items).
fn bar(enabled: bool, len: usize, msg: &'static str) -> ProgressBar {
    if !enabled || len < 500 {
        return ProgressBar::hidden();
    }
    let b = ProgressBar::new(len as u64);
    if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len}") {
        b.set_style(style.progress_chars("=> "));
    }
    b.set_message(msg);
    b
}

/// Renders the Markdown of the pages `which` (indices), in parallel: each with the problems
/// found in its links.
pub(super) fn render_markdown(
    site: &Site,
    static_files: &HashSet<String>,
    which: &[usize],
    progress: bool,
) -> Vec<(usize, Rendered, Vec<Diagnostic>)> {
    let linker = Linker {
        portable: site.config.portable,
    };
    let pb = bar(progress, which.len(), "Markdown");
    let out = which
        .par_iter()
        .map(|&i| {
            pb.inc(1);
            let p = &site.pages[i];
            let resolve = link_resolver(site, p, linker, static_files);
            let mut r = markdown::render(p.body(), site.config.unsafe_html, &resolve);
            let mut d: Vec<Diagnostic> = std::mem::take(&mut r.problems)
                .into_iter()
                .map(|(problem, range)| Diagnostic::error(problem, p.location(&range)))
                .collect();
            d.extend(
                std::mem::take(&mut r.warnings)
                    .into_iter()
                    .map(|(problem, range)| Diagnostic::warning(problem, p.location(&range))),
            );
            (i, r, d)
        })
        .collect();
    pb.finish_and_clear();
    out
}

/// True when a link of the page `i` would resolve differently now than when `r` was rendered
/// (a page it links to came, went or moved), so its Markdown must be rendered again.
pub(super) fn links_moved(
    site: &Site,
    static_files: &HashSet<String>,
    i: usize,
    r: &Rendered,
) -> bool {
    let linker = Linker {
        portable: site.config.portable,
    };
    let resolve = link_resolver(site, &site.pages[i], linker, static_files);
    r.resolutions
        .iter()
        .any(|((url, is_image), action)| resolve(url, *is_image) != *action)
}

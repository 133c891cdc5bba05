//! The 公众号 export through the driver: the image step for the chosen pages, then the channel
//! (`crate::channels::wechat`) into memory. `tongxin wechat` writes what it returns; `serve`
//! answers `/__wechat/<page>/…` with it at request time.

use std::collections::{HashMap, HashSet};

use crate::channels::Channel;
use crate::channels::wechat::{self, Wechat};
use crate::diagnostic::Diagnostic;
use crate::model::date::Date;
use crate::pipeline::{Project, site_view};
use crate::render::RenderInput;
use crate::write::{Output, Pending};

/// Exports the pages at `wanted` (indices of the site) into a buffered output, with the
/// problems found. Nothing is rendered when the image step fails.
pub fn export(project: &Project, wanted: &[usize]) -> (Output, Vec<Diagnostic>) {
    let output = Output::buffer();
    let site = project.site();
    let Some((_, templates)) = project.theme() else {
        return (output, Vec::new());
    };
    let chosen: HashSet<&str> = wanted
        .iter()
        .filter_map(|&i| site.pages.get(i))
        .map(|p| p.source.content_path.as_str())
        .collect();
    let (images, mut diags) = crate::images::prepare(
        project.root(),
        site,
        project.rendered(),
        project.static_files(),
        &crate::images::Selection {
            pages: &|p| chosen.contains(p.source.content_path.as_str()),
            all_static: false,
            prune: false,
            progress: false,
        },
    );
    if diags.iter().any(Diagnostic::is_error) {
        return (output, diags);
    }
    // The bodies as rendered, with their image placeholders: the channel writes its own image
    // markup (`channels::wechat::fragment`).
    let input = RenderInput {
        only: None,
        selection: None,
        site,
        rendered: project.rendered(),
        templates,
        site_view: site_view(&site.config),
        portable: false,
        not_found_root: None,
        drafts: false,
        today: Date::today(),
        search_path: None,
        images: &images.set,
        stop: None,
    };
    diags.extend(
        Wechat {
            pages: wanted.to_vec(),
        }
        .render(&input, &output),
    );
    (output, diags)
}

/// The exportable page a `/__wechat/` address names (`articles/x/` or a file below it such as
/// `articles/x/images/01.jpg`): its site path and every file of its export by name.
pub fn page_files(project: &Project, rest: &str) -> Option<(String, HashMap<String, Vec<u8>>)> {
    let site = project.site();
    let (i, p) = site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| wechat::exportable(p) && rest.starts_with(p.path.as_str()))
        .max_by_key(|(_, p)| p.path.len())?;
    let (output, _) = export(project, &[i]);
    let prefix = format!("{}/", wechat::folder(p));
    let files = output
        .into_pending()
        .into_iter()
        .filter_map(|(rel, pending)| match pending {
            Pending::Bytes(b) => rel.strip_prefix(&prefix).map(|n| (n.to_string(), b)),
            Pending::Copy(_) => None,
        })
        .collect();
    Some((p.path.clone(), files))
}

/// Site paths of the pages that have a 公众号 form (`serve` links them).
pub fn pages(project: &Project) -> HashSet<String> {
    project
        .site()
        .pages
        .iter()
        .filter(|p| wechat::exportable(p))
        .map(|p| p.path.clone())
        .collect()
}

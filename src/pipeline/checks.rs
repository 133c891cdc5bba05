//! Checks across pages that need the whole site: covers, photos and attachments must be
//! published files, anchors must name a heading of the page they point into, and site-path
//! links must point at something the build produced. (The privacy and secrecy gate is in
//! [`crate::check::site`]; [`super::Project`] runs it page by page.)

use std::collections::HashSet;

use crate::diagnostic::{Diagnostic, Location};
use crate::markdown::{LinkCheck, LinkRef, Rendered};
use crate::model::Site;
use crate::problem::Problem;
use crate::render::links::Linker;

/// Covers, photos and attachments must be files that get published with the page.
pub(super) fn check_files(site: &Site, static_files: &HashSet<String>) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for p in site.pages.iter().filter(|p| p.included) {
        let mut refs: Vec<(&str, std::ops::Range<usize>)> = Vec::new();
        if let Some((c, span)) = &p.meta.cover {
            refs.push((c, span.clone()));
        }
        if let Some((ph, span)) = p.profile.as_ref().and_then(|pr| pr.photo.as_ref()) {
            refs.push((ph, span.clone()));
        }
        for a in p.document.iter().flat_map(|d| &d.attachments) {
            refs.push((&a.file, a.span.clone()));
        }
        for (written, span) in refs {
            if !p.has_file(written, static_files) {
                diags.push(Diagnostic::error(
                    Problem::MissingFile {
                        target: written.to_string(),
                    },
                    Location::from_offsets(p.file(), &p.source.text, span),
                ));
            }
        }
    }
    diags
}

/// A site-path link in Markdown, waiting for the output to be checked (see
/// [`check_site_paths`]).
#[derive(Debug, Clone)]
pub(crate) struct SitePathLink {
    /// The page that links.
    page: usize,
    /// The link.
    link: LinkRef,
    /// Its place in the page's file, when found before the file's text was let go (see
    /// [`SitePathLink::find_place`]); otherwise found from the text if the link is broken.
    place: Option<Location>,
}

impl SitePathLink {
    /// Finds the link's place in its page's file now, while the text is there: `build` lets go
    /// of every source text before it renders (`Project::release_sources`). Only then, since
    /// `serve` checks every page's links after each edit and few of them are ever broken.
    pub(super) fn find_place(&mut self, site: &Site) {
        if let Some(p) = site.pages.get(self.page) {
            self.place = Some(p.location(&self.link.span));
        }
    }
}

/// Anchors must name a heading (or raw-HTML id) of the page they point into. Site paths wait
/// for the output: they are returned for [`check_site_paths`].
pub(super) fn check_anchors(
    site: &Site,
    rendered: &[Option<Rendered>],
) -> (Vec<Diagnostic>, Vec<SitePathLink>) {
    let mut diags = Vec::new();
    let mut deferred_links = Vec::new();
    for (i, r) in rendered.iter().enumerate() {
        let Some(r) = r else { continue };
        let p = &site.pages[i];
        for link in &r.checks {
            match &link.check {
                LinkCheck::SitePath(_) => deferred_links.push(SitePathLink {
                    page: i,
                    link: link.clone(),
                    place: None,
                }),
                LinkCheck::External => {}
                LinkCheck::Anchor { target, fragment } => {
                    let target = site
                        .by_content_path
                        .get(target)
                        .and_then(|&t| rendered.get(t))
                        .and_then(Option::as_ref);
                    if target.is_some_and(|t| t.has_anchor(fragment)) {
                        continue;
                    }
                    diags.push(Diagnostic::error(
                        Problem::BrokenAnchor {
                            target: link.written.clone(),
                            known: target.map(|t| t.ids.clone()).unwrap_or_default(),
                        },
                        p.location(&link.span),
                    ));
                }
            }
        }
    }
    (diags, deferred_links)
}

/// Site-path links in Markdown (`links`, from [`check_anchors`]) must point at something the
/// build produced (`written`).
pub(super) fn check_site_paths(
    site: &Site,
    links: &[SitePathLink],
    written: &HashSet<String>,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for SitePathLink { page, link, place } in links {
        let p = &site.pages[*page];
        let LinkCheck::SitePath(path) = &link.check else {
            continue;
        };
        let exists = written.contains(path)
            || written.contains(&Linker::file_for(path))
            || written.contains(&format!("{path}/index.html"));
        if !exists && p.published {
            diags.push(Diagnostic::error(
                Problem::MissingSitePath {
                    target: link.written.clone(),
                },
                place.clone().unwrap_or_else(|| p.location(&link.span)),
            ));
        }
    }
    diags
}

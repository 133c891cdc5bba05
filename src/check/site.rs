//! Runs the lints over a loaded site: the privacy and secrecy rules on every published page
//! (body, front matter, alt text, link targets, file name) and on published text attachments.

use rayon::prelude::*;

use crate::check::privacy::{self, Allow};
use crate::check::{Ack, Finding, is_acknowledged};
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::model::Site;
use crate::model::page::Page;
use crate::problem::Problem;

fn to_diagnostic(page_file: &std::path::Path, text: &str, f: Finding) -> Diagnostic {
    let loc = Location::from_offsets(page_file, text, f.start..f.end);
    let severity = match f.severity() {
        crate::check::Severity::Error => Severity::Error,
        crate::check::Severity::Warning => Severity::Warning,
    };
    Diagnostic {
        severity,
        problem: Problem::Lint(Box::new(f)),
        location: Some(Box::new(loc)),
    }
}

fn acks(p: &Page) -> Vec<Ack> {
    p.meta
        .privacy_acks
        .iter()
        .map(|a| Ack {
            rule: a.rule.clone(),
            text: a.text.clone(),
            reason: a.reason.clone(),
        })
        .collect()
}

/// Text attachments that are scanned like page text.
fn is_text_attachment(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".csv") || lower.ends_with(".txt")
}

/// Privacy and secrecy findings for every published page. Blocking findings are errors,
/// the rest warnings unless the page acknowledges them with a reason.
pub fn privacy(site: &Site) -> Vec<Diagnostic> {
    let allow = Allow::new(&site.config.privacy.allow);
    site.pages
        .par_iter()
        .filter(|p| p.published)
        .flat_map_iter(|p| privacy_page(p, &allow))
        .collect()
}

/// Privacy and secrecy findings for one page (`serve` checks only the pages that changed).
pub fn privacy_page(p: &Page, allow: &Allow) -> Vec<Diagnostic> {
    let acks = acks(p);
    let keep = |f: &Finding| !is_acknowledged(f, &acks);
    let mut out: Vec<Diagnostic> = privacy::scan(&p.source.text, allow)
        .into_iter()
        .filter(keep)
        .map(|f| to_diagnostic(p.file(), &p.source.text, f))
        .collect();
    // File names become URLs: scan the page's own path and its bundle files' names.
    let dir = p
        .file()
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    let mut names = vec![(p.source.content_path.clone(), p.file().to_path_buf())];
    if let Some(b) = &p.source.bundle {
        names.extend(b.assets.iter().map(|a| (a.clone(), dir.join(a))));
        for a in b.assets.iter().filter(|a| is_text_attachment(a)) {
            let shown = dir.join(a);
            // A text file that cannot be scanned must not be published unscanned.
            let bytes = match std::fs::read(b.dir.join(a)) {
                Ok(bytes) => bytes,
                Err(e) => {
                    out.push(Diagnostic::error(
                        Problem::Io {
                            path: shown.clone(),
                            detail: e.to_string(),
                        },
                        Location::file_only(shown),
                    ));
                    continue;
                }
            };
            let decoded = match crate::load::decode::decode(&bytes) {
                Ok(d) => d,
                Err(e) => {
                    out.push(e.diagnostic(&shown));
                    continue;
                }
            };
            out.extend(
                privacy::scan(&decoded.text, allow)
                    .into_iter()
                    .filter(keep)
                    .map(|f| to_diagnostic(&shown, &decoded.text, f)),
            );
        }
    }
    for (name, shown) in names {
        for f in privacy::scan(&name, allow).into_iter().filter(keep) {
            let severity = if f.is_blocking() {
                Severity::Error
            } else {
                Severity::Warning
            };
            let location = Some(Box::new(Location::file_only(shown.clone())));
            out.push(Diagnostic {
                severity,
                problem: Problem::Lint(Box::new(f)),
                location,
            });
        }
    }
    out
}

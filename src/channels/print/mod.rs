//! Print: GB/T 9704-style A4 pages for briefings and documents, and PDFs through a browser.
//!
//! [`Print`] writes `/<section>/<slug>/print/` pages through the theme's
//! `print-briefing.html` and `print-document.html`; the website build uses it for public pages
//! only, `tongxin pdf` ([`pdf`]) for every printable page, internal 专报 included, into a
//! private folder that never becomes part of the website.

pub mod sheet;

use std::collections::HashSet;

use rayon::prelude::*;
use tera::Context;

use crate::diagnostic::Diagnostic;
use crate::model::page::{Kind, Page};
use crate::render::RenderInput;
use crate::render::links::Linker;
use crate::write::{Collector, FailSink, Output};

/// Which pages get a print page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Public briefings and documents (the website).
    Website,
    /// These page indices, public or internal (`tongxin pdf`).
    Pages(HashSet<usize>),
}

/// Renders print pages.
pub struct Print {
    /// Which pages.
    pub scope: Scope,
}

impl Print {
    fn wanted(&self, i: usize, p: &Page) -> bool {
        p.printable()
            && match &self.scope {
                Scope::Website => p.published,
                Scope::Pages(set) => set.contains(&i) && p.included,
            }
    }
}

/// The file name, without extension, of a printable page's PDF or Word file:
/// `<series>-<year>-<issue>` for a briefing (`<series>-<issue>` without a date), the slug for a
/// document.
pub fn file_stem(p: &Page) -> String {
    match &p.briefing {
        Some(b) => match p.meta.date {
            Some(d) => format!("{}-{}-{}", b.series, d.year, b.issue),
            None => format!("{}-{}", b.series, b.issue),
        },
        None => p.slug.clone(),
    }
}

impl crate::channels::Channel for Print {
    fn name(&self) -> &'static str {
        "print"
    }

    fn render(&self, input: &RenderInput, out: &Output) -> Vec<Diagnostic> {
        let errors = Collector::default();
        let pages: Vec<(usize, &Page)> = input
            .site
            .pages
            .iter()
            .enumerate()
            .filter(|(i, p)| self.wanted(*i, p))
            .collect();
        pages.par_iter().for_each(|(i, p)| {
            let path = p.print_path();
            let deps = || {
                let mut pages = vec![*i];
                pages.extend(input.site.briefing_items(p));
                crate::render::select::Deps::pages(pages)
            };
            if !input.needs(&path, deps) {
                out.keep(&Linker::file_for(&path));
                return;
            }
            let mut ctx = Context::new();
            ctx.insert("print", &sheet::PrintView::new(input, p, &path));
            let template = match p.kind {
                Kind::Briefing => {
                    ctx.insert("sheet", &sheet::briefing(input, p, &path));
                    "print-briefing.html"
                }
                _ => {
                    ctx.insert("doc", &sheet::document(input, p, &path));
                    "print-document.html"
                }
            };
            let file = Linker::file_for(&path);
            let written = input
                .templates
                .render_with(template, &ctx, |html| out.write(&file, html, &errors));
            if let Err(d) = written {
                errors.fail(d);
            }
        });
        errors.into_inner()
    }
}

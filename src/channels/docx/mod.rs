//! Word: briefings and documents as editable .docx files laid out to GB/T 9704.
//!
//! [`Word`] writes `<series>-<year>-<issue>.docx` (documents: `<slug>.docx`, the names of
//! [`crate::channels::print::file_stem`]) for the pages it is given, internal 专报 included:
//! `tongxin docx` ([`crate::commands::docx`]) runs it into its own folder, never into the
//! website. What a sheet shows comes from [`crate::channels::print::sheet`], the same as the
//! print page; [`layout`] lays it out as Word structure (page, grid, named styles, footers),
//! [`body`] turns the rendered bodies into paragraphs, tables, pictures and footnotes, and
//! [`package`] finishes the parts docx-rs cannot write.

pub mod body;
pub mod layout;
pub mod package;

use std::collections::HashSet;

use rayon::prelude::*;

use crate::channels::print::{file_stem, sheet};
use crate::diagnostic::{Diagnostic, Location};
use crate::model::page::{Kind, Page};
use crate::problem::{DocxProblem, Problem};
use crate::render::RenderInput;
use crate::write::{Collector, FailSink, Output};

/// Writes Word files of printable pages.
pub struct Word {
    /// The page indices to write (briefings and documents; public or internal).
    pub pages: HashSet<usize>,
}

impl crate::channels::Channel for Word {
    fn name(&self) -> &'static str {
        "docx"
    }

    fn render(&self, input: &RenderInput, out: &Output) -> Vec<Diagnostic> {
        let sink = Collector::default();
        let pages: Vec<&Page> = input
            .site
            .pages
            .iter()
            .enumerate()
            .filter(|(i, p)| self.pages.contains(i) && p.printable() && p.included)
            .map(|(_, p)| p)
            .collect();
        pages.par_iter().for_each(|p| {
            let (bytes, diags) = word_file(input, p);
            for d in diags {
                sink.fail(d);
            }
            if let Some(bytes) = bytes {
                out.write(&format!("{}.docx", file_stem(p)), &bytes, &sink);
            }
        });
        sink.into_inner()
    }
}

/// The .docx bytes of page `p` (None when it could not be made), and the problems met.
pub fn word_file(input: &RenderInput, p: &Page) -> (Option<Vec<u8>>, Vec<Diagnostic>) {
    let path = p.print_path();
    let view = sheet::PrintView::new(input, p, &path);
    let mut problems = Vec::new();
    let docx = match p.kind {
        Kind::Briefing => {
            let Some(s) = sheet::briefing(input, p, &path) else {
                return (None, Vec::new());
            };
            let note = match &s.editor_note_html {
                Some(html) => {
                    let lead = docx_rs::Run::new()
                        .add_text("【编者按】")
                        .fonts(docx_rs::RunFonts::new().east_asia(layout::font::HEITI));
                    let mut w =
                        body::Walk::new(input.images, &s.from, layout::style::NOTE_FROM_EDITOR)
                            .lead(lead);
                    let blocks = w.blocks(html);
                    problems.append(&mut w.problems);
                    blocks
                }
                None => Vec::new(),
            };
            let items = s
                .items
                .iter()
                .map(|item| {
                    let mut w = body::Walk::new(input.images, &item.from, layout::style::BODY);
                    let blocks = w.blocks(&item.html);
                    problems.append(&mut w.problems);
                    blocks
                })
                .collect();
            layout::briefing(&view, &s, layout::Bodies { note, items })
        }
        _ => {
            let Some(s) = sheet::document(input, p, &path) else {
                return (None, Vec::new());
            };
            let mut w = body::Walk::new(input.images, &s.from, layout::style::BODY);
            let blocks = w.blocks(&s.html);
            problems.append(&mut w.problems);
            layout::document(&view, &s, blocks)
        }
    };
    let location = || Location::file_only(p.file());
    let mut diags: Vec<Diagnostic> = problems
        .into_iter()
        .map(|pr| Diagnostic::warning(pr, location()))
        .collect();
    let mut packed = std::io::Cursor::new(Vec::new());
    // docx-rs packs with its own zip version: its error is only shown.
    let result = match docx.build().pack(&mut packed) {
        Ok(()) => {
            package::finish(packed.get_ref(), !view.centered_numbers).map_err(|e| e.to_string())
        }
        Err(e) => Err(e.to_string()),
    };
    match result {
        Ok(bytes) => (Some(bytes), diags),
        Err(e) => {
            diags.push(Diagnostic::error(
                Problem::Docx(DocxProblem::Package {
                    page: p.source.content_path.clone(),
                    detail: e,
                }),
                location(),
            ));
            (None, diags)
        }
    }
}

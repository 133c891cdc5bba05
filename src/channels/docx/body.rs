//! A rendered body (the HTML the web page shows) as Word paragraphs and tables.
//!
//! The HTML is read with the same html5ever tokenizer tree as the 公众号 export
//! ([`crate::channels::wechat::fragment::parse`]), then walked: paragraphs take the paragraph
//! style they are given (正文, 编者按 …), Markdown headings the named heading styles, `<strong>`
//! and `<em>` become bold and italic runs, tables Word tables, pictures embedded PNGs made from
//! the image step's processed rendition (so no camera metadata reaches the file), Markdown
//! footnotes Word footnotes, and a link its text with the address in a footnote (as on paper,
//! where a link cannot be followed).

use std::collections::HashMap;
use std::io::Cursor;

use docx_rs::{
    BreakType, Footnote, Paragraph, ParagraphBorder, ParagraphBorderPosition, Pic, Run, Table,
    TableCell, TableRow, WidthType,
};

use super::layout::{self, style};
use crate::channels::wechat::fragment::{Node, parse};
use crate::images::ImageSet;
use crate::problem::{DocxProblem, Problem};
use crate::render::links::join_path;

/// A block of the document body.
pub enum Block {
    /// A paragraph.
    P(Box<Paragraph>),
    /// A table.
    T(Box<Table>),
}

/// What the walk needs besides the HTML.
pub struct Walk<'a> {
    /// The processed images of the site.
    pub images: &'a ImageSet,
    /// Site path of the page the HTML was rendered for (relative sources start there).
    pub from: &'a str,
    /// Paragraph style of plain paragraphs.
    pub style: &'static str,
    /// Problems met (warnings: images left out).
    pub problems: Vec<Problem>,
    notes: HashMap<String, String>,
    lead: Option<Run>,
}

/// Bold and italic in force.
#[derive(Clone, Copy, Default)]
struct Fmt {
    bold: bool,
    italic: bool,
}

impl<'a> Walk<'a> {
    /// A walk of a body rendered for `from`, plain paragraphs in `style`.
    pub fn new(images: &'a ImageSet, from: &'a str, style: &'static str) -> Walk<'a> {
        Walk {
            images,
            from,
            style,
            problems: Vec::new(),
            notes: HashMap::new(),
            lead: None,
        }
    }

    /// Puts `run` at the start of the first paragraph (the 黑体 `【编者按】`).
    pub fn lead(mut self, run: Run) -> Self {
        self.lead = Some(run);
        self
    }

    /// The blocks of `html`.
    pub fn blocks(&mut self, html: &str) -> Vec<Block> {
        let nodes = parse(html);
        collect_notes(&nodes, &mut self.notes);
        let mut out = Vec::new();
        let mut line = Vec::new();
        self.nodes(&nodes, Fmt::default(), &mut line, &mut out, self.style);
        self.flush(&mut line, &mut out, self.style);
        out
    }

    fn flush(&mut self, line: &mut Vec<Run>, out: &mut Vec<Block>, style: &str) {
        let has_text = line.iter().any(|r| !run_is_blank(r));
        if !has_text {
            line.clear();
            return;
        }
        let mut p = Paragraph::new().style(style);
        if let Some(lead) = self.lead.take() {
            p = p.add_run(lead);
        }
        for r in line.drain(..) {
            p = p.add_run(r);
        }
        out.push(Block::P(Box::new(p)));
    }

    fn nodes(
        &mut self,
        nodes: &[Node],
        fmt: Fmt,
        line: &mut Vec<Run>,
        out: &mut Vec<Block>,
        style: &str,
    ) {
        for n in nodes {
            self.node(n, fmt, line, out, style);
        }
    }

    fn node(&mut self, n: &Node, fmt: Fmt, line: &mut Vec<Run>, out: &mut Vec<Block>, style: &str) {
        let Node::El { name, kids, .. } = n else {
            if let Node::Text(t) = n {
                let t = collapse(t);
                if !t.is_empty() {
                    line.push(text_run(&t, fmt));
                }
            }
            return;
        };
        match name.as_str() {
            "p" | "div" | "dd" | "dt" => {
                self.flush(line, out, style);
                self.nodes(kids, fmt, line, out, style);
                self.flush(line, out, style);
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush(line, out, style);
                self.nodes(kids, fmt, line, out, style);
                self.flush(line, out, layout::heading_style(name));
            }
            "blockquote" => {
                self.flush(line, out, style);
                self.nodes(kids, fmt, line, out, style::QUOTE);
                self.flush(line, out, style::QUOTE);
            }
            "ul" | "ol" => {
                self.flush(line, out, style);
                let ordered = name == "ol";
                let start: usize = n.attr("start").and_then(|s| s.parse().ok()).unwrap_or(1);
                let items = kids.iter().filter(|c| c.name() == Some("li"));
                for (k, li) in (start..).zip(items) {
                    let marker = if ordered {
                        format!("{k}. ")
                    } else {
                        "• ".to_string()
                    };
                    line.push(text_run(&marker, fmt));
                    if let Node::El { kids, .. } = li {
                        self.nodes(kids, fmt, line, out, style);
                    }
                    self.flush(line, out, style);
                }
            }
            "li" => {
                self.nodes(kids, fmt, line, out, style);
                self.flush(line, out, style);
            }
            "table" => {
                self.flush(line, out, style);
                if let Some(t) = self.table(n) {
                    out.push(Block::T(Box::new(t)));
                }
            }
            "figure" => {
                self.flush(line, out, style);
                self.nodes(kids, fmt, line, out, style);
                self.flush(line, out, style);
            }
            "figcaption" => {
                self.flush(line, out, style);
                self.nodes(kids, fmt, line, out, style::CAPTION);
                self.flush(line, out, style::CAPTION);
            }
            "pre" => {
                self.flush(line, out, style);
                let mut text = String::new();
                n.text(&mut text);
                for l in text.trim_end_matches('\n').split('\n') {
                    line.push(text_run(l, fmt));
                    self.flush(line, out, style::PLAIN);
                }
            }
            "hr" => {
                self.flush(line, out, style);
                out.push(Block::P(Box::new(layout::border(
                    Paragraph::new().style(style::PLAIN),
                    ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                        .size(4)
                        .color("000000"),
                ))));
            }
            "section" if n.attr("class").is_some_and(|c| c.contains("footnotes")) => {}
            "strong" | "b" => self.nodes(kids, Fmt { bold: true, ..fmt }, line, out, style),
            "em" | "i" => self.nodes(
                kids,
                Fmt {
                    italic: true,
                    ..fmt
                },
                line,
                out,
                style,
            ),
            "br" => line.push(Run::new().add_break(BreakType::TextWrapping)),
            "sup" if is_footnote_ref(n) => {
                let mut id = String::new();
                for k in kids {
                    if let Some(href) = k.attr("href") {
                        id = href.trim_start_matches('#').to_string();
                    }
                }
                match self.notes.get(&id) {
                    Some(text) => line.push(note_run(text)),
                    None => {
                        let mut t = String::new();
                        n.text(&mut t);
                        line.push(text_run(&t, fmt));
                    }
                }
            }
            "a" => {
                self.nodes(kids, fmt, line, out, style);
                if let Some(href) = n.attr("href")
                    && (href.contains("://") || href.starts_with("mailto:"))
                {
                    let shown = href.strip_prefix("mailto:").unwrap_or(href);
                    line.push(note_run(shown));
                }
            }
            "img" => {
                self.flush(line, out, style);
                out.push(Block::P(Box::new(self.image(n))));
            }
            "script" | "style" | "template" | "svg" | "math" | "button" | "source" => {}
            _ => self.nodes(kids, fmt, line, out, style),
        }
    }

    /// A picture paragraph, or its alt text when the image cannot be embedded.
    fn image(&mut self, n: &Node) -> Paragraph {
        let src = n.attr("src").unwrap_or("");
        let alt = n.attr("alt").unwrap_or("").trim();
        let p = Paragraph::new().style(style::PICTURE);
        match self.png(src) {
            Some((png, w, h)) => {
                let (ew, eh) = layout::picture_emu(w, h);
                p.add_run(Run::new().add_image(Pic::new_with_dimensions(png, w, h).size(ew, eh)))
            }
            None => {
                self.problems.push(Problem::Docx(DocxProblem::ImageLeftOut {
                    image: src.to_string(),
                }));
                let shown = if alt.is_empty() { "图" } else { alt };
                p.add_run(Run::new().add_text(format!("［{shown}］")))
            }
        }
    }

    /// The PNG bytes and pixel size of the processed image at `src`.
    fn png(&self, src: &str) -> Option<(Vec<u8>, u32, u32)> {
        if src.is_empty() || src.contains("://") || src.starts_with("data:") {
            return None;
        }
        let site_path = match src.strip_prefix('/') {
            Some(abs) => abs.to_string(),
            None => join_path(self.from, src)?,
        };
        let file = self.images.file(&site_path)?;
        let bytes = std::fs::read(file).ok()?;
        let img = image::load_from_memory(&bytes).ok()?;
        let (w, h) = (img.width(), img.height());
        let mut png = Cursor::new(Vec::new());
        img.write_to(&mut png, image::ImageFormat::Png).ok()?;
        Some((png.into_inner(), w, h))
    }

    fn table(&mut self, n: &Node) -> Option<Table> {
        let mut rows: Vec<&Node> = Vec::new();
        let mut todo: Vec<&Node> = vec![n];
        while let Some(x) = todo.pop() {
            if let Node::El { name, kids, .. } = x {
                if name == "tr" {
                    rows.push(x);
                } else if name != "table" || std::ptr::eq(x, n) {
                    todo.extend(kids.iter().rev());
                }
            }
        }
        let columns = rows
            .iter()
            .map(|r| cells(r).len())
            .max()
            .filter(|c| *c > 0)?;
        let width = layout::TYPE_WIDTH_TW as usize;
        let mut out = Vec::new();
        for r in rows {
            let mut row = Vec::new();
            for c in cells(r) {
                let header = c.name() == Some("th");
                let mut cell = TableCell::new().width(width / columns, WidthType::Dxa);
                let mut line = Vec::new();
                let mut blocks = Vec::new();
                if let Node::El { kids, .. } = c {
                    let fmt = Fmt {
                        bold: header,
                        italic: false,
                    };
                    self.nodes(kids, fmt, &mut line, &mut blocks, style::TABLE);
                }
                self.flush(&mut line, &mut blocks, style::TABLE);
                // A cell ends with a paragraph (Word requires it, even after a nested table).
                let mut ends_with_paragraph = false;
                for b in blocks {
                    (cell, ends_with_paragraph) = match b {
                        Block::P(p) => (cell.add_paragraph(*p), true),
                        Block::T(t) => (cell.add_table(*t), false),
                    };
                }
                if !ends_with_paragraph {
                    cell = cell.add_paragraph(Paragraph::new().style(style::TABLE));
                }
                row.push(cell);
            }
            out.push(TableRow::new(row));
        }
        Some(
            Table::new(out)
                .set_grid(vec![width / columns; columns])
                .width(width, WidthType::Dxa)
                .align(docx_rs::TableAlignmentType::Center),
        )
    }
}

fn cells(row: &Node) -> Vec<&Node> {
    match row {
        Node::El { kids, .. } => kids
            .iter()
            .filter(|k| matches!(k.name(), Some("td" | "th")))
            .collect(),
        _ => Vec::new(),
    }
}

fn is_footnote_ref(n: &Node) -> bool {
    n.attr("class").is_some_and(|c| c.contains("footnote-ref"))
        || match n {
            Node::El { kids, .. } => kids.iter().any(|k| k.attr("data-footnote-ref").is_some()),
            _ => false,
        }
}

/// Footnote texts by id (`fn-1` …) from comrak's `<section class="footnotes">`, without the
/// back-reference arrows.
fn collect_notes(nodes: &[Node], notes: &mut HashMap<String, String>) {
    let mut todo: Vec<&Node> = nodes.iter().collect();
    while let Some(n) = todo.pop() {
        if let Node::El { name, kids, .. } = n {
            if name == "li"
                && let Some(id) = n.attr("id")
            {
                let mut text = String::new();
                for k in kids {
                    text_without_backrefs(k, &mut text);
                }
                notes.insert(id.to_string(), collapse(text.trim()));
            } else {
                todo.extend(kids.iter());
            }
        }
    }
}

fn text_without_backrefs(n: &Node, out: &mut String) {
    match n {
        Node::Text(t) => out.push_str(t),
        Node::El { kids, .. } => {
            if n.attr("class")
                .is_some_and(|c| c.contains("footnote-backref"))
                || n.attr("data-footnote-backref").is_some()
            {
                return;
            }
            for k in kids {
                text_without_backrefs(k, out);
            }
        }
        Node::Comment(_) => {}
    }
}

/// Text as a browser lays it out: a line break in the source is no space between Chinese
/// characters and one space between Latin words; runs of whitespace are one space.
fn collapse(t: &str) -> String {
    let chars: Vec<char> = t.chars().collect();
    let mut out = String::with_capacity(t.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() && c != '\u{a0}' && c != '\u{3000}' {
            let newline = c == '\n' || c == '\r';
            let mut j = i;
            let mut any_newline = newline;
            while j < chars.len()
                && chars[j].is_whitespace()
                && chars[j] != '\u{a0}'
                && chars[j] != '\u{3000}'
            {
                any_newline |= chars[j] == '\n';
                j += 1;
            }
            let before = out.chars().last();
            let after = chars.get(j).copied();
            let wide = |c: Option<char>| c.is_some_and(|c| !c.is_ascii());
            if !(any_newline && (wide(before) || wide(after))) {
                out.push(' ');
            }
            i = j;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn text_run(t: &str, fmt: Fmt) -> Run {
    let mut r = Run::new().add_text(t);
    if fmt.bold {
        r = r.bold();
    }
    if fmt.italic {
        r = r.italic();
    }
    r
}

/// A footnote reference whose note says `text`.
fn note_run(text: &str) -> Run {
    let mut note = Footnote::new();
    let note = note.add_content(
        Paragraph::new()
            .style(style::NOTE)
            .add_run(Run::new().add_text(text)),
    );
    Run::new().add_footnote_reference(note)
}

fn run_is_blank(r: &Run) -> bool {
    r.children.iter().all(|c| match c {
        docx_rs::RunChild::Text(t) => t.text.trim().is_empty(),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_vanish_between_chinese_and_stay_between_words() {
        assert_eq!(collapse("拥军\n优属"), "拥军优属");
        assert_eq!(collapse("veterans\nday"), "veterans day");
        assert_eq!(collapse("a   b"), "a b");
    }

    #[test]
    fn tables_links_and_notes_become_word_structure() {
        let set = ImageSet::default();
        let html = "<p>见<a href=\"https://www.mva.gov.cn/\">退役军人事务部</a>网站<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\" data-footnote-ref>1</a></sup>。</p>\
<h2>一、总体要求</h2><table><thead><tr><th>镇街</th><th>人数</th></tr></thead><tbody><tr><td>东溪</td><td>12</td></tr></tbody></table>\
<section class=\"footnotes\" data-footnotes><ol><li id=\"fn-1\"><p>数据截至5月。 <a href=\"#fnref-1\" class=\"footnote-backref\">↩</a></p></li></ol></section>";
        let mut w = Walk::new(&set, "articles/a/", style::BODY);
        let blocks = w.blocks(html);
        assert_eq!(blocks.len(), 3);
        assert_eq!(
            w.notes.get("fn-1").map(String::as_str),
            Some("数据截至5月。")
        );
        let Block::P(p) = &blocks[0] else {
            panic!("paragraph first")
        };
        let notes = p
            .children
            .iter()
            .filter(|c| match c {
                docx_rs::ParagraphChild::Run(r) => r
                    .children
                    .iter()
                    .any(|k| matches!(k, docx_rs::RunChild::FootnoteReference(_))),
                _ => false,
            })
            .count();
        assert_eq!(notes, 2, "the link's address and the footnote");
        assert!(matches!(blocks[2], Block::T(_)));
    }
}

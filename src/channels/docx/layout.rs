//! The GB/T 9704 page as Word structure: page geometry, the document grid, the named paragraph
//! styles a clerk can re-apply, the footers, and the briefing and document sheets
//! ([`crate::channels::print::sheet`]) laid out with them.
//!
//! Numbers (SPEC §6, `reference/domain.md`): A4; margins top 37 mm, bottom 35 mm, binding side
//! 28 mm and outer 26 mm, mirrored on even pages (type area 156 × 225 mm); 22 lines × 28
//! characters; body 3号 (16 pt) 仿宋; page numbers `— N —` 4号 宋体 7 mm below the type area.

use docx_rs::{
    AlignmentType, BorderType, DocGrid, DocGridType, Docx, FieldCharType, Footer, InstrPAGE,
    InstrText, LineSpacing, LineSpacingType, PageMargin, Paragraph, ParagraphBorder,
    ParagraphBorderPosition, ParagraphBorders, Run, RunFonts, SpecialIndentType, Style, StyleType,
    Tab, TabValueType, VertAlignType,
};

use super::body::Block;
use crate::channels::print::sheet::{BriefingSheet, DocumentSheet, PrintView};

/// Twips (1/20 pt) in `mm` millimetres.
pub fn mm(mm: f64) -> i32 {
    (mm * 1440.0 / 25.4).round() as i32
}

/// A4 width, twips.
pub const PAGE_W: u32 = 11906;
/// A4 height, twips.
pub const PAGE_H: u32 = 16838;
/// Width of the type area (156 mm), twips.
pub const TYPE_WIDTH_TW: i32 = 8844;
/// One line of the grid: 225 mm / 22 lines, twips.
pub const LINE_PITCH: i32 = 579;
/// One character cell of the grid: 156 mm / 28, twips.
pub const CHAR_TW: i32 = 316;
/// Body size, half-points: 3号 = 16 pt.
pub const BODY_SIZE: usize = 32;
/// Character spacing of the body, in 1/20 pt (see [`styles`]).
pub const CHAR_SQUEEZE: i32 = -5;
/// 4号 = 14 pt, half-points (页码, 版记, tables, notes).
pub const SMALL_SIZE: usize = 28;
/// 二号 = 22 pt, half-points (titles).
pub const TITLE_SIZE: usize = 44;

/// The named fonts. Word and WPS on an office PC pick the first when installed; the font table
/// names the second as the fallback (`w:altName`), see `package.rs`.
pub mod font {
    /// Body: 仿宋_GB2312, falling back to 仿宋.
    pub const FANGSONG: &str = "仿宋_GB2312";
    /// Masthead and titles: 方正小标宋简体, falling back to 宋体.
    pub const XIAOBIAOSONG: &str = "方正小标宋简体";
    /// 一级标题: 黑体.
    pub const HEITI: &str = "黑体";
    /// 二级标题 and 编者按: 楷体_GB2312, falling back to 楷体.
    pub const KAITI: &str = "楷体_GB2312";
    /// Page numbers: 宋体.
    pub const SONGTI: &str = "宋体";
}

/// Paragraph style ids (the names a clerk sees are set in [`styles`]).
pub mod style {
    /// 正文 (Word's built-in Normal, shown as 正文 in Chinese Word).
    pub const BODY: &str = "Normal";
    /// 一级标题 (一、…), 黑体.
    pub const H1: &str = "Heading1";
    /// 二级标题 (（一）…), 楷体.
    pub const H2: &str = "Heading2";
    /// 三级标题 (1. …), 仿宋 bold.
    pub const H3: &str = "Heading3";
    /// 四级标题 ((1) …), 仿宋.
    pub const H4: &str = "Heading4";
    /// 报头: the red masthead.
    pub const MASTHEAD: &str = "Masthead";
    /// 期号: 第N期（总第N期）.
    pub const ISSUE: &str = "IssueNumber";
    /// 编印单位和日期, with the red rule below.
    pub const EDITOR_LINE: &str = "EditorLine";
    /// 标题: an item headline or a document title, 小标宋.
    pub const TITLE: &str = "DocTitle";
    /// 发文字号.
    pub const DOC_NO: &str = "DocNumber";
    /// 编者按, 楷体.
    pub const NOTE_FROM_EDITOR: &str = "EditorNote";
    /// 本期要目 entries.
    pub const CONTENTS: &str = "Contents";
    /// 供稿 (source), right-aligned.
    pub const SOURCE: &str = "Source";
    /// 版记 (报/送/发, 共印N份), 4号.
    pub const DISTRIBUTION: &str = "Distribution";
    /// 署名 and 成文日期, right-aligned.
    pub const SIGNATURE: &str = "Signature";
    /// A paragraph without first-line indent (主送, 附件说明, code).
    pub const PLAIN: &str = "Plain";
    /// A quotation, indented.
    pub const QUOTE: &str = "Quote";
    /// A picture, centred.
    pub const PICTURE: &str = "Picture";
    /// A picture caption.
    pub const CAPTION: &str = "Caption";
    /// Table text.
    pub const TABLE: &str = "TableText";
    /// A footnote.
    pub const NOTE: &str = "FootnoteText";
    /// The page number.
    pub const FOLIO: &str = "Folio";
    /// 密级标注 (内部资料 注意保存).
    pub const MARKING: &str = "Marking";
}

/// The style of an HTML heading of a body: `##` (h2, and h1) is the 一级标题 `一、`, `###` the
/// 二级标题 `（一）`, `####` the 三级, deeper the 四级.
pub fn heading_style(tag: &str) -> &'static str {
    match tag {
        "h1" | "h2" => style::H1,
        "h3" => style::H2,
        "h4" => style::H3,
        _ => style::H4,
    }
}

/// The displayed size of a picture of `w` × `h` pixels, in EMU: the width of the type area,
/// no taller than half of it; never enlarged past 96 dpi × 2.
pub fn picture_emu(w: u32, h: u32) -> (u32, u32) {
    const EMU_PER_MM: f64 = 36000.0;
    let max_w = 156.0 * EMU_PER_MM;
    let max_h = 112.0 * EMU_PER_MM;
    let (w, h) = (f64::from(w.max(1)), f64::from(h.max(1)));
    let natural = w * 25.4 / 96.0 * 2.0 * EMU_PER_MM;
    let mut ew = max_w.min(natural);
    let mut eh = ew * h / w;
    if eh > max_h {
        eh = max_h;
        ew = eh * w / h;
    }
    (ew.round() as u32, eh.round() as u32)
}

fn fonts(name: &str) -> RunFonts {
    RunFonts::new()
        .ascii(name)
        .hi_ansi(name)
        .east_asia(name)
        .cs(name)
}

/// Exactly one grid line (or `lines` of them).
fn exact(lines: i32) -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(LINE_PITCH * lines)
        .before(0)
        .after(0)
}

fn para_style(id: &str, name: &str) -> Style {
    Style::new(id, StyleType::Paragraph)
        .name(name)
        .based_on(style::BODY)
        .next(style::BODY)
}

/// No first-line indent.
fn flush_left(s: Style) -> Style {
    s.indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None)
        .first_line_chars(0)
}

/// Every named style of the files.
pub fn styles(view: &PrintView) -> Vec<Style> {
    let red = view.color.trim_start_matches('#').to_string();
    let masthead = (view
        .masthead_size
        .trim_end_matches("pt")
        .parse::<f32>()
        .unwrap_or(42.0)
        * 2.0)
        .round() as usize;
    let mut normal = Style::new(style::BODY, StyleType::Paragraph)
        .name("Normal")
        .fonts(fonts(font::FANGSONG))
        .size(BODY_SIZE)
        .line_spacing(exact(1))
        .align(AlignmentType::Both)
        .indent(
            None,
            Some(SpecialIndentType::FirstLine(2 * CHAR_TW)),
            None,
            None,
        )
        .first_line_chars(200);
    normal.q_format = true;
    // 28 characters of 16 pt are 448 pt, the type area is 442.2 pt wide: a quarter point less
    // between characters (15.75 pt each) makes 28 fit a line in Word and LibreOffice alike.
    normal.run_property = normal.run_property.character_spacing(CHAR_SQUEEZE);
    // Headings stay with the paragraph they introduce.
    let h = |id: &str, name: &str, f: &str, lvl: usize| {
        let mut s = para_style(id, name)
            .fonts(fonts(f))
            .outline_lvl(lvl)
            .line_spacing(exact(1));
        s.paragraph_property = s.paragraph_property.keep_next(true);
        s
    };
    let h1 = h(style::H1, "一级标题", font::HEITI, 0);
    let h2 = h(style::H2, "二级标题", font::KAITI, 1);
    let h3 = h(style::H3, "三级标题", font::FANGSONG, 2).bold();
    let h4 = h(style::H4, "四级标题", font::FANGSONG, 3);
    let mut folio = Style::new(style::FOLIO, StyleType::Paragraph)
        .name("页码")
        .fonts(fonts(font::SONGTI))
        .size(SMALL_SIZE)
        .snap_to_grid(false);
    folio.paragraph_property = folio.paragraph_property.line_spacing(
        LineSpacing::new()
            .line_rule(LineSpacingType::Auto)
            .line(240)
            .before(0)
            .after(0),
    );
    let mut note_ref = Style::new("FootnoteReference", StyleType::Character).name("脚注引用");
    note_ref.run_property = note_ref.run_property.vert_align(VertAlignType::SuperScript);
    vec![
        normal,
        h1,
        h2,
        h3,
        h4,
        flush_left(para_style(style::MASTHEAD, "报头"))
            .fonts(fonts(font::XIAOBIAOSONG))
            .size(masthead)
            .color(red.clone())
            .align(AlignmentType::Center)
            .line_spacing(
                LineSpacing::new()
                    .line_rule(LineSpacingType::Auto)
                    .line(240)
                    .before(0)
                    .after(u32::try_from(LINE_PITCH / 2).unwrap_or(0)),
            )
            .snap_to_grid(false),
        flush_left(para_style(style::ISSUE, "期号")).align(AlignmentType::Center),
        flush_left(para_style(style::EDITOR_LINE, "编印单位和日期")),
        flush_left(para_style(style::TITLE, "标题"))
            .fonts(fonts(font::XIAOBIAOSONG))
            .size(TITLE_SIZE)
            .align(AlignmentType::Center)
            .line_spacing(exact(1).line(LINE_PITCH * 3 / 2)),
        flush_left(para_style(style::DOC_NO, "发文字号")).align(AlignmentType::Center),
        para_style(style::NOTE_FROM_EDITOR, "编者按").fonts(fonts(font::KAITI)),
        para_style(style::CONTENTS, "本期要目"),
        flush_left(para_style(style::SOURCE, "供稿")).align(AlignmentType::Right),
        flush_left(para_style(style::DISTRIBUTION, "版记"))
            .size(SMALL_SIZE)
            .indent(Some(CHAR_TW), None, Some(CHAR_TW), None),
        flush_left(para_style(style::SIGNATURE, "署名和日期")).align(AlignmentType::Right),
        flush_left(para_style(style::PLAIN, "无缩进正文")),
        para_style(style::QUOTE, "引文").indent(
            Some(2 * CHAR_TW),
            Some(SpecialIndentType::FirstLine(0)),
            None,
            None,
        ),
        flush_left(para_style(style::PICTURE, "图片"))
            .align(AlignmentType::Center)
            .line_spacing(
                LineSpacing::new()
                    .line_rule(LineSpacingType::Auto)
                    .line(240)
                    .before(0)
                    .after(0),
            )
            .snap_to_grid(false),
        flush_left(para_style(style::CAPTION, "图片说明"))
            .fonts(fonts(font::KAITI))
            .size(SMALL_SIZE)
            .align(AlignmentType::Center),
        flush_left(para_style(style::TABLE, "表格文字"))
            .size(SMALL_SIZE)
            .align(AlignmentType::Center)
            .line_spacing(
                LineSpacing::new()
                    .line_rule(LineSpacingType::Auto)
                    .line(240)
                    .before(0)
                    .after(0),
            )
            .snap_to_grid(false),
        flush_left(para_style(style::NOTE, "脚注文本"))
            .size(SMALL_SIZE)
            .line_spacing(
                LineSpacing::new()
                    .line_rule(LineSpacingType::Auto)
                    .line(240)
                    .before(0)
                    .after(0),
            )
            .snap_to_grid(false),
        folio,
        flush_left(para_style(style::MARKING, "密级和保密期限")).fonts(fonts(font::HEITI)),
        note_ref,
    ]
}

/// The footer paragraph `— N —` with a PAGE field, placed as GB/T 9704 places it: right with
/// one 4号 character to spare on odd pages, left on even ones, or centred.
fn folio(align: AlignmentType) -> Footer {
    let one = 280; // one 4号 character, twips
    let mut p = Paragraph::new().style(style::FOLIO).align(align);
    p = match align {
        AlignmentType::Right => p.indent(None, None, Some(one), None),
        AlignmentType::Left => p.indent(Some(one), None, None, None),
        _ => p,
    };
    let p = p
        .add_run(Run::new().add_text("— "))
        .add_run(Run::new().add_field_char(FieldCharType::Begin, false))
        .add_run(Run::new().add_instr_text(InstrText::PAGE(InstrPAGE::new())))
        .add_run(Run::new().add_field_char(FieldCharType::Separate, false))
        .add_run(Run::new().add_text("1"))
        .add_run(Run::new().add_field_char(FieldCharType::End, false))
        .add_run(Run::new().add_text(" —"));
    Footer::new().add_paragraph(p)
}

/// A document with the page, the grid, the styles and the footers, and no content yet.
pub fn page(view: &PrintView) -> Docx {
    let mut docx = Docx::new()
        .page_size(PAGE_W, PAGE_H)
        .page_margin(
            PageMargin::new()
                .top(mm(37.0))
                .bottom(mm(35.0))
                .left(mm(28.0))
                .right(mm(26.0))
                .header(mm(15.0))
                // The folio's baseline sits about 7 mm below the type area.
                .footer(mm(22.0))
                .gutter(0),
        )
        .default_fonts(fonts(font::FANGSONG))
        .default_size(BODY_SIZE);
    // A line grid of 22 lines; the 28 characters come from the body's spacing (see
    // [`CHAR_SQUEEZE`]): LibreOffice puts a 16 pt character into two cells of a 15.79 pt
    // character grid (`linesAndChars`), 14 characters a line (docs/docx.md).
    docx.document = docx.document.doc_grid(
        DocGrid::new()
            .grid_type(DocGridType::Lines)
            .line_pitch(LINE_PITCH as usize),
    );
    // docx-rs writes a bare `Normal` before these; `package.rs` removes it.
    for s in styles(view) {
        docx = docx.add_style(s);
    }
    if view.centered_numbers {
        docx.footer(folio(AlignmentType::Center))
    } else {
        // `even_footer` also sets `w:evenAndOddHeaders` (docs/docx.md).
        docx.footer(folio(AlignmentType::Right))
            .even_footer(folio(AlignmentType::Left))
    }
}

fn add(docx: Docx, blocks: Vec<Block>) -> Docx {
    blocks.into_iter().fold(docx, |d, b| match b {
        Block::P(p) => d.add_paragraph(*p),
        Block::T(t) => d.add_table(*t),
    })
}

fn line(style_id: &str, text: &str) -> Paragraph {
    Paragraph::new()
        .style(style_id)
        .add_run(Run::new().add_text(text))
}

fn blank() -> Paragraph {
    Paragraph::new().style(style::PLAIN)
}

fn rule(
    p: Paragraph,
    position: ParagraphBorderPosition,
    kind: BorderType,
    size: usize,
    color: &str,
) -> Paragraph {
    border(
        p,
        ParagraphBorder::new(position)
            .val(kind)
            .size(size)
            .space(1)
            .color(color),
    )
}

/// `p` with `b` added to its borders. (docx-rs's own `set_border` starts from a default box
/// of four thin lines: every ruled paragraph would be framed.)
pub fn border(mut p: Paragraph, b: ParagraphBorder) -> Paragraph {
    let borders = p
        .property
        .borders
        .take()
        .unwrap_or_else(ParagraphBorders::with_empty);
    p.property = p.property.set_borders(borders.set(b));
    p
}

/// The bodies of a sheet, as blocks: made by the caller (they need the images).
pub struct Bodies {
    /// The 编者按's blocks (empty without one).
    pub note: Vec<Block>,
    /// Each item's blocks, in the sheet's order.
    pub items: Vec<Vec<Block>>,
}

/// A briefing issue: 版头 (密级, red masthead, 期号, 编印单位 and date over the red rule),
/// 编者按, 本期要目, the items with their headlines and sources, and the 版记.
pub fn briefing(view: &PrintView, sheet: &BriefingSheet, bodies: Bodies) -> Docx {
    let red = view.color.trim_start_matches('#');
    let mut d = page(view);
    if let Some(c) = &sheet.classification {
        d = d.add_paragraph(line(style::MARKING, c));
    }
    // Red in the style and on the run: a clerk who re-applies 正文 by mistake sees it stay red.
    d = d.add_paragraph(
        Paragraph::new()
            .style(style::MASTHEAD)
            .add_run(Run::new().add_text(&sheet.masthead).color(red)),
    );
    let number = format!("{}{}", sheet.number, sheet.total.as_deref().unwrap_or(""));
    d = d.add_paragraph(line(style::ISSUE, &number));
    let mut editor = Paragraph::new()
        .style(style::EDITOR_LINE)
        .indent(Some(CHAR_TW), None, Some(CHAR_TW), None)
        .add_tab(
            Tab::new()
                .val(TabValueType::Right)
                .pos((TYPE_WIDTH_TW - CHAR_TW) as usize),
        )
        .add_run(Run::new().add_text(&sheet.editor));
    if let Some(date) = &sheet.date {
        editor = editor.add_run(Run::new().add_tab().add_text(date));
    }
    let (kind, size) = if view.double_rule {
        (BorderType::ThickThinSmallGap, 24)
    } else {
        (BorderType::Single, 12)
    };
    d = d.add_paragraph(rule(
        editor,
        ParagraphBorderPosition::Bottom,
        kind,
        size,
        red,
    ));
    d = d.add_paragraph(blank());
    if !bodies.note.is_empty() {
        d = add(d, bodies.note);
    }
    if sheet.toc {
        d = d.add_paragraph(blank()).add_paragraph(
            Paragraph::new()
                .style(style::H1)
                .align(AlignmentType::Center)
                .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None)
                .first_line_chars(0)
                .add_run(Run::new().add_text("本期要目")),
        );
        for item in &sheet.items {
            d = d.add_paragraph(line(style::CONTENTS, &format!("◆{}", item.title)));
        }
    }
    for (item, blocks) in sheet.items.iter().zip(bodies.items) {
        d = d.add_paragraph(blank());
        d = d.add_paragraph(line(style::TITLE, &item.title));
        d = d.add_paragraph(blank());
        d = add(d, blocks);
        if let Some(s) = &item.source {
            d = d.add_paragraph(line(style::SOURCE, s));
        }
    }
    // 版记: between a heavier first and last rule, after a blank line.
    d = d.add_paragraph(blank());
    let n = sheet.recipients.len();
    for (k, r) in sheet.recipients.iter().enumerate() {
        let label_w = r.label.chars().count() as i32 * 280;
        let mut p = Paragraph::new()
            .style(style::DISTRIBUTION)
            .indent(
                Some(CHAR_TW + label_w),
                Some(SpecialIndentType::Hanging(label_w)),
                Some(CHAR_TW),
                None,
            )
            .add_run(Run::new().add_text(format!("{}{}", r.label, r.names)));
        if k == 0 {
            p = rule(
                p,
                ParagraphBorderPosition::Top,
                BorderType::Single,
                8,
                "000000",
            );
        }
        if k + 1 == n && sheet.copies.is_none() {
            p = rule(
                p,
                ParagraphBorderPosition::Bottom,
                BorderType::Single,
                8,
                "000000",
            );
        }
        d = d.add_paragraph(p);
    }
    if let Some(c) = &sheet.copies {
        let mut p = Paragraph::new()
            .style(style::DISTRIBUTION)
            .align(AlignmentType::Right)
            .add_run(Run::new().add_text(c));
        p = rule(
            p,
            ParagraphBorderPosition::Top,
            BorderType::Single,
            4,
            "000000",
        );
        p = rule(
            p,
            ParagraphBorderPosition::Bottom,
            BorderType::Single,
            8,
            "000000",
        );
        if n == 0 {
            p = rule(
                p,
                ParagraphBorderPosition::Top,
                BorderType::Single,
                8,
                "000000",
            );
        }
        d = d.add_paragraph(p);
    }
    d
}

/// A policy document: 标题, 发文字号, 主送, 正文, 附件说明, 署名 and 成文日期.
pub fn document(view: &PrintView, sheet: &DocumentSheet, body: Vec<Block>) -> Docx {
    let mut d = page(view);
    d = d.add_paragraph(line(style::TITLE, &sheet.title));
    if let Some(no) = &sheet.doc_no {
        d = d.add_paragraph(line(style::DOC_NO, no));
    }
    d = d.add_paragraph(blank());
    if let Some(r) = &sheet.recipient {
        d = d.add_paragraph(line(style::PLAIN, r));
    }
    d = add(d, body);
    if !sheet.attachments.is_empty() {
        d = d.add_paragraph(blank());
        for (k, a) in sheet.attachments.iter().enumerate() {
            // 附件： starts 2 字 in; further lines align under the first name.
            let left = if k == 0 { 2 * CHAR_TW } else { 5 * CHAR_TW };
            d = d.add_paragraph(
                Paragraph::new()
                    .style(style::PLAIN)
                    .indent(Some(left), None, None, None)
                    .add_run(Run::new().add_text(a)),
            );
        }
    }
    if sheet.signature.is_some() || sheet.date.is_some() {
        d = d.add_paragraph(blank()).add_paragraph(blank());
    }
    let pad = |cells: f32| (cells * CHAR_TW as f32).round() as i32;
    if let Some(s) = &sheet.signature {
        d = d.add_paragraph(line(style::SIGNATURE, s).indent(
            None,
            None,
            Some(pad(sheet.signature_pad)),
            None,
        ));
    }
    if let Some(date) = &sheet.date {
        d = d.add_paragraph(line(style::SIGNATURE, date).indent(
            None,
            None,
            Some(pad(sheet.date_pad)),
            None,
        ));
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_fills_the_type_area() {
        assert_eq!(mm(156.0), TYPE_WIDTH_TW);
        assert!((LINE_PITCH * 22 - (mm(297.0 - 37.0 - 35.0))).abs() < 22);
        assert!((CHAR_TW * 28 - TYPE_WIDTH_TW).abs() < 28);
        // 28 squeezed 16 pt characters fit the 156 mm line.
        let zi = 16.0 + f64::from(CHAR_SQUEEZE) / 20.0;
        assert!(zi * 28.0 <= 156.0 / 25.4 * 72.0 && zi * 29.0 > 156.0 / 25.4 * 72.0);
    }

    #[test]
    fn pictures_fit_the_type_area() {
        let (w, h) = picture_emu(1600, 900);
        assert_eq!(w, 156 * 36000);
        assert_eq!(h, w * 9 / 16);
        let (w, h) = picture_emu(1600, 1200);
        assert_eq!(h, 112 * 36000);
        assert!(w < 156 * 36000 && (f64::from(w) / f64::from(h) - 4.0 / 3.0).abs() < 0.01);
        let (w, h) = picture_emu(600, 1600);
        assert!(h <= 112 * 36000 && w < h);
    }
}

//! The last touch on a .docx package that docx-rs cannot express: `word/settings.xml` is written
//! anew (docx-rs has no `w:mirrorMargins` and writes its settings out of schema order) and
//! `word/fontTable.xml` names each Chinese font with its fallback (`w:altName`). Every other
//! part is copied as docx-rs wrote it. See docs/docx.md.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::layout::font;

/// The settings part: mirrored margins (GB/T 9704 binding side), separate even-page footers
/// when page numbers alternate, no punctuation compression (the grid counts 28 characters).
pub fn settings(even_and_odd: bool) -> String {
    let even = if even_and_odd {
        "<w:evenAndOddHeaders/>"
    } else {
        ""
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:zoom w:percent="100"/><w:mirrorMargins/>{even}<w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/><w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/><w:useFELayout/><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#
    )
}

/// The font table: each named font with the font Word, WPS or LibreOffice should use when it is
/// not installed.
pub fn font_table() -> String {
    let fonts = [
        (font::FANGSONG, "仿宋", "modern"),
        (font::XIAOBIAOSONG, "宋体", "roman"),
        (font::HEITI, "SimHei", "modern"),
        (font::KAITI, "楷体", "modern"),
        (font::SONGTI, "SimSun", "auto"),
    ];
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    );
    for (name, alt, family) in fonts {
        xml.push_str(&format!(
            r#"<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>"#
        ));
    }
    xml.push_str(
        r#"<w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>"#,
    );
    xml
}

/// The document with each section's header and footer references moved to the start of its
/// `w:sectPr`, where the schema wants them (docx-rs writes them last; Word is strict about the
/// order of section properties).
pub fn references_first(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(start) = rest.find("<w:sectPr") {
        let Some(open_end) = rest[start..].find('>').map(|e| start + e + 1) else {
            break;
        };
        let Some(close) = rest[open_end..].find("</w:sectPr>").map(|c| open_end + c) else {
            break;
        };
        out.push_str(&rest[..open_end]);
        let inner = &rest[open_end..close];
        let mut refs = String::new();
        let mut others = String::new();
        let mut i = 0;
        while i < inner.len() {
            let Some(lt) = inner[i..].find('<').map(|k| i + k) else {
                others.push_str(&inner[i..]);
                break;
            };
            others.push_str(&inner[i..lt]);
            // The references are empty elements: `<w:footerReference … />`.
            let Some(gt) = inner[lt..].find('>').map(|k| lt + k + 1) else {
                others.push_str(&inner[lt..]);
                break;
            };
            let tag = &inner[lt..gt];
            let reference =
                tag.starts_with("<w:headerReference") || tag.starts_with("<w:footerReference");
            if reference && tag.ends_with("/>") {
                refs.push_str(tag);
                i = gt;
                continue;
            }
            // Any other element is copied with everything up to the next reference.
            others.push_str(tag);
            i = gt;
        }
        out.push_str(&refs);
        out.push_str(&others);
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// The empty `Normal` style docx-rs always writes first, before the styles it was given.
const BARE_NORMAL: &str = r#"<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal" /><w:rPr /><w:pPr><w:rPr /></w:pPr><w:qFormat /></w:style>"#;

/// The styles without docx-rs's empty `Normal`: with two, LibreOffice takes the first, whose
/// East Asian size (none: 12 pt) then sets the width of the character grid, and lays 3号 text
/// two cells a character (20 characters a line instead of 28).
pub fn without_bare_normal(xml: &str) -> String {
    if xml.matches(r#"w:styleId="Normal""#).count() > 1 {
        xml.replacen(BARE_NORMAL, "", 1)
    } else {
        xml.to_string()
    }
}

/// The styles with `w:overflowPunct` off in `Normal` (every style is based on it): a 。 or ，
/// must not hang past the 28th character into the margin, as Word and LibreOffice let it by
/// default; it moves to the next line with the character before it, as on the print page.
/// (docx-rs has no setter for it.)
pub fn no_hanging_punctuation(xml: &str) -> String {
    let Some(normal) = xml.find(r#"w:styleId="Normal""#) else {
        return xml.to_string();
    };
    let Some(ppr) = xml[normal..].find("<w:pPr>").map(|i| normal + i) else {
        return xml.to_string();
    };
    let mut at = ppr + "<w:pPr>".len();
    if xml[at..].starts_with("<w:rPr />") {
        at += "<w:rPr />".len();
    }
    format!(
        r#"{}<w:overflowPunct w:val="0" />{}"#,
        &xml[..at],
        &xml[at..]
    )
}

/// `packed` (a package docx-rs wrote) with the settings and font table replaced.
pub fn finish(packed: &[u8], even_and_odd: bool) -> zip::result::ZipResult<Vec<u8>> {
    let mut archive = ZipArchive::new(Cursor::new(packed))?;
    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let mut have_fonts = false;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let name = entry.name()?.to_string();
        match name.as_str() {
            "word/settings.xml" => {
                out.start_file(name, options)?;
                out.write_all(settings(even_and_odd).as_bytes())?;
            }
            "word/document.xml" => {
                let mut xml = String::new();
                entry.read_to_string(&mut xml)?;
                out.start_file(name, options)?;
                out.write_all(references_first(&xml).as_bytes())?;
            }
            "word/styles.xml" => {
                let mut xml = String::new();
                entry.read_to_string(&mut xml)?;
                out.start_file(name, options)?;
                out.write_all(no_hanging_punctuation(&without_bare_normal(&xml)).as_bytes())?;
            }
            "word/fontTable.xml" => {
                have_fonts = true;
                out.start_file(name, options)?;
                out.write_all(font_table().as_bytes())?;
            }
            _ => {
                let mut bytes = Vec::new();
                entry.read_to_end(&mut bytes)?;
                out.start_file(name, options)?;
                out.write_all(&bytes)?;
            }
        }
    }
    if !have_fonts {
        return Err(zip::result::ZipError::FileNotFound);
    }
    Ok(out.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footer_references_move_to_the_start_of_the_section() {
        let xml = r#"<w:body><w:sectPr><w:pgSz w:w="1" /><w:docGrid w:type="lines" /><w:footerReference w:type="default" r:id="rIdFooter1" /></w:sectPr></w:body>"#;
        assert_eq!(
            references_first(xml),
            r#"<w:body><w:sectPr><w:footerReference w:type="default" r:id="rIdFooter1" /><w:pgSz w:w="1" /><w:docGrid w:type="lines" /></w:sectPr></w:body>"#
        );
    }
}

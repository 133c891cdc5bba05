//! The privacy gate on every published file that is not a page: everything under `static/` and
//! the files of published page bundles (document attachments included).
//!
//! - text files (csv, txt, md, html, json, xml, js, css, svg, yaml …) are decoded and scanned;
//! - office files (.docx/.xlsx/.pptx and their macro/template forms, and OpenDocument .odt/.ods/.odp)
//!   are zip files of XML parts: the text of every XML part is read, runs joined within a paragraph
//!   (Word splits `11010519…` into several `<w:t>` runs), and scanned;
//! - images, audio, video and fonts carry no text the gate could read (photos lose their metadata
//!   in `crate::images`); only their names are scanned;
//! - PDFs are published with a warning: their text is not extracted (see [`Kind::Pdf`]);
//! - anything else that cannot be read (legacy .doc/.xls/.ppt, password-protected or corrupt
//!   office files, archives, unknown binaries) is an error unless acknowledged with a reason:
//!   a page's file by `privacy_ack: [{rule: file/unscanned, text: NAME, reason: WHY}]` in the
//!   page, a static file by `privacy: {unscanned: [{file: static/PATH, reason: WHY}]}` in
//!   `config.yaml`.
//!
//! File names are published too (in URLs), so every static file's path is scanned; a finding in a
//! name is shown with the path as the "line" and a caret under the hit, or, for an attachment a
//! document names in its front matter, at that `file:` value in the Markdown file.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::check::privacy::{self, Allow};
use crate::check::{Ack, is_acknowledged};
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::model::Site;
use crate::model::page::Page;
use crate::problem::Problem;
pub use crate::problem::Unreadable;

/// The `privacy_ack` rule id that lets a page publish one of its files unchecked.
pub const UNSCANNED_RULE: &str = "file/unscanned";

/// Most entries an office file may have before it is refused as a zip bomb.
const MAX_ENTRIES: usize = 5_000;
/// Most uncompressed bytes read from one office file (all parts, nested files included).
const MAX_UNCOMPRESSED: u64 = 100 * 1024 * 1024;
/// How deep office files embedded in office files are followed.
const MAX_NESTING: u32 = 2;

/// What the gate does with a file, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Decoded and scanned as text.
    Text,
    /// A zip of XML parts (OOXML or OpenDocument): every XML part's text is scanned.
    Office,
    /// Images, audio, video, fonts: no readable text; the name is scanned.
    Media,
    /// PDF: no pure-Rust extractor reads Chinese PDF text soundly (CID fonts need their ToUnicode
    /// maps, scans are pictures), so a "scan" would give false assurance, and refusing every PDF
    /// would break every real site (policy documents are PDFs). A warning asks for a human check.
    Pdf,
    /// Known not to be readable (legacy office formats, archives).
    Unreadable(UnreadableKind),
    /// Anything else: scanned as text when it is text, an error when it is binary.
    Unknown,
}

/// The two kinds of files refused by extension alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnreadableKind {
    /// .doc, .xls, .ppt, .wps, .et, .dps, .rtf.
    Legacy,
    /// .zip, .rar, .7z, .tar, .gz ….
    Archive,
}

/// Classifies a file by its extension (case-insensitive).
pub fn kind(name: &str) -> Kind {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "txt" | "csv" | "tsv" | "md" | "markdown" | "html" | "htm" | "xhtml" | "json" | "xml"
        | "js" | "mjs" | "css" | "svg" | "yml" | "yaml" | "toml" | "ini" | "ics" | "vcf"
        | "webmanifest" | "rss" | "atom" | "srt" | "vtt" | "map" | "log" => Kind::Text,
        "docx" | "docm" | "dotx" | "dotm" | "xlsx" | "xlsm" | "xltx" | "xltm" | "pptx" | "pptm"
        | "potx" | "ppsx" | "ppsm" | "odt" | "ods" | "odp" => Kind::Office,
        "png" | "jpg" | "jpeg" | "gif" | "webp" | "avif" | "bmp" | "ico" | "tif" | "tiff"
        | "heic" | "mp3" | "mp4" | "m4a" | "m4v" | "webm" | "ogg" | "ogv" | "oga" | "wav"
        | "flac" | "aac" | "mov" | "avi" | "woff" | "woff2" | "ttf" | "otf" | "eot" => Kind::Media,
        "pdf" => Kind::Pdf,
        "doc" | "dot" | "xls" | "xlt" | "ppt" | "pps" | "pot" | "wps" | "et" | "dps" | "rtf" => {
            Kind::Unreadable(UnreadableKind::Legacy)
        }
        "zip" | "rar" | "7z" | "tar" | "gz" | "tgz" | "bz2" | "xz" | "zst" | "cab" => {
            Kind::Unreadable(UnreadableKind::Archive)
        }
        _ => Kind::Unknown,
    }
}

/// The text of a file, in pieces that each become the "file" of a finding's location.
#[derive(Debug, Default)]
pub struct Extracted {
    /// (suffix shown after the file name, e.g. ` (word/document.xml)`, text).
    pub parts: Vec<(String, String)>,
}

/// What reading a file gave.
#[derive(Debug)]
pub enum Content {
    /// Text to scan.
    Text(Extracted),
    /// Nothing to scan (media).
    Nothing,
    /// A PDF (published with a warning unless acknowledged).
    Pdf,
    /// Cannot be checked.
    Unreadable(Unreadable),
}

/// Reads the text of the file at `disk` (named `name`) for the gate.
pub fn read_content(disk: &Path, name: &str) -> Content {
    let kind = kind(name);
    match kind {
        Kind::Media => return Content::Nothing,
        Kind::Pdf => return Content::Pdf,
        Kind::Unreadable(UnreadableKind::Legacy) => return Content::Unreadable(Unreadable::Legacy),
        Kind::Unreadable(UnreadableKind::Archive) => {
            return Content::Unreadable(Unreadable::Archive);
        }
        Kind::Text | Kind::Office | Kind::Unknown => {}
    }
    let bytes = match std::fs::read(disk) {
        Ok(b) => b,
        Err(e) => return Content::Unreadable(Unreadable::Io(e.to_string())),
    };
    match kind {
        Kind::Office => match office_text(&bytes) {
            Ok(x) => Content::Text(x),
            Err(e) => Content::Unreadable(e),
        },
        // A file of unknown kind with NUL bytes is binary: fail closed.
        Kind::Unknown if bytes.iter().take(8192).any(|&b| b == 0) => {
            Content::Unreadable(Unreadable::UnknownBinary)
        }
        _ => match crate::load::decode::decode(&bytes) {
            Ok(d) => Content::Text(Extracted {
                parts: vec![(String::new(), d.text)],
            }),
            Err(_) => Content::Unreadable(Unreadable::Undecodable),
        },
    }
}

/// Reads the text of an office file (OOXML or OpenDocument): every XML part, paragraph by
/// paragraph, with a bounded amount of work.
pub fn office_text(bytes: &[u8]) -> Result<Extracted, Unreadable> {
    let mut budget = MAX_UNCOMPRESSED;
    let mut out = Extracted::default();
    office_text_into(bytes, "", 0, &mut budget, &mut out)?;
    if out.parts.is_empty() {
        return Err(Unreadable::MissingPart);
    }
    Ok(out)
}

/// OLE compound file signature: legacy .doc/.xls/.ppt and password-protected OOXML files.
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn office_text_into(
    bytes: &[u8],
    prefix: &str,
    depth: u32,
    budget: &mut u64,
    out: &mut Extracted,
) -> Result<(), Unreadable> {
    if bytes.starts_with(OLE_MAGIC) {
        return Err(Unreadable::Encrypted);
    }
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| Unreadable::Corrupt)?;
    if zip.len() > MAX_ENTRIES {
        return Err(Unreadable::TooLarge);
    }
    let mut text_parts = 0usize;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| match e {
            zip::result::ZipError::UnsupportedArchive(_) => Unreadable::Encrypted,
            _ => Unreadable::Corrupt,
        })?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().map_err(|_| Unreadable::Corrupt)?.into_owned();
        let lower = name.to_ascii_lowercase();
        let is_xml = lower.ends_with(".xml") || lower.ends_with(".rels");
        let nested =
            depth < MAX_NESTING && matches!(kind(&lower), Kind::Office) && !lower.ends_with(".xml");
        if !is_xml && !nested {
            // Pictures and other media inside the document: nothing to read.
            continue;
        }
        if entry.encrypted() {
            return Err(Unreadable::Encrypted);
        }
        // Never trust the declared size: read at most what is left of the budget, plus one byte
        // to notice going over it.
        let mut data = Vec::new();
        (&mut entry)
            .take(*budget + 1)
            .read_to_end(&mut data)
            .map_err(|_| Unreadable::Corrupt)?;
        if data.len() as u64 > *budget {
            return Err(Unreadable::TooLarge);
        }
        *budget -= data.len() as u64;
        drop(entry);
        let shown = format!("{prefix}{name}");
        if nested {
            office_text_into(&data, &format!("{shown}/"), depth + 1, budget, out)?;
            continue;
        }
        // Parts that carry no text of the document itself.
        if lower == "[content_types].xml" || lower.ends_with("manifest.xml") {
            continue;
        }
        let text = xml_text(&data).ok_or(Unreadable::Corrupt)?;
        if is_main_part(&lower) {
            text_parts += 1;
        }
        if !text.trim().is_empty() {
            out.parts.push((format!(" ({shown})"), text));
        }
    }
    if text_parts == 0 {
        return Err(Unreadable::MissingPart);
    }
    Ok(())
}

/// The part every readable office file has: without it the file is not what its name says.
fn is_main_part(lower: &str) -> bool {
    lower == "word/document.xml"
        || lower == "word/document2.xml"
        || lower == "xl/workbook.xml"
        || lower == "ppt/presentation.xml"
        || lower == "content.xml"
}

/// Elements whose end ends a line of text: paragraphs (Word, DrawingML, OpenDocument), headings,
/// shared strings and cells of a sheet, table cells and rows.
fn ends_line(local: &[u8]) -> bool {
    matches!(
        local,
        b"p" | b"h" | b"si" | b"c" | b"is" | b"tc" | b"tr" | b"table-cell" | b"table-row"
    )
}

/// Elements that stand for a gap inside a paragraph (tab, line break).
fn is_gap(local: &[u8]) -> bool {
    matches!(
        local,
        b"tab" | b"br" | b"cr" | b"s" | b"line-break" | b"ptab"
    )
}

/// Attributes whose values are shown to readers or are links: hyperlink targets (`.rels`),
/// sheet and defined names, the description and title (alt text) of pictures.
fn is_text_attribute(local: &[u8]) -> bool {
    matches!(local, b"Target" | b"name" | b"descr" | b"title" | b"href")
}

/// The text of one XML part: text nodes in document order, runs joined within a paragraph,
/// one line per paragraph; attribute values that readers see or follow, each on its own line.
/// None when the XML is malformed.
pub fn xml_text(data: &[u8]) -> Option<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(data);
    let mut buf = Vec::new();
    let mut text = String::new();
    let mut attrs = String::new();
    // Inside a `t`/`v`/`text` element, whitespace is content (xml:space="preserve").
    let mut in_text_element = 0usize;
    loop {
        let event = reader.read_event_into(&mut buf).ok()?;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let local = e.local_name();
                let local = local.as_ref();
                if is_gap(local) {
                    text.push(' ');
                }
                if matches!(event, Event::Start(_)) && matches!(local, b"t" | b"v") {
                    in_text_element += 1;
                }
                for a in e.attributes().flatten() {
                    if is_text_attribute(a.key.local_name().as_ref())
                        && let Ok(v) = a.unescape_value()
                        && !v.trim().is_empty()
                    {
                        attrs.push_str(&v);
                        attrs.push('\n');
                    }
                }
                if matches!(event, Event::Empty(_)) && ends_line(local) {
                    push_line_end(&mut text);
                }
            }
            Event::End(e) => {
                let local = e.local_name();
                let local = local.as_ref();
                if matches!(local, b"t" | b"v") {
                    in_text_element = in_text_element.saturating_sub(1);
                }
                if ends_line(local) {
                    push_line_end(&mut text);
                }
            }
            Event::Text(t) => {
                let s = t.xml_content().ok()?;
                // Indentation between elements is not text.
                if in_text_element > 0 || !s.trim().is_empty() {
                    text.push_str(&s.replace(['\r', '\n'], " "));
                }
            }
            Event::CData(t) => {
                let s = t.decode().ok()?;
                text.push_str(&s.replace(['\r', '\n'], " "));
            }
            Event::GeneralRef(r) => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    text.push(c);
                } else {
                    let name = r.decode().ok()?;
                    let resolved = quick_xml::escape::resolve_predefined_entity(&name)?;
                    text.push_str(resolved);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !attrs.is_empty() {
        push_line_end(&mut text);
        text.push_str(&attrs);
    }
    Some(text)
}

fn push_line_end(text: &mut String) {
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
}

/// A document attachment as written in a page's front matter.
struct AttachmentRef<'a> {
    page: &'a Page,
    written: &'a str,
    /// Where the `file:` value is written in the page's source.
    span: Range<usize>,
}

/// Where `value` is first written from the start of `span` on (the `attachments` entry's span
/// starts at its value; a list's items follow it), else the span.
fn value_span(text: &str, span: &Range<usize>, value: &str) -> Range<usize> {
    let start = span.start.min(text.len());
    let end = span.end.min(text.len()).max(start);
    let value = value.trim();
    match text.get(start..).and_then(|s| s.find(value)) {
        Some(i) if !value.is_empty() => start + i..start + i + value.len(),
        _ => start..end,
    }
}

/// A location whose "line" is the path itself, with the caret under `range` of it. A path with
/// a line break or another control character cannot be shown as one line: the file alone then.
fn name_location(shown: &str, range: Range<usize>) -> Location {
    if shown.chars().any(char::is_control) {
        return Location::file_only(shown);
    }
    Location::from_offsets(shown, shown, range)
}

/// Scans a file's content; findings located in the extracted text.
fn content_diagnostics(
    content: Content,
    shown: &Path,
    allow: &Allow,
    acks: &[Ack],
    acknowledged: bool,
    at: &dyn Fn(Problem, Severity) -> Diagnostic,
) -> Vec<Diagnostic> {
    match content {
        Content::Nothing => Vec::new(),
        Content::Text(x) => {
            let mut out = Vec::new();
            for (suffix, text) in &x.parts {
                let file = PathBuf::from(format!(
                    "{}{suffix}",
                    crate::diagnostic::display_path(shown)
                ));
                for f in privacy::scan(text, allow) {
                    if is_acknowledged(&f, acks) {
                        continue;
                    }
                    let loc = Location::from_offsets(&file, text, f.start..f.end);
                    out.push(f.into_diagnostic(loc));
                }
            }
            out
        }
        Content::Pdf if acknowledged => Vec::new(),
        Content::Pdf => vec![at(
            Problem::UnscannedPdf {
                file: shown.to_path_buf(),
            },
            Severity::Warning,
        )],
        Content::Unreadable(_) if acknowledged => Vec::new(),
        Content::Unreadable(why) => vec![at(
            Problem::UnreadableFile {
                file: shown.to_path_buf(),
                why,
            },
            Severity::Error,
        )],
    }
}

/// Whether `p` acknowledges publishing `written` (a file name as the page writes it) unchecked.
fn page_acknowledges(p: &Page, written: &str) -> bool {
    let clean = clean_name(written);
    p.meta.privacy_acks.iter().any(|a| {
        a.rule.trim() == UNSCANNED_RULE
            && !a.reason.trim().is_empty()
            && clean_name(&a.text) == clean
    })
}

/// A file name without `./` or a leading `/static/` or `/`.
fn clean_name(s: &str) -> &str {
    let s = s.trim().trim_start_matches("./");
    let s = s.strip_prefix('/').unwrap_or(s);
    s.strip_prefix("static/").unwrap_or(s)
}

/// Privacy findings for every published file other than pages: static files (content and
/// path), the files of published bundles (content; their names are scanned with the page in
/// [`crate::check::site`]), and acknowledgements that name no file or give no reason.
pub fn published(site: &Site, static_files: &HashSet<String>) -> Vec<Diagnostic> {
    let allow = Allow::new(&site.config.privacy.allow);
    let root = &site.root;
    let mut out = Vec::new();

    // Attachments named in front matter: findings about them point at the `file:` value.
    let mut static_refs: HashMap<String, Vec<AttachmentRef>> = HashMap::new();
    let mut bundle_refs: HashMap<(usize, String), Vec<AttachmentRef>> = HashMap::new();
    for (i, p) in site.pages.iter().enumerate().filter(|(_, p)| p.published) {
        for a in p.document.iter().flat_map(|d| &d.attachments) {
            let r = AttachmentRef {
                page: p,
                written: &a.file,
                span: value_span(&p.source.text, &a.span, &a.file),
            };
            if a.file.trim().starts_with('/') {
                static_refs
                    .entry(clean_name(&a.file).to_string())
                    .or_default()
                    .push(r);
            } else {
                bundle_refs
                    .entry((i, clean_name(&a.file).to_string()))
                    .or_default()
                    .push(r);
            }
        }
    }
    // The name of an attachment, at its `file:` value.
    let attachment_name_findings = |r: &AttachmentRef| -> Vec<Diagnostic> {
        let acks = crate::check::site::acks(r.page);
        crate::check::site::scan_name(r.written, &allow)
            .into_iter()
            .filter(|f| !is_acknowledged(f, &acks))
            .map(|mut f| {
                let offset = r.span.start;
                let loc = Location::from_offsets(
                    r.page.file(),
                    &r.page.source.text,
                    offset + f.start..offset + f.end,
                );
                // Keep the finding's offsets meaningful for JSON: into the page source.
                f.start += offset;
                f.end += offset;
                f.into_diagnostic(loc)
            })
            .collect()
    };

    // Static files.
    let unscanned = &site.config.privacy.unscanned;
    let config_acked: HashSet<&str> = unscanned
        .iter()
        .filter(|u| !u.reason.trim().is_empty())
        .map(|u| clean_name(&u.file))
        .collect();
    let mut statics: Vec<&String> = static_files.iter().collect();
    statics.sort();
    out.par_extend(statics.par_iter().flat_map_iter(|rel| {
        let shown = format!("static/{rel}");
        let refs = static_refs.get(rel.as_str());
        let mut d = Vec::new();
        match refs {
            Some(refs) => refs
                .iter()
                .for_each(|r| d.extend(attachment_name_findings(r))),
            None => d.extend(name_findings(&shown, &allow, &[])),
        }
        let acknowledged = config_acked.contains(rel.as_str())
            || refs.is_some_and(|refs| refs.iter().any(|r| page_acknowledges(r.page, r.written)));
        let shown_path = PathBuf::from(&shown);
        let at = |problem: Problem, severity: Severity| match refs.and_then(|r| r.first()) {
            Some(r) => Diagnostic {
                severity,
                problem,
                location: Some(Box::new(Location::from_offsets(
                    r.page.file(),
                    &r.page.source.text,
                    r.span.clone(),
                ))),
            },
            None => Diagnostic {
                severity,
                problem,
                location: Some(Box::new(Location::file_only(&shown_path))),
            },
        };
        let content = read_content(&root.join("static").join(rel.as_str()), rel);
        d.extend(content_diagnostics(
            content,
            &shown_path,
            &allow,
            &[],
            acknowledged,
            &at,
        ));
        d
    }));

    // Files of published bundles.
    let bundle_files: Vec<(usize, &Page, &String)> = site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.published)
        .flat_map(|(i, p)| {
            p.source
                .bundle
                .iter()
                .flat_map(move |b| b.assets.iter().map(move |a| (i, p, a)))
        })
        .collect();
    out.par_extend(bundle_files.par_iter().flat_map_iter(|&(i, p, asset)| {
        let mut d = Vec::new();
        let refs = bundle_refs.get(&(i, asset.clone()));
        let Some(b) = &p.source.bundle else { return d };
        let dir = p.file().parent().map(Path::to_path_buf).unwrap_or_default();
        let shown = dir.join(asset);
        match refs {
            Some(refs) => refs
                .iter()
                .for_each(|r| d.extend(attachment_name_findings(r))),
            None => d.extend(name_findings(
                &shown.to_string_lossy(),
                &allow,
                &crate::check::site::acks(p),
            )),
        }
        let acknowledged = page_acknowledges(p, asset);
        let at = |problem: Problem, severity: Severity| {
            let loc = match refs.and_then(|r| r.first()) {
                Some(r) => Location::from_offsets(p.file(), &p.source.text, r.span.clone()),
                None => Location::file_only(&shown),
            };
            Diagnostic {
                severity,
                problem,
                location: Some(Box::new(loc)),
            }
        };
        let content = read_content(&b.dir.join(asset), asset);
        d.extend(content_diagnostics(
            content,
            &shown,
            &allow,
            &crate::check::site::acks(p),
            acknowledged,
            &at,
        ));
        d
    }));

    out.extend(check_acks(site, static_files));
    out
}

/// Findings in a published file's path, shown on the path itself with a caret.
fn name_findings(shown: &str, allow: &Allow, acks: &[crate::check::Ack]) -> Vec<Diagnostic> {
    crate::check::site::scan_name(shown, allow)
        .into_iter()
        .filter(|f| !is_acknowledged(f, acks))
        .map(|f| {
            let loc = name_location(shown, f.start..f.end);
            f.into_diagnostic(loc)
        })
        .collect()
}

/// Acknowledgements of unchecked files must name a published file and give a reason.
fn check_acks(site: &Site, static_files: &HashSet<String>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let config_text = std::fs::read(site.root.join("config.yaml"))
        .ok()
        .and_then(|b| crate::load::decode::decode(&b).ok())
        .map(|d| d.text)
        .unwrap_or_default();
    let config_loc = |value: &str| match config_text.find(value.trim()) {
        Some(i) if !value.trim().is_empty() => {
            Location::from_offsets("config.yaml", &config_text, i..i + value.trim().len())
        }
        _ => Location::file_only("config.yaml"),
    };
    for u in &site.config.privacy.unscanned {
        let name = clean_name(&u.file);
        if !static_files.contains(name) {
            out.push(Diagnostic::error(
                Problem::UnscannedAckNoFile {
                    file: u.file.clone(),
                },
                config_loc(&u.file),
            ));
        } else if u.reason.trim().is_empty() {
            out.push(Diagnostic::error(
                Problem::UnscannedAckNoReason {
                    file: u.file.clone(),
                },
                config_loc(&u.file),
            ));
        }
    }
    for p in site.pages.iter().filter(|p| p.published) {
        for a in p
            .meta
            .privacy_acks
            .iter()
            .filter(|a| a.rule.trim() == UNSCANNED_RULE)
        {
            let name = clean_name(&a.text);
            let in_bundle = p
                .source
                .bundle
                .as_ref()
                .is_some_and(|b| b.assets.iter().any(|x| x == name));
            let attached = p
                .document
                .iter()
                .flat_map(|d| &d.attachments)
                .any(|x| clean_name(&x.file) == name && p.has_file(&x.file, static_files));
            let text = &p.source.text;
            let loc = match text.find(a.text.trim()) {
                Some(i) if !a.text.trim().is_empty() => {
                    Location::from_offsets(p.file(), text, i..i + a.text.trim().len())
                }
                _ => Location::file_only(p.file()),
            };
            if !in_bundle && !attached {
                out.push(Diagnostic::error(
                    Problem::UnscannedAckNoFile {
                        file: a.text.clone(),
                    },
                    loc,
                ));
            } else if a.reason.trim().is_empty() {
                out.push(Diagnostic::error(
                    Problem::UnscannedAckNoReason {
                        file: a.text.clone(),
                    },
                    loc,
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A zip of the given (name, content) entries, stored or deflated.
    pub(crate) fn zip_of(entries: &[(&str, &str)], deflate: bool) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let method = if deflate {
            zip::CompressionMethod::Deflated
        } else {
            zip::CompressionMethod::Stored
        };
        let opts = zip::write::SimpleFileOptions::default().compression_method(method);
        for (name, content) in entries {
            w.start_file(*name, opts).unwrap();
            w.write_all(content.as_bytes()).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

    fn docx(body: &str) -> Vec<u8> {
        let doc =
            format!("<?xml version=\"1.0\"?><w:document {W}><w:body>{body}</w:body></w:document>");
        zip_of(
            &[
                ("[Content_Types].xml", "<Types/>"),
                ("word/document.xml", &doc),
            ],
            true,
        )
    }

    fn all_text(x: &Extracted) -> String {
        x.parts
            .iter()
            .map(|(_, t)| t.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn kinds_by_extension() {
        assert_eq!(kind("名单.CSV"), Kind::Text);
        assert_eq!(kind("a/b.docx"), Kind::Office);
        assert_eq!(kind("x.ods"), Kind::Office);
        assert_eq!(kind("x.JPG"), Kind::Media);
        assert_eq!(kind("x.pdf"), Kind::Pdf);
        assert_eq!(kind("x.doc"), Kind::Unreadable(UnreadableKind::Legacy));
        assert_eq!(kind("x.wps"), Kind::Unreadable(UnreadableKind::Legacy));
        assert_eq!(kind("x.rar"), Kind::Unreadable(UnreadableKind::Archive));
        assert_eq!(kind("CNAME"), Kind::Unknown);
        assert_eq!(kind("x.bin"), Kind::Unknown);
    }

    #[test]
    fn word_runs_are_joined_within_a_paragraph_and_paragraphs_kept_apart() {
        let body = "<w:p><w:r><w:t>身份证号：1101</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>0519900307</w:t></w:r><w:r><w:t xml:space=\"preserve\">123X </w:t></w:r></w:p>\
                    <w:p><w:r><w:t>第二段</w:t></w:r></w:p>";
        let x = office_text(&docx(body)).unwrap();
        let t = all_text(&x);
        assert!(t.contains("身份证号：11010519900307123X \n第二段"), "{t}");
    }

    #[test]
    fn entities_char_refs_tabs_and_alt_text_are_read() {
        let body = "<w:p><w:r><w:t>&#49;38&#x31;234&amp;5678</w:t><w:tab/><w:t>下一项</w:t></w:r></w:p>\
                    <w:p><w:drawing><wp:docPr xmlns:wp=\"wp\" id=\"1\" descr=\"电话13912345678\"/></w:drawing></w:p>";
        let t = all_text(&office_text(&docx(body)).unwrap());
        assert!(t.contains("1381234&5678 下一项"), "{t}");
        assert!(t.contains("电话13912345678"), "{t}");
    }

    #[test]
    fn sheets_slides_notes_and_core_properties_are_read() {
        let xlsx = zip_of(
            &[
                (
                    "xl/workbook.xml",
                    "<workbook><sheets><sheet name=\"名单\"/></sheets></workbook>",
                ),
                (
                    "xl/sharedStrings.xml",
                    "<sst><si><t>张三</t></si><si><r><t>1380013</t></r><r><t>8000</t></r></si></sst>",
                ),
                (
                    "xl/worksheets/sheet1.xml",
                    "<worksheet><sheetData><row><c t=\"n\"><v>13900139000</v></c><c t=\"inlineStr\"><is><t>内联</t></is></c></row></sheetData></worksheet>",
                ),
                (
                    "docProps/core.xml",
                    "<cp:coreProperties xmlns:cp=\"c\" xmlns:dc=\"d\"><dc:creator>李四</dc:creator></cp:coreProperties>",
                ),
            ],
            false,
        );
        let t = all_text(&office_text(&xlsx).unwrap());
        for want in ["名单", "张三\n13800138000\n", "13900139000\n内联", "李四"] {
            assert!(t.contains(want), "{want} in {t}");
        }
        let pptx = zip_of(
            &[
                ("ppt/presentation.xml", "<p:presentation xmlns:p=\"p\"/>"),
                (
                    "ppt/slides/slide1.xml",
                    "<p:sld xmlns:p=\"p\" xmlns:a=\"a\"><a:p><a:r><a:t>标题</a:t></a:r></a:p></p:sld>",
                ),
                (
                    "ppt/notesSlides/notesSlide1.xml",
                    "<p:notes xmlns:p=\"p\" xmlns:a=\"a\"><a:p><a:r><a:t>联系61</a:t></a:r><a:r><a:t>234部队</a:t></a:r></a:p></p:notes>",
                ),
            ],
            true,
        );
        let t = all_text(&office_text(&pptx).unwrap());
        assert!(t.contains("联系61234部队"), "{t}");
    }

    #[test]
    fn unreadable_office_files_say_why() {
        assert_eq!(office_text(b"not a zip").unwrap_err(), Unreadable::Corrupt);
        let mut ole = OLE_MAGIC.to_vec();
        ole.extend_from_slice(&[0; 600]);
        assert_eq!(office_text(&ole).unwrap_err(), Unreadable::Encrypted);
        // A zip without the part holding the text.
        let z = zip_of(&[("docProps/core.xml", "<x>标题</x>")], false);
        assert_eq!(office_text(&z).unwrap_err(), Unreadable::MissingPart);
        // Malformed XML in the main part.
        let z = zip_of(
            &[("word/document.xml", "<w:document><w:p></w:document>")],
            false,
        );
        assert_eq!(office_text(&z).unwrap_err(), Unreadable::Corrupt);
        // A truncated file.
        let good = docx("<w:p><w:r><w:t>正文</w:t></w:r></w:p>");
        assert!(office_text(&good).is_ok());
        assert_eq!(
            office_text(&good[..good.len() / 2]).unwrap_err(),
            Unreadable::Corrupt
        );
    }

    #[test]
    fn zip_bombs_are_refused_without_reading_everything() {
        // 120 MiB of spaces compresses to a few hundred KiB.
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        w.start_file("word/document.xml", opts).unwrap();
        let zeros = vec![b' '; 1024 * 1024];
        for _ in 0..120 {
            w.write_all(&zeros).unwrap();
        }
        let bomb = w.finish().unwrap().into_inner();
        assert!(bomb.len() < 2 * 1024 * 1024, "{}", bomb.len());
        assert_eq!(office_text(&bomb).unwrap_err(), Unreadable::TooLarge);
        // Too many entries.
        let names: Vec<String> = (0..=MAX_ENTRIES).map(|i| format!("m/{i}.png")).collect();
        let entries: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "")).collect();
        assert_eq!(
            office_text(&zip_of(&entries, false)).unwrap_err(),
            Unreadable::TooLarge
        );
    }

    #[test]
    fn embedded_office_files_are_read() {
        let inner = zip_of(
            &[
                ("xl/workbook.xml", "<workbook/>"),
                (
                    "xl/sharedStrings.xml",
                    "<sst><si><t>13800138000</t></si></sst>",
                ),
            ],
            false,
        );
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        w.start_file("word/document.xml", opts).unwrap();
        w.write_all(format!("<w:document {W}><w:p/></w:document>").as_bytes())
            .unwrap();
        w.start_file("word/embeddings/Microsoft_Excel_Worksheet.xlsx", opts)
            .unwrap();
        w.write_all(&inner).unwrap();
        let outer = w.finish().unwrap().into_inner();
        let x = office_text(&outer).unwrap();
        assert!(
            x.parts
                .iter()
                .any(|(s, t)| s.contains("Worksheet.xlsx/xl/sharedStrings.xml")
                    && t.contains("13800138000")),
            "{x:?}"
        );
    }

    #[test]
    fn garbage_never_panics() {
        let good = docx("<w:p><w:r><w:t>正文</w:t></w:r></w:p>");
        for i in 0..good.len() {
            let mut b = good.clone();
            b[i] ^= 0xA5;
            let _ = office_text(&b);
        }
        for data in [
            &b""[..],
            b"<",
            b"<a>&bogus;</a>",
            b"<a>&#xFFFFFFFF;</a>",
            b"\xff\xfe<a/>",
        ] {
            let _ = xml_text(data);
        }
    }

    #[test]
    fn names_are_located_on_the_path_itself() {
        let shown = "static/名单/13812345678.csv";
        let start = shown.find("138").unwrap();
        let loc = name_location(shown, start..start + 11);
        assert_eq!(loc.line, 1);
        assert_eq!(&loc.line_text[loc.span.clone()], "13812345678");
        assert_eq!(loc.file, PathBuf::from(shown));
        let odd = "static/a\n13812345678.txt";
        let loc = name_location(odd, 9..20);
        assert_eq!((loc.line, loc.line_text.as_str()), (0, ""));
    }

    #[test]
    fn value_spans_find_the_file_value() {
        let text = "attachments:\n  - {title: 表, file: 附件/138.docx}\n";
        let span = 12..text.len();
        let r = value_span(text, &span, "附件/138.docx");
        assert_eq!(&text[r], "附件/138.docx");
        assert_eq!(value_span(text, &span, "nope"), span);
        // The span may cover only the start of the list.
        let r = value_span(text, &(12..14), "附件/138.docx");
        assert_eq!(&text[r], "附件/138.docx");
    }
}

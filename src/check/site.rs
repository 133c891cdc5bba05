//! Runs the lints over a loaded site: the privacy and secrecy rules on every published page
//! (body, front matter, alt text, link targets, file name) and on published text attachments.

use std::collections::HashSet;

use crate::check::normalize::{
    Normalized, decode_reference, is_invisible, reader_text, strip_invisible,
};
use crate::check::privacy::{self, Allow};
use crate::check::{Ack, Finding, Rule, is_acknowledged};
use crate::diagnostic::{Diagnostic, Location};
use crate::markdown::Rendered;
use crate::model::Site;
use crate::model::page::Page;

fn to_diagnostic(page_file: &std::path::Path, text: &str, f: Finding) -> Diagnostic {
    let loc = Location::from_offsets(page_file, text, f.start..f.end);
    f.into_diagnostic(loc)
}

/// The warnings a page acknowledges in its front matter (`privacy_ack`).
pub(crate) fn acks(p: &Page) -> Vec<Ack> {
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

/// The settings every page shows (site title and description, footer organisation and
/// contact, record numbers, menu): a personal number there is published on every page.
pub fn privacy_config(site: &Site, allow: &Allow) -> Vec<Diagnostic> {
    let c = &site.config;
    let mut shown: Vec<&str> = vec![&c.title, &c.description];
    shown.extend(
        [
            &c.organization,
            &c.contact,
            &c.site_id_code,
            &c.icp,
            &c.police_record,
        ]
        .into_iter()
        .flatten()
        .map(String::as_str),
    );
    shown.extend(
        c.menu
            .iter()
            .flat_map(|m| [m.name.as_str(), m.url.as_str()]),
    );
    let file = std::path::PathBuf::from("config.yaml");
    let written = std::fs::read_to_string(site.root.join(&file)).unwrap_or_default();
    let mut out = Vec::new();
    for text in shown {
        for f in privacy::scan(&strip_invisible(text), allow) {
            let location = match written.find(f.matched.as_str()) {
                Some(i) => Location::from_offsets(file.clone(), &written, i..i + f.matched.len()),
                None => Location::file_only(file.clone()),
            };
            out.push(f.into_diagnostic(location));
        }
    }
    out
}

/// What identifies a finding across texts: its rule and its digits (numbers), else its text
/// without spaces. A number the source already shows is not reported again from the page.
fn finding_key(f: &Finding) -> (Rule, String) {
    let norm = Normalized::new(&f.matched);
    let digits: String = norm
        .as_str()
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == 'X' || *c == 'x')
        .collect();
    let key = if digits.chars().filter(char::is_ascii_digit).count() >= 5 {
        digits.to_ascii_uppercase()
    } else {
        norm.as_str()
            .chars()
            .filter(|c| !c.is_whitespace() && !is_invisible(*c))
            .collect()
    };
    (f.rule, key)
}

/// Every text derived from a page that a reader or a feed reader sees, beyond its source: the
/// rendered body (see [`reader_text`]), the automatic summary (it joins paragraphs, so it can
/// join a split number; it is also `<meta name=description>`, `og:description` and the feed
/// description), the alt texts and titles of embedded images (Markdown inside joined), and the
/// front matter as shown (invisible characters removed, lines joined) when that differs from
/// what was written. Titles, written summaries and other front-matter values reach lists,
/// feeds, the search index and print pages as written, so the source scan covers them.
fn derived_texts(p: &Page, r: Option<&Rendered>) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(r) = r {
        let mut body = reader_text(&r.html);
        for e in r.files.iter().filter_map(|f| f.embed.as_ref()) {
            for t in [&e.alt, &e.title] {
                if !t.is_empty() {
                    body.push('\n');
                    body.push_str(&strip_invisible(t));
                }
            }
        }
        out.push(body);
        if !r.summary.is_empty() {
            out.push(strip_invisible(&r.summary).into_owned());
        }
    }
    let front = p.source.text.get(..p.body_offset).unwrap_or("");
    let shown = strip_invisible(front);
    if let std::borrow::Cow::Owned(s) = shown {
        out.push(s);
    }
    // A folded or literal YAML summary keeps its line breaks; a reader sees one line.
    if let Some(summary) = &p.meta.summary
        && summary.contains('\n')
    {
        out.push(summary.replace(['\n', '\r'], ""));
    }
    out
}

/// Where a finding that exists only in the rendered text best points in the source: the
/// whole of its text in the file with markup, references, spaces and invisible characters
/// between its characters skipped; else the character reference that writes its first
/// character; else the body's first line.
fn locate(text: &str, body_offset: usize, matched: &str) -> std::ops::Range<usize> {
    let body_offset = body_offset.min(text.len());
    let body = text.get(body_offset..).unwrap_or("");
    // The whole file: front-matter values are shown too.
    let norm = Normalized::new(text);
    let want: Vec<char> = Normalized::new(matched)
        .as_str()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    if want.len() >= 3
        && let Some((s, e)) = loose_find(norm.as_str(), &want)
    {
        return norm.orig_start(s)..norm.orig_end(e);
    }
    if let Some(&first) = want.first() {
        for (i, _) in body.match_indices("&#") {
            if let Some((c, used)) = decode_reference(&body[i..])
                && c == first
            {
                return body_offset + i..body_offset + i + used;
            }
        }
    }
    let first_line = body
        .char_indices()
        .find(|(_, c)| !c.is_whitespace())
        .map_or(0, |(i, _)| i);
    let end = body[first_line..]
        .find('\n')
        .map_or(body.len(), |j| first_line + j);
    body_offset + first_line..body_offset + end
}

/// The first stretch of `hay` that spells `want` when tags (`<…>`), references (`&…;`) and
/// characters that are not letters or digits are skipped (at most 64 skipped bytes in a row).
fn loose_find(hay: &str, want: &[char]) -> Option<(usize, usize)> {
    let first = *want.first()?;
    'start: for (i, _) in hay.match_indices(first) {
        let mut k = 1;
        let mut end = i + first.len_utf8();
        let mut p = end;
        let mut gap = 0;
        while k < want.len() {
            let c = hay.get(p..)?.chars().next();
            let Some(c) = c else { continue 'start };
            if c == want[k] {
                k += 1;
                p += c.len_utf8();
                end = p;
                gap = 0;
                continue;
            }
            let skip = match c {
                '<' => hay[p..].find('>').map_or(1, |j| j + 1),
                '&' => hay[p..]
                    .char_indices()
                    .take(12)
                    .find(|&(_, d)| d == ';')
                    .map_or(1, |(j, _)| j + 1),
                c if !c.is_alphanumeric() => c.len_utf8(),
                _ => continue 'start,
            };
            gap += skip;
            if gap > 64 {
                continue 'start;
            }
            p += skip;
        }
        return Some((i, end));
    }
    None
}

/// Findings in a file name, path or URL: as written, and with letters read as separators
/// ([`name_text`]); offsets are into `name`, and a number found both ways is reported once.
pub(crate) fn scan_name(name: &str, allow: &Allow) -> Vec<Finding> {
    let mut found = privacy::scan(name, allow);
    let mut seen: HashSet<(Rule, String)> = found.iter().map(finding_key).collect();
    found.extend(
        privacy::scan(&name_text(name), allow)
            .into_iter()
            .filter(|f| seen.insert(finding_key(f))),
    );
    found
}

/// File names and URLs glue numbers to letters (`zhang13812345678.jpg`, `tel_13812345678`):
/// read letters and `_` as separators so the digit-boundary rules see the number.
fn name_text(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphabetic() || c == '_' {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// Privacy and secrecy findings for one page (`serve` checks only the pages that changed):
/// its source, every text derived from it once rendered (`rendered`, when given), its file
/// name, URL and bundle files.
pub fn privacy_page(p: &Page, rendered: Option<&Rendered>, allow: &Allow) -> Vec<Diagnostic> {
    let acks = acks(p);
    let keep = |f: &Finding| !is_acknowledged(f, &acks);
    let source = privacy::scan(&p.source.text, allow);
    let mut seen: HashSet<(Rule, String)> = source.iter().map(finding_key).collect();
    let mut out: Vec<Diagnostic> = source
        .into_iter()
        .filter(keep)
        .map(|f| to_diagnostic(p.file(), &p.source.text, f))
        .collect();
    for text in derived_texts(p, rendered) {
        for f in privacy::scan(&text, allow) {
            if !seen.insert(finding_key(&f)) {
                continue;
            }
            let at = locate(&p.source.text, p.body_offset, &f.matched);
            let f = Finding {
                start: at.start,
                end: at.end,
                rendered: true,
                ..f
            };
            if keep(&f) {
                out.push(to_diagnostic(p.file(), &p.source.text, f));
            }
        }
    }
    // File names become URLs: scan the page's own path and URL (its bundle files are published
    // files, scanned with the rest in crate::check::files).
    let names = vec![
        (p.source.content_path.clone(), p.file().to_path_buf()),
        (p.path.clone(), p.file().to_path_buf()),
    ];
    for (name, shown) in names {
        for f in scan_name(&name, allow).into_iter().filter(keep) {
            if !seen.insert(finding_key(&f)) {
                continue;
            }
            // A slug is written in the front matter: point at it there.
            let digits: String = f.matched.chars().filter(char::is_ascii_digit).collect();
            let written = (digits.len() >= 5)
                .then(|| p.source.text.find(&digits))
                .flatten();
            let location = match written {
                Some(i) if shown == p.file() => {
                    Location::from_offsets(shown.clone(), &p.source.text, i..i + digits.len())
                }
                _ => Location::file_only(shown.clone()),
            };
            out.push(f.into_diagnostic(location));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_skips_markup_and_references() {
        let text = "---\ntitle: 甲\n---\n\n第一行。\n联系139**1234**5678，或&#49;&#51;9。\n";
        let body = text.find("\n\n").unwrap() + 2;
        let at = locate(text, body, "13912345678");
        assert_eq!(&text[at], "139**1234**5678");
        // Only references: the one that writes the first character.
        let at = locate(text, body, "19");
        assert_eq!(&text[at], "&#49;");
        // Nothing found: the body's first line.
        let at = locate(text, body, "6789");
        assert_eq!(&text[at], "第一行。");
        assert_eq!(loose_find("13a9", &['1', '3', '9']), None);
        assert_eq!(
            loose_find("1<b>3</b>\u{200B}9", &['1', '3', '9']),
            Some((0, 13))
        );
    }

    #[test]
    fn keys_identify_one_number_however_written() {
        let f = |rule, m: &str| Finding {
            rule,
            start: 0,
            end: m.len(),
            matched: m.into(),
            rendered: false,
        };
        assert_eq!(
            finding_key(&f(Rule::Mobile, "139 1234 5678")),
            finding_key(&f(Rule::Mobile, "１３９１２３４５６７８"))
        );
        assert_eq!(
            finding_key(&f(Rule::UnitCode, "61234 部队")),
            finding_key(&f(Rule::UnitCode, "61234部队"))
        );
        assert_ne!(
            finding_key(&f(Rule::Mobile, "13912345678")),
            finding_key(&f(Rule::Mobile, "13912345679"))
        );
        assert_eq!(name_text("zhang_13912345678.md"), "      13912345678.  ");
    }
}

//! The closing lines of an official document (GB/T 9704 §7.3.5): staff end the Markdown with
//! the 附件 line, the issuing body and the date, which each channel lays out by its own rules
//! (the print sheet below the body, the website right-aligned). One rule finds them for all.

use std::sync::LazyLock;

use regex::Regex;

/// True for a date written `2026年4月8日`.
pub(crate) fn is_cn_date(s: &str) -> bool {
    static DATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\d{4}年\d{1,2}月\d{1,2}日$").unwrap_or_else(|_| unreachable!("fixed pattern"))
    });
    DATE.is_match(s.trim())
}

/// Splits off the closing paragraphs of a document body: up to three plain paragraphs at the
/// end that are a 附件 line, a date, or a short line (the signature) right before the date.
pub(crate) fn split_closing(html: &str) -> (&str, Vec<String>) {
    let mut rest = html.trim_end();
    let mut tail: Vec<String> = Vec::new();
    while tail.len() < 3 {
        let Some(body) = rest.strip_suffix("</p>") else {
            break;
        };
        let Some(open) = body.rfind("<p>") else {
            break;
        };
        let text = &body[open + 3..];
        let after_date = tail.first().is_some_and(|t| is_cn_date(t));
        let closing = !text.contains('<')
            && (is_cn_date(text)
                || (text.starts_with("附件") && tail.iter().all(|t| !t.starts_with("附件")))
                || (after_date && text.chars().count() <= 30 && !text.contains('。')));
        if !closing {
            break;
        }
        tail.insert(0, text.trim().to_string());
        rest = body[..open].trim_end();
    }
    (rest, tail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_lines_come_off_the_body() {
        let html = "<p>正文。</p>\n<p>附件：推荐表</p>\n<p>綦江区双拥工作领导小组</p>\n<p>2026年4月8日</p>\n";
        let (body, tail) = split_closing(html);
        assert_eq!(body, "<p>正文。</p>");
        assert_eq!(
            tail,
            ["附件：推荐表", "綦江区双拥工作领导小组", "2026年4月8日"]
        );
        // An ordinary last paragraph stays.
        let (body, tail) = split_closing("<p>正文。</p>\n<p>特此通知。</p>");
        assert_eq!(body, "<p>正文。</p>\n<p>特此通知。</p>");
        assert!(tail.is_empty());
    }
}

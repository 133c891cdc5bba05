//! Raw HTML in Markdown is allowed, but `<script>`, event-handler attributes and `javascript:`
//! URLs are removed unless `config.yaml` says `unsafe_html: true` (SPEC §9).

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

static SCRIPT_BLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)<script\b[^>]*>.*?</script\s*>|<script\b[^>]*>|</script\s*>")
        .expect("valid regex")
});
static HANDLER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\s+on[a-z]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)"#).expect("valid regex")
});
static SCRIPT_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)((?:href|src|action|formaction|xlink:href)\s*=\s*["']?)\s*(?:javascript|vbscript|data:text/html)[^"'\s>]*"#)
        .expect("valid regex")
});

/// True for `javascript:` and similar URLs (ignoring case, spaces and control characters).
pub fn is_script_url(url: &str) -> bool {
    let s: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    s.starts_with("javascript:") || s.starts_with("vbscript:") || s.starts_with("data:text/html")
}

/// Removes scripts, event handlers and script URLs from a raw HTML fragment.
pub fn clean(html: &str) -> Cow<'_, str> {
    let lower_has = |needle: &str| {
        html.as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
    };
    if !lower_has("script") && !lower_has("on") {
        return Cow::Borrowed(html);
    }
    let a = SCRIPT_BLOCK.replace_all(html, "");
    let b = HANDLER.replace_all(&a, "");
    let c = SCRIPT_URL.replace_all(&b, "${1}#");
    if c == html {
        Cow::Borrowed(html)
    } else {
        Cow::Owned(c.into_owned())
    }
}

/// Escapes text for an HTML attribute value.
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for XML and HTML element content.
pub fn escape_text(s: &str) -> String {
    escape_attr(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans() {
        assert_eq!(clean("<p>双拥</p>"), "<p>双拥</p>");
        assert_eq!(clean("<img src=x onerror=alert(1)>"), "<img src=x>");
        assert_eq!(
            clean("<a href=\"JavaScript:alert(1)\">x</a>"),
            "<a href=\"#\">x</a>"
        );
        assert_eq!(clean("a<SCRIPT src=x></SCRIPT>b"), "ab");
        assert_eq!(clean("<div onmouseover='x'>"), "<div>");
        assert!(is_script_url(" java\tscript:alert(1)"));
        assert!(!is_script_url("https://example.com"));
    }
}

//! Code highlighting with syntect, as CSS classes (no inline colours). The syntax set is loaded
//! on first use only, so sites without code blocks never pay for it.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use comrak::adapters::SyntaxHighlighterAdapter;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();

/// Class prefix of highlighted tokens (`hl-keyword` …); the theme styles them.
pub const CLASS_PREFIX: &str = "hl-";

fn syntaxes() -> &'static SyntaxSet {
    SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// comrak adapter that highlights fenced code with syntect classes.
pub struct Highlighter;

fn escape(s: &str) -> String {
    crate::markdown::sanitize::escape_text(s)
}

impl SyntaxHighlighterAdapter for Highlighter {
    fn write_highlighted(
        &self,
        out: &mut dyn fmt::Write,
        lang: Option<&str>,
        code: &str,
    ) -> fmt::Result {
        let set = syntaxes();
        let syntax = lang.and_then(|l| set.find_syntax_by_token(l));
        let Some(syntax) = syntax else {
            return out.write_str(&escape(code));
        };
        let mut generator = ClassedHTMLGenerator::new_with_class_style(
            syntax,
            set,
            ClassStyle::SpacedPrefixed {
                prefix: CLASS_PREFIX,
            },
        );
        for line in LinesWithEndings::from(code) {
            if generator
                .parse_html_for_line_which_includes_newline(line)
                .is_err()
            {
                return out.write_str(&escape(code));
            }
        }
        out.write_str(&generator.finalize())
    }

    fn write_pre_tag(
        &self,
        out: &mut dyn fmt::Write,
        attrs: HashMap<&'static str, Cow<'_, str>>,
    ) -> fmt::Result {
        write_tag(out, "pre", &attrs, Some("highlight"))
    }

    fn write_code_tag(
        &self,
        out: &mut dyn fmt::Write,
        attrs: HashMap<&'static str, Cow<'_, str>>,
    ) -> fmt::Result {
        write_tag(out, "code", &attrs, None)
    }
}

fn write_tag(
    out: &mut dyn fmt::Write,
    tag: &str,
    attrs: &HashMap<&'static str, Cow<'_, str>>,
    extra_class: Option<&str>,
) -> fmt::Result {
    write!(out, "<{tag}")?;
    let mut keys: Vec<_> = attrs.keys().collect();
    keys.sort();
    let mut wrote_class = false;
    for k in keys {
        let mut v = attrs[k].to_string();
        if *k == "class" {
            if let Some(c) = extra_class {
                v = format!("{c} {v}");
            }
            wrote_class = true;
        }
        write!(out, " {k}=\"{}\"", escape(&v))?;
    }
    if let (false, Some(c)) = (wrote_class, extra_class) {
        write!(out, " class=\"{c}\"")?;
    }
    out.write_str(">")
}

/// Styles for the highlight classes (written to `assets/highlight.css` when a page has code).
pub const CSS: &str = "pre.highlight{background:#f6f6f4;border:1px solid #ddd;padding:1em;overflow:auto;line-height:1.5}\n\
.hl-comment{color:#6a6a6a;font-style:italic}\n.hl-string{color:#0a6a2a}\n.hl-constant,.hl-numeric{color:#8a3b00}\n\
.hl-keyword,.hl-storage{color:#a50d24;font-weight:bold}\n.hl-entity,.hl-name{color:#1d4f91}\n.hl-support{color:#5a2d82}\n\
.hl-variable{color:#222}\n.hl-invalid{color:#fff;background:#a50d24}\n\
html[data-contrast=high] pre.highlight{background:#000;color:#ff0;border-color:#ff0}\n\
html[data-contrast=high] pre.highlight span{color:#ff0}\n";

#[cfg(test)]
mod tests {
    #[test]
    fn highlights_with_classes() {
        let r = crate::markdown::render("```rust\nfn main() {}\n```\n", false, &|_, _| {
            crate::markdown::LinkAction::Keep
        });
        assert!(r.has_code);
        assert!(r.html.contains("hl-"), "{}", r.html);
        assert!(!r.html.contains("style="), "{}", r.html);
    }
}

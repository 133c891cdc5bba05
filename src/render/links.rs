//! Relative links. Every internal link in the output is relative to the page that contains it,
//! so a site works under any sub-path; portable builds also spell out `index.html` for file://.

use std::collections::HashSet;

use crate::markdown::{LinkAction, LinkCheck};
use crate::model::Site;
use crate::model::page::Page;
use crate::problem::Problem;

/// Makes links between site paths (`articles/a/`, `rss.xml`, `` for the home page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Linker {
    /// Spell out `index.html` for folder links.
    pub portable: bool,
}

impl Linker {
    /// The relative prefix from a page at `from` (a folder path like `articles/a/`, or a file
    /// path like `404.html`) back to the site root: `./`, `../`, `../../` …
    pub fn root(&self, from: &str) -> String {
        let depth = from.matches('/').count();
        if depth == 0 {
            "./".to_string()
        } else {
            "../".repeat(depth)
        }
    }

    /// A link from the page at `from` to the site path `to` (may carry `#fragment`).
    pub fn href(&self, from: &str, to: &str) -> String {
        let (path, frag) = match to.find('#') {
            Some(i) => (&to[..i], &to[i..]),
            None => (to, ""),
        };
        let mut out = self.root(from);
        out.push_str(path);
        if self.portable && (path.is_empty() || path.ends_with('/')) {
            out.push_str("index.html");
        }
        if out == "./" && !frag.is_empty() {
            out.clear();
        }
        out.push_str(frag);
        out
    }

    /// The output file for a site path: folders get `index.html`.
    pub fn file_for(path: &str) -> String {
        Linker::into_file(path.to_string())
    }

    /// [`Linker::file_for`], reusing the path's own string.
    pub fn into_file(mut path: String) -> String {
        if path.is_empty() || path.ends_with('/') {
            path.push_str("index.html");
        }
        path
    }
}

/// The path of an absolute URL, ending in `/`: `https://a.gov.cn/shuangyong/` gives
/// `/shuangyong/`, `https://a.gov.cn` gives `/`.
pub fn url_path(url: &str) -> String {
    let after_scheme = url.find("://").map_or(url, |i| &url[i + 3..]);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    let path = path.split(['?', '#']).next().unwrap_or("/");
    format!("{}/", path.trim_end_matches('/'))
}

/// Joins a `/`-path folder and a relative path, resolving `.` and `..`; None if it climbs out.
pub fn join_path(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Decodes `%XX` escapes in a URL path (invalid escapes and non-UTF-8 results are kept as written).
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        // Bytes, not a str slice: a `%` may be followed by a multi-byte character.
        if b[i] == b'%'
            && let (Some(h), Some(l)) = (
                b.get(i + 1).and_then(|&c| (c as char).to_digit(16)),
                b.get(i + 2).and_then(|&c| (c as char).to_digit(16)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// Resolves Markdown link targets of one page: `.md` links to page URLs, site paths to relative
/// links, bundle files to root-relative links (so they also work inside briefings).
pub fn link_resolver<'a>(
    site: &'a Site,
    page: &'a Page,
    linker: Linker,
    static_files: &'a HashSet<String>,
) -> impl Fn(&str, bool) -> LinkAction + 'a {
    move |url: &str, _is_image: bool| {
        let url = url.trim();
        if let Some(frag) = url.strip_prefix('#') {
            if frag.is_empty() {
                return LinkAction::Keep;
            }
            return LinkAction::Check(
                None,
                LinkCheck::Anchor {
                    target: page.source.content_path.clone(),
                    fragment: percent_decode(frag),
                },
            );
        }
        let lower = url.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            return LinkAction::Check(None, LinkCheck::External);
        }
        if url.is_empty() || url.starts_with("//") || has_scheme(url) {
            return LinkAction::Keep;
        }
        let decoded = percent_decode(url);
        let (path, frag) = match decoded.find('#') {
            Some(i) => (decoded[..i].to_string(), decoded[i..].to_string()),
            None => (decoded.clone(), String::new()),
        };
        let path = path.split('?').next().unwrap_or("").to_string();
        if let Some(abs) = path.strip_prefix('/') {
            let abs = abs.strip_prefix("static/").unwrap_or(abs);
            if static_files.contains(abs) {
                return LinkAction::File {
                    root: linker.root(&page.path),
                    site_path: abs.to_string(),
                    fragment: frag,
                };
            }
            let href = linker.href(&page.path, &format!("{abs}{frag}"));
            // Checked once all output exists.
            return LinkAction::Check(Some(href), LinkCheck::SitePath(abs.to_string()));
        }
        let dir = match page.source.content_path.rsplit_once('/') {
            Some((d, _)) => d.to_string(),
            None => String::new(),
        };
        let Some(target) = join_path(&dir, &path) else {
            return LinkAction::Broken(Problem::BrokenLink {
                target: url.to_string(),
            });
        };
        let lower = target.to_ascii_lowercase();
        if lower.ends_with(".md") || lower.ends_with(".markdown") {
            let found = site.by_content_path.get(&target).or_else(|| {
                site.by_content_path
                    .get(&format!("{}/index.md", target.trim_end_matches(".md")))
            });
            return match found {
                None => LinkAction::Broken(Problem::BrokenLink {
                    target: url.to_string(),
                }),
                Some(&j) if !site.pages[j].published && page.published => {
                    LinkAction::Broken(Problem::LinkToUnpublished {
                        target: url.to_string(),
                    })
                }
                Some(&j) => {
                    let href = linker.href(&page.path, &format!("{}{}", site.pages[j].path, frag));
                    match frag.strip_prefix('#').filter(|f| !f.is_empty()) {
                        Some(f) => LinkAction::Check(
                            Some(href),
                            LinkCheck::Anchor {
                                target: site.pages[j].source.content_path.clone(),
                                fragment: f.to_string(),
                            },
                        ),
                        None => LinkAction::Rewrite(href),
                    }
                }
            };
        }
        // A file of this page's bundle.
        if let Some(b) = &page.source.bundle {
            let bundle_dir = page
                .source
                .content_path
                .rsplit_once('/')
                .map_or("", |(d, _)| d);
            if let Some(rel) = target
                .strip_prefix(bundle_dir)
                .map(|r| r.trim_start_matches('/'))
                && b.assets.iter().any(|a| a == rel)
            {
                return LinkAction::File {
                    root: linker.root(&page.path),
                    site_path: format!("{}{rel}", page.path),
                    fragment: frag,
                };
            }
        }
        // A folder link to another page (`../profiles/zhang/`).
        if let Some(&j) = site
            .by_content_path
            .get(&format!("{}/index.md", target.trim_end_matches('/')))
        {
            return LinkAction::Rewrite(
                linker.href(&page.path, &format!("{}{}", site.pages[j].path, frag)),
            );
        }
        LinkAction::Broken(Problem::MissingFile {
            target: url.to_string(),
        })
    }
}

fn has_scheme(url: &str) -> bool {
    match url.find(':') {
        Some(i) => {
            url[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && i > 0
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_survives_chinese_after_a_percent() {
        assert_eq!(percent_decode("同比增长20%以上"), "同比增长20%以上");
        assert_eq!(percent_decode("%a中"), "%a中");
        assert_eq!(percent_decode("%E6%96%87.pdf"), "文.pdf");
        assert_eq!(percent_decode("50%"), "50%");
    }

    #[test]
    fn url_paths() {
        assert_eq!(url_path("https://a.gov.cn/shuangyong/"), "/shuangyong/");
        assert_eq!(url_path("https://a.gov.cn/a/b"), "/a/b/");
        assert_eq!(url_path("https://a.gov.cn"), "/");
        assert_eq!(url_path("http://127.0.0.1:8080/"), "/");
        assert_eq!(url_path("https://a.gov.cn/x/?q=1"), "/x/");
    }

    #[test]
    fn relative_links() {
        let l = Linker { portable: false };
        assert_eq!(l.href("articles/a/", "profiles/b/"), "../../profiles/b/");
        assert_eq!(l.href("", "articles/"), "./articles/");
        assert_eq!(l.href("", ""), "./");
        assert_eq!(l.href("404.html", "rss.xml"), "./rss.xml");
        assert_eq!(
            l.href("articles/page/2/", "articles/a/#一、总体要求"),
            "../../../articles/a/#一、总体要求"
        );
        let p = Linker { portable: true };
        assert_eq!(p.href("articles/a/", ""), "../../index.html");
        assert_eq!(p.href("articles/a/", "tags/x/"), "../../tags/x/index.html");
        assert_eq!(
            p.href("articles/a/", "assets/style.css"),
            "../../assets/style.css"
        );
        assert_eq!(Linker::file_for("articles/a/"), "articles/a/index.html");
        assert_eq!(Linker::file_for(""), "index.html");
        assert_eq!(percent_decode("%E5%8F%8C.md"), "双.md");
        assert_eq!(percent_decode("100%"), "100%");
    }
}

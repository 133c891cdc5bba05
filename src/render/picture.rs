//! How a processed picture appears in HTML: a `<picture>` with a WebP `<source>` and a JPEG
//! `<img>` carrying `srcset`, `sizes`, `width` and `height` (the browser reserves the space
//! before the picture arrives), `loading="lazy"` below the fold and `decoding="async"`.
//! Templates get the same facts as an [`Img`] view; Markdown images are rewritten here from
//! the placeholders the Markdown renderer leaves.

use crate::images::{Crop, ImageSet};
use crate::markdown::sanitize::{escape_attr, escape_text};
use crate::markdown::{self, Rendered};
use crate::render::views::Img;

/// Where a picture is shown: the `sizes` hint (how wide it is drawn, from the theme's CSS) and
/// whether it may load lazily (below the fold).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    /// The `sizes` attribute.
    pub sizes: &'static str,
    /// Load lazily.
    pub lazy: bool,
}

impl Usage {
    /// An image in the text of a page (the text column is at most about 50 rem).
    pub const BODY: Usage = Usage {
        sizes: "(max-width: 760px) 100vw, 800px",
        lazy: true,
    };
    /// The thumbnail of an article card.
    pub const CARD: Usage = Usage {
        sizes: "(max-width: 480px) 100vw, (max-width: 760px) 34vw, 240px",
        lazy: true,
    };
    /// The featured article on the home page (above the fold).
    pub const FEATURED: Usage = Usage {
        sizes: "(max-width: 760px) 100vw, 640px",
        lazy: false,
    };
    /// A portrait on a profile card or the 光荣榜.
    pub const PORTRAIT_CARD: Usage = Usage {
        sizes: "(max-width: 480px) 50vw, 240px",
        lazy: true,
    };
    /// The portrait at the top of a profile page (above the fold).
    pub const PORTRAIT: Usage = Usage {
        sizes: "(max-width: 760px) 14rem, 320px",
        lazy: false,
    };
}

/// A URL safe inside `srcset` (which splits on spaces and commas).
fn srcset_url(u: &str) -> String {
    u.replace(' ', "%20").replace(',', "%2C")
}

/// The view of an image for templates. `href` turns a site path into a link from the page
/// being rendered. An image that was not processed (SVG, GIF, or one that failed) keeps its
/// own file, with its size when known.
pub fn view(
    set: &ImageSet,
    site_path: &str,
    crop: Crop,
    alt: &str,
    usage: Usage,
    href: &dyn Fn(&str) -> String,
) -> Img {
    let Some(p) = set.picture(site_path, crop) else {
        let size = set.size(site_path);
        return Img {
            src: href(site_path),
            alt: alt.to_string(),
            srcset: None,
            webp_srcset: None,
            sizes: None,
            width: size.map(|s| s.0),
            height: size.map(|s| s.1),
            lazy: usage.lazy,
        };
    };
    let list = |f: &dyn Fn(&crate::images::Rendition) -> Option<&String>| -> Option<String> {
        let parts: Option<Vec<String>> = p
            .renditions
            .iter()
            .map(|r| f(r).map(|path| format!("{} {}w", srcset_url(&href(path)), r.width)))
            .collect();
        parts.filter(|v| !v.is_empty()).map(|v| v.join(", "))
    };
    Img {
        src: p
            .largest()
            .map_or_else(|| href(site_path), |r| href(&r.jpeg)),
        alt: alt.to_string(),
        srcset: list(&|r| Some(&r.jpeg)),
        webp_srcset: list(&|r| r.webp.as_ref()),
        sizes: Some(usage.sizes.to_string()),
        width: Some(p.width),
        height: Some(p.height),
        lazy: usage.lazy,
    }
}

/// The HTML of an image view: `<picture>` when there are renditions, else a plain `<img>`.
pub fn html(img: &Img, title: Option<&str>) -> String {
    let mut s = String::with_capacity(512);
    let has_sources = img.srcset.is_some();
    if has_sources {
        s.push_str("<picture>");
        if let (Some(w), Some(sizes)) = (&img.webp_srcset, &img.sizes) {
            s.push_str(&format!(
                "<source type=\"image/webp\" srcset=\"{}\" sizes=\"{}\">",
                escape_attr(w),
                escape_attr(sizes)
            ));
        }
    }
    s.push_str(&format!("<img src=\"{}\"", escape_attr(&img.src)));
    if let (Some(set), Some(sizes)) = (&img.srcset, &img.sizes) {
        s.push_str(&format!(
            " srcset=\"{}\" sizes=\"{}\"",
            escape_attr(set),
            escape_attr(sizes)
        ));
    }
    if let (Some(w), Some(h)) = (img.width, img.height) {
        s.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
    }
    s.push_str(&format!(" alt=\"{}\"", escape_attr(&img.alt)));
    if let Some(t) = title.filter(|t| !t.trim().is_empty()) {
        s.push_str(&format!(" title=\"{}\"", escape_attr(t)));
    }
    if img.lazy {
        s.push_str(" loading=\"lazy\"");
    }
    s.push_str(" decoding=\"async\">");
    if has_sources {
        s.push_str("</picture>");
    }
    s
}

/// Replaces the image placeholders of the rendered Markdown of every page `pages` selects (see
/// [`expand`]).
pub fn expand_all(
    site: &crate::model::Site,
    rendered: &mut [Option<Rendered>],
    set: &ImageSet,
    pages: &(dyn Fn(&crate::model::page::Page) -> bool + Sync),
) {
    use rayon::prelude::*;
    rendered
        .par_iter_mut()
        .zip(site.pages.par_iter())
        .filter(|(_, p)| pages(p))
        .for_each(|(r, _)| {
            if let Some(r) = r {
                expand(r, set);
            }
        });
}

/// Replaces the image placeholders of a rendered Markdown body with their final markup: a
/// `<picture>`, inside `<figure>` with the title as `<figcaption>` for a titled image that
/// stands alone in its paragraph.
pub fn expand(r: &mut Rendered, set: &ImageSet) {
    if r.files.iter().all(|f| f.embed.is_none()) {
        return;
    }
    let mut out = String::with_capacity(r.html.len() + 1024);
    let mut rest = r.html.as_str();
    while let Some(i) = rest.find(markdown::PLACEHOLDER_START) {
        out.push_str(&rest[..i]);
        let after = &rest[i + markdown::PLACEHOLDER_START.len()..];
        let Some(end) = after.find(markdown::PLACEHOLDER_END) else {
            out.push_str(&rest[i..]);
            rest = "";
            break;
        };
        let use_ = after[..end]
            .parse::<usize>()
            .ok()
            .and_then(|k| r.files.get(k));
        rest = &after[end + markdown::PLACEHOLDER_END.len()..];
        let Some((f, e)) = use_.and_then(|f| f.embed.as_ref().map(|e| (f, e))) else {
            continue;
        };
        let href = |path: &str| format!("{}{}", f.root, path);
        let img = view(
            set,
            &f.site_path,
            Crop::Original,
            &e.alt,
            Usage::BODY,
            &href,
        );
        if e.figure {
            out.push_str("<figure>");
            out.push_str(&html(&img, None));
            out.push_str(&format!(
                "<figcaption>{}</figcaption></figure>",
                escape_text(&e.title)
            ));
        } else {
            out.push_str(&html(&img, Some(&e.title)));
        }
    }
    out.push_str(rest);
    r.html = out;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::{Picture, Rendition};
    use crate::markdown::{LinkAction, render};

    fn rendered(md: &str) -> Rendered {
        render(md, false, &|url, _| LinkAction::File {
            root: "../../".into(),
            site_path: format!("articles/a/{url}"),
            fragment: String::new(),
        })
    }

    fn set() -> ImageSet {
        let mut set = ImageSet::default();
        let r = |w: u32, h: u32| Rendition {
            width: w,
            height: h,
            jpeg: format!("articles/a/p-{w}w.jpg"),
            webp: Some(format!("articles/a/p-{w}w.webp")),
        };
        set.pictures.insert(
            ("articles/a/p.jpg".into(), Crop::Original),
            Picture {
                width: 960,
                height: 720,
                renditions: vec![r(480, 360), r(960, 720)],
            },
        );
        set.sizes.insert("articles/a/d.svg".into(), (40, 20));
        set
    }

    #[test]
    fn titled_images_alone_become_figures() {
        let mut r =
            rendered("![合影](p.jpg \"座谈会现场\")\n\n文中![图](p.jpg \"提示\")和![](d.svg)。\n");
        assert_eq!(r.files.len(), 3);
        assert!(r.files.iter().all(|f| f.embed.is_some()));
        assert!(r.files[0].embed.as_ref().is_some_and(|e| e.figure));
        assert!(!r.files[1].embed.as_ref().is_some_and(|e| e.figure));
        // The alt text stays in the plain text (search, summaries).
        assert!(r.plain.contains("合影"), "{}", r.plain);
        expand(&mut r, &set());
        let h = &r.html;
        assert!(
            !h.contains("<p><figure>") && !h.contains(markdown::PLACEHOLDER_START),
            "{h}"
        );
        assert!(h.starts_with("<figure><picture><source type=\"image/webp\" srcset=\"../../articles/a/p-480w.webp 480w, ../../articles/a/p-960w.webp 960w\""), "{h}");
        assert!(h.contains("<img src=\"../../articles/a/p-960w.jpg\" srcset=\"../../articles/a/p-480w.jpg 480w, ../../articles/a/p-960w.jpg 960w\" sizes=\"(max-width: 760px) 100vw, 800px\" width=\"960\" height=\"720\" alt=\"合影\" loading=\"lazy\" decoding=\"async\"></picture><figcaption>座谈会现场</figcaption></figure>"), "{h}");
        assert!(h.contains("<p>文中<picture>"), "{h}");
        assert!(h.contains("alt=\"图\" title=\"提示\""), "{h}");
        assert!(
            h.contains("<img src=\"../../articles/a/d.svg\" width=\"40\" height=\"20\" alt=\"\""),
            "{h}"
        );
    }

    #[test]
    fn links_to_files_are_recorded_not_embedded() {
        let r = rendered("[原图](p.jpg#x)\n");
        assert_eq!(r.files.len(), 1);
        assert!(r.files[0].embed.is_none());
        assert!(
            r.html.contains("href=\"../../articles/a/p.jpg#x\""),
            "{}",
            r.html
        );
    }
}

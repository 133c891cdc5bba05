//! The 公众号 channel: each chosen page as a folder ready for a WeChat official account
//! (`tongxin wechat`, and live in `serve` under `/__wechat/`).
//!
//! `<section>-<slug>/` (e.g. `articles-2026-bayi/`) holds:
//! - `article.html`: the fragment to paste ([`fragment`]): inline styles only, allow-listed tags
//!   and CSS, 来源/作者 at the top, 参考链接 and the 编辑/审核 line at the end;
//! - `images/01.jpg …`: the body images in order ([`images`]), ≤ 1080 px, < 1 MB, no metadata;
//! - `cover-2.35x1.jpg`, `cover-1x1.jpg`: centre crops of the cover (else the profile photo,
//!   else the first body image);
//! - `digest.txt`: the summary (else the first paragraph) cut to WeChat's length;
//! - `manifest.json` ([`Manifest`]): what the upload step (`tongxin wechat --upload`) reads;
//! - `index.html`: the phone-width preview with the copy button ([`preview`]).
//!
//! Only published pages are exported (the command refuses drafts and internal pages by name);
//! their text passed the privacy gate with the rest of the site. WeChat's numbers are in
//! [`limits`].

pub mod fragment;
pub mod images;
pub mod limits;
pub mod preview;

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::channels::Channel;
use crate::diagnostic::{Diagnostic, Location};
use crate::images::{Crop, Focus, Settings, is_image_file};
use crate::markdown::PLACEHOLDER_START;
use crate::model::page::{Kind, Page};
use crate::problem::{Problem, WechatProblem};
use crate::render::RenderInput;
use crate::render::links::Linker;
use crate::write::{Collector, Output};

use fragment::{Context, Img, el, meta_line};

/// The kinds of page that have a 公众号 form.
pub const KINDS: [Kind; 3] = [Kind::Article, Kind::Profile, Kind::Briefing];

/// The export of the pages at these indices of the site.
pub struct Wechat {
    /// Page indices.
    pub pages: Vec<usize>,
}

/// `manifest.json`: the contract with the upload step. Paths are relative to the page's folder.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Manifest {
    /// The title.
    pub title: String,
    /// The author ("" when unset).
    pub author: String,
    /// The digest (as in `digest.txt`).
    pub digest: String,
    /// The page's URL on the site ("" without `base_url`).
    pub content_source_url: String,
    /// `cover-2.35x1.jpg`, or None when the page has no image at all.
    pub cover: Option<String>,
    /// Every body image in order.
    pub images: Vec<ManifestImage>,
}

/// One body image of the manifest.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ManifestImage {
    /// `images/01.jpg`.
    pub file: String,
    /// The exact `src` it has in `article.html` (the upload step replaces it).
    pub src: String,
}

/// The folder of a page's export: `<section>-<slug>`.
pub fn folder(p: &Page) -> String {
    format!("{}-{}", p.kind.section(), p.slug)
}

/// True when a page may be exported.
pub fn exportable(p: &Page) -> bool {
    p.published && KINDS.contains(&p.kind)
}

/// The placeholder comment text of a page's profile photo (the body's images use
/// [`PLACEHOLDER_START`] with their index).
const PHOTO_KEY: &str = "tongxin-photo";

impl Channel for Wechat {
    fn name(&self) -> &'static str {
        "wechat"
    }

    fn render(&self, input: &RenderInput, out: &Output) -> Vec<Diagnostic> {
        let sink = Collector::default();
        let results: Vec<Vec<Diagnostic>> = self
            .pages
            .par_iter()
            .filter_map(|&i| input.site.pages.get(i))
            .filter(|p| exportable(p))
            .map(|p| {
                let (files, diags) = export(input, p);
                let dir = folder(p);
                for (name, bytes) in files {
                    out.write(&format!("{dir}/{name}"), &bytes, &sink);
                }
                diags
            })
            .collect();
        let mut diags: Vec<Diagnostic> = results.into_iter().flatten().collect();
        diags.extend(sink.into_inner());
        diags
    }
}

/// One image the export takes.
struct Use {
    key: String,
    site_path: String,
    crop: Crop,
    alt: String,
    caption: Option<String>,
    place: Location,
}

/// The files of one page's export (paths inside its folder) and its problems.
pub fn export(input: &RenderInput, p: &Page) -> (Vec<(String, Vec<u8>)>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let Some(rendered) = input.rendered_for(p) else {
        return (files, diags);
    };
    let site = input.site;
    let base_url = site.config.base_url();
    let front = |span: &std::ops::Range<usize>| {
        if span.is_empty() {
            Location::file_only(p.file())
        } else {
            Location::from_offsets(p.file(), &p.source.text, span.clone())
        }
    };

    // The images, in the order the article shows them.
    let settings = Settings::from_config(&site.config.images);
    let mut uses: Vec<Use> = Vec::new();
    let mut prefix = String::new();
    if let Some(pr) = &p.profile {
        if let Some((ph, span)) = &pr.photo
            && let Some(sp) = p.asset_site_path(ph)
        {
            uses.push(Use {
                key: PHOTO_KEY.into(),
                site_path: sp,
                crop: settings.portrait(Focus::parse(pr.photo_focus.as_deref())),
                alt: pr.photo_alt.clone().unwrap_or_else(|| p.meta.title.clone()),
                caption: None,
                place: front(span),
            });
            prefix.push_str(&format!("<!--{PHOTO_KEY}-->"));
        }
        if !pr.honor.trim().is_empty() {
            prefix.push_str(&format!(
                "<p><strong>{}</strong></p>",
                fragment::text(&format!("{}年度“{}”", pr.year, pr.honor.trim()))
            ));
        }
        if let Some(c) = pr.citation.as_deref().filter(|c| !c.trim().is_empty()) {
            prefix.push_str(&format!(
                "<blockquote><p><strong>颁奖词：</strong>{}</p></blockquote>",
                fragment::text(c)
            ));
        }
    }
    let key_start = PLACEHOLDER_START.trim_start_matches("<!--");
    for (i, f) in rendered.files.iter().enumerate() {
        let Some(e) = &f.embed else { continue };
        if !is_image_file(&f.site_path) {
            continue;
        }
        uses.push(Use {
            key: format!("{key_start}{i}"),
            site_path: f.site_path.clone(),
            crop: Crop::Original,
            alt: e.alt.clone(),
            caption: (e.figure && !e.title.trim().is_empty()).then(|| e.title.clone()),
            place: p.location(&f.span),
        });
    }
    let mut shown: HashMap<String, Img> = HashMap::new();
    let mut manifest_images = Vec::new();
    let mut locals: Vec<(String, String)> = Vec::new();
    let mut first_image: Option<(String, Crop)> = None;
    for u in &uses {
        match images::body_image(input.images, &u.site_path, u.crop) {
            Ok(made) => {
                let file = format!("images/{:02}.jpg", manifest_images.len() + 1);
                let src = match (&base_url, &made.published) {
                    (Some(b), Some(published)) => format!("{b}{published}"),
                    _ => file.clone(),
                };
                shown.insert(
                    u.key.clone(),
                    Img {
                        src: src.clone(),
                        alt: u.alt.clone(),
                        caption: u.caption.clone(),
                    },
                );
                locals.push((src.clone(), file.clone()));
                manifest_images.push(ManifestImage {
                    file: file.clone(),
                    src,
                });
                files.push((file, made.bytes));
                first_image.get_or_insert((u.site_path.clone(), u.crop));
            }
            Err(problem) => diags.push(image_diagnostic(problem, u.place.clone())),
        }
    }

    // The body: the page's own, a profile's photo and citation first, a briefing's items after.
    let mut html = prefix;
    html.push_str(&rendered.html);
    if p.kind == Kind::Briefing {
        let items = site.briefing_items(p);
        let linker = Linker { portable: false };
        let lines: String = items
            .iter()
            .filter_map(|&j| site.pages.get(j))
            .filter(|item| item.published)
            .map(|item| {
                format!(
                    "<li><a href=\"{}\">{}</a></li>",
                    fragment::attr(&linker.href(&p.path, &item.path)),
                    fragment::text(&item.meta.title)
                )
            })
            .collect();
        if !lines.is_empty() {
            html.push_str(&format!("<h2>本期内容</h2><ol>{lines}</ol>"));
        }
    }
    let body = fragment::body(
        &html,
        &Context {
            page_path: &p.path,
            base_url: base_url.as_deref(),
            images: &shown,
        },
    );
    for image in &body.left_out {
        // Where the Markdown embeds it, when it does (raw HTML images are not recorded).
        let place = rendered
            .checks
            .iter()
            .find(|c| c.is_image && c.written.trim() == image.trim())
            .map_or_else(|| Location::file_only(p.file()), |c| p.location(&c.span));
        diags.push(Diagnostic::warning(
            Problem::WechatExport(WechatProblem::ImageLeftOut {
                image: image.clone(),
            }),
            place,
        ));
    }
    let mut article = meta_line(&[
        ("来源", p.meta.source.as_deref()),
        ("作者", p.meta.author.as_deref()),
    ]);
    article.push_str(&body.html);
    article.push_str(&fragment::notes_list(&body.notes));
    article.push_str(&meta_line(&[
        ("编辑", p.meta.responsible_editor.as_deref()),
        ("审核", p.meta.reviewer.as_deref()),
    ]));
    let article = el(
        "section",
        "font-size:16px;line-height:1.75;color:#1f1f1f",
        &article,
    );

    // WeChat's limits.
    let chars = article.chars().count();
    if chars >= limits::CONTENT_CHARS {
        diags.push(Diagnostic::error(
            Problem::WechatExport(WechatProblem::ContentTooLong {
                chars,
                max: limits::CONTENT_CHARS,
            }),
            Location::file_only(p.file()),
        ));
    }
    if article.len() >= limits::CONTENT_BYTES {
        diags.push(Diagnostic::error(
            Problem::WechatExport(WechatProblem::ContentTooLarge {
                bytes: article.len(),
                max: limits::CONTENT_BYTES,
            }),
            Location::file_only(p.file()),
        ));
    }
    let title_chars = p.meta.title.chars().count();
    if title_chars > limits::TITLE_CHARS {
        diags.push(Diagnostic::warning(
            Problem::WechatExport(WechatProblem::TitleTooLong {
                chars: title_chars,
                max: limits::TITLE_CHARS,
            }),
            front(&p.meta.title_span),
        ));
    }
    let author = p.meta.author.clone().unwrap_or_default();
    let author_chars = author.chars().count();
    if author_chars > limits::AUTHOR_CHARS {
        diags.push(Diagnostic::warning(
            Problem::WechatExport(WechatProblem::AuthorTooLong {
                chars: author_chars,
                max: limits::AUTHOR_CHARS,
            }),
            front(&p.meta.author_span),
        ));
    }
    let digest_source = match &p.meta.summary {
        Some(s) => s.clone(),
        None => rendered
            .plain
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or_default()
            .to_string(),
    };
    let digest = limits::cut_digest(&digest_source);
    if let Some(s) = &p.meta.summary
        && digest != s.split_whitespace().collect::<Vec<_>>().join(" ")
    {
        diags.push(Diagnostic::warning(
            Problem::WechatExport(WechatProblem::DigestCut {
                chars: s.chars().count(),
                max: limits::DIGEST_CHARS,
            }),
            front(&p.meta.summary_span),
        ));
    }

    // Covers: the cover, else the profile photo, else the first body image.
    let cover_source = p
        .meta
        .cover
        .as_ref()
        .and_then(|(c, _)| p.asset_site_path(c))
        .filter(|sp| input.images.picture(sp, Crop::Original).is_some())
        .map(|sp| (sp, Crop::Original))
        .or(first_image);
    let mut cover = None;
    if let Some((sp, crop)) = cover_source {
        let place = p
            .meta
            .cover
            .as_ref()
            .map_or_else(|| Location::file_only(p.file()), |(_, span)| front(span));
        let made = images::cover(input.images, &sp, crop, limits::COVER_WIDE).and_then(|wide| {
            images::cover(input.images, &sp, crop, limits::COVER_SQUARE).map(|sq| (wide, sq))
        });
        match made {
            Ok((wide, square)) => {
                files.push(("cover-2.35x1.jpg".into(), wide));
                files.push(("cover-1x1.jpg".into(), square));
                cover = Some("cover-2.35x1.jpg".to_string());
            }
            Err(problem) => diags.push(image_diagnostic(problem, place)),
        }
    }

    let manifest = Manifest {
        title: p.meta.title.clone(),
        author: author.clone(),
        digest: digest.clone(),
        content_source_url: base_url
            .as_deref()
            .map_or_else(String::new, |b| format!("{b}{}", p.path)),
        cover,
        images: manifest_images,
    };
    let index = preview::page(&preview::Preview {
        title: &p.meta.title,
        author: p.meta.author.as_deref(),
        account: &site.config.title,
        article: &article,
        images: &locals,
        digest: &digest,
    });
    let json = serde_json::to_string_pretty(&manifest).unwrap_or_default();
    files.push(("article.html".into(), article.into_bytes()));
    files.push(("digest.txt".into(), format!("{digest}\n").into_bytes()));
    files.push(("manifest.json".into(), format!("{json}\n").into_bytes()));
    files.push(("index.html".into(), index.into_bytes()));
    (files, diags)
}

/// An image the export could not take: left out is a warning (the article still reads), a
/// damaged or oversized image an error.
fn image_diagnostic(problem: Problem, place: Location) -> Diagnostic {
    match problem {
        Problem::WechatExport(WechatProblem::ImageLeftOut { .. }) => {
            Diagnostic::warning(problem, place)
        }
        other => Diagnostic::error(other, place),
    }
}

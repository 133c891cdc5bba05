//! Which image files the selected pages publish, and how each is used: embedded by Markdown
//! or as a `cover` (whole picture), as a profile `photo` (portrait crop), linked (published
//! as a stripped copy), or only present in a bundle or `static/` (stripped copy too).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Location};
use crate::images::{Crop, Focus, Job, Selection, Settings, is_image_file};
use crate::markdown::Rendered;
use crate::model::Site;
use crate::problem::Problem;

/// A file being gathered.
struct Gathered {
    source: PathBuf,
    shown: PathBuf,
    crops: BTreeSet<Crop>,
    embedded: bool,
    linked: bool,
    place: Option<Location>,
}

impl Gathered {
    fn new(source: PathBuf, shown: PathBuf) -> Gathered {
        Gathered {
            source,
            shown,
            crops: BTreeSet::new(),
            embedded: false,
            linked: false,
            place: None,
        }
    }
}

/// The image jobs of the selected pages (plus every image under `static/` when
/// `selection.all_static`), and warnings for Markdown images without alt text.
pub fn jobs(
    root: &Path,
    site: &Site,
    rendered: &[Option<Rendered>],
    static_files: &HashSet<String>,
    settings: &Settings,
    selection: &Selection,
) -> (Vec<Job>, Vec<Diagnostic>) {
    let mut files: BTreeMap<String, Gathered> = BTreeMap::new();
    let mut diags = Vec::new();
    let static_file =
        |f: &str| Gathered::new(root.join("static").join(f), Path::new("static").join(f));
    if selection.all_static {
        for f in static_files.iter().filter(|f| is_image_file(f)) {
            files.insert(f.clone(), static_file(f));
        }
    }
    for (i, p) in site.pages.iter().enumerate() {
        if !(selection.pages)(p) {
            continue;
        }
        if let Some(b) = &p.source.bundle {
            let shown_dir = p
                .source
                .rel
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            for a in b.assets.iter().filter(|a| is_image_file(a)) {
                files
                    .entry(format!("{}{a}", p.path))
                    .or_insert_with(|| Gathered::new(b.dir.join(a), shown_dir.join(a)));
            }
        }
        let mut use_file = |site_path: &str, crop: Option<Crop>, place: Location| {
            if !is_image_file(site_path) {
                return;
            }
            if !files.contains_key(site_path) {
                if !static_files.contains(site_path) {
                    // Missing files are reported while loading.
                    return;
                }
                files.insert(site_path.to_string(), static_file(site_path));
            }
            let Some(g) = files.get_mut(site_path) else {
                return;
            };
            match crop {
                Some(c) => {
                    g.crops.insert(c);
                    g.embedded = true;
                }
                None => g.linked = true,
            }
            if g.place.is_none() {
                g.place = Some(place);
            }
        };
        let front = |span: &std::ops::Range<usize>| {
            Location::from_offsets(p.file(), &p.source.text, span.clone())
        };
        if let Some((c, span)) = &p.meta.cover
            && let Some(sp) = p.asset_site_path(c)
        {
            use_file(&sp, Some(Crop::Original), front(span));
        }
        if let Some(pr) = &p.profile
            && let Some((ph, span)) = &pr.photo
            && let Some(sp) = p.asset_site_path(ph)
        {
            let crop = settings.portrait(Focus::parse(pr.photo_focus.as_deref()));
            use_file(&sp, Some(crop), front(span));
        }
        for a in p.document.iter().flat_map(|d| &d.attachments) {
            if let Some(sp) = p.asset_site_path(&a.file) {
                use_file(&sp, None, front(&a.span));
            }
        }
        let Some(r) = rendered.get(i).and_then(Option::as_ref) else {
            continue;
        };
        for f in &r.files {
            let place = p.location(&f.span);
            match &f.embed {
                Some(e) => {
                    if e.alt.trim().is_empty() && is_image_file(&f.site_path) {
                        diags.push(Diagnostic::warning(
                            Problem::MissingAlt {
                                target: f.written.clone(),
                            },
                            place.clone(),
                        ));
                    }
                    use_file(&f.site_path, Some(Crop::Original), place);
                }
                None => use_file(&f.site_path, None, place),
            }
        }
    }
    let jobs = files
        .into_iter()
        .map(|(site_path, g)| Job {
            site_path,
            source: g.source,
            shown: g.shown,
            publish_original: g.linked || !g.embedded,
            crops: g.crops,
            place: g.place,
        })
        .collect();
    (jobs, diags)
}

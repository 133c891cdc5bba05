//! Images: every photo a page uses is published upright, small and without metadata
//! (`docs/rules.md` §2): decoded under limits, turned by its EXIF orientation, cropped when a portrait
//! is wanted, resized to the configured widths (never upscaled) and encoded as JPEG and WebP
//! with no EXIF, GPS, thumbnail, XMP, IPTC or comment (the ICC colour profile is kept).
//! Images published as they are (in `static/` or a bundle, but embedded by no page) lose their
//! metadata losslessly ([`strip`]); SVG is published only without scripts or external
//! references ([`svg`]). The originals are never published.
//!
//! The work goes through a cache ([`cache`]) keyed by content and settings, so an unchanged
//! rebuild decodes nothing. [`prepare`] is the one entry point: it takes a set of pages (the
//! whole site for `build`, a few for a preview), finds the images they use ([`collect`]),
//! processes what is not cached in parallel, and returns an [`ImageSet`] that says what to
//! publish and how each picture is marked up ([`markup`]).

pub mod cache;
pub mod collect;
pub mod process;
pub mod strip;
pub mod svg;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::config::ImagesConfig;
use crate::diagnostic::{Diagnostic, Location};
use crate::markdown::Rendered;
use crate::model::Site;
use crate::model::page::Page;
use crate::problem::Problem;
use crate::write::{FailSink, Output};

pub use crate::problem::ImageFailure as Failure;
use cache::{Cache, Meta, StoredRendition};
use process::{Format, Recipe};

/// Bumped when the processing changes, so cached copies made the old way are redone.
const PIPELINE_VERSION: u32 = 2;

/// Which part of a portrait photo the crop keeps when the photo is taller than the crop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Focus {
    /// The top (faces are usually in the upper part of a portrait; the default).
    Top,
    /// The middle.
    Center,
}

impl Focus {
    /// Reads `photo_focus` (`top`/`center`, 顶部/居中); anything else is the default, top.
    pub fn parse(s: Option<&str>) -> Focus {
        match s.map(str::trim) {
            Some("center" | "居中") => Focus::Center,
            _ => Focus::Top,
        }
    }
}

/// How an image is framed before resizing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Crop {
    /// The whole (upright) image.
    Original,
    /// A `ratio_w:ratio_h` portrait cut out of it.
    Portrait {
        /// Width part of the ratio.
        ratio_w: u32,
        /// Height part of the ratio.
        ratio_h: u32,
        /// What to keep of a tall image.
        focus: Focus,
    },
}

impl Crop {
    /// The part of published file names that tells crops apart (`""`, `-3x4`, `-3x4c`).
    fn file_tag(self) -> String {
        match self {
            Crop::Original => String::new(),
            Crop::Portrait {
                ratio_w,
                ratio_h,
                focus,
            } => {
                let f = if focus == Focus::Center { "c" } else { "" };
                format!("-{ratio_w}x{ratio_h}{f}")
            }
        }
    }
}

/// The `images:` settings, as the processing needs them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Widths to publish (see [`process::plan_widths`]).
    pub widths: Vec<u32>,
    /// JPEG and WebP quality.
    pub quality: u8,
    /// Publish WebP copies too.
    pub webp: bool,
    /// Portrait ratio (width, height).
    pub portrait: (u32, u32),
}

impl Settings {
    /// From config.yaml.
    pub fn from_config(c: &ImagesConfig) -> Settings {
        Settings {
            widths: c.widths.0.clone(),
            quality: c.quality.0,
            webp: c.webp,
            portrait: (c.portrait.width, c.portrait.height),
        }
    }

    /// The portrait crop with a focus.
    pub fn portrait(&self, focus: Focus) -> Crop {
        Crop::Portrait {
            ratio_w: self.portrait.0,
            ratio_h: self.portrait.1,
            focus,
        }
    }

    /// The cache variant of a crop with these settings.
    fn variant(&self, crop: Crop) -> String {
        let widths: Vec<String> = self.widths.iter().map(u32::to_string).collect();
        let frame = match crop {
            Crop::Original => "o".to_string(),
            Crop::Portrait {
                ratio_w,
                ratio_h,
                focus,
            } => format!(
                "p{ratio_w}x{ratio_h}{}",
                if focus == Focus::Center { "c" } else { "t" }
            ),
        };
        format!(
            "{frame}-q{}-w{}{}-v{PIPELINE_VERSION}",
            self.quality,
            widths.join("."),
            if self.webp { "-webp" } else { "" }
        )
    }

    /// The cache variant of a stripped copy.
    fn strip_variant(&self) -> String {
        format!("strip-q{}-v{PIPELINE_VERSION}", self.quality)
    }
}

/// What kind of image a file name says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// JPEG, PNG, WebP: processed.
    Raster,
    /// GIF: published as it is (it may be animated), stripped.
    Gif,
    /// SVG: published as it is when safe.
    Svg,
    /// A photo format browsers or tongxin cannot handle (HEIC, AVIF, TIFF, BMP).
    Unsupported,
}

/// The image kind of a file name by its extension; None for files that are not images.
pub fn kind_of(name: &str) -> Option<Kind> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "jpg" | "jpeg" | "jpe" | "jfif" | "png" | "webp" => Kind::Raster,
        "gif" => Kind::Gif,
        "svg" => Kind::Svg,
        "heic" | "heif" | "avif" | "tif" | "tiff" | "bmp" => Kind::Unsupported,
        _ => return None,
    })
}

/// True for files the image step publishes (every other file is copied as it is).
pub fn is_image_file(name: &str) -> bool {
    kind_of(name).is_some()
}

/// One image file to publish.
#[derive(Debug, Clone)]
pub struct Job {
    /// Where the original sits in the site (`articles/x/photo1.jpg`, `logo.png` for static).
    pub site_path: String,
    /// The file.
    pub source: PathBuf,
    /// The file as shown in messages (relative to the site).
    pub shown: PathBuf,
    /// The framings pages embed it with (empty: embedded by no page).
    pub crops: BTreeSet<Crop>,
    /// Publish a stripped copy at `site_path` too (linked, or embedded by no page).
    pub publish_original: bool,
    /// Where a page first uses it, for messages.
    pub place: Option<Location>,
}

/// One published size of a picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendition {
    /// Pixels.
    pub width: u32,
    /// Pixels.
    pub height: u32,
    /// Site path of the JPEG.
    pub jpeg: String,
    /// Site path of the WebP, when made.
    pub webp: Option<String>,
}

/// A processed picture: its upright (cropped) size and published sizes, smallest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    /// Pixels of the largest rendition.
    pub width: u32,
    /// Pixels of the largest rendition.
    pub height: u32,
    /// Smallest first; never empty.
    pub renditions: Vec<Rendition>,
}

impl Picture {
    /// The largest rendition.
    pub fn largest(&self) -> Option<&Rendition> {
        self.renditions.last()
    }
}

/// What the image step decided: the pictures pages show, the sizes of images shown as they
/// are, and every file to publish.
#[derive(Debug, Default)]
pub struct ImageSet {
    pub(crate) pictures: HashMap<(String, Crop), Picture>,
    pub(crate) sizes: HashMap<String, (u32, u32)>,
    copies: Vec<(PathBuf, String)>,
}

impl ImageSet {
    /// The picture made of `site_path` with `crop`, if it was processed.
    pub fn picture(&self, site_path: &str, crop: Crop) -> Option<&Picture> {
        self.pictures.get(&(site_path.to_string(), crop))
    }

    /// The size of an image published as it is (SVG, GIF, or a stripped original).
    pub fn size(&self, site_path: &str) -> Option<(u32, u32)> {
        self.sizes.get(site_path).copied()
    }

    /// The file that will be published at `site_path` (a processed rendition in the cache, or
    /// a stripped original), for channels that re-use the processed bytes (the 公众号 export).
    pub fn file(&self, site_path: &str) -> Option<&Path> {
        self.copies
            .iter()
            .find(|(_, to)| to == site_path)
            .map(|(from, _)| from.as_path())
    }

    /// Copies every file into the output (unchanged files cost a `stat`, see
    /// [`crate::write::Staging::copy`]).
    pub fn write(&self, out: &Output, sink: &dyn FailSink) {
        self.copies
            .par_iter()
            .for_each(|(from, to)| out.copy(from, to, sink));
    }
}

/// What the image step did, for reports and tests.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ImageStats {
    /// Image files handled.
    pub files: usize,
    /// Files read to hash (new or changed since the last build).
    pub read: usize,
    /// Images decoded (0 on an unchanged rebuild).
    pub decoded: usize,
    /// Processed copies taken from the cache.
    pub cached: usize,
    /// Processed copies made (and cached).
    pub made: usize,
    /// Cache entries removed as unused.
    pub pruned: usize,
}

/// What [`prepare`] and [`process()`] make (their errors and warnings travel beside it).
#[derive(Debug, Default)]
pub struct Prepared {
    /// What to publish and how to show it.
    pub set: ImageSet,
    /// Counts.
    pub stats: ImageStats,
}

/// Which pages the image step works for.
pub struct Selection<'a> {
    /// The pages whose images to publish.
    pub pages: &'a (dyn Fn(&Page) -> bool + Sync),
    /// Also every image under `static/` (a full build), not only those the pages use.
    pub all_static: bool,
    /// Remove cache entries this run did not use (only right for a run over the whole site).
    pub prune: bool,
    /// Show a progress bar when there is much to do.
    pub progress: bool,
}

/// The image step: finds the images the selected pages use and processes them through the
/// cache, with errors (bad images) and warnings (missing alt text). (The pages' Markdown images
/// become `<picture>` markup afterwards, in [`crate::render::picture::expand_all`].)
pub fn prepare(
    root: &Path,
    site: &Site,
    rendered: &[Option<Rendered>],
    static_files: &HashSet<String>,
    selection: &Selection,
) -> (Prepared, Vec<Diagnostic>) {
    let settings = Settings::from_config(&site.config.images);
    let (jobs, mut diags) = collect::jobs(root, site, rendered, static_files, &settings, selection);
    let cache = Cache::open(root, !jobs.is_empty());
    let (mut prepared, errors) = process(&cache, &settings, jobs, selection.progress);
    diags.extend(errors);
    if let Err(e) = cache.save_index() {
        diags.push(Diagnostic::io(cache.dir(), &e));
    }
    if selection.prune && !diags.iter().any(Diagnostic::is_error) {
        match cache.prune() {
            Ok(n) => prepared.stats.pruned = n,
            Err(e) => diags.push(Diagnostic::io(cache.dir(), &e)),
        }
    }
    (prepared, diags)
}

/// What one job produced.
#[derive(Default)]
struct Outcome {
    pictures: Vec<(Crop, Picture)>,
    size: Option<(u32, u32)>,
    copies: Vec<(PathBuf, String)>,
    stats: ImageStats,
}

/// Why one job failed.
enum JobError {
    Image(Failure),
    Svg(svg::Hazard),
    Io(PathBuf, std::io::Error),
}

impl From<Failure> for JobError {
    fn from(f: Failure) -> JobError {
        JobError::Image(f)
    }
}

/// Processes jobs through the cache; returns the set and counts, and the errors.
pub fn process(
    cache: &Cache,
    settings: &Settings,
    jobs: Vec<Job>,
    progress: bool,
) -> (Prepared, Vec<Diagnostic>) {
    let names = file_bases(&jobs);
    // First the cheap part: hash (from the index when unchanged) and look up every job; what
    // is missing is done after, behind a progress bar when there is much of it.
    let looked: Vec<(usize, Result<Option<Outcome>, JobError>)> = jobs
        .par_iter()
        .enumerate()
        .map(|(i, job)| {
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                from_cache(cache, settings, job, &names[i])
            }))
            .unwrap_or(Err(JobError::Image(Failure::Crashed)));
            (i, r)
        })
        .collect();
    let todo: Vec<usize> = looked
        .iter()
        .filter(|(_, r)| matches!(r, Ok(None)))
        .map(|(i, _)| *i)
        .collect();
    let bar = if progress && todo.len() >= 8 {
        let b = ProgressBar::new(todo.len() as u64);
        if let Ok(style) = ProgressStyle::with_template("图片 [{bar:30}] {pos}/{len} {wide_msg}")
        {
            b.set_style(style.progress_chars("=> "));
        }
        b
    } else {
        ProgressBar::hidden()
    };
    let made: Vec<(usize, Result<Option<Outcome>, JobError>)> = todo
        .par_iter()
        .map(|&i| {
            let job = &jobs[i];
            bar.set_message(job.shown.to_string_lossy().to_string());
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                make(cache, settings, job, &names[i]).map(Some)
            }))
            .unwrap_or(Err(JobError::Image(Failure::Crashed)));
            bar.inc(1);
            (i, r)
        })
        .collect();
    bar.finish_and_clear();
    let mut set = ImageSet::default();
    let mut stats = ImageStats {
        files: jobs.len(),
        ..ImageStats::default()
    };
    let mut diags = Vec::new();
    for (i, r) in looked.into_iter().chain(made) {
        let job = &jobs[i];
        match r {
            Ok(None) => {}
            Ok(Some(o)) => {
                for (crop, p) in o.pictures {
                    set.pictures.insert((job.site_path.clone(), crop), p);
                }
                if let Some(s) = o.size {
                    set.sizes.insert(job.site_path.clone(), s);
                }
                set.copies.extend(o.copies);
                stats.read += o.stats.read;
                stats.decoded += o.stats.decoded;
                stats.cached += o.stats.cached;
                stats.made += o.stats.made;
            }
            Err(e) => {
                let place = job
                    .place
                    .clone()
                    .unwrap_or_else(|| Location::file_only(&job.shown));
                let problem = match e {
                    JobError::Image(failure) => Problem::Image {
                        file: job.shown.clone(),
                        failure,
                    },
                    JobError::Svg(hazard) => Problem::SvgUnsafe {
                        file: job.shown.clone(),
                        hazard,
                    },
                    JobError::Io(path, e) => {
                        diags.push(Diagnostic::io(path, &e));
                        continue;
                    }
                };
                diags.push(Diagnostic::error(problem, place));
            }
        }
    }
    set.copies.sort();
    set.copies.dedup();
    (Prepared { set, stats }, diags)
}

/// The published name of each job's files, without extension: the source path without its
/// extension, or with it (`photo-png`) when two images in one folder share a stem.
fn file_bases(jobs: &[Job]) -> Vec<String> {
    let stem = |p: &str| p.rsplit_once('.').map_or(p, |(s, _)| s).to_string();
    let mut count: HashMap<String, usize> = HashMap::new();
    for j in jobs {
        *count.entry(stem(&j.site_path)).or_default() += 1;
    }
    jobs.iter()
        .map(|j| {
            let s = stem(&j.site_path);
            if count.get(&s).copied().unwrap_or(0) > 1 {
                j.site_path.replace('.', "-")
            } else {
                s
            }
        })
        .collect()
}

fn rendition_path(base: &str, crop: Crop, width: u32, ext: &str) -> String {
    format!("{base}{}-{width}w.{ext}", crop.file_tag())
}

/// A picture and its copies from a cache entry.
fn picture_from(
    meta: &Meta,
    entry: &Path,
    base: &str,
    crop: Crop,
    copies: &mut Vec<(PathBuf, String)>,
) -> Picture {
    let renditions: Vec<Rendition> = meta
        .renditions
        .iter()
        .map(|r| {
            let jpeg = rendition_path(base, crop, r.width, "jpg");
            copies.push((entry.join(&r.jpeg), jpeg.clone()));
            let webp = r.webp.as_ref().map(|w| {
                let to = rendition_path(base, crop, r.width, "webp");
                copies.push((entry.join(w), to.clone()));
                to
            });
            Rendition {
                width: r.width,
                height: r.height,
                jpeg,
                webp,
            }
        })
        .collect();
    let (width, height) = renditions
        .last()
        .map_or((meta.width, meta.height), |r| (r.width, r.height));
    Picture {
        width,
        height,
        renditions,
    }
}

fn read(path: &Path) -> Result<Vec<u8>, JobError> {
    std::fs::read(path).map_err(|e| JobError::Io(path.to_path_buf(), e))
}

/// A job done from the cache alone: `Ok(None)` when something must be made.
fn from_cache(
    cache: &Cache,
    settings: &Settings,
    job: &Job,
    base: &str,
) -> Result<Option<Outcome>, JobError> {
    let kind = kind_of(&job.site_path).unwrap_or(Kind::Raster);
    match kind {
        Kind::Unsupported => {
            let ext = job
                .site_path
                .rsplit_once('.')
                .map_or(String::new(), |(_, e)| e.to_ascii_uppercase());
            Err(Failure::Unsupported(ext).into())
        }
        Kind::Svg => {
            // Cheap and rare: checked every time.
            let bytes = read(&job.source)?;
            svg::check(&bytes).map_err(JobError::Svg)?;
            Ok(Some(Outcome {
                size: svg::size(&bytes),
                copies: vec![(job.source.clone(), job.site_path.clone())],
                ..Outcome::default()
            }))
        }
        Kind::Raster | Kind::Gif => {
            let key = job.shown.to_string_lossy().replace('\\', "/");
            let (hash, _) = cache
                .content_hash(&job.source, &key)
                .map_err(|e| JobError::Io(job.source.clone(), e))?;
            let mut out = Outcome::default();
            let strip_needed = job.publish_original || kind == Kind::Gif;
            if strip_needed {
                let v = settings.strip_variant();
                let Some(meta) = cache.lookup(&hash, &v) else {
                    return Ok(None);
                };
                if let Some(f) = &meta.file {
                    out.copies
                        .push((cache.entry(&hash, &v).join(f), job.site_path.clone()));
                }
                out.size = Some((meta.width, meta.height));
                out.stats.cached += 1;
            }
            if kind == Kind::Raster {
                for &crop in &job.crops {
                    let v = settings.variant(crop);
                    let Some(meta) = cache.lookup(&hash, &v) else {
                        return Ok(None);
                    };
                    let p =
                        picture_from(&meta, &cache.entry(&hash, &v), base, crop, &mut out.copies);
                    out.pictures.push((crop, p));
                    out.stats.cached += 1;
                }
            }
            Ok(Some(out))
        }
    }
}

/// A job done for real: reads, decodes once, makes every missing copy and caches it.
fn make(cache: &Cache, settings: &Settings, job: &Job, base: &str) -> Result<Outcome, JobError> {
    let kind = kind_of(&job.site_path).unwrap_or(Kind::Raster);
    let key = job.shown.to_string_lossy().replace('\\', "/");
    let (hash, bytes) = cache
        .content_hash(&job.source, &key)
        .map_err(|e| JobError::Io(job.source.clone(), e))?;
    let bytes = match bytes {
        Some(b) => b,
        None => read(&job.source)?,
    };
    let mut out = Outcome::default();
    out.stats.read = 1;
    let store = |variant: &str, files: &[(String, &[u8])], meta: &Meta| {
        cache
            .store(&hash, variant, files, meta)
            .map_err(|e| JobError::Io(cache.entry(&hash, variant), e))
    };
    if kind == Kind::Gif {
        let v = settings.strip_variant();
        let meta = match cache.lookup(&hash, &v) {
            Some(m) => m,
            None => {
                let stripped = strip::strip_gif(&bytes)?;
                let (w, h) = process::header_size(&stripped, Format::Gif)?;
                let meta = Meta {
                    renditions: Vec::new(),
                    file: Some("image.gif".into()),
                    width: w,
                    height: h,
                };
                store(&v, &[("image.gif".into(), &stripped)], &meta)?;
                out.stats.made += 1;
                meta
            }
        };
        out.copies.push((
            cache.entry(&hash, &v).join("image.gif"),
            job.site_path.clone(),
        ));
        out.size = Some((meta.width, meta.height));
        return Ok(out);
    }
    let format = process::sniff(&bytes)?;
    let mut decoded: Option<process::Decoded> = None;
    for &crop in &job.crops {
        let v = settings.variant(crop);
        let meta = match cache.lookup(&hash, &v) {
            Some(m) => {
                out.stats.cached += 1;
                m
            }
            None => {
                if decoded.is_none() {
                    decoded = Some(process::decode(&bytes)?);
                    out.stats.decoded += 1;
                }
                let Some(d) = decoded.as_ref() else {
                    continue;
                };
                let recipe = Recipe {
                    crop,
                    widths: settings.widths.clone(),
                    quality: settings.quality,
                    webp: settings.webp,
                };
                let mut encoded = process::render(d, &recipe)?;
                // At its own width, an upright JPEG is best published as itself, stripped,
                // when that is smaller: no second generation of compression loss.
                let (w, h) = (d.image.width(), d.image.height());
                if process::crop_rect(w, h, crop) == (0, 0, w, h)
                    && format == Format::Jpeg
                    && d.orientation == image::metadata::Orientation::NoTransforms
                    && let Some(full) = encoded.last_mut()
                    && full.width == w
                    && strip::jpeg_is_web_safe(&bytes)
                    && let Ok(stripped) = strip::strip_jpeg(&bytes)
                    && stripped.len() < full.jpeg.len()
                {
                    full.jpeg = stripped;
                }
                let mut files: Vec<(String, &[u8])> = Vec::new();
                let mut stored = Vec::new();
                for e in &encoded {
                    let jpeg = format!("{}w.jpg", e.width);
                    files.push((jpeg.clone(), &e.jpeg));
                    let webp = e.webp.as_ref().map(|w| {
                        let name = format!("{}w.webp", e.width);
                        files.push((name.clone(), w));
                        name
                    });
                    stored.push(StoredRendition {
                        width: e.width,
                        height: e.height,
                        jpeg,
                        webp,
                    });
                }
                let (w, h) = encoded
                    .last()
                    .map_or((d.image.width(), d.image.height()), |e| (e.width, e.height));
                let meta = Meta {
                    renditions: stored,
                    file: None,
                    width: w,
                    height: h,
                };
                store(&v, &files, &meta)?;
                out.stats.made += 1;
                meta
            }
        };
        let p = picture_from(&meta, &cache.entry(&hash, &v), base, crop, &mut out.copies);
        out.pictures.push((crop, p));
    }
    if job.publish_original {
        let v = settings.strip_variant();
        let mut name = format!("image.{}", format.extension());
        let meta = match cache.lookup(&hash, &v) {
            Some(m) => {
                out.stats.cached += 1;
                m
            }
            None => {
                let upright = process::orientation(&bytes, format)?
                    == image::metadata::Orientation::NoTransforms;
                let clean = if upright {
                    match format {
                        Format::Jpeg => strip::strip_jpeg(&bytes)?,
                        Format::Png => strip::strip_png(&bytes)?,
                        Format::WebP => strip::strip_webp(&bytes)?,
                        Format::Gif => strip::strip_gif(&bytes)?,
                    }
                } else {
                    out.stats.decoded += 1;
                    process::reencode_upright(&bytes, settings.quality)?
                };
                let (w, h) = process::header_size(&clean, format)?;
                let meta = Meta {
                    renditions: Vec::new(),
                    file: Some(name.clone()),
                    width: w,
                    height: h,
                };
                store(&v, &[(name.clone(), &clean)], &meta)?;
                out.stats.made += 1;
                meta
            }
        };
        if let Some(f) = &meta.file {
            name.clone_from(f);
        }
        out.copies
            .push((cache.entry(&hash, &v).join(&name), job.site_path.clone()));
        out.size = Some((meta.width, meta.height));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_files_are_recognised_by_extension() {
        assert_eq!(kind_of("photos/合影.JPG"), Some(Kind::Raster));
        assert_eq!(kind_of("a.webp"), Some(Kind::Raster));
        assert_eq!(kind_of("a.gif"), Some(Kind::Gif));
        assert_eq!(kind_of("logo.SVG"), Some(Kind::Svg));
        assert_eq!(kind_of("IMG_0001.HEIC"), Some(Kind::Unsupported));
        assert_eq!(kind_of("附件/表格.xlsx"), None);
        assert_eq!(kind_of("README"), None);
    }

    #[test]
    fn same_stem_gets_the_extension_in_names() {
        let job = |p: &str| Job {
            site_path: p.into(),
            source: PathBuf::new(),
            shown: PathBuf::new(),
            crops: BTreeSet::new(),
            publish_original: false,
            place: None,
        };
        let bases = file_bases(&[
            job("a/p.jpg"),
            job("a/p.png"),
            job("a/q.jpg"),
            job("b/p.jpg"),
        ]);
        assert_eq!(bases, ["a/p-jpg", "a/p-png", "a/q", "b/p"]);
        assert_eq!(
            rendition_path(
                "a/q",
                Settings::from_config(&ImagesConfig::default()).portrait(Focus::Top),
                480,
                "jpg"
            ),
            "a/q-3x4-480w.jpg"
        );
    }
}

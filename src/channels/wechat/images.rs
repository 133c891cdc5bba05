//! The export's images, made from what the image step already produced (`crate::images`: upright,
//! without EXIF, GPS or comments, cached). A body image is the largest published rendition that
//! fits WeChat's width; only when none fits, or it is over WeChat's size, is it decoded and
//! encoded again with the same encoder. Covers are centre crops of the largest rendition.

use std::path::Path;

use crate::channels::wechat::limits;
use crate::images::process::{self, Recipe};
use crate::images::{Crop, Focus, ImageSet, Picture};
use crate::problem::{Problem, WechatProblem};

/// A body image ready for the export.
pub struct Made {
    /// JPEG bytes.
    pub bytes: Vec<u8>,
    /// Site path of the published rendition these bytes are, when they are one unchanged (so
    /// the published site serves exactly this file).
    pub published: Option<String>,
}

fn read(file: &Path) -> Result<Vec<u8>, Problem> {
    std::fs::read(file).map_err(|e| Problem::Io {
        path: file.to_path_buf(),
        detail: e.to_string(),
    })
}

/// The bytes of a rendition of `pic` (the largest when `fits` finds none).
fn rendition_bytes(set: &ImageSet, jpeg: &str) -> Result<Vec<u8>, Problem> {
    let file = set.file(jpeg).ok_or_else(|| {
        Problem::WechatExport(WechatProblem::ImageLeftOut {
            image: jpeg.to_string(),
        })
    })?;
    read(file)
}

/// Decodes `bytes`, crops and scales them to at most `width` pixels, and encodes them at the
/// first quality of [`limits::IMAGE_QUALITIES`] that stays under WeChat's size.
fn remake(bytes: &[u8], crop: Crop, width: u32, shown: &str) -> Result<Vec<u8>, Problem> {
    let image_failure = |failure| Problem::Image {
        file: shown.into(),
        failure,
    };
    let decoded = process::decode(bytes).map_err(image_failure)?;
    let mut smallest = usize::MAX;
    for &quality in limits::IMAGE_QUALITIES {
        let recipe = Recipe {
            crop,
            widths: vec![width],
            quality,
            webp: false,
        };
        let encoded = process::render(&decoded, &recipe).map_err(image_failure)?;
        let Some(largest) = encoded.into_iter().last() else {
            continue;
        };
        if largest.jpeg.len() < limits::IMAGE_BYTES {
            return Ok(largest.jpeg);
        }
        smallest = smallest.min(largest.jpeg.len());
    }
    Err(Problem::WechatExport(WechatProblem::ImageTooLarge {
        image: shown.to_string(),
        bytes: smallest,
    }))
}

/// The picture the image step made of `site_path` framed by `crop`, or the problem of an image
/// the export cannot take (SVG, GIF, a file the image step refused).
pub fn picture<'a>(set: &'a ImageSet, site_path: &str, crop: Crop) -> Result<&'a Picture, Problem> {
    set.picture(site_path, crop).ok_or_else(|| {
        Problem::WechatExport(WechatProblem::ImageLeftOut {
            image: site_path.to_string(),
        })
    })
}

/// A body image: no wider than [`limits::IMAGE_WIDTH`], under [`limits::IMAGE_BYTES`].
pub fn body_image(set: &ImageSet, site_path: &str, crop: Crop) -> Result<Made, Problem> {
    let pic = picture(set, site_path, crop)?;
    // A published rendition is used when it is nearly as sharp as WeChat can show (at least
    // 4/5 of what fits); a much smaller one (widths 480 and 1600 configured) is made anew.
    let wanted = pic.width.min(limits::IMAGE_WIDTH);
    if let Some(r) = pic
        .renditions
        .iter()
        .rev()
        .find(|r| r.width <= limits::IMAGE_WIDTH)
        .filter(|r| u64::from(r.width) * 5 >= u64::from(wanted) * 4)
    {
        let bytes = rendition_bytes(set, &r.jpeg)?;
        if bytes.len() < limits::IMAGE_BYTES {
            return Ok(Made {
                bytes,
                published: Some(r.jpeg.clone()),
            });
        }
    }
    let Some(source) = pic.largest() else {
        return Err(Problem::WechatExport(WechatProblem::ImageLeftOut {
            image: site_path.to_string(),
        }));
    };
    let bytes = rendition_bytes(set, &source.jpeg)?;
    Ok(Made {
        bytes: remake(&bytes, Crop::Original, limits::IMAGE_WIDTH, site_path)?,
        published: None,
    })
}

/// A centre crop of `ratio_w`:`ratio_h`, at most `max_width` wide, from the largest rendition.
pub fn cover(
    set: &ImageSet,
    site_path: &str,
    crop: Crop,
    (ratio_w, ratio_h, max_width): (u32, u32, u32),
) -> Result<Vec<u8>, Problem> {
    let pic = picture(set, site_path, crop)?;
    let Some(source) = pic.largest() else {
        return Err(Problem::WechatExport(WechatProblem::ImageLeftOut {
            image: site_path.to_string(),
        }));
    };
    let bytes = rendition_bytes(set, &source.jpeg)?;
    remake(
        &bytes,
        Crop::Portrait {
            ratio_w,
            ratio_h,
            focus: Focus::Center,
        },
        max_width,
        site_path,
    )
}

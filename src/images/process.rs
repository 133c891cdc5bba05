//! Decoding under limits, EXIF orientation, cropping, resizing and encoding.
//!
//! Every function here is pure (bytes in, bytes out) and never panics on its input: the
//! decoders run under [`image::Limits`] after our own header check (so a decompression bomb
//! fails before anything large is allocated), and under `catch_unwind` (the `image` crate
//! documents that some decoders may still panic on hostile files).

use std::io::Cursor;
use std::panic::AssertUnwindSafe;

use fast_image_resize::images::Image as FirImage;
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::{
    DynamicImage, ExtendedColorType, ImageDecoder, ImageEncoder, ImageError, ImageFormat,
    ImageReader, Limits, metadata::Orientation,
};

use crate::images::{Crop, Failure, Focus, strip};

/// The longest side a source image may have, in pixels.
pub use crate::problem::MAX_SIDE;

/// The most memory one decoded image may take (and what `image::Limits` allows a decoder).
pub use crate::problem::MAX_BYTES;

/// The raster formats tongxin decodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JPEG.
    Jpeg,
    /// PNG.
    Png,
    /// WebP.
    WebP,
    /// GIF (published as it is, stripped, never re-encoded: it may be animated).
    Gif,
}

impl Format {
    /// The file extension of this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::WebP => "webp",
            Format::Gif => "gif",
        }
    }

    fn image_format(self) -> ImageFormat {
        match self {
            Format::Jpeg => ImageFormat::Jpeg,
            Format::Png => ImageFormat::Png,
            Format::WebP => ImageFormat::WebP,
            Format::Gif => ImageFormat::Gif,
        }
    }
}

/// Recognises a file by its first bytes. Formats tongxin cannot publish are
/// [`Failure::Unsupported`] with their name.
pub fn sniff(b: &[u8]) -> Result<Format, Failure> {
    if b.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(Format::Jpeg);
    }
    if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(Format::Png);
    }
    if b.len() >= 12 && &b[..4] == b"RIFF" && &b[8..12] == b"WEBP" {
        return Ok(Format::WebP);
    }
    if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") {
        return Ok(Format::Gif);
    }
    let name = if b.len() >= 12 && &b[4..8] == b"ftyp" {
        match &b[8..12] {
            b"avif" | b"avis" => "AVIF",
            b"heic" | b"heix" | b"mif1" | b"msf1" | b"hevc" | b"heim" | b"heis" => "HEIC",
            _ => "HEIF/MP4",
        }
    } else if b.starts_with(b"II*\0") || b.starts_with(b"MM\0*") {
        "TIFF"
    } else if b.starts_with(b"BM") {
        "BMP"
    } else if b.is_empty() {
        return Err(Failure::Truncated);
    } else {
        return Err(Failure::Corrupt("不是可识别的图片文件".into()));
    };
    Err(Failure::Unsupported(name.into()))
}

/// Width and height as stored in the file header (before orientation), read without a
/// decoder so that absurd sizes are refused before anything is allocated.
pub fn header_size(b: &[u8], format: Format) -> Result<(u32, u32), Failure> {
    let size = match format {
        Format::Jpeg => {
            let layout = strip::jpeg_layout(b)?;
            layout
                .segments
                .iter()
                .find(|s| {
                    matches!(s.marker, 0xC0..=0xCF) && !matches!(s.marker, 0xC4 | 0xC8 | 0xCC)
                })
                .and_then(|s| b.get(s.range.start + 5..s.range.start + 9))
                .map(|d| {
                    (
                        u32::from(u16::from_be_bytes([d[2], d[3]])),
                        u32::from(u16::from_be_bytes([d[0], d[1]])),
                    )
                })
        }
        Format::Png => b
            .get(16..24)
            .filter(|_| b.get(12..16) == Some(b"IHDR"))
            .map(|d| {
                (
                    u32::from_be_bytes([d[0], d[1], d[2], d[3]]),
                    u32::from_be_bytes([d[4], d[5], d[6], d[7]]),
                )
            }),
        Format::WebP => img_parts::webp::WebP::from_bytes(img_parts::Bytes::copy_from_slice(b))
            .ok()
            .and_then(|w| w.dimensions()),
        Format::Gif => strip::gif_size(b),
    };
    match size {
        Some((w, h)) if w > 0 && h > 0 => Ok((w, h)),
        _ if b.len() < 32 => Err(Failure::Truncated),
        _ => Err(Failure::Corrupt("文件头中没有有效的图片尺寸".into())),
    }
}

/// Refuses sizes over [`MAX_SIDE`] or whose pixels would need more than [`MAX_BYTES`].
fn check_size(width: u32, height: u32) -> Result<(), Failure> {
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(Failure::TooLarge { width, height });
    }
    // 4 bytes a pixel (RGBA), plus the rotated copy orientation may need.
    if u64::from(width) * u64::from(height) * 4 > MAX_BYTES {
        return Err(Failure::TooMuchMemory { width, height });
    }
    Ok(())
}

/// Runs `f`, turning a panic into [`Failure::Crashed`].
pub fn guarded<T>(f: impl FnOnce() -> Result<T, Failure>) -> Result<T, Failure> {
    std::panic::catch_unwind(AssertUnwindSafe(f)).unwrap_or(Err(Failure::Crashed))
}

fn failure(e: ImageError, size: (u32, u32)) -> Failure {
    match e {
        ImageError::Limits(l) => match l.kind() {
            image::error::LimitErrorKind::DimensionError => Failure::TooLarge {
                width: size.0,
                height: size.1,
            },
            _ => Failure::TooMuchMemory {
                width: size.0,
                height: size.1,
            },
        },
        ImageError::Unsupported(u) => Failure::Unsupported(u.to_string()),
        ImageError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            Failure::Truncated
        }
        other => {
            let text = other.to_string();
            let lower = text.to_ascii_lowercase();
            if lower.contains("eof") || lower.contains("end of file") || lower.contains("truncat") {
                Failure::Truncated
            } else {
                Failure::Corrupt(text)
            }
        }
    }
}

/// A decoded image, upright, with the colour profile of its file.
pub struct Decoded {
    /// Pixels with the EXIF orientation applied.
    pub image: DynamicImage,
    /// The embedded ICC profile, kept in the published copies.
    pub icc: Option<Vec<u8>>,
    /// The orientation the file asked for (1 = none).
    pub orientation: Orientation,
}

fn limits() -> Limits {
    let mut l = Limits::default();
    l.max_image_width = Some(MAX_SIDE);
    l.max_image_height = Some(MAX_SIDE);
    l.max_alloc = Some(MAX_BYTES);
    l
}

/// The EXIF orientation of a file, read from its header only.
pub fn orientation(b: &[u8], format: Format) -> Result<Orientation, Failure> {
    guarded(|| {
        let size = header_size(b, format)?;
        check_size(size.0, size.1)?;
        let mut reader = ImageReader::with_format(Cursor::new(b), format.image_format());
        reader.limits(limits());
        let mut decoder = reader.into_decoder().map_err(|e| failure(e, size))?;
        Ok(decoder.orientation().unwrap_or(Orientation::NoTransforms))
    })
}

/// Decodes a JPEG, PNG, WebP or GIF (first frame) and turns it upright.
pub fn decode(b: &[u8]) -> Result<Decoded, Failure> {
    guarded(|| {
        let format = sniff(b)?;
        let size = header_size(b, format)?;
        check_size(size.0, size.1)?;
        let mut reader = ImageReader::with_format(Cursor::new(b), format.image_format());
        reader.limits(limits());
        let mut decoder = reader.into_decoder().map_err(|e| failure(e, size))?;
        let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
        let icc = decoder.icc_profile().ok().flatten();
        let mut budget = limits();
        budget
            .reserve(decoder.total_bytes())
            .map_err(|e| failure(e, size))?;
        let mut image = DynamicImage::from_decoder(decoder).map_err(|e| failure(e, size))?;
        image.apply_orientation(orientation);
        Ok(Decoded {
            image,
            icc,
            orientation,
        })
    })
}

/// The part of a `width`×`height` image a crop keeps: (left, top, width, height).
pub fn crop_rect(width: u32, height: u32, crop: Crop) -> (u32, u32, u32, u32) {
    match crop {
        Crop::Original => (0, 0, width, height),
        Crop::Portrait {
            ratio_w,
            ratio_h,
            focus,
        } => {
            let (rw, rh) = (u64::from(ratio_w.max(1)), u64::from(ratio_h.max(1)));
            let (w, h) = (u64::from(width), u64::from(height));
            if w * rh > h * rw {
                // Too wide: keep the middle.
                let cw = (h * rw / rh).max(1);
                ((w - cw) as u32 / 2, 0, cw as u32, height)
            } else {
                let ch = (w * rh / rw).max(1);
                let top = match focus {
                    Focus::Top => 0,
                    Focus::Center => (h - ch) / 2,
                };
                (0, top as u32, width, ch as u32)
            }
        }
    }
}

/// The widths published for an image `source_width` pixels wide: the configured widths that
/// are clearly smaller, plus the image's own width when a configured width reaches it (never
/// upscaled).
pub fn plan_widths(source_width: u32, widths: &[u32]) -> Vec<u32> {
    let mut out: Vec<u32> = widths
        .iter()
        .copied()
        .filter(|&w| u64::from(w) * 10 < u64::from(source_width) * 9)
        .collect();
    if widths.iter().any(|&w| w >= source_width) || out.is_empty() {
        out.push(source_width);
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Height for `width` keeping the aspect ratio of `src_w`×`src_h`.
pub fn scaled_height(src_w: u32, src_h: u32, width: u32) -> u32 {
    ((u64::from(src_h) * u64::from(width) + u64::from(src_w) / 2) / u64::from(src_w.max(1))).max(1)
        as u32
}

/// One published size of an image, encoded.
pub struct Encoded {
    /// Pixels.
    pub width: u32,
    /// Pixels.
    pub height: u32,
    /// Baseline JPEG: JFIF header, ICC profile when the source had one, nothing else.
    pub jpeg: Vec<u8>,
    /// Lossy WebP (with the ICC profile, if any), when enabled.
    pub webp: Option<Vec<u8>>,
}

/// What to make of a decoded image.
#[derive(Debug, Clone)]
pub struct Recipe {
    /// How to crop before resizing.
    pub crop: Crop,
    /// Configured widths (see [`plan_widths`]).
    pub widths: Vec<u32>,
    /// JPEG and WebP quality.
    pub quality: u8,
    /// Make WebP copies too.
    pub webp: bool,
}

/// Crops, resizes (largest first, each smaller size from the one before) and encodes.
pub fn render(decoded: &Decoded, recipe: &Recipe) -> Result<Vec<Encoded>, Failure> {
    guarded(|| {
        let alpha = decoded.image.color().has_alpha();
        // 8-bit RGB(A) as decoded is used as it is; other layouts are converted once.
        let source = match &decoded.image {
            DynamicImage::ImageRgb8(_) | DynamicImage::ImageRgba8(_) => {
                std::borrow::Cow::Borrowed(&decoded.image)
            }
            other if alpha => std::borrow::Cow::Owned(DynamicImage::ImageRgba8(other.to_rgba8())),
            other => std::borrow::Cow::Owned(DynamicImage::ImageRgb8(other.to_rgb8())),
        };
        let pixel = if alpha {
            PixelType::U8x4
        } else {
            PixelType::U8x3
        };
        let (left, top, cw, ch) = crop_rect(source.width(), source.height(), recipe.crop);
        let widths = plan_widths(cw, &recipe.widths);
        let mut resizer = Resizer::new();
        let alg = ResizeAlg::Convolution(FilterType::Lanczos3);
        let mut out = Vec::with_capacity(widths.len());
        let mut previous: Option<FirImage> = None;
        for &w in widths.iter().rev() {
            let h = scaled_height(cw, ch, w);
            let mut dst = FirImage::new(w, h, pixel);
            let result = match &previous {
                None => resizer.resize(
                    source.as_ref(),
                    &mut dst,
                    &ResizeOptions::new().resize_alg(alg).crop(
                        f64::from(left),
                        f64::from(top),
                        f64::from(cw),
                        f64::from(ch),
                    ),
                ),
                Some(p) => resizer.resize(p, &mut dst, &ResizeOptions::new().resize_alg(alg)),
            };
            result.map_err(|e| Failure::Encode(e.to_string()))?;
            let jpeg = encode_jpeg(dst.buffer(), w, h, alpha, recipe.quality, &decoded.icc)?;
            let webp = if recipe.webp {
                Some(encode_webp(
                    dst.buffer(),
                    w,
                    h,
                    alpha,
                    recipe.quality,
                    &decoded.icc,
                )?)
            } else {
                None
            };
            out.push(Encoded {
                width: w,
                height: h,
                jpeg,
                webp,
            });
            previous = Some(dst);
        }
        out.reverse();
        Ok(out)
    })
}

/// RGBA over white, for JPEG.
fn flatten(rgba: &[u8]) -> Vec<u8> {
    let mut rgb = Vec::with_capacity(rgba.len() / 4 * 3);
    for px in rgba.chunks_exact(4) {
        let a = u16::from(px[3]);
        for &c in &px[..3] {
            rgb.push(((u16::from(c) * a + 255 * (255 - a) + 127) / 255) as u8);
        }
    }
    rgb
}

/// Encodes RGB or RGBA pixels (RGBA over white) as a progressive JPEG with optimised Huffman
/// tables, 4:2:0 chroma below quality 90 and N. Robidoux's quantisation tables (as mozjpeg
/// uses), carrying only the JFIF header and the ICC profile.
pub fn encode_jpeg(
    pixels: &[u8],
    width: u32,
    height: u32,
    alpha: bool,
    quality: u8,
    icc: &Option<Vec<u8>>,
) -> Result<Vec<u8>, Failure> {
    use jpeg_encoder::{ChromaSubsamplingMethod, ColorType, Encoder, QuantizationTableType};
    let flat;
    let rgb = if alpha {
        flat = flatten(pixels);
        &flat
    } else {
        pixels
    };
    let (Ok(w), Ok(h)) = (u16::try_from(width), u16::try_from(height)) else {
        return Err(Failure::TooLarge { width, height });
    };
    let mut out = Vec::new();
    let mut enc = Encoder::new(&mut out, quality.clamp(1, 100));
    enc.set_progressive(true);
    enc.set_optimized_huffman_tables(true);
    enc.set_chroma_subsampling_method(ChromaSubsamplingMethod::Average);
    enc.set_quantization_tables(
        QuantizationTableType::ImageMagick,
        QuantizationTableType::ImageMagick,
    );
    if let Some(p) = icc {
        // A profile the encoder refuses is left out; the colours then fall back to sRGB.
        let _ = enc.add_icc_profile(p);
    }
    enc.encode(rgb, w, h, ColorType::Rgb)
        .map_err(|e| Failure::Encode(e.to_string()))?;
    Ok(out)
}

/// Encodes RGB or RGBA pixels as a lossy WebP (libwebp), with the ICC profile if any.
pub fn encode_webp(
    pixels: &[u8],
    width: u32,
    height: u32,
    alpha: bool,
    quality: u8,
    icc: &Option<Vec<u8>>,
) -> Result<Vec<u8>, Failure> {
    let encoder = if alpha {
        webp::Encoder::from_rgba(pixels, width, height)
    } else {
        webp::Encoder::from_rgb(pixels, width, height)
    };
    let memory = encoder
        .encode_simple(false, f32::from(quality))
        .map_err(|e| Failure::Encode(format!("{e:?}")))?;
    let bytes = memory.to_vec();
    match icc {
        None => Ok(bytes),
        Some(p) => {
            use img_parts::ImageICC;
            let mut w = img_parts::webp::WebP::from_bytes(img_parts::Bytes::from(bytes))
                .map_err(|e| Failure::Encode(e.to_string()))?;
            w.set_icc_profile(Some(img_parts::Bytes::copy_from_slice(p)));
            Ok(w.encoder().bytes().to_vec())
        }
    }
}

/// Re-encodes an image at its full size, upright, in its own format (used when a file that is
/// published as it is carries an EXIF orientation: dropping the EXIF would turn it sideways).
pub fn reencode_upright(b: &[u8], quality: u8) -> Result<Vec<u8>, Failure> {
    let decoded = decode(b)?;
    guarded(|| {
        let format = sniff(b)?;
        let img = &decoded.image;
        let alpha = img.color().has_alpha();
        let (w, h) = (img.width(), img.height());
        let pixels = if alpha {
            img.to_rgba8().into_raw()
        } else {
            img.to_rgb8().into_raw()
        };
        match format {
            Format::Png => {
                let mut out = Vec::new();
                let mut enc = image::codecs::png::PngEncoder::new(&mut out);
                if let Some(p) = &decoded.icc {
                    let _ = enc.set_icc_profile(p.clone());
                }
                let color = if alpha {
                    ExtendedColorType::Rgba8
                } else {
                    ExtendedColorType::Rgb8
                };
                enc.write_image(&pixels, w, h, color)
                    .map_err(|e| Failure::Encode(e.to_string()))?;
                Ok(out)
            }
            Format::WebP => encode_webp(&pixels, w, h, alpha, quality, &decoded.icc),
            _ => encode_jpeg(&pixels, w, h, alpha, quality, &decoded.icc),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_never_upscaled() {
        let w = [480, 960, 1600];
        assert_eq!(plan_widths(4000, &w), vec![480, 960, 1600]);
        assert_eq!(plan_widths(1600, &w), vec![480, 960, 1600]);
        assert_eq!(plan_widths(1200, &w), vec![480, 960, 1200]);
        assert_eq!(plan_widths(500, &w), vec![500]);
        assert_eq!(plan_widths(300, &w), vec![300]);
    }

    #[test]
    fn portrait_crops() {
        let p = |focus| Crop::Portrait {
            ratio_w: 3,
            ratio_h: 4,
            focus,
        };
        assert_eq!(crop_rect(900, 1200, p(Focus::Top)), (0, 0, 900, 1200));
        assert_eq!(crop_rect(1200, 800, p(Focus::Top)), (300, 0, 600, 800));
        assert_eq!(crop_rect(900, 2000, p(Focus::Top)), (0, 0, 900, 1200));
        assert_eq!(crop_rect(900, 2000, p(Focus::Center)), (0, 400, 900, 1200));
    }

    #[test]
    fn bombs_and_junk_fail_fast() {
        // A PNG header claiming 50000 × 50000 pixels.
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&50_000u32.to_be_bytes());
        png.extend_from_slice(&50_000u32.to_be_bytes());
        png.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
        assert!(matches!(
            decode(&png),
            Err(Failure::TooLarge {
                width: 50_000,
                height: 50_000
            })
        ));
        // Within the side limit but over the memory budget.
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&19_000u32.to_be_bytes());
        png.extend_from_slice(&19_000u32.to_be_bytes());
        png.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
        assert!(matches!(decode(&png), Err(Failure::TooMuchMemory { .. })));
        assert!(matches!(decode(b""), Err(Failure::Truncated)));
        assert!(matches!(decode(b"hello world"), Err(Failure::Corrupt(_))));
        let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic";
        assert!(matches!(decode(heic), Err(Failure::Unsupported(n)) if n == "HEIC"));
    }

    #[test]
    fn round_trip_keeps_size_and_strips_nothing_extra() {
        let img = image::RgbImage::from_fn(64, 48, |x, _| image::Rgb([(x * 4) as u8, 0, 0]));
        let jpeg = encode_jpeg(img.as_raw(), 64, 48, false, 82, &None).unwrap();
        let d = decode(&jpeg).unwrap();
        assert_eq!((d.image.width(), d.image.height()), (64, 48));
        let out = render(
            &d,
            &Recipe {
                crop: Crop::Original,
                widths: vec![16, 32, 1600],
                quality: 80,
                webp: true,
            },
        )
        .unwrap();
        let sizes: Vec<(u32, u32)> = out.iter().map(|e| (e.width, e.height)).collect();
        assert_eq!(sizes, vec![(16, 12), (32, 24), (64, 48)]);
        assert!(
            out.iter()
                .all(|e| e.webp.as_ref().is_some_and(|w| w.starts_with(b"RIFF")))
        );
        // Truncated: every prefix fails cleanly.
        for n in [0, 2, 20, jpeg.len() / 2, jpeg.len() - 2] {
            assert!(decode(&jpeg[..n]).is_err(), "{n}");
        }
    }
}

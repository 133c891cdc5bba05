//! Lossless metadata removal for images published as they are (files under `static/` or in a
//! bundle that no page embeds), and the container checks the decoders do not make.
//!
//! JPEG is walked segment by segment here rather than with img-parts, because img-parts keeps
//! everything after the first scan as one opaque block, including what phones append after the
//! end-of-image marker (MPF secondary images and "motion photo" videos, which carry their own
//! EXIF with GPS). PNG and WebP go through img-parts. GIF blocks are walked here too.

use img_parts::{Bytes, ImageEXIF};

use crate::images::Failure;

/// A JPEG marker segment: the marker byte and the byte range of the whole segment (from its
/// `FF` to its end, including any entropy-coded data that follows a start-of-scan).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JpegSegment {
    /// The marker (second byte), e.g. `0xE1` for APP1.
    pub marker: u8,
    /// Where the segment starts and ends in the file.
    pub range: std::ops::Range<usize>,
}

/// The segments of a JPEG up to its end-of-image marker, and where that marker ends.
#[derive(Debug, Clone)]
pub struct JpegLayout {
    /// Every segment between start-of-image and end-of-image, in order.
    pub segments: Vec<JpegSegment>,
    /// Offset just after the `FF D9` end-of-image marker.
    pub end: usize,
}

/// True for the markers that stand alone, without a length (RSTn, TEM).
fn standalone(marker: u8) -> bool {
    matches!(marker, 0xD0..=0xD7 | 0x01)
}

/// Walks a JPEG from its start-of-image to its end-of-image marker. A file that stops before
/// the end-of-image marker is [`Failure::Truncated`]: the decoder would fill the missing part
/// with grey and publish half a photo.
pub fn jpeg_layout(b: &[u8]) -> Result<JpegLayout, Failure> {
    if !b.starts_with(&[0xFF, 0xD8]) {
        return Err(Failure::Corrupt("JPEG 文件头不正确".into()));
    }
    let mut segments = Vec::new();
    let mut i = 2;
    loop {
        // The next marker: 0xFF, any fill bytes, then the marker byte. Stray bytes between
        // segments are skipped, as decoders do.
        match b
            .get(i..)
            .and_then(|rest| rest.iter().position(|&x| x == 0xFF))
        {
            Some(off) => i += off,
            None => return Err(Failure::Truncated),
        }
        let start = i;
        while b.get(i) == Some(&0xFF) {
            i += 1;
        }
        let Some(&marker) = b.get(i) else {
            return Err(Failure::Truncated);
        };
        i += 1;
        if marker == 0xD9 {
            return Ok(JpegLayout { segments, end: i });
        }
        if standalone(marker) {
            segments.push(JpegSegment {
                marker,
                range: start..i,
            });
            continue;
        }
        let (Some(&hi), Some(&lo)) = (b.get(i), b.get(i + 1)) else {
            return Err(Failure::Truncated);
        };
        let len = usize::from(u16::from_be_bytes([hi, lo]));
        if len < 2 {
            return Err(Failure::Corrupt("JPEG 段长度无效".into()));
        }
        i += len;
        if i > b.len() {
            return Err(Failure::Truncated);
        }
        if marker == 0xDA {
            // Entropy-coded data runs to the next marker that is not a stuffed 0xFF00, a
            // restart marker or fill.
            loop {
                let Some(off) = b[i..].iter().position(|&x| x == 0xFF) else {
                    return Err(Failure::Truncated);
                };
                let j = i + off;
                match b.get(j + 1) {
                    None => return Err(Failure::Truncated),
                    Some(0x00) | Some(0xD0..=0xD7) => i = j + 2,
                    Some(0xFF) => i = j + 1,
                    Some(_) => {
                        i = j;
                        break;
                    }
                }
            }
        }
        segments.push(JpegSegment {
            marker,
            range: start..i,
        });
    }
}

/// The bytes of a segment after its marker and length.
fn payload<'a>(b: &'a [u8], s: &JpegSegment) -> &'a [u8] {
    b.get(s.range.start + 4..s.range.end).unwrap_or(&[])
}

/// True for the segments a stripped JPEG keeps: everything needed to decode it, the JFIF
/// header (without its optional thumbnail extension), the ICC colour profile and Adobe's
/// colour-transform flag. Dropped: EXIF and XMP (APP1, incl. GPS and the embedded thumbnail),
/// MPF (APP2), IPTC/Photoshop (APP13), comments and every maker segment.
fn keep_segment(b: &[u8], s: &JpegSegment) -> bool {
    let data = payload(b, s);
    match s.marker {
        // JFIF without its optional thumbnail (X and Y thumbnail sizes at 12 and 13).
        0xE0 => {
            data.starts_with(b"JFIF\0") && data.get(12..14).is_some_and(|t| t[0] == 0 || t[1] == 0)
        }
        0xE2 => data.starts_with(b"ICC_PROFILE\0"),
        0xEE => data.starts_with(b"Adobe"),
        0xE1 | 0xE3..=0xED | 0xEF | 0xFE => false,
        _ => true,
    }
}

/// Removes every metadata segment from a JPEG and whatever follows its end-of-image marker,
/// without touching the compressed image.
pub fn strip_jpeg(b: &[u8]) -> Result<Vec<u8>, Failure> {
    let layout = jpeg_layout(b)?;
    let mut out = Vec::with_capacity(layout.end);
    out.extend_from_slice(&[0xFF, 0xD8]);
    for s in layout.segments.iter().filter(|s| keep_segment(b, s)) {
        out.extend_from_slice(&b[s.range.clone()]);
    }
    out.extend_from_slice(&[0xFF, 0xD9]);
    Ok(out)
}

/// True when every browser decodes this JPEG: Huffman-coded baseline, extended or progressive
/// (not arithmetic-coded or lossless).
pub fn jpeg_is_web_safe(b: &[u8]) -> bool {
    jpeg_layout(b).is_ok_and(|l| {
        l.segments
            .iter()
            .find(|s| matches!(s.marker, 0xC0..=0xCF) && !matches!(s.marker, 0xC4 | 0xC8 | 0xCC))
            .is_some_and(|s| matches!(s.marker, 0xC0..=0xC2))
    })
}

/// The ancillary PNG chunks a stripped PNG keeps (colour and transparency information and
/// APNG animation); text, time, EXIF and unknown chunks are dropped.
const PNG_KEEP: &[&[u8; 4]] = &[
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
    b"pHYs", b"acTL", b"fcTL", b"fdAT", b"cICP",
];

/// Removes text, EXIF and other metadata chunks from a PNG.
pub fn strip_png(b: &[u8]) -> Result<Vec<u8>, Failure> {
    let mut png = img_parts::png::Png::from_bytes(Bytes::copy_from_slice(b))
        .map_err(|e| corrupt_or_truncated(&e))?;
    if png.chunk_by_type(*b"IEND").is_none() {
        return Err(Failure::Truncated);
    }
    png.chunks_mut()
        .retain(|c| PNG_KEEP.iter().any(|k| **k == c.kind()));
    Ok(png.encoder().bytes().to_vec())
}

/// Removes the EXIF and XMP chunks from a WebP.
pub fn strip_webp(b: &[u8]) -> Result<Vec<u8>, Failure> {
    let mut webp = img_parts::webp::WebP::from_bytes(Bytes::copy_from_slice(b))
        .map_err(|e| corrupt_or_truncated(&e))?;
    webp.remove_chunks_by_id(img_parts::webp::CHUNK_XMP);
    webp.set_exif(None);
    Ok(webp.encoder().bytes().to_vec())
}

fn corrupt_or_truncated(e: &img_parts::Error) -> Failure {
    match e {
        img_parts::Error::Truncated => Failure::Truncated,
        other => Failure::Corrupt(other.to_string()),
    }
}

/// A GIF's logical screen size.
pub fn gif_size(b: &[u8]) -> Option<(u32, u32)> {
    if !(b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a")) || b.len() < 10 {
        return None;
    }
    let w = u16::from_le_bytes([b[6], b[7]]);
    let h = u16::from_le_bytes([b[8], b[9]]);
    Some((u32::from(w), u32::from(h)))
}

/// Skips a chain of GIF data sub-blocks starting at `i`; returns the offset after the
/// terminating zero-length block.
fn skip_sub_blocks(b: &[u8], mut i: usize) -> Result<usize, Failure> {
    loop {
        let n = usize::from(*b.get(i).ok_or(Failure::Truncated)?);
        i += 1;
        if n == 0 {
            return Ok(i);
        }
        i += n;
        if i > b.len() {
            return Err(Failure::Truncated);
        }
    }
}

/// Removes comments and application extensions (XMP and the like) from a GIF, keeping the
/// animation loop setting (`NETSCAPE2.0`), and anything after the trailer.
pub fn strip_gif(b: &[u8]) -> Result<Vec<u8>, Failure> {
    if gif_size(b).is_none() {
        return Err(Failure::Corrupt("GIF 文件头不正确".into()));
    }
    let mut out = Vec::with_capacity(b.len());
    let flags = b[10];
    let mut i = 13;
    if flags & 0x80 != 0 {
        i += 3 * (1usize << ((flags & 0x07) + 1));
    }
    if i > b.len() {
        return Err(Failure::Truncated);
    }
    out.extend_from_slice(&b[..i]);
    loop {
        match *b.get(i).ok_or(Failure::Truncated)? {
            0x3B => {
                out.push(0x3B);
                return Ok(out);
            }
            0x21 => {
                let label = *b.get(i + 1).ok_or(Failure::Truncated)?;
                let end = skip_sub_blocks(b, i + 2)?;
                let keep = match label {
                    0xFE => false, // comment
                    0xFF => b.get(i + 3..i + 14) == Some(b"NETSCAPE2.0".as_slice()),
                    0x01 => true, // plain text: part of the picture
                    _ => true,    // graphic control
                };
                if keep {
                    out.extend_from_slice(&b[i..end]);
                }
                i = end;
            }
            0x2C => {
                let start = i;
                let flags = *b.get(i + 9).ok_or(Failure::Truncated)?;
                i += 10;
                if flags & 0x80 != 0 {
                    i += 3 * (1usize << ((flags & 0x07) + 1));
                }
                i += 1; // LZW minimum code size
                let end = skip_sub_blocks(b, i)?;
                out.extend_from_slice(&b[start..end]);
                i = end;
            }
            _ => return Err(Failure::Corrupt("GIF 数据块结构损坏".into())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(marker: u8, data: &[u8]) -> Vec<u8> {
        let mut v = vec![0xFF, marker];
        v.extend_from_slice(&((data.len() + 2) as u16).to_be_bytes());
        v.extend_from_slice(data);
        v
    }

    /// A structurally valid JPEG (not decodable: the tables are fake), with metadata.
    fn fake_jpeg() -> Vec<u8> {
        let mut v = vec![0xFF, 0xD8];
        v.extend(segment(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"));
        v.extend(segment(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\x01\x01THUMB"));
        v.extend(segment(0xE1, b"Exif\0\0GPS-SECRET"));
        v.extend(segment(0xE2, b"ICC_PROFILE\0\x01\x01profile"));
        v.extend(segment(0xED, b"Photoshop 3.0\0IPTC"));
        v.extend(segment(0xFE, b"a comment"));
        v.extend(segment(0xDB, &[0; 65]));
        v.extend(segment(0xDA, &[1, 1, 0, 0, 63, 0]));
        v.extend_from_slice(&[0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56]);
        v.extend_from_slice(&[0xFF, 0xD9]);
        v.extend_from_slice(b"TRAILER-WITH-GPS");
        v
    }

    #[test]
    fn jpeg_metadata_and_trailer_are_dropped() {
        let src = fake_jpeg();
        let out = strip_jpeg(&src).unwrap();
        let text = String::from_utf8_lossy(&out);
        assert!(!text.contains("GPS"), "{text}");
        assert!(!text.contains("Photoshop") && !text.contains("comment"));
        assert!(!text.contains("THUMB"));
        assert!(text.contains("ICC_PROFILE") && text.contains("JFIF"));
        assert!(out.ends_with(&[0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0xFF, 0xD9]));
        // Stripping twice changes nothing more.
        assert_eq!(strip_jpeg(&out).unwrap(), out);
    }

    #[test]
    fn truncated_jpeg_is_reported() {
        let src = fake_jpeg();
        let cut = src.len() - 20;
        assert_eq!(jpeg_layout(&src[..cut]).unwrap_err(), Failure::Truncated);
        assert_eq!(jpeg_layout(&src[..40]).unwrap_err(), Failure::Truncated);
        assert!(matches!(jpeg_layout(b"GIF89a"), Err(Failure::Corrupt(_))));
        assert_eq!(
            jpeg_layout(b"\xFF\xD8garbage").unwrap_err(),
            Failure::Truncated
        );
        // No panic on any prefix.
        for n in 0..src.len() {
            let _ = jpeg_layout(&src[..n]);
            let _ = strip_gif(&src[..n]);
        }
    }

    #[test]
    fn gif_comments_go_loop_stays() {
        let mut g = b"GIF89a\x02\x00\x01\x00\x00\x00\x00".to_vec();
        g.extend_from_slice(b"\x21\xFF\x0BNETSCAPE2.0\x03\x01\x00\x00\x00");
        g.extend_from_slice(b"\x21\xFE\x0Esecret comment\x00");
        g.extend_from_slice(b"\x21\xFF\x0BXMP DataXMP\x03abc\x00");
        g.extend_from_slice(b"\x2C\x00\x00\x00\x00\x02\x00\x01\x00\x00\x02\x02\x44\x01\x00");
        g.extend_from_slice(b"\x3Bafter");
        let out = strip_gif(&g).unwrap();
        let text = String::from_utf8_lossy(&out);
        assert!(text.contains("NETSCAPE2.0"));
        assert!(!text.contains("secret") && !text.contains("XMP") && !text.contains("after"));
        assert_eq!(gif_size(&out), Some((2, 1)));
    }
}

//! Generates a site of phone-sized photos for `bench/images.sh`:
//!
//!     cargo run --release --example gen_photos -- OUT_DIR [PHOTOS] [WIDTH] [HEIGHT]
//!
//! Writes `OUT_DIR/config.yaml` and articles of five photos each (page bundles, the first photo
//! as the cover). Each photo is a distinct JPEG (quality 92) with enough texture to weigh what
//! a phone photo weighs, and EXIF as phones write it: a maker name, GPS coordinates and, on
//! every third photo, orientation 6 (stored sideways).

use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(out) = args.first() else {
        eprintln!("usage: gen_photos OUT_DIR [PHOTOS] [WIDTH] [HEIGHT]");
        std::process::exit(2);
    };
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(50);
    let w: u32 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(4000);
    let h: u32 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(3000);
    let out = Path::new(out);
    std::fs::create_dir_all(out.join("content/articles")).expect("create site");
    std::fs::write(
        out.join("config.yaml"),
        "title: 图片基准测试\nmenu:\n  - {name: 首页, url: /}\n",
    )
    .expect("config");
    let per_article = 5;
    for a in 0..n.div_ceil(per_article) {
        let dir = out.join(format!("content/articles/photos-{a:03}"));
        std::fs::create_dir_all(&dir).expect("article dir");
        let mut body = String::new();
        for k in 0..per_article {
            let i = a * per_article + k;
            if i >= n {
                break;
            }
            let orientation = if i % 3 == 0 { 6 } else { 1 };
            std::fs::write(
                dir.join(format!("p{k}.jpg")),
                photo(i as u32, w, h, orientation),
            )
            .expect("photo");
            body.push_str(&format!(
                "![第{}张活动照片](p{k}.jpg \"活动现场{}\")\n\n正文段落。\n\n",
                i + 1,
                i + 1
            ));
        }
        std::fs::write(
            dir.join("index.md"),
            format!(
                "---\ntitle: 活动照片{a}\ndate: 2026-05-{:02}\ncover: p0.jpg\n---\n\n{body}",
                a % 28 + 1
            ),
        )
        .expect("index.md");
    }
    eprintln!("{n} photos of {w}×{h} in {}", out.display());
}

/// A textured picture (smooth shapes plus sensor-like noise), JPEG-encoded with EXIF.
fn photo(seed: u32, w: u32, h: u32, orientation: u16) -> Vec<u8> {
    let mut state = seed.wrapping_mul(2_654_435_761).wrapping_add(12345) | 1;
    let mut noise = move || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        (state % 17) as i32 - 8
    };
    let fx = 0.002 + f64::from(seed % 7) * 0.0007;
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let (xf, yf) = (f64::from(x), f64::from(y));
        let base = [
            120.0 + 90.0 * (xf * fx).sin() * (yf * 0.0031).cos(),
            110.0 + 80.0 * (yf * fx * 1.3 + xf * 0.0007).sin(),
            100.0 + 70.0 * ((xf + yf) * 0.0019 + f64::from(seed)).cos(),
        ];
        let px = base.map(|c| (c as i32 + noise()).clamp(0, 255) as u8);
        image::Rgb(px)
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 92)
        .encode_image(&img)
        .expect("encode");
    let tiff = exif(orientation);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(((app1.len() + 2) as u16).to_be_bytes());
    out.extend(app1);
    out.extend(&jpeg[2..]);
    out
}

/// Little-endian TIFF with Make, Orientation and a GPS IFD (latitude and longitude).
fn exif(orientation: u16) -> Vec<u8> {
    let make = b"BenchPhone\0";
    let mut t = b"II*\0".to_vec();
    t.extend(8u32.to_le_bytes());
    // IFD0 at 8: 3 entries → 2 + 36 + 4 = 42 bytes; Make data at 50; GPS IFD at 62.
    let make_at: u32 = 8 + 42;
    let gps_at = make_at + make.len() as u32 + 1;
    let entry = |t: &mut Vec<u8>, tag: u16, ty: u16, count: u32, value: [u8; 4]| {
        t.extend(tag.to_le_bytes());
        t.extend(ty.to_le_bytes());
        t.extend(count.to_le_bytes());
        t.extend(value);
    };
    t.extend(3u16.to_le_bytes());
    entry(&mut t, 0x010F, 2, make.len() as u32, make_at.to_le_bytes());
    let o = orientation.to_le_bytes();
    entry(&mut t, 0x0112, 3, 1, [o[0], o[1], 0, 0]);
    entry(&mut t, 0x8825, 4, 1, gps_at.to_le_bytes());
    t.extend(0u32.to_le_bytes());
    t.extend(make);
    t.push(0);
    // GPS IFD: 4 entries → 2 + 48 + 4 = 54 bytes, then two rationals triples.
    let lat_at = gps_at + 54;
    let lon_at = lat_at + 24;
    t.extend(4u16.to_le_bytes());
    entry(&mut t, 0x0001, 2, 2, *b"N\0\0\0");
    entry(&mut t, 0x0002, 5, 3, lat_at.to_le_bytes());
    entry(&mut t, 0x0003, 2, 2, *b"E\0\0\0");
    entry(&mut t, 0x0004, 5, 3, lon_at.to_le_bytes());
    t.extend(0u32.to_le_bytes());
    for (n, d) in [
        (29u32, 1u32),
        (1, 1),
        (3600, 100),
        (106, 1),
        (39, 1),
        (1234, 100),
    ] {
        t.extend(n.to_le_bytes());
        t.extend(d.to_le_bytes());
    }
    t
}

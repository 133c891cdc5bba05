//! Photos (issue 5): published upright, resized, without EXIF/GPS/maker/thumbnail/XMP/IPTC,
//! as `<picture>`/`<figure>` with alt, width and height; bad images are errors naming the file;
//! an unchanged rebuild decodes nothing; settings changes invalidate; unused cache entries go.

mod common;

use std::path::Path;

use common::{Fixture, snapshot, walk};
use image::{GenericImageView, Rgb, RgbImage};
use tongxin::pipeline::{self, BuildOptions};

/// Unique strings planted in the test photos' metadata; none may reach the output.
const MAKER: &str = "TongxinTestMaker";
const SECRETS: &[&str] = &[
    MAKER,
    "TXTEST-DATUM",
    "TXTEST-THUMBNAIL",
    "TXTEST-XMP",
    "TXTEST-IPTC",
    "TXTEST-COMMENT",
    "TXTEST-TRAILER",
];

/// An IFD entry: tag, type, count, value bytes (little-endian).
type Entry = (u16, u16, u32, Vec<u8>);

fn ifd_len(entries: &[Entry]) -> usize {
    2 + 12 * entries.len()
        + 4
        + entries
            .iter()
            .filter(|e| e.3.len() > 4)
            .map(|e| e.3.len().next_multiple_of(2))
            .sum::<usize>()
}

/// An IFD written at offset `at` of the TIFF data, pointing to `next`.
fn ifd(entries: &[Entry], at: usize, next: u32) -> Vec<u8> {
    let mut head = (entries.len() as u16).to_le_bytes().to_vec();
    let mut data = Vec::new();
    let data_at = at + 2 + 12 * entries.len() + 4;
    for (tag, ty, count, value) in entries {
        head.extend(tag.to_le_bytes());
        head.extend(ty.to_le_bytes());
        head.extend(count.to_le_bytes());
        if value.len() <= 4 {
            let mut v = value.clone();
            v.resize(4, 0);
            head.extend(v);
        } else {
            head.extend(((data_at + data.len()) as u32).to_le_bytes());
            data.extend(value);
            if data.len() % 2 == 1 {
                data.push(0);
            }
        }
    }
    head.extend(next.to_le_bytes());
    head.extend(data);
    head
}

fn ascii(s: &str) -> (u32, Vec<u8>) {
    let mut v = s.as_bytes().to_vec();
    v.push(0);
    (v.len() as u32, v)
}

fn rationals(v: &[(u32, u32)]) -> Vec<u8> {
    v.iter()
        .flat_map(|(n, d)| n.to_le_bytes().into_iter().chain(d.to_le_bytes()))
        .collect()
}

/// The latitude written into the GPS IFD (29° 1' 36.00"), searched for in the output.
fn latitude() -> Vec<u8> {
    rationals(&[(29, 1), (1, 1), (3600, 100)])
}

/// A JPEG thumbnail with a marker in a comment, as phones embed in IFD1.
fn thumbnail() -> Vec<u8> {
    let img = RgbImage::from_pixel(16, 12, Rgb([200, 10, 10]));
    let jpeg = encode(&img);
    let mut out = jpeg[..2].to_vec();
    out.extend(segment(0xFE, b"TXTEST-THUMBNAIL"));
    out.extend(&jpeg[2..]);
    out
}

/// TIFF/EXIF data: IFD0 with Make, Orientation and a GPS pointer, a GPS IFD, and IFD1 with a
/// JPEG thumbnail.
fn exif(orientation: u16) -> Vec<u8> {
    let (make_n, make) = ascii(MAKER);
    let thumb = thumbnail();
    let mut ifd0: Vec<Entry> = vec![
        (0x010F, 2, make_n, make),
        (0x0112, 3, 1, orientation.to_le_bytes().to_vec()),
        (0x8825, 4, 1, vec![0; 4]),
    ];
    let (n_ref, lat_ref) = ascii("N");
    let (e_ref, lon_ref) = ascii("E");
    let (d_n, datum) = ascii("TXTEST-DATUM");
    let gps: Vec<Entry> = vec![
        (0x0001, 2, n_ref, lat_ref),
        (0x0002, 5, 3, latitude()),
        (0x0003, 2, e_ref, lon_ref),
        (0x0004, 5, 3, rationals(&[(106, 1), (39, 1), (1234, 100)])),
        (0x0012, 2, d_n, datum),
    ];
    let ifd0_at = 8;
    let gps_at = ifd0_at + ifd_len(&ifd0);
    let ifd1_at = gps_at + ifd_len(&gps);
    let mut ifd1: Vec<Entry> = vec![
        (0x0201, 4, 1, vec![0; 4]),
        (0x0202, 4, 1, (thumb.len() as u32).to_le_bytes().to_vec()),
    ];
    let thumb_at = ifd1_at + ifd_len(&ifd1);
    ifd0[2].3 = (gps_at as u32).to_le_bytes().to_vec();
    ifd1[0].3 = (thumb_at as u32).to_le_bytes().to_vec();
    let mut tiff = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes());
    tiff.extend(ifd(&ifd0, ifd0_at, ifd1_at as u32));
    tiff.extend(ifd(&gps, gps_at, 0));
    tiff.extend(ifd(&ifd1, ifd1_at, 0));
    assert_eq!(tiff.len(), thumb_at);
    tiff.extend(thumb);
    tiff
}

fn segment(marker: u8, data: &[u8]) -> Vec<u8> {
    let mut v = vec![0xFF, marker];
    v.extend(((data.len() + 2) as u16).to_be_bytes());
    v.extend(data);
    v
}

fn encode(img: &RgbImage) -> Vec<u8> {
    encode_q(img, 90)
}

fn encode_q(img: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(img)
        .unwrap();
    out
}

/// A 640×480 phone photo as stored (sideways when `orientation` is 6 or 8): red top-left
/// quadrant, the rest grey, with EXIF (orientation, maker, GPS, thumbnail), XMP, IPTC, a
/// comment and a trailer after the end of the image.
fn phone_jpeg(orientation: u16) -> Vec<u8> {
    phone_jpeg_sized(orientation, 640, 480, 90)
}

/// [`phone_jpeg`] at another size and JPEG quality; below quality 90 the grey part has a
/// fine texture (so that encodings of different quality differ much in weight).
fn phone_jpeg_sized(orientation: u16, width: u32, height: u32, quality: u8) -> Vec<u8> {
    let img = RgbImage::from_fn(width, height, |x, y| {
        if x < width / 2 && y < height / 2 {
            Rgb([220, 20, 20])
        } else if quality < 90 {
            let v = 60 + ((x * x + 3 * y * y + x * y) % 97) as u8;
            Rgb([v, v, v])
        } else {
            Rgb([128, 128, 128])
        }
    });
    let jpeg = encode_q(&img, quality);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(exif(orientation));
    let mut out = jpeg[..2].to_vec();
    out.extend(segment(0xE1, &app1));
    out.extend(segment(
        0xE1,
        b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>TXTEST-XMP</x:xmpmeta>",
    ));
    out.extend(segment(0xED, b"Photoshop 3.0\08BIM TXTEST-IPTC"));
    out.extend(segment(0xFE, b"TXTEST-COMMENT"));
    out.extend(&jpeg[2..]);
    out.extend(b"TXTEST-TRAILER");
    out
}

/// Where the red corner of [`phone_jpeg`] is once upright, as (right, bottom) flags.
fn red_corner(img: &image::DynamicImage) -> (bool, bool) {
    let (w, h) = img.dimensions();
    let red = |x: u32, y: u32| {
        let p = img.get_pixel(x, y);
        p[0] > 180 && p[1] < 80 && p[2] < 80
    };
    let corners = [
        (false, false, red(w / 8, h / 8)),
        (true, false, red(w - 1 - w / 8, h / 8)),
        (false, true, red(w / 8, h - 1 - h / 8)),
        (true, true, red(w - 1 - w / 8, h - 1 - h / 8)),
    ];
    let found: Vec<(bool, bool)> = corners.iter().filter(|c| c.2).map(|c| (c.0, c.1)).collect();
    assert_eq!(found.len(), 1, "one red corner expected, got {found:?}");
    found[0]
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

const IMAGES_CONFIG: &str = "images:\n  widths: [160, 320]\n  quality: 80\n";

fn photo_site(name: &str) -> Fixture {
    let f = Fixture::site(name);
    f.write("config.yaml", &format!("{}{IMAGES_CONFIG}", common::CONFIG));
    f.write(
        "content/articles/visit/index.md",
        "---\ntitle: 走访慰问\ndate: 2026-05-21\ncover: right.jpg\n---\n\n区双拥办走访慰问。\n\n![走访现场](right.jpg \"走访慰问现场\")\n\n文中![](left.jpg)插图。\n\n[下载原图](linked.jpg)\n",
    );
    f.write_bytes("content/articles/visit/right.jpg", &phone_jpeg(6));
    f.write_bytes("content/articles/visit/left.jpg", &phone_jpeg(8));
    f.write_bytes("content/articles/visit/linked.jpg", &phone_jpeg(1));
    f.write_bytes("content/articles/visit/spare.jpg", &phone_jpeg(1));
    f.write(
        "content/profiles/zhang/index.md",
        "---\ntitle: 张某某\ndate: 2026-05-20\nhonor: 最美退役军人\nyear: 2026\nphoto: portrait.jpg\nphoto_alt: 张某某在社区服务站\nphoto_focus: center\nconsent: 2026-05-01\n---\n\n事迹。\n",
    );
    f.write_bytes("content/profiles/zhang/portrait.jpg", &phone_jpeg(6));
    f.write_bytes("static/banner.jpg", &phone_jpeg(1));
    f.write_bytes("static/sideways.jpg", &phone_jpeg(6));
    f.write(
        "static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\"><rect width=\"40\" height=\"20\"/></svg>",
    );
    f
}

#[test]
fn photos_are_upright_small_and_clean() {
    let f = photo_site("img-clean");
    let out = f.build_ok(&[]);
    assert!(
        out.contains("image/missing-alt") || out.contains("缺少替代文字"),
        "{out}"
    );
    let files = snapshot(&f.public());

    // No published file carries any of the metadata, in any format.
    for (path, bytes) in &files {
        assert!(!contains(bytes, b"Exif\0\0"), "EXIF in {path}");
        assert!(!contains(bytes, &latitude()), "GPS latitude in {path}");
        for s in SECRETS {
            assert!(!contains(bytes, s.as_bytes()), "{s} in {path}");
        }
    }

    // Originals embedded by pages are not published; linked and unembedded ones are, stripped.
    let a = "articles/visit/";
    assert!(!files.contains_key(&format!("{a}right.jpg")));
    assert!(!files.contains_key(&format!("{a}left.jpg")));
    assert!(!files.contains_key("profiles/zhang/portrait.jpg"));
    for kept in [
        format!("{a}linked.jpg"),
        format!("{a}spare.jpg"),
        "banner.jpg".into(),
        "sideways.jpg".into(),
        "logo.svg".into(),
    ] {
        assert!(files.contains_key(&kept), "{kept} missing");
    }

    // Orientation 6: stored 640×480, shown 480×640, red corner top-right.
    // Orientation 8: red corner bottom-left. Every width, JPEG and WebP alike.
    let check = |path: &str, size: (u32, u32), corner: (bool, bool)| {
        let img = image::load_from_memory(&files[path]).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(img.dimensions(), size, "{path}");
        assert_eq!(red_corner(&img), corner, "{path}");
    };
    for ext in ["jpg", "webp"] {
        check(&format!("{a}right-320w.{ext}"), (320, 427), (true, false));
        check(&format!("{a}right-160w.{ext}"), (160, 213), (true, false));
        check(&format!("{a}left-320w.{ext}"), (320, 427), (false, true));
        check(&format!("{a}left-160w.{ext}"), (160, 213), (false, true));
    }
    // Never upscaled: 480 wide upright, widths 160 and 320 and nothing larger.
    assert!(!files.keys().any(|k| k.contains("right-480w")));
    // The unembedded sideways static photo is re-encoded upright at full size.
    check("sideways.jpg", (480, 640), (true, false));
    // Stripped losslessly when upright: same pixels as the source's compressed data.
    check("banner.jpg", (640, 480), (false, false));
    // The profile portrait: 3:4 crop of the upright 480×640 photo (already 3:4).
    check(
        "profiles/zhang/portrait-3x4c-320w.jpg",
        (320, 427),
        (true, false),
    );

    // HTML: a titled image alone in its paragraph is a figure; every <img> has alt, width,
    // height; pictures offer WebP.
    let html = f.read("articles/visit/index.html");
    assert!(
        html.contains("<figure><picture><source type=\"image/webp\"")
            && html.contains("<figcaption>走访慰问现场</figcaption></figure>"),
        "{html}"
    );
    assert!(html.contains("right-320w.jpg 320w") && html.contains("loading=\"lazy\""));
    assert!(html.contains("href=\"../../articles/visit/linked.jpg\""));
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let text = String::from_utf8_lossy(bytes);
        for tag in text.split("<img").skip(1) {
            let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
            for attr in [" alt=", " width=", " height="] {
                assert!(tag.contains(attr), "{path}: <img{tag}> lacks{attr}");
            }
        }
    }
    // Open Graph shares the cover's largest JPEG; the profile card uses the portrait crop.
    assert!(html.contains(
        "og:image\" content=\"https://test.example.gov.cn/articles/visit/right-320w.jpg\""
    ));
    let profiles = f.read("profiles/index.html");
    assert!(
        profiles.contains("portrait-3x4c-160w.webp 160w"),
        "{profiles}"
    );

    // Every link the pages make, srcset included, lands on a published file.
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let text = String::from_utf8_lossy(bytes);
        for set in text.split("srcset=\"").skip(1) {
            let set = &set[..set.find('"').unwrap_or(0)];
            for candidate in set.split(", ") {
                let url = candidate.split(' ').next().unwrap_or("");
                let dir = Path::new(path).parent().unwrap();
                let target = common::html_unescape(url);
                let resolved = normalize(&dir.join(target));
                assert!(files.contains_key(&resolved), "{path}: {url} → {resolved}");
            }
        }
    }
}

fn normalize(p: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(s) => parts.push(s.to_string_lossy().to_string()),
            _ => {}
        }
    }
    parts.join("/")
}

fn build(root: &Path) -> pipeline::BuildReport {
    pipeline::build(&BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    })
    .unwrap_or_else(|d| panic!("{}", d.render(tongxin::i18n::Lang::En, false)))
}

fn cache_entries(root: &Path) -> usize {
    walk(&root.join(".tongxin-cache/images/entries"))
        .iter()
        .filter(|p| p.ends_with("meta.json"))
        .count()
}

#[test]
fn unchanged_rebuild_decodes_nothing_and_settings_invalidate() {
    let f = photo_site("img-cache");
    let first = build(&f.root);
    assert_eq!(first.images.decoded, 4, "{:?}", first.images);
    let before = snapshot(&f.public());
    let entries = cache_entries(&f.root);

    // Unchanged: nothing read, nothing decoded, same bytes out.
    let second = build(&f.root);
    assert_eq!(
        (
            second.images.decoded,
            second.images.read,
            second.images.made
        ),
        (0, 0, 0),
        "{:?}",
        second.images
    );
    assert_eq!(snapshot(&f.public()), before);

    // The quality is part of the key: everything is made again, the old entries pruned.
    f.write(
        "config.yaml",
        &format!(
            "{}images:\n  widths: [160, 320]\n  quality: 60\n",
            common::CONFIG
        ),
    );
    let third = build(&f.root);
    assert_eq!(third.images.decoded, 4, "{:?}", third.images);
    assert_eq!(third.images.pruned, entries, "{:?}", third.images);
    assert_eq!(cache_entries(&f.root), entries);
    let smaller = snapshot(&f.public());
    assert!(
        smaller["articles/visit/right-320w.jpg"].len()
            < before["articles/visit/right-320w.jpg"].len()
    );

    // An image no longer used: its entry goes; the rest stays cached.
    f.write(
        "content/articles/visit/index.md",
        "---\ntitle: 走访慰问\ndate: 2026-05-21\ncover: right.jpg\n---\n\n正文。\n",
    );
    std::fs::remove_file(f.root.join("content/articles/visit/left.jpg")).unwrap();
    let fourth = build(&f.root);
    assert_eq!(fourth.images.decoded, 0, "{:?}", fourth.images);
    assert_eq!(fourth.images.pruned, 1, "{:?}", fourth.images);
    assert!(!f.public().join("articles/visit/left-320w.jpg").exists());

    // A changed photo (same name) is processed again.
    f.write_bytes("content/articles/visit/right.jpg", &phone_jpeg(8));
    let fifth = build(&f.root);
    assert_eq!(fifth.images.decoded, 1, "{:?}", fifth.images);
    let img = image::open(f.public().join("articles/visit/right-320w.jpg")).unwrap();
    assert_eq!(red_corner(&img), (false, true));
}

#[test]
fn an_upright_photo_at_its_own_width_is_published_as_itself_stripped() {
    // At quality 100 a new encoding weighs more than the source (quality 85): the source,
    // stripped, is published instead, with no second generation of loss.
    let f = Fixture::site("img-itself");
    f.write(
        "config.yaml",
        &format!(
            "{}images:\n  widths: [160, 1600]\n  quality: 100\n",
            common::CONFIG
        ),
    );
    f.write(
        "content/articles/small/index.md",
        "---\ntitle: 小图\ndate: 2026-05-21\n---\n\n![会场](small.jpg)\n",
    );
    let source = phone_jpeg_sized(1, 300, 200, 85);
    f.write_bytes("content/articles/small/small.jpg", &source);
    f.build_ok(&[]);
    let files = snapshot(&f.public());
    let full = &files["articles/small/small-300w.jpg"];
    let reduced = &files["articles/small/small-160w.jpg"];
    for s in SECRETS {
        assert!(!contains(full, s.as_bytes()), "{s}");
    }
    assert!(!contains(full, b"Exif\0\0") && full.len() < source.len());
    // The source is baseline (SOF0); tongxin's own encodings are progressive (SOF2).
    assert!(contains(full, &[0xFF, 0xC0]) && !contains(full, &[0xFF, 0xC2]));
    assert!(contains(reduced, &[0xFF, 0xC2]));
    let img = image::load_from_memory(full).unwrap();
    assert_eq!(img.dimensions(), (300, 200));
    assert_eq!(red_corner(&img), (false, false));
}

#[test]
fn bad_images_are_errors_that_name_the_file() {
    let f = Fixture::site("img-bad");
    let good = phone_jpeg(1);
    let mut bomb = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bomb.extend(50_000u32.to_be_bytes());
    bomb.extend(50_000u32.to_be_bytes());
    bomb.extend([8, 2, 0, 0, 0, 0x8d, 0x32, 0xcf, 0xbd]);
    bomb.extend(b"\0\0\0\0IEND\xaeB`\x82");
    f.write(
        "content/articles/bad/index.md",
        "---\ntitle: 坏图片\ndate: 2026-05-21\n---\n\n![截断](cut.jpg)\n\n![炸弹](bomb.png)\n\n![苹果照片](photo.heic)\n",
    );
    f.write_bytes("content/articles/bad/cut.jpg", &good[..good.len() / 2]);
    f.write_bytes("content/articles/bad/bomb.png", &bomb);
    f.write_bytes(
        "content/articles/bad/photo.heic",
        b"\0\0\0\x18ftypheic\0\0\0\0mif1heic",
    );
    f.write(
        "static/evil.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
    );
    f.write(
        "static/tracker.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><image href=\"https://tracker.example/p.png\"/></svg>",
    );
    let started = std::time::Instant::now();
    let err = f.build_err();
    assert!(started.elapsed().as_secs() < 30);
    assert!(!err.contains("panicked"), "{err}");
    for (file, words) in [
        ("content/articles/bad/cut.jpg", "不完整"),
        ("content/articles/bad/bomb.png", "50000×50000"),
        ("content/articles/bad/photo.heic", "HEIC"),
        ("static/evil.svg", "脚本"),
        ("static/tracker.svg", "https://tracker.example/p.png"),
    ] {
        let line = err
            .lines()
            .find(|l| l.contains(file))
            .unwrap_or_else(|| panic!("{file} not named:\n{err}"));
        assert!(line.contains(words), "{line}");
    }
    // Errors in Markdown images point at the line that embeds them.
    assert!(err.contains("content/articles/bad/index.md:6:"), "{err}");
    // Nothing was published.
    assert!(!f.public().exists());
}

#[test]
fn profile_photo_needs_alt_text() {
    let f = Fixture::site("img-alt");
    f.write(
        "content/profiles/li/index.md",
        "---\ntitle: 李某某\ndate: 2026-05-20\nhonor: 最美军嫂\nyear: 2026\nphoto: p.jpg\nconsent: 2026-05-01\n---\n\n事迹。\n",
    );
    f.write_bytes("content/profiles/li/p.jpg", &phone_jpeg(1));
    let err = f.build_err();
    assert!(err.contains("photo_alt"), "{err}");
    assert!(err.contains("content/profiles/li/index.md:6:"), "{err}");
}

#[test]
fn print_pages_use_the_largest_jpeg_and_load_it_at_once() {
    let f = photo_site("img-print");
    f.write(
        "content/briefings/jianbao-2026-05.md",
        "---\ntitle: 第5期\ndate: 2026-05-28\nseries: jianbao\nissue: 5\nitems: [articles/visit/index.md]\n---\n",
    );
    f.build_ok(&[]);
    let print = f.read("briefings/jianbao-2026-05/print/index.html");
    assert!(
        print.contains("src=\"../../../articles/visit/right-320w.jpg\""),
        "{print}"
    );
    assert!(!print.contains("srcset") && !print.contains("loading=\"lazy\""));
}

#[test]
fn demo_photos_go_through_the_pipeline() {
    let f = Fixture::demo("img-demo");
    f.build_ok(&[]);
    let files = snapshot(&f.public());
    let jpegs: Vec<&String> = files.keys().filter(|k| k.ends_with(".jpg")).collect();
    assert!(
        jpegs
            .iter()
            .any(|k| k.starts_with("profiles/") && k.contains("-3x4-")),
        "{jpegs:?}"
    );
    for (path, bytes) in &files {
        assert!(!contains(bytes, b"Exif\0\0"), "EXIF in {path}");
    }
    for p in [
        "profiles/zhang-jianguo/portrait.jpg",
        "articles/2026-07-bayi-weiwen/photo1.jpg",
    ] {
        assert!(!files.contains_key(p), "original {p} published");
    }
    let gitignore = Fixture::empty("img-init");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tongxin"))
        .arg("init")
        .arg(gitignore.root.join("site"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = std::fs::read_to_string(gitignore.root.join("site/.gitignore")).unwrap();
    assert!(text.lines().any(|l| l == "/.tongxin-cache"), "{text}");
}

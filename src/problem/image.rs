//! Why an image cannot be published, and the limits the image step enforces.

use crate::i18n::Lang;

/// The widest or tallest image tongxin decodes, in pixels.
pub const MAX_SIDE: u32 = 20_000;

/// The most memory one decoded image may need, in bytes.
pub const MAX_BYTES: u64 = 512 * 1024 * 1024;

/// Why an image cannot be published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageFailure {
    /// The file ends before the image does (an interrupted copy or upload).
    Truncated,
    /// The data is damaged (the decoder's words).
    Corrupt(String),
    /// A format tongxin does not publish (HEIC, AVIF, TIFF, BMP …).
    Unsupported(String),
    /// Wider or taller than [`MAX_SIDE`].
    TooLarge { width: u32, height: u32 },
    /// Its pixels would need more memory than [`MAX_BYTES`].
    TooMuchMemory { width: u32, height: u32 },
    /// The decoder crashed on it.
    Crashed,
    /// Encoding the published copy failed.
    Encode(String),
}

impl ImageFailure {
    /// Stable id for `--format json`.
    pub fn id(&self) -> &'static str {
        match self {
            ImageFailure::Truncated => "image/truncated",
            ImageFailure::Corrupt(_) | ImageFailure::Crashed => "image/corrupt",
            ImageFailure::Unsupported(_) => "image/unsupported",
            ImageFailure::TooLarge { .. } | ImageFailure::TooMuchMemory { .. } => "image/too-large",
            ImageFailure::Encode(_) => "image/encode",
        }
    }

    /// The headline, naming the file.
    pub fn message(&self, file: &str, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            ImageFailure::Truncated => {
                if zh {
                    format!("图片无法解码：{file} 不完整（文件在图片结束前就断了）")
                } else {
                    format!("cannot decode image {file}: the file is truncated")
                }
            }
            ImageFailure::Corrupt(d) => {
                if zh {
                    format!("图片无法解码：{file} 已损坏（{d}）")
                } else {
                    format!("cannot decode image {file}: it is damaged ({d})")
                }
            }
            ImageFailure::Crashed => {
                if zh {
                    format!("图片无法解码：{file} 已损坏（解码程序无法处理）")
                } else {
                    format!("cannot decode image {file}: the decoder could not handle it")
                }
            }
            ImageFailure::Unsupported(f) => {
                if zh {
                    format!("不支持的图片格式：{file}（{f}）")
                } else {
                    format!("unsupported image format: {file} ({f})")
                }
            }
            ImageFailure::TooLarge { width, height } => {
                if zh {
                    format!(
                        "图片尺寸超出限制：{file} 为 {width}×{height} 像素（每边最多 {} 像素）",
                        MAX_SIDE
                    )
                } else {
                    format!(
                        "image too large: {file} is {width}×{height} pixels (at most {} a side)",
                        MAX_SIDE
                    )
                }
            }
            ImageFailure::TooMuchMemory { width, height } => {
                if zh {
                    format!(
                        "图片尺寸超出限制：{file} 为 {width}×{height} 像素，解码需要的内存超过 {} MiB",
                        MAX_BYTES >> 20
                    )
                } else {
                    format!(
                        "image too large: {file} is {width}×{height} pixels and would need more than {} MiB",
                        MAX_BYTES >> 20
                    )
                }
            }
            ImageFailure::Encode(d) => {
                if zh {
                    format!("图片 {file} 转换失败（{d}）")
                } else {
                    format!("could not convert image {file} ({d})")
                }
            }
        }
    }

    /// What to do about it.
    pub fn hint(&self, lang: Lang) -> String {
        match self {
            ImageFailure::Truncated | ImageFailure::Corrupt(_) | ImageFailure::Crashed => lang.pick(
                "从相机或手机重新导出这张照片，再复制到网站目录；先在看图软件中确认它能完整打开。",
                "export the photo again from the camera or phone and copy it in; check that it opens completely in a viewer first.",
            ),
            ImageFailure::Unsupported(_) => lang.pick(
                "用看图软件或手机把照片另存为 JPEG（.jpg）或 PNG 格式（苹果手机：设置 > 相机 > 格式 > 兼容性最佳）。",
                "save the picture as JPEG (.jpg) or PNG (on an iPhone: Settings > Camera > Formats > Most Compatible).",
            ),
            ImageFailure::TooLarge { .. } | ImageFailure::TooMuchMemory { .. } => lang.pick(
                "用看图软件把图片缩小（例如长边 4000 像素）后再放入网站目录。",
                "scale the picture down (e.g. 4000 pixels on the long side) before adding it.",
            ),
            ImageFailure::Encode(_) => lang.pick(
                "换一张图片试试；如果问题依旧，请把这张图片发给维护人员。",
                "try another picture; if it persists, send this one to the maintainers.",
            ),
        }
        .to_string()
    }
}

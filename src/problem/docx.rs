//! What can go wrong writing Word files (`tongxin docx`), in both languages. The choice of
//! briefings shares `pdf`'s problems (`pdf/unknown`, `pdf/nothing`); these are the Word
//! channel's own.

use std::path::PathBuf;

use crate::i18n::Lang;
use crate::text::display_path;

/// A Word channel problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocxProblem {
    /// `--out` inside the website output, where internal issues would be published.
    IntoWebsite {
        /// The refused folder.
        path: PathBuf,
    },
    /// The .docx package of a page could not be assembled.
    Package {
        /// The page's content file.
        page: String,
        /// What failed.
        detail: String,
    },
    /// A picture of the body could not be embedded (warning): its alt text stands in for it.
    ImageLeftOut {
        /// The image as the page names it.
        image: String,
    },
}

impl DocxProblem {
    /// A stable id.
    pub fn id(&self) -> &'static str {
        match self {
            DocxProblem::IntoWebsite { .. } => "docx/into-website",
            DocxProblem::Package { .. } => "docx/package",
            DocxProblem::ImageLeftOut { .. } => "docx/image-left-out",
        }
    }

    /// The message.
    pub fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            DocxProblem::IntoWebsite { path } => {
                if zh {
                    format!("Word 文件不能写进网站输出目录 {}", display_path(path))
                } else {
                    format!(
                        "Word files cannot go inside the website output {}",
                        display_path(path)
                    )
                }
            }
            DocxProblem::Package { page, detail } => {
                if zh {
                    format!("{page} 的 Word 文件无法生成：{detail}")
                } else {
                    format!("the Word file of {page} could not be made: {detail}")
                }
            }
            DocxProblem::ImageLeftOut { image } => {
                if zh {
                    format!(
                        "图片 {image} 没有放进 Word 文件（只能嵌入本站处理过的 JPEG、PNG、WebP 照片），以图片说明代替"
                    )
                } else {
                    format!(
                        "image {image} was left out of the Word file (only the site's processed JPEG, PNG and WebP photos are embedded); its description stands in"
                    )
                }
            }
        }
    }

    /// What to do about it.
    pub fn hint(&self, lang: Lang) -> String {
        match self {
            DocxProblem::IntoWebsite { .. } => lang.pick(
                "去掉 --out（默认写到网站目录下的 docx/），或指定网站输出目录以外的目录：内部专报不能进网站。",
                "drop --out (Word files go to docx/ by default) or choose a folder outside the website output: internal issues must never reach the website.",
            ),
            DocxProblem::Package { .. } => lang.pick(
                "检查输出目录能否写入、磁盘是否已满；问题仍在时请报告此错误。",
                "check that the output folder is writable and the disk not full; report the error if it persists.",
            ),
            DocxProblem::ImageLeftOut { .. } => lang.pick(
                "把图片存为本站的 JPEG 或 PNG 照片；需要时可在 Word 中手工插入。",
                "store the picture as a JPEG or PNG photo of the site; it can also be inserted by hand in Word.",
            ),
        }
        .into()
    }
}

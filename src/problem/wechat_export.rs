//! What can go wrong exporting pages for a 公众号 (`tongxin wechat`), in both languages. (The
//! upload's problems are in `wechat.rs`.) The numbers the checks compare against live in
//! `crate::channels::wechat::limits`; they travel here inside the problem so the words can name
//! them.

use std::path::PathBuf;

use crate::i18n::Lang;
use crate::text::display_path;

/// Why a named page cannot be exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Withheld {
    /// A draft (never published anywhere).
    Draft,
    /// `visibility: internal` (never published; a 公众号 article is publishing).
    Internal,
    /// A kind with no 公众号 form (documents, single pages).
    Kind,
}

/// A 公众号 export problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WechatProblem {
    /// A name on the command line that designates no exportable page.
    UnknownPage {
        /// As typed.
        name: String,
        /// The closest exportable page name.
        suggestion: Option<String>,
    },
    /// A named page that is never exported.
    Withheld {
        /// As typed.
        name: String,
        /// Why.
        why: Withheld,
    },
    /// No page named, no `--all`, no `--since`.
    NothingChosen,
    /// `--out` inside the website output.
    IntoWebsite {
        /// The refused folder.
        path: PathBuf,
    },
    /// The title is longer than WeChat takes.
    TitleTooLong {
        /// Its characters.
        chars: usize,
        /// The limit.
        max: usize,
    },
    /// The author is longer than WeChat takes.
    AuthorTooLong {
        /// Its characters.
        chars: usize,
        /// The limit.
        max: usize,
    },
    /// The summary is longer than WeChat's digest: it was cut (warning).
    DigestCut {
        /// Its characters.
        chars: usize,
        /// The limit.
        max: usize,
    },
    /// The article, inlined, has too many characters.
    ContentTooLong {
        /// Characters of `article.html`.
        chars: usize,
        /// The limit (exclusive).
        max: usize,
    },
    /// The article, inlined, is too large.
    ContentTooLarge {
        /// Bytes of `article.html`.
        bytes: usize,
        /// The limit (exclusive).
        max: usize,
    },
    /// An image the export leaves out: a remote address, SVG or GIF (warning).
    ImageLeftOut {
        /// The image as written or its site path.
        image: String,
    },
    /// An image that stays over WeChat's size limit even at low quality.
    ImageTooLarge {
        /// Site path.
        image: String,
        /// Bytes at the lowest quality tried.
        bytes: usize,
    },
}

impl WechatProblem {
    /// Stable id.
    pub fn id(&self) -> &'static str {
        match self {
            WechatProblem::UnknownPage { .. } => "wechat/unknown-page",
            WechatProblem::Withheld { .. } => "wechat/withheld",
            WechatProblem::NothingChosen => "wechat/nothing",
            WechatProblem::IntoWebsite { .. } => "wechat/into-website",
            WechatProblem::TitleTooLong { .. } => "wechat/title-too-long",
            WechatProblem::AuthorTooLong { .. } => "wechat/author-too-long",
            WechatProblem::DigestCut { .. } => "wechat/digest-cut",
            WechatProblem::ContentTooLong { .. } => "wechat/content-too-long",
            WechatProblem::ContentTooLarge { .. } => "wechat/content-too-large",
            WechatProblem::ImageLeftOut { .. } => "wechat/image-left-out",
            WechatProblem::ImageTooLarge { .. } => "wechat/image-too-large",
        }
    }

    /// The headline.
    pub fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            WechatProblem::UnknownPage { name, .. } => {
                if zh {
                    format!("没有名为“{name}”的可导出文章、人物或简报")
                } else {
                    format!("no article, profile or briefing named “{name}” to export")
                }
            }
            WechatProblem::Withheld { name, why } => match (why, zh) {
                (Withheld::Draft, true) => format!("“{name}”是草稿，不能导出到公众号"),
                (Withheld::Draft, false) => format!("“{name}” is a draft and is never exported"),
                (Withheld::Internal, true) => {
                    format!("“{name}”标为内部（visibility: internal），不能导出到公众号")
                }
                (Withheld::Internal, false) => {
                    format!("“{name}” is internal and is never exported")
                }
                (Withheld::Kind, true) => {
                    format!("“{name}”不是文章、人物或简报，没有公众号版")
                }
                (Withheld::Kind, false) => {
                    format!("“{name}” is no article, profile or briefing: it has no 公众号 form")
                }
            },
            WechatProblem::NothingChosen => lang
                .pick("没有指定要导出的内容", "nothing chosen to export")
                .into(),
            WechatProblem::IntoWebsite { path } => {
                if zh {
                    format!("公众号导出不能写进网站输出目录 {}", display_path(path))
                } else {
                    format!(
                        "the 公众号 export cannot go inside the website output {}",
                        display_path(path)
                    )
                }
            }
            WechatProblem::TitleTooLong { chars, max } => {
                if zh {
                    format!("标题有 {chars} 个字，公众号最多 {max} 个字")
                } else {
                    format!("the title has {chars} characters; WeChat takes at most {max}")
                }
            }
            WechatProblem::AuthorTooLong { chars, max } => {
                if zh {
                    format!("作者有 {chars} 个字，公众号最多 {max} 个字")
                } else {
                    format!("the author has {chars} characters; WeChat takes at most {max}")
                }
            }
            WechatProblem::DigestCut { chars, max } => {
                if zh {
                    format!("摘要有 {chars} 个字，公众号摘要最多 {max} 个字，已截短")
                } else {
                    format!(
                        "the summary has {chars} characters; WeChat's digest takes {max}, so it was cut"
                    )
                }
            }
            WechatProblem::ContentTooLong { chars, max } => {
                if zh {
                    format!("公众号版正文有 {chars} 个字符（含排版代码），须少于 {max} 个")
                } else {
                    format!(
                        "the 公众号 article has {chars} characters with its markup; it must stay under {max}"
                    )
                }
            }
            WechatProblem::ContentTooLarge { bytes, max } => {
                if zh {
                    format!("公众号版正文有 {bytes} 字节，须小于 {max} 字节（1 MB）")
                } else {
                    format!("the 公众号 article is {bytes} bytes; it must stay under {max} (1 MB)")
                }
            }
            WechatProblem::ImageLeftOut { image } => {
                if zh {
                    format!("图片 {image} 没有放进公众号版（只支持本站的 JPEG、PNG、WebP 照片）")
                } else {
                    format!(
                        "image {image} was left out of the 公众号 article (only the site's own JPEG, PNG and WebP photos are exported)"
                    )
                }
            }
            WechatProblem::ImageTooLarge { image, bytes } => {
                if zh {
                    format!("图片 {image} 压缩后仍有 {bytes} 字节，超过公众号 1 MB 的限制")
                } else {
                    format!("image {image} is still {bytes} bytes compressed, over WeChat's 1 MB")
                }
            }
        }
    }

    /// What to do about it.
    pub fn hint(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            WechatProblem::UnknownPage { suggestion, .. } => match (suggestion, zh) {
                (Some(s), true) => format!("是不是“{s}”？可以写文章的网址名、网址或文件名，或用 --all 导出全部。"),
                (Some(s), false) => format!("did you mean “{s}”? Name a page by slug, site path or file, or use --all."),
                (None, true) => "可以写文章、人物或简报的网址名、网址或文件名，或用 --all 导出全部、--since 日期 导出该日期以来的内容。".into(),
                (None, false) => "name an article, profile or briefing by slug, site path or file, or use --all or --since DATE.".into(),
            },
            WechatProblem::Withheld { why, .. } => match why {
                Withheld::Draft => lang.pick("审定后删去 draft（草稿）这一行，再导出。", "remove the draft line once the text is approved, then export."),
                Withheld::Internal => lang.pick("内部内容只能打印（tongxin pdf），不能在公众号发布。", "internal content is only printable (tongxin pdf), never published to a 公众号."),
                Withheld::Kind => lang.pick("政策文件和单页请在网站上发布；公众号文章可用链接指向网站。", "publish documents and single pages on the website; a 公众号 article can point to them."),
            }
            .into(),
            WechatProblem::NothingChosen => lang
                .pick(
                    "写出要导出的文章网址名，或用 --all 导出全部、--since 2026-05-01 导出该日期以来的内容。",
                    "name the pages to export, or use --all, or --since 2026-05-01.",
                )
                .into(),
            WechatProblem::IntoWebsite { .. } => lang
                .pick(
                    "去掉 --out（默认写到网站目录下的 wechat/），或指定网站输出目录以外的目录。",
                    "drop --out (the export goes to wechat/ by default) or choose a folder outside the website output.",
                )
                .into(),
            WechatProblem::TitleTooLong { .. } => lang
                .pick(
                    "在公众号后台填写一个更短的标题；网站上的标题可以不变。",
                    "give the 公众号 article a shorter title in the editor; the website's title may stay.",
                )
                .into(),
            WechatProblem::AuthorTooLong { .. } => lang
                .pick(
                    "作者栏只写一两个人名，单位可写在“来源”里。",
                    "write one or two names as author; the office can go in source (来源).",
                )
                .into(),
            WechatProblem::DigestCut { .. } => lang
                .pick(
                    "digest.txt 中是截短后的摘要；需要时在公众号后台改写。",
                    "digest.txt holds the cut summary; rewrite it in the editor if needed.",
                )
                .into(),
            WechatProblem::ContentTooLong { .. } | WechatProblem::ContentTooLarge { .. } => lang
                .pick(
                    "把文章分成上下两篇，或删去部分表格和代码。",
                    "split the article in two, or drop some tables or code.",
                )
                .into(),
            WechatProblem::ImageLeftOut { .. } => lang
                .pick(
                    "把图片下载到文章目录，用 JPEG 或 PNG 格式，再用 `![说明](图片.jpg)` 引用。",
                    "save the picture beside the article as JPEG or PNG and embed it with `![alt](photo.jpg)`.",
                )
                .into(),
            WechatProblem::ImageTooLarge { .. } => lang
                .pick(
                    "换一张细节少一些的图片，或裁掉不需要的部分。",
                    "use a simpler picture or crop what is not needed.",
                )
                .into(),
        }
    }
}

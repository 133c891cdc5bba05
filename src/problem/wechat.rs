//! Why `tongxin wechat --upload` could not put an article into the 公众号's draft box: missing
//! credentials, an exported folder WeChat would refuse, and WeChat's own error codes in words.
//!
//! The AppSecret never reaches these values: whoever builds them removes it (and the access
//! token) from every text that came from the network or the HTTP client.

use std::time::Duration;

use crate::i18n::Lang;

/// Which request to WeChat failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    /// `stable_token`: getting the access token.
    Token,
    /// `media/uploadimg`: an image of the article.
    UploadImage,
    /// `material/add_material`: the cover.
    UploadCover,
    /// `draft/add`: the draft itself.
    AddDraft,
}

impl Call {
    fn doing(self, lang: Lang) -> &'static str {
        match self {
            Call::Token => lang.pick("获取 access_token", "getting the access token"),
            Call::UploadImage => lang.pick("上传正文图片", "uploading an image"),
            Call::UploadCover => lang.pick("上传封面", "uploading the cover"),
            Call::AddDraft => lang.pick("新建草稿", "creating the draft"),
        }
    }
}

/// A part of the article WeChat limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// 标题.
    Title,
    /// 作者.
    Author,
    /// 摘要.
    Digest,
    /// 正文, counted in characters.
    Content,
    /// 正文, counted in bytes (UTF-8).
    ContentBytes,
}

impl Field {
    fn name(self, lang: Lang) -> &'static str {
        match self {
            Field::Title => lang.pick("标题", "the title"),
            Field::Author => lang.pick("作者", "the author"),
            Field::Digest => lang.pick("摘要", "the digest"),
            Field::Content | Field::ContentBytes => lang.pick("正文", "the content"),
        }
    }
}

/// What went wrong on the way to the draft box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WechatFailure {
    /// An environment variable with a credential is not set (or empty).
    MissingCredential {
        /// The variable to set.
        var: &'static str,
    },
    /// `TONGXIN_WECHAT_API` is not an `https://` address (plain `http://` only on this machine).
    InsecureApi {
        /// The value given.
        base: String,
    },
    /// The folder has no `manifest.json`: it is not a `tongxin wechat` export.
    NotExported,
    /// `manifest.json` is malformed or breaks the export's rules.
    ManifestInvalid {
        /// Chinese words.
        zh: String,
        /// English words.
        en: String,
    },
    /// No cover: `draft/add` requires one.
    NoCover,
    /// A required part is empty.
    Empty {
        /// Which part.
        field: Field,
    },
    /// A part is longer than WeChat takes.
    TooLong {
        /// Which part.
        field: Field,
        /// Its length (characters, or bytes for [`Field::ContentBytes`]).
        len: usize,
        /// WeChat's limit in the same unit (inclusive for title, author and digest; the content
        /// must stay below it).
        max: usize,
    },
    /// An image that is neither JPEG nor PNG.
    ImageFormat,
    /// An image too large for WeChat.
    ImageTooLarge {
        /// Its size.
        bytes: u64,
        /// The size it must stay below.
        max: u64,
    },
    /// An image of the article that is not among the exported images, so it would not be
    /// uploaded and WeChat would drop it.
    ImageNotUploaded {
        /// Its `src`.
        src: String,
    },
    /// `manifest.json` lists an image whose `src` is not in `article.html`.
    SrcNotInArticle {
        /// The `src` listed.
        src: String,
    },
    /// WeChat answered with an error code.
    Api {
        /// The request.
        call: Call,
        /// `errcode`.
        code: i64,
        /// `errmsg` (shortened, credentials removed).
        errmsg: String,
    },
    /// WeChat answered with an HTTP error status and no error code.
    HttpStatus {
        /// The request.
        call: Call,
        /// The status.
        status: u16,
    },
    /// An answer that is not what WeChat documents (not JSON, a field missing, too long).
    BadAnswer {
        /// The request.
        call: Call,
        /// What was wrong.
        detail: String,
    },
    /// No answer within the timeout.
    Timeout {
        /// The request.
        call: Call,
        /// The timeout.
        after: Duration,
    },
    /// The connection could not be made or broke off.
    Connection {
        /// The request.
        call: Call,
        /// The HTTP client's words (credentials removed).
        detail: String,
    },
    /// Not every folder was uploaded, but some drafts were made (warning): they are in the draft
    /// box and should not be uploaded twice.
    Interrupted {
        /// (folder, media_id) of each draft made.
        created: Vec<(String, String)>,
    },
}

/// The IP address in an errmsg such as `invalid ip 1.2.3.4 ipv6 ::ffff:1.2.3.4, not in whitelist`.
fn ip_in(errmsg: &str) -> Option<&str> {
    let rest = &errmsg[errmsg.find("invalid ip ")? + "invalid ip ".len()..];
    let ip = rest.split([' ', ',']).next()?;
    (!ip.is_empty()
        && ip
            .chars()
            .all(|c| c.is_ascii_hexdigit() || c == '.' || c == ':'))
    .then_some(ip)
}

/// WeChat's error codes in words: the reason for the message, and what to do.
fn api_words(call: Call, code: i64, errmsg: &str, lang: Lang) -> (String, String) {
    let zh = lang == Lang::Zh;
    let settings = lang.pick(
        "微信公众平台（mp.weixin.qq.com）登录后，「设置与开发 → 基本配置」（新版后台为「设置与开发 → 开发接口管理」）",
        "the 公众号 back office (mp.weixin.qq.com), 设置与开发 → 基本配置 (开发接口管理 in the newer layout)",
    );
    let (why, what): (String, String) = match code {
        -1 => (
            lang.pick("微信系统繁忙（-1）", "WeChat is busy (-1)").into(),
            lang.pick("过几分钟再运行一次；已创建的草稿不要重复上传。", "run it again in a few minutes; do not upload drafts already made again.").into(),
        ),
        40001 | 40014 | 42001 if call != Call::Token => (
            lang.pick(
                "access_token 无效或已被刷新，重新获取后仍然无效",
                "the access token is invalid or was replaced, and again after a refresh",
            )
            .into(),
            lang.pick(
                "可能有其他程序（如第三方编辑器或平台）在频繁刷新同一公众号的 access_token；也请检查本机时间是否准确。稍后再试。",
                "another program (an editor or platform) may keep refreshing the account's access token; check this machine's clock too. Try again later.",
            )
            .into(),
        ),
        40001 | 40125 => (
            lang.pick(
                "AppSecret 无效或已重置（40001/40125）",
                "the AppSecret is invalid or was reset (40001/40125)",
            )
            .into(),
            if zh {
                format!("在{settings}中核对 AppSecret（重置后旧的立即失效），再设置环境变量 TONGXIN_WECHAT_APPSECRET。")
            } else {
                format!("check the AppSecret in {settings} (resetting it voids the old one) and set TONGXIN_WECHAT_APPSECRET.")
            },
        ),
        40013 => (
            lang.pick("AppID 无效（40013）", "the AppID is invalid (40013)").into(),
            if zh {
                format!("在{settings}中复制「开发者ID（AppID）」，设置环境变量 TONGXIN_WECHAT_APPID；注意不要填成原始ID（gh_ 开头）。")
            } else {
                format!("copy the developer ID (AppID) from {settings} into TONGXIN_WECHAT_APPID (not the gh_ original ID).")
            },
        ),
        40164 | 61004 => {
            let ip = ip_in(errmsg);
            (
                match (zh, ip) {
                    (true, Some(ip)) => format!("本机的公网 IP {ip} 不在公众号的 IP 白名单中（{code}）"),
                    (true, None) => format!("本机的公网 IP 不在公众号的 IP 白名单中（{code}）"),
                    (false, Some(ip)) => format!("this machine's public IP {ip} is not in the account's IP whitelist ({code})"),
                    (false, None) => format!("this machine's public IP is not in the account's IP whitelist ({code})"),
                },
                if zh {
                    format!("在{settings}的「IP白名单」中加入{}，保存后几分钟生效，再运行一次。", ip.map_or("本机的公网 IP".to_string(), |ip| format!(" {ip}")))
                } else {
                    format!("add {} to the IP whitelist (IP白名单) in {settings}, wait a few minutes and run again.", ip.unwrap_or("this machine's public IP"))
                },
            )
        }
        42001 => (
            lang.pick("access_token 已过期，重新获取后仍然过期（42001）", "the access token expired, and again after a refresh (42001)").into(),
            lang.pick("检查本机时间是否准确，以及是否有其他程序频繁刷新同一公众号的 access_token，稍后再试。", "check this machine's clock and whether another program keeps refreshing the account's token; try again later.").into(),
        ),
        45009 => (
            lang.pick("今天的接口调用次数已用完（45009）", "the daily API quota is used up (45009)").into(),
            lang.pick("次日零点自动恢复；急用时可在公众号后台「设置与开发 → 接口权限」中查看调用次数。已创建的草稿不要重复上传。", "it resets at midnight (China time); the back office shows the quota under 接口权限. Do not upload drafts already made again.").into(),
        ),
        45011 => (
            lang.pick("调用太频繁，超过了每分钟的次数限制（45011）", "too many calls in a minute (45011)").into(),
            lang.pick("过一分钟再运行；一次上传的文章少一些。", "wait a minute and run again, with fewer articles at once.").into(),
        ),
        40007 => (
            lang.pick("封面素材的 media_id 无效（40007）", "the cover's media_id is invalid (40007)").into(),
            lang.pick("封面可能已在素材库中被删除：再运行一次，会重新上传封面。", "the cover may have been deleted from the material library: run again to upload it anew.").into(),
        ),
        44002 | 44003 => (
            lang.pick("提交的内容为空（44002/44003）", "the post data or article is empty (44002/44003)").into(),
            lang.pick("检查 article.html 是否有正文；重新运行 tongxin wechat 导出后再上传。", "check that article.html has content; export again with tongxin wechat and upload.").into(),
        ),
        45002 => (
            lang.pick("正文超过微信的长度限制（45002）", "the content is longer than WeChat takes (45002)").into(),
            lang.pick("正文须少于 2 万字、小于 1 MB：删减正文，或拆成两篇。", "keep the content under 20,000 characters and 1 MB: shorten it or split the article.").into(),
        ),
        45003 => (
            lang.pick("标题超过微信的长度限制（45003）", "the title is longer than WeChat takes (45003)").into(),
            lang.pick("标题最多 32 个字：在文件头中缩短 title。", "titles take at most 32 characters: shorten title in the front matter.").into(),
        ),
        45004 => (
            lang.pick("摘要超过微信的长度限制（45004）", "the digest is longer than WeChat takes (45004)").into(),
            lang.pick("摘要最多 128 个字：缩短文件头中的 summary（摘要）。", "digests take at most 128 characters: shorten summary in the front matter.").into(),
        ),
        40005 | 40009 => (
            lang.pick("图片的格式或大小不被微信接受（40005/40009）", "WeChat refuses the image's type or size (40005/40009)").into(),
            lang.pick("图片须为 JPG 或 PNG、小于 1 MB：重新运行 tongxin wechat 导出（会自动压缩）后再上传。", "images must be JPG or PNG under 1 MB: export again with tongxin wechat (it resizes them) and upload.").into(),
        ),
        45110 => (
            lang.pick("作者超过微信的长度限制（45110）", "the author is longer than WeChat takes (45110)").into(),
            lang.pick("作者最多 16 个字：在文件头中缩短 author（作者）。", "authors take at most 16 characters: shorten author in the front matter.").into(),
        ),
        48001 => (
            lang.pick("公众号没有这个接口的权限（48001）", "the account may not use this API (48001)").into(),
            lang.pick("未认证的公众号（含个人订阅号）不能用接口新建草稿：在公众号后台完成微信认证，或打开导出文件夹中的 index.html，用「复制到公众号」按钮手工粘贴。", "unverified accounts (personal subscription accounts included) cannot create drafts through the API: verify the account, or open index.html in the export folder and paste with its copy button.").into(),
        ),
        _ => (
            if zh {
                format!("微信返回错误码 {code}（{errmsg}）")
            } else {
                format!("WeChat answered error code {code} ({errmsg})")
            },
            lang.pick("在微信开放文档的「全局返回码说明」中查这个错误码；稍后再试。", "look the code up in WeChat's global return codes; try again later.").into(),
        ),
    };
    (why, what)
}

impl WechatFailure {
    /// Stable id for `--format json`.
    pub fn id(&self) -> &'static str {
        use WechatFailure::*;
        match self {
            MissingCredential { .. } => "wechat/credential-missing",
            InsecureApi { .. } => "wechat/insecure-api",
            NotExported => "wechat/not-exported",
            ManifestInvalid { .. } => "wechat/manifest",
            NoCover => "wechat/no-cover",
            Empty { .. } => "wechat/empty",
            TooLong { .. } => "wechat/too-long",
            ImageFormat | ImageTooLarge { .. } => "wechat/image",
            ImageNotUploaded { .. } | SrcNotInArticle { .. } => "wechat/image-src",
            Api { code, call, .. } => match code {
                40001 | 40014 | 42001 if *call != Call::Token => "wechat/token",
                40001 | 40125 | 40013 => "wechat/credential",
                40164 | 61004 => "wechat/ip-whitelist",
                45009 | 45011 => "wechat/rate-limit",
                48001 => "wechat/unauthorized",
                _ => "wechat/api",
            },
            HttpStatus { .. } | BadAnswer { .. } => "wechat/bad-answer",
            Timeout { .. } => "wechat/timeout",
            Connection { .. } => "wechat/connection",
            Interrupted { .. } => "wechat/interrupted",
        }
    }

    /// The headline.
    pub fn message(&self, lang: Lang) -> String {
        use WechatFailure::*;
        let zh = lang == Lang::Zh;
        match self {
            MissingCredential { var } => {
                if zh {
                    format!("没有设置环境变量 {var}，无法上传到公众号")
                } else {
                    format!("the environment variable {var} is not set; cannot upload")
                }
            }
            InsecureApi { base } => {
                if zh {
                    format!(
                        "TONGXIN_WECHAT_API 的地址“{base}”不是 https:// 开头：AppSecret 会被明文传输"
                    )
                } else {
                    format!(
                        "TONGXIN_WECHAT_API “{base}” is not an https:// address: the AppSecret would travel in clear"
                    )
                }
            }
            NotExported => lang
                .pick(
                    "这个文件夹没有 manifest.json，不是 tongxin wechat 导出的文章",
                    "this folder has no manifest.json: it is not a tongxin wechat export",
                )
                .into(),
            ManifestInvalid { zh: z, en } => {
                if zh {
                    format!("manifest.json 有误：{z}")
                } else {
                    format!("manifest.json is invalid: {en}")
                }
            }
            NoCover => lang
                .pick(
                    "文章没有封面，微信草稿箱要求每篇文章有封面",
                    "the article has no cover; WeChat's draft box requires one",
                )
                .into(),
            Empty { field } => {
                if zh {
                    format!("{}为空，微信不接受", field.name(lang))
                } else {
                    format!("{} is empty; WeChat refuses it", field.name(lang))
                }
            }
            TooLong { field, len, max } => match (field, zh) {
                (Field::Content, true) => {
                    format!("正文有 {len} 个字符，微信要求少于 {max} 个字符")
                }
                (Field::Content, false) => {
                    format!("the content has {len} characters; WeChat takes fewer than {max}")
                }
                (Field::ContentBytes, true) => {
                    format!("正文有 {len} 字节，微信要求小于 {max} 字节（1 MB）")
                }
                (Field::ContentBytes, false) => {
                    format!("the content has {len} bytes; WeChat takes fewer than {max} (1 MB)")
                }
                (_, true) => format!("{}有 {len} 个字，微信最多 {max} 个字", field.name(lang)),
                (_, false) => format!(
                    "{} has {len} characters; WeChat takes at most {max}",
                    field.name(lang)
                ),
            },
            ImageFormat => lang
                .pick(
                    "图片不是 JPG 或 PNG，微信不接受",
                    "the image is neither JPG nor PNG; WeChat refuses it",
                )
                .into(),
            ImageTooLarge { bytes, max } => {
                if zh {
                    format!("图片有 {bytes} 字节，微信要求小于 {max} 字节")
                } else {
                    format!("the image has {bytes} bytes; WeChat takes fewer than {max}")
                }
            }
            ImageNotUploaded { src } => {
                if zh {
                    format!("正文中的图片“{src}”不在 manifest.json 中，不会上传，微信会把它删掉")
                } else {
                    format!(
                        "the image “{src}” is not in manifest.json, so it would not be uploaded and WeChat would drop it"
                    )
                }
            }
            SrcNotInArticle { src } => {
                if zh {
                    format!("manifest.json 列出的图片“{src}”在 article.html 中找不到")
                } else {
                    format!(
                        "manifest.json lists the image “{src}”, which article.html does not use"
                    )
                }
            }
            Api { call, code, errmsg } => {
                let (why, _) = api_words(*call, *code, errmsg, lang);
                if zh {
                    format!("{}时失败：{why}", call.doing(lang))
                } else {
                    format!("{} failed: {why}", call.doing(lang))
                }
            }
            HttpStatus { call, status } => {
                if zh {
                    format!("{}时失败：服务器答复 HTTP {status}", call.doing(lang))
                } else {
                    format!(
                        "{} failed: the server answered HTTP {status}",
                        call.doing(lang)
                    )
                }
            }
            BadAnswer { call, detail } => {
                if zh {
                    format!(
                        "{}时失败：服务器的答复无法识别（{detail}）",
                        call.doing(lang)
                    )
                } else {
                    format!(
                        "{} failed: the server's answer makes no sense ({detail})",
                        call.doing(lang)
                    )
                }
            }
            Timeout { call, after } => {
                let secs = after.as_secs_f64();
                if zh {
                    format!("{}时超时：微信服务器 {secs} 秒内没有响应", call.doing(lang))
                } else {
                    format!(
                        "{} timed out: no answer from WeChat within {secs} s",
                        call.doing(lang)
                    )
                }
            }
            Connection { call, detail } => {
                if zh {
                    format!("{}时失败：连不上微信服务器（{detail}）", call.doing(lang))
                } else {
                    format!(
                        "{} failed: cannot connect to WeChat ({detail})",
                        call.doing(lang)
                    )
                }
            }
            Interrupted { created } => {
                let list = created
                    .iter()
                    .map(|(folder, id)| format!("{folder}（media_id {id}）"))
                    .collect::<Vec<_>>()
                    .join("、");
                if zh {
                    format!("未能全部上传；已有 {} 篇进入草稿箱：{list}", created.len())
                } else {
                    format!(
                        "not everything was uploaded; {} drafts were made: {list}",
                        created.len()
                    )
                }
            }
        }
    }

    /// What to do about it.
    pub fn hint(&self, lang: Lang) -> String {
        use WechatFailure::*;
        let s = match self {
            MissingCredential { .. } => lang.pick(
                "AppID 和 AppSecret 在微信公众平台「设置与开发 → 基本配置」中查看，只从环境变量读取，例如 `export TONGXIN_WECHAT_APPID=wx…` 和 `export TONGXIN_WECHAT_APPSECRET=…`。不要写进 config.yaml 或网站目录：密钥一旦提交到仓库就会泄露。",
                "find the AppID and AppSecret in the 公众号 back office (设置与开发 → 基本配置); they are read from the environment only, e.g. `export TONGXIN_WECHAT_APPID=wx…` and `export TONGXIN_WECHAT_APPSECRET=…`. config.yaml and the site folder are deliberately not a place for secrets: once committed they leak.",
            ),
            InsecureApi { .. } => lang.pick(
                "去掉 TONGXIN_WECHAT_API（默认 https://api.weixin.qq.com），或改为 https:// 开头的地址。",
                "unset TONGXIN_WECHAT_API (the default is https://api.weixin.qq.com) or give an https:// address.",
            ),
            NotExported => lang.pick(
                "先运行 `tongxin wechat` 导出文章，再对导出的文件夹上传。",
                "export the article with `tongxin wechat` first, then upload the folder it wrote.",
            ),
            ManifestInvalid { .. } | SrcNotInArticle { .. } | ImageNotUploaded { .. } => lang.pick(
                "这个文件是导出时生成的，不要手工修改：重新运行 `tongxin wechat` 导出后再上传。",
                "the export writes this file; do not edit it by hand: export again with `tongxin wechat` and upload.",
            ),
            NoCover => lang.pick(
                "在文章的文件头中用 cover（封面）指定一张封面图片，或在正文中放一张照片（导出时用作封面），重新导出后再上传。",
                "give the article a cover image (cover in the front matter) or a photo in the text, export again and upload.",
            ),
            Empty { .. } | TooLong { .. } => lang.pick(
                "在文章的文件头或正文中修改，重新运行 `tongxin wechat` 导出后再上传。",
                "change it in the article's front matter or text, export again with `tongxin wechat` and upload.",
            ),
            ImageFormat | ImageTooLarge { .. } => lang.pick(
                "重新运行 `tongxin wechat` 导出：导出时会把图片转成 1 MB 以下的 JPG/PNG。",
                "export again with `tongxin wechat`: it writes JPG/PNG images under 1 MB.",
            ),
            Api {
                call,
                code,
                errmsg,
            } => return api_words(*call, *code, errmsg, lang).1,
            HttpStatus { .. } | BadAnswer { .. } => lang.pick(
                "稍后再试；设置了 TONGXIN_WECHAT_API 时，检查它是否指向微信接口或可用的代理。",
                "try again later; if TONGXIN_WECHAT_API is set, check that it points to WeChat or a working proxy.",
            ),
            Timeout { .. } | Connection { .. } => lang.pick(
                "检查本机能否访问 https://api.weixin.qq.com（单位内网可能限制外网访问），稍后再试；已创建的草稿不要重复上传。",
                "check that this machine can reach https://api.weixin.qq.com (office networks may block it) and try again later; do not upload drafts already made again.",
            ),
            Interrupted { .. } => lang.pick(
                "这些草稿已在公众号后台「内容与互动 → 草稿箱」中：修正错误后只上传其余文章，或先删除这些草稿，以免重复。",
                "these drafts are in the draft box (内容与互动 → 草稿箱): after fixing the error upload only the other articles, or delete these drafts first to avoid duplicates.",
            ),
        };
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_have_words() {
        let m = |code: i64, errmsg: &str| {
            WechatFailure::Api {
                call: Call::Token,
                code,
                errmsg: errmsg.into(),
            }
            .message(Lang::Zh)
        };
        assert!(m(40001, "invalid credential").contains("AppSecret 无效"));
        assert!(m(40125, "invalid appsecret").contains("AppSecret 无效"));
        assert!(m(40013, "invalid appid").contains("AppID 无效"));
        let ip = m(
            40164,
            "invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist",
        );
        assert!(ip.contains("白名单") && ip.contains("203.0.113.7"), "{ip}");
        assert!(m(61004, "").contains("白名单"));
        let later = WechatFailure::Api {
            call: Call::AddDraft,
            code: 40001,
            errmsg: String::new(),
        };
        assert!(
            later
                .message(Lang::Zh)
                .contains("新建草稿时失败：access_token 无效")
        );
        assert_eq!(later.id(), "wechat/token");
        assert!(m(45009, "").contains("次数已用完"));
        assert!(m(45011, "").contains("太频繁"));
        assert!(m(-1, "system error").contains("系统繁忙"));
        assert!(m(48001, "api unauthorized").contains("没有这个接口的权限"));
        assert!(m(45002, "").contains("正文超过"));
        let unknown = m(99999, "strange thing");
        assert!(unknown.contains("99999") && unknown.contains("strange thing"));
        let hint = WechatFailure::Api {
            call: Call::Token,
            code: 40164,
            errmsg: String::new(),
        }
        .hint(Lang::Zh);
        assert!(
            hint.contains("IP白名单") && hint.contains("基本配置"),
            "{hint}"
        );
        assert_eq!(ip_in("invalid ip <script>, not"), None);
    }
}

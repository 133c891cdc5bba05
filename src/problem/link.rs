//! Why an external link could not be checked (`check --external`), and HTTP statuses in words.

use std::time::Duration;

use crate::i18n::Lang;

/// Why an address could not be reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkFailure {
    /// No complete answer within the timeout.
    Timeout {
        /// The timeout that ran out.
        after: Duration,
    },
    /// The host name does not resolve.
    HostNotFound,
    /// The server refused the connection.
    Refused,
    /// The connection could not be made or broke off.
    ConnectionFailed {
        /// The system's words.
        detail: String,
    },
    /// The HTTPS handshake or the certificate check failed.
    Tls {
        /// The TLS library's words.
        detail: String,
    },
    /// The address cannot be requested (for example a host name in Chinese characters).
    InvalidUrl,
    /// Anything else, such as a malformed HTTP answer.
    Other {
        /// The HTTP client's words.
        detail: String,
    },
}

impl LinkFailure {
    /// A sentence for the message.
    pub fn describe(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            LinkFailure::Timeout { after } => {
                let secs = after.as_secs_f64();
                if zh {
                    format!("{secs} 秒内没有响应")
                } else {
                    format!("no answer within {secs} s")
                }
            }
            LinkFailure::HostNotFound => lang
                .pick(
                    "找不到这个域名（域名解析失败）",
                    "the host name does not resolve",
                )
                .into(),
            LinkFailure::Refused => lang
                .pick("对方拒绝连接", "the server refused the connection")
                .into(),
            LinkFailure::ConnectionFailed { detail } => {
                if zh {
                    format!("连接失败（{detail}）")
                } else {
                    format!("the connection failed ({detail})")
                }
            }
            LinkFailure::Tls { detail } => {
                if zh {
                    format!("安全连接（HTTPS）失败（{detail}）")
                } else {
                    format!("the secure connection (HTTPS) failed ({detail})")
                }
            }
            LinkFailure::InvalidUrl => lang
                .pick(
                    "网址格式无效，无法发出请求（中文域名等暂不支持检查）",
                    "the address cannot be requested (host names in Chinese characters are not supported)",
                )
                .into(),
            LinkFailure::Other { detail } => match lang {
                Lang::Zh => format!("其他错误（{detail}）"),
                Lang::En => detail.clone(),
            },
        }
    }

    /// A few words for the label under the caret.
    pub fn short(&self, lang: Lang) -> &'static str {
        match self {
            LinkFailure::Timeout { .. } => lang.pick("超时", "timed out"),
            LinkFailure::HostNotFound => lang.pick("找不到域名", "unknown host"),
            LinkFailure::Refused | LinkFailure::ConnectionFailed { .. } => {
                lang.pick("连接失败", "connection failed")
            }
            LinkFailure::Tls { .. } => lang.pick("HTTPS 失败", "HTTPS failed"),
            LinkFailure::InvalidUrl => lang.pick("网址无效", "invalid address"),
            LinkFailure::Other { .. } => lang.pick("无法访问", "unreachable"),
        }
    }
}

/// What the common HTTP error codes mean, for the message.
pub fn status_text(status: u16, lang: Lang) -> Option<&'static str> {
    Some(match status {
        400 => lang.pick("请求有误", "bad request"),
        401 => lang.pick("需要登录", "login required"),
        403 => lang.pick("拒绝访问", "forbidden"),
        404 => lang.pick("页面不存在", "not found"),
        410 => lang.pick("页面已永久删除", "gone"),
        429 => lang.pick("请求过于频繁", "too many requests"),
        500 => lang.pick("对方服务器内部错误", "server error"),
        502 => lang.pick("网关错误", "bad gateway"),
        503 => lang.pick("服务暂时不可用", "service unavailable"),
        504 => lang.pick("网关超时", "gateway timeout"),
        _ => return None,
    })
}

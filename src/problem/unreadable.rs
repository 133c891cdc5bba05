//! Why a published file's text cannot be checked by the privacy gate.

use crate::i18n::Lang;

/// Why a published file's text cannot be checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// An old binary office format (.doc, .xls, .ppt, .wps, .rtf …).
    Legacy,
    /// A password-protected office file (stored as an encrypted OLE container, not a zip).
    Encrypted,
    /// An office file that is not a valid zip of XML parts.
    Corrupt,
    /// An office file with no part holding text (`word/document.xml` …).
    MissingPart,
    /// More entries or more uncompressed data than a real document has (a zip bomb?).
    TooLarge,
    /// An archive (.zip, .rar, .7z …): its contents are not looked into.
    Archive,
    /// A text file that is not valid in any one encoding.
    Undecodable,
    /// A binary file of a kind the gate does not know.
    UnknownBinary,
    /// The file could not be read from disk.
    Io(String),
}

impl Unreadable {
    /// Says why, in the user's language.
    pub fn describe(&self, lang: Lang) -> String {
        let (zh, en) = match self {
            Unreadable::Legacy => (
                "旧版 Office/WPS 二进制格式，无法读取文字",
                "an old binary office format whose text cannot be read",
            ),
            Unreadable::Encrypted => (
                "文件设有打开密码或为旧版格式",
                "the file is password-protected or in an old format",
            ),
            Unreadable::Corrupt => ("文件已损坏，无法解压", "the file is damaged"),
            Unreadable::MissingPart => (
                "文件缺少正文部分，无法读取文字",
                "the file has no part holding its text",
            ),
            Unreadable::TooLarge => (
                "文件解压后过大或条目过多",
                "the file unpacks to too much data or too many entries",
            ),
            Unreadable::Archive => (
                "压缩包中的文件无法逐一检查",
                "the files inside an archive are not checked",
            ),
            Unreadable::Undecodable => (
                "文本文件编码无法识别",
                "the text file is not valid in any one encoding",
            ),
            Unreadable::UnknownBinary => (
                "无法识别的文件类型",
                "a kind of file the check does not know",
            ),
            Unreadable::Io(detail) => {
                return lang.pick("读取失败：", "read failed: ").to_string() + detail;
            }
        };
        lang.pick(zh, en).to_string()
    }
}

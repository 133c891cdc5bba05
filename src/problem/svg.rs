//! What makes an SVG unsafe to publish.

use crate::i18n::Lang;

/// What makes an SVG unsafe to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hazard {
    /// A `<script>` element.
    Script,
    /// An `on…=` event-handler attribute (the attribute as written).
    EventHandler(String),
    /// A `javascript:` URL.
    JavascriptUrl,
    /// A reference to another site (the address as written).
    ExternalReference(String),
    /// An external XML entity (`<!ENTITY … SYSTEM …>`).
    ExternalEntity,
    /// Not text at all.
    NotText,
    /// HTML inside the SVG (`<foreignObject>` or elements in the XHTML namespace).
    ForeignObject,
    /// A DOCTYPE with an internal subset (`<!ENTITY …>` declarations) or an undeclared entity.
    EntityDeclaration,
    /// An animation that rewrites a link or an event handler (the attribute it targets).
    Animation(String),
    /// A processing instruction other than the XML declaration (`<?xml-stylesheet …?>`).
    ProcessingInstruction(String),
    /// Style the check cannot vouch for (`@import`, CSS escapes, `expression(`).
    UnsafeStyle(String),
    /// Not well-formed XML, or no `<svg>` root (the line where reading stopped).
    Unparseable { line: usize },
}

impl Hazard {
    /// Words for messages.
    pub fn describe(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            Hazard::Script => lang.pick("脚本（<script>）", "a <script> element").into(),
            Hazard::EventHandler(a) => {
                if zh {
                    format!("事件处理属性 {a}")
                } else {
                    format!("the event handler {a}")
                }
            }
            Hazard::JavascriptUrl => lang.pick("javascript: 链接", "a javascript: URL").into(),
            Hazard::ExternalReference(u) => {
                if zh {
                    format!("外部引用 {u}")
                } else {
                    format!("the external reference {u}")
                }
            }
            Hazard::ExternalEntity => lang
                .pick("外部实体（<!ENTITY … SYSTEM>）", "an external entity")
                .into(),
            Hazard::NotText => lang
                .pick(
                    "无法识别的内容（不是文本格式的 SVG）",
                    "content that is not SVG text",
                )
                .into(),
            Hazard::ForeignObject => lang
                .pick(
                    "嵌入的网页内容（<foreignObject> 或 XHTML 元素）",
                    "embedded HTML (<foreignObject> or XHTML elements)",
                )
                .into(),
            Hazard::EntityDeclaration => lang
                .pick(
                    "实体声明（DOCTYPE 中的 <!ENTITY …> 或未声明的实体）",
                    "entity declarations (<!ENTITY …> in the DOCTYPE, or an undeclared entity)",
                )
                .into(),
            Hazard::Animation(a) => {
                if zh {
                    format!("改写链接或事件的动画（attributeName=\"{a}\"）")
                } else {
                    format!("an animation that rewrites a link or handler (attributeName=\"{a}\")")
                }
            }
            Hazard::ProcessingInstruction(t) => {
                if zh {
                    format!("处理指令 <?{t} …?>")
                } else {
                    format!("the processing instruction <?{t} …?>")
                }
            }
            Hazard::UnsafeStyle(w) => {
                if zh {
                    format!("无法核实的样式 {w}")
                } else {
                    format!("style that cannot be vouched for: {w}")
                }
            }
            Hazard::Unparseable { line } => {
                if zh {
                    format!("无法解析的内容（第 {line} 行附近不是规范的 XML，或没有 <svg> 根元素）")
                } else {
                    format!(
                        "content that cannot be parsed (not well-formed XML near line {line}, or no <svg> root)"
                    )
                }
            }
        }
    }
}

//! `index.html`: the article at a phone's width (375 px) with a 「复制到公众号」 button that puts
//! exactly `article.html` on the clipboard as rich text. Self-contained: its styles and script
//! are inline and its images are the export's own files, so it opens from a folder or a USB
//! stick with no network.
//!
//! The button first copies through a `copy` event (`clipboardData.setData("text/html", …)`),
//! which writes the string as it is and works in the older browsers offices use; the
//! asynchronous Clipboard API is the fallback. `tests/js/wechat-copy.mjs` clicks it in Chromium.

use crate::channels::wechat::fragment::{attr, text};

/// What the preview shows.
pub struct Preview<'a> {
    /// The article's title.
    pub title: &'a str,
    /// Author, when set.
    pub author: Option<&'a str>,
    /// The site's name, shown as the account name.
    pub account: &'a str,
    /// `article.html`.
    pub article: &'a str,
    /// `(src in article.html, local file)` for every image; those whose src is the local file
    /// (no `base_url`, or an image the site does not publish at that size) are uploaded by hand.
    pub images: &'a [(String, String)],
    /// The digest.
    pub digest: &'a str,
}

const STYLE: &str = r#"
body { margin: 0; background: #ededed; color: #1f1f1f;
  font-family: -apple-system, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", sans-serif; }
.phone { max-width: 375px; margin: 0 auto; background: #fff; min-height: 100vh; }
.tools { padding: 12px 16px; background: #f7f7f7; border-bottom: 1px solid #e5e5e5; font-size: 13px; line-height: 1.6; }
.tools button { display: block; width: 100%; padding: 10px; border: 0; border-radius: 6px;
  background: #07c160; color: #fff; font-size: 16px; cursor: pointer; }
.tools button:focus-visible { outline: 3px solid #c8102e; outline-offset: 2px; }
.tools ol, .tools ul { margin: 8px 0 0; padding-left: 20px; }
.tools .status { min-height: 1.6em; margin: 6px 0 0; color: #07863f; }
.tools .upload { color: #a50d24; }
.head { padding: 20px 16px 0; }
.head h1 { margin: 0 0 10px; font-size: 22px; line-height: 1.4; }
.head .meta { margin: 0; font-size: 15px; color: #576b95; }
.head .digest { margin: 8px 0 0; font-size: 13px; color: #888; }
.article { padding: 16px; overflow-wrap: break-word; }
.article img { max-width: 100%; }
"#;

const SCRIPT: &str = r#"
(function () {
  var html = JSON.parse(document.getElementById("fragment").textContent);
  var button = document.getElementById("copy");
  var status = document.getElementById("status");
  function plain() { return document.getElementById("article").innerText; }
  function done(ok) {
    status.textContent = ok
      ? "已复制。请到公众号后台新建图文，在正文区域粘贴。"
      : "没能复制：请用鼠标选中下方正文，按 Ctrl+C 复制。";
  }
  function viaEvent() {
    var ok = false;
    function onCopy(e) {
      e.clipboardData.setData("text/html", html);
      e.clipboardData.setData("text/plain", plain());
      e.preventDefault();
      ok = true;
    }
    document.addEventListener("copy", onCopy);
    try { document.execCommand("copy"); } catch (e) { ok = false; }
    document.removeEventListener("copy", onCopy);
    return ok;
  }
  button.addEventListener("click", function () {
    if (viaEvent()) { done(true); return; }
    if (navigator.clipboard && window.ClipboardItem) {
      navigator.clipboard.write([new ClipboardItem({
        "text/html": new Blob([html], { type: "text/html" }),
        "text/plain": new Blob([plain()], { type: "text/plain" })
      })]).then(function () { done(true); }, function () { done(false); });
    } else {
      done(false);
    }
  });
})();
"#;

/// The preview page.
pub fn page(p: &Preview) -> String {
    // What the page shows uses the export's own image files; what it copies is article.html.
    let mut shown = p.article.to_string();
    for (src, local) in p.images {
        shown = shown.replace(
            &format!("src=\"{}\"", attr(src)),
            &format!("src=\"{}\"", attr(local)),
        );
    }
    // The fragment as a JSON string inside <script>: `<` escaped so it cannot end the element.
    let json = serde_json::to_string(p.article)
        .unwrap_or_else(|_| "\"\"".into())
        .replace('<', "\\u003c");
    let by_hand: String = p
        .images
        .iter()
        .filter(|(src, local)| src == local)
        .map(|(_, local)| format!("<li>{}</li>", text(local)))
        .collect();
    let fetched = p.images.iter().any(|(src, local)| src != local);
    let mut upload = if fetched {
        "<p class=\"upload\">正文图片引用网站上已发布的图片：请先发布网站，再复制粘贴，公众号才能取到图片。</p>".to_string()
    } else {
        String::new()
    };
    upload.push_str(&if by_hand.is_empty() {
        String::new()
    } else {
        format!(
            "<p class=\"upload\">下列图片不在已发布的网站上（网站没有设置 base_url，或网站上没有这个尺寸），公众号不会自动取图：粘贴后请在编辑器中删除空白图片，按顺序插入这些图片：</p><ul>{by_hand}</ul>"
        )
    });
    let meta = match p.author.filter(|a| !a.trim().is_empty()) {
        Some(a) => format!("{} {}", text(a), text(p.account)),
        None => text(p.account),
    };
    format!(
        r#"<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>公众号版：{title}</title>
<style>{STYLE}</style>
</head>
<body>
<div class="phone">
<div class="tools">
<button type="button" id="copy">复制到公众号</button>
<p class="status" id="status" role="status"></p>
<ol>
<li>点「复制到公众号」。</li>
<li>在公众号后台新建图文，点正文区域，按 Ctrl+V（苹果电脑按 ⌘V）粘贴。</li>
<li>标题、作者、摘要（digest.txt）另行填写；封面用 cover-2.35x1.jpg 和 cover-1x1.jpg。</li>
<li>发布前请再通读一遍，并按本单位审核流程审签。</li>
</ol>
{upload}
</div>
<div class="head">
<h1>{title}</h1>
<p class="meta">{meta}</p>
<p class="digest">摘要：{digest}</p>
</div>
<div class="article" id="article">{shown}</div>
</div>
<script type="application/json" id="fragment">{json}</script>
<script>{SCRIPT}</script>
</body>
</html>
"#,
        title = text(p.title),
        digest = text(p.digest),
    )
}

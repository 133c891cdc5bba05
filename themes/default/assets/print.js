/* 同心 print pages: the 打印 button, the browser warning, the 报尾 placed at the bottom of the
   last page, and page numbers under the on-screen sheets. Without JavaScript the page still
   prints; the 报尾 then follows the last item. */
(function () {
  "use strict";
  var doc = document;
  var flow = doc.getElementById("flow");
  var paper = flow && flow.parentNode;
  if (!flow) { return; }

  var button = doc.querySelector("[data-action=print]");
  if (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  }
  // Page-margin boxes (page numbers) arrived in Chromium 131; Edge and Chrome report it.
  var m = /(?:Chrome|Chromium|Edg)\/(\d+)/.exec(navigator.userAgent);
  if (!m || parseInt(m[1], 10) < 131) {
    var w = doc.querySelector(".print-warning");
    if (w) { w.hidden = false; }
  }

  function layout() {
    var box = flow.getBoundingClientRect();
    var pageH = box.height;           // 225 mm on screen: one column is one page
    if (pageH <= 0) { return; }
    var mm = pageH / 225;
    var spacer = doc.querySelector(".banji-spacer");
    var banji = doc.querySelector(".banji");
    if (spacer && banji) {
      spacer.style.height = "0";
      var b = banji.getBoundingClientRect();
      var top = b.top - box.top;      // offset inside the column it landed in
      var free = pageH - top - b.height - 0.5 * mm;
      // The spacer cannot break: when it does not fit after the last item it moves to the
      // next page together with the 报尾, which then ends on that page's bottom.
      if (free > 0) { spacer.style.height = (free / mm) + "mm"; }
    }
    var pitch = 220 * mm;             // 156 mm column + 64 mm gap
    var pages = 1;
    var kids = flow.children;
    for (var i = 0; i < kids.length; i++) {
      var r = kids[i].getBoundingClientRect();
      if (r.width > 0 || r.height > 0) {
        pages = Math.max(pages, Math.floor((r.right - box.left - 1) / pitch) + 1);
      }
    }
    paper.style.width = (pages * 220 - 10) + "mm";
    var old = paper.querySelectorAll(".preview-folio");
    for (var j = 0; j < old.length; j++) { old[j].parentNode.removeChild(old[j]); }
    var centered = !!doc.querySelector("link[href$='print-centered.css']");
    for (var n = 1; n <= pages; n++) {
      var f = doc.createElement("span");
      f.className = "preview-folio";
      f.setAttribute("aria-hidden", "true");
      f.textContent = "\u2014\u00a0" + n + "\u00a0\u2014";
      var left = (n - 1) * 220;
      if (centered) {
        f.style.left = (left + 28) + "mm";
        f.style.width = "156mm";
        f.style.textAlign = "center";
      } else if (n % 2 === 1) {
        f.style.right = ((pages - n) * 220 + 26) + "mm";
        f.style.paddingRight = "1em";
      } else {
        f.style.left = (left + 26) + "mm";
        f.style.paddingLeft = "1em";
      }
      paper.appendChild(f);
    }
  }

  if (doc.readyState === "complete") { layout(); } else { window.addEventListener("load", layout); }
  if (doc.fonts && doc.fonts.ready) { doc.fonts.ready.then(layout); }
})();

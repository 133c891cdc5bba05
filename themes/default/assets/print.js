/* 同心 print pages: the 打印 button, the browser warning, the 报尾 placed at the bottom of the
   last page, page numbers under the on-screen sheets, and sheets scaled to a phone's width. Without JavaScript the page still
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

  // Sheets one under another where the browser wraps columns into rows (print.css), else side
  // by side. Either way one page is one 156 × 225 mm column, `pitch` mm from the next.
  var rows = !!(window.CSS && CSS.supports && CSS.supports("column-wrap", "wrap"));
  var pitch = rows ? 307 : 220;       // 225 + 82 mm, or 156 + 64 mm
  var sheets = paper.parentNode;

  function layout() {
    paper.style.transform = "";
    sheets.style.height = "";
    var box = flow.getBoundingClientRect();
    var mm = box.width / 156;
    if (mm <= 0) { return; }
    // Where a box starts, in mm along the sheets, and which page that is.
    function along(r) { return rows ? (r.top - box.top) / mm : (r.left - box.left) / mm; }
    function pageOf(r) { return Math.floor((along(r) + 0.5) / pitch); }
    var spacer = doc.querySelector(".banji-spacer");
    var banji = doc.querySelector(".banji");
    if (spacer && banji) {
      spacer.style.height = "0";
      var b = banji.getBoundingClientRect();
      var top = (rows ? (b.top - box.top) / mm - pageOf(b) * pitch : (b.top - box.top) / mm);
      var free = 225 - top - b.height / mm - 0.5;
      // The spacer cannot break: when it does not fit after the last item it moves to the
      // next page together with the 报尾, which then ends on that page's bottom.
      if (free > 0) { spacer.style.height = free + "mm"; }
    }
    var pages = 1;
    var kids = flow.children;
    for (var i = 0; i < kids.length; i++) {
      var rects = kids[i].getClientRects();
      for (var k = 0; k < rects.length; k++) {
        var r = rects[k];
        if (r.width > 0 && r.height > 0) {
          var end = rows ? (r.bottom - box.top) / mm : (r.right - box.left) / mm;
          pages = Math.max(pages, Math.floor((end - 0.5) / pitch) + 1);
        }
      }
    }
    if (rows) {
      paper.style.height = (pages * 307 - 10) + "mm";
    } else {
      paper.style.width = (pages * 220 - 10) + "mm";
    }
    var old = paper.querySelectorAll(".preview-folio");
    for (var j = 0; j < old.length; j++) { old[j].parentNode.removeChild(old[j]); }
    var centered = !!doc.querySelector("link[href$='print-centered.css']");
    for (var n = 1; n <= pages; n++) {
      var f = doc.createElement("span");
      f.className = "preview-folio";
      f.setAttribute("aria-hidden", "true");
      f.textContent = "\u2014\u00a0" + n + "\u00a0\u2014";
      // Sheet n's left edge and the folio's line (7 mm under the type area), in mm.
      var left = rows ? 0 : (n - 1) * 220;
      f.style.top = "calc(" + ((rows ? (n - 1) * 307 : 0) + 37 + 225 + 7) + "mm - 0.65em)";
      if (centered) {
        f.style.left = (left + 28) + "mm";
        f.style.width = "156mm";
        f.style.textAlign = "center";
      } else if (n % 2 === 1) {
        f.style.right = (rows ? 26 : (pages - n) * 220 + 26) + "mm";
        f.style.paddingRight = "1em";
      } else {
        f.style.left = (left + 26) + "mm";
        f.style.paddingLeft = "1em";
      }
      paper.appendChild(f);
    }
    // A phone sees whole sheets, scaled to its width; layout above measured them unscaled.
    if (rows) {
      var room = sheets.clientWidth - 16;
      var full = paper.offsetWidth;
      if (room > 0 && full > room) {
        var scale = room / full;
        paper.style.transformOrigin = "0 0";
        paper.style.transform = "scale(" + scale + ")";
        paper.style.marginLeft = "0";
        sheets.style.height = (paper.offsetHeight * scale + 48) + "px";
      } else {
        paper.style.marginLeft = "";
      }
    }
  }

  if (doc.readyState === "complete") { layout(); } else { window.addEventListener("load", layout); }
  if (doc.fonts && doc.fonts.ready) { doc.fonts.ready.then(layout); }
  window.addEventListener("resize", layout);
})();

// 同心 tongxin 预览：网站重新生成后自动刷新本页。只由 `tongxin serve` 加入页面，不会写入网站文件。
(function () {
  "use strict";
  var me = document.currentScript;
  var build = me ? me.getAttribute("data-build") : null;
  if (!window.EventSource) return;
  // The page says which page it is: after a template change the server renders it first.
  var source = new EventSource("/__tongxin/events?page=" + encodeURIComponent(window.location.pathname));
  source.addEventListener("build", function (e) {
    if (build === null) { build = e.data; return; }
    if (e.data !== build) { source.close(); window.location.reload(); }
  });
})();

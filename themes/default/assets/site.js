/*
 * 同心 tongxin — default theme script.
 * Progressive enhancement only: 字号 (font size), 高对比度 (contrast), 朗读 (read aloud), 打印 (print).
 * The inline script in <head> applies the saved choices before first paint; this file wires the buttons.
 * No network requests, no third-party code.
 */
(function () {
  "use strict";

  var root = document.documentElement;
  var KEY_SCALE = "tongxin.fontscale";
  var KEY_CONTRAST = "tongxin.contrast";
  var SCALES = ["normal", "large", "xlarge"];

  function store(key, value) {
    try { localStorage.setItem(key, value); } catch (e) { /* private mode or file:// without storage */ }
  }

  function each(selector, fn) {
    var list = document.querySelectorAll(selector);
    for (var i = 0; i < list.length; i++) { fn(list[i]); }
  }

  /* ---------- 字号 ---------- */
  function currentScale() {
    var s = root.getAttribute("data-fontscale");
    return SCALES.indexOf(s) > 0 ? s : "normal";
  }

  function applyScale(scale) {
    if (SCALES.indexOf(scale) < 0) { scale = "normal"; }
    if (scale === "normal") { root.removeAttribute("data-fontscale"); } else { root.setAttribute("data-fontscale", scale); }
    store(KEY_SCALE, scale);
    syncScaleButtons();
  }

  function syncScaleButtons() {
    var s = currentScale();
    each("button[data-fontscale]", function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-fontscale") === s ? "true" : "false");
    });
  }

  /* ---------- 高对比度 ---------- */
  function isHigh() { return root.getAttribute("data-contrast") === "high"; }

  function applyContrast(high) {
    if (high) { root.setAttribute("data-contrast", "high"); } else { root.removeAttribute("data-contrast"); }
    store(KEY_CONTRAST, high ? "high" : "normal");
    syncContrastButtons();
  }

  function syncContrastButtons() {
    each('button[data-action="contrast"]', function (b) {
      b.setAttribute("aria-pressed", isHigh() ? "true" : "false");
    });
  }

  /* ---------- 朗读 (Web Speech API) ---------- */
  var synth = ("speechSynthesis" in window && typeof window.SpeechSynthesisUtterance === "function") ? window.speechSynthesis : null;
  var reading = false;
  var queue = [];

  function readableText() {
    var el = document.querySelector("[data-readable]");
    if (!el) { return ""; }
    var title = document.querySelector("h1");
    var text = (title ? title.innerText + "。\n" : "") + el.innerText;
    return text.replace(/[ \t\u3000]+/g, " ").replace(/\n{2,}/g, "\n").trim();
  }

  /* Chromium stops long utterances after ~15 s: speak sentence-sized chunks instead. */
  function chunks(text) {
    var parts = text.match(/[^。！？；!?;\n]+[。！？；!?;\n]*|[。！？；!?;\n]+/g) || [];
    var out = [];
    var buf = "";
    for (var i = 0; i < parts.length; i++) {
      var p = parts[i].trim();
      if (!p) { continue; }
      if ((buf + p).length > 160 && buf) { out.push(buf); buf = ""; }
      buf += p;
      while (buf.length > 200) { out.push(buf.slice(0, 200)); buf = buf.slice(200); }
    }
    if (buf) { out.push(buf); }
    return out;
  }

  function pickVoice() {
    var voices = synth.getVoices() || [];
    for (var i = 0; i < voices.length; i++) {
      if (/^zh[-_]CN/i.test(voices[i].lang)) { return voices[i]; }
    }
    for (var j = 0; j < voices.length; j++) {
      if (/^zh/i.test(voices[j].lang)) { return voices[j]; }
    }
    return null;
  }

  function syncReadButtons() {
    each('button[data-action="read"]', function (b) {
      b.setAttribute("aria-pressed", reading ? "true" : "false");
      b.textContent = reading ? "停止朗读" : "朗读";
    });
  }

  function speakNext() {
    if (!reading) { return; }
    if (!queue.length) { stopReading(); return; }
    var u = new SpeechSynthesisUtterance(queue.shift());
    u.lang = "zh-CN";
    u.rate = 0.95;
    var v = pickVoice();
    if (v) { u.voice = v; }
    u.onend = speakNext;
    u.onerror = function () { stopReading(); };
    synth.speak(u);
  }

  function startReading() {
    var text = readableText();
    if (!text) { return; }
    synth.cancel();
    queue = chunks(text);
    reading = true;
    syncReadButtons();
    speakNext();
  }

  function stopReading() {
    reading = false;
    queue = [];
    if (synth) { synth.cancel(); }
    syncReadButtons();
  }

  /* ---------- wiring ---------- */
  function init() {
    syncScaleButtons();
    syncContrastButtons();

    if (synth && document.querySelector("[data-readable]")) {
      each('button[data-action="read"]', function (b) { b.hidden = false; });
      window.addEventListener("pagehide", stopReading);
    }

    document.addEventListener("click", function (ev) {
      var t = ev.target;
      var btn = t && t.closest ? t.closest("button") : null;
      if (!btn) { return; }
      if (btn.hasAttribute("data-fontscale")) {
        applyScale(btn.getAttribute("data-fontscale"));
      } else {
        var action = btn.getAttribute("data-action");
        if (action === "contrast") { applyContrast(!isHigh()); }
        else if (action === "print") { stopReading(); window.print(); }
        else if (action === "read" && synth) { if (reading) { stopReading(); } else { startReading(); } }
      }
    });

    /* Esc stops reading aloud. */
    document.addEventListener("keydown", function (ev) {
      if (reading && (ev.key === "Escape" || ev.key === "Esc")) { stopReading(); }
    });

    /* Keep several tabs in step. */
    window.addEventListener("storage", function (ev) {
      if (ev.key === KEY_SCALE) {
        var s = ev.newValue;
        if (s === "normal" || SCALES.indexOf(s) < 0) { root.removeAttribute("data-fontscale"); } else { root.setAttribute("data-fontscale", s); }
        syncScaleButtons();
      } else if (ev.key === KEY_CONTRAST) {
        if (ev.newValue === "high") { root.setAttribute("data-contrast", "high"); } else { root.removeAttribute("data-contrast"); }
        syncContrastButtons();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

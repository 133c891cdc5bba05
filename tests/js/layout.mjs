// Measures the default theme's reflow (WCAG 1.4.10) as issue 19 asks: each page given is
// opened in headless Chromium at 320, 375 and 1280 px wide, in 标准, 大 and 特大 and in high
// contrast, and for each case prints one JSON line:
//   {"page", "width", "mode", "scrollWidth", "overflow": [<widest offenders>], "cut": [...],
//    "narrow": [...], "axe": [...]}
// where an offender is an element whose right edge passes the viewport (tag.class and px), and
// `cut` lists headings and links whose text is cut off (an ellipsis, or clipped), and `narrow`
// table cells narrower than three characters of their text, and `axe` the WCAG 2.1 A/AA
// violations axe-core finds (rule id, impact and the first offending elements).
//
//   node tests/js/layout.mjs <chromium> <file:// URL of the site folder, ending in /> <page>…
//
// Used by tests/layout.rs; the browser is driven through tests/js/cdp.mjs.

import { readFileSync } from "node:fs";
import { launch } from "./cdp.mjs";

// axe-core from tests/js/node_modules (`npm ci --prefix tests/js`, which .ci/run does).
let axeSource;
try {
  axeSource = readFileSync(new URL("./node_modules/axe-core/axe.min.js", import.meta.url), "utf8");
} catch (e) {
  console.error("axe-core is missing: run `npm ci --prefix tests/js` (" + e.message + ")");
  process.exit(2);
}

const [browser, base, ...pages] = process.argv.slice(2);
if (!browser || !base || pages.length === 0) {
  console.error("usage: node layout.mjs <chromium> <site URL/> <page>…");
  process.exit(2);
}
const { send, once, finish, stderr } = launch(browser, "tongxin-layout-");

const timer = setTimeout(() => {
  console.error("timeout\n" + stderr());
  finish(1);
}, 600000);

const MODES = [
  ["标准", null, null], ["大", "large", null], ["特大", "xlarge", null], ["特大+高对比度", "xlarge", "high"],
];

// Against the device width, not innerWidth: on a phone (mobile emulation) the layout viewport
// grows to the content, so innerWidth hides the very overflow being measured.
const measure = (w) => `(() => {
  const w = ${w};
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > w + 0.5) {
      out.push({ el: el.tagName.toLowerCase() + (el.className && typeof el.className === "string"
        ? "." + el.className.trim().split(/\\s+/).join(".") : ""), right: Math.round(r.right) });
    }
  }
  out.sort((a, b) => b.right - a.right);
  // Text the reader cannot see all of: cut with an ellipsis, or a heading or link clipped.
  const cut = [];
  for (const el of document.querySelectorAll("h1, h2, h3, h4, a, .list-title")) {
    const st = getComputedStyle(el);
    const clipped = st.overflowX !== "visible" && el.scrollWidth > el.clientWidth + 1;
    // Screen-reader-only text (.visually-hidden: a 1 px clip) is not cut, only hidden.
    if (el.clientWidth <= 1 || el.closest(".visually-hidden")) continue;
    if (el.getClientRects().length && (clipped || (st.textOverflow === "ellipsis" && el.scrollWidth > el.clientWidth))) {
      cut.push(el.tagName.toLowerCase() + ": " + el.textContent.trim().slice(0, 40));
    }
  }
  // Table columns narrower than 3 characters of their own text (古/南/街/道 one per line).
  const narrow = [];
  for (const cell of document.querySelectorAll(".prose td, .prose th")) {
    const st = getComputedStyle(cell);
    const inner = cell.clientWidth - parseFloat(st.paddingLeft) - parseFloat(st.paddingRight);
    const chars = inner / parseFloat(st.fontSize);
    if (cell.getClientRects().length && chars < 2.95) {
      narrow.push(cell.textContent.trim().slice(0, 20) + ": " + chars.toFixed(1));
    }
  }
  return { scrollWidth: document.documentElement.scrollWidth, width: w, overflow: out.slice(0, 5), cut, narrow };
})()`;

// WCAG 2.0 and 2.1, levels A and AA: what the government-site accessibility rules ask.
const AXE_RUN = `axe.run(document, { runOnly: { type: "tag",
    values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] })
  .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) })))`;

async function main() {
  const { targetId } = await send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
  await send("Page.enable", {}, sessionId);
  const evaluate = async (expression) => {
    const r = await send("Runtime.evaluate", { expression, returnByValue: true }, sessionId);
    if (r.exceptionDetails) throw new Error(JSON.stringify(r.exceptionDetails));
    return r.result.value;
  };
  const evaluateAsync = async (expression) => {
    const r = await send("Runtime.evaluate",
      { expression, returnByValue: true, awaitPromise: true }, sessionId);
    if (r.exceptionDetails) throw new Error(JSON.stringify(r.exceptionDetails));
    return r.result.value;
  };
  for (const page of pages) {
    for (const width of [320, 375, 1280]) {
      await send("Emulation.setDeviceMetricsOverride",
        { width, height: 800, deviceScaleFactor: 1, mobile: width < 600 }, sessionId);
      const loaded = once("Page.loadEventFired", sessionId);
      await send("Page.navigate", { url: base + page }, sessionId);
      await loaded;
      await evaluate(axeSource + ";true");
      for (const [mode, scale, contrast] of MODES) {
        await evaluate(`(() => { const d = document.documentElement;
          ${scale ? `d.setAttribute("data-fontscale", "${scale}")` : `d.removeAttribute("data-fontscale")`};
          ${contrast ? `d.setAttribute("data-contrast", "high")` : `d.removeAttribute("data-contrast")`};
          return d.offsetWidth; })()`);
        const m = await evaluate(measure(width));
        const axe = await evaluateAsync(AXE_RUN);
        process.stdout.write(JSON.stringify({ page, width, mode, ...m, axe }) + "\n");
      }
    }
  }
  clearTimeout(timer);
  finish(0);
}

main().catch((e) => {
  console.error(String(e && e.stack || e) + "\n" + stderr());
  finish(1);
});

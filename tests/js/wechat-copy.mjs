// Clicks 「复制到公众号」 in a 公众号 preview (index.html of `tongxin wechat`) in headless
// Chromium and prints what the clipboard then holds as text/html, as JSON on stdout:
//   {"status": "<the page's status line>", "html": "<clipboard text/html>"}
//
//   node tests/js/wechat-copy.mjs <chromium> <file:// URL of index.html>
//
// Chromium is driven over the DevTools protocol through tests/js/cdp.mjs (no npm package). The
// click is a real input event (Input.dispatchMouseEvent), which gives the page the user
// activation a copy needs; clipboard permissions are granted with Browser.grantPermissions and
// the page is kept focused (Emulation.setFocusEmulationEnabled) so navigator.clipboard.read()
// may run. The clipboard is read with {unsanitized: ["text/html"]}: the sanitized read runs
// the HTML through Chromium's reader-side sanitizer, which empties relative image addresses
// (src="images/01.jpg" reads back as src=""), so it would not show what was copied. Used by
// tests/wechat.rs.

import { launch } from "./cdp.mjs";

const [browser, url] = process.argv.slice(2);
if (!browser || !url) {
  console.error("usage: node wechat-copy.mjs <chromium> <url>");
  process.exit(2);
}
const { send, once, finish, stderr } = launch(browser, "tongxin-wechat-copy-");

const timer = setTimeout(() => {
  console.error("timeout\n" + stderr());
  finish(1);
}, 60000);

async function main() {
  const { targetId } = await send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
  await send("Browser.grantPermissions", {
    permissions: ["clipboardReadWrite", "clipboardSanitizedWrite"],
  });
  await send("Page.enable", {}, sessionId);
  await send("Emulation.setDeviceMetricsOverride",
    { width: 375, height: 800, deviceScaleFactor: 1, mobile: false }, sessionId);
  await send("Emulation.setFocusEmulationEnabled", { enabled: true }, sessionId);
  const loaded = once("Page.loadEventFired", sessionId);
  await send("Page.navigate", { url }, sessionId);
  await loaded;
  const evaluate = async (expression, awaitPromise = false) => {
    const r = await send("Runtime.evaluate",
      { expression, returnByValue: true, awaitPromise, userGesture: false }, sessionId);
    if (r.exceptionDetails) throw new Error(JSON.stringify(r.exceptionDetails));
    return r.result.value;
  };
  const rect = await evaluate(
    "(() => { const b = document.getElementById('copy'); b.scrollIntoView(); " +
    "const r = b.getBoundingClientRect(); return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()");
  for (const type of ["mouseMoved", "mousePressed", "mouseReleased"]) {
    await send("Input.dispatchMouseEvent",
      { type, x: rect.x, y: rect.y, button: "left", buttons: type === "mousePressed" ? 1 : 0,
        clickCount: type === "mouseMoved" ? 0 : 1 }, sessionId);
  }
  let status = "";
  for (let i = 0; i < 100 && !status; i++) {
    status = await evaluate("document.getElementById('status').textContent");
    if (!status) await new Promise((r) => setTimeout(r, 50));
  }
  const html = await evaluate(
    "(async () => { const items = await navigator.clipboard.read({unsanitized: ['text/html']});" +
    " for (const item of items) { if (item.types.includes('text/html'))" +
    " return await (await item.getType('text/html')).text(); } return null; })()",
    true);
  clearTimeout(timer);
  finish(0, { status, html });
}

main().catch((e) => {
  console.error(String(e && e.stack || e) + "\n" + stderr());
  finish(1);
});

// Clicks 「复制到公众号」 in a 公众号 preview (index.html of `tongxin wechat`) in headless
// Chromium and prints what the clipboard then holds as text/html, as JSON on stdout:
//   {"status": "<the page's status line>", "html": "<clipboard text/html>"}
//
//   node tests/js/wechat-copy.mjs <chromium> <file:// URL of index.html>
//
// Chromium is driven over the DevTools protocol with --remote-debugging-pipe (fd 3 to the
// browser, fd 4 from it, one JSON message per NUL byte), so no npm package is needed. The
// click is a real input event (Input.dispatchMouseEvent), which gives the page the user
// activation a copy needs; clipboard permissions are granted with Browser.grantPermissions and
// the page is kept focused (Emulation.setFocusEmulationEnabled) so navigator.clipboard.read()
// may run. The clipboard is read with {unsanitized: ["text/html"]}: the sanitized read runs
// the HTML through Chromium's reader-side sanitizer, which empties relative image addresses
// (src="images/01.jpg" reads back as src=""), so it would not show what was copied. Used by
// tests/wechat.rs.

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [browser, url] = process.argv.slice(2);
if (!browser || !url) {
  console.error("usage: node wechat-copy.mjs <chromium> <url>");
  process.exit(2);
}
const profile = mkdtempSync(join(tmpdir(), "tongxin-wechat-copy-"));
const child = spawn(
  browser,
  [
    "--headless",
    "--remote-debugging-pipe",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-gpu",
    "--disable-extensions",
    "--no-sandbox",
    `--user-data-dir=${profile}`,
    "about:blank",
  ],
  { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] },
);
let stderr = "";
child.stderr.on("data", (d) => { stderr += d; });

const toBrowser = child.stdio[3];
const fromBrowser = child.stdio[4];
let nextId = 1;
const waiting = new Map();
const listeners = [];
let buffer = Buffer.alloc(0);
fromBrowser.on("data", (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  let end;
  while ((end = buffer.indexOf(0)) >= 0) {
    const msg = JSON.parse(buffer.subarray(0, end).toString("utf8"));
    buffer = buffer.subarray(end + 1);
    if (msg.id && waiting.has(msg.id)) {
      const { resolve, reject } = waiting.get(msg.id);
      waiting.delete(msg.id);
      if (msg.error) reject(new Error(JSON.stringify(msg.error)));
      else resolve(msg.result);
    } else if (msg.method) {
      for (const l of listeners.slice()) l(msg);
    }
  }
});

function send(method, params = {}, sessionId) {
  const id = nextId++;
  const msg = { id, method, params };
  if (sessionId) msg.sessionId = sessionId;
  toBrowser.write(JSON.stringify(msg) + "\0");
  return new Promise((resolve, reject) => waiting.set(id, { resolve, reject }));
}

function once(method, sessionId) {
  return new Promise((resolve) => {
    const l = (msg) => {
      if (msg.method === method && (!sessionId || msg.sessionId === sessionId)) {
        listeners.splice(listeners.indexOf(l), 1);
        resolve(msg.params);
      }
    };
    listeners.push(l);
  });
}

function finish(code, out) {
  if (out) process.stdout.write(JSON.stringify(out) + "\n");
  child.kill();
  try { rmSync(profile, { recursive: true, force: true }); } catch (_) { /* best effort */ }
  process.exit(code);
}

const timer = setTimeout(() => {
  console.error("timeout\n" + stderr);
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
  console.error(String(e && e.stack || e) + "\n" + stderr);
  finish(1);
});

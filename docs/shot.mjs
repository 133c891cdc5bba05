// One screenshot of a page at a given width (a phone below 600 px) and 字号 (the attribute site.js sets
// when a reader presses 标准/大/特大). Used by docs/screenshots.sh.
//
//   node docs/shot.mjs <chromium> <URL> <width> <height> <out.png> <normal|large|xlarge>

import { writeFileSync } from "node:fs";
import { launch } from "../tests/js/cdp.mjs";

const [browser, url, width, height, out, scale] = process.argv.slice(2);
const { send, once, finish, stderr } = launch(browser, "tongxin-shot-");
try {
  const { targetId } = await send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
  await send("Page.enable", {}, sessionId);
  await send("Emulation.setDeviceMetricsOverride",
    { width: Number(width), height: Number(height), deviceScaleFactor: 1, mobile: Number(width) < 600 }, sessionId);
  await send("Emulation.setScrollbarsHidden", { hidden: true }, sessionId);
  const loaded = once("Page.loadEventFired", sessionId);
  await send("Page.navigate", { url }, sessionId);
  await loaded;
  // The same state a press of the button leaves: the attribute and the pressed button.
  await send("Runtime.evaluate", { expression: `(() => {
    const b = document.querySelector('[data-fontscale="${scale}"]');
    if (b) { b.click(); } else { document.documentElement.setAttribute("data-fontscale", "${scale}"); }
  })()` }, sessionId);
  const shot = await send("Page.captureScreenshot", { format: "png" }, sessionId);
  writeFileSync(out, Buffer.from(shot.data, "base64"));
  finish(0);
} catch (e) {
  console.error(String(e && e.stack || e) + "\n" + stderr());
  finish(1);
}

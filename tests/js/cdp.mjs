// Headless Chromium driven over the DevTools protocol with --remote-debugging-pipe (fd 3 to the
// browser, fd 4 from it, one JSON message per NUL byte), so no npm package is needed. Shared by
// the browser scripts of tests/js (wechat-copy.mjs, layout.mjs).
//
//   const { send, once, finish } = launch(chromium, "tongxin-name-");
//   send(method, params, sessionId) -> Promise of the result; once(event, sessionId) -> Promise
//   of its params; finish(code, out) prints `out` as JSON, stops the browser, removes the
//   profile and exits.

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function launch(browser, prefix) {
  const profile = mkdtempSync(join(tmpdir(), prefix));
  const child = spawn(
    browser,
    [
      "--headless",
      "--remote-debugging-pipe",
      "--no-first-run",
      "--no-default-browser-check",
      "--disable-gpu",
      "--disable-extensions",
      "--disable-background-networking",
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

  return { send, once, finish, stderr: () => stderr };
}

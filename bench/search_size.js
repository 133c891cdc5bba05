#!/usr/bin/env node
// Size of the site-search index of a built site, and what typical queries download.
//
//   node bench/search_size.js PUBLIC_DIR [QUERY …]
//
// Prints the bytes of search/ (raw and gzipped file by file, as a server with gzip sends them)
// per indexed page, split into postings (t/), result files (d/), fold table (z/) and meta.js;
// then for each query (default: 最美退役军人 张建国 拥军优属 光荣牌 2021年 光) the files a fresh client loads to
// show the first 10 results (TX.take, as the search page does: candidates of a phrase of common
// pairs are confirmed against their text), including assets/search.js, with raw and gzipped bytes.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");
const { siteClient } = require("../tests/js/harness.js");

const pub = process.argv[2];
if (!pub) {
  console.error("usage: node bench/search_size.js PUBLIC_DIR [QUERY …]");
  process.exit(2);
}
const dir = path.join(pub, "search");
const queries = process.argv.length > 3 ? process.argv.slice(3) : ["最美退役军人", "张建国", "拥军优属", "光荣牌", "2021年", "光"];
const gz = (buf) => zlib.gzipSync(buf, { level: 6 }).length;

function sizes(sub) {
  let raw = 0, packed = 0, files = 0;
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".js")) {
        const b = fs.readFileSync(p);
        raw += b.length;
        packed += gz(b);
        files++;
      }
    }
  };
  const p = path.join(dir, sub);
  if (fs.statSync(p).isDirectory()) walk(p);
  else {
    const b = fs.readFileSync(p);
    raw = b.length; packed = gz(b); files = 1;
  }
  return { raw, packed, files };
}

const client = siteClient(dir);
const n = client.TX.getMeta().n;
const parts = { "t/ postings": sizes("t"), "d/ result files": sizes("d"), "z/ fold table": sizes("z"), "meta.js": sizes("meta.js") };
let raw = 0, packed = 0;
console.log(`indexed pages: ${n}, term shards: ${client.TX.getMeta().s}`);
for (const [name, s] of Object.entries(parts)) {
  raw += s.raw; packed += s.packed;
  console.log(`${name.padEnd(16)} ${s.files.toString().padStart(6)} files ${(s.raw / 1024).toFixed(0).padStart(8)} KiB raw ${(s.raw / n).toFixed(0).padStart(6)} B/page raw ${(s.packed / n).toFixed(0).padStart(6)} B/page gzipped`);
}
console.log(`${"total".padEnd(16)} ${"".padStart(12)} ${(raw / 1024).toFixed(0).padStart(8)} KiB raw ${(raw / n).toFixed(0).padStart(6)} B/page raw ${(packed / n).toFixed(0).padStart(6)} B/page gzipped`);

const clientFile = path.join(pub, "assets", "search.js");
const clientBytes = fs.readFileSync(clientFile);
console.log(`client assets/search.js: ${clientBytes.length} B raw, ${gz(clientBytes)} B gzipped`);

(async () => {
  for (const q of queries) {
    const c = siteClient(dir);
    const meta = fs.readFileSync(path.join(dir, "meta.js"));
    const t0 = process.hrtime.bigint();
    const res = await new Promise((ok, bad) => c.TX.search(q, (e, r) => (e ? bad(e) : ok(r))));
    // The first step of results, as the search page shows it (candidates confirmed).
    const candidates = res.hits.length, sure = res.hits.every((h) => h.sure);
    const hits = res.hits.slice();
    await new Promise((ok) => c.TX.take(res, hits, 0, 10, 50, ok));
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    let r = clientBytes.length + meta.length, g = gz(clientBytes) + gz(meta);
    for (const f of c.loadedFiles) {
      const b = fs.readFileSync(f.file);
      r += b.length;
      g += gz(b);
    }
    const shards = c.loadedFiles.filter((f) => /[\\/]t[\\/]/.test(f.file)).length;
    const count = sure ? `${candidates} results` : `about ${candidates} results (${res.hits.length} after the first step)`;
    console.log(`query ${q}: ${count}; ${c.loadedFiles.length + 2} files (${shards} shards); ${(r / 1024).toFixed(1)} KiB raw, ${(g / 1024).toFixed(1)} KiB gzipped; ${ms.toFixed(0)} ms in node`);
  }
})();

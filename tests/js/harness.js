// Test harness for the search client: runs themes/default/assets/search.js in a fresh VM
// context (no DOM) and loads index files from a built site's search folder by reading them,
// just as the browser would by inserting <script> tags.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const REPO = path.resolve(__dirname, "..", "..");
const CLIENT = path.join(REPO, "themes", "default", "assets", "search.js");
const VECTORS = path.join(REPO, "tests", "search-vectors.json");
const FOLD = path.join(REPO, "src", "text", "fold.txt");

/** A client with no index: for tokeniser tests. Registers the repository's fold table. */
function bareClient() {
  const ctx = vm.createContext({});
  vm.runInContext(fs.readFileSync(CLIENT, "utf8"), ctx, { filename: CLIENT });
  const TX = ctx.TXSearch;
  const pairs = fs
    .readFileSync(FOLD, "utf8")
    .split("\n")
    .filter((l) => l && !l.startsWith("#"))
    .join("");
  TX.fold("all", pairs);
  return TX;
}

/** A client over the index in `searchDir` (the built site's search/ folder). */
function siteClient(searchDir) {
  const ctx = vm.createContext({});
  vm.runInContext(fs.readFileSync(CLIENT, "utf8"), ctx, { filename: CLIENT });
  const TX = ctx.TXSearch;
  const loadedFiles = [];
  TX.base = searchDir + path.sep;
  TX.loadScript = (file, done) => {
    let code;
    try {
      code = fs.readFileSync(file, "utf8");
    } catch (e) {
      setImmediate(() => done(e));
      return;
    }
    loadedFiles.push({ file, bytes: Buffer.byteLength(code) });
    // Asynchronous, like a browser.
    setImmediate(() => {
      vm.runInContext(code, ctx, { filename: file });
      done(null);
    });
  };
  vm.runInContext(fs.readFileSync(path.join(searchDir, "meta.js"), "utf8"), ctx);
  return { TX, loadedFiles };
}

/** Runs a query and loads every hit's document: [{id, title, href, kind, doc}]. */
function query(client, q, type, year) {
  const { TX } = client;
  return new Promise((resolve, reject) => {
    TX.search(q, (err, res) => {
      if (err) return reject(err);
      // Every hit, candidates confirmed against their text as the search page does it.
      const hits = TX.filter(res, type || "", year || "");
      TX.take(
        res,
        hits,
        0,
        Infinity,
        Infinity,
        (err2, docs) => {
          if (err2) return reject(err2);
          resolve({
            res,
            hits: Array.from(hits, (h, i) => ({
              id: h.id,
              head: h.head,
              title: docs[i].t,
              href: docs[i].u,
              kind: TX.kindOf(h.id).kind.name,
              doc: docs[i],
            })),
          });
        },
      );
    });
  });
}

/** Output folders of the sites the Rust test built (TONGXIN_SEARCH_SITES: JSON name → dir). */
function sites() {
  const raw = process.env.TONGXIN_SEARCH_SITES;
  if (!raw) {
    throw new Error(
      "TONGXIN_SEARCH_SITES is not set: run these tests through `cargo test --test search`, " +
        "which builds the demo site and the fixture site first",
    );
  }
  return JSON.parse(raw);
}

module.exports = { bareClient, siteClient, query, sites, VECTORS, REPO };

// The client's tokeniser, folding and shard hash against the vectors the Rust tests also read.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");
const { bareClient, VECTORS, REPO } = require("./harness.js");

const vectors = JSON.parse(fs.readFileSync(VECTORS, "utf8"));
const TX = bareClient();

test("tokens match the shared vectors", () => {
  assert.ok(vectors.tokens.length >= 15);
  for (const v of vectors.tokens) {
    const got = Array.from(TX.tokens(v.text), (t) => `${t.t}@${t.p}`);
    assert.deepEqual(got, v.tokens, `tokens of ${JSON.stringify(v.text)}`);
  }
});

test("folding matches the shared vectors", () => {
  for (const v of vectors.fold) {
    assert.equal(TX.foldText(v.text), v.folded, `fold of ${JSON.stringify(v.text)}`);
  }
});

test("shard hash matches the shared vectors", () => {
  for (const v of vectors.hash) {
    assert.equal(TX.hash(v.term), v.hash, `hash of ${JSON.stringify(v.term)}`);
  }
});

test("the client stays under 10 KB gzipped", () => {
  const file = path.join(REPO, "themes", "default", "assets", "search.js");
  const gz = zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
  assert.ok(gz < 10 * 1024, `search.js is ${gz} bytes gzipped`);
});

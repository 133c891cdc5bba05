// Queries the index of the demo site and of tests/fixtures/search-site, as built by
// `cargo test --test search` (which sets TONGXIN_SEARCH_SITES and runs `node --test tests/js/`).
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { siteClient, query, sites } = require("./harness.js");

const dirs = sites();
const demo = siteClient(path.join(dirs.demo, "search"));
const fixture = siteClient(path.join(dirs.fixture, "search"));

// Arrays made inside the VM context have another Array prototype: copy them out.
const titles = (r) => Array.from(r.hits, (h) => h.title);

async function finds(client, q, title) {
  const r = await query(client, q);
  assert.ok(titles(r).includes(title), `${q} should find ${title}; got ${JSON.stringify(titles(r))}`);
  return r;
}

async function none(client, q) {
  const r = await query(client, q);
  assert.deepEqual(titles(r), [], `${q} should find nothing`);
}

test("names: three characters, and a four-character name with the surname 欧阳", async () => {
  let r = await finds(demo, "张建国", "张建国");
  assert.equal(r.hits[0].title, "张建国", "the profile comes first");
  assert.equal(r.hits[0].kind, "profile");
  assert.ok(r.hits[0].href.endsWith("profiles/zhang-jianguo/"), r.hits[0].href);
  r = await finds(demo, "欧阳秀兰", "欧阳秀兰");
  assert.equal(r.hits[0].title, "欧阳秀兰");
  r = await finds(fixture, "欧阳建华", "欧阳建华");
  assert.equal(r.hits[0].kind, "profile");
  // A similar name is a different name.
  await none(fixture, "张建国");
  await finds(fixture, "张建华", "零散词语测试");
});

test("set phrases", async () => {
  const r = await finds(demo, "拥军优属", "一封繁体字来信：在港綦江人感谢家乡双拥工作");
  assert.ok(r.hits.length >= 5, `拥军优属: ${r.hits.length} results`);
  await finds(demo, "光荣牌", "东溪镇为退役军人家庭集中悬挂光荣牌");
  // Every pair of 拥军优属 is in this page, but not the phrase.
  const scattered = await query(fixture, "拥军优属");
  assert.ok(!titles(scattered).includes("零散词语测试"), JSON.stringify(titles(scattered)));
  assert.deepEqual(titles(scattered), ["繁體字稿件"]);
});

test("a title match ranks first", async () => {
  const r = await query(fixture, "光荣牌");
  assert.deepEqual(titles(r), ["光荣牌悬挂工作推进会召开", "春季走访慰问情况通报"]);
  assert.ok(r.hits[0].head && !r.hits[1].head);
});

test("a single character", async () => {
  const r = await finds(demo, "光", "东溪镇为退役军人家庭集中悬挂光荣牌");
  assert.ok(r.hits.length >= 3);
  await none(fixture, "鑫");
});

test("digits and Han together", async () => {
  const r = await query(demo, "2021年");
  assert.deepEqual(titles(r), ["一封繁体字来信：在港綦江人感谢家乡双拥工作"]);
  await finds(fixture, "第3期", "测试双拥工作简报");
  await finds(fixture, "测拥组〔2024〕7号", "关于开展春节走访慰问活动的通知");
  await finds(fixture, "12个镇街", "退役军人服务App上线");
  // Words that are also names of object properties are ordinary words.
  await finds(fixture, "constructor", "退役军人服务App上线");
  await finds(fixture, "toString", "退役军人服务App上线");
  await none(fixture, "13个镇街");
});

test("Latin words ignore case and width", async () => {
  for (const q of ["app", "APP", "ａｐｐ"]) {
    await finds(fixture, q, "退役军人服务App上线");
  }
  await none(fixture, "ap");
});

test("simplified query over traditional text, and the reverse", async () => {
  await finds(demo, "双拥", "一封繁体字来信：在港綦江人感谢家乡双拥工作");
  let r = await query(demo, "干部和志愿者轮流");
  assert.deepEqual(titles(r), ["一封繁体字来信：在港綦江人感谢家乡双拥工作"]);
  assert.match(demo.TX.snippet(r.hits[0].doc, r.res.segs), /<mark>幹部和志願者輪流<\/mark>/);
  await finds(demo, "雙擁", "全区双拥工作会议召开 部署2026年重点任务");
  r = await finds(demo, "隨軍家屬", "军人家属优待政策问答：就业、子女教育和医疗服务");
  await finds(fixture, "拥军优属", "繁體字稿件");
  await finds(fixture, "擁軍優屬", "繁體字稿件");
});

test("a phrase that is in no page finds nothing", async () => {
  await none(demo, "张建军");
  await none(demo, "拥军优属光荣牌");
  await none(demo, "双拥工作简报第九十九期");
});

test("drafts, internal content and search: false are never found", async () => {
  // Demo: the draft 八一 report and the internal 专报.
  await none(demo, "本稿为初稿");
  await none(demo, "数据和照片待各镇街报送后补充");
  await none(demo, "就业率较去年同期提高约九个百分点");
  // Fixture (built with --drafts: drafts are previewed, still never indexed).
  for (const q of ["草稿秘密标记", "草稿不应被搜到", "内部资料标记", "专报保密标记", "专报不应被搜到", "不入索引标记", "不参加搜索的页面"]) {
    await none(fixture, q);
  }
});

test("type and year filters", async () => {
  const all = await query(demo, "张建国");
  const profiles = await query(demo, "张建国", "profile");
  assert.deepEqual(titles(profiles), ["张建国"]);
  const articles = await query(demo, "张建国", "article");
  assert.equal(articles.hits.length, all.hits.length - 1);
  const y2021 = await query(demo, "双拥", "", "2021");
  assert.deepEqual(titles(y2021), ["一封繁体字来信：在港綦江人感谢家乡双拥工作"]);
  const docs = await query(fixture, "通知", "document");
  assert.deepEqual(titles(docs), ["关于开展春节走访慰问活动的通知"]);
});

test("snippets highlight the match and escape the text", async () => {
  const r = await query(demo, "光荣牌");
  const html = demo.TX.snippet(r.hits[0].doc, r.res.segs);
  assert.match(html, /<mark>光荣牌<\/mark>/);
  assert.ok(!/<(?!\/?mark>)/.test(html), html);
  assert.match(demo.TX.markField("<b>光荣牌</b>", null, r.res.segs), /^&lt;b&gt;<mark>光荣牌<\/mark>&lt;\/b&gt;$/);
});

test("long postings live in a file of their own", async () => {
  // A small index written by hand: one shard, in which 双拥 points to t/x0.js.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tx-search-own-"));
  fs.mkdirSync(path.join(dir, "t"));
  fs.mkdirSync(path.join(dir, "d"));
  const kinds = [{ count: 1, id: 0, label: "文章", name: "article", start: 0, years: [[2026, 0, 1]] }];
  fs.writeFileSync(path.join(dir, "meta.js"), `TXSearch.meta(${JSON.stringify({ k: kinds, n: 1, s: 1, v: 4, z: [] })});`);
  // Document 0 (gap "P" = 0), once, in the head ("S" = 1*2 + 1).
  fs.writeFileSync(path.join(dir, "t", "0.js"), 'TXSearch.shard(0,{"u":{},"b":{"双拥":"!0"}});');
  fs.writeFileSync(path.join(dir, "t", "x0.js"), 'TXSearch.shard("x0",{"u":{},"b":{"双拥":"PS"}});');
  fs.writeFileSync(path.join(dir, "d", "0.js"), 'TXSearch.doc(0,{"t":"双拥工作","u":"../a/","k":0,"d":null,"i":null,"x":"","b":"正文"});');
  try {
    const c = siteClient(dir);
    const r = await query(c, "双拥");
    assert.deepEqual(titles(r), ["双拥工作"]);
    assert.ok(r.hits[0].head);
    assert.ok(c.loadedFiles.some((f) => /[\\/]t[\\/]x0\.js$/.test(f.file)), "t/x0.js loaded");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a phrase's pages are candidates until their text confirms them", async () => {
  // 好好 is on the long page thousands of times; 学习 once.
  const c = siteClient(path.join(dirs.fixture, "search"));
  assert.deepEqual(titles(await query(c, "好好学习")), ["长文本测试"]);
  await none(c, "好好好学习");
  await none(c, "好好学习天");
  let r = await query(c, "好好好好");
  assert.deepEqual(titles(r), ["长文本测试"]);
  assert.ok(r.res.hits.every((h) => h.sure), "confirmed");
  // A long phrase: the page holds every chosen pair; the text decides.
  const long = "一位刚随军来到綦江的军嫂在现场与一家教育机构达成了初步就业意向";
  r = await finds(demo, long, "军人家属就业专场招聘会提供岗位六百余个");
  assert.equal(r.hits.length, 1);
  await none(demo, long.replace("教育", "培训"));
  await none(demo, long.replace("一位", "两位"));
});

test("a candidate is shown only when its text holds the phrase", async () => {
  const long = "一位刚随军来到綦江的军嫂在现场与一家教育机构达成了初步就业意向";
  const { TX } = demo;
  const res = await new Promise((resolve, reject) => TX.search(long, (e, x) => (e ? reject(e) : resolve(x))));
  assert.ok(res.hits.length >= 1 && res.hits.every((h) => !h.sure), "candidates before their text is read");
  const segs = res.segs;
  // Every pair of the phrase, but not the phrase (a full stop cuts it): refused.
  assert.equal(TX.confirm({ t: "标题", x: "", b: long.slice(0, 12) + "。" + long.slice(12) }, segs), false);
  assert.equal(TX.confirm({ t: "标题", x: "", b: "前文" + long + "后文" }, segs), true);
  assert.equal(TX.confirm({ t: long, x: "", b: "" }, segs), true);
  // A Latin word is matched whole, as the index cuts it.
  const app = await new Promise((resolve, reject) => TX.search("app上线", (e, x) => (e ? reject(e) : resolve(x))));
  assert.equal(TX.confirm({ t: "", x: "", b: "新版app上线" }, app.segs), true);
  assert.equal(TX.confirm({ t: "", x: "", b: "新版happ上线" }, app.segs), false);
  // A body cut at the cap cannot refuse a candidate: the phrase may be past the cut.
  assert.equal(TX.confirm({ t: "", x: "", b: "无关", c: true }, segs), true);
  // A step of results loads no more result files than its limit, and drops what it refuses.
  const fake = { segs, hits: [] };
  for (const id of [0, 1, 2, 3]) fake.hits.push({ id, sure: false });
  const hits = fake.hits.slice();
  const docs = await new Promise((resolve, reject) => TX.take(fake, hits, 0, 10, 2, (e, d) => (e ? reject(e) : resolve(d))));
  assert.ok(docs.length <= 2);
  assert.ok(hits.length >= 2 && hits.length <= 4);
  assert.equal(fake.hits.length, hits.length);
});

test("a query loads only the shards it needs", async () => {
  const c = siteClient(path.join(dirs.demo, "search"));
  await query(c, "张建国");
  const shards = c.loadedFiles.filter((f) => /[\\/]t[\\/]\d+\.js$/.test(f.file));
  const total = c.TX.getMeta().s;
  assert.ok(shards.length <= 2, `张建国 loaded ${shards.length} of ${total} shards`);
});

/*
 * 同心 tongxin — 站内搜索 (site search client).
 * A plain script: no modules, no fetch, no WebAssembly. The index is a set of script files
 * (search/meta.js, t/N.js, d/ID.js, z/HEX.js) that call TXSearch.meta/shard/doc/fold, loaded by
 * inserting <script> tags, so search works from file:// as well as on any static server.
 * The tokenisation mirrors src/channels/search/tokenize.rs; tests/search-vectors.json pins both sides.
 */
(function (G) {
  "use strict";

  var TX = G.TXSearch = G.TXSearch || {};
  var MAX_WORD = 32;    /* longest word term */
  var MAX_UNITS = 40;   /* longest query, in units */
  var PAGE = 10;        /* results shown per step */
  var CHECKS = 50;      /* most result files loaded to fill one step (see TX.take) */
  var imul = Math.imul || function (a, b) {
    var l = b & 0xffff;
    return ((a * l) + ((((a >>> 16) * l) + (a & 0xffff) * (b >>> 16)) << 16)) | 0;
  };

  var meta = null, foldMap = {}, shards = {}, docs = {}, loaded = {}, pending = {};
  TX.base = "";

  /* ---------- registration: called by the index files ---------- */
  TX.meta = function (m) { meta = m; };
  TX.fold = function (key, pairs) {
    var cps = codePoints(pairs);
    for (var i = 0; i + 1 < cps.length; i += 2) { foldMap[cps[i]] = cps[i + 1]; }
  };
  TX.shard = function (n, d) { shards[n] = d; };
  TX.doc = function (id, d) { docs[id] = d; };
  TX.getMeta = function () { return meta; };

  /* ---------- loading ---------- */
  TX.loadScript = function (url, done) {
    var s = document.createElement("script");
    s.src = url;
    s.async = true;
    s.onload = function () { s.parentNode.removeChild(s); done(null); };
    s.onerror = function () { s.parentNode.removeChild(s); done(new Error(url)); };
    document.head.appendChild(s);
  };

  /* Loads every path (relative to TX.base) not loaded yet, then calls done(error or null). */
  function need(paths, done) {
    var left = paths.length + 1, failed = null;
    function fin(err) { if (err) { failed = err; } if (--left === 0) { done(failed); } }
    for (var i = 0; i < paths.length; i++) {
      (function (p) {
        if (loaded[p]) { fin(null); return; }
        if (pending[p]) { pending[p].push(fin); return; }
        pending[p] = [fin];
        TX.loadScript(TX.base + p, function (err) {
          var cbs = pending[p];
          delete pending[p];
          if (!err) { loaded[p] = true; }
          for (var j = 0; j < cbs.length; j++) { cbs[j](err); }
        });
      })(paths[i]);
    }
    fin(null);
  }

  /* ---------- folding and tokenisation ---------- */
  function codePoints(s) {
    var out = [];
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 0xD800 && c <= 0xDBFF && i + 1 < s.length) {
        var d = s.charCodeAt(i + 1);
        if (d >= 0xDC00 && d <= 0xDFFF) { c = (c - 0xD800) * 0x400 + (d - 0xDC00) + 0x10000; i++; }
      }
      out.push(c);
    }
    return out;
  }

  function fromCp(c) {
    if (c < 0x10000) { return String.fromCharCode(c); }
    c -= 0x10000;
    return String.fromCharCode(0xD800 + (c >> 10), 0xDC00 + (c & 0x3ff));
  }

  function widthCase(c) {
    if (c >= 0xFF01 && c <= 0xFF5E) { c -= 0xFEE0; } else if (c === 0x3000) { c = 32; }
    return (c >= 65 && c <= 90) ? c + 32 : c;
  }

  function foldCp(c) {
    c = widthCase(c);
    var f = foldMap[c];
    return f === undefined ? c : f;
  }

  function mapText(s, f) {
    var cps = codePoints(s), out = "";
    for (var i = 0; i < cps.length; i++) { out += fromCp(f(cps[i])); }
    return out;
  }

  /* Width and case folding only (the build sends table-folded text where it differs). */
  TX.widthCase = function (s) { return mapText(s, widthCase); };
  TX.foldText = function (s) { return mapText(s, foldCp); };

  function isHan(c) {
    return c === 0x3007 || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
      (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF);
  }
  function isWord(c) { return (c >= 97 && c <= 122) || (c >= 48 && c <= 57); }

  /* Units: each Han character, each run of ASCII letters and digits; positions in UTF-16. */
  TX.units = function (text) {
    var cps = codePoints(text), out = [], pos = 0, word = null;
    for (var i = 0; i < cps.length; i++) {
      var c = foldCp(cps[i]), w = c > 0xFFFF ? 2 : 1;
      if (isWord(c)) {
        if (!word) { word = { t: "", p: pos, l: 0, h: false }; }
        if (word.l < MAX_WORD) { word.t += String.fromCharCode(c); }
        word.l += w;
      } else {
        if (word) { out.push(word); word = null; }
        if (isHan(c)) { out.push({ t: fromCp(c), p: pos, l: w, h: true }); }
      }
      pos += w;
    }
    if (word) { out.push(word); }
    return out;
  };

  /* Tokens: each unit, then the bigram it starts when the next unit touches it. */
  TX.tokens = function (text) {
    var u = TX.units(text), out = [];
    for (var i = 0; i < u.length; i++) {
      out.push({ t: u[i].t, p: u[i].p, b: false });
      if (i + 1 < u.length && u[i].p + u[i].l === u[i + 1].p) {
        out.push({ t: u[i].t + u[i + 1].t, p: u[i].p, b: true });
      }
    }
    return out;
  };

  /* FNV-1a over UTF-16 code units: the shard of a term. */
  TX.hash = function (s) {
    var h = 0x811C9DC5 | 0;
    for (var i = 0; i < s.length; i++) { h = imul(h ^ s.charCodeAt(i), 0x01000193); }
    return h >>> 0;
  };

  /* ---------- postings ---------- */
  function reader(s) {
    var i = 0;
    return function () {
      var n = 0, mul = 1;
      while (i < s.length) {
        var c = s.charCodeAt(i++);
        if (c < 0x50) { n += (c - 0x23) * mul; mul *= 45; } else { return n + (c - 0x50 - (c > 0x5C ? 1 : 0)) * mul; }
      }
      return -1;
    };
  }

  /* The postings of a term in its shard (see src/channels/search/index.rs); "!x" points to a
     file of its own, t/x<x>.js, which raw asks not to follow. "" if none. */
  function lookup(kind, term, raw) {
    var sh = shards[TX.hash(term) % meta.s];
    var v = (sh && sh[kind] && Object.prototype.hasOwnProperty.call(sh[kind], term)) ? sh[kind][term] : "";
    var x = ownFile(v);
    if (x !== null && !raw) {
      var own = shards["x" + x];
      v = (own && own[kind] && own[kind][term]) || "";
    }
    return v;
  }

  /* The number of the file of its own a shard value points to, or null. */
  function ownFile(v) {
    return typeof v === "string" && v.charAt(0) === "!" ? v.slice(1) : null;
  }

  /* Walks postings (see src/channels/search/index.rs): each(id, tf, inHead) per document,
     in order. Unigrams and bigrams have the same form. */
  function eachPosting(s, each) {
    var next = reader(s), id = 0, g;
    while ((g = next()) >= 0) {
      id += g;
      var v = next();
      each(id, Math.floor(v / 2), v % 2);
      id++;
    }
  }

  /* {id: [tf, inHead]} of a term, kind "u" (unigram) or "b" (bigram). */
  function postings(kind, term) {
    var out = {};
    eachPosting(lookup(kind, term), function (id, tf, head) { out[id] = [tf, head]; });
    return out;
  }

  /* {id: [tf, inHead]} of a phrase: the pages holding every chosen bigram, each with the least
     tf and head flag of them. Only a phrase of one bigram is decided so; a longer one's pages
     are candidates, confirmed against their text before they are shown (TX.take), since the
     index keeps no positions. */
  function phrase(seg) {
    var lists = [], i, out = {};
    for (i = 0; i < seg.bi.length; i++) { lists.push(postings("b", seg.bi[i].t)); }
    for (var id in lists[0]) {
      if (!Object.prototype.hasOwnProperty.call(lists[0], id)) { continue; }
      var tf = lists[0][id][0], head = lists[0][id][1], ok = true;
      for (i = 1; i < lists.length && ok; i++) {
        var m = lists[i][id];
        if (m) { tf = Math.min(tf, m[0]); head = Math.min(head, m[1]); } else { ok = false; }
      }
      if (ok) { out[id] = [tf, head]; }
    }
    return out;
  }

  /* The query as segments: runs of touching units. A phrase keeps every other bigram and the
     last one: that covers every unit. */
  function segments(folded) {
    var u = TX.units(folded).slice(0, MAX_UNITS), segs = [], seen = Object.create(null), cur = [];
    function close() {
      if (!cur.length) { return; }
      var last = cur[cur.length - 1], text = folded.substring(cur[0].p, last.p + last.l);
      if (!seen[text]) {
        seen[text] = true;
        var seg = { text: text, uni: null, bi: [], sure: cur.length <= 2, wordStart: !cur[0].h, wordEnd: !last.h };
        if (cur.length === 1) {
          seg.uni = cur[0].t;
        } else {
          for (var i = 0; i + 1 < cur.length; i++) {
            if (i % 2 === 0 || i === cur.length - 2) { seg.bi.push({ t: cur[i].t + cur[i + 1].t }); }
          }
        }
        segs.push(seg);
      }
      cur = [];
    }
    for (var i = 0; i < u.length; i++) {
      if (cur.length) {
        var prev = cur[cur.length - 1];
        if (prev.p + prev.l !== u[i].p) { close(); }
      }
      cur.push(u[i]);
    }
    close();
    return segs;
  }

  /* ---------- search ---------- */
  /* Runs a query; done(error, {query, segs, hits: [{id, score, head, sure}]}), best first. A
     hit that is not sure is a candidate that TX.take confirms or drops. */
  TX.search = function (query, done) {
    if (!meta) { done(new Error("index")); return; }
    var q = String(query || "").slice(0, 200), wc = TX.widthCase(q), keys = {}, paths = [], i;
    var cps = codePoints(wc);
    for (i = 0; i < cps.length; i++) {
      if (cps[i] >= 0x3400) {
        var k = (cps[i] >> 8).toString(16);
        if (!keys[k] && meta.z.indexOf(k) >= 0) { keys[k] = true; paths.push("z/" + k + ".js"); }
      }
    }
    need(paths, function () {
      var folded = TX.foldText(q), segs = segments(folded), need2 = {}, list = [];
      for (var s = 0; s < segs.length; s++) {
        var terms = segs[s].uni !== null ? [segs[s].uni] : segs[s].bi.map(function (b) { return b.t; });
        for (var t = 0; t < terms.length; t++) {
          var n = TX.hash(terms[t]) % meta.s;
          if (!need2[n]) { need2[n] = true; list.push("t/" + n + ".js"); }
        }
      }
      need(list, function (err) {
        if (err) { done(err); return; }
        /* Long postings are in files of their own. */
        var own = [];
        for (var s2 = 0; s2 < segs.length; s2++) {
          var u = segs[s2].uni !== null, ts = u ? [segs[s2].uni] : segs[s2].bi.map(function (b) { return b.t; });
          for (var t2 = 0; t2 < ts.length; t2++) {
            var x = ownFile(lookup(u ? "u" : "b", ts[t2], true));
            if (x !== null) { own.push("t/x" + x + ".js"); }
          }
        }
        need(own, function (err2) {
          if (err2) { done(err2); return; }
          done(null, { query: q, segs: segs, hits: rank(segs) });
        });
      });
    });
  };

  function rank(segs) {
    if (!segs.length) { return []; }
    var per = [], i, id;
    for (i = 0; i < segs.length; i++) {
      per.push(segs[i].uni !== null ? postings("u", segs[i].uni) : phrase(segs[i]));
    }
    per.sort(function (a, b) { return size(a) - size(b); });
    var hits = [], N = meta.n, sure = true;
    for (i = 0; i < segs.length; i++) { sure = sure && segs[i].sure; }
    var idf = per.map(function (m) { var df = size(m); return Math.log(1 + (N - df + 0.5) / (df + 0.5)); });
    for (id in per[0]) {
      if (!Object.prototype.hasOwnProperty.call(per[0], id)) { continue; }
      var score = 0, head = 0, ok = true;
      for (i = 0; i < per.length && ok; i++) {
        var m = per[i][id];
        if (!m) { ok = false; break; }
        score += idf[i] * (m[0] * 2.2) / (m[0] + 1.2);
        head += m[1];
      }
      if (ok) { hits.push({ id: +id, score: score + head * 100, head: head > 0, sure: sure }); }
    }
    hits.sort(function (a, b) { return (b.score - a.score) || (a.id - b.id); });
    return hits;
  }

  function size(o) { var n = 0; for (var k in o) { if (Object.prototype.hasOwnProperty.call(o, k)) { n++; } } return n; }

  /* Type and year of a document id, from the ranges in meta. */
  TX.kindOf = function (id) {
    for (var i = 0; i < meta.k.length; i++) {
      var k = meta.k[i];
      if (id >= k.start && id < k.start + k.count) {
        for (var j = 0; j < k.years.length; j++) {
          var y = k.years[j];
          if (id >= y[1] && id < y[1] + y[2]) { return { kind: k, year: y[0] }; }
        }
        return { kind: k, year: 0 };
      }
    }
    return null;
  };

  /* Hits of a result with a type name ("profile") and/or year (2025); empty means any. */
  TX.filter = function (res, type, year) {
    return res.hits.filter(function (h) {
      var ky = TX.kindOf(h.id);
      return ky && (!type || ky.kind.name === type) && (!year || ky.year === +year);
    });
  };

  /* Loads result documents; done(error, [doc …]) in the same order. */
  TX.docs = function (ids, done) {
    need(ids.map(function (id) { return "d/" + id + ".js"; }), function (err) {
      done(err, ids.map(function (id) { return docs[id] || null; }));
    });
  };

  /* True when every segment of the query is in the document's text, as the index cuts it
     into units (the highlighting's rule). A body cut short (doc.c) cannot refuse a hit. */
  TX.confirm = function (doc, segs) {
    if (doc.c) { return true; }
    var fields = [[doc.t, doc.ft], [doc.x, doc.fx], [doc.b, doc.fb]];
    for (var i = 0; i < segs.length; i++) {
      var found = false;
      for (var j = 0; j < fields.length && !found; j++) {
        var text = fields[j][0] || "";
        found = ranges(fields[j][1] || TX.widthCase(text), [segs[i]]).length > 0;
      }
      if (!found) { return false; }
    }
    return true;
  };

  /* Loads the result files of hits[from…] until `want` of them can be shown, loading at most
     `limit`. A hit that is not sure is confirmed against its text (TX.confirm), or leaves hits
     and res.hits. done(error, docs): the documents of hits[from…from + docs.length], null
     where one is missing. */
  TX.take = function (res, hits, from, want, limit, done) {
    var out = [], tried = 0;
    function step() {
      var at = from + out.length, batch = hits.slice(at, at + Math.min(want - out.length, limit - tried));
      if (!batch.length) { done(null, out); return; }
      tried += batch.length;
      TX.docs(batch.map(function (h) { return h.id; }), function (err, ds) {
        if (err) { done(err, out); return; }
        var keep = [];
        for (var i = 0; i < batch.length; i++) {
          var h = batch[i];
          if (!ds[i] || h.sure || TX.confirm(ds[i], res.segs)) {
            h.sure = true;
            keep.push(h);
            out.push(ds[i]);
          } else if (hits !== res.hits) {
            var r = res.hits.indexOf(h);
            if (r >= 0) { res.hits.splice(r, 1); }
          }
        }
        hits.splice.apply(hits, [at, batch.length].concat(keep));
        step();
      });
    }
    step();
  };

  /* ---------- highlighting ---------- */
  function esc(s) {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function wordAt(s, i) { return i >= 0 && i < s.length && isWord(s.charCodeAt(i)); }

  /* Ranges [start, end) of every segment in folded text, merged and sorted. */
  function ranges(folded, segs) {
    var r = [], i;
    for (i = 0; i < segs.length; i++) {
      var s = segs[i], from = 0, at;
      while (s.text && (at = folded.indexOf(s.text, from)) >= 0) {
        var end = at + s.text.length;
        if (!(s.wordStart && wordAt(folded, at - 1)) && !(s.wordEnd && wordAt(folded, end))) { r.push([at, end]); }
        from = at + 1;
      }
    }
    r.sort(function (a, b) { return a[0] - b[0]; });
    var out = [];
    for (i = 0; i < r.length; i++) {
      if (out.length && r[i][0] <= out[out.length - 1][1]) {
        out[out.length - 1][1] = Math.max(out[out.length - 1][1], r[i][1]);
      } else { out.push([r[i][0], r[i][1]]); }
    }
    return out;
  }

  function marked(text, rs, from, to) {
    var out = "", at = from;
    for (var i = 0; i < rs.length; i++) {
      var a = Math.max(rs[i][0], from), b = Math.min(rs[i][1], to);
      if (b <= a) { continue; }
      out += esc(text.substring(at, a)) + "<mark>" + esc(text.substring(a, b)) + "</mark>";
      at = b;
    }
    return out + esc(text.substring(at, to));
  }

  function safeCut(s, i) {
    var c = s.charCodeAt(i);
    return (i > 0 && i < s.length && c >= 0xDC00 && c <= 0xDFFF) ? i - 1 : i;
  }

  /* HTML of a field with matches in <mark>. */
  TX.markField = function (text, foldedText, segs) {
    text = text || "";
    return marked(text, ranges(foldedText || TX.widthCase(text), segs), 0, text.length);
  };

  /* HTML snippet of the body around the first match (or its beginning). */
  TX.snippet = function (doc, segs, len) {
    len = len || 110;
    var text = (doc.b || "").replace(/\s+/g, " "), folded = doc.fb ? doc.fb.replace(/\s+/g, " ") : TX.widthCase(text);
    var rs = ranges(folded, segs), start = 0;
    if (rs.length) { start = Math.max(0, rs[0][0] - Math.floor(len / 4)); }
    start = safeCut(text, start);
    var end = safeCut(text, Math.min(text.length, start + len));
    return (start > 0 ? "…" : "") + marked(text, rs, start, end) + (end < text.length ? "…" : "");
  };

  /* ---------- the search page ---------- */
  function param(search, name) {
    var m = new RegExp("[?&]" + name + "=([^&#]*)").exec(search || "");
    if (!m) { return ""; }
    try { return decodeURIComponent(m[1].replace(/\+/g, " ")); } catch (e) { return m[1]; }
  }

  function init() {
    var root = document.getElementById("tx-search");
    if (!root) { return; }
    TX.base = root.getAttribute("data-base") || "";
    var form = root.querySelector("form"), input = document.getElementById("search-q");
    var typeSel = document.getElementById("search-type"), yearSel = document.getElementById("search-year");
    var status = document.getElementById("search-status"), list = document.getElementById("search-results");
    var moreButton = document.getElementById("search-more");
    var seq = 0, current = null, hits = [], shown = 0;

    function say(text) { status.textContent = text; }

    function setUrl() {
      try {
        var q = "?q=" + encodeURIComponent(input.value) +
          (typeSel.value ? "&type=" + encodeURIComponent(typeSel.value) : "") +
          (yearSel.value ? "&year=" + encodeURIComponent(yearSel.value) : "");
        G.history.replaceState(null, "", q);
      } catch (e) { /* file:// in some browsers: the address simply stays */ }
    }

    function item(doc, segs) {
      var ky = null;
      for (var i = 0; i < meta.k.length; i++) { if (meta.k[i].id === doc.k) { ky = meta.k[i]; } }
      var li = document.createElement("li");
      li.className = "search-hit";
      li.innerHTML = '<h2 class="search-hit-title"><a href="' + esc(doc.u) + '">' + TX.markField(doc.t, doc.ft, segs) + "</a></h2>" +
        '<p class="search-hit-meta"><span class="kind-label">' + esc(ky ? ky.label : "") + "</span>" +
        (doc.d ? '<time datetime="' + esc(doc.i || "") + '">' + esc(doc.d) + "</time>" : "") +
        (doc.x ? '<span class="search-hit-extra">' + TX.markField(doc.x, doc.fx, segs) + "</span>" : "") + "</p>" +
        '<p class="search-hit-snippet">' + TX.snippet(doc, segs) + "</p>";
      return li;
    }

    /* What goes before a count of `list`: "约 " while some of it are candidates not yet
       confirmed (see TX.take), else a space. */
    function about(list) {
      for (var i = 0; i < list.length; i++) { if (!list[i].sure) { return "约 "; } }
      return " ";
    }

    function summary() {
      var q = current.query.replace(/\s+/g, " ").trim(), total = current.hits.length;
      if (!hits.length) {
        return total ? "找到" + about(current.hits) + total + " 条与“" + q + "”相关的结果，但都不符合所选的类型或年份。" :
          "没有找到与“" + q + "”相关的内容。请检查用字，或换一个词试试。";
      }
      return hits.length === total ? "找到" + about(hits) + total + " 条与“" + q + "”相关的结果。" :
        "找到" + about(current.hits) + total + " 条与“" + q + "”相关的结果，符合筛选条件的" + about(hits) + hits.length + " 条。";
    }

    /* Shows the next step of results; the first step (more false) says the summary. */
    function showMore(more, focusFirst) {
      var token = seq;
      TX.take(current, hits, shown, PAGE, CHECKS, function (err, ds) {
        if (token !== seq) { return; }
        var first = null;
        for (var i = 0; i < ds.length; i++) {
          if (!ds[i]) { continue; }
          var li = item(ds[i], current.segs);
          list.appendChild(li);
          if (!first) { first = li.querySelector("a"); }
        }
        shown += ds.length;
        moreButton.hidden = shown >= hits.length;
        var left = hits.length - shown;
        if (err) { say("部分结果未能加载，请刷新页面重试。"); } else if (!more) {
          say(summary() + (ds.length || left <= 0 ? "" : "已核对的候选页面都不含所搜的词，可点“显示更多结果”继续核对。"));
        } else {
          say(left <= 0 ? "已显示全部结果。" : (ds.length ? "又显示了 " + ds.length + " 条" : "这一批候选页面核对后都不含所搜的词") +
            "，还有" + about(hits.slice(shown)) + left + " 条。");
        }
        if (focusFirst && first) { first.focus(); }
      });
    }

    function show() {
      seq++;
      list.innerHTML = "";
      shown = 0;
      moreButton.hidden = true;
      if (!current) { return; }
      hits = TX.filter(current, typeSel.value, yearSel.value);
      if (!current.segs.length) { say("请输入要搜索的人名、地名、标题或文号。"); return; }
      if (!hits.length) { say(summary()); return; }
      showMore(false, false);
    }

    function run() {
      var token = ++seq;
      current = null;
      if (!input.value.replace(/\s+/g, "")) { list.innerHTML = ""; moreButton.hidden = true; say("请输入要搜索的人名、地名、标题或文号。"); return; }
      say("正在搜索……");
      TX.search(input.value, function (err, res) {
        if (token !== seq) { return; }
        if (err) { say("搜索索引未能加载，请刷新页面重试。"); return; }
        current = res;
        show();
      });
    }

    if (!meta) { say("搜索索引未能加载，请刷新页面重试。"); return; }
    form.addEventListener("submit", function (ev) { ev.preventDefault(); setUrl(); run(); });
    typeSel.addEventListener("change", function () { setUrl(); show(); });
    yearSel.addEventListener("change", function () { setUrl(); show(); });
    moreButton.addEventListener("click", function () { showMore(true, true); });
    var q0 = param(G.location.search, "q"), t0 = param(G.location.search, "type"), y0 = param(G.location.search, "year");
    input.value = q0;
    if (t0) { typeSel.value = t0; }
    if (y0) { yearSel.value = y0; }
    /* The header box on this page searches here too. */
    var header = document.getElementById("site-q");
    if (header) { header.value = q0; }
    if (q0) { run(); }
  }

  /* Deferred scripts run before DOMContentLoaded, while the index script (after this one) may
     not have run yet: start on DOMContentLoaded (or load, if this script came later). */
  if (G.document) {
    var started = false;
    var start = function () { if (!started) { started = true; init(); } };
    if (document.readyState === "complete") { start(); } else {
      document.addEventListener("DOMContentLoaded", start);
      G.addEventListener("load", start);
    }
  }
})(typeof window !== "undefined" ? window : globalThis);

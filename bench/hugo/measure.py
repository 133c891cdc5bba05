#!/usr/bin/env python3
"""Live-reload latency of `hugo server`, to compare with bench/serve.sh.

For each mode (full = --disableFastRender, fast = Hugo's default fast render):
  * start `hugo server` on 127.0.0.1 at a free port and wait until it serves the
    newest article (largest front-matter date; on a tie the largest file name, so
    every run edits the same one);
  * GET the article page and /articles/ once: fast render only re-renders pages a
    browser has visited, so this stands in for the open browser tab;
  * EDITS times: rewrite the file in place (as an editor's save) with a new marker in
    the title and at the start of the body, then poll over HTTP every 2 ms until the
    article page holds the marker, then until /articles/ (list page 1) does. Both
    times count from just before the write; 1 s pause between edits;
  * put the original file back and stop the server.

Only loopback is used. Exits nonzero if the server fails or any edit times out.

Usage: measure.py --site DIR [--hugo PATH] [--logs DIR] [EDITS]
                  [--mode full|fast|both] [--render disk|memory]
                  [--json OUT.json] [--timeout S]
"""
import argparse
import http.client
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

HOST = "127.0.0.1"


def free_port():
    s = socket.socket()
    s.bind((HOST, 0))
    port = s.getsockname()[1]
    s.close()
    return port


def newest_article(articles):
    best = None
    date_re = re.compile(r"^date:\s*['\"]?([0-9T:+\-. Z]+?)['\"]?\s*$", re.M)
    for name in os.listdir(articles):
        if not name.endswith(".md") or name.startswith("_"):
            continue
        with open(os.path.join(articles, name), encoding="utf-8") as f:
            head = f.read(2048)
        m = date_re.search(head.split("\n---", 2)[0] if head.startswith("---") else "")
        if not m:
            continue
        key = (m.group(1), name)
        if best is None or key > best:
            best = key
    if best is None:
        raise SystemExit("no dated article in " + articles)
    return best[1], best[0]


class Client:
    """Keep-alive HTTP client; reconnects after any error (the server may drop it)."""

    def __init__(self, port):
        self.port = port
        self.conn = None

    def get(self, path):
        for _ in range(2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
                self.conn.request("GET", path, headers={"Cache-Control": "no-cache"})
                r = self.conn.getresponse()
                return r.status, r.read()
            except (OSError, http.client.HTTPException):
                try:
                    self.conn.close()
                except Exception:
                    pass
                self.conn = None
        return None, b""


def wait_for(client, path, needle, t0, timeout):
    """Poll path until its body holds needle; seconds since t0, or None on timeout."""
    while True:
        st, body = client.get(path)
        if st == 200 and needle in body:
            return time.perf_counter() - t0
        if time.perf_counter() - t0 > timeout:
            return None
        time.sleep(0.002)


def make_edit(original, marker):
    # gen_site.py writes "---\n...\n---\n" front matter with a `title: "..."` line.
    end = original.index("\n---\n", 4)
    fm, body = original[: end + 5], original[end + 5:]
    fm2, n = re.subn(r'^title:\s*"', 'title: "' + marker + " ", fm, count=1, flags=re.M)
    if n != 1:
        raise SystemExit("no title line in the front matter")
    return fm2 + "\n" + marker + "\n\n" + body.lstrip("\n")


def stop(proc):
    # The server runs in its own session, so this also reaches anything it started.
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()


def run_mode(a, mode, fname, date):
    port = free_port()
    cmd = [a.hugo, "server", "--bind", HOST, "--port", str(port),
           "--baseURL", "http://127.0.0.1/", "--source", a.site]
    if mode == "full":
        cmd.append("--disableFastRender")
    if a.render == "memory":
        cmd.append("--renderToMemory")
    logpath = os.path.join(a.logs, "hugo-server-%s-%s.log" % (mode, a.render))
    path = os.path.join(a.site, "content", "articles", fname)
    with open(path, encoding="utf-8") as f:
        original = f.read()
    art_url = "/articles/%s/" % fname[:-3]
    list_url = "/articles/"
    m = re.search(r'^title:\s*"(.*)"\s*$', original, re.M)
    orig_title = m.group(1).encode("utf-8") if m else b""
    res = {"mode": mode, "render": a.render, "article": fname, "date": date,
           "article_ms": [], "list_ms": [], "failures": 0}

    print("[%s] %s" % (mode, " ".join(cmd)), flush=True)
    log = open(logpath, "w")
    t_start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=a.site, stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    client = Client(port)
    try:
        # Up means the first full build is done: the article is served with its title.
        while True:
            if proc.poll() is not None:
                raise SystemExit("hugo server exited early, see " + logpath)
            with open(logpath, encoding="utf-8", errors="replace") as lf:
                ready = "Web Server is available" in lf.read()
            if ready:
                st, body = client.get(art_url)
                if st == 200 and orig_title in body:
                    break
                if st == 404:
                    raise SystemExit("%s is 404 (future date or draft?)" % art_url)
            if time.perf_counter() - t_start > 600:
                raise SystemExit("hugo server did not come up, see " + logpath)
            time.sleep(0.05)
        res["startup_s"] = round(time.perf_counter() - t_start, 2)
        print("[%s] server up on port %d after %.1f s; article %s (date %s)"
              % (mode, port, res["startup_s"], art_url, date), flush=True)
        client.get(art_url)
        st, body = client.get(list_url)
        if orig_title not in body:
            print("[%s] WARNING: the article is not on list page 1" % mode, flush=True)
        time.sleep(1.0)
        for i in range(1, a.edits + 1):
            marker = "HBM%s%02d" % (uuid.uuid4().hex[:10], i)
            text = make_edit(original, marker)
            needle = marker.encode()
            t0 = time.perf_counter()
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            ta = wait_for(client, art_url, needle, t0, a.timeout)
            tl = wait_for(client, list_url, needle, t0, a.timeout) if ta is not None else None
            if ta is None or tl is None:
                res["failures"] += 1
                print("[%s] edit %2d: TIMEOUT (article=%s list=%s)" % (mode, i, ta, tl), flush=True)
            else:
                res["article_ms"].append(round(ta * 1000, 1))
                res["list_ms"].append(round(tl * 1000, 1))
                print("[%s] edit %2d: article %8.1f ms   list p1 %8.1f ms"
                      % (mode, i, ta * 1000, tl * 1000), flush=True)
            time.sleep(1.0)
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        time.sleep(1.0)   # let hugo pick up the restore before it is stopped
        stop(proc)
        log.close()
    for k in ("article_ms", "list_ms"):
        v = res[k]
        res[k.replace("_ms", "_median_ms")] = round(statistics.median(v), 1) if v else None
    print("[%s] MEDIAN over %d edits: article %s ms, list p1 %s ms (failures: %d)"
          % (mode, len(res["article_ms"]), res["article_median_ms"],
             res["list_median_ms"], res["failures"]), flush=True)
    return res


def main():
    ap = argparse.ArgumentParser(description="Measure `hugo server` save-to-served latency.")
    ap.add_argument("edits", nargs="?", type=int, default=int(os.environ.get("EDITS", 12)))
    ap.add_argument("--site", required=True,
                    help="Hugo site folder (hugo.toml, layouts/, content/articles/)")
    ap.add_argument("--hugo", default="hugo", help="hugo binary (default: hugo on PATH)")
    ap.add_argument("--logs", help="folder for the server logs (default: a new temporary one)")
    ap.add_argument("--mode", choices=["full", "fast", "both"], default="both")
    ap.add_argument("--render", choices=["disk", "memory"], default="disk",
                    help="disk = what `hugo server` 0.168 does by default; memory = --renderToMemory")
    ap.add_argument("--timeout", type=float, default=120.0, help="per-page wait, seconds")
    ap.add_argument("--json", help="also write the results to this JSON file")
    a = ap.parse_args()
    a.site = os.path.abspath(a.site)
    if a.logs:
        os.makedirs(a.logs, exist_ok=True)
    else:
        a.logs = tempfile.mkdtemp(prefix="hugo-bench-log.")
    print("logs: " + a.logs, flush=True)

    ver = subprocess.run([a.hugo, "version"], capture_output=True, text=True, check=True).stdout.strip()
    print(ver, flush=True)
    fname, date = newest_article(os.path.join(a.site, "content", "articles"))
    modes = ["full", "fast"] if a.mode == "both" else [a.mode]
    results = [run_mode(a, m, fname, date) for m in modes]
    print("\nSUMMARY (hugo %s, render=%s, %d edits)" % (ver.split()[1], a.render, a.edits))
    for r in results:
        print("  %-4s article median %s ms | list p1 median %s ms | startup %s s | failures %d"
              % (r["mode"], r["article_median_ms"], r["list_median_ms"], r["startup_s"], r["failures"]))
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"hugo": ver, "results": results}, f, ensure_ascii=False, indent=1)
    if any(r["failures"] for r in results):
        sys.exit(1)


if __name__ == "__main__":
    main()

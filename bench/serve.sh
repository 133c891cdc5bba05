#!/usr/bin/env bash
# Live-preview benchmark for `tongxin serve`.
#
#   bench/serve.sh N [EDITS]
#
# Builds target/release/tongxin, generates an N-article site into /tmp/tongxin-bench-N (once,
# as bench/build.sh does), starts `tongxin serve --port 0` on it, then
#   * EDITS times (default 15): rewrites the newest article with a new marker in its title and
#     body, and measures the time from the write returning to the updated article being served
#     over HTTP, to the page's file in the served folder holding it, and to the first articles
#     list page showing the new title;
#   * 5 times, each once the server is idle (its log quiet for QUIET seconds, default 4: the
#     search index of the last change written): changes a template override (templates/article.html) and measures the time until
#     the article page shows it, with that page "open" (a live-reload stream naming it, as a
#     browser's would): it is rendered first, the rest of the site after; Markdown is not;
#   * 5 times, from idle: a template change, and once the page shows it, a second one while the
#     first's full render is still running; measures the second (the first render is called
#     off).
# Prints every measurement, the medians, tongxin's own rebuild lines and the machine.
set -euo pipefail

N=${1:?usage: bench/serve.sh N [EDITS]}
EDITS=${2:-15}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SITE=/tmp/tongxin-bench-$N
BIN=${CARGO_TARGET_DIR:-$REPO/target}/release/tongxin
LOG=$(mktemp -d /tmp/tongxin-serve-bench.XXXXXX)

if [[ ${SKIP_CARGO:-0} != 1 ]]; then
    echo "== cargo build --release" >&2
    (cd "$REPO" && cargo build --release --bin tongxin) >"$LOG/cargo" 2>&1 || { head -40 "$LOG/cargo" >&2; exit 1; }
fi
cp "$BIN" "$LOG/tongxin"
if [[ ! -f $SITE/config.yaml ]]; then
    echo "== generating $N articles into $SITE" >&2
    rm -rf "$SITE"
    python3 "$REPO/bench/gen_site.py" --articles "$N" --out "$SITE" --seed "${SEED:-1}"
fi
rm -rf "$SITE/templates"

"$LOG/tongxin" serve --root "$SITE" --port 0 >"$LOG/out" 2>&1 &
PID=$!
cleanup() { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; rm -rf "$SITE/templates"; }
trap cleanup EXIT

python3 - "$SITE" "$LOG/out" "$EDITS" "$REPO" <<'PY'
import os, re, statistics, sys, time, urllib.parse, urllib.request, urllib.error

site, log, edits, repo = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
deadline = time.time() + 600
url = None
while time.time() < deadline and url is None:
    m = re.search(r"http://[0-9.:]+/", open(log, encoding="utf-8").read())
    url = m.group(0) if m else None
    time.sleep(0.05)
if url is None:
    sys.exit("serve did not start:\n" + open(log, encoding="utf-8").read())

def get(path):
    try:
        with urllib.request.urlopen(url + path, timeout=30) as r:
            return r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return ""

served = os.path.join(site, ".tongxin-cache", "serve")

def on_disk(path, marker, start, limit=120):
    file = os.path.join(served, urllib.parse.unquote(path), "index.html")
    while True:
        try:
            with open(file, encoding="utf-8", errors="replace") as f:
                if marker in f.read():
                    return time.perf_counter() - start
        except OSError:
            pass
        if time.perf_counter() - start > limit:
            sys.exit(f"timeout waiting for {marker} in {file}")
        time.sleep(0.001)

def wait(path, marker, start, limit=120):
    while True:
        if marker in get(path):
            return time.perf_counter() - start
        if time.perf_counter() - start > limit:
            sys.exit(f"timeout waiting for {marker} on {path}\n" + open(log, encoding="utf-8").read()[-3000:])
        time.sleep(0.002)

# The newest article: the largest date in front matter.
arts = os.path.join(site, "content", "articles")
newest, best = None, ""
for name in os.listdir(arts):
    with open(os.path.join(arts, name), encoding="utf-8") as f:
        head = f.read(400)
    m = re.search(r"^date: *(\S+)", head, re.M)
    # Ties go to the larger file name, as in bench/hugo/measure.py, so both edit one article.
    if m and (m.group(1), name) > (best, newest or ""):
        best, newest = m.group(1), name
path = os.path.join(arts, newest)
original = open(path, encoding="utf-8").read()
page = None
# Its URL: find it from the served list page.
slug = os.path.splitext(newest)[0]
print(f"edited article: content/articles/{newest} (date {best})")

page_times, disk_times, list_times = [], [], []
try:
    for i in range(edits):
        marker = f"基准修改{i:03d}号"
        text = re.sub(r"^title: *(.*)$", lambda m: f"title: {marker}{m.group(1)}", original, count=1, flags=re.M)
        text = text.replace("\n---\n", f"\n---\n\n{marker}正文。\n", 1)
        time.sleep(0.3)
        start = time.perf_counter()
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        if page is None:
            t = wait("articles/", marker, start)
            m = re.search(r'href="([^"]*)"[^>]*>\s*' + marker, get("articles/"))
            if m is None:
                sys.exit("edited article not found on the articles list")
            page = urllib.parse.urljoin(url + "articles/", m.group(1))[len(url):]
            print(f"article page: /{page}")
            continue
        page_times.append(wait(page, marker, start))
        disk_times.append(on_disk(page, marker, start))
        list_times.append(wait("articles/", marker, start))
        print(f"edit {i:2d}: page served after {page_times[-1]*1000:7.1f} ms, on disk after "
              f"{disk_times[-1]*1000:7.1f} ms, articles list served after {list_times[-1]*1000:7.1f} ms")
finally:
    with open(path, "w", encoding="utf-8") as f:
        f.write(original)

# The article page is open in a "browser": its live-reload stream says which page it is, so
# after a template change the server renders it before the rest (a thread keeps it open).
import threading
def keep_open():
    with urllib.request.urlopen(url + "__tongxin/events?page=" + urllib.parse.quote("/" + page), timeout=600) as r:
        while r.readline():
            pass
threading.Thread(target=keep_open, daemon=True).start()
time.sleep(0.5)
tpl_times = []
base = open(os.path.join(repo, "themes/default/templates/article.html"), encoding="utf-8").read()
os.makedirs(os.path.join(site, "templates"), exist_ok=True)
def quiet(seconds=float(os.environ.get("QUIET", "4")), limit=600):
    """Waits until the last rebuild, the rest of the site after the open page, and its search
    index are done: serve's last line says the index is in place, and the log has not grown for
    `seconds` (a full render prints nothing until it ends: silence alone is not enough)."""
    end = time.time() + limit
    size, since = -1, time.time()
    while time.time() < end:
        now = os.path.getsize(log)
        if now != size:
            size, since = now, time.time()
        elif time.time() - since >= seconds:
            lines = open(log, encoding="utf-8").read().strip().splitlines()
            if lines and ("搜索索引已更新" in lines[-1] or "search index updated" in lines[-1]):
                return
        time.sleep(0.05)

for i in range(5):
    quiet()
    marker = f"模板基准{i}"
    start = time.perf_counter()
    with open(os.path.join(site, "templates", "article.html"), "w", encoding="utf-8") as f:
        f.write(base.replace("{% block content %}", "{% block content %}<p>" + marker + "</p>", 1))
    tpl_times.append(wait(page, marker, start, 600))
    print(f"template change {i}: article page served after {tpl_times[-1]*1000:7.0f} ms")
# A second template change while the first one's full render is still running: it calls that
# render off and is shown first in turn (without this it waited for the whole render).
busy_times = []
for i in range(5):
    quiet()
    tpl = os.path.join(site, "templates", "article.html")
    first = f"模板在前{i}"
    start = time.perf_counter()
    with open(tpl, "w", encoding="utf-8") as f:
        f.write(base.replace("{% block content %}", "{% block content %}<p>" + first + "</p>", 1))
    wait(page, first, start, 600)
    marker = f"模板在后{i}"
    start = time.perf_counter()
    with open(tpl, "w", encoding="utf-8") as f:
        f.write(base.replace("{% block content %}", "{% block content %}<p>" + marker + "</p>", 1))
    busy_times.append(wait(page, marker, start, 600))
    print(f"template change during a full render {i}: article page served after {busy_times[-1]*1000:7.0f} ms")
time.sleep(1)
print(f"MEDIAN article edit → page served: {statistics.median(page_times)*1000:.1f} ms "
      f"(min {min(page_times)*1000:.1f}, max {max(page_times)*1000:.1f}, n={len(page_times)})")
print(f"MEDIAN article edit → page on disk: {statistics.median(disk_times)*1000:.1f} ms "
      f"(min {min(disk_times)*1000:.1f}, max {max(disk_times)*1000:.1f})")
print(f"MEDIAN article edit → list page served: {statistics.median(list_times)*1000:.1f} ms")
print(f"MEDIAN template change → page served: {statistics.median(tpl_times)*1000:.0f} ms (n={len(tpl_times)})")
print(f"MEDIAN template change during a full render → page served: {statistics.median(busy_times)*1000:.0f} ms (n={len(busy_times)})")
PY
echo "== tongxin serve said (last lines):"
tail -8 "$LOG/out"
echo "machine: nproc=$(nproc)   CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')   load avg: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "commit: $(cd "$REPO" && git rev-parse --short HEAD)"

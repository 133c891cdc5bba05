#!/usr/bin/env bash
# How long `tongxin inspect` takes on a generated site.
#
#   bench/inspect.sh N [RUNS]
#
# Generates an N-article site into /tmp/tongxin-bench-N (once, as bench/build.sh does), runs
# `tongxin inspect --format json` once as a warm-up and RUNS times (default 9) with the release
# binary (or BIN=path), and prints each run's wall and user seconds, the median wall time and
# the machine. BASE=path runs an older build too, interleaved with BIN run by run, so both see
# the same machine load. `--today` is the generated site's last day (2026-12-31): every column
# up to date and no future dates, as on a well-kept site.
set -euo pipefail

N=${1:?usage: bench/inspect.sh N [RUNS]}
RUNS=${2:-9}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SITE=/tmp/tongxin-bench-$N
BIN=${BIN:-${CARGO_TARGET_DIR:-$REPO/target}/release/tongxin}

if [[ -z ${SKIP_CARGO:-} && $BIN == */release/tongxin ]]; then
    (cd "$REPO" && cargo build --release --bin tongxin >/dev/null 2>&1)
fi
if [[ ! -d $SITE ]]; then
    python3 "$REPO/bench/gen_site.py" --articles "$N" --out "$SITE" --seed "${SEED:-1}" >&2
fi

run() {
    /usr/bin/time -f "%e %U" "${1:-$BIN}" inspect --root "$SITE" --today 2026-12-31 --format json \
        2>&1 >/dev/null | tail -1 || true
}
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
run >/dev/null
times=()
base_times=()
for i in $(seq 1 "$RUNS"); do
    t=$(run)
    line="run $i: wall ${t% *} s, user ${t#* } s"
    times+=("${t% *}")
    if [[ -n ${BASE:-} ]]; then
        b=$(run "$BASE")
        line="$line; BASE wall ${b% *} s, user ${b#* } s"
        base_times+=("${b% *}")
    fi
    echo "$line"
done
echo "median wall: $(median "${times[@]}") s ($RUNS runs, $N articles)"
if [[ -n ${BASE:-} ]]; then
    echo "BASE median wall: $(median "${base_times[@]}") s"
fi
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"

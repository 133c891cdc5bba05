#!/usr/bin/env bash
# Image benchmark for tongxin: phone-sized photos through the image pipeline.
#
#   bench/images.sh [PHOTOS] [RUNS]
#
# Builds target/release/tongxin and the gen_photos example, generates PHOTOS (default 50)
# distinct 4000×3000 JPEG photos with EXIF (maker, GPS, every third one stored sideways with
# orientation 6) into /tmp/tongxin-bench-images-PHOTOS (once; delete it to regenerate), then
# times with /usr/bin/time (wall seconds, peak RSS):
#   - a cold build: no image cache, no previous output (RUNS times, default 3);
#   - an unchanged rebuild: everything cached (RUNS times).
# Prints every run, the medians, the machine, and the output bytes per photo for each width
# and format.
#
# Environment: CARGO_TARGET_DIR (where cargo puts the binaries), SKIP_CARGO=1 to reuse them,
# WAIT_IDLE=SECONDS to wait for a quiet machine first (the busy share is printed either way).
set -euo pipefail

N=${1:-50}
RUNS=${2:-3}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$REPO/target}
SITE=/tmp/tongxin-bench-images-$N
LOG=$(mktemp -d /tmp/tongxin-bench-images-log.XXXXXX)
trap 'rm -rf "$LOG"' EXIT

if [[ ! -x /usr/bin/time ]]; then
    echo "installing GNU time …" >&2
    (apt-get install -y time >/dev/null 2>&1) || (apt-get update >/dev/null && apt-get install -y time >/dev/null)
fi

if [[ ${SKIP_CARGO:-0} != 1 ]]; then
    echo "== cargo build --release" >&2
    if ! (cd "$REPO" && cargo build --release --bin tongxin --example gen_photos) >"$LOG/cargo" 2>&1; then
        echo "cargo build --release FAILED; first 40 lines:" >&2
        head -40 "$LOG/cargo" >&2
        exit 1
    fi
fi
cp "$TARGET/release/tongxin" "$LOG/tongxin"
BIN=$LOG/tongxin

if [[ ! -f $SITE/config.yaml ]]; then
    echo "== generating $N photos into $SITE" >&2
    rm -rf "$SITE"
    "$TARGET/release/examples/gen_photos" "$SITE" "$N" 4000 3000
else
    echo "== reusing $SITE" >&2
fi

run() { /usr/bin/time -o "$LOG/time" -f "%e %M" "$BIN" build --root "$SITE" >"$LOG/out" 2>&1 || { cat "$LOG/out" >&2; exit 1; }; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

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
echo "== machine busy before the runs: $(busy) %" >&2
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB" >&2
echo "== source: $N photos, $(du -sb "$SITE/content" | cut -f1 | awk '{printf "%.1f MB", $1/1e6}')" >&2

: >"$LOG/cold"
for i in $(seq "$RUNS"); do
    rm -rf "$SITE/.tongxin-cache" "$SITE/public" "$SITE"/.public.tongxin-*
    run
    read -r secs rss <"$LOG/time"
    echo "cold build $i: ${secs} s, peak RSS $((rss / 1024)) MiB — $(tail -1 "$LOG/out") (machine busy after: $(busy) %)"
    echo "$secs" >>"$LOG/cold"
done

: >"$LOG/warm"
for i in $(seq "$RUNS"); do
    run
    read -r secs rss <"$LOG/time"
    echo "unchanged rebuild $i: ${secs} s, peak RSS $((rss / 1024)) MiB — $(tail -1 "$LOG/out")"
    echo "$secs" >>"$LOG/warm"
done

echo "== median cold build: $(median <"$LOG/cold") s; median unchanged rebuild: $(median <"$LOG/warm") s"
echo "== output bytes per photo (mean over $N photos):"
find "$SITE/public/articles" -type f \( -name '*w.jpg' -o -name '*w.webp' \) -printf '%s %f\n' |
    sed -E 's/^([0-9]+) .*-([0-9]+w)\.(jpg|webp)$/\2.\3 \1/' |
    awk -v n="$N" '{s[$1]+=$2; c[$1]++} END {for (k in s) printf "  %-10s %8.0f bytes (%d files)\n", k, s[k]/c[k], c[k]}' | sort -V
total=$(find "$SITE/public/articles" -type f \( -name '*.jpg' -o -name '*.webp' \) -printf '%s\n' | awk '{s+=$1} END {print s}')
src=$(find "$SITE/content" -name '*.jpg' -printf '%s\n' | awk '{s+=$1} END {print s}')
echo "  all sizes and formats: $((total / N)) bytes per photo (source: $((src / N)) bytes per photo)"

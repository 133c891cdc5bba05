#!/usr/bin/env bash
# The search index's share of a build.
#
#   bench/search_share.sh N [RUNS]
#
# Builds the N-article benchmark site (/tmp/tongxin-bench-N, made by bench/build.sh) RUNS
# times (default 5), and as often a copy of it whose theme has no search page (the default
# theme without templates/search.html, the same content through a symbolic link), into tmpfs.
# Prints both medians and the share of the full build the search index accounts for.
# Uses BIN, or ${CARGO_TARGET_DIR:-target}/release/tongxin, as it is (build it first).
set -euo pipefail

N=${1:?usage: bench/search_share.sh N [RUNS]}
RUNS=${2:-5}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SITE=/tmp/tongxin-bench-$N
BIN=${BIN:-${CARGO_TARGET_DIR:-$REPO/target}/release/tongxin}
[[ -f $SITE/config.yaml ]] || { echo "no $SITE: run bench/build.sh $N first" >&2; exit 1; }
[[ -x $BIN ]] || { echo "no $BIN: cargo build --release first" >&2; exit 1; }

BARE=$(mktemp -d /tmp/tongxin-bench-nosearch.XXXXXX)
OUT=$(mktemp -d /dev/shm/tongxin-share.XXXXXX)
trap 'rm -rf "$BARE" "$OUT"' EXIT
ln -s "$SITE/content" "$BARE/content"
sed 's/^theme: .*/theme: nosearch/' "$SITE/config.yaml" > "$BARE/config.yaml"
mkdir -p "$BARE/themes"
cp -r "$REPO/themes/default" "$BARE/themes/nosearch"
rm "$BARE/themes/nosearch/templates/search.html"

median_of() { # site → median wall seconds of RUNS builds
    for _ in $(seq "$RUNS"); do
        rm -rf "$OUT/site"
        /usr/bin/time -f "%e" "$BIN" build --root "$1" --output "$OUT/site" 2>&1 >/dev/null | tail -1
    done | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

full=$(median_of "$SITE")
bare=$(median_of "$BARE")
[[ -f $OUT/site/index.html && ! -e $OUT/site/search/meta.js ]] || { echo "the site without search did not build as expected" >&2; exit 1; }
echo "full build:        $full s (median of $RUNS)"
echo "without search:    $bare s"
awk -v f="$full" -v b="$bare" 'BEGIN {printf "search index:      %.2f s, %.0f %% of the full build\n", f - b, 100 * (f - b) / f}'
echo "machine: nproc=$(nproc)   CPU: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //' | cut -c1-40)"
echo "commit: $(git -C "$REPO" rev-parse --short HEAD)"

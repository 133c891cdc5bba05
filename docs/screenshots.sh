#!/usr/bin/env bash
# Rebuilds the README screenshots of the default theme with headless Chromium (Debian package
# `chromium`, fonts from `fonts-noto-cjk`). Usage: docs/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/screenshots
site=$(mktemp -d)
cargo run --quiet -- build --portable --output "$site/public"
shot() { # width height page name
  chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --hide-scrollbars --window-size="$1,$2" --screenshot="$out/$4.png" "file://$site/public/$3" 2>/dev/null
}
shot 1280 1600 index.html home-1280
shot 1280 1600 articles/2026-03-shuangyong-gongzuo-huiyi/index.html article-1280
shot 1280 1400 briefings/jianbao-2026-05/index.html briefing-1280
shot 375 1400 articles/2026-03-shuangyong-gongzuo-huiyi/index.html article-375
shot 375 1400 honors/index.html honors-375
shot 375 1400 index.html home-375
rm -rf "$site"
ls -l "$out"

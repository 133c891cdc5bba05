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
    --hide-scrollbars --virtual-time-budget=5000 --window-size="$1,$2" --screenshot="$out/$4.png" "file://$site/public/$3" 2>/dev/null
}
shot 1280 1600 index.html home-1280
# Tall enough for 相关文章 and the QR code under the article (beyond --window-size's reach).
node docs/shot.mjs chromium "file://$site/public/articles/2026-03-shuangyong-gongzuo-huiyi/index.html" 1280 2100 "$out/article-1280.png" normal
shot 1280 1400 briefings/jianbao-2026-05/index.html briefing-1280
shot 375 1400 articles/2026-03-shuangyong-gongzuo-huiyi/index.html article-375
shot 375 1400 honors/index.html honors-375
shot 375 1400 index.html home-375
# A phone at 特大 (the largest 字号), as an elderly reader sets it.
node docs/shot.mjs chromium "file://$site/public/articles/2026-05-bingmama-zuotanhui/index.html" 375 1400 "$out/article-375-xlarge.png" xlarge
shot 1280 1100 briefings/jianbao-2026-05/print/index.html print-preview-1280
shot 1280 1200 "search/index.html?q=%E6%AC%A7%E9%98%B3%E7%A7%80%E5%85%B0" search-1280
# The printed briefing: page 1 and the last page of the PDF (poppler-utils).
cargo run --quiet -- pdf jianbao-2026-05 --out "$site/pdf"
pdf="$site/pdf/jianbao-2026-5.pdf"
last=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$pdf" "$out/briefing-pdf-page1"
pdftoppm -png -r 60 -f "$last" -l "$last" -singlefile "$pdf" "$out/briefing-pdf-last"
rm -rf "$site"
ls -l "$out"

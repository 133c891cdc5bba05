#!/usr/bin/env python3
"""CPU profile of a build, by phase: reads `perf script` output of a frame-pointer build and
counts each sample once, under the first phase frame found walking its stack from the leaf.

    RUSTFLAGS="-C force-frame-pointers=yes" CARGO_TARGET_DIR=/tmp/fp cargo build --release
    perf record -F 1999 -g -o perf.data /tmp/fp/release/tongxin build --root SITE --output OUT
    perf script -i perf.data | python3 bench/profile.py

Prints each phase's share of all samples (both cores), and the hottest leaf functions inside
the phases whose names start with the first argument (default: "search index"):

    perf script -i perf.data | python3 bench/profile.py "website: page data"
"""
import collections
import sys

# Innermost match wins, so nested phases (the Markdown of a page inside the load) are counted
# under their own name. Order matters only between frames of one stack.
PHASES = [
    ("search index: postings", "search::index::postings"),
    ("search index: contexts", "search::index::rare_contexts"),
    ("search index: documents", "search::Documents::collect"),
    ("search index: result files", "search::index::result_files"),
    ("search index: other", "search::index::build"),
    ("search: writing", "channels::search::Search as tongxin::channels::Channel>::render"),
    ("website: templates (tera)", "tera::tera::Tera::render"),
    ("website: QR codes", "render::qr::qr_svg"),
    ("website: page data", "website::page::Job>::run"),
    ("website: other", "website::Website as tongxin::channels::Channel>::render"),
    ("feeds", "feeds::Feeds as"),
    ("print pages", "channels::print::"),
    ("load: Markdown", "tongxin::markdown::render"),
    ("load: privacy gate", "check::site::privacy_page"),
    ("load: read and front matter", "pipeline::load::read_pages"),
    ("load: other", "pipeline::project::Project::load"),
    ("commit", "write::Output::commit"),
    # Work that another thread stole from a parallel loop has no caller frames: it is known
    # only by its own functions.
    ("search index: other", "search::index::"),
    ("website: templates (tera)", "tera::"),
    ("load: Markdown", "comrak::"),
    ("load: privacy gate", "check::privacy::"),
    ("load: privacy gate", "check::normalize::"),
    ("load: read and front matter", "serde_saphyr::"),
]


def main():
    counts = collections.Counter()
    focus = sys.argv[1] if len(sys.argv) > 1 else "search index"
    leaves = collections.Counter()
    total = 0
    stack = []
    for line in list(sys.stdin) + [""]:
        if line.strip() == "":
            if stack:
                total += 1
                phase = "unattributed (allocator, kernel, stolen parallel work)"
                for frame in stack:
                    hit = next((name for name, needle in PHASES if needle in frame), None)
                    if hit:
                        phase = hit
                        break
                counts[phase] += 1
                if phase.startswith(focus):
                    leaves[stack[0]] += 1
            stack = []
            continue
        if line[0] in " \t":
            parts = line.strip().split(" ", 1)
            if len(parts) == 2:
                stack.append(parts[1].rsplit(" (", 1)[0].split("+0x")[0])
    if not total:
        sys.exit("no samples")
    print(f"{total} samples")
    for phase, n in counts.most_common():
        print(f"{100 * n / total:5.1f} %  {phase}")
    print(f"\nhottest functions inside {focus}:")
    for leaf, n in leaves.most_common(15):
        print(f"{100 * n / total:5.1f} %  {leaf[:110]}")


main()

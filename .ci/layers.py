#!/usr/bin/env python3
"""Checks that the top-level modules of src/ form layers without cycles.

Every `crate::<module>` reference in a file under src/<module>/ or src/<module>.rs (in `use`
lines, grouped `use crate::{a, b::c}` lists and inline paths alike; comments are ignored) is an
edge from that module to <module>. The check fails when

  * the edges form a cycle (each cycle is printed with the files that make its edges), or
  * a module reaches a module of its own layer or a higher one in LAYERS below.

LAYERS is the ladder ARCHITECTURE.md describes; a new top-level module must be placed in it.

    python3 .ci/layers.py [SRC_DIR]
"""

import os
import re
import sys
from collections import defaultdict

# Lowest first. A module may use only modules of lower layers.
LAYERS = [
    ["i18n", "text", "timing", "layout"],
    ["problem"],
    ["diagnostic"],
    ["write", "theme", "load"],
    ["markdown"],
    ["config"],
    ["model"],
    ["check", "images"],
    ["render", "inspect", "ledger"],
    ["channels"],
    ["pipeline"],
    ["serve", "commands"],
]

ROOT_FILES = {"lib.rs", "main.rs"}


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    # Line comments, but not `//` inside string literals such as "https://".
    out = []
    for line in text.split("\n"):
        in_str = False
        i = 0
        while i < len(line):
            c = line[i]
            if c == "\\" and in_str:
                i += 2
                continue
            if c == '"':
                in_str = not in_str
            elif not in_str and line.startswith("//", i):
                line = line[:i]
                break
            i += 1
        out.append(line)
    return "\n".join(out)


def group_items(text, start):
    """Top-level names of the brace group opening just before `start`."""
    depth, i, cur, items = 1, start, "", []
    while i < len(text) and depth:
        c = text[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                break
        if c == "," and depth == 1:
            items.append(cur)
            cur = ""
        else:
            cur += c
        i += 1
    items.append(cur)
    names = []
    for it in items:
        m = re.match(r"\s*([A-Za-z_][A-Za-z0-9_]*)", it)
        if m:
            names.append(m.group(1))
    return names


def references(text):
    text = strip_comments(text)
    found = set()
    for m in re.finditer(r"\bcrate::(\{)?", text):
        if m.group(1):
            found.update(group_items(text, m.end()))
        else:
            n = re.match(r"([A-Za-z_][A-Za-z0-9_]*)", text[m.end():])
            if n:
                found.add(n.group(1))
    return found


def module_of(src, path):
    first = os.path.relpath(path, src).split(os.sep)[0]
    return first[:-3] if first.endswith(".rs") else first


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "src")
    src = os.path.normpath(src)
    modules = sorted(
        (n[:-3] if n.endswith(".rs") else n)
        for n in os.listdir(src)
        if n not in ROOT_FILES and (n.endswith(".rs") or os.path.isdir(os.path.join(src, n)))
    )
    layer = {m: i for i, ms in enumerate(LAYERS) for m in ms}
    problems = []
    for m in modules:
        if m not in layer:
            problems.append(f"module `{m}` is in no layer: add it to LAYERS in .ci/layers.py and to ARCHITECTURE.md")
    edges = defaultdict(lambda: defaultdict(set))
    for d, _, files in os.walk(src):
        for f in files:
            p = os.path.join(d, f)
            if not f.endswith(".rs") or os.path.relpath(p, src) in ROOT_FILES:
                continue
            a = module_of(src, p)
            with open(p, encoding="utf-8") as fh:
                refs = references(fh.read())
            for b in refs:
                if b in modules and b != a:
                    edges[a][b].add(os.path.relpath(p, src))

    # Cycles: strongly connected components with more than one module (Tarjan).
    index, low, stack, on, sccs, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                sccs.append(sorted(comp))

    for m in modules:
        if m not in index:
            visit(m)
    for comp in sccs:
        lines = [f"cycle among {', '.join(comp)}:"]
        for a in comp:
            for b in sorted(edges[a]):
                if b in comp:
                    lines.append(f"  {a} -> {b}  ({', '.join(sorted(edges[a][b]))})")
        problems.append("\n".join(lines))

    for a in sorted(edges):
        for b in sorted(edges[a]):
            if a in layer and b in layer and layer[b] >= layer[a]:
                problems.append(
                    f"`{a}` (layer {layer[a]}) uses `{b}` (layer {layer[b]}), which is not below it"
                    f"  ({', '.join(sorted(edges[a][b]))})"
                )

    if problems:
        print("module layering check FAILED:\n" + "\n".join(problems))
        return 1
    n = sum(len(v) for v in edges.values())
    print(f"module layering: {len(modules)} top-level modules, {n} edges, no cycle, every edge points down")
    return 0


if __name__ == "__main__":
    sys.exit(main())

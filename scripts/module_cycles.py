#!/usr/bin/env python3
"""Fails when the files of a crate import each other in a circle.

A file (module) depends on another when its code names it through `crate::` or `super::`
paths (comments, strings and the unit-test module left out). A cycle between files means
neither can be read or changed without the other; see the README's layout section for the
order each crate's modules build on.

Usage: scripts/module_cycles.py [crates-dir]   (default: crates)
"""
import collections
import glob
import os
import re
import sys


def modules(src):
    mods = {}
    for f in glob.glob(os.path.join(src, "**", "*.rs"), recursive=True):
        parts = os.path.relpath(f, src)[:-3].split(os.sep)
        if parts[-1] == "mod":
            parts = parts[:-1]
        name = "ROOT" if parts in (["lib"], ["main"]) else "::".join(parts)
        mods[name] = f
    return mods


def edges(mods):
    graph = collections.defaultdict(set)
    for name, path in mods.items():
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        text = re.split(r"#\[cfg\(test\)\]\s*mod tests", text)[0]
        text = "\n".join(l for l in text.split("\n") if not l.strip().startswith("//"))
        text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', text)
        here = name.split("::")
        for m in re.finditer(r"\b(crate|super)::([a-z_0-9]+(?:::[a-z_0-9]+)*)", text):
            path_ = m.group(2).split("::")
            if m.group(1) == "super":
                path_ = here[:-1] + path_
            for k in range(len(path_), 0, -1):
                cand = "::".join(path_[:k])
                inside = name.startswith(cand + "::") or cand.startswith(name + "::")
                if cand in mods and cand != name and not inside:
                    graph[name].add(cand)
                    break
    return graph


def cycles(graph, names):
    colour, found = {}, []

    def visit(u, stack):
        colour[u] = 1
        stack.append(u)
        for v in sorted(graph[u]):
            if colour.get(v) == 1:
                found.append(stack[stack.index(v):] + [v])
            elif not colour.get(v):
                visit(v, stack)
        stack.pop()
        colour[u] = 2

    for u in sorted(names):
        if not colour.get(u):
            visit(u, [])
    return found


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "crates"
    bad = 0
    for src in sorted(glob.glob(os.path.join(root, "*", "src"))):
        mods = modules(src)
        for c in cycles(edges(mods), mods):
            print(f"{src}: {' -> '.join(c)}")
            bad += 1
    if bad:
        print(f"{bad} import cycle(s) between files", file=sys.stderr)
        return 1
    print("no import cycles between files")
    return 0


if __name__ == "__main__":
    sys.exit(main())

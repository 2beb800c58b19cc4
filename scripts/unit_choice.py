#!/usr/bin/env python3
"""Checks the extractive composer's choice of the unit that leads an answer against reference
answers, and whether a model fitted on the same inputs would choose better (issue 14).

For every dev question with a reference answer (the e-manual set's annotated answers and the
written Meilisearch questions in evals/judged/packets/fresh-*/written.jsonl), `docent ask` runs
with TUTOR_FEATURES set, which prints each scored unit's inputs. Inside the chunk the composer
answers from, the unit with the highest token F1 against the reference is taken as the one that
should lead (questions where no unit reaches F1 0.3 are left out). Reported: how often the
shipped score picks it, and a conditional logit (softmax over the chunk's units) on the same
inputs plus a few more, 5 folds by question, and trained on the e-manual only and tested on the
Meilisearch questions (does what it learns carry over to other docs?).

    scripts/unit_choice.py --docent target/release/docent [--drop first,loglen]

Needs the indexes `eval-emanual-qa` and `eval-meilisearch` (`docent eval answers --set ...`).
"""
import argparse
import concurrent.futures as cf
import glob
import json
import math
import os
import random
import re
import subprocess

STOP = set(
    "a an the of to in on for and or is are be by with as at it this that from can you your do "
    "does i my we our if not no how what which when where why will would should there their they "
    "them its into than then so up out about use using used also".split()
)
ASKS_VALUE = re.compile(
    r"\b(how (many|much|long|often|large|big|far)|minimum|maximum|max|min|limit|limits|default|"
    r"defaults|version|versions|size|timeout|port|length|at most|at least|up to|number of|"
    r"per page|cap)\b",
    re.I,
)
NAMES = [
    "lexical", "named", "sim", "misfit", "leads", "intro", "steps", "bullets", "code", "table",
    "steps*howto", "leads*howto", "code!wanted", "first", "loglen", "value*num", "leadin",
    "example",
]


def toks(s):
    return {w for w in re.findall(r"[a-z0-9]+(?:\.[0-9]+)*", s.lower()) if w not in STOP}


def f1(unit, ref):
    u, r = toks(unit), toks(ref)
    c = len(u & r)
    if c == 0:
        return 0.0
    p, rc = c / len(u), c / len(r)
    return 2 * p * rc / (p + rc)


def questions():
    out = []
    with open("../shared/evals/emanual-qa/queries.jsonl", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d.get("answer"):
                out.append(("emanual", "eval-emanual-qa", d["question"], d["answer"]))
    for path in sorted(glob.glob("evals/judged/packets/fresh-*/written.jsonl")):
        name = path.split("/")[-2]
        with open(path, encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                if d.get("answer") and not d.get("out_of_scope"):
                    out.append((name, "eval-meilisearch", d["question"], d["answer"]))
    return out


def units_of(docent, job):
    """The first composition's scored units and the index of the one that leads."""
    name, index, question, ref = job
    env = dict(os.environ, TUTOR_FEATURES="1")
    res = subprocess.run(
        [docent, "--index", index, "ask", "--json", question],
        capture_output=True, text=True, env=env, check=False,
    )
    units = []
    for line in res.stderr.splitlines():
        if line.startswith("FEAT\t"):
            units.append(json.loads(line[5:]))
        elif line.startswith("BEST\t"):
            return name, question, ref, units, int(line[5:])
    return None


def features(u, question):
    k, t = u["kind"], u["text"]
    return [
        u["lexical"], u["named"], u["sim"], float(u["misfit"]), float(u["leads"]),
        float(u["intro"]), float(k == "Steps"), float(k == "Bullets"), float(k == "Code"),
        float(k == "Table"), float(k == "Steps" and u["how_to"]),
        float(u["leads"] and u["how_to"]),
        float(k == "Code" and not u["wants_code"] and not t.startswith("|")),
        float(u["j"] == 0), math.log(1 + len(t)) / 7,
        float(bool(ASKS_VALUE.search(question)) and bool(re.search(r"\d", t))),
        float(t.rstrip("*_").endswith(":")),
        float(bool(re.match(r"^\s*(\*\*)?(example|for example|e\.g\.)", t, re.I))),
    ]


def examples(composed, keep):
    """(inputs per unit, gold position, shipped choice, F1 per unit, set) for every question
    whose answer chunk holds a unit with F1 >= 0.3."""
    out = []
    for name, question, ref, units, best in composed:
        cand = [k for k, u in enumerate(units) if u["ev"] == units[best]["ev"]]
        f1s = [f1(units[k]["text"], ref) for k in cand]
        gold = max(range(len(cand)), key=lambda i: f1s[i])
        if f1s[gold] < 0.3:
            continue
        xs = [[x for x, n in zip(features(units[k], question), NAMES) if n in keep] for k in cand]
        out.append((xs, gold, cand.index(best), f1s, name))
    return out


def fit(data, l2=0.05, rounds=400, rate=0.5):
    n = len(data[0][0][0])
    w = [0.0] * n
    for _ in range(rounds):
        g = [0.0] * n
        for xs, gold, *_ in data:
            s = [sum(a * b for a, b in zip(w, x)) for x in xs]
            m = max(s)
            e = [math.exp(v - m) for v in s]
            z = sum(e)
            for x, ei in zip(xs, e):
                for j in range(n):
                    g[j] += ei / z * x[j]
            for j in range(n):
                g[j] -= xs[gold][j]
        w = [wj - rate * (gj / len(data) + l2 * wj) for wj, gj in zip(w, g)]
    return w


def choose(xs, w):
    s = [sum(a * b for a, b in zip(w, x)) for x in xs]
    return max(range(len(s)), key=s.__getitem__)


def score(data, w):
    """(shipped right, fitted right, shipped mean F1, fitted mean F1)."""
    shipped = sum(d[2] == d[1] for d in data)
    fitted = sum(choose(d[0], w) == d[1] for d in data)
    f_ship = sum(d[3][d[2]] for d in data) / len(data)
    f_fit = sum(d[3][choose(d[0], w)] for d in data) / len(data)
    return shipped, fitted, f_ship, f_fit


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docent", required=True)
    ap.add_argument("--drop", default="", help="inputs to leave out, comma-separated")
    args = ap.parse_args()
    keep = [n for n in NAMES if n not in args.drop.split(",")]
    jobs = questions()
    with cf.ThreadPoolExecutor(2) as ex:
        composed = [c for c in ex.map(lambda j: units_of(args.docent, j), jobs) if c]
    data = examples(composed, keep)
    print(f"{len(jobs)} questions, {len(composed)} composed, {len(data)} with a unit of F1 >= 0.3")
    order = list(range(len(data)))
    random.Random(1).shuffle(order)
    folds = [order[i::5] for i in range(5)]
    total = [0, 0, 0.0, 0.0]
    for i, test in enumerate(folds):
        held = set(test)
        w = fit([data[j] for j in order if j not in held])
        part = [data[j] for j in test]
        s, f, fs, ff = score(part, w)
        print(f"fold {i}: n={len(part)} shipped {s / len(part):.3f} fitted {f / len(part):.3f}"
              f"  mean F1 shipped {fs:.3f} fitted {ff:.3f}")
        total = [total[0] + s, total[1] + f, total[2] + fs * len(part), total[3] + ff * len(part)]
    n = len(data)
    print(f"pooled: shipped {total[0] / n:.3f} fitted {total[1] / n:.3f}"
          f"  mean F1 shipped {total[2] / n:.3f} fitted {total[3] / n:.3f}")
    train = [d for d in data if d[4] == "emanual"]
    test = [d for d in data if d[4] != "emanual"]
    if train and test:
        s, f, fs, ff = score(test, fit(train))
        print(f"trained on the e-manual, Meilisearch n={len(test)}: shipped {s} fitted {f} right,"
              f" mean F1 shipped {fs:.3f} fitted {ff:.3f}")
    print("weights (all):", {k: round(v, 3) for k, v in zip(keep, fit(data))})


if __name__ == "__main__":
    main()

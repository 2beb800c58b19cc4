#!/usr/bin/env python3
"""Blind judging packets for quiz items, and the verdict file `docent eval quiz` reads.

  make_packet.py packet --items evals/out/quiz-items-*.jsonl --out P.md --key P.key.jsonl
      A Markdown packet for a reviewer: each item with the scope the author named and the
      text of its source, under opaque ids in shuffled order; the rubric; a verdict template.
      The key file (which set, scope, commit and item each id is) is NOT given to the reviewer.
      With --level the reviewer also names the item's cognitive level (recall, understand,
      apply, analyse), for the issue's target of 20% of items at apply level or above.
  make_packet.py from-quizzes --quizzes DIR --chunks chunks.jsonl --set NAME --commit C
      Packet rows (as `docent eval quiz` writes them) from `docent quiz --format json` files
      named N.json in DIR with DIR/scopes.tsv ("N<TAB>scope"), the source text read from an
      index generation's chunks.jsonl. For commits whose eval does not write rows.
  make_packet.py join --key P.key.jsonl --verdicts V.jsonl --out evals/judged/quiz-DATE.jsonl
      The reviewer's verdicts with set, scope and commit added from the key.
"""
import argparse
import glob
import json
import random
import sys

RUBRIC = """\
You are reviewing draft quiz items that a tool generated from product documentation, as a
course author would before using them. For each item you see the topic the author asked for,
the source text the item was made from, and the item with its key. Judge each item on its own,
from the source text only (do not look anything up):

- **correct**: the key is right according to the source text (and no other option is also
  right).
- **well_formed**: grammatical, unambiguous, answerable without guessing the author's mind, no
  give-away (the stem or the other options do not reveal the key), distractors plausible to a
  learner (real things of the same kind, not nonsense or punctuation).
- **worth_asking**: something a learner of this product should know (not an incidental word,
  an example value, a typo shown as an example, or a name in an example).
- **on_scope**: the item is about the topic the author asked for.
- **keep**: you would keep it in a quiz with at most light edits (a word or two).

Write one JSON line per item into a file, all five fields true or false, with a short note
when something is false:

{"packet_id": "P-001", "correct": true, "well_formed": false, "worth_asking": true, "on_scope": true, "keep": false, "note": "two options are correct"}
"""


LEVEL = """\
- **level**: what answering asks of a learner, as you read the item, not as it is labelled:
  "recall" (repeat a fact or name as the docs state it), "understand" (explain, compare or
  recognise a fact said in other words), "apply" (use a rule, limit, table or procedure on a
  concrete case the docs do not spell out word for word), "analyse" (tell apart causes, pick
  among options by reasoning over several facts). Add it as a sixth field:

{"packet_id": "P-001", "correct": true, "well_formed": true, "worth_asking": true, "on_scope": true, "keep": true, "level": "apply", "note": ""}
"""


def letters(n):
    return [chr(ord("A") + i) for i in range(n)]


def render_item(pid, row):
    it = row["item"]
    out = [f"## {pid}", "", f"**Topic the author asked for:** {row['scope']}", ""]
    src = it["source"]
    path = " › ".join([src["title"]] + [h for h in src.get("heading_path", []) if h != src["title"]])
    out += [f"**Source** ({path}):", "", "```text", row["source_text"].strip(), "```", ""]
    out += [f"**Item** ({it['kind'].replace('_', ' ')}):", "", it["stem"], ""]
    if it["kind"] == "ordering":
        for o in it["options"]:
            out.append(f"- {o}")
        out += ["", "Key (correct order):"]
        for n, k in enumerate(it["key"]):
            if k < len(it["options"]):
                out.append(f"{n + 1}. {it['options'][k]}")
    elif it["options"]:
        for letter, (i, o) in zip(letters(len(it["options"])), enumerate(it["options"])):
            mark = " **(key)**" if i in it["key"] else ""
            out.append(f"- {letter}. {o}{mark}")
    if it.get("answers"):
        out.append("")
        out.append("Accepted answer(s): " + " | ".join(it["answers"]))
    out += ["", f"Explanation shown to learners: {it.get('explanation', '')}", "", "---", ""]
    return "\n".join(out)


def packet(args):
    rows = []
    for pattern in args.items:
        for path in sorted(glob.glob(pattern)):
            with open(path) as f:
                rows += [json.loads(l) for l in f if l.strip()]
    if args.per_scope:
        kept, seen = [], {}
        for r in rows:
            k = (r["set"], r["scope"])
            seen[k] = seen.get(k, 0) + 1
            if seen[k] <= args.per_scope:
                kept.append(r)
        rows = kept
    random.Random(args.seed).shuffle(rows)
    keys, body = [], []
    for n, r in enumerate(rows):
        pid = f"P-{n + 1:03d}"
        keys.append({"packet_id": pid, "set": r["set"], "scope": r["scope"], "commit": r["commit"], "item": r["item"]})
        body.append(render_item(pid, r))
    scopes = sorted({(r["set"], r["scope"]) for r in rows})
    rubric = RUBRIC + ("\n" + LEVEL if args.level else "")
    head = [f"# Quiz items for blind review ({len(rows)} items, {len(scopes)} topics)", "", rubric, "",
            "## Verdict template (copy, fill in, one line per item)", "", "```json"]
    def template(pid):
        t = {"packet_id": pid, "correct": None, "well_formed": None, "worth_asking": None,
             "on_scope": None, "keep": None}
        if args.level:
            t["level"] = None
        t["note"] = ""
        return json.dumps(t)
    head += [template(k["packet_id"]) for k in keys]
    head += ["```", "", "---", ""]
    with open(args.out, "w") as f:
        f.write("\n".join(head) + "\n".join(body))
    with open(args.key, "w") as f:
        for k in keys:
            f.write(json.dumps(k) + "\n")
    print(f"{args.out}: {len(rows)} items over {len(scopes)} scopes; key in {args.key}")


def from_quizzes(args):
    chunks = {}
    with open(args.chunks) as f:
        for l in f:
            if l.strip():
                c = json.loads(l)
                chunks[c["id"]] = c["text"]
    with open(f"{args.quizzes}/scopes.tsv") as f:
        scopes = dict(l.rstrip("\n").split("\t", 1) for l in f if l.strip())
    for n, scope in sorted(scopes.items(), key=lambda x: int(x[0])):
        try:
            with open(f"{args.quizzes}/{n}.json") as f:
                quiz = json.load(f)
        except FileNotFoundError:
            continue  # the scope failed ("no matching documentation"): no items
        for it in quiz["items"]:
            row = {"set": args.set, "scope": scope, "commit": args.commit, "item": it,
                   "source_text": chunks.get(it["source"]["chunk_id"], "")}
            sys.stdout.write(json.dumps(row) + "\n")


def join(args):
    with open(args.key) as f:
        key = {k["packet_id"]: k for k in map(json.loads, filter(str.strip, f))}
    out = []
    with open(args.verdicts) as f:
        for l in f:
            if not l.strip():
                continue
            v = json.loads(l)
            k = key[v["packet_id"]]
            v.update({"set": k["set"], "scope": k["scope"], "commit": k["commit"]})
            out.append(v)
    with open(args.out, "w") as f:
        for v in out:
            f.write(json.dumps(v) + "\n")
    print(f"{args.out}: {len(out)} verdicts")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("packet")
    a.add_argument("--items", nargs="+", required=True)
    a.add_argument("--out", required=True)
    a.add_argument("--key", required=True)
    a.add_argument("--seed", type=int, default=15)
    a.add_argument("--per-scope", type=int, default=0, help="at most this many items a scope")
    a.add_argument("--level", action="store_true", help="ask the reviewer for each item's cognitive level too")
    b = sub.add_parser("from-quizzes")
    b.add_argument("--quizzes", required=True)
    b.add_argument("--chunks", required=True)
    b.add_argument("--set", required=True)
    b.add_argument("--commit", required=True)
    c = sub.add_parser("join")
    c.add_argument("--key", required=True)
    c.add_argument("--verdicts", required=True)
    c.add_argument("--out", required=True)
    args = p.parse_args()
    {"packet": packet, "from-quizzes": from_quizzes, "join": join}[args.cmd](args)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes a blind-review packet of the tutor's answers: for each listed question, the question,
the answer (or its decline), every cited span in full and, where the set has one, the
annotators' reference answer. No code, no labels, no confidence: what a reviewer needs and
nothing else.

    scripts/answer_packet.py --docent target/debug/docent \
        --questions evals/judged/packets/questions-2026-11-30.jsonl \
        --out evals/judged/packets/answers-2026-11-30-r3.md --date 2026-11-30

Questions are `{"item", "kind", "set", "id"}` lines; `set` is an eval set folder whose index
(`eval-<folder>`, built by `docent eval answers|retrieval --set <folder>` first) answers them.
Quotes are shown whole (never cut), so a span that starts or ends inside a word is the tutor's.
"""
import argparse
import json
import os
import subprocess
import sys

RUBRIC = (
    "For each item judge the answer as **correct**, **partly** (right section but incomplete or "
    "with wrong parts), **wrong**, or **should have declined** (the docs do not answer it and the "
    "tutor answered anyway; a decline on a question the docs answer is **wrongly declined**). "
    "Also note any markup (tags, page numbers) or a quote that starts or ends inside a word.\n"
    "Judge only from what is shown: the question, the answer, the cited spans and, for TV "
    "questions, the annotators' reference answer. Write one JSON line per item to "
    "`evals/judged/answers-{date}-{short}.jsonl`: `{{\"item\": N, \"verdict\": "
    "\"correct|partly|wrong|should_have_declined|wrongly_declined\", \"hygiene\": "
    "\"ok|markup|mid_word\", \"note\": \"...\", \"commit\": \"{commit}\"}}`."
)


def load_queries(set_dir):
    out = {}
    with open(os.path.join(set_dir, "queries.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                q = json.loads(line)
                out.setdefault(q["id"], q)
    return out


def ask(docent, index, question):
    cmd = [docent, "--index", index, "ask", "--json", question]
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if res.returncode != 0:
        sys.exit(f"{' '.join(cmd)}: exit {res.returncode}: {res.stderr.strip()[-500:]}")
    return json.loads(res.stdout)


def fence(text):
    """A fence longer than any run of backticks or tildes inside `text`."""
    longest = 0
    for ch in "`~":
        run = 0
        for c in text:
            run = run + 1 if c == ch else 0
            longest = max(longest, run)
    return "~" * max(3, longest + 1)


def item_md(n, kind, question, answer, reference):
    lines = [f"## Item {n} ({kind})", "", f"**Question:** {question}", ""]
    if not answer.get("answered"):
        lines += [f"**Answer:** (declined) {answer.get('text', '')}", ""]
    else:
        f = fence(answer["text"])
        lines += ["**Answer:**", "", f, answer["text"], f, ""]
        for c in answer.get("citations", []):
            where = c["title"]
            heading = (c.get("heading_path") or [""])[-1]
            if heading and heading != c["title"]:
                where += f" > {heading}"
            lines.append(f"- [{c['n']}] {where}: \"{c['quote']}\"")
        lines.append("")
    if reference:
        lines += [f"**Reference answer:** {reference}", ""]
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docent", required=True)
    ap.add_argument("--questions", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--date", required=True)
    args = ap.parse_args()
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    items = [json.loads(l) for l in open(args.questions, encoding="utf-8") if l.strip()]
    sets = {}
    parts = [
        f"# Blind answer review, {args.date}",
        "",
        f"Commit judged: {commit}",
        "",
        RUBRIC.format(date=args.date, short=commit[:7], commit=commit),
        "",
    ]
    for it in items:
        set_dir = it["set"]
        if set_dir not in sets:
            sets[set_dir] = load_queries(set_dir)
        q = sets[set_dir][it["id"]]
        index = "eval-" + os.path.basename(os.path.normpath(set_dir))
        answer = ask(args.docent, index, q["question"])
        parts.append(item_md(it["item"], it["kind"], q["question"], answer, q.get("answer")))
        print(f"item {it['item']}: answered={answer.get('answered')}", file=sys.stderr)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(parts).rstrip() + "\n")


if __name__ == "__main__":
    main()

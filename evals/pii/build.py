#!/usr/bin/env python3
"""Builds planted.jsonl and clean.jsonl from the hand-written sources in src/.

A source line is `lang|format|text`; in planted-*.txt every piece of personal data is written
as ⟦kind:value⟧ and `\\n` stands for a newline. Offsets in the output are UTF-8 byte offsets
into `text`, end exclusive. The checks below only warn: a few planted values are deliberately
invalid (a mistyped card number is still a card number a customer pasted).

Usage: python3 evals/pii/build.py   (from the repository root or this folder)
"""
import json
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
KINDS = {"email", "phone", "card", "iban", "secret", "ssn", "national_id", "name", "ip", "address"}
SPAN = re.compile(r"⟦([a-z_]+):(.*?)⟧", re.S)


def luhn(digits):
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def iban_ok(value):
    s = re.sub(r"\s", "", value).upper()
    s = s[4:] + s[:4]
    n = "".join(str(int(c, 36)) for c in s)
    return int(n) % 97 == 1


def check(kind, value, where):
    digits = re.sub(r"\D", "", value)
    if kind == "card" and not luhn(digits):
        print(f"{where}: card {value!r} fails Luhn", file=sys.stderr)
    if kind == "iban" and not iban_ok(value):
        print(f"{where}: IBAN {value!r} fails mod-97", file=sys.stderr)


def parse(line, where, planted):
    lang, fmt, raw = line.split("|", 2)
    raw = raw.replace("\\n", "\n")
    text, spans, pos = "", [], 0
    for m in SPAN.finditer(raw):
        text += raw[pos:m.start()]
        kind, value = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        start = len(text.encode())
        text += value
        spans.append({"start": start, "end": len(text.encode()), "kind": kind, "value": value})
        check(kind, value, where)
        pos = m.end()
    text += raw[pos:]
    if "⟦" in text or "⟧" in text:
        sys.exit(f"{where}: unbalanced span brackets")
    if planted and not spans:
        sys.exit(f"{where}: planted line without spans")
    if not planted and spans:
        sys.exit(f"{where}: clean line with spans")
    row = {"text": text, "lang": lang, "format": fmt}
    if planted:
        row["spans"] = spans
    return row


def build(pattern, out, planted):
    rows = []
    for path in sorted((HERE / "src").glob(pattern)):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip() and not line.startswith("#"):
                rows.append(parse(line, f"{path.name}:{n}", planted))
    with open(HERE / out, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{out}: {len(rows)} lines", file=sys.stderr)
    return rows


planted = build("planted-*.txt", "planted.jsonl", True)
build("clean-*.txt", "clean.jsonl", False)
(HERE / "heldout").mkdir(exist_ok=True)
heldout = build("heldout/planted.txt", "heldout/planted.jsonl", True)
build("heldout/clean.txt", "heldout/clean.jsonl", False)
(HERE / "heldout2").mkdir(exist_ok=True)
heldout2 = build("heldout2/planted.txt", "heldout2/planted.jsonl", True)
build("heldout2/clean.txt", "heldout2/clean.jsonl", False)
counts = {}
for r in planted + heldout + heldout2:
    for s in r["spans"]:
        counts[s["kind"]] = counts.get(s["kind"], 0) + 1
print("spans per kind:", dict(sorted(counts.items())), file=sys.stderr)

"""How close a query scope must be to a chunk's title and headings, fitted on blind verdicts.

Joins the judged quiz items of `evals/judged/` (verdicts with their packets' keys) of query
scopes, embeds each scope, each item's heading text ("Title > Section > Part", as the index
embeds it) and each item's statement with `docent embed`, and cross-validates `HEADING_FLOOR`
and `STATEMENT_RESCUE` (crates/quiz/src/scope.rs) by scope: an item stays when its heading is
at the floor, its statement at the rescue, or its heading is the closest of its quiz's. A pair
is chosen on four folds by the utility "items kept by the reviewer minus half the items not
kept" among those left, and scored on the fifth.

    python3 scripts/quiz_heading_floor.py [DOCENT_BINARY]    # run where `docent embed` finds the model
"""
import collections, json, math, os, subprocess, sys, tempfile

import judged_quiz

FLOORS = [0.0, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5]
RESCUES = [0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 9.0]


def judged_items():
    rows = []
    for key, (it, quiz, vs) in judged_quiz.items().items():
        scope = key[1]
        if scope.startswith(('heading:', 'docs:')) or 'on_scope' not in vs[0]:
            continue
        src = it['source']
        rows.append({
            'scope': scope,
            'quiz': (scope, quiz),
            'statement': src.get('quote', '').replace('\n', ' ').strip() or it['stem'],
            'heading': heading_text(src.get('title', ''), src.get('heading_path', [])),
            'keep': sum(bool(v['keep']) for v in vs) / len(vs),
            'on': sum(bool(v['on_scope']) for v in vs) / len(vs),
        })
    return rows


def heading_text(title, path):
    """As crates/index/src/sentences.rs `heading_text`: a heading repeating the last is left out."""
    out, last = [title.strip()], title.strip()
    for h in path:
        h = h.strip()
        if not h or h.lower() == last.lower():
            continue
        out.append(h)
        last = h
    return ' > '.join(x for x in out if x)


def embed(texts, docent):
    with tempfile.TemporaryDirectory() as d:
        src, out = os.path.join(d, 'texts.txt'), os.path.join(d, 'vectors.json')
        open(src, 'w').write('\n'.join(texts) + '\n')
        subprocess.run([docent, 'embed', '--file', src, '--out', out, '--json'], check=True,
                       stdout=subprocess.DEVNULL)
        vectors = json.load(open(out))
    return {t: v for t, v in zip(texts, vectors)}


def cosine(a, b):
    return sum(x * y for x, y in zip(a, b)) / math.sqrt(sum(x * x for x in a) * sum(y * y for y in b))


def auroc(xs, ys):
    pos = [x for x, y in zip(xs, ys) if y >= 0.5]
    neg = [x for x, y in zip(xs, ys) if y < 0.5]
    wins = sum(1 if p > n else 0.5 if p == n else 0 for p in pos for n in neg)
    return wins / max(1, len(pos) * len(neg))


def main():
    docent = sys.argv[1] if len(sys.argv) > 1 else 'docent'
    rows = judged_items()
    flat = lambda t: t.replace('\n', ' ').strip()
    texts = sorted({flat(t) for r in rows for t in (r['scope'], r['heading'], r['statement'])})
    vec = embed(texts, docent)
    for r in rows:
        r['sim'] = cosine(vec[flat(r['scope'])], vec[flat(r['heading'])])
        r['said'] = cosine(vec[flat(r['scope'])], vec[flat(r['statement'])])
    closest = collections.defaultdict(lambda: -1.0)
    for r in rows:
        closest[r['quiz']] = max(closest[r['quiz']], r['sim'])
    for r in rows:
        r['closest'] = r['sim'] >= closest[r['quiz']]
    print(f'{len(rows)} judged items of query scopes; heading cosine separates on-scope items with '
          f'AUROC {auroc([r["sim"] for r in rows], [r["on"] for r in rows]):.3f}')

    def stays(r, p):
        return r['sim'] >= p[0] or r['said'] >= p[1] or r['closest']

    def utility(rs, p):
        left = [r for r in rs if stays(r, p)]
        k = sum(r['keep'] for r in left)
        return k - 0.5 * (len(left) - k)

    tot = collections.Counter()
    for fold, train, test in judged_quiz.folds(rows):
        pick = max(((f, s) for f in FLOORS for s in RESCUES), key=lambda p: utility(train, p))
        left = [r for r in test if stays(r, pick)]
        t = judged_quiz.tally(test, left)
        print(f'fold {fold}: floor {pick[0]}, rescue {pick[1]}, items {len(test)} -> {len(left)}, kept '
              f'{t["k0"] / len(test):.3f} -> {t["k1"] / max(1, len(left)):.3f}, on scope '
              f'{t["o0"] / len(test):.3f} -> {t["o1"] / max(1, len(left)):.3f}')
        tot.update(t)
    print(f'held out, pooled: kept {tot["k0"] / tot["n0"]:.3f} -> {tot["k1"] / tot["n1"]:.3f}, on scope '
          f'{tot["o0"] / tot["n0"]:.3f} -> {tot["o1"] / tot["n1"]:.3f}, items {tot["n0"]} -> {tot["n1"]}')


if __name__ == '__main__':
    main()

"""How close a query must be to the title and headings of a procedure before the quiz asks its
steps in order, fitted on blind verdicts. The floor it fits (0.58) was tried and not kept:
judged blind on what it changes over held-out sets 1-38 (round 102, evals/MEASURED.md), the
orderings it drops were kept about as often as the items that take their place.

Joins the judged ordering items of query scopes in `evals/judged/` (verdicts with their packets'
keys; an item judged in several rounds counts once, its verdicts averaged), embeds each scope
and each item's heading text ("Title > Section > Part", as the index embeds it) with `docent
embed`, and cross-validates such a floor by scope (5
folds): an ordering stays when its heading is at the floor. A floor is chosen on four folds by
the utility "items kept by the reviewer minus items not kept" among those left (an ordering a
reviewer would drop is replaced by another item of the scope, kept about half the time), and
scored on the fifth.

    python3 scripts/quiz_ordering_floor.py [DOCENT_BINARY]    # run where `docent embed` finds the model
"""
import collections, sys

import judged_quiz
from quiz_heading_floor import auroc, cosine, embed, heading_text

FLOORS = [x / 100 for x in range(30, 71)]


def judged_orderings():
    rows = []
    for key, (it, quiz, vs) in judged_quiz.items().items():
        scope = key[1]
        if it['kind'] != 'ordering' or scope.startswith(('heading:', 'docs:')):
            continue
        if 'on_scope' not in vs[0]:
            continue
        src = it['source']
        rows.append({
            'scope': scope,
            'heading': heading_text(src.get('title', ''), src.get('heading_path', [])),
            'keep': sum(bool(v['keep']) for v in vs) / len(vs),
            'on': sum(bool(v['on_scope']) for v in vs) / len(vs),
        })
    return rows


def main():
    docent = sys.argv[1] if len(sys.argv) > 1 else 'docent'
    rows = judged_orderings()
    flat = lambda t: t.replace('\n', ' ').strip()
    vec = embed(sorted({flat(t) for r in rows for t in (r['scope'], r['heading'])}), docent)
    for r in rows:
        r['sim'] = cosine(vec[flat(r['scope'])], vec[flat(r['heading'])])
    sims = [r['sim'] for r in rows]
    print(f'{len(rows)} judged orderings of query scopes; heading cosine separates kept ones with '
          f'AUROC {auroc(sims, [r["keep"] for r in rows]):.3f}, on-scope ones '
          f'{auroc(sims, [r["on"] for r in rows]):.3f}')

    def utility(rs, floor):
        left = [r for r in rs if r['sim'] >= floor]
        k = sum(r['keep'] for r in left)
        return k - (len(left) - k)

    tot = collections.Counter()
    picks = []
    for fold, train, test in judged_quiz.folds(rows):
        floor = max(FLOORS, key=lambda f: (utility(train, f), -f))
        picks.append(floor)
        left = [r for r in test if r['sim'] >= floor]
        gone = [r for r in test if r['sim'] < floor]
        t = judged_quiz.tally(test, left)
        print(f'fold {fold}: floor {floor}, orderings {len(test)} -> {len(left)}, kept '
              f'{t["k0"] / max(1, len(test)):.3f} -> {t["k1"] / max(1, len(left)):.3f} '
              f'(of those dropped {sum(r["keep"] for r in gone) / max(1, len(gone)):.3f})')
        tot.update(t)
        tot['kg'] += sum(r['keep'] for r in gone)
    print(f'held out, pooled: orderings {tot["n0"]} -> {tot["n1"]}, kept {tot["k0"] / tot["n0"]:.3f} -> '
          f'{tot["k1"] / max(1, tot["n1"]):.3f}, of those dropped '
          f'{tot["kg"] / max(1, tot["n0"] - tot["n1"]):.3f}; on scope {tot["o0"] / tot["n0"]:.3f} -> '
          f'{tot["o1"] / max(1, tot["n1"]):.3f}; floors {picks}; on all rows '
          f'{max(FLOORS, key=lambda f: (utility(rows, f), -f))}')


if __name__ == '__main__':
    main()

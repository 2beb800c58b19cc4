"""How far below a query scope's best candidate a chunk may be, fitted on blind verdicts.

Joins the judged quiz items of `evals/judged/` (verdicts with their packets' keys) with the
relevance of their source chunk among their scope's candidates, as `docent eval quiz` prints it
with QUIZ_DEBUG=1, and cross-validates `FAR_FROM_BEST` (crates/quiz/src/scope.rs) by scope:

    for each set: QUIZ_DEBUG=1 docent eval quiz --set SET --scopes SCOPES 2> SET.err
    python3 scripts/quiz_scope_margin.py sample.err emanual-qa.err meilisearch-docs.err

SCOPES lists the judged query scopes of the set (`--scopes-out DIR` writes them). Each file's
name before ".err" is its set. A margin is chosen on four folds by the utility "items kept
by the reviewer minus half the items not kept" among those left, and scored on the fifth.
"""
import collections, json, os, sys

import judged_quiz
from judged_quiz import verdicts

MARGINS = [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 9.0]


def main():
    if sys.argv[1:2] == ['--scopes-out']:
        s = collections.defaultdict(set)
        for (st, scope, _, _) in verdicts():
            if not scope.startswith(('heading:', 'docs:')):
                s[st].add(scope)
        for st, v in s.items():
            open(os.path.join(sys.argv[2], st + '.txt'), 'w').write('\n'.join(sorted(v)) + '\n')
        return
    plans = {}
    for path in sys.argv[1:]:
        st = os.path.basename(path)[:-len('.err')]
        for line in open(path):
            if line.startswith('QUIZ_DEBUG '):
                d = json.loads(line[len('QUIZ_DEBUG '):])
                plans[(st, d['scope'])] = d
    rows = []
    for (st, scope, _, chunk), vs in verdicts().items():
        p = plans.get((st, scope))
        rel = dict(p['cands']) if p else {}
        if chunk not in rel:
            continue
        rows.append({
            'scope': scope,
            'below': max(rel.values()) - rel[chunk],
            'keep': sum(v['keep'] for v in vs) / len(vs),
            'on': sum(v['on_scope'] for v in vs) / len(vs),
        })
    print(f'{len(rows)} judged items of query scopes found among their scope\'s candidates')

    def left(rs, m):
        return [r for r in rs if r['below'] <= m]

    def utility(rs, m):
        kept = left(rs, m)
        k = sum(r['keep'] for r in kept)
        return k - 0.5 * (len(kept) - k)

    totals = collections.Counter()
    for f, train, test in judged_quiz.folds(rows):
        m = max(MARGINS, key=lambda x: utility(train, x))
        kept = left(test, m)
        t = judged_quiz.tally(test, kept)
        print(f'fold {f + 1}: picks {m}; items {len(test)} -> {len(kept)}, kept by the reviewer '
              f'{t["k0"] / len(test):.3f} -> {t["k1"] / max(1, len(kept)):.3f}, on scope '
              f'{t["o0"] / len(test):.3f} -> {t["o1"] / max(1, len(kept)):.3f}')
        totals.update(t)
    print(f"all folds: items {totals['n0']} -> {totals['n1']}, kept {totals['k0'] / totals['n0']:.3f} -> "
          f"{totals['k1'] / totals['n1']:.3f}, on scope {totals['o0'] / totals['n0']:.3f} -> {totals['o1'] / totals['n1']:.3f}")
    for lo, hi in [(-1, 0.1), (0.1, 0.2), (0.2, 0.3), (0.3, 9)]:
        b = [r for r in rows if lo < r['below'] <= hi]
        if b:
            print(f'below best ({lo}, {hi}]: {len(b)} items, on scope {sum(r["on"] for r in b) / len(b):.2f}, '
                  f'kept {sum(r["keep"] for r in b) / len(b):.2f}')


main()

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
import collections, json, os, sys, zlib

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
    for f in range(5):
        test = [r for r in rows if zlib.crc32(r['scope'].encode()) % 5 == f]
        train = [r for r in rows if zlib.crc32(r['scope'].encode()) % 5 != f]
        m = max(MARGINS, key=lambda x: utility(train, x))
        kept = left(test, m)
        k0, k = sum(r['keep'] for r in test), sum(r['keep'] for r in kept)
        o0, o = sum(r['on'] for r in test), sum(r['on'] for r in kept)
        print(f'fold {f + 1}: picks {m}; items {len(test)} -> {len(kept)}, kept by the reviewer '
              f'{k0 / len(test):.3f} -> {k / max(1, len(kept)):.3f}, on scope {o0 / len(test):.3f} -> '
              f'{o / max(1, len(kept)):.3f}')
        for key, val in (('n', len(test)), ('left', len(kept)), ('k0', k0), ('k', k), ('o0', o0), ('o', o)):
            totals[key] += val
    print(f"all folds: items {totals['n']} -> {totals['left']}, kept {totals['k0'] / totals['n']:.3f} -> "
          f"{totals['k'] / totals['left']:.3f}, on scope {totals['o0'] / totals['n']:.3f} -> {totals['o'] / totals['left']:.3f}")
    for lo, hi in [(-1, 0.1), (0.1, 0.2), (0.2, 0.3), (0.3, 9)]:
        b = [r for r in rows if lo < r['below'] <= hi]
        if b:
            print(f'below best ({lo}, {hi}]: {len(b)} items, on scope {sum(r["on"] for r in b) / len(b):.2f}, '
                  f'kept {sum(r["keep"] for r in b) / len(b):.2f}')


main()

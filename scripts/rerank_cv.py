"""Per-set cross-validation of the tutor's re-ranker from a `docent eval rerank --dump F` file.

`docent eval rerank` prints folds over all sets together; this replays its arithmetic
(crates/eval/src/rerank.rs: folds by FNV-1a of the gold group, listwise softmax over
standardised features, L2 0.1, Adam 300 iterations) on the dumped features and prints, per
set, the first candidate's relevance (document-level R@1) in retrieval order, under the model
fitted on everything, and held out (5 folds). Columns can be dropped or chosen, so a feature
carried in the dump at weight 0 can be judged without a rebuild:

    python3 scripts/rerank_cv.py F [--drop 9] [--only 0,1,2] [--test F2] [--weights w0,w1,...]

With two sets or more it also fits on the other sets alone and scores each set (what the fit
does on content of a kind it never saw: a manual, product docs, developer docs). `--test F2`
scores the questions of a second dump (sets written after the fit was chosen) in retrieval
order and under the fit on everything; `--weights` scores given weights (the shipped
`rerank::FITTED`) beside them.

Pure Python (no numpy); about a minute for the three dev sets.
"""
import json, math, sys

def fnv(s):
    h = 0xcbf29ce484222325
    for b in s.encode():
        h ^= b
        h = (h * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h

def folds(samples, k=5):
    groups = sorted(set(s['group'] for s in samples))
    groups.sort(key=fnv)  # stable sort after lexical sort
    fold_of = {g: i % k for i, g in enumerate(groups)}
    return [(fnv(s['id']) % k) if s['group'] == '' else fold_of[s['group']] for s in samples]

def set_of(s):
    """The set a dumped question belongs to: its id up to the last '/'."""
    return s['id'].rsplit('/', 1)[0]

def fit(samples, cols, l2=0.1, iters=300):
    train = [s for s in samples if any(s['relevant'])]
    rows = [[f[j] for j in cols] for s in train for f in s['features']]
    n = len(cols)
    m = len(rows)
    mean = [sum(r[j] for r in rows) / m for j in range(n)]
    sd = [max(math.sqrt(sum((r[j] - mean[j]) ** 2 for r in rows) / m), 1e-3) for j in range(n)]
    data = [([[(f[c] - mean[j]) / sd[j] for j, c in enumerate(cols)] for f in s['features']], s['relevant'], s['weight']) for s in train]
    total = sum(d[2] for d in data)
    w = [0.0] * n
    m1 = [0.0] * n
    m2 = [0.0] * n
    b1, b2, lr = 0.9, 0.999, 0.05
    for t in range(1, iters + 1):
        g = [l2 * x for x in w]
        for xs, rel, wt in data:
            sc = [sum(a * b for a, b in zip(x, w)) for x in xs]
            mx = max(sc)
            e = [math.exp(v - mx) for v in sc]
            al = sum(e)
            good = sum(ei for ei, r in zip(e, rel) if r)
            for i, x in enumerate(xs):
                p = e[i] / al
                q = e[i] / good if rel[i] else 0.0
                d = (p - q) * wt / total
                if d:
                    for j in range(n):
                        g[j] += d * x[j]
        for j in range(n):
            m1[j] = b1 * m1[j] + (1 - b1) * g[j]
            m2[j] = b2 * m2[j] + (1 - b2) * g[j] * g[j]
            mh = m1[j] / (1 - b1 ** t)
            vh = m2[j] / (1 - b2 ** t)
            w[j] -= lr * mh / (math.sqrt(vh) + 1e-8)
    return [w[j] / sd[j] for j in range(n)]

def r1(s, cols, w):
    if w is None:
        order = list(range(len(s['features'])))
    else:
        sc = [sum(f[c] * wj for c, wj in zip(cols, w)) for f in s['features']]
        order = sorted(range(len(sc)), key=lambda i: -sc[i])
    if not order:
        return 0
    return 1 if s['relevant'][order[0]] else 0

def main():
    dump = json.load(open(sys.argv[1]))
    nf = len(dump[0]['features'][0]) if dump[0]['features'] else 9
    cols = list(range(nf))
    args = sys.argv[2:]
    if '--drop' in args:
        drop = [int(x) for x in args[args.index('--drop') + 1].split(',')]
        cols = [c for c in cols if c not in drop]
    if '--only' in args:
        cols = [int(x) for x in args[args.index('--only') + 1].split(',')]
    given = None
    if '--weights' in args:
        given = [float(x) for x in args[args.index('--weights') + 1].split(',')]
        given = [given[c] for c in cols]
    fold = folds(dump)
    sets = sorted(set(map(set_of, dump)))
    held = {}
    for f in range(5):
        train = [s for s, k in zip(dump, fold) if k != f]
        w = fit(train, cols)
        for s, k in zip(dump, fold):
            if k == f:
                held[s['id']] = r1(s, cols, w)
    wall = fit(dump, cols)
    print('cols', cols)
    print('weights', [round(x, 4) for x in wall])
    def rate(samples, w):
        return sum(r1(s, cols, w) for s in samples) / len(samples)

    def in_scope(samples, st):
        return [s for s in samples if set_of(s) == st and not s['out_of_scope']]

    for st in sets:
        ins = in_scope(dump, st)
        cv = sum(held[s['id']] for s in ins) / len(ins)
        line = (f'{st:<40} n={len(ins):>3} retrieval {rate(ins, None):.3f} '
                f'fitted-on-all {rate(ins, wall):.3f} cross-validated {cv:.3f}')
        if len(sets) > 1:
            others = fit([s for s in dump if set_of(s) != st], cols)
            line += f' other-sets-only {rate(ins, others):.3f}'
        if given:
            line += f' given {rate(ins, given):.3f}'
        print(line)
    if '--test' in args:
        test = json.load(open(args[args.index('--test') + 1]))
        for st in sorted(set(map(set_of, test))):
            ins = in_scope(test, st)
            line = (f'test {st:<35} n={len(ins):>3} retrieval {rate(ins, None):.3f} '
                    f'fitted-on-all {rate(ins, wall):.3f}')
            if given:
                line += f' given {rate(ins, given):.3f}'
            print(line)

main()

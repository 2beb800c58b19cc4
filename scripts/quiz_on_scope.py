#!/usr/bin/env python3
"""Fits and cross-validates the quiz's on-scope model (crates/quiz/src/on_scope.rs) on the
blind verdicts in `evals/judged/`.

Every judged item of a query scope (not `heading:` or `docs:`) from the rounds of 2026-12-01
on (items made after the scope rules took their present shape) gives four numbers: the cosine
of the scope's text with the item's statement and with its title and headings (embedded with
`docent embed`), and the share of the scope's stems the statement and the headings hold (the
same stems as `on_scope::stems`), each stem weighted by its inverse document frequency over
the doc chunks of the set's index (`on_scope::idf_weights`; the indexes `docent eval quiz`
builds, `indexes/eval-<set>`, and `indexes/default` for the sample). A logistic model of the
reviewer's `on_scope` verdict is fitted in 5 folds by scope line; the script prints each
fold's held-out AUROC and, for the pooled held-out probabilities, what a floor leaves (items,
share on scope, share kept), then the model fitted on all items (the constants of
`on_scope::FITTED`). With `--plain` every stem weighs the same (the model before 2026-12-04),
for comparison; `--split ROUND` fits on the rounds up to ROUND and tests on the items first
judged after it. `--tiers` (with `--all`) replays the two-tier rule of `on_scope::ON_SCOPE_SURE`
on the out-of-fold probabilities: a scope with an item at or above the upper tier keeps only
those, a scope with none keeps its items above the floor; per tier, items left, their kept
share, and scopes left with items, for all rounds and for the rounds after 51 (the items made
with the floor in place).

    python3 scripts/quiz_on_scope.py [DOCENT_BINARY] [--all] [--plain] [--split ROUND] [--tiers]

The shipped constants were fitted with `--all` (1,317 items, the rounds up to 51).
"""
import collections
import glob
import json
import math
import os
import re
import sys
import zlib

sys.path.insert(0, os.path.dirname(__file__))
import judged_quiz  # noqa: E402
from quiz_heading_floor import auroc, cosine, embed  # noqa: E402

STOP = set("""a an the and or of to in on for with by from at as is are be how what when which
who why your you can do does it its this that these those their there about into over under
between vs versus using use used via per not no""".split())
FLOORS = [0.3, 0.4, 0.5, 0.6]
FEATURES = ['statement', 'heading', 'statement_words', 'heading_words']
LAST_ROUND = 48


def stems(text):
    words = re.findall(r'[a-z0-9]+', text.lower())
    return [w[:5] for w in words if len(w) > 1 and w not in STOP]


def share(want, have, weight=lambda w: 1.0):
    have = set(have)
    total = sum(weight(w) for w in want)
    return sum(weight(w) for w in want if w in have) / total if total > 0 else 0.0


INDEXES = {'emanual-qa': 'eval-emanual-qa', 'meilisearch-docs': 'eval-meilisearch-docs',
           'sample': 'default'}


def idf_of(index):
    """`on_scope::idf_weights` for one index: stem -> ln((n + 1) / (df + 0.5)), 0 if unused."""
    gens = sorted(glob.glob(os.path.join('indexes', index, 'gen-*', 'chunks.jsonl')))
    if not gens:
        sys.exit(f'no index at indexes/{index}: run `docent eval quiz` (or `docent ingest` for the sample) first')
    df, n = collections.Counter(), 0
    with open(gens[-1]) as f:
        for line in f:
            c = json.loads(line)
            if c.get('kind') != 'doc':
                continue
            n += 1
            df.update(set(stems(c['text'])))
    return lambda w: math.log((n + 1) / (df[w] + 0.5)) if df[w] else 0.0


def heading_text(title, path):
    out = title.strip()
    last = out
    for h in path:
        h = h.strip()
        if not h or h.lower() == last.lower():
            continue
        out = f'{out} > {h}' if out else h
        last = h
    return out


def round_number(name):
    return int(re.search(r'-r(\d+)$', name).group(1))


def rows(every_round):
    """Judged items of query scopes; `first` is the round that first judged the item."""
    out = []
    for (_set, scope, _stem, _chunk), (it, rnd, verdicts) in judged_quiz.items().items():
        if scope.startswith(('heading:', 'docs:')) or '2026-11-30' in rnd:
            continue
        if not every_round:
            verdicts = [v for v in verdicts if round_number(v['round']) <= LAST_ROUND]
        if not verdicts or 'on_scope' not in verdicts[-1]:
            continue
        v = verdicts[-1]
        src = it['source']
        out.append({'set': _set, 'scope': scope, 'statement_text': src['quote'],
                    'heading_text': heading_text(src['title'], src.get('heading_path', [])),
                    'on': bool(v['on_scope']), 'keep': bool(v.get('keep')),
                    'first': round_number(rnd)})
    return out


def fit(train, l2=0.1, iterations=400):
    n = len(FEATURES)
    xs = [[r[f] for f in FEATURES] for r in train]
    mean = [sum(x[j] for x in xs) / len(xs) for j in range(n)]
    sd = [max(math.sqrt(sum((x[j] - mean[j]) ** 2 for x in xs) / len(xs)), 1e-3) for j in range(n)]
    z = [[(x[j] - mean[j]) / sd[j] for j in range(n)] for x in xs]
    w, b = [0.0] * n, 0.0
    for _ in range(iterations):
        gw, gb = [l2 * c for c in w], 0.0
        for x, r in zip(z, train):
            p = 1 / (1 + math.exp(-(b + sum(a * c for a, c in zip(x, w)))))
            e = p - float(r['on'])
            for j in range(n):
                gw[j] += e * x[j] / len(train)
            gb += e / len(train)
        w = [a - 0.5 * g for a, g in zip(w, gw)]
        b -= 0.5 * gb
    return b - sum(w[j] * mean[j] / sd[j] for j in range(n)), [w[j] / sd[j] for j in range(n)]


def probability(model, r):
    return 1 / (1 + math.exp(-(model[0] + sum(w * r[f] for w, f in zip(model[1], FEATURES)))))


def features(data, docent, plain):
    flat = lambda t: t.replace('\n', ' ').strip()
    vec = embed(sorted({flat(t) for r in data for t in (r['scope'], r['statement_text'], r['heading_text'])}), docent)
    idf = {} if plain else {s: idf_of(i) for s, i in INDEXES.items() if any(r['set'] == s for r in data)}
    for r in data:
        s = vec[flat(r['scope'])]
        r['statement'] = cosine(s, vec[flat(r['statement_text'])])
        r['heading'] = cosine(s, vec[flat(r['heading_text'])])
        want = stems(r['scope'])
        weight = idf.get(r['set'], lambda w: 1.0)
        r['statement_words'] = share(want, stems(r['statement_text']), weight)
        r['heading_words'] = share(want, stems(r['heading_text']), weight)
        r['fold'] = zlib.crc32(r['scope'].encode()) % 5


def report_floors(data):
    for name, part in [('all', data), ('flat text (e-manual)', [r for r in data if r['set'] == 'emanual-qa']),
                       ('Markdown/MDX', [r for r in data if r['set'] != 'emanual-qa'])]:
        if not part:
            continue
        on = sum(r['on'] for r in part) / len(part)
        kept = sum(r['keep'] for r in part) / len(part)
        print(f"{name}: {len(part)} items, on scope {on:.2f}, kept {kept:.2f}")
        for floor in FLOORS:
            left = [r for r in part if r['p'] >= floor]
            print(f"  floor {floor}: {len(left)} left, on scope {sum(r['on'] for r in left) / max(1, len(left)):.2f}, "
                  f"kept {sum(r['keep'] for r in left) / max(1, len(left)):.2f}, "
                  f"kept items lost {sum(r['keep'] for r in part if r['p'] < floor)}")


TIERS = [(0.0, 0.0), (0.5, 0.5), (0.6, 0.6), (0.65, 0.65), (0.5, 0.6), (0.5, 0.65), (0.5, 0.7)]


def tiered(part, floor, sure):
    """Items left by the two-tier rule, and how many scopes hold any."""
    scopes = collections.defaultdict(list)
    for r in part:
        scopes[(r['set'], r['scope'])].append(r)
    left = []
    for items in scopes.values():
        top = [r for r in items if r['p'] >= sure]
        left += top if top else [r for r in items if r['p'] >= floor]
    return left, len({(r['set'], r['scope']) for r in left}), len(scopes)


def report_tiers(data):
    for name, part in [('flat text (e-manual)', [r for r in data if r['set'] == 'emanual-qa']),
                       ('Markdown/MDX', [r for r in data if r['set'] != 'emanual-qa'])]:
        for after in (0, 51):
            some = [r for r in part if r['first'] > after]
            print(f"{name}, rounds after {after}: {len(some)} items")
            for floor, sure in TIERS:
                left, held, scopes = tiered(some, floor, sure)
                kept = sum(r['keep'] for r in left)
                print(f"  floor {floor} sure {sure}: {len(left)} left, {kept} kept "
                      f"({kept / max(1, len(left)):.3f}), scopes with items {held} of {scopes}")


def main():
    argv = sys.argv[1:]
    split = int(argv[argv.index('--split') + 1]) if '--split' in argv else None
    args = [a for i, a in enumerate(argv) if not a.startswith('--') and (i == 0 or argv[i - 1] != '--split')]
    docent = args[0] if args else 'docent'
    data = rows('--all' in argv or split is not None)
    features(data, docent, '--plain' in argv)
    print(f"{len(data)} judged items of query scopes, {sum(r['on'] for r in data)} on scope, "
          f"{sum(r['keep'] for r in data)} kept")
    if split is not None:
        model = fit([r for r in data if r['first'] <= split])
        test = [r for r in data if r['first'] > split]
        for r in test:
            r['p'] = probability(model, r)
        print(f"fitted on the rounds up to {split}, tested on {len(test)} items judged after: AUROC "
              f"{auroc([r['p'] for r in test], [float(r['on']) for r in test]):.3f}")
        report_floors(test)
        return
    for f in range(5):
        model = fit([r for r in data if r['fold'] != f])
        test = [r for r in data if r['fold'] == f]
        for r in test:
            r['p'] = probability(model, r)
        print(f"fold {f + 1}: {len(test)} items, held-out AUROC "
              f"{auroc([r['p'] for r in test], [float(r['on']) for r in test]):.3f}")
    print(f"pooled held-out AUROC {auroc([r['p'] for r in data], [float(r['on']) for r in data]):.3f}")
    report_floors(data)
    if '--tiers' in argv:
        report_tiers(data)
    model = fit(data)
    print('fitted on all: bias', round(model[0], 4), 'weights', [round(w, 4) for w in model[1]])


if __name__ == '__main__':
    main()

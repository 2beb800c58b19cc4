#!/usr/bin/env python3
"""What more the embedding model can tell about a quiz item's scope: refits the on-scope model
of `quiz_on_scope.py` (5 folds by scope line, every judged item of a query scope from the
rounds of 2026-12-01 on) with more evidence and prints each variant's pooled held-out AUROC
for the on-scope and the keep verdicts, and what a floor of 0.5 leaves per document set.

    python3 scripts/quiz_scope_evidence.py [DOCENT_BINARY]

Variants: the four numbers of the shipped model; with item features (kind, basis, level, key
and stem lengths, a numeric or code-like key, punctuation in the stem, the source's format);
with separate weights for flat text; with the statement's cosine relative to the best of its
scope's judged items; with the scope's cosine with the key and with the stem. When numpy is
installed, also learned heads on the vectors (the product of the scope's and the statement's
vectors; one vector of scope, headings and statement read together), L2 0.01 to 0.1.
evals/MEASURED.md (quizzes, the twenty-fourth session) has the numbers.
"""
import collections
import math
import os
import re
import sys
import zlib

sys.path.insert(0, os.path.dirname(__file__))
import judged_quiz  # noqa: E402
import quiz_on_scope as q  # noqa: E402
from quiz_heading_floor import auroc, cosine, embed  # noqa: E402

BASE = ['statement', 'heading', 'statement_words', 'heading_words']
KINDS = ['true_false', 'cloze', 'multiple_choice', 'ordering', 'short_answer', 'multiple_select']
BASES = ['statement', 'condition', 'table_cell', 'claim', 'label', 'task', 'limit', 'threshold']


def flat(t):
    return t.replace('\n', ' ').strip()


def key_text(it):
    if it['kind'] == 'multiple_choice' and it['key']:
        return it['options'][it['key'][0]]
    return it['answers'][0] if it.get('answers') else ''


def item_features(r):
    it = r['it']
    f = {'k_' + k: float(it['kind'] == k) for k in KINDS}
    f.update({'b_' + b: float(it.get('basis') == b) for b in BASES})
    k = key_text(it)
    f.update({
        'flat': float(r['set'] == 'emanual-qa'),
        'quote_len': math.log(1 + len(it['source']['quote'])),
        'stem_len': math.log(1 + len(it['stem'])),
        'key_len': math.log(1 + len(k)),
        'key_number': float(bool(re.search(r'\d', k))),
        'key_code': float(bool(re.search(r'[`_]|[a-z][A-Z]', k))),
        'stem_punctuation': sum(not (c.isalpha() or c.isspace()) for c in it['stem']) / max(1, len(it['stem'])),
        'apply': float(it.get('level') in ('apply', 'analyse')),
    })
    return f


def load(docent):
    data = q.rows(True)
    by_quote = {}
    for (_set, scope, _stem, _chunk), (it, _rnd, _v) in judged_quiz.items().items():
        by_quote.setdefault((scope, it['source']['quote']), it)
    for r in data:
        r['it'] = by_quote.get((r['scope'], r['statement_text']))
    data = [r for r in data if r['it']]
    for r in data:
        k = key_text(r['it'])
        r['key_text'] = flat(k if k and r['it']['kind'] != 'true_false' else r['it']['stem'])
        r['stem_text'] = flat(r['it']['stem'].replace('_____', ' '))
        r['joint_text'] = ' | '.join(flat(r[t]) for t in ('scope', 'heading_text', 'statement_text'))
    texts = {flat(r[t]) for r in data for t in ('scope', 'statement_text', 'heading_text', 'key_text', 'stem_text', 'joint_text')}
    vec = embed(sorted(texts), docent)
    for r in data:
        s = vec[flat(r['scope'])]
        r['v'] = {t: vec[flat(r[t])] for t in ('scope', 'statement_text', 'heading_text', 'joint_text')}
        r['statement'] = cosine(s, vec[flat(r['statement_text'])])
        r['heading'] = cosine(s, vec[flat(r['heading_text'])])
        r['key_sim'] = cosine(s, vec[r['key_text']])
        r['stem_sim'] = cosine(s, vec[r['stem_text']])
        want = q.stems(r['scope'])
        r['statement_words'] = q.share(want, q.stems(r['statement_text']))
        r['heading_words'] = q.share(want, q.stems(r['heading_text']))
        r['fold'] = zlib.crc32(r['scope'].encode()) % 5
        r.update(item_features(r))
        for f in BASE:
            r[f + '_flat'] = r[f] * r['flat']
    best = collections.defaultdict(lambda: -1.0)
    for r in data:
        best[r['scope']] = max(best[r['scope']], r['statement'])
    for r in data:
        r['relative'] = r['statement'] - best[r['scope']]
    return data


def report(name, data, p):
    on = [float(r['on']) for r in data]
    keep = [float(r['keep']) for r in data]
    line = f"{name:34s} AUROC on scope {auroc(p, on):.3f}, keep {auroc(p, keep):.3f}"
    for s in ('emanual-qa', 'sample', 'meilisearch-docs'):
        part = [(r, x) for r, x in zip(data, p) if r['set'] == s]
        left = [r for r, x in part if x >= 0.5]
        line += (f"; {s}: {len(left)}/{len(part)} left, on {sum(r['on'] for r in left) / max(1, len(left)):.2f},"
                 f" kept {sum(r['keep'] for r in left) / max(1, len(left)):.2f}")
    print(line, flush=True)


def cv_linear(data, features):
    q.FEATURES = features
    p = [0.0] * len(data)
    for f in range(5):
        model = q.fit([r for r in data if r['fold'] != f], iterations=300)
        for i, r in enumerate(data):
            if r['fold'] == f:
                p[i] = q.probability(model, r)
    return p


def cv_heads(data):
    try:
        import numpy as np
    except ImportError:
        print('numpy not installed: learned heads skipped')
        return
    base = np.array([[r[f] for f in BASE] for r in data])
    y = np.array([float(r['on']) for r in data])
    fold = np.array([r['fold'] for r in data])
    u = np.array([r['v']['scope'] for r in data])
    heads = {
        'scope x statement vectors': np.hstack([base, u * np.array([r['v']['statement_text'] for r in data])]),
        'one vector read together': np.hstack([base, np.array([r['v']['joint_text'] for r in data])]),
    }

    def fit(x, t, lam):
        mu, sd = x.mean(0), x.std(0) + 1e-6
        z = (x - mu) / sd
        w, b = np.zeros(x.shape[1]), 0.0
        for _ in range(2000):
            pr = 1 / (1 + np.exp(-(z @ w + b)))
            w -= 0.5 * (z.T @ (pr - t) / len(t) + lam * w)
            b -= 0.5 * (pr - t).mean()
        return lambda x2: 1 / (1 + np.exp(-(((x2 - mu) / sd) @ w + b)))

    for name, x in heads.items():
        for lam in (0.01, 0.03, 0.1):
            p = np.zeros(len(y))
            for f in range(5):
                tr = fold != f
                p[~tr] = fit(x[tr], y[tr], lam)(x[~tr])
            report(f'{name}, L2 {lam}', data, list(p))


def main():
    data = load(sys.argv[1] if len(sys.argv) > 1 else 'docent')
    extra = list(item_features(data[0]).keys())
    print(f"{len(data)} judged items of query scopes")
    report('shipped four numbers', data, cv_linear(data, BASE))
    report('+ item features', data, cv_linear(data, BASE + extra))
    report('+ flat-text weights', data, cv_linear(data, BASE + ['flat'] + [f + '_flat' for f in BASE]))
    report('+ relative to the best', data, cv_linear(data, BASE + ['relative']))
    report('+ key and stem cosines', data, cv_linear(data, BASE + ['key_sim', 'stem_sim']))
    cv_heads(data)


if __name__ == '__main__':
    main()

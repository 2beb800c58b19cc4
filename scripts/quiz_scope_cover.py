"""How much of a query scope an item must name, fitted on blind verdicts.

Joins the judged quiz items of `evals/judged/` (verdicts with their packets' keys) with the
weights of their scope's words, as `docent eval quiz` prints them with QUIZ_DEBUG=1, and
cross-validates `SCOPE_COVER` (crates/quiz/src/lib.rs): the weighted share of the scope's
words that an item names in its statement, stem, key or answers, title and headings.

    python3 scripts/quiz_scope_margin.py --scopes-out DIR
    for each set: QUIZ_DEBUG=1 docent eval quiz --set SET --scopes DIR/SET.txt 2> SET.err
    python3 scripts/quiz_scope_cover.py sample.err emanual-qa.err meilisearch-docs.err

Each file's name before ".err" is its set. A threshold is chosen on four folds (by scope) by
the utility "items kept by the reviewer minus half the items not kept" among those left, and
scored on the fifth. The words are split and stemmed as `docent_tutor::text::terms` and
`scope::key_words` do, and matched as `scope::same_stem` does.
"""
import json, os, sys

import judged_quiz
from judged_quiz import items

THRESHOLDS = [0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5]

# crates/tutor/src/text.rs STOPWORDS
STOPWORDS = set("""a about after all also am an and any are as at be been but by can could did do
does doing for from get got had has have having he her here him his how i if in into is it its
just me might more most must my need no not of on once only or other our out over please same she
should so some such than that the their them then there these they this those through to too up
us use using very want was way we were what when where which while who why will with would you
your yours yes there's i'm don't can't doesn't isn't won't let like make new see still thing
things way anyone someone something possible""".split())


def stem(w):
    """As `docent_tutor::text::stem`."""
    n = len(w)
    if not w.isascii() or n <= 3:
        return w
    for suffix, least, repl in (('ies', 5, 'y'), ('ing', 6, ''), ('ed', 5, ''), ('es', 5, ''),
                                ('s', 4, '')):
        if n >= least and w.endswith(suffix):
            if suffix == 's' and w.endswith(('ss', 'us', 'is')):
                continue
            if suffix == 'es' and not w.endswith(('ches', 'shes', 'xes', 'sses')):
                continue
            return w[:n - len(suffix)] + repl
    return w


def key_words(text):
    """As `scope::key_words`: content terms, a final 'e' dropped from words over three letters."""
    out, word = [], []
    for ch in text + ' ':
        if ch.isalnum() or ch == "'":
            word.append(ch)
            continue
        w = ''.join(word).strip("'").lower()
        word = []
        if w and w not in STOPWORDS:
            w = stem(w)
            out.append(w[:-1] if len(w) > 3 and w.endswith('e') else w)
    return out


def same_stem(a, b):
    """As `scope::same_stem`."""
    s, l = sorted((a.lower(), b.lower()), key=len)
    if len(s) < 4:
        return s == l
    common = 0
    for x, y in zip(s, l):
        if x != y:
            break
        common += 1
    return common == len(s) or (common >= 5 and common + 2 >= len(s))


def cover(weights, it):
    """As `scope_cover` in crates/quiz/src/lib.rs."""
    total = sum(w for _, w in weights)
    if total <= 0:
        return 1.0
    opts = it.get('options', [])
    keyed = [] if it['kind'] == 'true_false' else [opts[k] for k in it.get('key', []) if k < len(opts)]
    src = it['source']
    text = ' '.join([src.get('quote', ''), it['stem'], ' '.join(keyed), ' '.join(it.get('answers', [])),
                     src.get('title', ''), ' '.join(src.get('heading_path', []))])
    have = set(key_words(text))
    return sum(x for w, x in weights if w in have or any(same_stem(w, h) for h in have)) / total


def auroc(xs, ys):
    pos = [x for x, y in zip(xs, ys) if y >= 0.5]
    neg = [x for x, y in zip(xs, ys) if y < 0.5]
    wins = sum(1 if p > n else 0.5 if p == n else 0 for p in pos for n in neg)
    return wins / max(1, len(pos) * len(neg))


def main():
    weights = {}
    for path in sys.argv[1:]:
        st = os.path.basename(path)[:-len('.err')]
        for line in open(path):
            if line.startswith('QUIZ_DEBUG '):
                d = json.loads(line[len('QUIZ_DEBUG '):])
                weights[(st, d['scope'])] = d['weights']
    rows = []
    for (st, scope, _, _), (it, _, vs) in items().items():
        if (st, scope) not in weights or any('on_scope' not in v for v in vs):
            continue
        rows.append({
            'scope': scope,
            'cover': cover(weights[(st, scope)], it),
            'keep': sum(v['keep'] for v in vs) / len(vs),
            'on': sum(v['on_scope'] for v in vs) / len(vs),
        })
    print(f'{len(rows)} judged items of query scopes; AUROC of the share named: '
          f'on scope {auroc([r["cover"] for r in rows], [r["on"] for r in rows]):.3f}, '
          f'kept {auroc([r["cover"] for r in rows], [r["keep"] for r in rows]):.3f}')

    def stays(r, t):
        return r['cover'] >= t

    def utility(rs, t):
        return sum(r['keep'] - 0.5 * (1 - r['keep']) for r in rs if stays(r, t))

    total = judged_quiz.collections.Counter()
    for fold, train, test in judged_quiz.folds(rows):
        t = max(THRESHOLDS, key=lambda t: (utility(train, t), -t))
        left = [r for r in test if stays(r, t)]
        c = judged_quiz.tally(test, left)
        total += c
        print(f'fold {fold}: threshold {t:.2f}, held-out items {c["n0"]} -> {c["n1"]}, '
              f'kept {c["k0"] / max(1, c["n0"]):.3f} -> {c["k1"] / max(1, c["n1"]):.3f}, '
              f'on scope {c["o0"] / max(1, c["n0"]):.3f} -> {c["o1"] / max(1, c["n1"]):.3f}')
    print(f'all folds: items {total["n0"]} -> {total["n1"]}, kept {total["k0"] / total["n0"]:.3f} -> '
          f'{total["k1"] / max(1, total["n1"]):.3f}, on scope {total["o0"] / total["n0"]:.3f} -> '
          f'{total["o1"] / max(1, total["n1"]):.3f}')
    for t in THRESHOLDS:
        left = [r for r in rows if stays(r, t)]
        print(f'  threshold {t:.2f} on all: {len(left)} items, kept '
              f'{sum(r["keep"] for r in left) / max(1, len(left)):.3f}')


if __name__ == '__main__':
    main()

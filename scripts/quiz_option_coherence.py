#!/usr/bin/env python3
"""Cross-validates `OPTION_COHERENCE` (crates/quiz/src/lib.rs) on the blind verdicts in
`evals/judged/`: for every judged sentence-completion multiple-choice item ("Which completes
the sentence?", basis `statement`) it embeds the key and the wrong options with `docent embed`,
takes the mean cosine of the key with the wrong options, and in 5 folds by scope picks on four
folds the threshold below which an item is dropped (utility: kept minus half the others among
the items left), then reports the fifth fold's keep rate before and after. Prints the AUROC of
the measure for "kept" and "well formed", the folds, and the pooled held-out rates.

    python3 scripts/quiz_option_coherence.py [DOCENT_BINARY]   # where `docent embed` finds the model
"""
import hashlib
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import judged_quiz  # noqa: E402
from quiz_heading_floor import auroc, cosine, embed  # noqa: E402

THRESHOLDS = [0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4]


def rows():
    out = []
    for key, (it, _round, verdicts) in judged_quiz.items().items():
        if it['kind'] != 'multiple_choice' or it.get('basis') != 'statement':
            continue
        if len(it.get('key') or []) != 1 or not it.get('options'):
            continue
        v = verdicts[-1]
        k = it['options'][it['key'][0]]
        wrong = [o for i, o in enumerate(it['options']) if i != it['key'][0]]
        out.append(dict(scope=key[1], key=k, wrong=wrong, keep=bool(v['keep']),
                        well_formed=bool(v.get('well_formed'))))
    return out


def utility(rs, t):
    left = [r for r in rs if r['coherence'] >= t]
    return sum(r['keep'] for r in left) - 0.5 * sum(not r['keep'] for r in left)


def main():
    docent = sys.argv[1] if len(sys.argv) > 1 else 'docent'
    rs = rows()
    flat = lambda t: t.replace('\n', ' ').strip()
    vec = embed(sorted({flat(t) for r in rs for t in [r['key']] + r['wrong']}), docent)
    for r in rs:
        k = vec[flat(r['key'])]
        sims = [cosine(k, vec[flat(w)]) for w in r['wrong']]
        r['coherence'] = sum(sims) / len(sims)
    xs = [r['coherence'] for r in rs]
    print(f"{len(rs)} judged sentence-completion items; AUROC of coherence: kept "
          f"{auroc(xs, [r['keep'] for r in rs]):.2f}, well formed "
          f"{auroc(xs, [r['well_formed'] for r in rs]):.2f}")
    fold = lambda r: int(hashlib.md5(r['scope'].encode()).hexdigest(), 16) % 5
    before = [0, 0]
    after = [0, 0]
    for f in range(5):
        train = [r for r in rs if fold(r) != f]
        test = [r for r in rs if fold(r) == f]
        t = max(THRESHOLDS, key=lambda t: utility(train, t))
        left = [r for r in test if r['coherence'] >= t]
        kb, ka = sum(r['keep'] for r in test), sum(r['keep'] for r in left)
        print(f"fold {f}: threshold {t:.2f}; held out {len(test)} items kept "
              f"{kb / max(1, len(test)):.3f} -> {len(left)} items kept {ka / max(1, len(left)):.3f}")
        before = [before[0] + len(test), before[1] + kb]
        after = [after[0] + len(left), after[1] + ka]
    print(f"pooled held out: {before[0]} items kept {before[1] / before[0]:.3f} -> "
          f"{after[0]} items kept {after[1] / max(1, after[0]):.3f}")
    print('all data: ' + ', '.join(f"{t:.2f}: {utility(rs, t):.1f}" for t in THRESHOLDS))


if __name__ == '__main__':
    main()

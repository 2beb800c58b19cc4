"""The blind verdicts on quiz items in `evals/judged/`, joined with their packets' keys.

Each verdict file `quiz-<date>-<round>.jsonl` holds a reviewer's verdicts by packet id; the
key `packets/quiz-<date>-<round>[a|b].key.jsonl` says which set, scope, commit and item each
id was. An item judged in several rounds (the same stem from the same chunk of the same
scope) gathers all its verdicts. Used by `quiz_scope_margin.py` and `quiz_heading_floor.py`.
"""
import collections, glob, json, os, zlib

JUDGED = os.path.join(os.path.dirname(__file__), '..', 'evals', 'judged')


def items():
    """{(set, scope, stem, chunk id): (item, round, [verdicts])}, the round being the first
    verdict file that judged it; each verdict carries its own file's name as `round`."""
    keys = {}
    for f in glob.glob(os.path.join(JUDGED, 'packets', 'quiz-*.key.jsonl')):
        label = os.path.basename(f)[:-len('.key.jsonl')]
        for line in open(f):
            d = json.loads(line)
            keys[(label, d['packet_id'])] = d
    labels = {l for l, _ in keys}
    out = {}
    for f in sorted(glob.glob(os.path.join(JUDGED, 'quiz-*.jsonl'))):
        base = os.path.basename(f)[:-len('.jsonl')]
        mine = [l for l in labels if l == base or (l[:-1] == base and l[-1] in 'ab')]
        for line in open(f):
            v = json.loads(line)
            for label in mine:
                k = keys.get((label, v['packet_id']))
                if k and k['scope'] == v['scope']:
                    it = k['item']
                    key = (k['set'], k['scope'], it['stem'], it['source']['chunk_id'])
                    v['round'] = base
                    out.setdefault(key, (it, base, []))[2].append(v)
                    break
    return out


def verdicts():
    """{(set, scope, stem, chunk id): [verdicts]}."""
    return collections.defaultdict(list, {k: v[2] for k, v in items().items()})


def folds(rows, k=5):
    """(fold, train, test) for k folds by scope: a scope's items are held out together, each
    row's fold the CRC-32 of its `scope` modulo k."""
    for fold in range(k):
        test = [r for r in rows if zlib.crc32(r['scope'].encode()) % k == fold]
        train = [r for r in rows if zlib.crc32(r['scope'].encode()) % k != fold]
        yield fold, train, test


def tally(test, left):
    """What a fold's rule leaves of its held-out rows: items (n0 before, n1 after), items kept
    by the reviewer (k0, k1) and items on scope (o0, o1), as a Counter to add up over folds."""
    return collections.Counter({
        'n0': len(test), 'n1': len(left),
        'k0': sum(r['keep'] for r in test), 'k1': sum(r['keep'] for r in left),
        'o0': sum(r['on'] for r in test), 'o1': sum(r['on'] for r in left),
    })

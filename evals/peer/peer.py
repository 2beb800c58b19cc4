#!/usr/bin/env python3
"""Docent against the stack people would otherwise assemble, in one run on the same data.

The peer is sentence-transformers (the same all-MiniLM-L6-v2 directory Docent uses), rank_bm25
(BM25Okapi) and the same weighted reciprocal-rank fusion (k = 60, weights 0.5 / 0.5). Both index
the same chunks: Docent ingests the docs, and the peer embeds exactly the texts Docent embedded
(title > headings, newline, chunk text) read back from Docent's index, so the comparison is of
the engines, not of chunking. Both answer the set's labelled questions; metrics are computed the
same way (document-level, binary relevance).

Prints ingest time, query latency (p50/p95, query embedding included), peak memory, Recall@5 and
nDCG@10 for both, and the ratio Docent / peer.

Usage (from the repository root, after scripts/fetch-model.sh and a release build):
    python3 -m venv .venv-peer && .venv-peer/bin/pip install torch sentence-transformers rank_bm25
    .venv-peer/bin/python evals/peer/peer.py [--docent target/release/docent] [--set evals/sample]
"""
import argparse
import json
import math
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time


def ranked_docs(rows, chunks, k=10):
    seen, out = set(), []
    for r in rows:
        d = chunks[r]["doc_id"]
        if d not in seen:
            seen.add(d)
            out.append(d)
        if len(out) == k:
            break
    return out


def recall_at(ranked, relevant, k):
    return len([r for r in ranked[:k] if r in relevant]) / len(relevant) if relevant else 0.0


def ndcg_at(ranked, relevant, k):
    dcg = sum(1 / math.log2(i + 2) for i, r in enumerate(ranked[:k]) if r in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), k)))
    return dcg / ideal if ideal else 0.0


def rrf(lists, k=60.0):
    scores = {}
    for rows, w in lists:
        for rank, r in enumerate(rows):
            scores[r] = scores.get(r, 0.0) + w / (k + rank + 1)
    return [r for r, _ in sorted(scores.items(), key=lambda x: (-x[1], x[0]))]


def tokens(text):
    return re.findall(r"\w+", text.lower())


def pct(values, p):
    v = sorted(values)
    return v[min(len(v) - 1, round((len(v) - 1) * p))]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docent", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "release", "docent"))
    ap.add_argument("--set", default="evals/sample")
    ap.add_argument("--corpus", default=None,
                    help="what Docent ingests (default: the set's corpus.jsonl, else corpus/docs)")
    ap.add_argument("--model", default="models/all-MiniLM-L6-v2")
    ap.add_argument("--batch", type=int, default=32)
    args = ap.parse_args()
    if args.corpus is None:
        own = os.path.join(args.set, "corpus.jsonl")
        args.corpus = own if os.path.exists(own) else "corpus/docs"

    queries = [json.loads(l) for l in open(os.path.join(args.set, "queries.jsonl")) if l.strip()]
    queries = [q for q in queries if q.get("relevant_ids")]

    # Docent: a fresh index of the corpus, timed, then its retrieval eval.
    index_dir = tempfile.mkdtemp(prefix="peer-docent-")
    env = dict(os.environ, DOCENT_INDEX_DIR=index_dir, DOCENT_MODEL_DIR=args.model)
    t = time.perf_counter()
    subprocess.run([args.docent, "ingest", args.corpus], env=env, check=True, capture_output=True)
    docent_ingest = time.perf_counter() - t
    out = subprocess.run([args.docent, "eval", "retrieval", "--set", args.set, "--json"], env=env,
                         check=True, capture_output=True, text=True).stdout
    docent_eval = {m["mode"]: m for m in json.loads(out)["modes"]}
    docent_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    # Docent's own per-query latency (hybrid, query embedding included) from `docent search`
    # would include process start-up; its eval reports the mean per query, used here.
    gen = open(os.path.join(index_dir, "default", "CURRENT")).read().strip()
    chunks = [json.loads(l) for l in open(os.path.join(index_dir, "default", gen, "chunks.jsonl"))]
    chunks = [c for c in chunks if c.get("kind", "doc") == "doc"]

    def embedding_text(c):
        s = c["title"]
        for h in c.get("heading_path", []):
            if h != c["title"]:
                s += " > " + h
        return s + "\n" + c["text"]

    # The peer, in this process.
    t0 = time.perf_counter()
    from sentence_transformers import SentenceTransformer
    from rank_bm25 import BM25Okapi
    import numpy as np
    model = SentenceTransformer(args.model, device="cpu")
    load = time.perf_counter() - t0
    t = time.perf_counter()
    texts = [embedding_text(c) for c in chunks]
    vectors = model.encode(texts, batch_size=args.batch, normalize_embeddings=True, convert_to_numpy=True)
    embed_s = time.perf_counter() - t
    bm25 = BM25Okapi([tokens(x) for x in texts])
    peer_ingest = time.perf_counter() - t

    results = {"bm25": [], "dense": [], "hybrid": []}
    latency = []
    for q in queries:
        t = time.perf_counter()
        qv = model.encode([q["question"]], normalize_embeddings=True, convert_to_numpy=True)[0]
        dense = list(np.argsort(-(vectors @ qv))[:50])
        scores = bm25.get_scores(tokens(q["question"]))
        # Only chunks that match a query term, as a search engine returns them (a zero-score
        # tail in index order would give arbitrary chunks lexical credit in the fusion).
        lex = [r for r in np.argsort(-scores)[:50] if scores[r] > 0]
        hybrid = rrf([(lex, 0.5), (dense, 0.5)])
        latency.append((time.perf_counter() - t) * 1000)
        rel = set(q["relevant_ids"])
        for mode, rows in (("bm25", lex), ("dense", dense), ("hybrid", hybrid)):
            ranked = ranked_docs(rows, chunks)
            results[mode].append((recall_at(ranked, rel, 5), ndcg_at(ranked, rel, 10)))
    peer_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def avg(mode, i):
        return statistics.mean(r[i] for r in results[mode])

    rows = [
        ("ingest s (docs)", docent_ingest, peer_ingest + load),
        ("  of which embedding s", None, embed_s),
        ("query mean ms (hybrid)", docent_eval["hybrid"]["mean_ms"], statistics.mean(latency)),
        ("query p95 ms (hybrid, peer)", None, pct(latency, 0.95)),
        ("peak RSS MiB", docent_rss, peer_rss),
    ]
    for mode in ("bm25", "dense", "hybrid"):
        rows.append((f"Recall@5 {mode}", docent_eval[mode]["recall_5"], avg(mode, 0)))
        rows.append((f"nDCG@10 {mode}", docent_eval[mode]["ndcg_10"], avg(mode, 1)))
    print(f"peer comparison on {args.set} ({len(queries)} questions, {len(chunks)} chunks)")
    print(f"{'metric':32} {'docent':>10} {'peer':>10} {'docent/peer':>12}")
    for name, d, p in rows:
        ds = f"{d:10.3f}" if d is not None else f"{'-':>10}"
        ratio = f"{d / p:12.2f}" if d is not None and p else f"{'-':>12}"
        print(f"{name:32} {ds} {p:10.3f} {ratio}")
    print("(peer ingest includes loading the model once; docent ingest is the whole `docent ingest` process)")


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Computes reference embeddings with sentence-transformers (PyTorch) for the candle parity test
crates/embed/tests/reference_vectors.json. Run once by hand where sentence-transformers and torch
are installed (`pip install sentence-transformers`); the output is committed, the test never
needs Python."""
import json, sys, pathlib
from sentence_transformers import SentenceTransformer

model_dir = sys.argv[1] if len(sys.argv) > 1 else "models/all-MiniLM-L6-v2"
sentences = [
    "How do I export a report to Excel?",
    "Hello world",
    "Lumio syncs every data source once an hour; on the Business plan you can sync every 15 minutes.",
    "Élan vital: naïve café owners ❤️ emoji, Ünïcödé and CJK 数据 text.",
    "a",
    " ".join(["Scheduled report emails land in spam after the sender domain changed."] * 40),
]
m = SentenceTransformer(model_dir, device="cpu")
vecs = m.encode(sentences, batch_size=4, normalize_embeddings=False)
out = {"model": "all-MiniLM-L6-v2", "max_seq_length": m.max_seq_length,
       "sentences": sentences, "vectors": [[round(float(x), 7) for x in v] for v in vecs]}
path = pathlib.Path(__file__).resolve().parent.parent / "crates/embed/tests/reference_vectors.json"
path.write_text(json.dumps(out) + "\n")
print(f"{len(sentences)} vectors -> {path}")

#!/usr/bin/env bash
# Embedding throughput on a CUDA GPU: Docent built with `--features cuda` (candle's BERT on the
# GPU) against its CPU encoder (same weights: the vectors must agree) and against PyTorch
# (sentence-transformers) on the same GPU and input.
#
# Needs: the CUDA toolkit where Docent is built (nvcc; CUDA_COMPUTE_CAP=90 for H100 when the
# build machine has no GPU), a GPU with its driver where it runs, python3 with torch and
# sentence-transformers, and the model (scripts/fetch-model.sh).
# Usage: cargo build --release -p docent-cli --features cuda
#        evals/gpu/embed_throughput.sh [TEXT_FILE] [MODEL_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
docent="${CARGO_TARGET_DIR:-target}/release/docent"
texts="${1:-}"
export DOCENT_MODEL_DIR="${2:-models/all-MiniLM-L6-v2}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -z "$texts" ]; then
    # The sample corpus's chunk texts, one a line, eight times over.
    DOCENT_INDEX_DIR="$work/index" "$docent" ingest corpus/docs corpus/tickets >/dev/null
    python3 -c "
import json, glob
rows = [json.loads(l)['text'].replace('\n', ' ') for l in open(glob.glob('$work/index/default/gen-*/chunks.jsonl')[0])]
open('$work/texts.txt', 'w').write('\n'.join(rows * 8) + '\n')"
    texts="$work/texts.txt"
fi
head -256 "$texts" >"$work/small.txt"
DOCENT_MODEL_DEVICE=cpu "$docent" embed --file "$work/small.txt" --out "$work/cpu.json"
DOCENT_MODEL_DEVICE=cuda "$docent" embed --file "$work/small.txt" --out "$work/gpu.json"
for b in 32 128 512; do DOCENT_MODEL_DEVICE=cuda "$docent" embed --file "$texts" --batch $b; done
python3 - "$work" "$texts" "$DOCENT_MODEL_DIR" <<'PY'
import json, sys, time
import numpy as np, torch
from sentence_transformers import SentenceTransformer
work, texts, model = sys.argv[1:]
a = np.array(json.load(open(f"{work}/cpu.json"))); b = np.array(json.load(open(f"{work}/gpu.json")))
print("cuda vs cpu encoder: worst cosine", float((a * b).sum(1).min()))
lines = [l for l in open(texts).read().splitlines() if l.strip()]
m = SentenceTransformer(model, device="cuda")
for bs in (32, 128, 512):
    m.encode(lines[:bs], batch_size=bs); torch.cuda.synchronize()
    t = time.perf_counter(); m.encode(lines, batch_size=bs); torch.cuda.synchronize()
    s = time.perf_counter() - t
    print(f"pytorch {torch.__version__} cuda fp32 batch {bs}: {len(lines)/s:.0f} sentences/s")
PY

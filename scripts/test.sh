#!/usr/bin/env bash
# The whole test suite: fetch the model and the browser-test tools (tests never download
# anything themselves), then formatting, lints and every test of the workspace, the widget's
# test in headless Chromium included. CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/fetch-model.sh
scripts/setup-browser.sh
echo "== cargo fmt"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings
if [ -n "${QDRANT_URL:-}" ]; then
    echo "== Qdrant tests run against QDRANT_URL=$QDRANT_URL"
else
    echo "== note: QDRANT_URL is not set, so the Qdrant contract and end-to-end tests skip (README: Qdrant)"
fi
echo "== cargo test"
cargo test --workspace
echo "== cargo fuzz (15 s a loader; scripts/fuzz.sh SECONDS for longer runs)"
scripts/fuzz.sh 15

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
echo "== cargo test"
cargo test --workspace

#!/usr/bin/env bash
# The main job on the embedded defaults: fetch the model if missing, build, index the sample
# corpus (docs and tickets), check the set-up, and answer a sample search.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/fetch-model.sh
echo "building docent (release)..."
cargo build --release -p docent-cli
docent="${CARGO_TARGET_DIR:-target}/release/docent"
"$docent" ingest
"$docent" doctor
question="${1:-How do I export a report to Excel?}"
echo
echo "sample search, as a public reader: $question"
"$docent" search "$question" --audience public -k 3
echo
echo "next: $docent search \"your question\"   |   $docent eval retrieval --set evals/sample   |   $docent --help"

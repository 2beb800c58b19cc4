#!/usr/bin/env bash
# The main job on the embedded defaults: fetch the model if missing, build, index the sample
# corpus (docs and tickets), check the set-up, answer a sample question, then serve the API,
# the widget and the demo help centre until ctrl-c (the URL is printed).
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
echo "sample question, as a customer: $question"
"$docent" ask "$question" --audience customer
echo
# The author page (/author) needs a key with the author scope: make one for this run.
if [ -z "${DOCENT_SERVER_ADMIN_KEY:-}" ]; then
  DOCENT_SERVER_ADMIN_KEY="$(python3 -c 'import secrets; print(secrets.token_hex(12))')"
  export DOCENT_SERVER_ADMIN_KEY
fi
echo "author page: /author with key $DOCENT_SERVER_ADMIN_KEY (set DOCENT_SERVER_ADMIN_KEY to choose one)"
exec "$docent" serve

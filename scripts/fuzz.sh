#!/usr/bin/env bash
# Fuzzes the loaders (Markdown, HTML, CSV and JSONL) with cargo fuzz (libFuzzer):
#   scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 30; the test suite runs 15 each)
#   FUZZ_TARGETS="csv jsonl" scripts/fuzz.sh 600   (some targets only)
# Needs a nightly toolchain, which rustup cannot fetch where only package registries are
# reachable: without one it says so and skips. cargo-fuzz itself is installed from crates.io.
# Seeds come from corpus/; what libFuzzer learns is kept in crates/ingest/fuzz/corpus/ (ignored
# by git) and a crash is written to crates/ingest/fuzz/artifacts/ and fails this script.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-30}"
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    echo "fuzz: skipped: no nightly Rust toolchain here (cargo fuzz needs one)"
    exit 0
fi
if ! command -v cargo-fuzz >/dev/null 2>&1; then
    echo "fuzz: installing cargo-fuzz"
    cargo install cargo-fuzz --locked --version 0.13.2 --quiet
fi
seed() { # seed TARGET FILES...
    local dir="crates/ingest/fuzz/corpus/$1"
    shift
    mkdir -p "$dir"
    for f in "$@"; do cp "$f" "$dir/seed-$(basename "$f")"; done
}
seed markdown $(find corpus/docs -name '*.md' | head -40)
# A note tool's Markdown (wikilinks, embeds, a callout, a block id) beside code that looks alike.
printf -- '---\naliases: [A]\n---\nSee [[Page|shown]], [[#Head]], ![[img.png|300]] and `[[code]]`.\n\n> [!note]- Title\n> Body [[X#^blk]]. ^block-id\n\n```md\n> [!tip]\n```\n[["a", "b"]] x^2\n' \
    > crates/ingest/fuzz/corpus/markdown/seed-dialect.md
seed html $(find corpus/docs -name '*.html' | head -40)
printf '<html><head><title>Billing</title><link rel="canonical" href="https://x/b"></head><body><nav>menu</nav><h1>Billing</h1><p>Invoices are <b>emailed</b> monthly.</p><script>x()</script><ul><li>one</li></ul></body></html>' \
    > crates/ingest/fuzz/corpus/html/seed-page.html
mkdir -p crates/ingest/fuzz/corpus/csv
for f in $(find corpus -name '*.csv' | head -10); do # small seeds keep the fuzzer fast
    head -n 40 "$f" > "crates/ingest/fuzz/corpus/csv/seed-$(basename "$f")"
done
seed jsonl $(find corpus evals -name '*.jsonl' -size -64k | head -10)
cd crates/ingest
for t in ${FUZZ_TARGETS:-markdown html csv jsonl}; do
    echo "== fuzz $t (${secs}s)"
    log="$(mktemp)"
    rc=0
    cargo +nightly fuzz run "$t" "fuzz/corpus/$t" -- -max_total_time="$secs" -max_len=16384 -rss_limit_mb=2048 \
        >"$log" 2>&1 || rc=$?
    grep -E '^(Done|#[0-9]+[[:space:]]+DONE)|panicked|SUMMARY|Test unit written' "$log" || true
    if [ "$rc" -ne 0 ]; then
        tail -n 30 "$log"
        echo "fuzz: $t failed (exit $rc); a crash input is under crates/ingest/fuzz/artifacts/$t/ (reproduce: cd crates/ingest && cargo +nightly fuzz run $t ARTIFACT)"
        exit 1
    fi
    rm -f "$log"
done

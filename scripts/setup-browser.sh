#!/usr/bin/env bash
# What the widget's browser test needs: Chromium (Debian's chromium package) and playwright-core
# (npm, pinned in crates/server/tests/browser/package-lock.json). Idempotent; the test command
# runs it. Set CHROMIUM=/path/to/chromium to use another build.
set -euo pipefail
cd "$(dirname "$0")/.."
chromium="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  echo "installing Chromium (Debian package chromium)..."
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1 || {
    $sudo apt-get update -qq >/dev/null
    $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
  }
fi
if ! command -v node >/dev/null; then
  echo "error: node is needed for the browser test (Debian package nodejs)" >&2
  exit 1
fi
if [ ! -d crates/server/tests/browser/node_modules/playwright-core ]; then
  echo "installing playwright-core (npm)..."
  (cd crates/server/tests/browser && npm ci --no-audit --no-fund --silent)
fi

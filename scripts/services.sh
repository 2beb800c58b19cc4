# Throwaway servers for the test suite, sourced by scripts/test.sh: each starts on free loopback
# ports with a temporary data directory, exports the URL the tests read, and is stopped (and its
# data removed) by stop_services, which test.sh runs on exit, also on failure.
#
#   start_qdrant    ../shared/tools/qdrant/qdrant when present and QDRANT_URL is not set
#                   -> QDRANT_URL (gRPC)
# Each says what it did, or why it skipped; none fails the suite when its server is missing.

SERVICE_PIDS=()
SERVICE_DIRS=()

stop_services() {
    local pid dir
    for pid in "${SERVICE_PIDS[@]:-}"; do
        if [ -n "$pid" ]; then
            kill "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    for dir in "${SERVICE_DIRS[@]:-}"; do
        if [ -n "$dir" ]; then rm -rf "$dir"; fi
    done
    SERVICE_PIDS=()
    SERVICE_DIRS=()
}

# A free TCP port on the loopback interface.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Waits until URL answers (at most $2 seconds); 1 when it never did.
wait_http() {
    local url="$1" seconds="$2" i
    for ((i = 0; i < seconds * 4; i++)); do
        if python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' "$url" 2>/dev/null; then
            return 0
        fi
        sleep 0.25
    done
    return 1
}

start_qdrant() {
    local bin="../shared/tools/qdrant/qdrant"
    if [ -n "${QDRANT_URL:-}" ]; then
        echo "== Qdrant: using QDRANT_URL=$QDRANT_URL"
        return 0
    fi
    if [ ! -x "$bin" ]; then
        echo "== note: no Qdrant server ($bin is missing) and QDRANT_URL is not set, so the Qdrant contract and end-to-end tests skip (README: Qdrant)"
        return 0
    fi
    local dir http grpc pid
    dir="$(mktemp -d)"
    http="$(free_port)"
    grpc="$(free_port)"
    SERVICE_DIRS+=("$dir")
    QDRANT__SERVICE__HOST=127.0.0.1 QDRANT__SERVICE__HTTP_PORT="$http" \
        QDRANT__SERVICE__GRPC_PORT="$grpc" QDRANT__STORAGE__STORAGE_PATH="$dir/storage" \
        QDRANT__STORAGE__SNAPSHOTS_PATH="$dir/snapshots" QDRANT__TELEMETRY_DISABLED=true \
        QDRANT__LOG_LEVEL=WARN \
        "$bin" >"$dir/qdrant.log" 2>&1 &
    pid=$!
    SERVICE_PIDS+=("$pid")
    if ! wait_http "http://127.0.0.1:$http/readyz" 60; then
        echo "== Qdrant did not become ready in 60 s; its log:" >&2
        tail -20 "$dir/qdrant.log" >&2
        return 1
    fi
    export QDRANT_URL="http://127.0.0.1:$grpc"
    echo "== Qdrant $("$bin" --version 2>/dev/null | head -1) started on $QDRANT_URL (stopped at the end)"
}

# Throwaway servers for the test suite, sourced by scripts/test.sh: each starts on free loopback
# ports with a temporary data directory, exports the URL the tests read, and is stopped (and its
# data removed) by stop_services, which test.sh runs on exit, also on failure.
#
#   start_qdrant    ../shared/tools/qdrant/qdrant when present and QDRANT_URL is not set
#                   -> QDRANT_URL (gRPC), QDRANT_BIN (for tests that start a second server)
#   start_postgres  Debian's postgresql package (installed with apt-get when missing), a
#                   throwaway cluster when TEST_POSTGRES_URL is not set
#                   -> TEST_POSTGRES_URL (a superuser on a free loopback port)
# Each says what it did, or why it skipped; none fails the suite when its server is missing or
# will not start (the tests that need it skip and say so).

SERVICE_PIDS=()
SERVICE_DIRS=()
SERVICE_STOPS=()

stop_services() {
    local pid dir stop
    for stop in "${SERVICE_STOPS[@]:-}"; do
        if [ -n "$stop" ]; then eval "$stop" >/dev/null 2>&1 || true; fi
    done
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
    SERVICE_STOPS=()
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
    # In its temporary folder: Qdrant leaves a marker file in its working folder.
    local abs
    abs="$(cd "$(dirname "$bin")" && pwd)/qdrant"
    (cd "$dir" && QDRANT__SERVICE__HOST=127.0.0.1 QDRANT__SERVICE__HTTP_PORT="$http" \
        QDRANT__SERVICE__GRPC_PORT="$grpc" QDRANT__STORAGE__STORAGE_PATH="$dir/storage" \
        QDRANT__STORAGE__SNAPSHOTS_PATH="$dir/snapshots" QDRANT__TELEMETRY_DISABLED=true \
        QDRANT__LOG_LEVEL=WARN exec "$abs" >"$dir/qdrant.log" 2>&1) &
    pid=$!
    SERVICE_PIDS+=("$pid")
    if ! wait_http "http://127.0.0.1:$http/readyz" 60; then
        echo "== Qdrant did not become ready in 60 s; its log:" >&2
        tail -20 "$dir/qdrant.log" >&2
        return 1
    fi
    export QDRANT_URL="http://127.0.0.1:$grpc"
    QDRANT_BIN="$(cd "$(dirname "$bin")" && pwd)/qdrant"
    export QDRANT_BIN
    echo "== Qdrant $("$bin" --version 2>/dev/null | head -1) started on $QDRANT_URL (stopped at the end)"
}

# The directory of PostgreSQL's server programs (initdb, postgres, pg_ctl): Debian's, newest
# first, else wherever initdb is on the PATH.
postgres_bindir() {
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r) \
        "$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")"; do
        if [ -x "$d/initdb" ] && [ -x "$d/postgres" ] && [ -x "$d/pg_ctl" ]; then
            echo "$d"
            return 0
        fi
    done
}

start_postgres() {
    if [ -n "${TEST_POSTGRES_URL:-}" ]; then
        echo "== PostgreSQL: using TEST_POSTGRES_URL"
        return 0
    fi
    local bindir
    bindir="$(postgres_bindir)"
    if [ -z "$bindir" ]; then
        echo "installing PostgreSQL (Debian package postgresql)..."
        local sudo=""
        [ "$(id -u)" = 0 ] || sudo="sudo -n"
        export DEBIAN_FRONTEND=noninteractive
        $sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null 2>&1 || {
            $sudo apt-get update -qq >/dev/null 2>&1
            $sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null 2>&1
        } || true
        bindir="$(postgres_bindir)"
    fi
    if [ -z "$bindir" ]; then
        echo "== note: no PostgreSQL server (the postgresql package could not be installed), so the PostgreSQL storage contract, the API suite on PostgreSQL and the three-server soak skip (README: Deployment)"
        return 0
    fi
    # initdb and postgres refuse to run as root: run them as the package's postgres user.
    local dir port run=""
    dir="$(mktemp -d)"
    port="$(free_port)"
    SERVICE_DIRS+=("$dir")
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
        chown postgres "$dir"
        run="runuser -u postgres --"
    fi
    if ! $run "$bindir/initdb" -D "$dir/data" -U docent --auth=trust -E UTF8 --locale=C \
        >"$dir/initdb.log" 2>&1; then
        postgres_failed "initdb failed" "$dir/initdb.log"
        return $?
    fi
    # A throwaway cluster: no durability needed, room for three servers' pools.
    if ! $run "$bindir/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 30 \
        -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
        start >/dev/null 2>&1; then
        postgres_failed "the server did not start" "$dir/postgres.log"
        return $?
    fi
    SERVICE_STOPS+=("$run $bindir/pg_ctl -D $dir/data -m fast -w stop")
    export TEST_POSTGRES_URL="postgres://docent@127.0.0.1:$port/postgres"
    echo "== PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') started on 127.0.0.1:$port (stopped at the end)"
}

# PostgreSQL is installed but would not start: its log, and a note that its tests skip.
postgres_failed() {
    echo "== PostgreSQL: $1; its log:" >&2
    tail -20 "$2" >&2 || true
    echo "== note: no PostgreSQL server, so the PostgreSQL storage contract, the API suite on PostgreSQL and the three-server soak skip"
    return 0
}

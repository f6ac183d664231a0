#!/usr/bin/env bash
# Benchmarks the client: streams every call of a 1,000,000-call demo server through
# `Client::list_stream` (pages of 1,000) and reports calls/s and the client's peak RSS.
# The server and the client run on this machine, on 127.0.0.1.
#
# Usage: bench/client.sh            (CALLS, PAGE_SIZE, OUT may be set)
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=bench/demo-server.sh
source bench/demo-server.sh
CALLS=${CALLS:-1000000}
PAGE_SIZE=${PAGE_SIZE:-1000}
OUT=${OUT:-${TMPDIR:-/var/tmp}/callreport-bench-client}
PORT=${PORT:-18932}
BASE="http://127.0.0.1:$PORT"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/var/tmp/callreport-target}
export RUST_LOG=${RUST_LOG:-warn}

if [ ! -x /usr/bin/time ]; then
    apt-get update -qq && apt-get install -y -qq time >/dev/null
fi
mkdir -p "$OUT"
cargo build --release -q -p callreport-cli --bin callreport
cargo build --release -q -p callreport-http --example stream_calls
BIN="$CARGO_TARGET_DIR/release/callreport"
STREAM="$CARGO_TARGET_DIR/release/examples/stream_calls"

start_demo_server

/usr/bin/time -v "$STREAM" "$BASE" demo-session-10000001 "$PAGE_SIZE" >"$OUT/stream.txt" 2>"$OUT/time.txt"
cat "$OUT/stream.txt"
rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/time.txt")
echo "client peak RSS: $((rss_kb / 1024)) MB"

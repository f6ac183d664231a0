#!/usr/bin/env bash
# Benchmarks `callreport sync`: mirrors every call of a local `serve --demo --calls N` into a
# fresh SQLite database and reports calls/s and sync's peak RSS. The provider and sync run on
# this machine, on 127.0.0.1.
#
# Usage: bench/sync.sh            (CALLS, WINDOW, PAGE_SIZE, OUT, PORT may be set)
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=bench/demo-server.sh
source bench/demo-server.sh
CALLS=${CALLS:-100000}
WINDOW=${WINDOW:-1d}
PAGE_SIZE=${PAGE_SIZE:-1000}
OUT=${OUT:-${TMPDIR:-/var/tmp}/callreport-bench-sync}
PORT=${PORT:-18933}
BASE="http://127.0.0.1:$PORT"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/var/tmp/callreport-target}
export RUST_LOG=${RUST_LOG:-warn}

if [ ! -x /usr/bin/time ]; then
    apt-get update -qq && apt-get install -y -qq time >/dev/null
fi
mkdir -p "$OUT"
cargo build --release -q -p callreport-cli --bin callreport
BIN="$CARGO_TARGET_DIR/release/callreport"

start_demo_server

# The demo calls start on 1 November 2025 (India time); a fresh mirror each run.
rm -f "$OUT"/mirror.sqlite*
CALLREPORT_BASE_URL="$BASE" CALLREPORT_SSID=demo-session-10000001 CALLREPORT_USER_ID=10000001 \
    /usr/bin/time -v "$BIN" sync --db "$OUT/mirror.sqlite" --since 2025-11-01 \
    --window "$WINDOW" --page-size "$PAGE_SIZE" --json >"$OUT/summary.json" 2>"$OUT/time.txt"
grep '^synced' "$OUT/time.txt"
rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/time.txt")
echo "sync: $(sed -n 's/.*"calls_per_second":\([0-9]*\).*/\1/p' "$OUT/summary.json") calls/s, peak RSS $((rss_kb / 1024)) MB"

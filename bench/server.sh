#!/usr/bin/env bash
# Benchmarks the Call Report server on loopback, in one run:
#   1. a 1,000,000-call demo database (created once, then reused),
#   2. wrk against the /health route (the hyper baseline), then detail (random ids), at
#      CONNECTIONS connections (throughput); then a filtered list page of 100 and a filtered
#      reportCount at LATENCY_CONNECTIONS (their latency, for a handful of users at once),
#   3. `callreport import` of 1,000,000 JSON lines into a fresh database.
# Every request goes to 127.0.0.1; every run is bounded by DURATION.
#
# Usage: bench/server.sh            (CALLS, DURATION, CONNECTIONS, OUT may be set)
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=bench/demo-server.sh
source bench/demo-server.sh
CALLS=${CALLS:-1000000}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-32}
LATENCY_CONNECTIONS=${LATENCY_CONNECTIONS:-4}
OUT=${OUT:-${TMPDIR:-/var/tmp}/callreport-bench-server}
PORT=${PORT:-18931}
BASE="http://127.0.0.1:$PORT"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/var/tmp/target-http}
export RUST_LOG=${RUST_LOG:-warn}

if ! command -v wrk >/dev/null; then
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
mkdir -p "$OUT"
cargo build --release -q -p callreport-cli --bin callreport
cargo build --release -q -p callreport-http --example demo_calls
BIN="$CARGO_TARGET_DIR/release/callreport"
GEN="$CARGO_TARGET_DIR/release/examples/demo_calls"

"$GEN" ids "$CALLS" 97 >"$OUT/ids.txt"

echo "== demo database of $CALLS calls"
start=$(date +%s.%N)
start_demo_server
echo "ready after $(echo "$(date +%s.%N) - $start" | bc) s ($(grep -m1 -o 'demo data [a-z]*:' "$OUT/serve.log"))"


# run NAME CONNECTIONS PATH [BODY [PAGES]]: wrk's requests/s and latency percentiles.
run() {
    local name=$1 connections=$2 path=$3
    BODY=${4:-} PAGES=${5:-1} IDS="$OUT/ids.txt" \
        wrk -t1 -c"$connections" -d"$DURATION" --latency ${4:+-s bench/wrk-post.lua} \
        "$BASE$path" >"$OUT/$name.txt"
    local rps p50 p99
    rps=$(awk '/^Requests\/sec/ {print $2}' "$OUT/$name.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$OUT/$name.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$OUT/$name.txt")
    printf '%-12s %3s conn %12s req/s   p50 %9s   p99 %9s\n' \
        "$name" "$connections" "$rps" "$p50" "$p99" | tee -a "$OUT/summary.txt"
    grep -q "Non-2xx" "$OUT/$name.txt" && { echo "$name: non-2xx answers"; exit 1; }
    return 0
}

SSID=demo-session-10000001
: >"$OUT/summary.txt"
echo "== wrk, $DURATION each"
run baseline "$CONNECTIONS" /health
run detail "$CONNECTIONS" /api/v2/CallReport/detail "{\"ssid\":\"$SSID\",\"clId\":\"%ID%\"}"
run list "$LATENCY_CONNECTIONS" /api/v2/CallReport/list \
    "{\"ssid\":\"$SSID\",\"frmDt\":\"2026-02-01 00:00:00\",\"toDt\":\"2026-02-28 23:59:59\",\"clTy\":[\"IBD\",\"OBD\",\"CTC\"],\"minDur\":10,\"lmt\":100,\"pg\":%PG%}" 50
run reportCount "$LATENCY_CONNECTIONS" /api/v2/CallReport/reportCount \
    "{\"ssid\":\"$SSID\",\"frmDt\":\"2025-11-01 00:00:00\",\"toDt\":\"2026-12-31 23:59:59\",\"clTy\":[\"IBD\",\"OBD\",\"CTC\"],\"minDur\":30}"
curl -s "$BASE/api/v2/CallReport/reportCount" -d \
    "{\"ssid\":\"$SSID\",\"frmDt\":\"2025-11-01 00:00:00\",\"toDt\":\"2026-12-31 23:59:59\",\"clTy\":[\"IBD\",\"OBD\",\"CTC\"],\"minDur\":30}" \
    | tee -a "$OUT/summary.txt"
echo
kill "$SERVER"
wait "$SERVER" || true

echo "== import of $CALLS calls"
"$GEN" calls "$CALLS" 10000003 >"$OUT/calls.jsonl"
# The generated file is flushed first, so the import does not share the disk with it.
sync
rm -f "$OUT/import.sqlite"*
"$BIN" import "$OUT/calls.jsonl" --user-id 10000003 --db "$OUT/import.sqlite" | tee -a "$OUT/summary.txt"
rm -f "$OUT/calls.jsonl" "$OUT/import.sqlite"*

#!/usr/bin/env bash
# Benchmarks the client: streams every call of a 1,000,000-call demo server through
# `Client::list_stream` (pages of 1,000) and reports calls/s, the cores the client used, its
# peak RSS and the server's CPU time. The server and the client run on this machine, on
# 127.0.0.1. Every build in BINS (space-separated folders that hold `examples/stream_calls`;
# default: this tree's release build) streams in turn, ROUNDS times each, alternating, against
# the same server, so that two builds compare in one run.
#
# Usage: bench/client.sh            (CALLS, PAGE_SIZE, ROUNDS=1, BINS, OUT may be set)
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=bench/demo-server.sh
source bench/demo-server.sh
CALLS=${CALLS:-1000000}
PAGE_SIZE=${PAGE_SIZE:-1000}
ROUNDS=${ROUNDS:-1}
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
if [ -z "${BINS:-}" ]; then
    cargo build --release -q -p callreport-http --example stream_calls
    BINS="$CARGO_TARGET_DIR/release"
fi
BIN="$CARGO_TARGET_DIR/release/callreport"

start_demo_server

# The server's user and system CPU time so far, in clock ticks.
server_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER/stat"; }

ticks_per_second=$(getconf CLK_TCK)
for round in $(seq "$ROUNDS"); do
    for bin in $BINS; do
        before=$(server_ticks)
        /usr/bin/time -f '%U %S %e %M' -o "$OUT/time.txt" \
            "$bin/examples/stream_calls" "$BASE" demo-session-10000001 "$PAGE_SIZE" \
            >"$OUT/stream.txt"
        after=$(server_ticks)
        read -r user sys wall rss <"$OUT/time.txt"
        rate=$(grep -oE '[0-9]+ calls/s' "$OUT/stream.txt")
        cores=$(awk -v u="$user" -v s="$sys" -v w="$wall" 'BEGIN { printf "%.2f", (u + s) / w }')
        server=$(awk -v t="$((after - before))" -v hz="$ticks_per_second" \
            'BEGIN { printf "%.1f", t / hz }')
        printf 'round %s  %-40s %16s  client cores %s  peak RSS %s MB  server CPU %s s\n' \
            "$round" "$bin" "$rate" "$cores" "$((rss / 1024))" "$server"
    done
done

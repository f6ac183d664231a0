#!/usr/bin/env bash
# Measures the client's decoding alone: streams PAGES pages of 1,000 calls (1,000 by default)
# through `Client::list_stream` from bench/replay_pages.py, a server that costs almost nothing
# and stands in for one on another machine. Every build in BINS (space-separated folders that
# hold `examples/stream_calls`; default: this tree's release build) streams in turn, ROUNDS
# times each, alternating, so that two builds compare in one run.
#
# Usage: bench/client-decode.sh      (PAGES, ROUNDS=3, BINS, PORT, OUT may be set)
set -euo pipefail

cd "$(dirname "$0")/.."
PAGES=${PAGES:-1000}
ROUNDS=${ROUNDS:-3}
PORT=${PORT:-18933}
OUT=${OUT:-${TMPDIR:-/var/tmp}/callreport-bench-client-decode}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/var/tmp/callreport-target}

if [ -z "${BINS:-}" ]; then
    cargo build --release -q -p callreport-http --example stream_calls
    BINS="$CARGO_TARGET_DIR/release"
fi
cargo build --release -q -p callreport-http --example demo_calls
if [ ! -x /usr/bin/time ]; then
    apt-get update -qq && apt-get install -y -qq time >/dev/null
fi
mkdir -p "$OUT"
"$CARGO_TARGET_DIR/release/examples/demo_calls" calls 1000 10000001 >"$OUT/calls.jsonl"
python3 bench/replay_pages.py "$PORT" "$PAGES" "$OUT/calls.jsonl" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$PORT/health" >/dev/null; do
    kill -0 "$SERVER"
    sleep 0.2
done
for round in $(seq "$ROUNDS"); do
    for bin in $BINS; do
        /usr/bin/time -f '%U %S %e %M' -o "$OUT/time.txt" \
            "$bin/examples/stream_calls" "http://127.0.0.1:$PORT" demo-session-10000001 1000 \
            >"$OUT/stream.txt"
        read -r user sys wall rss <"$OUT/time.txt"
        rate=$(grep -oE '[0-9]+ calls/s' "$OUT/stream.txt")
        cores=$(awk -v u="$user" -v s="$sys" -v w="$wall" 'BEGIN { printf "%.2f", (u + s) / w }')
        printf 'round %s  %-45s %16s  client cores %s  peak RSS %s MB\n' "$round" "$bin" \
            "$rate" "$cores" "$((rss / 1024))"
    done
done

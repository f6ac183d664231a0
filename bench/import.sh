#!/usr/bin/env bash
# Measures `callreport import` alone: CALLS generated JSON lines (1,000,000 by default) into a
# fresh database, reporting calls/s (final checkpoint included) and the peak RSS. Every
# binary given in BINS (space-separated; default: this tree's release build) imports the same
# file in turn, ROUNDS times each, alternating, so that two builds compare in one run.
#
# Usage: bench/import.sh            (CALLS, ROUNDS=2, BINS, OUT may be set)
set -euo pipefail

cd "$(dirname "$0")/.."
CALLS=${CALLS:-1000000}
ROUNDS=${ROUNDS:-2}
OUT=${OUT:-${TMPDIR:-/var/tmp}/callreport-bench-import}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/var/tmp/callreport-target}

if [ -z "${BINS:-}" ]; then
    cargo build --release -q -p callreport-cli --bin callreport
    BINS="$CARGO_TARGET_DIR/release/callreport"
fi
GEN=${GEN:-}
if [ -z "$GEN" ]; then
    cargo build --release -q -p callreport-http --example demo_calls
    GEN="$CARGO_TARGET_DIR/release/examples/demo_calls"
fi
if [ ! -x /usr/bin/time ]; then
    apt-get update -qq && apt-get install -y -qq time >/dev/null
fi
mkdir -p "$OUT"
"$GEN" calls "$CALLS" 10000003 >"$OUT/calls.jsonl"
sync
for round in $(seq "$ROUNDS"); do
    for bin in $BINS; do
        rm -f "$OUT/import.sqlite"*
        /usr/bin/time -f '%M' -o "$OUT/rss.txt" \
            "$bin" import "$OUT/calls.jsonl" --user-id 10000003 --db "$OUT/import.sqlite" \
            >"$OUT/import.txt"
        rate=$(grep -oE '\(([0-9]+) calls/s\)' "$OUT/import.txt" | tr -dc '0-9')
        printf 'round %s  %-50s %8s calls/s  peak RSS %s MB\n' "$round" "$bin" "$rate" \
            "$(( $(cat "$OUT/rss.txt") / 1024 ))"
    done
done
rm -f "$OUT/calls.jsonl" "$OUT/import.sqlite"*

#!/usr/bin/env bash
# Exports every call of a 1,000,000-call demo server to CSV, xlsx and PDF with
# `callreport export` (the local path: streamed through the client), reporting rows/s and the
# CLI's peak RSS; then runs the same job the way a Python user would (bench/exports.py:
# requests, pandas.json_normalize, to_csv / to_excel, fpdf2 with the same Noto fonts and text
# shaping on, so that both PDFs draw the Indian names readably) in the same run, on the first
# PY_ROWS calls of the same data, and prints the ratio of rows/s per format.
# Everything runs on 127.0.0.1.
#
# Usage: bench/exports.sh          (CALLS, PY_ROWS, OUT, FORMATS="csv xlsx pdf" may be set)
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=bench/demo-server.sh
source bench/demo-server.sh
CALLS=${CALLS:-1000000}
PY_ROWS=${PY_ROWS:-100000}
export FORMATS=${FORMATS:-csv xlsx pdf}
OUT=${OUT:-${TMPDIR:-/var/tmp}/callreport-bench-exports}
PORT=${PORT:-18933}
BASE="http://127.0.0.1:$PORT"
SSID=demo-session-10000001
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/var/tmp/callreport-target}
export RUST_LOG=${RUST_LOG:-warn}

if [ ! -x /usr/bin/time ]; then
    apt-get update -qq && apt-get install -y -qq time >/dev/null
fi
mkdir -p "$OUT"
if [ ! -x "$OUT/venv/bin/python" ] || ! "$OUT/venv/bin/python" -c 'import uharfbuzz' 2>/dev/null; then
    python3 -m venv "$OUT/venv"
    "$OUT/venv/bin/pip" install -q requests pandas openpyxl fpdf2 uharfbuzz
fi
cargo build --release -q -p callreport-cli --bin callreport
BIN="$CARGO_TARGET_DIR/release/callreport"

start_demo_server

declare -A RUST_RATE
for format in $FORMATS; do
    CALLREPORT_BASE_URL=$BASE CALLREPORT_SSID=$SSID /usr/bin/time -v \
        "$BIN" export --format "$format" -o "$OUT/calls.$format" >"$OUT/export-$format.txt" 2>"$OUT/time-$format.txt"
    line=$(cat "$OUT/export-$format.txt")
    rate=$(echo "$line" | sed -E 's/.*\(([0-9]+) rows\/s\).*/\1/')
    rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/time-$format.txt")
    RUST_RATE[$format]=$rate
    printf 'callreport %-4s %s   peak RSS %d MB\n' "$format" "$line" "$((rss_kb / 1024))"
done

"$OUT/venv/bin/python" bench/exports.py "$BASE" "$SSID" "$PY_ROWS" "$OUT" crates/callreport-formatting/fonts | tee "$OUT/python.txt"
while read -r _ format rows _ seconds _ rate _; do
    awk -v r="${RUST_RATE[$format]}" -v p="$rate" -v f="$format" \
        'BEGIN { printf "ratio %-4s %.1fx (callreport %d rows/s, python %d rows/s)\n", f, r / p, r, p }'
done <"$OUT/python.txt"

#!/usr/bin/env bash
# Server-side exports end to end: `exportCsv` on a demo server until the job is done (rows/s
# written by the server), then the file downloaded with curl (MB/s served). With two target
# directories it compares two builds in one run, alternating, ROUNDS times each, on the same
# database file (created once by the first build). Each server start runs JOBS exports one
# after another (default 1), from an empty database log.
#
# Usage: bench/export-jobs.sh TARGET_DIR [OTHER_TARGET_DIR…]   (CALLS, ROUNDS, JOBS, OUT may be set)
set -euo pipefail

cd "$(dirname "$0")/.."
TARGETS=("$@")
[ ${#TARGETS[@]} -ge 1 ] || { echo "usage: $0 TARGET_DIR [OTHER_TARGET_DIR]" >&2; exit 2; }
CALLS=${CALLS:-300000}
ROUNDS=${ROUNDS:-3}
JOBS=${JOBS:-1}
OUT=${OUT:-${TMPDIR:-/var/tmp}/callreport-bench-export-jobs}
PORT=${PORT:-18936}
BASE="http://127.0.0.1:$PORT"
SSID=demo-session-10000001
export RUST_LOG=${RUST_LOG:-warn}
mkdir -p "$OUT"

post() {
    curl -sf -H 'Content-Type: application/json' -d "$2" "$BASE/api/v2/CallReport/$1"
}

serve() {
    "$1/release/callreport" serve --db "$OUT/bench.sqlite" --addr "127.0.0.1:$PORT" \
        --export-max-active 100 --export-max-kept-bytes 100000000000 >"$OUT/serve.log" 2>&1 &
    SERVER=$!
    until curl -sf "$BASE/health" >/dev/null; do
        kill -0 "$SERVER" || { cat "$OUT/serve.log"; exit 1; }
        sleep 0.2
    done
}

if [ ! -f "$OUT/bench.sqlite" ]; then
    "${TARGETS[0]}/release/callreport" demo --calls "$CALLS" --db "$OUT/bench.sqlite" >/dev/null
fi

# Each job starts from an empty log: a job's writes stay in the database's log until it starts
# over, and one build's leftovers would slow the next build's reads.
empty_log() {
    python3 -c 'import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute("PRAGMA wal_checkpoint(TRUNCATE)")' "$OUT/bench.sqlite"
}

for round in $(seq 1 "$ROUNDS"); do
    for target in "${TARGETS[@]}"; do
        empty_log
        serve "$target"
        for job in $(seq 1 "$JOBS"); do
            started=$(date +%s.%N)
            id=$(post exportCsv "{\"ssid\":\"$SSID\",\"frmt\":\"csv\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["expId"])')
            while :; do
                status=$(post exportStatus "{\"ssid\":\"$SSID\",\"expId\":\"$id\"}")
                state=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["data"]["st"])' "$status")
                [ "$state" = done ] && break
                [ "$state" = failed ] && { echo "$status" >&2; exit 1; }
                sleep 0.05
            done
            written=$(date +%s.%N)
            rows=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["data"]["rows"])' "$status")
            read -r bytes seconds < <(curl -sf -o /dev/null -w '%{size_download} %{time_total}\n' \
                "$BASE/api/v2/CallReport/exports/$id/file?ssid=$SSID")
            python3 - "$target" "$round" "$job" "$rows" "$started" "$written" "$bytes" "$seconds" <<'PY' | tee -a "$OUT/results.txt"
import sys
target, round_, job_, rows, started, written, size, seconds = sys.argv[1:]
job = float(written) - float(started)
print(f"{target} round {round_} job {job_}: {int(rows)} rows in {job:.2f} s ({int(rows) / job:,.0f} rows/s); "
      f"download {int(size) / 1e6:.1f} MB in {float(seconds):.3f} s ({int(size) / 1e6 / float(seconds):,.0f} MB/s)")
PY
        done
        kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
    done
done

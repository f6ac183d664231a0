#!/usr/bin/env bash
# Server-side exports end to end: `exportCsv` on a demo server until the job is done (rows/s
# written by the server), then the file downloaded with curl (MB/s served). With two target
# directories it compares two builds in one run, alternating, ROUNDS times each, on the same
# database file (created once by the first build).
#
# Usage: bench/export-jobs.sh TARGET_DIR [OTHER_TARGET_DIR]   (CALLS, ROUNDS, OUT may be set)
set -euo pipefail

cd "$(dirname "$0")/.."
TARGETS=("$@")
[ ${#TARGETS[@]} -ge 1 ] || { echo "usage: $0 TARGET_DIR [OTHER_TARGET_DIR]" >&2; exit 2; }
CALLS=${CALLS:-300000}
ROUNDS=${ROUNDS:-3}
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

for round in $(seq 1 "$ROUNDS"); do
    for target in "${TARGETS[@]}"; do
        serve "$target"
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
        kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
        python3 - "$target" "$round" "$rows" "$started" "$written" "$bytes" "$seconds" <<'PY' | tee -a "$OUT/results.txt"
import sys
target, round_, rows, started, written, size, seconds = sys.argv[1:]
job = float(written) - float(started)
print(f"{target} round {round_}: {int(rows)} rows in {job:.2f} s ({int(rows) / job:,.0f} rows/s); "
      f"download {int(size) / 1e6:.1f} MB in {float(seconds):.3f} s ({int(size) / 1e6 / float(seconds):,.0f} MB/s)")
PY
    done
done

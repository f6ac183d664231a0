#!/usr/bin/env bash
# Recordings end to end: a demo server playing one recording under wrk (requests/s, whole file
# and a 1 KiB range), and `callreport sync --recordings` copying every recording of the demo
# account from a demo provider into a fresh mirror (files/s). With two target directories it
# compares two builds in one run, alternating, ROUNDS times each; each build plays from a demo
# database of its own (a build may migrate the schema).
#
# Usage: bench/recordings.sh TARGET_DIR [OTHER_TARGET_DIR]   (CALLS, ROUNDS, DURATION, OUT may be set)
set -euo pipefail

cd "$(dirname "$0")/.."
TARGETS=("$@")
[ ${#TARGETS[@]} -ge 1 ] || { echo "usage: $0 TARGET_DIR [OTHER_TARGET_DIR]" >&2; exit 2; }
CALLS=${CALLS:-20000}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-8}
OUT=${OUT:-${TMPDIR:-/var/tmp}/callreport-bench-recordings}
PORT=${PORT:-18937}
PROVIDER_PORT=$((PORT + 1))
SSID=demo-session-10000001
export RUST_LOG=${RUST_LOG:-warn}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
mkdir -p "$OUT"

# serve BIN DB PORT: starts a server, waits until it answers; its pid in SERVER.
serve() {
    "$1" serve --db "$2" --addr "127.0.0.1:$3" >"$OUT/serve-$3.log" 2>&1 &
    SERVER=$!
    until curl -sf "http://127.0.0.1:$3/health" >/dev/null; do
        kill -0 "$SERVER" || { cat "$OUT/serve-$3.log"; exit 1; }
        sleep 0.2
    done
}

# The path of the first recording on the first list page.
recording_path() {
    curl -sf "http://127.0.0.1:$PORT/api/v2/CallReport/list" -d "{\"ssid\":\"$SSID\",\"lmt\":20}" |
        python3 -c '
import json, sys
for call in json.load(sys.stdin)["data"]:
    for leg in call.get("ctcc", []) + call.get("ctc", []) + call.get("bnc", []):
        if leg.get("rcrd"):
            print("/api/v2/recording/directstream/" + leg["rcrd"].replace("*", "/")); sys.exit()
sys.exit("no recording on the first page")'
}

requests_per_second() {
    wrk -t 2 -c 8 -d "${DURATION}s" "$@" | awk '/Requests\/sec/ {printf "%d", $2}'
}

for target in "${TARGETS[@]}"; do
    db="$OUT/$(echo "$target" | tr '/' '_').sqlite"
    [ -f "$db" ] || "$target/release/callreport" demo --calls "$CALLS" --db "$db" >/dev/null
done
# The provider for the sync runs: the first build, on a database of its own.
PROVIDER_DB="$OUT/provider.sqlite"
[ -f "$PROVIDER_DB" ] || "${TARGETS[0]}/release/callreport" demo --calls "$CALLS" --db "$PROVIDER_DB" >/dev/null
serve "${TARGETS[0]}/release/callreport" "$PROVIDER_DB" "$PROVIDER_PORT"
PROVIDER=$SERVER
trap 'kill "$PROVIDER" 2>/dev/null || true' EXIT

for round in $(seq 1 "$ROUNDS"); do
    for target in "${TARGETS[@]}"; do
        bin="$target/release/callreport"
        serve "$bin" "$OUT/$(echo "$target" | tr '/' '_').sqlite" "$PORT"
        path=$(recording_path)
        whole=$(requests_per_second "http://127.0.0.1:$PORT$path")
        ranged=$(requests_per_second -H 'Range: bytes=1024-2047' "http://127.0.0.1:$PORT$path")
        kill "$SERVER"; wait "$SERVER" 2>/dev/null || true

        rm -rf "$OUT"/mirror*
        started=$(date +%s.%N)
        CALLREPORT_BASE_URL="http://127.0.0.1:$PROVIDER_PORT" CALLREPORT_SSID=$SSID \
            CALLREPORT_USER_ID=10000001 "$bin" sync --db "$OUT/mirror.sqlite" \
            --since 2025-11-01 --window 30d --recordings --json >"$OUT/summary.json" 2>"$OUT/sync.log"
        finished=$(date +%s.%N)
        python3 - "$target" "$round" "$whole" "$ranged" "$started" "$finished" "$OUT/summary.json" <<'PY' | tee -a "$OUT/results.txt"
import json, sys
target, round_, whole, ranged, started, finished, summary = sys.argv[1:]
copied = json.loads(open(summary).read().splitlines()[-1])["recordings"]
seconds = float(finished) - float(started)
print(f"{target} round {round_}: play {int(whole):,} req/s whole, {int(ranged):,} req/s ranged; "
      f"sync --recordings {copied} files in {seconds:.2f} s ({copied / seconds:,.0f} files/s)")
PY
    done
done

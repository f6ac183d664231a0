#!/usr/bin/env bash
# Compares two builds of the workspace in one run, on the same data: list pages (wrk), the
# client stream, and a CSV export through the client, each build in turn, ROUNDS times. The old
# build creates the demo database once; both serve that same file (`serve --db`, no `--demo`),
# so a change to the demo generator does not change what is measured (each build serves its own
# copy of that file, as a newer build may migrate it).
# Prints one line per measurement and the new/old ratio of the medians.
#
# Build both first (release), each in its own target directory, for example:
#   git worktree add --detach ../callreport-old <rev>
#   (cd ../callreport-old && CARGO_TARGET_DIR=/var/tmp/target-old cargo build --release \
#       -p callreport-cli --bin callreport && CARGO_TARGET_DIR=/var/tmp/target-old \
#       cargo build --release -p callreport-http --example stream_calls)
#   (and the same here with /var/tmp/target-new)
#
# Usage: bench/compare.sh OLD_TARGET_DIR NEW_TARGET_DIR   (CALLS, ROUNDS, DURATION, OUT may be set)
set -euo pipefail

cd "$(dirname "$0")/.."
OLD=${1:?old target directory}
NEW=${2:?new target directory}
CALLS=${CALLS:-200000}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
OUT=${OUT:-${TMPDIR:-/var/tmp}/callreport-bench-compare}
PORT=${PORT:-18934}
BASE="http://127.0.0.1:$PORT"
SSID=demo-session-10000001
export RUST_LOG=${RUST_LOG:-warn}

for tool in wrk /usr/bin/time; do
    command -v "$tool" >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk time >/dev/null; }
done
mkdir -p "$OUT"
: >"$OUT/results.txt"

LIST_BODY="{\"ssid\":\"$SSID\",\"clTy\":[\"IBD\",\"OBD\",\"CTC\"],\"minDur\":10,\"lmt\":100}"
cat >"$OUT/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$LIST_BODY'
LUA

# Starts BIN serving ARGS in the background as $server, and waits until it answers.
serve() {
    local bin=$1 log=$2
    shift 2
    "$bin" serve "$@" --addr "127.0.0.1:$PORT" >"$log" 2>&1 &
    server=$!
    until curl -sf "$BASE/health" >/dev/null; do
        kill -0 "$server" || { cat "$log"; exit 1; }
        sleep 0.5
    done
}

DB="$OUT/data-$CALLS.sqlite"
if [ ! -f "$DB" ]; then
    serve "$OLD/release/callreport" "$OUT/prepare.log" --demo --calls "$CALLS" --db "$DB"
    kill "$server"
    wait "$server" 2>/dev/null || true
fi

# Each build gets its own copy of the same data: a newer build may migrate its database, which an
# older one must not be handed.
for name in old new; do
    for suffix in "" -wal -shm; do
        rm -f "$OUT/$name.sqlite$suffix"
        if [ -f "$DB$suffix" ]; then cp "$DB$suffix" "$OUT/$name.sqlite$suffix"; fi
    done
done

# One build, serving its copy of the database.
measure() {
    local name=$1 target=$2 round=$3
    local bin="$target/release/callreport" stream="$target/release/examples/stream_calls"
    serve "$bin" "$OUT/$name-serve.log" --db "$OUT/$name.sqlite"
    wrk -t1 -c4 -d"$DURATION" --latency -s "$OUT/post.lua" "$BASE/api/v2/CallReport/list" \
        >"$OUT/$name-list.txt"
    local rps p50
    rps=$(awk '/^Requests\/sec/ {print $2}' "$OUT/$name-list.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$OUT/$name-list.txt")
    local stream_rate
    stream_rate=$("$stream" "$BASE" "$SSID" 1000 | grep -o '[0-9.]* calls/s' | cut -d' ' -f1)
    local started ended csv_rate
    started=$(date +%s.%N)
    CALLREPORT_BASE_URL=$BASE CALLREPORT_SSID=$SSID \
        "$bin" export --format csv -o "$OUT/$name.csv" >/dev/null 2>"$OUT/$name-export.log"
    ended=$(date +%s.%N)
    local rows
    rows=$(($(wc -l <"$OUT/$name.csv") - 1))
    csv_rate=$(echo "$rows / ($ended - $started)" | bc)
    kill "$server"
    wait "$server" 2>/dev/null || true
    printf '%-4s round %s  list %10s req/s p50 %8s   stream %10s calls/s   csv export %8s rows/s (%s rows)\n' \
        "$name" "$round" "$rps" "$p50" "$stream_rate" "$csv_rate" "$rows" | tee -a "$OUT/results.txt"
}

for round in $(seq 1 "$ROUNDS"); do
    measure old "$OLD" "$round"
    measure new "$NEW" "$round"
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
column() { grep "^$1 " "$OUT/results.txt" | awk -v f="$2" '{print $f}'; }
echo "== medians of $ROUNDS rounds, $CALLS calls (new / old)"
for pair in "list req/s:5" "stream calls/s:10" "csv export rows/s:14"; do
    label=${pair%%:*} field=${pair##*:}
    old=$(column old "$field" | median)
    new=$(column new "$field" | median)
    printf '%-20s old %12s   new %12s   ratio %s\n' "$label" "$old" "$new" \
        "$(echo "scale=3; $new / $old" | bc)" | tee -a "$OUT/results.txt"
done

#!/usr/bin/env bash
# The same server workload on each backend, in one run, at CALLS calls (10,000,000 by default):
#   1. `callreport import` of CALLS generated JSON lines, read from a pipe (no 20 GB file),
#      into a fresh database: calls/s;
#   2. `callreport serve` over it, and wrk against /health (the hyper baseline), detail (random
#      ids, CONNECTIONS connections), a filtered list page of 100 and reportCount over the
#      whole range (LATENCY_CONNECTIONS connections: their latency for a handful of users).
# SQLite first (a file in OUT), then PostgreSQL (a fresh database on PG_SERVER). Every request
# goes to 127.0.0.1; every wrk run is bounded by DURATION.
#
# Usage: bench/postgres.sh          (CALLS, DURATION, CONNECTIONS, OUT, PG_SERVER, BACKENDS;
#                                   IMPORT=no serves the databases of an earlier run again)
set -euo pipefail

cd "$(dirname "$0")/.."
CALLS=${CALLS:-10000000}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-32}
LATENCY_CONNECTIONS=${LATENCY_CONNECTIONS:-4}
OUT=${OUT:-${TMPDIR:-/var/tmp}/callreport-bench-postgres}
PG_SERVER=${PG_SERVER:-postgres://postgres@127.0.0.1:5432}
BACKENDS=${BACKENDS:-sqlite postgres}
PORT=${PORT:-18941}
BASE="http://127.0.0.1:$PORT"
USER_ID=10000001
SSID=bench-session-$USER_ID
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/var/tmp/callreport-target}
export RUST_LOG=${RUST_LOG:-warn}

for tool in wrk psql; do
    command -v "$tool" >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk postgresql-client >/dev/null; }
done
mkdir -p "$OUT"
cargo build --release -q -p callreport-cli --bin callreport
cargo build --release -q -p callreport-http --example demo_calls
BIN="$CARGO_TARGET_DIR/release/callreport"
GEN="$CARGO_TARGET_DIR/release/examples/demo_calls"
"$GEN" ids "$CALLS" 997 "$USER_ID" >"$OUT/ids.txt"


# run BACKEND NAME CONNECTIONS PATH [BODY [PAGES]]: wrk's requests/s and latency percentiles.
run() {
    local backend=$1 name=$2 connections=$3 path=$4
    BODY=${5:-} PAGES=${6:-1} IDS="$OUT/ids.txt" \
        wrk -t1 -c"$connections" -d"$DURATION" --latency ${5:+-s bench/wrk-post.lua} \
        "$BASE$path" >"$OUT/$backend-$name.txt"
    local rps p50 p99
    rps=$(awk '/^Requests\/sec/ {print $2}' "$OUT/$backend-$name.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$OUT/$backend-$name.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$OUT/$backend-$name.txt")
    printf '%-9s %-12s %3s conn %12s req/s   p50 %9s   p99 %9s\n' \
        "$backend" "$name" "$connections" "$rps" "$p50" "$p99" | tee -a "$OUT/summary.txt"
    if grep -q "Non-2xx" "$OUT/$backend-$name.txt"; then echo "$name: non-2xx answers"; exit 1; fi
}

: >"$OUT/summary.txt"
for backend in $BACKENDS; do
    case $backend in
        sqlite)
            [ "${IMPORT:-yes}" = no ] || rm -f "$OUT/bench.sqlite"*
            DB="$OUT/bench.sqlite"
            ;;
        postgres)
            [ "${IMPORT:-yes}" = no ] || psql "$PG_SERVER/postgres" -qc \
                "DROP DATABASE IF EXISTS callreport_bench" -c "CREATE DATABASE callreport_bench"
            DB="$PG_SERVER/callreport_bench"
            ;;
    esac
    rm -rf "$OUT/files"
    export CALLREPORT_FILES="$OUT/files"

    if [ "${IMPORT:-yes}" = no ]; then
        echo "== $backend: the database of an earlier run (IMPORT=no)"
    else
        echo "== $backend: import of $CALLS calls"
        "$GEN" calls "$CALLS" "$USER_ID" \
            | CALLREPORT_SSID=$SSID "$BIN" import - --user-id "$USER_ID" --db "$DB" \
            | sed "s/^/$backend  /" | tee -a "$OUT/summary.txt"
    fi
    if [ "$backend" = postgres ]; then
        psql "$DB" -qc "VACUUM (ANALYZE)"
        psql "$DB" -tAc "SELECT 'postgres  database size ' || pg_size_pretty(pg_database_size(current_database()))" | tee -a "$OUT/summary.txt"
    else
        echo "sqlite    database size $(( $(stat -c %s "$DB") / 1048576 )) MB" | tee -a "$OUT/summary.txt"
    fi

    "$BIN" serve --db "$DB" --addr "127.0.0.1:$PORT" >"$OUT/serve-$backend.log" 2>&1 &
    SERVER=$!
    trap 'kill "$SERVER" 2>/dev/null || true' EXIT
    until curl -sf "$BASE/health" >/dev/null; do
        kill -0 "$SERVER" || { cat "$OUT/serve-$backend.log"; exit 1; }
        sleep 0.5
    done
    echo "== $backend: wrk, $DURATION each"
    run "$backend" baseline "$CONNECTIONS" /health
    run "$backend" detail "$CONNECTIONS" /api/v2/CallReport/detail "{\"ssid\":\"$SSID\",\"clId\":\"%ID%\"}"
    # A day of the generated calls (about 2,900), filtered, a random one of its first pages.
    run "$backend" list "$LATENCY_CONNECTIONS" /api/v2/CallReport/list \
        "{\"ssid\":\"$SSID\",\"frmDt\":\"2025-11-10 00:00:00\",\"toDt\":\"2025-11-10 23:59:59\",\"clTy\":[\"IBD\",\"OBD\",\"CTC\"],\"minDur\":10,\"lmt\":100,\"pg\":%PG%}" 15
    # The whole range: without a filter, then with the filter of bench/server.sh over every call.
    run "$backend" reportCount "$LATENCY_CONNECTIONS" /api/v2/CallReport/reportCount \
        "{\"ssid\":\"$SSID\"}"
    run "$backend" countFiltered "$LATENCY_CONNECTIONS" /api/v2/CallReport/reportCount \
        "{\"ssid\":\"$SSID\",\"clTy\":[\"IBD\",\"OBD\",\"CTC\"],\"minDur\":30}"
    curl -s "$BASE/api/v2/CallReport/reportCount" -d "{\"ssid\":\"$SSID\"}" \
        | sed "s/^/$backend  whole range: /" | tee -a "$OUT/summary.txt"
    echo
    kill "$SERVER"
    wait "$SERVER" || true
done
echo "== summary"
cat "$OUT/summary.txt"

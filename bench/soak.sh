#!/usr/bin/env bash
# Soak test of the Call Report server on loopback: DURATION seconds (600 by default) of mixed
# traffic (detail, list, count, exports, recordings, invalid tokens, dripped bodies, silent
# connections) from bench/soak.py against `callreport serve --demo`, sampling the server's RSS
# and open file descriptors every 10 s. Reports the error rate, p50/p99 and the drift of RSS
# and fds between the first and the last minute. Every request goes to 127.0.0.1.
#
# Usage: bench/soak.sh        (DURATION, CALLS, OUT, PORT may be set; run it nice'd)
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=bench/demo-server.sh
source bench/demo-server.sh
DURATION=${DURATION:-600}
CALLS=${CALLS:-10000}
OUT=${OUT:-${TMPDIR:-/var/tmp}/callreport-soak}
PORT=${PORT:-18941}
BASE="http://127.0.0.1:$PORT"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/var/tmp/target-http}
export RUST_LOG=${RUST_LOG:-warn}

mkdir -p "$OUT"
cargo build --release -q -p callreport-cli --bin callreport
BIN="$CARGO_TARGET_DIR/release/callreport"
start_demo_server
python3 bench/soak.py "$PORT" "$SERVER" "$DURATION" "$OUT/soak.json" | tee "$OUT/summary.json"
kill "$SERVER"
wait "$SERVER" || true
echo "server log lines: $(wc -l <"$OUT/serve.log") (RUST_LOG=$RUST_LOG); full figures in $OUT/soak.json"

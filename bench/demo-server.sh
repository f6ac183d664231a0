# Sourced by the benchmark scripts: starts `callreport serve --demo` on "$OUT/bench.sqlite"
# (created once, then reused) at "$BASE", waits until it answers, and stops it on exit.
# Needs BIN, CALLS, OUT, PORT and BASE.

start_demo_server() {
    "$BIN" serve --demo --calls "$CALLS" --db "$OUT/bench.sqlite" --addr "127.0.0.1:$PORT" \
        >"$OUT/serve.log" 2>&1 &
    SERVER=$!
    trap 'kill "$SERVER" 2>/dev/null || true' EXIT
    until curl -sf "$BASE/health" >/dev/null; do
        kill -0 "$SERVER" || { cat "$OUT/serve.log"; exit 1; }
        sleep 0.5
    done
}

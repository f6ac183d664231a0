#!/usr/bin/env bash
# Peak memory (RSS) of writing 1,000,000 generated calls in each report format.
# Usage: bench/formatting-memory.sh [rows]   (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."

rows="${1:-1000000}"
out_dir="bench/out/formatting"
mkdir -p "$out_dir"

# GNU time reports the peak resident set size; install it when missing.
if [ ! -x /usr/bin/time ]; then
    apt-get update -qq && apt-get install -y -qq time >/dev/null
fi

cargo build --release -p callreport-formatting --example write_rows
binary="${CARGO_TARGET_DIR:-target}/release/examples/write_rows"

printf '%-6s %12s %10s %14s %12s\n' format rows seconds "peak RSS (MB)" "file (MB)"
for format in csv xlsx pdf text jsonl; do
    file="$out_dir/calls.$format"
    log="$out_dir/$format.time"
    /usr/bin/time -v "$binary" "$format" "$rows" "$file" 2>"$log"
    rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
    elapsed=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
    size=$(stat -c %s "$file")
    awk -v f="$format" -v r="$rows" -v e="$elapsed" -v k="$rss_kb" -v s="$size" \
        'BEGIN { printf "%-6s %12s %10s %14.1f %12.1f\n", f, r, e, k / 1024, s / 1048576 }'
    rm -f "$file"
done

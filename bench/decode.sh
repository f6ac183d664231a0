#!/usr/bin/env bash
# Runs the model's decode benchmark (`decode_page_bytes`: one list page of 1,000 generated calls
# decoded into domain values, and parsed into a `serde_json::Value`, in the same run) ROUNDS
# times in each of two allocator states, and prints the decode's time, the `Value` parse's and
# their ratio, from criterion's medians:
# - `default`: glibc's allocator as it comes. Whether the pages an iteration freed went back to
#   the kernel (and fault in again) moves both figures by up to a factor of two between runs;
# - `kept`: trimming and the mmap threshold raised through GLIBC_TUNABLES, so freed pages stay in
#   the process and the figures measure the decoders rather than the page faults.
#
# Usage: bench/decode.sh          (ROUNDS=2, MEASUREMENT_SECONDS=5 may be set)
set -euo pipefail

cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-2}
MEASUREMENT_SECONDS=${MEASUREMENT_SECONDS:-5}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/var/tmp/callreport-target}
KEPT=glibc.malloc.trim_threshold=1073741824:glibc.malloc.mmap_threshold=1073741824

cargo bench -q -p callreport-model --bench decode --features generate --no-run

median_ms() {
    python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["median"]["point_estimate"] / 1e6)' \
        "$CARGO_TARGET_DIR/criterion/decode_page_bytes/$1/new/estimates.json"
}

for round in $(seq "$ROUNDS"); do
    for state in default kept; do
        tunables=""
        [ "$state" = kept ] && tunables=$KEPT
        GLIBC_TUNABLES=$tunables cargo bench -q -p callreport-model --bench decode \
            --features generate -- "decode_page_bytes/(domain|serde_json_value)" \
            --measurement-time "$MEASUREMENT_SECONDS" >/dev/null 2>&1
        domain=$(median_ms domain)
        value=$(median_ms serde_json_value)
        awk -v r="$round" -v s="$state" -v d="$domain" -v v="$value" \
            'BEGIN { printf "round %s  %-7s  domain %.2f ms  Value %.2f ms  ratio %.2fx\n", r, s, d, v, v / d }'
    done
done

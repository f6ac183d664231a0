#!/usr/bin/env bash
# Runs each cargo fuzz target for a bounded time, one after the other, nice'd: the response
# decoder, the request parser the server uses, the recording locator. Each target's corpus
# starts from the model's fixtures and the curated inputs in
# crates/callreport-model/tests/fixtures/fuzz/<target>/; a crash stops that target and leaves
# its input in fuzz/artifacts/<target>/ (copy it into the curated folder once fixed, so the
# replay test on stable keeps it fixed).
#
# Uses the pinned toolchain with RUSTC_BOOTSTRAP=1 (cargo fuzz passes -Z flags) and no
# sanitizer: the model has no unsafe code, and libFuzzer's coverage guidance needs none.
#
# Usage: bench/fuzz.sh [target...]   (SECONDS_PER_TARGET=600 by default; JOBS=1)
set -euo pipefail

cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${SECONDS_PER_TARGET:-600}
JOBS=${JOBS:-1}
FIXTURES=crates/callreport-model/tests/fixtures
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
    TARGETS=(response request locator)
fi
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR=${FUZZ_TARGET_DIR:-$PWD/fuzz/target}

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

seed() {
    local target=$1 corpus=fuzz/corpus/$1
    mkdir -p "$corpus"
    local folders
    case $target in
        response) folders="detail error list count export export_list invalid" ;;
        request) folders="request" ;;
        locator) folders="" ;;
    esac
    for folder in $folders "fuzz/$target"; do
        [ -d "$FIXTURES/$folder" ] || continue
        find "$FIXTURES/$folder" -type f -exec cp -n -t "$corpus" {} +
    done
}

for target in "${TARGETS[@]}"; do
    seed "$target"
    echo "== $target: ${SECONDS_PER_TARGET}s, corpus fuzz/corpus/$target"
    log=fuzz/$target.log
    status=0
    parallel=()
    if [ "$JOBS" -gt 1 ]; then
        parallel=(-jobs="$JOBS" -workers="$JOBS")
    fi
    nice -n 10 cargo fuzz run --sanitizer none --release "$target" "fuzz/corpus/$target" -- \
        -max_total_time="$SECONDS_PER_TARGET" "${parallel[@]}" \
        -max_len=65536 -print_final_stats=1 >"$log" 2>&1 || status=$?
    grep -E '^(#[0-9]+ .*(DONE|pulse)|stat::number_of_executed_units|stat::peak_rss|==[0-9]+== ERROR|SUMMARY|panicked)' \
        "$log" | tail -n 6 || true
    echo "   cov/ft: $(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -n 1)"
    echo "   corpus files: $(find "fuzz/corpus/$target" -type f | wc -l); exit status $status"
    if [ "$status" -ne 0 ]; then
        echo "   crash inputs: $(ls "fuzz/artifacts/$target" 2>/dev/null | tr '\n' ' ')"
    fi
done

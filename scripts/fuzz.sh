#!/usr/bin/env bash
# Runs each cargo-fuzz target of fuzz/ for a bounded time.
#
#   scripts/fuzz.sh                 every target, 60 s each
#   FUZZ_SECONDS=600 scripts/fuzz.sh load dates
#   FUZZ_MERGE=1 scripts/fuzz.sh    afterwards, add to fuzz/corpus/<target>/
#                                   only the inputs that reach new code
#   FUZZ_ARGS="-fork=1 -ignore_crashes=1" scripts/fuzz.sh csv
#                                   go on past a known crash
#
# The seeds in fuzz/corpus/<target>/ are read, never written: libFuzzer's
# growing corpus goes to fuzz/work/<target>/ (ignored by git). An input that
# breaks a target is saved under fuzz/artifacts/<target>/; copy it to
# fuzz/regressions/<target>/ once fixed, and `cargo test --test hostile`
# replays it for ever after.
#
# cargo-fuzz passes nightly-only flags (-Zsanitizer=address) to rustc;
# RUSTC_BOOTSTRAP=1 lets the stable toolchain accept them. Needs a C++
# compiler (libFuzzer is built from source by libfuzzer-sys).
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

seconds=${FUZZ_SECONDS:-60}
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then targets=(load dates csv dot); fi

export RUSTC_BOOTSTRAP=1
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi
cargo fuzz build -O

failed=()
for target in "${targets[@]}"; do
    mkdir -p "work/$target" "corpus/$target"
    echo "== $target: ${seconds} s"
    # -timeout: one input taking over 10 s counts as a hang.
    if cargo fuzz run -O "$target" "work/$target" "corpus/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
        -print_final_stats=1 ${FUZZ_ARGS:-} >"work/$target.log" 2>&1; then
        grep -E '^(#[0-9]+[[:space:]]+DONE|Done [0-9]+ runs)' "work/$target.log" || true
    else
        failed+=("$target")
        grep -E 'panicked|ERROR|SUMMARY|Test unit written' "work/$target.log" || tail -20 "work/$target.log"
    fi
    if [ "${FUZZ_MERGE:-0}" = 1 ]; then
        cargo fuzz run -O "$target" "corpus/$target" "work/$target" -- -merge=1 >/dev/null 2>&1
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "failed: ${failed[*]} (inputs under fuzz/artifacts/, logs under fuzz/work/)"
    exit 1
fi
echo "all targets ran ${seconds} s without a failure"

#!/usr/bin/env bash
# Fuzzes the reader, the checker and the file readers with cargo-fuzz (libFuzzer, on the
# pinned nightly that scripts/setup.sh --fuzz installs).
#
#   scripts/fuzz.sh              each target 60 s
#   scripts/fuzz.sh 600 reader   one target, 10 minutes
#   FUZZ_SANITIZER=none scripts/fuzz.sh 20
#                                without AddressSanitizer (the test command's short run: it
#                                builds in 2.6 min instead of 4; long runs keep ASAN)
#
# Each target starts from the seeds, the corpus of real forms and the end-to-end fixtures'
# workbooks and document, and keeps what it finds in target/fuzz-corpus/<target>. A crash stops
# the run and leaves its input in fuzz/artifacts/<target>/; make it a regression test
# (tests/fuzzed.rs) before fixing it. Prints each target's executions at the end.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck disable=SC1091
source scripts/fuzz-toolchain.sh
seconds="${1:-60}"
shift || true
targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=(reader checker files)

bash scripts/setup.sh --fuzz

corpus="$root/target/fuzz-corpus"
mkdir -p "$corpus/reader" "$corpus/checker" "$corpus/files"
for dir in reader checker; do
    n=0
    for f in tests/fixtures/seeds/*.txt tests/fixtures/corpus/*/form.tsv tests/fixtures/rules/*.txt; do
        [[ -f "$f" ]] || continue
        n=$((n + 1)); cp "$f" "$corpus/$dir/seed-$n"
    done
done
# The files target reads its first byte as the kind: 0 .xlsx, 1 .docx, 2 .txt.
if [[ ! -f target/e2e-fixtures/yanchi.xlsx ]]; then
    cargo run -q --example e2e_fixtures -- target/e2e-fixtures
fi
for f in target/e2e-fixtures/*.xlsx; do { printf '\x00'; cat "$f"; } > "$corpus/files/seed-$(basename "$f")"; done
for f in target/e2e-fixtures/*.docx; do { printf '\x01'; cat "$f"; } > "$corpus/files/seed-$(basename "$f")"; done
for f in target/e2e-fixtures/*.txt; do { printf '\x02'; cat "$f"; } > "$corpus/files/seed-$(basename "$f")"; done

summary=()
for t in "${targets[@]}"; do
    case "$t" in files) max_len=262144 ;; *) max_len=16384 ;; esac
    log="$root/target/fuzz-$t.log"
    mkdir -p "fuzz/artifacts/$t"
    echo "==> fuzz $t for ${seconds}s" >&2
    status=0
    (cd fuzz && cargo "+$FUZZ_TOOLCHAIN" fuzz run --release -s "${FUZZ_SANITIZER:-address}" "$t" "$corpus/$t" -- \
        -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1) 2>"$log" || status=$?
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    summary+=("$t: ${runs:-?} executions in ${seconds}s")
    if [[ $status -ne 0 ]]; then
        tail -40 "$log" >&2
        echo "fuzz $t failed; the input is in fuzz/artifacts/$t/" >&2
        printf '%s\n' "${summary[@]}" >&2
        exit 1
    fi
done
printf '%s\n' "${summary[@]}"

#!/usr/bin/env bash
# Builds the JS package (the core's JS API, src/api.rs) with wasm-pack into target/pkg,
# shrinks its wasm with wasm-opt (npm binaryen; wasm-pack is told not to fetch its own), and
# prints its sizes raw and gzipped beside the budget (150 KB gzipped).
#
#   scripts/build-pkg.sh            build and print the sizes
#   scripts/build-pkg.sh --check    also fail when the wasm is over its budget
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh" --pkg
# shellcheck source=scripts/env.sh
source "$root/scripts/env.sh"
cd "$root"

BUDGET_KB=150
out=target/pkg
# --mode no-install: the wasm-bindgen-cli that setup.sh pinned, never a download.
wasm-pack build --mode no-install --target web --release --out-dir "$out" --out-name jixiao . -- --features api
"$root/scripts/node_modules/.bin/wasm-opt" -Oz \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    -o "$out/jixiao_bg.wasm" "$out/jixiao_bg.wasm"

kb() { echo $(( ($1 + 1023) / 1024 )); }
status=0
for f in jixiao_bg.wasm jixiao.js; do
    raw=$(wc -c < "$out/$f")
    gz=$(gzip -9c "$out/$f" | wc -c)
    printf '%-16s %5s KB raw  %5s KB gzipped\n' "$f" "$(kb "$raw")" "$(kb "$gz")"
    if [[ $f == jixiao_bg.wasm && $(kb "$gz") -gt $BUDGET_KB ]]; then
        echo "  over the budget of $BUDGET_KB KB gzipped" >&2
        status=1
    fi
done
[[ "${1:-}" == "--check" ]] && exit $status
exit 0

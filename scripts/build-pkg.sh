#!/usr/bin/env bash
# Builds the JS packages (a wasm32 binary each, through wasm-bindgen --target web), shrinks
# their wasm with wasm-opt (npm binaryen), and prints their sizes raw and gzipped beside their
# budgets:
#
#   target/pkg     the core's JS API (src/api.rs): parse, check, toTsv, rules     wasm ≤ 150 KB gz
#   target/widget  the widget (src/widget.rs): <jixiao-checker> and mount()     whole ≤ 400 KB gz
#   target/worker  the page's reading worker (src/worker.rs)                     wasm ≤ 200 KB gz
#
# Why binaries and not wasm-pack: see Cargo.toml's [[bin]] entries.
#
#   scripts/build-pkg.sh [api] [widget] [worker] [--check]
#                                           none named: all three; --check: fail when a build is
#                                           over its budget
#   scripts/build-pkg.sh widget worker --into-staging
#                                           as Trunk's post-build hook: the widget into
#                                           dist/portal/widget, beside the example portal, and
#                                           the worker into dist/worker, beside its script
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
# shellcheck source=scripts/env.sh
source "$root/scripts/env.sh"
cd "$root"

which=""
check=false
staging=false
for arg in "$@"; do
    case "$arg" in
        api | widget | worker) which="$which $arg" ;;
        --check) check=true ;;
        --into-staging) staging=true ;;
        *) echo "unknown option: $arg" >&2; exit 2 ;;
    esac
done

[[ -z $which ]] && which="api widget worker"
wants() { [[ " $which " == *" $1 "* ]]; }

kb() { echo $(( ($1 + 1023) / 1024 )); }
gz() { gzip -9c "$@" | wc -c; }
status=0

# build BIN OUT NAME DESCRIPTION FEATURES
build() {
    local bin=$1 out=$2 name=$3 description=$4 features=$5
    rm -rf "$out"
    cargo build --release --target wasm32-unknown-unknown --bin "$bin" --no-default-features --features "$features"
    wasm-bindgen --target web --out-dir "$out" --out-name "$name" "target/wasm32-unknown-unknown/release/$bin.wasm"
    "$root/scripts/node_modules/.bin/wasm-opt" -Oz \
        --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
        -o "$out/${name}_bg.wasm" "$out/${name}_bg.wasm"
    local version
    version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
    cat > "$out/package.json" <<JSON
{
  "name": "${bin}",
  "version": "$version",
  "description": "$description",
  "license": "MIT OR Apache-2.0",
  "type": "module",
  "main": "$name.js",
  "types": "$name.d.ts",
  "files": ["$name.js", "${name}_bg.wasm", "$name.d.ts", "snippets"],
  "sideEffects": ["./$name.js", "./snippets/*"]
}
JSON
}

# report OUT BUDGET-KB FILE...: each file's size, then the sum of the gzipped files against the budget
report() {
    local out=$1 budget=$2; shift 2
    local total=0
    for f in "$@"; do
        local raw g
        raw=$(wc -c < "$out/$f"); g=$(gz "$out/$f")
        total=$((total + g))
        printf '  %-24s %5s KB raw  %5s KB gzipped\n' "$f" "$(kb "$raw")" "$(kb "$g")"
    done
    printf '  %-24s %5s KB gzipped (budget %s KB)\n' "counted" "$(kb "$total")" "$budget"
    if [[ $(kb "$total") -gt $budget ]]; then
        echo "  over the budget of $budget KB gzipped" >&2
        status=1
    fi
}

if wants api; then
    build jixiao-api target/pkg jixiao "Jixiao's JS API: read and check Chinese budget performance forms" api
    echo "JS API (target/pkg):"
    report target/pkg 150 jixiao_bg.wasm
fi
if wants widget; then
    # No Excel/Word and no examples: see Cargo.toml's features.
    build jixiao-widget target/widget jixiao_widget "<jixiao-checker>: the Jixiao editor for portals, in a shadow root" widget
    echo "widget (target/widget):"
    report target/widget 400 jixiao_widget_bg.wasm jixiao_widget.js
fi
if wants worker; then
    build jixiao-worker target/worker jixiao_worker "The Jixiao page's reading worker" worker
    echo "reading worker (target/worker):"
    report target/worker 200 jixiao_worker_bg.wasm
fi
if $staging; then
    : "${TRUNK_STAGING_DIR:?--into-staging is for the Trunk hook}"
    if wants widget; then
        mkdir -p "$TRUNK_STAGING_DIR/portal/widget"
        cp -r target/widget/jixiao_widget.js target/widget/jixiao_widget_bg.wasm target/widget/snippets \
            "$TRUNK_STAGING_DIR/portal/widget/"
    fi
    if wants worker; then
        # Beside www/worker/read.js, which index.html copies there.
        mkdir -p "$TRUNK_STAGING_DIR/worker"
        cp target/worker/jixiao_worker.js target/worker/jixiao_worker_bg.wasm "$TRUNK_STAGING_DIR/worker/"
    fi
fi
$check && exit $status
exit 0

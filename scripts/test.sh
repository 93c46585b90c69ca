#!/usr/bin/env bash
# Installs what is missing, then runs every test: formatting and lints, the core's native
# tests, the components in headless Chromium, the page end to end, and a short fuzz run.
set -euo pipefail
"$(dirname "${BASH_SOURCE[0]}")/setup.sh" --browser
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*" >&2; }
start=$SECONDS

step "cargo fmt --check"
cargo fmt --all -- --check
cargo fmt --manifest-path fuzz/Cargo.toml -- --check

step "cargo clippy (core and command line natively; the page for wasm32)"
cargo clippy --all-targets -- -D warnings
cargo clippy --target wasm32-unknown-unknown --features web --all-targets -- -D warnings
cargo clippy --target wasm32-unknown-unknown --features api --lib --tests -- -D warnings
cargo clippy --target wasm32-unknown-unknown --no-default-features --features api --bins -- -D warnings
# Without Excel and Word (the embedded widget's build), and the widget itself.
cargo clippy --no-default-features --lib -- -D warnings
cargo clippy --target wasm32-unknown-unknown --no-default-features --features widget --bins -- -D warnings
cargo clippy --target wasm32-unknown-unknown --no-default-features --features worker --bins -- -D warnings

step "native tests (core, command line)"
cargo test
cargo test --no-default-features --lib core::files

step "browser tests (wasm-bindgen-test in headless Chromium)"
cargo test --target wasm32-unknown-unknown --features web --test web
cargo test --target wasm32-unknown-unknown --features api --test api

step "the JS API, the widget and the reading worker within their size budgets (150, 400 and 200 KB gzipped)"
scripts/build-pkg.sh --check

step "end to end (trunk build --release, served on 127.0.0.1, driven in headless Chromium)"
# Trunk's hook puts the widget beside the example portal (dist/portal).
trunk build --release
cargo run -q --example e2e_fixtures -- target/e2e-fixtures
node --test tests/e2e/

step "fuzzing, briefly (the reader, the checker, the file readers: 20 s each, without ASAN)"
FUZZ_SANITIZER=none scripts/fuzz.sh 20

step "all tests passed in $((SECONDS - start)) s"

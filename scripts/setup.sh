#!/usr/bin/env bash
# Installs whatever this machine lacks to build (and, with --browser, to test) Jixiao, and
# nothing more: a second run installs nothing. Needs only rustup to start with; Debian packages
# come from apt-get, npm packages from the npm registry, crates from crates.io. Nothing else is
# downloaded, and Trunk is told never to fetch tools itself (Trunk.toml: offline = true).
#
#   scripts/setup.sh            tools to build and serve the page, the widget and the JS API
#   scripts/setup.sh --browser  also Chromium and its driver, for the browser tests
#   scripts/setup.sh --fuzz     also the pinned nightly and cargo-fuzz, for scripts/fuzz.sh
set -euo pipefail

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130   # must equal the `=` pin in Cargo.toml

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
want_browser=false
want_fuzz=false
for arg in "$@"; do
    case "$arg" in
        --browser) want_browser=true ;;
        --fuzz) want_fuzz=true ;;
        *) echo "unknown option: $arg" >&2; exit 2 ;;
    esac
done

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# shellcheck disable=SC1091
[[ -f "$HOME/.cargo/env" ]] && source "$HOME/.cargo/env"
if ! command -v cargo >/dev/null || ! command -v rustup >/dev/null; then
    echo "需要 rustup / rustup is needed: https://rustup.rs (then run this again)" >&2
    exit 1
fi

as_root() {
    if [[ $(id -u) -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        echo "需要 root 权限安装 Debian 软件包 / root is needed to install: $*" >&2; exit 1
    fi
}

apt_updated=false
apt_install() {
    local missing=()
    for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
    [[ ${#missing[@]} -eq 0 ]] && return 0
    say "apt-get install ${missing[*]}"
    if ! $apt_updated; then as_root apt-get update -qq; apt_updated=true; fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# A C compiler for crates with build scripts; pkg-config for -sys crates.
command -v cc >/dev/null || apt_install gcc libc6-dev

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
fi

if [[ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]]; then
    say "cargo install trunk $TRUNK_VERSION (a few minutes, once)"
    cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION"* ]]; then
    say "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION"
    # Not --locked: the CLI's own lockfile names a crate version the registry no longer serves.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi


command -v npm >/dev/null || apt_install nodejs npm
if [[ ! -x "$root/scripts/node_modules/.bin/wasm-opt" || ! -d "$root/scripts/node_modules/playwright-core" \
      || "$root/scripts/package-lock.json" -nt "$root/scripts/node_modules/.package-lock.json" ]]; then
    say "npm ci (wasm-opt from binaryen, playwright-core)"
    (cd "$root/scripts" && npm ci --no-audit --no-fund --loglevel=error)
fi

if $want_browser; then
    command -v chromium >/dev/null && command -v chromedriver >/dev/null || apt_install chromium chromium-driver
fi

if $want_fuzz; then
    # shellcheck disable=SC1091
    source "$root/scripts/fuzz-toolchain.sh"
    if ! rustup toolchain list | grep -q "^$FUZZ_TOOLCHAIN"; then
        say "rustup toolchain install $FUZZ_TOOLCHAIN (for cargo-fuzz)"
        rustup toolchain install "$FUZZ_TOOLCHAIN" --profile minimal
    fi
    if [[ "$(cargo fuzz --version 2>/dev/null)" != "cargo-fuzz $CARGO_FUZZ_VERSION"* ]]; then
        say "cargo install cargo-fuzz $CARGO_FUZZ_VERSION"
        cargo install --locked cargo-fuzz --version "$CARGO_FUZZ_VERSION"
    fi
fi

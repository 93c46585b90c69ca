# Sourced by the other scripts: puts the project's tools on PATH.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck disable=SC1091
[[ -f "$HOME/.cargo/env" ]] && source "$HOME/.cargo/env"
export PATH="$root/scripts/node_modules/.bin:$HOME/.cargo/bin:$PATH"
cd "$root"

#!/usr/bin/env bash
# Installs what is missing, builds the page and serves it on http://127.0.0.1:8080
set -euo pipefail
"$(dirname "${BASH_SOURCE[0]}")/setup.sh"
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
echo "==> http://127.0.0.1:8080  (Ctrl-C 停止 / to stop)" >&2
exec trunk serve --release --address 127.0.0.1 --port 8080

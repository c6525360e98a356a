#!/usr/bin/env bash
# Builds what ships (Release: gatetune, gatetune-gui, their man pages and shell completions — not
# the tests or benchmarks) and packs the .deb with CPack; prints the package's path:
#   build/release/package/gatetune_<version>_<arch>.deb   (install: apt install ./that.deb)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh" release gatetune gatetune-live-mode gatetune-gui gatetune_man_pages gatetune_completions >&2
cpack --config "$root/build/release/CPackConfig.cmake" -G DEB >&2
ls "$root"/build/release/package/gatetune_*.deb

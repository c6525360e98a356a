#!/usr/bin/env bash
# README command 2: set up, build (Release) and run the whole test suite through CTest.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh" release
export QT_QPA_PLATFORM=offscreen
cd "$root"
exec ctest --preset release "$@"

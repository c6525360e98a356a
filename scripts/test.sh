#!/usr/bin/env bash
# README command 2: set up, build (Release) and run the whole test suite through CTest. With
# GATETUNE_SANITIZERS=1, also the whole suite under AddressSanitizer + UndefinedBehaviorSanitizer
# (preset asan) and the suites labelled `concurrent` under ThreadSanitizer (preset tsan builds
# only those); any sanitizer report fails its test. Off by default for now: on a 2-core machine
# the two extra full builds take longer than the CI budget (see tests/fuzz/README.md). Prints
# the time of each pass.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export QT_QPA_PLATFORM=offscreen
cd "$root"

pass() {  # pass NAME COMMAND…: runs the command and reports its wall time
  local name="$1" start=$SECONDS
  shift
  "$@"
  echo "gatetune test: $name took $((SECONDS - start)) s" >&2
}

pass "release build" "$root/scripts/setup.sh" release
pass "release tests" ctest --preset release "$@"
[ "${GATETUNE_SANITIZERS:-0}" = 1 ] || exit 0
for preset in asan tsan; do
  cmake --preset "$preset" >/dev/null
  pass "$preset build" cmake --build --preset "$preset" -j "$(nproc)"
  pass "$preset tests" ctest --preset "$preset" "$@"
done

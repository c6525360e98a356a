#!/usr/bin/env bash
# README command 2: set up, build (Release) and run the whole test suite through CTest; then the
# whole suite again under AddressSanitizer + UndefinedBehaviorSanitizer (preset asan) and the
# suites labelled `concurrent` under ThreadSanitizer (preset tsan builds only those). Any
# sanitizer report fails its test. GATETUNE_SANITIZERS=0 skips the two sanitizer passes for a
# quick local run; CI (.ci/run) always runs them. Prints the time of each pass.
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
[ "${GATETUNE_SANITIZERS:-1}" = 0 ] && exit 0
for preset in asan tsan; do
  cmake --preset "$preset" >/dev/null
  pass "$preset build" cmake --build --preset "$preset" -j "$(nproc)"
  pass "$preset tests" ctest --preset "$preset" "$@"
done

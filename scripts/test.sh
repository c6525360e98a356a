#!/usr/bin/env bash
# README command 2: set up, build and run the test suite through CTest, in two passes:
#   asan — the whole suite under AddressSanitizer + UndefinedBehaviorSanitizer;
#   tsan — the suites labelled `concurrent` (gateway, load, sweeps, GUI background runs) under
#          ThreadSanitizer (its build preset builds only those and what they run).
# Any sanitizer report fails its test. GATETUNE_TEST_PRESETS chooses the passes (default
# "asan tsan"; "release" runs the suite on the optimised build instead). Extra arguments go to
# every ctest call. Prints the time of each pass.
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

all=$SECONDS
for preset in ${GATETUNE_TEST_PRESETS:-asan tsan}; do
  pass "$preset build" "$root/scripts/setup.sh" "$preset"
  pass "$preset tests" ctest --preset "$preset" "$@"
done
echo "gatetune test: all passes took $((SECONDS - all)) s" >&2

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
presets=(${GATETUNE_TEST_PRESETS:-asan tsan})
logs="$(mktemp -d)"
trap 'jobs -p | xargs -r kill 2>/dev/null; rm -rf "$logs"' EXIT
status=0
# Each pass's tests run while the next pass builds: the suites spend much of their time waiting on
# sockets and timers (the live gateway's scenarios run in real, scaled-down time), which leaves a
# core for the compiler. The build runs at lower priority so the timed suites keep theirs. A
# pass's test output is printed when it ends.
tests_of() {  # tests_of PRESET: runs the pass's tests into its log, records its status and time
  local start=$SECONDS code=0
  ctest --preset "$1" "${@:2}" > "$logs/$1.log" 2>&1 || code=$?
  echo "$code $((SECONDS - start))" > "$logs/$1.status"
}
report() {  # report PRESET: prints the log of a finished pass
  local code took
  read -r code took < "$logs/$1.status"
  cat "$logs/$1.log"
  echo "gatetune test: $1 tests took $took s" >&2
  [ "$code" -eq 0 ] || status=$code
}
running=""
for preset in "${presets[@]}"; do
  if [ -n "$running" ]; then
    pass "$preset build" nice -n 10 "$root/scripts/setup.sh" "$preset"
    wait
    report "$running"
  else
    pass "$preset build" "$root/scripts/setup.sh" "$preset"
  fi
  echo "gatetune test: $preset tests started (their output follows when they end)" >&2
  tests_of "$preset" "$@" &
  running=$preset
done
wait
report "$running"
echo "gatetune test: all passes took $((SECONDS - all)) s" >&2
exit "$status"

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

all=$SECONDS
presets=(${GATETUNE_TEST_PRESETS:-asan tsan})
logs="$(mktemp -d)"
later=""  # the process building the later passes
kill_tree() {  # kill_tree PID: the process and everything it started
  local child
  for child in $(pgrep -P "$1" 2>/dev/null); do kill_tree "$child"; done
  kill "$1" 2>/dev/null || true
}
trap '[ -z "$later" ] || kill_tree "$later"; rm -rf "$logs"' EXIT

"$root/scripts/setup.sh" --deps-only  # once, before builds run side by side

# The later passes build from the start, one after another, at lower priority: they take the
# CPU the first build leaves (its links and its waits on generated files), then share the
# machine with the earlier passes' tests, which spend much of their time waiting on sockets and
# timers (the live gateway's scenarios run in real, scaled-down time). Their build output is
# printed when their tests are due.
if ((${#presets[@]} > 1)); then
  (
    for preset in "${presets[@]:1}"; do
      start=$SECONDS code=0
      nice -n 10 "$root/scripts/setup.sh" "$preset" > "$logs/$preset.build.log" 2>&1 || code=$?
      echo "$code $((SECONDS - start))" > "$logs/$preset.build.status"
      [ "$code" -eq 0 ] || break
    done
  ) &
  later=$!
fi

status=0
for i in "${!presets[@]}"; do
  preset="${presets[$i]}"
  start=$SECONDS
  if ((i == 0)); then
    "$root/scripts/setup.sh" "$preset"
    echo "gatetune test: $preset build took $((SECONDS - start)) s" >&2
  else
    while [ ! -e "$logs/$preset.build.status" ] && kill -0 "$later" 2>/dev/null; do sleep 1; done
    [ -e "$logs/$preset.build.status" ] || { echo "gatetune test: the $preset build stopped without a status" >&2; exit 1; }
    read -r code took < "$logs/$preset.build.status"
    cat "$logs/$preset.build.log"
    echo "gatetune test: $preset build took $took s (beside the passes before it; waited $((SECONDS - start)) s for it)" >&2
    if [ "$code" -ne 0 ]; then
      status=$code
      break
    fi
  fi
  start=$SECONDS
  ctest --preset "$preset" "$@" || status=$?
  echo "gatetune test: $preset tests took $((SECONDS - start)) s" >&2
done
echo "gatetune test: all passes took $((SECONDS - all)) s" >&2
exit "$status"

#!/usr/bin/env bash
# Size and open time of the HTML report (`gatetune run --html`) for about 10 k and 1 M requests:
# presets/load.toml (36 calls per user) with 278 and 27,778 users and per-request records on.
#
#   scripts/bench-html.sh [ROUNDS]     (default 3; medians over the rounds)
#
# For each size it prints the report's size, the time `gatetune run` took with --html and
# without it (the report's own cost is the difference), and two open times from headless
# Chromium: "render" is the page's own clock (performance.now() when the script had drawn every
# section and chart: navigation start to a finished page, as the page writes it into
# #render-status) and "browser" the wall time of a whole `chromium --dump-dom` process (start-up,
# load, render, exit). Needs a release build (cmake --preset release && cmake --build
# build/release --target gatetune), Debian's chromium and python3.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
gatetune="${GATETUNE:-$root/build/release/app/gatetune}"
rounds="${1:-3}"
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [ROUNDS ≥ 1]" >&2; exit 2; }
[ -x "$gatetune" ] || { echo "bench-html: $gatetune not found; build the release preset first" >&2; exit 2; }
chromium="$(command -v chromium || command -v chromium-browser || true)"
[ -n "$chromium" ] || { echo "bench-html: chromium not found (Debian package chromium, scripts/deps.txt)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
seconds_of() {  # wall seconds of a command, its output discarded
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s.%N)
  awk -v a="$end" -v b="$start" 'BEGIN {print a - b}'
}
open_page() {  # prints "render_ms browser_s" for one fresh Chromium
  local profile start end status
  profile="$(mktemp -d -p "$work")"
  start=$(date +%s.%N)
  "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$profile" --virtual-time-budget=10000 \
    --dump-dom "file://$1" >"$work/dom.html" 2>/dev/null
  end=$(date +%s.%N)
  status=$(python3 - "$work/dom.html" <<'EOF'
import html, json, re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<div id="render-status"[^>]*>(.*?)</div>', dom, re.S)
s = json.loads(html.unescape(m.group(1))) if m else {}
if s.get("state") != "done" or s.get("errors"):
    sys.exit("bench-html: the page did not render cleanly: %s" % s.get("errors", "no status"))
print(s["render_ms"])
EOF
)
  echo "$status $(awk -v a="$end" -v b="$start" 'BEGIN {print a - b}')"
}

printf '%-10s %10s %12s %14s %12s %12s\n' requests "html size" "run + html" "run, no html" "render" "browser"
for users in 278 27778; do
  args=(run "$root/presets/load.toml" --set "workload.users=$users" --set simulation.record_requests=true)
  page="$work/report-$users.html"
  with=() without=() render=() browser=()
  for ((i = 0; i < rounds; i++)); do
    with+=("$(seconds_of "$gatetune" "${args[@]}" --html "$page")")
    without+=("$(seconds_of "$gatetune" "${args[@]}")")
    read -r r b < <(open_page "$page")
    render+=("$r")
    browser+=("$b")
  done
  requests=$(python3 -c "import json,re,sys; d=open(sys.argv[1]).read(); print(re.search(r'\"label\":\"requests\",\"tone\":\"\",\"value\":\"([0-9,]+)\"', d).group(1))" "$page")
  printf '%-10s %8.2f MB %10.2f s %12.2f s %9.0f ms %10.2f s\n' "$requests" "$(awk -v b="$(stat -c %s "$page")" 'BEGIN {print b / 1e6}')" \
    "$(printf '%s\n' "${with[@]}" | median)" "$(printf '%s\n' "${without[@]}" | median)" \
    "$(printf '%s\n' "${render[@]}" | median)" "$(printf '%s\n' "${browser[@]}" | median)"
done

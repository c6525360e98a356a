#!/usr/bin/env bash
# Conformance: runs the scenarios of bench/conformance/scenarios.toml on the real stack (gunicorn,
# uvicorn, FastAPI, SQLAlchemy, httpx, PostgreSQL — the Debian packages of
# scripts/deps-conformance.txt), records them into tests/data/conformance/, and rewrites the
# table of docs/FIDELITY.md from the recorded runs against the simulator. Not part of the default
# tests: the sim_conformance CTest suite re-checks the simulator against the recorded runs.
#   scripts/conformance.sh [--check-only] [--runs N] [SCENARIO…]
#     --check-only  no real stack: only re-derive docs/FIDELITY.md from the recorded runs
# PostgreSQL runs from a private data directory on 127.0.0.1, deleted at exit; every process the
# harness starts is stopped before it exits.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
gatetune="${GATETUNE:-$root/build/release/app/gatetune}"
data="$root/tests/data/conformance"
check_only=0
runs=2
only=()
while (($#)); do
  case "$1" in
    --check-only) check_only=1 ;;
    --runs) runs="$2"; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    -*) echo "conformance.sh: unknown option $1" >&2; exit 2 ;;
    *) only+=("$1") ;;
  esac
  shift
done
[ -x "$gatetune" ] && [ -x "$(dirname "$gatetune")/gatetune-live-mode" ] ||
  { echo "conformance.sh: no gatetune and gatetune-live-mode at $(dirname "$gatetune") (build the release preset first)" >&2; exit 2; }
cd "$root/bench/conformance"
if ((!check_only)); then
  mapfile -t wanted < <(grep -v '^\s*#' "$here/deps-conformance.txt" | sed '/^\s*$/d')
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
      { echo "conformance.sh: missing Debian package $pkg: scripts/setup.sh --conformance installs them" >&2; exit 2; }
  done
  pg_dir="$(mktemp -d)"
  [ "$(id -u)" -ne 0 ] || chown postgres: "$pg_dir"
  trap 'rm -rf "$pg_dir"' EXIT
  /usr/bin/python3 conformance.py record --gatetune "$gatetune" --out "$data" --pg-dir "$pg_dir" --runs "$runs" \
    ${only[@]:+--only "${only[@]}"}
fi
/usr/bin/python3 conformance.py compare --gatetune "$gatetune" --data "$data" --markdown "$root/docs/FIDELITY.md"

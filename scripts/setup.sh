#!/usr/bin/env bash
# Installs the Debian packages listed in scripts/deps.txt when any is missing, then configures
# and builds the given CMake preset (default: release): its build preset's targets, or only the
# targets named after it. Used by both README commands. --conformance also installs the real
# stack of scripts/conformance.sh (scripts/deps-conformance.txt).
#   scripts/setup.sh [--conformance] [PRESET [TARGET…]]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
lists=("$here/deps.txt")
if [ "${1:-}" = "--conformance" ]; then
  lists+=("$here/deps-conformance.txt")
  shift
fi
preset="${1:-release}"
targets=("${@:2}")

mapfile -t wanted < <(cat "${lists[@]}" | grep -v '^\s*#' | sed '/^\s*$/d')
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "gatetune: installing missing Debian packages: ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

cd "$root"
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)" ${targets[@]:+--target "${targets[@]}"}

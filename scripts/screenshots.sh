#!/usr/bin/env bash
# Takes the desktop app's screenshots (ui/screenshots/*.png) under Xvfb with the real xcb
# platform: gatetune-gui --screenshot drives the window through each main view with the
# shipped presets, on a throw-away run history. Usage: scripts/screenshots.sh [BUILD_DIR] [PREFIXES]
# PREFIXES (comma-separated, e.g. 11 or 10,11) retakes only the screenshots whose names start so.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$here/build/release}"
only=()
[[ -n "${2:-}" ]] && only=(--screenshot-only "$2")
gui="$build/app/gui/gatetune-gui"
[[ -x "$gui" ]] || { echo "screenshots.sh: $gui not built (cmake --build $build --target gatetune-gui)" >&2; exit 2; }
# The app shows paths relative to its working directory: run it from the repository, with its
# throw-away files (run history, the Live tab's work directory) in the build tree, so the
# pictures show repository paths rather than this machine's.
cd "$here"
work="$(mktemp -d "$build/screenshots.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# A fixed screen and DPI so the pictures do not depend on the machine taking them.
TMPDIR="$work" QT_QPA_PLATFORM=xcb QT_SCALE_FACTOR=1 xvfb-run -a -s "-screen 0 1920x1200x24 -dpi 96" \
    "$gui" --history "$work/history.sqlite3" --screenshot "$here/ui/screenshots" "${only[@]}"

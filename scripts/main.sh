#!/usr/bin/env bash
# README command 1: set up, build (Release) and run the main job.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh" release
exec "$root/build/release/app/gatetune" run "$root/presets/seed-incident.toml" "$@"

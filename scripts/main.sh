#!/usr/bin/env bash
# README command 1: set up, build only the `gatetune` command line (Release; not the live mode's
# gatetune-live-mode, the desktop app, the tests or the benchmarks) and run the main job: the
# diagnosis of the seed incident (presets/incidents/seed): the 12 observed calls, the
# configuration that was running (its Dockerfile and pool/httpx code over the environment preset),
# the report's five suspects and its fixed configuration.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh" release gatetune
cd "$root"
gatetune=build/release/app/gatetune
seed=presets/incidents/seed

# ---- The main job: this one command (extra arguments are passed on) ----
exec "$gatetune" diagnose "$seed/observed.csv" \
  --config presets/seed-incident.toml \
  --import "$seed/Dockerfile" --import "$seed/database.py" --import "$seed/proxy_router_service.py" \
  --suspect worker_timeout --suspect db_pool_exhaustion --suspect http_client.mode=per_request \
  --suspect upstream_slow --suspect upstream_slots \
  --fix presets/seed-fixed.toml "$@"

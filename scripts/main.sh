#!/usr/bin/env bash
# README command 1: set up, build (Release) and run the main job: the diagnosis of the seed
# incident (presets/incidents/seed): the 12 observed calls, the configuration that was running
# (its Dockerfile and pool/httpx code over the environment preset), the report's five suspects and
# its fixed configuration.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh" release
cd "$root"
seed=presets/incidents/seed
exec build/release/app/gatetune diagnose "$seed/observed.csv" \
  --config presets/seed-incident.toml \
  --import "$seed/Dockerfile" --import "$seed/database.py" --import "$seed/proxy_router_service.py" \
  --suspect worker_timeout --suspect db_pool_exhaustion --suspect http_client.mode=per_request \
  --suspect upstream_slow --suspect upstream_slots \
  --fix presets/seed-fixed.toml "$@"

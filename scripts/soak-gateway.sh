#!/usr/bin/env bash
# Soak: the live gateway under mixed open-loop load with faults injected for DURATION seconds
# (default 600): upstream error bursts, slowdowns and short outages, database slowdowns, and
# event-loop stalls that get workers killed and respawned. Every INTERVAL seconds (default 10)
# it samples the gateway's resident memory and open file descriptors (master + workers) and the
# p99 latency of the requests answered in that interval (from /metrics); they must stay flat.
#   scripts/soak-gateway.sh [DURATION_S] [INTERVAL_S] [RATE_PER_S]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration="${1:-600}"
interval="${2:-10}"
rate="${3:-40}"
cli="$root/build/release/app/gatetune"
# `serve`, `upstream`, `load` and `keys` run in gatetune-live-mode, beside gatetune.
[[ -x "$cli" && -x "$(dirname "$cli")/gatetune-live-mode" ]] || "$root/scripts/setup.sh" release >/dev/null
command -v curl >/dev/null || { echo "soak-gateway: needs curl" >&2; exit 2; }

work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# Fault windows repeat every 60 s: an error burst, a slowdown, a 3 s outage, a DB slowdown.
windows() { local off=$1 len=$2 val=$3 out="" t; for ((t = off; t < duration; t += 60)); do out+="${out:+, }[$t.0, $((t + len)).0, $val]"; done; echo "[$out]"; }
cat >"$work/soak.toml" <<TOML
name = "soak"
[server]
workers = 2
worker_class = "uvicorn"
timeout = 5
boot_time = 0.5
[request]
blocking_call = 8.0            # now and then a stalled loop: WORKER TIMEOUT, kill, respawn
blocking_probability = 0.0005
[db_pool]
pool_size = 10
max_overflow = 10
pool_timeout = 5.0
[http_client]
timeout = 10.0
max_attempts = 2
[upstream]
ttft_base = 0.05
time_per_output_token = 0.002
error_probability = 0.01
[faults]
upstream_error_burst = $(windows 10 5 0.5)
upstream_slowdown = $(windows 25 10 3.0)
upstream_outage = $(windows 45 3 1.0)
db_slowdown = $(windows 50 5 5.0)
[workload]
kind = "open"
rate = $rate
duration = $duration
client_timeout = 30
api_keys = 4
calls = [[200, 40], [800, 120], [50, 10]]
[simulation]
max_time = $((duration + 120))
TOML

wait_port() { for _ in $(seq 1 600); do [[ -s "$1" ]] && { cat "$1"; return; }; sleep 0.05; done; echo "soak-gateway: $2 did not start" >&2; exit 1; }
"$cli" upstream "$work/soak.toml" --listen 127.0.0.1:0 --port-file "$work/up.port" 2>"$work/up.log" & pids+=($!)
up=$(wait_port "$work/up.port" upstream)
keys=$("$cli" keys add --db "$work/gw.sqlite3" --name soak --count 4 | paste -sd, -)
"$cli" serve "$work/soak.toml" --listen 127.0.0.1:0 --port-file "$work/gw.port" --db "$work/gw.sqlite3" \
  --upstream "http://127.0.0.1:$up" 2>"$work/gw.log" & pids+=($!)
master=$!
gw=$(wait_port "$work/gw.port" gateway)
GATETUNE_API_KEYS="$keys" "$cli" load "$work/soak.toml" --target "http://127.0.0.1:$gw" --format json --out "$work/load.json" \
  2>"$work/load.log" & pids+=($!)
load=$!

# p99 of the requests answered since the previous sample, from the histogram's bucket deltas.
declare -A prev
p99_since_last() {
  local metrics; metrics=$(curl -s "http://127.0.0.1:$gw/metrics" || true)
  local -a les counts
  while read -r le n; do les+=("$le"); counts+=("$n"); done < <(sed -n 's/^gatetune_request_duration_seconds_bucket{le="\([^"]*\)"} \([0-9]*\)$/\1 \2/p' <<<"$metrics")
  local total=0 i d
  local -a deltas
  for i in "${!les[@]}"; do d=$((counts[i] - ${prev[${les[i]}]:-0})); deltas+=("$d"); prev[${les[i]}]=${counts[i]}; done
  total=${deltas[-1]:-0}
  ((total > 0)) || { echo "-"; return; }
  for i in "${!les[@]}"; do if ((deltas[i] * 100 >= total * 99)); then echo "${les[i]}"; return; fi; done
}
sample() {
  local rss=0 fds=0 p kids
  kids=$(pgrep -P "$master" || true)
  for p in $master $kids; do
    [[ -r /proc/$p/status ]] || continue
    rss=$((rss + $(awk '/VmRSS/ {print $2}' "/proc/$p/status")))
    fds=$((fds + $(ls "/proc/$p/fd" 2>/dev/null | wc -l)))
  done
  local boots; boots=$(grep -c "Booting worker" "$work/gw.log" || true)
  printf '%6s %10s %6s %8s %6s\n' "$1" "$((rss / 1024))" "$fds" "$(p99_since_last)" "$boots"
}
printf '%6s %10s %6s %8s %6s\n' "t_s" "rss_MiB" "fds" "p99_le_s" "boots"
start=$(date +%s)
while kill -0 "$load" 2>/dev/null; do
  sleep "$interval"
  sample "$(( $(date +%s) - start ))"
done
wait "$load" || true
echo
echo "requests by cause (load report):"
python3 -c "import json,sys; s=json.load(open(sys.argv[1]))['summary']; print(s['requests'], s['by_cause'])" "$work/load.json" 2>/dev/null || tail -5 "$work/load.log"
echo "worker timeouts: $(grep -c 'WORKER TIMEOUT' "$work/gw.log" || true)"

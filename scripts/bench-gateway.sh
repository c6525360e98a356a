#!/usr/bin/env bash
# The live gateway's throughput against an instant mock upstream, side by side with the upstream
# called directly and with nginx as a keep-alive reverse proxy — all on loopback, measured with
# wrk. Installs wrk and nginx from Debian when missing (as root). Besides requests/s and p99 it
# prints the CPU time each proxy's processes spent per request (from /proc/PID/stat), which is
# steadier than requests/s on a shared machine. With ROUNDS > 1 the four targets run again in each
# round (so each comparison is made in the same minutes) and the medians close the output. Usage:
#   scripts/bench-gateway.sh [DURATION_S] [CONNECTIONS] [ROUNDS]
# GATETUNE_CLI names the gatetune executable to measure (default: the release build).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_name=bench-gateway
. "$root/scripts/bench-lib.sh"
duration="${1:-10}"
conns="${2:-64}"
rounds="${3:-1}"
for n in "$duration" "$conns" "$rounds"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "bench-gateway: DURATION_S, CONNECTIONS and ROUNDS are positive integers, not '$n'" >&2; exit 2; }
done
cli="${GATETUNE_CLI:-$root/build/release/app/gatetune}"
# `serve`, `upstream`, `load` and `keys` run in gatetune-live-mode, beside gatetune.
[[ -x "$cli" && -x "$(dirname "$cli")/gatetune-live-mode" ]] || "$root/scripts/setup.sh" release >/dev/null

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || need+=(nginx-light)
bench_install "${need[@]}"
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

bench_instant_preset "$work/instant.toml" bench-instant


"$cli" upstream "$work/instant.toml" --listen 127.0.0.1:0 --port-file "$work/up.port" 2>"$work/up.log" & pids+=($!)
up_pid=$!
up=$(bench_wait_port "$work/up.port" upstream)

"$cli" keys add --db "$work/gw.sqlite3" --name bench >"$work/key"
key=$(cat "$work/key")
"$cli" serve "$work/instant.toml" --no-db --listen 127.0.0.1:0 --port-file "$work/gw-nodb.port" --db "$work/gw.sqlite3" \
  --upstream "http://127.0.0.1:$up" 2>"$work/gw-nodb.log" & pids+=($!)
gw_nodb_pid=$!
gw_nodb=$(bench_wait_port "$work/gw-nodb.port" "gateway (--no-db)")
"$cli" serve "$work/instant.toml" --listen 127.0.0.1:0 --port-file "$work/gw.port" --db "$work/gw.sqlite3" \
  --set db_server.query_time=0 --set db_server.commit_time=0 --set db_server.round_trip=0 --set db_pool.connect_time=0 \
  --upstream "http://127.0.0.1:$up" 2>"$work/gw.log" & pids+=($!)
gw_pid=$!
gw=$(bench_wait_port "$work/gw.port" gateway)

nginx_port=$(python3 -c "import socket; s = socket.socket(); s.bind((\"127.0.0.1\", 0)); print(s.getsockname()[1])")
cat >"$work/nginx.conf" <<NGINX
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx-body;
  proxy_temp_path $work/nginx-proxy;
  upstream llm { server 127.0.0.1:$up; keepalive 64; }
  server {
    listen 127.0.0.1:$nginx_port;
    location / { proxy_pass http://llm; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
NGINX
"$nginx_bin" -c "$work/nginx.conf" -g 'daemon off;' & pids+=($!)
nginx_pid=$!
sleep 0.5

cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"model":"gatetune-mock","messages":[{"role":"user","content":"w w w w w w w w"}],"max_tokens":1,"user":"bench"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $key"
LUA

hz=$(getconf CLK_TCK)

run() {  # name port [proxy pids…]: the proxy's pids are its master and workers (for its CPU time)
  local name="$1" port="$2" out rps p99 n before after ubefore uafter
  shift 2
  local procs=("$@")
  for p in "$@"; do procs+=($(pgrep -P "$p" || true)); done
  before=$(bench_cpu_ticks "${procs[@]}"); ubefore=$(bench_cpu_ticks "$up_pid")
  out=$(wrk -t2 -c"$conns" -d"${duration}s" --latency -s "$work/post.lua" "http://127.0.0.1:$port/v1/chat/completions")
  after=$(bench_cpu_ticks "${procs[@]}"); uafter=$(bench_cpu_ticks "$up_pid")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  n=$(awk '/requests in/ {print $1}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  local proxy_us="-"
  ((${#procs[@]})) && proxy_us=$(awk -v t=$((after - before)) -v n="$n" -v hz="$hz" 'BEGIN {printf "%.1f", t * 1e6 / hz / n}')
  local up_us=$(awk -v t=$((uafter - ubefore)) -v n="$n" -v hz="$hz" 'BEGIN {printf "%.1f", t * 1e6 / hz / n}')
  [[ "$name" == nginx* ]] && nginx_rps="$rps"
  local vs="-"
  [[ -n "${nginx_rps:-}" && "$name" == gateway* ]] && vs=$(awk -v a="$rps" -v b="$nginx_rps" 'BEGIN {printf "%.2f", a / b}')
  printf '%-34s %12s %8s %10s %8s %14s %14s\n' "$name" "$rps" "$vs" "$p99" "${non2xx:-0}" "$proxy_us" "$up_us"
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$rps" "$vs" "$p99" "$proxy_us" >>"$work/results.tsv"
}
header() { printf '%-34s %12s %8s %10s %8s %14s %14s\n' "$1" "requests/s" "x nginx" "p99" "non-2xx" "proxy CPU us/req" "upstream us/req"; }
for round in $(seq 1 "$rounds"); do
  header "target (wrk -t2 -c$conns)$( ((rounds > 1)) && echo ", round $round")"
  nginx_rps=""
  run "upstream direct" "$up"
  run "nginx keep-alive proxy" "$nginx_port" "$nginx_pid"
  run "gateway, no DB steps" "$gw_nodb" "$gw_nodb_pid"
  run "gateway, full path" "$gw" "$gw_pid"
done
if ((rounds > 1)); then  # medians per target over the rounds (p99 in ms)
  echo
  printf '%-34s %12s %8s %10s %14s\n' "median of $rounds rounds" "requests/s" "x nginx" "p99 ms" "proxy CPU us/req"
  awk -F'\t' '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v + 0 }
    function median(list,   a, n, i, j, t) {
      n = split(list, a, " "); if (n == 0 || a[1] == "-") return "-"
      for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    !($1 in seen) { seen[$1] = 1; order[++k] = $1 }
    { rps[$1] = rps[$1] " " $2; vs[$1] = vs[$1] " " $3; p99[$1] = p99[$1] " " ms($4); cpu[$1] = cpu[$1] " " $5 }
    END { for (i = 1; i <= k; i++) { t = order[i]; printf "%-34s %12.0f %8s %10.2f %14s\n", t, median(rps[t]), median(vs[t]), median(p99[t]), median(cpu[t]) } }
  ' "$work/results.tsv"
fi

#!/usr/bin/env bash
# The live gateway's full request path on PostgreSQL, side by side with the same gateway written
# the common way in Python (gunicorn + UvicornWorker + FastAPI + SQLAlchemy/asyncpg + httpx, the
# conformance app of bench/conformance/ with the pool and client files `gatetune export` writes).
# Both run with 2 workers against the SAME private PostgreSQL cluster (on 127.0.0.1, deleted at
# exit; each gateway in its own database of it, so they share the server's settings) and the same
# instant mock upstream, loaded in turn with wrk -t2 -c64; each request names one of 1,000 chat
# sessions (created beforehand, so no request measures the first-insert race). A request counts
# as served only if it answered 2xx and committed its usage row: the rows written during a run
# are checked against wrk's count, so fast failures cannot pass for throughput. Installs what is
# missing from Debian (as root). Besides requests/s and p99 it prints the CPU time per request of
# the gateway's processes, of PostgreSQL's (the postmaster and its backends) and of the mock
# upstream (from /proc/PID/stat) — steadier than requests/s on a shared machine, and what shows
# where the cores go — and how idle the machine's CPUs were meanwhile (near 0 % with the
# measured processes using less than all of them: something else was running). With ROUNDS > 1 both gateways run again in each round and the
# medians close the output. Usage:
#   scripts/bench-postgres.sh [DURATION_S] [ROUNDS]
# GATETUNE_CLI names the gatetune executable to measure (default: the release build).
#
# Server settings: the cluster runs with fsync=off, as the conformance runs' cluster does — the
# benchmark compares the gateways, not the disk; synchronous_commit stays on, so every commit
# still waits for its WAL write. The same server and settings serve both gateways.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_name=bench-postgres
. "$root/scripts/bench-lib.sh"
duration="${1:-10}"
rounds="${2:-1}"
(($# <= 2)) || { echo "usage: bench-postgres.sh [DURATION_S] [ROUNDS]" >&2; exit 2; }
for n in "$duration" "$rounds"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "bench-postgres: DURATION_S and ROUNDS are positive integers, not '$n'" >&2; exit 2; }
done
conns=64
sessions=1000
cli="${GATETUNE_CLI:-$root/build/release/app/gatetune}"
# `serve`, `upstream`, `load` and `keys` run in gatetune-live-mode, beside gatetune.
[[ -x "$cli" && -x "$(dirname "$cli")/gatetune-live-mode" ]] || "$root/scripts/setup.sh" release >/dev/null
python=/usr/bin/python3  # Debian's: the Debian packages below are installed for it (as in bench/conformance/)

need=()
command -v wrk >/dev/null || need+=(wrk)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)
for mod in gunicorn:gunicorn uvicorn:python3-uvicorn fastapi:python3-fastapi sqlalchemy:python3-sqlalchemy \
  asyncpg:python3-asyncpg httpx:python3-httpx; do
  "$python" -c "import ${mod%%:*}" 2>/dev/null || need+=("${mod#*:}")
done
bench_install "${need[@]}"
pgbin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"

work="$(mktemp -d)"
chmod 755 "$work"  # the cluster's owner (postgres, when run as root) must reach its directory
pids=()
pg_started=""
as_postgres() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [[ -n "$pg_started" ]] && as_postgres "$pgbin/pg_ctl" -D "$work/pg" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { "$python" -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"; }

# The private cluster: trust on loopback only, unix socket inside the work directory.
mkdir -p "$work/pg"
[[ $(id -u) -eq 0 ]] && chown postgres "$work/pg"
as_postgres "$pgbin/initdb" -D "$work/pg" -A trust -U postgres -E UTF8 --no-locale --no-sync >/dev/null
pg_port=$(free_port)
as_postgres "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pg/server.log" -w -o \
  "-c listen_addresses=127.0.0.1 -p $pg_port -c unix_socket_directories=$work/pg -c max_connections=100 -c fsync=off" \
  start >/dev/null
pg_started=1
psql() { "$pgbin/psql" -qAt -h 127.0.0.1 -p "$pg_port" -U postgres -v ON_ERROR_STOP=1 "$@"; }
psql -d postgres -c "CREATE ROLE app LOGIN" -c "CREATE DATABASE gatetune OWNER app" -c "CREATE DATABASE pyapp OWNER app"
gt_db="postgresql://app@127.0.0.1:$pg_port/gatetune"
py_db="postgresql://app@127.0.0.1:$pg_port/pyapp"

bench_instant_preset "$work/instant.toml" bench-postgres

"$cli" upstream "$work/instant.toml" --listen 127.0.0.1:0 --port-file "$work/up.port" 2>"$work/up.log" & pids+=($!)
up_pid=$!
up=$(bench_wait_port "$work/up.port" upstream)

# gatetune: its schema and key, then the sessions (owned by that key).
"$cli" keys add --db "$gt_db" --name bench >"$work/key"
key=$(head -1 "$work/key")
psql -d gatetune -c "INSERT INTO chat_sessions (api_key_id, owner) SELECT 1, 'user-' || g FROM generate_series(1, $sessions) g"
"$cli" serve "$work/instant.toml" --listen 127.0.0.1:0 --port-file "$work/gw.port" --db "$gt_db" \
  --upstream "http://127.0.0.1:$up" 2>"$work/gw.log" & pids+=($!)
gw_pid=$!
gw=$(bench_wait_port "$work/gw.port" "gatetune gateway")

# The Python gateway: the conformance app's tables (bench/conformance/real_stack.py), its files
# from `gatetune export` of the same preset, its request steps from the same preset's values.
psql -d pyapp -U app -c "CREATE TABLE api_keys (id int PRIMARY KEY, secret text)" \
  -c "INSERT INTO api_keys VALUES (1, 'sk-private')" \
  -c "CREATE TABLE chat_sessions (id serial PRIMARY KEY, key_id int, owner text, calls int DEFAULT 0, UNIQUE (key_id, owner))" \
  -c "CREATE TABLE usage (id serial PRIMARY KEY, owner text, tokens int)" \
  -c "INSERT INTO chat_sessions (key_id, owner) SELECT 1, 'user-' || g FROM generate_series(1, $sessions) g"
py_port=$(free_port)
"$cli" export "$work/instant.toml" --out "$work/export" --force --seeds 1 --app gateway_app:app \
  --bind "127.0.0.1:$py_port" >/dev/null
PYTHONPATH="$root/bench/conformance" "$python" - "$work/instant.toml" "http://127.0.0.1:$up" >"$work/app.json" <<'PY'
import json, sys
import preset_values, real_stack
values = preset_values.resolve(sys.argv[1], [])
print(json.dumps(real_stack.app_settings(values, 1.0, sys.argv[2])))
PY
(cd "$work" && PYTHONPATH="$work/export:$root/bench/conformance" CONFORMANCE_APP="$work/app.json" \
  DATABASE_URL="postgresql+asyncpg://app@127.0.0.1:$pg_port/pyapp" \
  exec "$python" -m gunicorn -c "$work/export/gunicorn.conf.py" gateway_app:app >"$work/py.log" 2>&1) & pids+=($!)
py_pid=$!
for _ in $(seq 1 600); do
  booted=$(grep -c "Application startup complete" "$work/py.log" 2>/dev/null || true)
  ((${booted:-0} >= 2)) && break
  kill -0 "$py_pid" 2>/dev/null || { cat "$work/py.log" >&2; echo "bench-postgres: the Python gateway exited" >&2; exit 1; }
  sleep 0.05
done

# Each request one of the sessions, drawn per request; the same script for both gateways.
cat >"$work/post.lua" <<LUA
local counter = 0
function setup(thread) counter = counter + 1; thread:set("id", counter) end
function init(args) math.randomseed(os.time() * 100 + id) end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $key"
request = function()
  local body = '{"model":"gatetune-mock","messages":[{"role":"user","content":"w w w w w w w w"}],"max_tokens":1,"user":"user-'
    .. math.random($sessions) .. '"}'
  return wrk.format(nil, nil, nil, body)
end
LUA

# A real success before any load: 200, the upstream's completion, the session found.
check() {  # name port
  local out
  out=$(curl -sS -i -X POST -H "Content-Type: application/json" -H "Authorization: Bearer $key" \
    -d '{"model":"gatetune-mock","messages":[{"role":"user","content":"w w w w"}],"max_tokens":1,"user":"user-1"}' \
    "http://127.0.0.1:$2/v1/chat/completions")
  if ! grep -q '^HTTP/1.1 200' <<<"$out" || ! grep -q '"choices"' <<<"$out"; then
    echo "bench-postgres: $1 does not answer a chat completion:" >&2; echo "$out" >&2; exit 1
  fi
}
check "gatetune gateway" "$gw"
check "Python gateway" "$py_port"

# PostgreSQL's CPU: the postmaster's own and its reaped backends' (cutime), plus the backends
# alive at the moment — listed afresh each time, so backends that come or go during a run count
# exactly once.
pg_ticks() {
  local pm
  pm=$(head -1 "$work/pg/postmaster.pid")
  bench_cpu_ticks "$pm" $(pgrep -P "$pm" || true)
}
hz=$(getconf CLK_TCK)
idle_ticks() { awk '/^cpu / {print $5 + $6; exit}' /proc/stat; }  # idle + iowait, all CPUs
total_ticks() { awk '/^cpu / {t = 0; for (i = 2; i <= 9; i++) t += $i; print t; exit}' /proc/stat; }

run() {  # name port database pid
  local name="$1" port="$2" db="$3" pid="$4" out rps p99 n non2xx rows0 rows1 procs before after pbefore pafter ubefore uafter ibefore iafter tbefore tafter
  # A short warm-up first: the pools' connections open and the workers' caches fill.
  wrk -t2 -c"$conns" -d2s -s "$work/post.lua" "http://127.0.0.1:$port/v1/chat/completions" >/dev/null
  procs=("$pid" $(pgrep -P "$pid" || true))
  rows0=$(psql -d "$db" -c "SELECT count(*) FROM usage")
  before=$(bench_cpu_ticks "${procs[@]}"); pbefore=$(pg_ticks); ubefore=$(bench_cpu_ticks "$up_pid")
  ibefore=$(idle_ticks); tbefore=$(total_ticks)
  out=$(wrk -t2 -c"$conns" -d"${duration}s" --latency -s "$work/post.lua" "http://127.0.0.1:$port/v1/chat/completions")
  after=$(bench_cpu_ticks "${procs[@]}"); pafter=$(pg_ticks); uafter=$(bench_cpu_ticks "$up_pid")
  iafter=$(idle_ticks); tafter=$(total_ticks)
  sleep 0.2  # requests wrk abandoned at its deadline finish their commit
  rows1=$(psql -d "$db" -c "SELECT count(*) FROM usage")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  n=$(awk '/requests in/ {print $1}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  non2xx=${non2xx:-0}
  local committed=$((rows1 - rows0))
  # Every 2xx answer committed a usage row (rows of requests cut off by wrk's deadline may add a few).
  local ok="yes"
  ((committed >= n - non2xx)) || ok="NO ($committed rows for $((n - non2xx)) answers)"
  local gw_us pg_us up_us idle
  idle=$(awk -v i=$((iafter - ibefore)) -v t=$((tafter - tbefore)) 'BEGIN {printf "%.0f%%", (t > 0 ? 100 * i / t : 0)}')
  gw_us=$(awk -v t=$((after - before)) -v n="$n" -v hz="$hz" 'BEGIN {printf "%.1f", t * 1e6 / hz / n}')
  pg_us=$(awk -v t=$((pafter - pbefore)) -v n="$n" -v hz="$hz" 'BEGIN {printf "%.1f", t * 1e6 / hz / n}')
  up_us=$(awk -v t=$((uafter - ubefore)) -v n="$n" -v hz="$hz" 'BEGIN {printf "%.1f", t * 1e6 / hz / n}')
  printf '%-28s %12s %10s %8s %10s %16s %16s %16s %9s\n' "$name" "$rps" "$p99" "$non2xx" "$ok" "$gw_us" "$pg_us" "$up_us" "$idle"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$rps" "$p99" "$non2xx" "$gw_us" "$pg_us" "$up_us" >>"$work/results.tsv"
  [[ "$name" == gatetune* ]] && gt_rps="$rps"
  [[ "$name" == Python* ]] && py_rps="$rps"
  return 0
}
header() {
  printf '%-28s %12s %10s %8s %10s %16s %16s %16s %9s\n' "$1" "requests/s" "p99" "non-2xx" "committed" "gateway CPU us/r" "postgres CPU us/r" "upstream CPU us/r" "CPUs idle"
}
echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1 (fsync=off), $(nproc) CPUs, wrk -t2 -c$conns, ${duration} s"
for round in $(seq 1 "$rounds"); do
  header "gateway$( ((rounds > 1)) && echo ", round $round")"
  gt_rps="" py_rps=""
  run "gatetune (C++)" "$gw" gatetune "$gw_pid"
  run "Python (FastAPI/asyncpg)" "$py_port" pyapp "$py_pid"
  awk -v a="$gt_rps" -v b="$py_rps" 'BEGIN {printf "%-28s %12.2f\n", "gatetune / Python", a / b}'
done
if ((rounds > 1)); then  # medians per gateway over the rounds (p99 in ms)
  echo
  printf '%-28s %12s %10s %8s %16s %16s %16s\n' "median of $rounds rounds" "requests/s" "p99 ms" "non-2xx" "gateway CPU us/r" "postgres CPU us/r" "upstream CPU us/r"
  awk -F'\t' '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v + 0 }
    function median(list,   a, n, i, j, t) {
      n = split(list, a, " ")
      for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    !($1 in seen) { seen[$1] = 1; order[++k] = $1 }
    { rps[$1] = rps[$1] " " $2; p99[$1] = p99[$1] " " ms($3); bad[$1] = bad[$1] " " $4; cpu[$1] = cpu[$1] " " $5; pg[$1] = pg[$1] " " $6; up[$1] = up[$1] " " $7 }
    END {
      for (i = 1; i <= k; i++) { t = order[i]; m[i] = median(rps[t])
        printf "%-28s %12.0f %10.2f %8s %16s %16s %16s\n", t, m[i], median(p99[t]), median(bad[t]), median(cpu[t]), median(pg[t]), median(up[t]) }
      if (k == 2 && m[2] > 0) printf "%-28s %12.2f\n", "gatetune / Python", m[1] / m[2]
    }
  ' "$work/results.tsv"
fi

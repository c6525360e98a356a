# Sourced by the bench-*.sh scripts: what they share. Set bench_name (for messages) first.

# bench_install PACKAGE…: installs the missing Debian packages named (as root; otherwise says
# which are needed and exits 2). No arguments: nothing is missing.
bench_install() {
  (($#)) || return 0
  if [[ $(id -u) -ne 0 ]]; then echo "$bench_name: need $* (run as root to install)" >&2; exit 2; fi
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# bench_wait_port FILE WHAT: prints the port a server wrote to FILE (--port-file), waiting up to
# 15 s for it; exits 1 when WHAT did not start.
bench_wait_port() {
  for _ in $(seq 1 300); do [[ -s "$1" ]] && { cat "$1"; return; }; sleep 0.05; done
  echo "$bench_name: $2 did not start" >&2
  exit 1
}

# bench_instant_preset FILE NAME: a preset for an instant upstream (no router overhead, no
# prefill or decode time, one output token) and a gateway of 2 UvicornWorkers without CPU per
# request, keeping every upstream connection alive.
bench_instant_preset() {
  cat >"$1" <<TOML
name = "$2"
[server]
workers = 2
worker_class = "uvicorn"
[request]
parse_cpu = 0.0
response_cpu = 0.0
[http_client]
max_keepalive_connections = 100
[upstream]
network_rtt = 0.0
router_overhead = 0.0
ttft_base = 0.0
time_per_output_token = 0.0
[workload]
calls = [[8, 1]]
TOML
}

# bench_cpu_ticks PID…: user + system clock ticks of the processes, their threads and their
# reaped children; a process gone meanwhile counts 0.
bench_cpu_ticks() {
  local t=0 p v
  for p in "$@"; do
    v=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$p/stat" 2>/dev/null || true)
    t=$((t + ${v:-0}))
  done
  echo "$t"
}

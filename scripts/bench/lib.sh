# shellcheck shell=bash
# Shared by scripts/bench/*.sh and scripts/faults/*.sh: a private PostgreSQL cluster on a free loopback port, Release
# builds, the gateway and the sandbox as child processes, and cleanup of exactly what was started. Source it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$root/scripts/lib/pg.sh"

bench_work=$(mktemp -d /tmp/gridline-bench.XXXXXX)
chmod 755 "$bench_work"
bench_pids=()
bench_cleanup() {
  local pid i
  # SIGTERM, not SIGINT: background jobs of a non-interactive shell ignore SIGINT, which left gateways running.
  # .NET shuts down gracefully on SIGTERM; anything still alive after 20 s is killed.
  for pid in "${bench_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for i in $(seq 1 40); do
    local alive=0
    for pid in "${bench_pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.5
  done
  for pid in "${bench_pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  pg_stop "$bench_work/pg"
  [ -n "${BENCH_KEEP:-}" ] || rm -rf "$bench_work"
}
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

# Machine facts printed at the top of every script (the figures depend on them).
bench_machine() {
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GB RAM;" \
       "load average $(cut -d' ' -f1-3 /proc/loadavg); PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'); .NET $(dotnet --version); $(date -u +%Y-%m-%dT%H:%MZ)"
}

# bench_pg: starts the private cluster (fsync and synchronous_commit stay on: an ack means the row is committed).
bench_pg() {
  pg_find_bin
  bench_pg_port=$(pg_free_port)
  pg_init "$bench_work/pg"
  PG_EXTRA_OPTS="-c shared_preload_libraries=pg_stat_statements ${BENCH_PG_OPTS:-}" pg_start "$bench_work/pg" "$bench_pg_port"
  psql -h 127.0.0.1 -p "$bench_pg_port" -U postgres -d postgres -qc "create database gridline" >/dev/null
  bench_cs="Host=127.0.0.1;Port=$bench_pg_port;Username=postgres;Database=gridline${BENCH_CS_EXTRA:-}"
  echo "database: private cluster on 127.0.0.1:$bench_pg_port ($bench_work/pg), fsync=on, synchronous_commit=on"
}

bench_psql() { psql -h 127.0.0.1 -p "$bench_pg_port" -U postgres -d gridline -tAqc "$1"; }

# bench_build PROJECT...: Release builds (quiet; errors shown).
bench_build() {
  local p
  for p in "$@"; do
    dotnet build "$root/$p" -c Release -nologo -v q -clp:ErrorsOnly >/dev/null || { dotnet build "$root/$p" -c Release -nologo -v q -clp:ErrorsOnly; exit 1; }
  done
}

# bench_gateway PORT [--Key=Value ...]: starts the Release gateway with the sandbox's WeCom credentials; waits for /readyz.
# Sets bench_gateway_pid (last started).
bench_gateway() {
  local port="$1"; shift
  ( cd "$root/src/BotGateway" && ASPNETCORE_ENVIRONMENT=Sandbox ConnectionStrings__GridLine="$bench_cs" \
      exec dotnet bin/Release/net10.0/GridLine.BotGateway.dll --urls "http://127.0.0.1:$port" \
      --Logging:LogLevel:Default=Warning --Bench:Enabled=true "$@" ) >>"$bench_work/gateway-$port.log" 2>&1 &
  bench_gateway_pid=$!
  bench_pids+=("$bench_gateway_pid")
  bench_wait_ready "http://127.0.0.1:$port/readyz" "$bench_gateway_pid" "$bench_work/gateway-$port.log"
}

# bench_sandbox PORT GATEWAY_URL: starts the Release WeCom sandbox.
bench_sandbox() {
  local port="$1" gateway="$2"
  ( cd "$root/src/WeComSandbox" && exec dotnet bin/Release/net10.0/GridLine.WeComSandbox.dll --urls "http://127.0.0.1:$port" \
      --Sandbox:GatewayUrl "$gateway" --Logging:LogLevel:Default=Warning ) >>"$bench_work/sandbox.log" 2>&1 &
  bench_sandbox_pid=$!
  bench_pids+=("$bench_sandbox_pid")
  bench_wait_ready "http://127.0.0.1:$port/sandbox/config" "$bench_sandbox_pid" "$bench_work/sandbox.log"
}

bench_wait_ready() {
  local url="$1" pid="$2" log="$3" i
  for i in $(seq 1 240); do
    curl -fsS "$url" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { echo "process $pid exited; last lines of $log:"; tail -n 30 "$log"; exit 1; }
    sleep 0.5
  done
  echo "$url not ready after 120 s"; tail -n 30 "$log"; exit 1
}

# bench_loadgen ARGS...: runs the load generator (Release build); its exit status is returned, not fatal.
bench_loadgen() {
  ( cd "$root" && dotnet tools/LoadGen/bin/Release/net10.0/GridLine.LoadGen.dll "$@" ) || return $?
}

# Resident set size of a process in MB.
bench_rss_mb() { awk '/VmRSS/{printf "%.0f", $2/1024}' "/proc/$1/status"; }

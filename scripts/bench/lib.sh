# shellcheck shell=bash
# Shared by scripts/bench/*.sh and scripts/faults/*.sh: a private PostgreSQL cluster on a free loopback port, Release
# builds, the gateway and the sandbox as child processes, and cleanup of exactly what was started. Source it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$root/scripts/lib/pg.sh"

bench_work=$(mktemp -d /tmp/gridline-bench.XXXXXX)
chmod 755 "$bench_work"
bench_pids=()
bench_gateway_pids=()
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

# PostgreSQL settings of the benchmark cluster: initdb's defaults, with fsync and synchronous_commit on (an acknowledgement
# means the row is committed and flushed). BENCH_PG_OPTS adds -c settings. Tried and not kept (docs/benchmarks.md):
# shared_buffers=2GB with max_wal_size=8GB made the 10-minute run at 1,000 messages/s fall further behind — the machine
# spent its time in the kernel (each backend's first touch of the larger shared memory, no huge pages on this VM).
bench_pg_opts() {
  echo "-c shared_preload_libraries=pg_stat_statements ${BENCH_PG_OPTS:-}"
}

# bench_pg: starts the private cluster.
bench_pg() {
  pg_find_bin
  bench_pg_port=$(pg_free_port)
  pg_init "$bench_work/pg"
  PG_EXTRA_OPTS="$(bench_pg_opts)" pg_start "$bench_work/pg" "$bench_pg_port"
  psql -h 127.0.0.1 -p "$bench_pg_port" -U postgres -d postgres -qc "create database gridline" >/dev/null
  bench_cs="Host=127.0.0.1;Port=$bench_pg_port;Username=postgres;Database=gridline${BENCH_CS_EXTRA:-}"
  echo "database: private cluster on 127.0.0.1:$bench_pg_port ($bench_work/pg), fsync=on, synchronous_commit=on${BENCH_PG_OPTS:+, $BENCH_PG_OPTS}"
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
  bench_gateway_pids+=("$bench_gateway_pid")
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

# bench_cpu_snapshot: cumulative CPU seconds (user+system) of what the script started, as "gateway sandbox postgres"
# (postgres = the postmaster, its live children, and — through the postmaster's cutime/cstime — every backend that
# exited and was reaped meanwhile, since pools retire idle connections). Gateway = every gateway started (bench_gateway_pids).
bench_cpu_snapshot() {
  local tck pid g=0 s=0 p=0 pm
  tck=$(getconf CLK_TCK)
  _ticks() { awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$1/stat" 2>/dev/null || echo 0; }
  for pid in "${bench_gateway_pids[@]}"; do g=$((g + $(_ticks "$pid"))); done
  [ -n "${bench_sandbox_pid:-}" ] && s=$(_ticks "$bench_sandbox_pid")
  pm=$(head -1 "$bench_work/pg/postmaster.pid" 2>/dev/null || echo)
  if [ -n "$pm" ]; then
    p=$(awk '{sub(/^.*\) /, ""); print $12 + $13 + $14 + $15}' "/proc/$pm/stat" 2>/dev/null || echo 0)
    for pid in $(pgrep -P "$pm"); do p=$((p + $(_ticks "$pid"))); done
  fi
  echo "$g $s $p $tck"
}

# bench_cpu_report "SNAPSHOT_BEFORE" "SNAPSHOT_AFTER" MESSAGES: CPU seconds per component over the interval and per message.
bench_cpu_report() {
  local -a a=($1) b=($2)
  awk -v g=$(( b[0] - a[0] )) -v s=$(( b[1] - a[1] )) -v p=$(( b[2] - a[2] )) -v t="${b[3]}" -v n="$3" 'BEGIN {
    printf "CPU over the phase (send + drain): gateway %.1f s, sandbox %.1f s, PostgreSQL %.1f s = %.1f s; per message: gateway %.2f ms, sandbox %.2f ms, PostgreSQL %.2f ms, total %.2f ms (+ load generator, printed by it)\n",
      g/t, s/t, p/t, (g+s+p)/t, 1000*g/t/n, 1000*s/t/n, 1000*p/t/n, 1000*(g+s+p)/t/n }'
}

# bench_load_groups N: N more chat groups (wrLoad0001…) mapped round-robin to the demo's grids, as a district with many
# grid groups has; prints the comma-separated chat ids, the three demo groups first.
bench_load_groups() {
  bench_psql "insert into chat_group (chat_id, name, grid_id)
              select 'wrLoad' || lpad(i::text, 4, '0'), '压测网格群' || i, g.id
              from generate_series(1, $1) i
              join (select id, row_number() over (order by id) - 1 as k, count(*) over () as n from grid where level in ('grid', 'micro_grid')) g
                on g.k = (i - 1) % g.n
              on conflict (chat_id) do nothing" >/dev/null
  echo "wrGridEast001,wrGridEast002,wrGridWest001$(printf ',wrLoad%04d' $(seq 1 "$1"))"
}

# Resident set size of a process in MB.
bench_rss_mb() { awk '/VmRSS/{printf "%.0f", $2/1024}' "/proc/$1/status"; }

# ---- fault-test helpers (scripts/faults/*.sh) ----

# bench_kill9 PID: kill -9, as a crash would; waits until it is gone.
bench_kill9() {
  kill -9 "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# bench_pg_restart DOWN_SECONDS: stops the private cluster (fast shutdown: open connections are cut), waits, starts it again.
bench_pg_restart() {
  pg_as_owner "$PG_BIN/pg_ctl" -D "$bench_work/pg" -m fast -w -t 60 stop >/dev/null
  sleep "$1"
  PG_EXTRA_OPTS="$(bench_pg_opts)" pg_start "$bench_work/pg" "$bench_pg_port"
}

# bench_fault SANDBOX_URL JSON: sets the sandbox's injected fault (POST /sandbox/faults).
bench_fault() { curl -fsS -X POST -H 'Content-Type: application/json' -d "$2" "$1/sandbox/faults" >/dev/null; }

# bench_wait_outbox SECONDS: waits until no outbox row is 'sending' or due 'pending' (rows held by WeCom's per-member
# rate limit are pending with a later next_attempt_at and are not waited for).
bench_wait_outbox() {
  local i
  for i in $(seq 1 "$1"); do
    [ "$(bench_psql "select count(*) from outbox_message where state = 'sending' or (state = 'pending' and next_attempt_at <= now() + interval '1 second')")" = 0 ] && return 0
    sleep 1
  done
  return 1
}

# bench_outbox_check SANDBOX_URL: compares what the outbox marked 'sent' with what the sandbox accepted (errcode 0), per
# API: each sent row must correspond to exactly one accepted request, so accepted > sent means a reply went out twice.
# Also: rows 'failed', AI-bot response codes accepted more than once, group-robot texts accepted more often than the
# outbox holds them. Prints the figures; returns 1 when anything was doubled or failed. Reads the sandbox's in-memory
# request log (its last 20,000 entries: keep fault runs short enough for that).
bench_outbox_check() {
  local sandbox="$1" log="$bench_work/sandbox-requests.json" bad=0
  curl -fsS "$sandbox/sandbox/requests?since=0" >"$log"
  echo "outbox rows by channel and state:"
  bench_psql "select '  ' || channel || ': ' || string_agg(state || ' ' || n, ', ' order by state) from (select channel, state, count(*) n from outbox_message group by 1, 2) s group by channel order by channel"
  local sent accepted dropped failed log_entries
  sent=$(bench_psql "select count(*) from outbox_message where state = 'sent'")
  failed=$(bench_psql "select count(*) from outbox_message where state = 'failed'")
  log_entries=$(jq 'length' "$log")
  # Repeats dropped by message/send's enable_duplicate_check (duplicate: true) reached nobody: not counted as delivered.
  accepted=$(jq '[.[] | select(.kind == "api" and .errcode == 0 and (.duplicate | not) and (.path | test("/(aibot/response|webhook/send|message/send|appchat/send)$")))] | length' "$log")
  dropped=$(jq '[.[] | select(.kind == "api" and .duplicate == true)] | length' "$log")
  echo "sandbox: $log_entries requests logged; accepted sends (errcode 0) by API: $(jq -r '[.[] | select(.kind == "api" and (.path | test("/(aibot/response|webhook/send|message/send|appchat/send)$")))] | group_by(.path) | map("\(.[0].path | sub("/cgi-bin/"; "")) \(map(select(.errcode == 0)) | length) accepted / \(length) requests") | join(", ")' "$log")"
  local codes_twice texts_twice
  codes_twice=$(jq '[.[] | select(.kind == "api" and .errcode == 0 and (.path | endswith("/aibot/response"))) | .query] | group_by(.) | map(select(length > 1)) | length' "$log")
  # Group-robot texts accepted by the sandbox vs outbox rows holding the same text: more accepted than rows = doubled.
  bench_psql "select coalesce(payload->'text'->>'content', payload->>'content', payload::text) from outbox_message where channel = 'group' and state = 'sent'" \
    | sort | uniq -c | awk '{c=$1; $1=""; print c "\t" substr($0,2)}' >"$bench_work/outbox-texts.tsv"
  jq -r '.[] | select(.kind == "api" and .errcode == 0 and (.path | endswith("/webhook/send"))) | .text // ""' "$log" \
    | sort | uniq -c | awk '{c=$1; $1=""; print c "\t" substr($0,2)}' >"$bench_work/sandbox-texts.tsv"
  texts_twice=$(awk -F'\t' 'NR==FNR {rows[$2]+=$1; next} $1 > rows[$2] {n++} END {print n+0}' "$bench_work/outbox-texts.tsv" "$bench_work/sandbox-texts.tsv")
  echo "outbox rows sent $sent, failed $failed; sandbox accepted sends $accepted (plus $dropped repeats WeCom's duplicate check dropped); response codes accepted more than once $codes_twice; group-robot texts accepted more often than the outbox holds them $texts_twice"
  [ "$log_entries" -lt 20000 ] || echo "WARNING: the sandbox request log is at its 20,000-entry cap; older entries were dropped (accepted count is a lower bound)"
  if [ "$accepted" -gt "$sent" ] || [ "$codes_twice" -gt 0 ] || [ "$texts_twice" -gt 0 ]; then echo "DOUBLED: a reply was accepted by WeCom more often than the outbox marked it sent"; bad=1; fi
  if [ "$failed" -gt 0 ]; then echo "FAILED: $failed outbox rows gave up"; bad=1; fi
  [ "$accepted" -ge "$sent" ] || echo "note: outbox rows sent ($sent) exceed accepted requests in the log ($accepted): log truncated?"
  return $bad
}

# bench_inbox_summary: inbox rows by state, work orders opened per message (must be ≤ 1).
bench_inbox_summary() {
  echo "inbox rows by state: $(bench_psql "select string_agg(state || ' ' || n, ', ' order by state) from (select state, count(*) n from inbox_message group by 1) s")"
  echo "messages that opened more than one work order: $(bench_psql "select count(*) from (select inbox_message_id from work_order_event where action = 'open' group by 1 having count(*) > 1) s")"
}

# fault_prepare: the private cluster, the machine line, and Release builds of the gateway, the sandbox and LoadGen.
fault_prepare() {
  bench_pg
  echo "$(bench_machine)"
  echo "building (Release)..."
  bench_build src/BotGateway src/WeComSandbox tools/LoadGen
}

# fault_world [GATEWAY_ARGS...]: one gateway (dispatcher and outbox on, Hangfire server off) talking to one sandbox.
# Sets gport, sport, gateway, sandbox, chats (the demo groups plus 13 unmapped ones spreading the dispatcher's partitions)
# and fault_gateway_args (to restart the gateway the same way).
fault_world() {
  gport=$(pg_free_port); sport=$(pg_free_port)
  gateway="http://127.0.0.1:$gport"; sandbox="http://127.0.0.1:$sport"
  fault_gateway_args=(--WeCom:BaseUrl="$sandbox/cgi-bin/" --Jobs:ServerEnabled=false "$@")
  bench_gateway "$gport" "${fault_gateway_args[@]}"
  bench_sandbox "$sport" "$gateway"
  echo "gateway $gateway (pid $bench_gateway_pid), sandbox $sandbox"
  chats="wrGridEast001,wrGridEast002,wrGridWest001$(printf ',wrLoadGroup%02d' $(seq 1 13))"
}

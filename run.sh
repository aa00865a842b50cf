#!/usr/bin/env bash
# Starts the whole system on an embedded default: a private PostgreSQL cluster in .local/ (unless
# ConnectionStrings__GridLine is set), the WeCom sandbox, and the gateway with its console, all on 127.0.0.1.
# Ctrl-C stops everything cleanly; a second run reuses the data in .local/.
set -euo pipefail
set -m   # children get their own process groups and do not ignore SIGINT; we forward Ctrl-C ourselves
cd "$(dirname "$0")"
root=$(pwd)
. scripts/lib/pg.sh

gateway_port="${GRIDLINE_PORT:-5080}"
sandbox_port="${GRIDLINE_SANDBOX_PORT:-5090}"
state="${GRIDLINE_STATE_DIR:-$root/.local}"
mkdir -p "$state"

pids=()
pg_dir=""
stopping=0
shutdown() {
  [ "$stopping" = 1 ] && return; stopping=1
  echo; echo "stopping GridLine..."
  for pid in "${pids[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "$pg_dir" ]; then pg_stop "$pg_dir"; echo "database stopped"; fi
  echo "stopped."
}
trap 'shutdown; exit 0' INT TERM
trap shutdown EXIT

# 1. Database: the configured one, or the embedded private cluster.
if [ -n "${ConnectionStrings__GridLine:-}" ]; then
  echo "using the database from ConnectionStrings__GridLine (nothing started)"
else
  pg_find_bin
  pg_dir="$state/pg"
  if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$state" 2>/dev/null; then
    # The postgres user cannot reach the repo folder (e.g. under /root): keep the cluster in a per-repo folder it can reach.
    pg_dir="/var/tmp/gridline-$(echo "$root" | md5sum | cut -c1-12)/pg"; mkdir -p "$(dirname "$pg_dir")"
    echo "note: the postgres user cannot read $state; the database lives in $pg_dir"
  fi
  [ -f "$state/pg-port" ] || echo "${GRIDLINE_PG_PORT:-54329}" > "$state/pg-port"
  pg_port=$(cat "$state/pg-port")
  if [ ! -f "$state/pg-password" ]; then
    (umask 077; head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$state/pg-password")
  fi
  pw=$(cat "$state/pg-password")
  if [ ! -f "$pg_dir/PG_VERSION" ]; then
    pwfile="$(dirname "$pg_dir")/pwfile.tmp"; printf '%s' "$pw" > "$pwfile"
    echo "creating the private database cluster in $pg_dir ..."
    pg_init "$pg_dir" "$pwfile"; rm -f "$pwfile"
  fi
  if [ -f "$pg_dir/postmaster.pid" ] && pg_as_owner "$PG_BIN/pg_ctl" -D "$pg_dir" status >/dev/null 2>&1; then
    echo "database already running on port $pg_port"
  else
    pg_start "$pg_dir" "$pg_port"
  fi
  PGPASSWORD="$pw" psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -tAc "select 1 from pg_database where datname='gridline'" | grep -q 1 \
    || PGPASSWORD="$pw" psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -qc "create database gridline" >/dev/null
  export ConnectionStrings__GridLine="Host=127.0.0.1;Port=$pg_port;Username=postgres;Password=$pw;Database=gridline"
fi

# 2. Build once, then run the compiled apps directly (clean signal handling).
echo "building..."
for project in src/WeComSandbox src/BotGateway; do
  dotnet build "$project" -nologo -v q -clp:ErrorsOnly >/dev/null || { dotnet build "$project" -nologo -v q -clp:ErrorsOnly; exit 1; }
done

# 2b. A console admin. On the private cluster, the first run creates "admin" with a random one-time password kept in
# .local/admin-password (mode 600) and printed below; change it in the console. With your own database, create one yourself.
admin_note="no console admin created: GRIDLINE_ADMIN_PASSWORD=... dotnet run --project src/BotGateway -- create-admin --login admin --role system_admin"
if [ -n "$pg_dir" ]; then
  if [ ! -f "$state/admin-password" ]; then
    (umask 077; head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 16 > "$state/admin-password.tmp")
    if GRIDLINE_ADMIN_PASSWORD="$(cat "$state/admin-password.tmp")" dotnet src/BotGateway/bin/Debug/net10.0/GridLine.BotGateway.dll \
         create-admin --login admin --role system_admin --name 本地管理员 >/dev/null 2>&1; then
      mv "$state/admin-password.tmp" "$state/admin-password"
    else
      rm -f "$state/admin-password.tmp"
    fi
  fi
  [ -f "$state/admin-password" ] && admin_note="login admin, one-time password $(cat "$state/admin-password") (also in $state/admin-password)"
fi

sandbox_url="http://127.0.0.1:$sandbox_port"
gateway_url="http://127.0.0.1:$gateway_port"
export GRIDLINE_SANDBOX_URL="$sandbox_url" GRIDLINE_GATEWAY_URL="$gateway_url"
export WeCom__BaseUrl="${WeCom__BaseUrl:-$sandbox_url/cgi-bin/}"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Sandbox}"   # loads src/BotGateway/appsettings.Sandbox.json

# 3. The WeCom sandbox (emulated WeCom server + chat simulator), then the gateway.
( cd src/WeComSandbox && exec dotnet bin/Debug/net10.0/GridLine.WeComSandbox.dll --urls "$sandbox_url" --Sandbox:GatewayUrl "$gateway_url" ) &
pids+=($!)
( cd src/BotGateway && exec dotnet bin/Debug/net10.0/GridLine.BotGateway.dll --urls "$gateway_url" ) &
pids+=($!)

# 4. Wait for readiness, then print where to go.
for i in $(seq 1 120); do
  if curl -fsS "$gateway_url/readyz" >/dev/null 2>&1; then break; fi
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || { echo "a process exited during startup"; exit 1; }; done
  sleep 0.5
done
cat <<TXT

GridLine is running.
  gateway        $gateway_url          (health: $gateway_url/healthz, readiness: $gateway_url/readyz)
  console        $gateway_url/console/  ($admin_note)
  API reference  $gateway_url/api/docs  (OpenAPI: $gateway_url/openapi/v1.json; Open311: $gateway_url/open311/v2/services.json; Prometheus: $gateway_url/metrics)
  WeCom sandbox  $sandbox_url          (chat as a resident or grid worker)
  app callback   $gateway_url/wecom/app/main     (see appsettings.example.json for token / EncodingAESKey / receiveid)
  AI-bot callback $gateway_url/wecom/bot/grid
Press Ctrl-C to stop.
TXT
wait -n "${pids[@]}" || true
echo "a process exited; shutting down"

# shellcheck shell=bash
# Private PostgreSQL clusters on loopback for ./run.sh and ./test.sh. Source this file; it defines functions only.

# Finds the newest PostgreSQL server binaries; installs Debian's postgresql package when missing and running as root.
pg_find_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then PG_BIN="$d"; return 0; fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    PG_BIN="$(dirname "$(command -v initdb)")"; return 0
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "PostgreSQL server binaries not found; installing Debian's postgresql package..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2 || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2; } || return 1
    pg_find_bin; return $?
  fi
  echo "PostgreSQL server binaries (initdb, pg_ctl) not found. Install Debian's 'postgresql' package, or set ConnectionStrings__GridLine to use an existing database." >&2
  return 1
}

# Runs a command as the cluster owner: 'postgres' when we are root (the server refuses to run as root), else ourselves.
pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Prints a free TCP port on 127.0.0.1 (tries random ports in 20000-45000).
pg_free_port() {
  local p i low
  # Below the kernel's ephemeral range: a port picked inside it can be taken by an outgoing connection (the load
  # generator opens thousands) between this check and the server's bind.
  low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  [ "$low" -gt 21000 ] 2>/dev/null || low=32768
  for i in $(seq 1 200); do
    p=$(( 20000 + (RANDOM * 32768 + RANDOM) % (low - 20000) ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  echo "no free port found" >&2; return 1
}

# pg_init DIR [PWFILE]: creates a cluster in DIR unless one exists. With PWFILE, TCP logins need that password (scram); without, trust.
pg_init() {
  local dir="$1" pwfile="${2:-}"
  [ -f "$dir/PG_VERSION" ] && return 0
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; chmod 700 "$dir"; fi
  local auth=(--auth-local=trust --auth-host=trust)
  if [ -n "$pwfile" ]; then
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$pwfile"
    auth=(--auth-local=trust --auth-host=scram-sha-256 "--pwfile=$pwfile")
  fi
  pg_as_owner "$PG_BIN/initdb" -D "$dir" -U postgres -E UTF8 --locale=C.UTF-8 "${auth[@]}" >"$dir.initdb.log" 2>&1 \
    || { echo "initdb failed; see $dir.initdb.log" >&2; cat "$dir.initdb.log" >&2; return 1; }
}

# pg_start DIR PORT: starts the cluster on 127.0.0.1:PORT (no Unix socket) and waits until it accepts connections.
# PG_EXTRA_OPTS adds server options (e.g. "-c shared_preload_libraries=pg_stat_statements" for the benchmarks).
pg_start() {
  local dir="$1" port="$2"
  pg_as_owner "$PG_BIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=${PG_MAX_CONNECTIONS:-300} -c shared_buffers=128MB -c fsync=${PG_FSYNC:-on} ${PG_EXTRA_OPTS:-}" start >/dev/null \
    || { echo "PostgreSQL did not start; last lines of $dir/server.log:" >&2; tail -n 20 "$dir/server.log" >&2; return 1; }
}

# pg_stop DIR: fast shutdown, waits for it.
pg_stop() {
  local dir="$1"
  [ -f "$dir/postmaster.pid" ] || return 0
  pg_as_owner "$PG_BIN/pg_ctl" -D "$dir" -m fast -w -t 60 stop >/dev/null 2>&1 || true
}

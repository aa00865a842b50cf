#!/usr/bin/env bash
# Tries ./run.sh as a new user would: a fresh state folder, wait for /readyz (must answer 200 within 60 s),
# then Ctrl-C (SIGINT to its process group) and check everything stopped cleanly. Exit code 0 = pass.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/pg.sh

state=$(mktemp -d /tmp/gridline-smoke.XXXXXX); chmod 755 "$state"
export GRIDLINE_STATE_DIR="$state"
export GRIDLINE_PORT=$(pg_free_port) GRIDLINE_SANDBOX_PORT=$(pg_free_port) GRIDLINE_PG_PORT=$(pg_free_port)
unset ConnectionStrings__GridLine
log="$state/run.log"
fail() { echo "smoke-run: FAIL: $*"; echo "--- run.sh output ---"; tail -n 40 "$log"; kill -KILL -- -"$pid" 2>/dev/null; pg_find_bin >/dev/null 2>&1 && pg_stop "$state/pg"; exit 1; }

set -m
./run.sh >"$log" 2>&1 &
pid=$!
set +m
start=$(date +%s)
ready=0
while [ $(( $(date +%s) - start )) -lt 60 ]; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$GRIDLINE_PORT/readyz" 2>/dev/null)
  if [ "$code" = 200 ]; then ready=1; break; fi
  kill -0 "$pid" 2>/dev/null || fail "run.sh exited before /readyz answered"
  sleep 0.5
done
[ "$ready" = 1 ] || fail "/readyz did not answer 200 within 60 s"
echo "smoke-run: /readyz 200 after $(( $(date +%s) - start )) s"

kill -INT -- -"$pid"
for i in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
kill -0 "$pid" 2>/dev/null && fail "run.sh still running 30 s after Ctrl-C"
wait "$pid"; rc=$?
[ "$rc" = 0 ] || fail "run.sh exited with $rc after Ctrl-C"
[ -f "$state/pg/postmaster.pid" ] && fail "PostgreSQL still running after Ctrl-C"
(exec 3<>"/dev/tcp/127.0.0.1/$GRIDLINE_PORT") 2>/dev/null && fail "gateway port still open after Ctrl-C"
grep -q "stopped." "$log" || fail "run.sh did not report a clean stop"
echo "smoke-run: stopped cleanly after Ctrl-C"
rm -rf "$state"
echo "smoke-run: PASS"

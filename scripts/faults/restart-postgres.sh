#!/usr/bin/env bash
# PostgreSQL restarted under load: the gateway answers 503 while the database is down (WeCom retries), recovers by itself
# (no gateway restart), loses nothing: every 200 stored, processed once, replies sent once.
#   RATE (150) DURATION (40)   load, messages/s and seconds
#   STOP_AT (12) DOWN (10)     seconds into the load when PostgreSQL is stopped (pg_ctl stop -m fast); seconds it stays down
. "$(dirname "$0")/../bench/lib.sh"
RATE=${RATE:-150} DURATION=${DURATION:-40} STOP_AT=${STOP_AT:-12} DOWN=${DOWN:-10}

fault_prepare
fault_world
gpid=$bench_gateway_pid

echo; echo "### load: $RATE messages/s for $DURATION s (e2e, 5 % repeats); PostgreSQL stopped at $STOP_AT s for $DOWN s"
bench_loadgen --url "$gateway" --sandbox "$sandbox" --connection "$bench_cs" --mode e2e --repeat-share 0.05 --chats "$chats" \
  --rate "$RATE" --duration "$DURATION" --check-timeout 180 --request-timeout 10 --tolerate-unavailable >"$bench_work/loadgen.log" 2>&1 &
lg=$!; bench_pids+=("$lg")
sleep "$STOP_AT"
echo "$(date -u +%T) stopping PostgreSQL (inbox rows so far $(bench_psql "select count(*) from inbox_message"))"
( sleep 2; echo "$(date -u +%T) while down: GET /readyz → $(curl -s -o /dev/null -w '%{http_code}' "$gateway/readyz")" ) &
bench_pg_restart "$DOWN"
echo "$(date -u +%T) PostgreSQL started again; GET /readyz → $(curl -s -o /dev/null -w '%{http_code}' "$gateway/readyz")"
for i in $(seq 1 60); do [ "$(curl -s -o /dev/null -w '%{http_code}' "$gateway/readyz")" = 200 ] && break; sleep 0.5; done
echo "$(date -u +%T) gateway ready again by itself: /readyz $(curl -s -o /dev/null -w '%{http_code}' "$gateway/readyz") (same pid $gpid, alive: $(kill -0 "$gpid" 2>/dev/null && echo yes || echo no))"
rc=0; wait "$lg" || rc=$?
cat "$bench_work/loadgen.log"
echo; echo "### after the drain"
bench_wait_outbox 120 || echo "outbox still has due rows after 120 s"
bench_inbox_summary
bench_outbox_check "$sandbox" || rc=1
kill -0 "$gpid" 2>/dev/null || { echo "the gateway process died"; rc=1; }
echo "gateway log lines at Error/Critical: $(grep -c -E '^(fail|crit)' "$bench_work/gateway-$gport.log" || true)"
echo "sent marks retried through the outage (OutboxSender warnings \"could not be marked sent\"): $(grep -c "could not be marked sent" "$bench_work/gateway-$gport.log" || true)"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$rc" = 0 ] && echo "FAULT TEST restart-postgres: PASS (nothing lost, nothing doubled)" || echo "FAULT TEST restart-postgres: FAIL (see above)"
exit "$rc"

#!/usr/bin/env bash
# kill -9 of the gateway under load, then restart: no acknowledged message lost, none processed twice, no reply sent twice.
# Private PostgreSQL cluster, Release gateway (dispatcher + outbox on, Hangfire server off as in e2e.sh), Release sandbox,
# LoadGen in e2e mode. Requests refused or cut while the gateway is dead are "not acknowledged" (WeCom retries them).
#   RATE (150) DURATION (40)   load, messages/s and seconds
#   KILL_AT (12) DOWN (3)      seconds into the load when the gateway is killed; seconds before it is restarted
#   LEASE (10)                 Outbox:LeaseSeconds (60 in production): how long rows a dead sender left 'sending' wait
. "$(dirname "$0")/../bench/lib.sh"
RATE=${RATE:-150} DURATION=${DURATION:-40} KILL_AT=${KILL_AT:-12} DOWN=${DOWN:-3} LEASE=${LEASE:-10}

fault_prepare
fault_world --Outbox:LeaseSeconds="$LEASE"

echo; echo "### load: $RATE messages/s for $DURATION s (e2e, 5 % repeats); kill -9 of the gateway at $KILL_AT s, restart $DOWN s later"
bench_loadgen --url "$gateway" --sandbox "$sandbox" --connection "$bench_cs" --mode e2e --repeat-share 0.05 --chats "$chats" \
  --rate "$RATE" --duration "$DURATION" --check-timeout 180 --request-timeout 10 --tolerate-unavailable >"$bench_work/loadgen.log" 2>&1 &
lg=$!; bench_pids+=("$lg")
sleep "$KILL_AT"
echo "$(date -u +%T) kill -9 gateway pid $bench_gateway_pid; inbox rows so far $(bench_psql "select count(*) from inbox_message"), outbox rows sending $(bench_psql "select count(*) from outbox_message where state = 'sending'")"
bench_kill9 "$bench_gateway_pid"
sleep "$DOWN"
t0=$(date +%s.%N)
bench_gateway "$gport" "${fault_gateway_args[@]}"
echo "$(date -u +%T) gateway restarted (pid $bench_gateway_pid), ready after $(printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc)") s"
rc=0; wait "$lg" || rc=$?
cat "$bench_work/loadgen.log"
echo; echo "### after the drain"
bench_wait_outbox 120 || echo "outbox still has due rows after 120 s"
bench_inbox_summary
bench_outbox_check "$sandbox" || rc=1
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$rc" = 0 ] && echo "FAULT TEST kill-gateway: PASS (nothing lost, nothing doubled)" || echo "FAULT TEST kill-gateway: FAIL (see above)"
exit "$rc"

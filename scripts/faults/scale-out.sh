#!/usr/bin/env bash
# Scale-out: two acknowledgement-only gateways and two workers on one PostgreSQL; the load split round robin over both
# gateways (LoadGen --url a,b, as a balancer would); kill -9 of one gateway and one worker under load; nothing lost or doubled.
#   gateways: Inbox:Enabled=false Outbox:Enabled=false Jobs:ServerEnabled=false (acknowledge only)
#   workers:  everything on (dispatcher, outbox sender, Hangfire server); they take no callbacks
#   RATE (150) DURATION (40) KILL_AT (12)   the gateway killed is restarted 5 s later (a balancer would skip it
#                                           meanwhile; here its requests fail and count as not acknowledged); the worker is not
#   LEASE (10)   Outbox:LeaseSeconds on the workers (60 in production): how long the dead worker's leased rows wait
. "$(dirname "$0")/../bench/lib.sh"
RATE=${RATE:-150} DURATION=${DURATION:-40} KILL_AT=${KILL_AT:-12} LEASE=${LEASE:-10}

fault_prepare
g1=$(pg_free_port); g2=$(pg_free_port); w1=$(pg_free_port); w2=$(pg_free_port); sport=$(pg_free_port)
sandbox="http://127.0.0.1:$sport"
ack=(--WeCom:BaseUrl="$sandbox/cgi-bin/" --Inbox:Enabled=false --Outbox:Enabled=false --Jobs:ServerEnabled=false)
worker=(--WeCom:BaseUrl="$sandbox/cgi-bin/" --Outbox:LeaseSeconds="$LEASE")
bench_gateway "$g1" "${ack[@]}"; g1pid=$bench_gateway_pid
bench_gateway "$g2" "${ack[@]}"; g2pid=$bench_gateway_pid
bench_gateway "$w1" "${worker[@]}"; w1pid=$bench_gateway_pid
bench_gateway "$w2" "${worker[@]}"; w2pid=$bench_gateway_pid
bench_sandbox "$sport" "http://127.0.0.1:$g1"
echo "gateways :$g1 (pid $g1pid) :$g2 (pid $g2pid); workers :$w1 (pid $w1pid) :$w2 (pid $w2pid); sandbox $sandbox"
echo "PostgreSQL backends: $(bench_psql "select count(*) from pg_stat_activity where datname = 'gridline'")"
chats="wrGridEast001,wrGridEast002,wrGridWest001$(printf ',wrLoadGroup%02d' $(seq 1 13))"

echo; echo "### load: $RATE messages/s for $DURATION s split over both gateways (e2e); at $KILL_AT s kill -9 gateway :$g2 and worker :$w1"
bench_loadgen --url "http://127.0.0.1:$g1,http://127.0.0.1:$g2" --sandbox "$sandbox" --connection "$bench_cs" --mode e2e --repeat-share 0.05 \
  --chats "$chats" --rate "$RATE" --duration "$DURATION" --check-timeout 240 --request-timeout 10 --tolerate-unavailable >"$bench_work/loadgen.log" 2>&1 &
lg=$!; bench_pids+=("$lg")
sleep "$KILL_AT"
echo "$(date -u +%T) kill -9 gateway pid $g2pid and worker pid $w1pid; inbox rows so far $(bench_psql "select count(*) from inbox_message"), done $(bench_psql "select count(*) from inbox_message where state = 'done'"), outbox sending $(bench_psql "select count(*) from outbox_message where state = 'sending'")"
bench_kill9 "$g2pid"; bench_kill9 "$w1pid"
sleep 5
bench_gateway "$g2" "${ack[@]}"; g2pid=$bench_gateway_pid
echo "$(date -u +%T) gateway :$g2 restarted (pid $g2pid); worker :$w1 stays dead, worker :$w2 carries on alone"
rc=0; wait "$lg" || rc=$?
cat "$bench_work/loadgen.log"
echo; echo "### after the drain"
bench_wait_outbox 120 || echo "outbox still has due rows after 120 s"
bench_inbox_summary
bench_outbox_check "$sandbox" || rc=1
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$rc" = 0 ] && echo "FAULT TEST scale-out: PASS (nothing lost, nothing doubled)" || echo "FAULT TEST scale-out: FAIL (see above)"
exit "$rc"

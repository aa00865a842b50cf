#!/usr/bin/env bash
# WeCom outage while messages flow: the sandbox answers errcode -1, 45009, HTTP 500 and hangs past the client timeout, in
# turns, for OUTAGE_SECONDS; afterwards every reply must be delivered exactly once (outbox rows sent once, the sandbox
# accepted each once, none failed).
#   OUTAGE_SECONDS (300)    length of the outage (the issue's 5 minutes); e.g. OUTAGE_SECONDS=60 for a short run
#   STEP (15)               seconds per fault before switching to the next
#   RATE (20)               messages/s; the load runs from 5 s before the outage to 10 s after it
# Gateway: WeCom:RequestTimeoutSeconds=3 (the "timeout" fault hangs 5 s), Outbox:MemberPerMinute=1000 (the maximum) so grid-worker
# notices are not held by WeCom's 30/min per member and every outbox row can be checked at the end.
. "$(dirname "$0")/../bench/lib.sh"
OUTAGE_SECONDS=${OUTAGE_SECONDS:-300} STEP=${STEP:-15} RATE=${RATE:-20}
DURATION=$((OUTAGE_SECONDS + 15))

fault_prepare
fault_world --WeCom:RequestTimeoutSeconds=3 --Outbox:MemberPerMinute=1000

echo; echo "### load: $RATE messages/s for $DURATION s (e2e); WeCom outage from 5 s for $OUTAGE_SECONDS s, fault switched every $STEP s"
bench_loadgen --url "$gateway" --sandbox "$sandbox" --connection "$bench_cs" --mode e2e --repeat-share 0.05 --chats "$chats" \
  --rate "$RATE" --duration "$DURATION" --check-timeout 60 >"$bench_work/loadgen.log" 2>&1 &
lg=$!; bench_pids+=("$lg")
sleep 5
faults=('{"mode":"errcode","errcode":-1}' '{"mode":"errcode","errcode":45009}' '{"mode":"http500"}' '{"mode":"timeout","seconds":5}')
start=$(date +%s); i=0
echo "$(date -u +%T) outage starts"
while [ $(( $(date +%s) - start )) -lt "$OUTAGE_SECONDS" ]; do
  f=${faults[$((i % 4))]}; bench_fault "$sandbox" "$f"; i=$((i + 1))
  left=$(( OUTAGE_SECONDS - ($(date +%s) - start) )); sleep $(( left < STEP ? left : STEP ))
done
bench_fault "$sandbox" '{"mode":"none"}'
echo "$(date -u +%T) outage over after $(( $(date +%s) - start )) s ($i fault switches); outbox now: $(bench_psql "select string_agg(state || ' ' || n, ', ') from (select state, count(*) n from outbox_message group by 1) s")"
rc=0; wait "$lg" || rc=$?
cat "$bench_work/loadgen.log"
echo; echo "### waiting for every outbox row to settle (retries back off up to 300 s after the 7th attempt)"
t0=$(date +%s)
for _ in $(seq 1 900); do [ "$(bench_psql "select count(*) from outbox_message where state in ('pending', 'sending')")" = 0 ] && break; sleep 1; done
echo "outbox settled $(( $(date +%s) - t0 )) s after the load generator finished; attempts per row: $(bench_psql "select string_agg(attempts || '×' || n, ', ' order by attempts) from (select attempts, count(*) n from outbox_message group by 1) s")"
echo "sandbox requests refused or failed during the outage: $(curl -fsS "$sandbox/sandbox/requests?since=0" | jq '[.[] | select(.kind == "api" and (.status != 200 or (.errcode // 0) != 0))] | length')"
bench_inbox_summary
bench_outbox_check "$sandbox" || rc=1
left=$(bench_psql "select count(*) from outbox_message where state <> 'sent'")
[ "$left" = 0 ] || { echo "NOT DELIVERED: $left outbox rows are not sent"; rc=1; }
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$rc" = 0 ] && echo "FAULT TEST wecom-outage: PASS (every reply delivered exactly once)" || echo "FAULT TEST wecom-outage: FAIL (see above)"
exit "$rc"

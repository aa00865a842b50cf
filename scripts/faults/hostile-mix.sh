#!/usr/bin/env bash
# 10,000 malformed or hostile requests mixed into valid load: zero 5xx, every hostile request 4xx, zero effect on valid
# traffic (every valid message stored and processed; valid acknowledgement latency compared with a run without them).
# Hostile kinds (tools/LoadGen/HostileRequests.cs): bad signature, bad Base64, XXE, billion laughs, 70 KB body, truncated
# JSON, invalid UTF-8, missing signature, stale timestamp, wrong receive id, unknown bot, non-JSON plaintext.
#   VALID_RATE (50) DURATION (40) HOSTILE (10000)   valid messages/s, seconds, hostile requests in the mixed run
. "$(dirname "$0")/../bench/lib.sh"
VALID_RATE=${VALID_RATE:-50} DURATION=${DURATION:-40} HOSTILE=${HOSTILE:-10000}
valid_total=$(echo "$VALID_RATE * $DURATION" | bc)
total_rate=$(echo "scale=4; ($valid_total + $HOSTILE) / $DURATION" | bc)
share=$(echo "scale=6; $HOSTILE / ($valid_total + $HOSTILE)" | bc)

fault_prepare
fault_world
common=(--url "$gateway" --sandbox "$sandbox" --connection "$bench_cs" --repeat-share 0.05 --wait-processed --check-timeout 300)

rc=0
echo; echo "### 1. valid only: $VALID_RATE/s for $DURATION s ($valid_total requests)"
bench_loadgen "${common[@]}" --rate "$VALID_RATE" --duration "$DURATION" --seed 1 | tee "$bench_work/valid.log" || rc=1
echo; echo "### 2. the same valid load plus $HOSTILE hostile requests: $total_rate requests/s for $DURATION s, hostile share $share"
bench_loadgen "${common[@]}" --rate "$total_rate" --duration "$DURATION" --hostile-share "$share" --seed 2 | tee "$bench_work/mixed.log" || rc=1
echo; echo "### comparison (valid requests' acknowledgement latency, ms)"
echo "valid only:       $(grep -m1 'ack latency ms (valid)' "$bench_work/valid.log" | cut -d: -f2-)"
echo "with hostile mix: $(grep -m1 'ack latency ms (valid)' "$bench_work/mixed.log" | cut -d: -f2-)"
echo "hostile:          $(grep -m1 'ack latency ms (hostile)' "$bench_work/mixed.log" | cut -d: -f2-)"
grep -m1 '^hostile statuses' "$bench_work/mixed.log" || true
bench_inbox_summary
echo "gateway log lines at Error/Critical: $(grep -c -E '^(fail|crit)' "$bench_work/gateway-$gport.log" || true); gateway RSS $(bench_rss_mb "$bench_gateway_pid") MB"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$rc" = 0 ] && echo "FAULT TEST hostile-mix: PASS (zero 5xx, every hostile request 4xx, every valid message stored and processed)" || echo "FAULT TEST hostile-mix: FAIL (see above)"
exit "$rc"

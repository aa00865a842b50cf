#!/usr/bin/env bash
# Acknowledgement throughput and latency of the callback routes, side by side with the bare-insert ceiling, on a
# private PostgreSQL cluster; the gateway runs in Release with the dispatcher, outbox and Hangfire server off (only
# the acknowledgement path is measured). Figures go to stdout; see docs/benchmarks.md.
#   CEILING_RATE (12000) CEILING_DURATION (15)   overload run: achieved rate = capacity
#   LATENCY_RATE (1000)  LATENCY_DURATION (30)   latency run at a rate the system sustains
#   ACK_WARMUP (5)                               seconds at 1000/s first (JIT, pools), not reported; 0 skips it
#   BENCH_CS_EXTRA (e.g. ";Max Auto Prepare=20") appended to the gateway's connection string
. "$(dirname "$0")/lib.sh"

bench_pg
echo "$(bench_machine)"
echo "building (Release)..."
bench_build src/BotGateway tools/LoadGen
port=$(pg_free_port)
bench_gateway "$port" --Inbox:Enabled=false --Outbox:Enabled=false --Jobs:ServerEnabled=false
url="http://127.0.0.1:$port"
echo "gateway: $url (pid $bench_gateway_pid, RSS $(bench_rss_mb "$bench_gateway_pid") MB after start)"

if [ "${ACK_WARMUP:-5}" != 0 ]; then
  echo; echo "### warm-up: 1000/s for ${ACK_WARMUP:-5} s against both endpoints (JIT, connection pools; not reported)"
  bench_loadgen --url "$url" --connection "$bench_cs" --rate 1000 --duration "${ACK_WARMUP:-5}" --repeat-share 0.1 --app-share 0.1 --compare-bare \
    >"$bench_work/warmup.log" 2>&1 || { echo "warm-up failed:"; tail -20 "$bench_work/warmup.log"; }
fi

echo; echo "### ceiling run: ${CEILING_RATE:-12000}/s offered for ${CEILING_DURATION:-15} s (above capacity: the achieved rate is the capacity)"
bench_loadgen --url "$url" --connection "$bench_cs" --rate "${CEILING_RATE:-12000}" --duration "${CEILING_DURATION:-15}" \
  --repeat-share 0.1 --app-share 0.1 --compare-bare --max-connections "${MAX_CONNECTIONS:-256}" || echo "(load generator reported failures; see above)"
echo "gateway RSS after the ceiling run: $(bench_rss_mb "$bench_gateway_pid") MB"

echo; echo "### latency run: ${LATENCY_RATE:-1000}/s for ${LATENCY_DURATION:-30} s"
bench_loadgen --url "$url" --connection "$bench_cs" --rate "${LATENCY_RATE:-1000}" --duration "${LATENCY_DURATION:-30}" \
  --repeat-share 0.1 --app-share 0.1 --compare-bare || echo "(load generator reported failures; see above)"
echo "gateway RSS after the latency run: $(bench_rss_mb "$bench_gateway_pid") MB"
echo "targets: callbacks ≥ 50% of the bare ceiling and ≥ 5000/s; p99 ≤ 20 ms at 1000/s; max < 1 s"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# Idle cost: statements per second the gateway sends PostgreSQL when there is nothing to do (dispatcher, outbox sender
# and Hangfire server all running, as ./run.sh starts it), counted with pg_stat_statements over IDLE_SECONDS (60),
# cross-checked with pg_stat_database commits; and the gateway's resident memory. Target ≤ 50 statements/s.
. "$(dirname "$0")/lib.sh"

bench_pg
echo "$(bench_machine)"
echo "building (Release)..."
bench_build src/BotGateway
bench_psql "create extension if not exists pg_stat_statements" >/dev/null
port=$(pg_free_port)
bench_gateway "$port" --Bench:Enabled=false ${IDLE_GATEWAY_ARGS:-}
echo "gateway: http://127.0.0.1:$port (pid $bench_gateway_pid); settling ${IDLE_SETTLE:-15} s after startup"
sleep "${IDLE_SETTLE:-15}"

seconds="${IDLE_SECONDS:-60}"
bench_psql "select pg_stat_statements_reset()" >/dev/null
commits0=$(bench_psql "select xact_commit + xact_rollback from pg_stat_database where datname = 'gridline'")
sleep "$seconds"
commits1=$(bench_psql "select xact_commit + xact_rollback from pg_stat_database where datname = 'gridline'")
# Our own measuring statements are excluded (they mention pg_stat_).
calls=$(bench_psql "select coalesce(sum(calls), 0) from pg_stat_statements s join pg_database d on d.oid = s.dbid where d.datname = 'gridline' and query not like '%pg_stat%'")
echo
echo "idle statements: $calls in $seconds s = $(awk "BEGIN{printf \"%.1f\", $calls/$seconds}") statements/s (pg_stat_statements, top-level)"
echo "idle transactions: $((commits1 - commits0)) in $seconds s = $(awk "BEGIN{printf \"%.1f\", ($commits1-$commits0)/$seconds}")/s (pg_stat_database; includes the 2 measuring queries)"
echo "top statements by calls:"
bench_psql "select lpad(calls::text, 6) || ' ' || lpad(to_char(calls::numeric / $seconds, 'FM990.0'), 6) || '/s  ' || left(regexp_replace(query, '\s+', ' ', 'g'), 110)
            from pg_stat_statements s join pg_database d on d.oid = s.dbid where d.datname = 'gridline' and query not like '%pg_stat%'
            order by calls desc limit 12"
echo "gateway resident memory: $(bench_rss_mb "$bench_gateway_pid") MB (VmRSS), threads $(awk '/Threads/{print $2}' /proc/$bench_gateway_pid/status)"
echo "target: ≤ 50 statements/s"

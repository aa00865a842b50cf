#!/usr/bin/env bash
# Reminder lateness (real Hangfire server, real PostgreSQL, the gateway in process). Prints p50/p99/max lateness.
#   default: issue 9's 10,000 reminders due within the same minute (COUNT=10000 SPREAD=60), every one within BOUND (2) s
#   COUNT=200 SPREAD=0: issue 7's 200 reminders due in the same second (what ./test.sh runs, with a 3 s bound)
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/pg.sh
work=$(mktemp -d /tmp/gridline-bench.XXXXXX); chmod 755 "$work"
trap 'pg_stop "$work/pg"; rm -rf "$work"' EXIT
pg_find_bin; port=$(pg_free_port)
pg_init "$work/pg" && pg_start "$work/pg" "$port"
export GRIDLINE_TEST_PG="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
export GRIDLINE_REMINDER_LATENESS_BOUND_SECONDS="${BOUND:-2}"
export GRIDLINE_REMINDER_COUNT="${COUNT:-10000}" GRIDLINE_REMINDER_SPREAD_SECONDS="${SPREAD:-60}"
dotnet test tests/BotGateway.Tests -c Release -nologo --filter "FullyQualifiedName~ReminderJobLatencyTests" --logger "console;verbosity=detailed" 2>&1 \
  | grep -E "reminders due|scheduled between|Passed|Failed|Assert" | sort -u

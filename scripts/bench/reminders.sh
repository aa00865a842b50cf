#!/usr/bin/env bash
# Reminder lateness at the issue-7 target: 200 reminders due in the same second must all fire within 2 s
# (real Hangfire server, real PostgreSQL). Run on a quiet machine; prints p50/p99/max lateness.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/pg.sh
work=$(mktemp -d /tmp/gridline-bench.XXXXXX); chmod 755 "$work"
trap 'pg_stop "$work/pg"; rm -rf "$work"' EXIT
pg_find_bin; port=$(pg_free_port)
pg_init "$work/pg" && pg_start "$work/pg" "$port"
export GRIDLINE_TEST_PG="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
export GRIDLINE_REMINDER_LATENESS_BOUND_SECONDS="${BOUND:-2}"
dotnet test tests/BotGateway.Tests -c Release -nologo --filter "FullyQualifiedName~ReminderJobLatencyTests" --logger "console;verbosity=detailed" 2>&1 \
  | grep -E "reminders due at the same second|Passed|Failed" | sort -u

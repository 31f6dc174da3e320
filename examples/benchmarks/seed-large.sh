#!/usr/bin/env bash
# Creates the large PostgreSQL data set for the read-path and full-table ingest benchmarks:
#
#   examples/benchmarks/seed-large.sh                       # schema bench_large: 1,000,000 calls, 10,000,000 events
#   SCHEMA=bench_small CALLS=10000 examples/benchmarks/seed-large.sh
#
# Migrates a fresh schema with the library's own changelog (MigrationCommand), then loads it with
# seed-large.sql. About 12 GB on disk and 15-30 minutes on a 2-core machine for the full size.
set -euo pipefail
cd "$(dirname "$0")/../.."
SCHEMA=${SCHEMA:-bench_large}
CALLS=${CALLS:-1000000}
PER_CALL=${PER_CALL:-10}
[ -f examples/target/call-outcomes-demo.jar ] || mvn -q -B -DskipTests package

psql -h 127.0.0.1 -U postgres -d test -q -c "DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE" -c "CREATE SCHEMA ${SCHEMA}"
java -cp examples/target/call-outcomes-demo.jar dev.calloutcomes.jdbc.MigrationCommand upgrade \
  --jdbc-url "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&currentSchema=${SCHEMA}"
# The rest of a real participant_left body, so that stored payloads have a realistic size.
TAIL=$(sed -n 's/.*"participant":\(.*\)$/\1/p' <(tr -d '\n' < examples/benchmarks/src/main/resources/participant_left_answered_95s.json))
START=$(date +%s)
PGOPTIONS="-c search_path=${SCHEMA} -c maintenance_work_mem=512MB" psql -h 127.0.0.1 -U postgres -d test -q \
  -v calls="$CALLS" -v per_call="$PER_CALL" -v payload_tail="$TAIL" -f examples/benchmarks/seed-large.sql
echo "seeded ${SCHEMA}: $(psql -h 127.0.0.1 -U postgres -d test -tAc "SELECT (SELECT count(*) FROM ${SCHEMA}.call_logs) || ' calls, ' || (SELECT count(*) FROM ${SCHEMA}.livekit_call_events) || ' events, ' || pg_size_pretty(pg_total_relation_size('${SCHEMA}.livekit_call_events') + pg_total_relation_size('${SCHEMA}.call_logs'))") in $(( $(date +%s) - START )) s"

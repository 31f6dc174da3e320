#!/usr/bin/env bash
# End-to-end throughput of the demo server, and the database's own ceiling for comparison.
#
#   examples/benchmarks/run-e2e.sh                      # PostgreSQL, synchronous, 60,000 events after 60,000 of warm-up, 32 connections
#   MODE=async EVENTS=50000 examples/benchmarks/run-e2e.sh
#   DB=h2 examples/benchmarks/run-e2e.sh
#   SCHEMA=bench_large examples/benchmarks/run-e2e.sh   # into an existing (seed-large.sh) schema, kept afterwards
#   GROUP_COMMIT=1 examples/benchmarks/run-e2e.sh       # one webhook per commit (default 0: the library's, 32 per commit)
#   MODE=async WORKERS=0 examples/benchmarks/run-e2e.sh # acceptance alone: no workers, events stay pending
#   MODE=async YIELD_TO_INTAKE=30 examples/benchmarks/run-e2e.sh # workers hold back while webhooks saturate commits (up to 30 s of lag)
#   CLIENT=blocking examples/benchmarks/run-e2e.sh      # the older load generator: a thread per connection
#
# Starts the demo server (-Xmx256m) on a fresh schema, drives LiveKit-signed webhooks with the Java
# load generator, checks that the database holds every event exactly once, and (PostgreSQL) runs
# pgbench with one event insert plus one call upsert per transaction at the same concurrency, into
# empty twins of the two tables (same columns and indexes) in a schema of its own, so that the
# ceiling does not depend on what the run left in its tables (rows, dead rows, the mode).
set -euo pipefail
cd "$(dirname "$0")/../.."

EVENTS=${EVENTS:-60000}
CONCURRENCY=${CONCURRENCY:-32}
MODE=${MODE:-sync}
DB=${DB:-postgresql}
PGBENCH_SECONDS=${PGBENCH_SECONDS:-20}
WARMUP=${WARMUP:-60000}
PORT=${PORT:-$((20000 + RANDOM % 20000))}
GROUP_COMMIT=${GROUP_COMMIT:-0}
WORKERS=${WORKERS:-2}
YIELD_TO_INTAKE=${YIELD_TO_INTAKE:-0}
CLIENT=${CLIENT:-nio}
RUN=$(date +%s)
KEEP_SCHEMA=${SCHEMA:+yes}
SCHEMA=${SCHEMA:-bench_${RUN}}

if [ ! -f examples/target/call-outcomes-demo.jar ] || [ ! -f examples/benchmarks/target/benchmarks.jar ]; then
  mvn -q -B -DskipTests package
fi

psql_q() { psql -h 127.0.0.1 -U postgres -d test -tAq -c "SET search_path TO ${SCHEMA}; $1"; }

if [ "$DB" = postgresql ]; then
  [ -n "$KEEP_SCHEMA" ] || psql -h 127.0.0.1 -U postgres -d test -q -c "CREATE SCHEMA ${SCHEMA}"
  URL="jdbc:postgresql://127.0.0.1:5432/test?user=postgres&currentSchema=${SCHEMA}"
else
  URL="jdbc:h2:file:/tmp/${SCHEMA};DB_CLOSE_ON_EXIT=FALSE"
fi

ASYNC_FLAG=""
[ "$MODE" = async ] && ASYNC_FLAG="--async --workers $WORKERS --yield-to-intake $YIELD_TO_INTAKE"
. examples/benchmarks/demo-server.sh
trap 'kill ${SERVER:-} 2>/dev/null || true' EXIT
start_demo_server "/tmp/${SCHEMA}-server.log" --jdbc-url "$URL" --group-commit "$GROUP_COMMIT" $ASYNC_FLAG
CEILING=${SCHEMA}_ceiling
if [ "$DB" = postgresql ]; then
  # The server has migrated its schema: twin its two tables, empty, for pgbench.
  psql -h 127.0.0.1 -U postgres -d test -q -c "DROP SCHEMA IF EXISTS ${CEILING} CASCADE; CREATE SCHEMA ${CEILING};
    CREATE TABLE ${CEILING}.livekit_call_events (LIKE ${SCHEMA}.livekit_call_events INCLUDING ALL);
    CREATE TABLE ${CEILING}.call_logs (LIKE ${SCHEMA}.call_logs INCLUDING ALL);"
fi

echo "== demo server: DB=$DB SCHEMA=$SCHEMA MODE=$MODE WORKERS=$WORKERS YIELD_TO_INTAKE=$YIELD_TO_INTAKE CLIENT=$CLIENT GROUP_COMMIT=$GROUP_COMMIT EVENTS=$EVENTS WARMUP=$WARMUP CONCURRENCY=$CONCURRENCY (-Xmx256m)"
java -cp examples/benchmarks/target/benchmarks.jar dev.calloutcomes.benchmarks.LoadGenerator \
  --url "http://127.0.0.1:$PORT/api" --events "$EVENTS" --concurrency "$CONCURRENCY" --warmup "$WARMUP" --run-id "$RUN" --client "$CLIENT"

if [ "$DB" = postgresql ]; then
  if [ "$MODE" = async ] && [ "$WORKERS" != 0 ]; then
    START=$(date +%s.%N)
    while [ "$(psql_q "SELECT count(*) FROM livekit_call_events WHERE status = 'pending'")" != "0" ]; do sleep 0.2; done
    echo "async: all events processed $(echo "$(date +%s.%N) - $START" | bc) s after the last was accepted"
  fi
  echo "stored: $(psql_q "SELECT count(*) || ' rows, ' || count(DISTINCT \"eventId\") || ' distinct, ' || count(*) FILTER (WHERE status = 'processed') || ' processed' FROM livekit_call_events WHERE \"eventId\" LIKE 'EV_bench_${RUN}_%'") (expected $EVENTS)"
  echo "== pgbench ceiling: one event insert + one call upsert per transaction, $CONCURRENCY clients, ${PGBENCH_SECONDS}s"
  PGOPTIONS="-c search_path=${CEILING}" pgbench -h 127.0.0.1 -U postgres -n -c "$CONCURRENCY" -j 2 -T "$PGBENCH_SECONDS" \
    -f examples/benchmarks/pgbench-ceiling.sql test 2>&1 | grep -E "^(tps|latency average)"
fi
kill $SERVER 2>/dev/null || true
wait $SERVER 2>/dev/null || true
[ "$DB" = postgresql ] && psql -h 127.0.0.1 -U postgres -d test -q -c "DROP SCHEMA ${CEILING} CASCADE" || true
[ "$DB" = postgresql ] && [ -z "$KEEP_SCHEMA" ] && psql -h 127.0.0.1 -U postgres -d test -q -c "DROP SCHEMA ${SCHEMA} CASCADE" || true

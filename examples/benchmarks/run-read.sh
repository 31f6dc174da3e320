#!/usr/bin/env bash
# The read path over a large data set (seed-large.sh first):
#
#   examples/benchmarks/seed-large.sh          # once: 1,000,000 calls and 10,000,000 events in schema bench_large
#   examples/benchmarks/run-read.sh            # GET /calls/{id}/outcome and 30-day stats, as tenant-1
#
# Starts the demo server (-Xmx256m, API rate limit lifted) on the seeded schema, then measures
# GET /calls/{id}/outcome for random calls of one tenant (sequentially, then from 32 connections),
# GET /calls/stats over the default 30-day window (by outcome and by day), and a first page of GET /calls.
set -euo pipefail
cd "$(dirname "$0")/../.."
SCHEMA=${SCHEMA:-bench_large}
TENANT=${TENANT:-tenant-1}
REQUESTS=${REQUESTS:-20000}
PORT=${PORT:-$((20000 + RANDOM % 20000))}
[ -f examples/target/call-outcomes-demo.jar ] && [ -f examples/benchmarks/target/benchmarks.jar ] || mvn -q -B -DskipTests package

IDS=$(mktemp)
psql -h 127.0.0.1 -U postgres -d test -tAq -c "SELECT id FROM ${SCHEMA}.call_logs WHERE \"userId\" = '${TENANT}' ORDER BY random() LIMIT 100000" > "$IDS"
echo "== ${SCHEMA}: $(psql -h 127.0.0.1 -U postgres -d test -tAc "SELECT (SELECT count(*) FROM ${SCHEMA}.call_logs) || ' calls, ' || (SELECT count(*) FROM ${SCHEMA}.livekit_call_events) || ' events; ${TENANT}: ' || (SELECT count(*) FROM ${SCHEMA}.call_logs WHERE \"userId\" = '${TENANT}') || ' calls, ' || (SELECT count(*) FROM ${SCHEMA}.call_logs WHERE \"userId\" = '${TENANT}' AND \"createdAt\" >= now() - interval '30 days') || ' in the last 30 days'")"

. examples/benchmarks/demo-server.sh
trap 'kill ${SERVER:-} 2>/dev/null || true; rm -f "$IDS"' EXIT
start_demo_server "/tmp/${SCHEMA}-read-server.log" --api-rate-limit 1000000 \
  --jdbc-url "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&currentSchema=${SCHEMA}"

read_load() {
  java -cp examples/benchmarks/target/benchmarks.jar dev.calloutcomes.benchmarks.ReadLoadGenerator \
    --url "http://127.0.0.1:$PORT/api" --tenant "$TENANT" --ids "$IDS" "$@"
}
echo "== GET /calls/{id}/outcome, 1 connection";   read_load --path "/calls/{id}/outcome" --requests "$REQUESTS" --warmup 20000 --concurrency 1
echo "== GET /calls/{id}/outcome, 32 connections"; read_load --path "/calls/{id}/outcome" --requests "$REQUESTS" --warmup 5000 --concurrency 32
echo "== GET /calls/stats?groupBy=outcome (last 30 days), 1 connection"; read_load --path "/calls/stats?groupBy=outcome" --requests 50 --warmup 10 --concurrency 1
echo "== GET /calls/stats?groupBy=day (last 30 days), 1 connection";     read_load --path "/calls/stats?groupBy=day" --requests 50 --warmup 10 --concurrency 1
echo "== GET /calls?limit=50 (newest page), 1 connection";              read_load --path "/calls?limit=50" --requests 2000 --warmup 500 --concurrency 1

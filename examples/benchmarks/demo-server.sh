# Sourced by the benchmark scripts: starts the demo server in the background.
#
#   start_demo_server LOG_FILE [serve flags...]
#
# Runs the demo jar with -Xmx256m (plus $SERVER_JAVA_OPTS) on $PORT, logging at $SERVER_LOG_LEVEL
# (default WARN) to LOG_FILE; sets SERVER to its pid and waits until the port accepts connections,
# failing with the log's tail when it does not within 60 s. The caller's EXIT trap should kill $SERVER.
start_demo_server() {
  local log=$1
  shift
  CALL_OUTCOMES_LOG_LEVEL=${SERVER_LOG_LEVEL:-WARN} java -Xmx256m ${SERVER_JAVA_OPTS:-} \
    -jar examples/target/call-outcomes-demo.jar serve --port "$PORT" "$@" > "$log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 120); do
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && return 0
    sleep 0.5
  done
  echo "the demo server did not start on port $PORT; its log ($log) ends:" >&2
  tail -20 "$log" >&2
  return 1
}

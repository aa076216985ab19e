#!/usr/bin/env bash
# Stops the servers tests/servers/start.sh started, by the pid each recorded (fast shutdown), and waits for them.
# Data folders stay; pass --clean to delete the working folder too.
set -uo pipefail
dir="${CLV_SERVERS_DIR:-${TMPDIR:-/tmp}/clv-servers}"
pids=()
for pidfile in "$dir"/postgres/*/postmaster.pid; do
  [ -f "$pidfile" ] || continue
  pid="$(head -n 1 "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -INT "$pid" && pids+=("$pid")
  fi
done
for pid in "${pids[@]}"; do
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then echo "pid $pid did not stop; sending SIGQUIT" >&2; kill -QUIT "$pid"; fi
done
CLV_SERVERS_DIR="$dir" "$(dirname "$0")/clickhouse.sh" stop
if [ "${1:-}" = "--clean" ]; then rm -rf "$dir"; fi
echo "servers stopped (${#pids[@]})"

#!/usr/bin/env bash
# Starts (start) or stops (stop) a two-shard ClickHouse cluster on 127.0.0.1 for the engine tests; called by
# tests/servers/start.sh and stop.sh. Each shard has its own config, ports and data folder under
# $CLV_SERVERS_DIR/clickhouse/shardN and runs as a daemon with a pid file; both know the cluster 'clv_two_shards'
# (remote_servers) for Distributed tables. When clickhouse-server is missing it is installed with apt-get, but only as
# root (CI); otherwise the script says how and exits 0 so the PostgreSQL part still runs (the tests then skip).
#
#   CLV_SERVERS_DIR   working folder (default: ${TMPDIR:-/tmp}/clv-servers)
#   CLV_CH_PORT       HTTP port of shard 1; shard 2 takes the next; native ports are +1000 and interserver +2000
#                     (default: 58123)
set -euo pipefail
dir="${CLV_SERVERS_DIR:-${TMPDIR:-/tmp}/clv-servers}/clickhouse"
http="${CLV_CH_PORT:-58123}"

stop() {
  local pids=()
  for pidfile in "$dir"/shard*/clickhouse.pid; do
    [ -f "$pidfile" ] || continue
    pid="$(head -n 1 "$pidfile")"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" && pids+=("$pid"); fi
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then echo "clickhouse pid $pid did not stop; sending SIGKILL" >&2; kill -KILL "$pid"; fi
  done
  echo "clickhouse stopped (${#pids[@]})"
}

start() {
  if ! command -v clickhouse-server >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      apt-get update
      DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends clickhouse-server clickhouse-client
    else
      echo "clickhouse-server not found: sudo apt-get install -y clickhouse-server clickhouse-client, then run tests/servers/start.sh again (ClickHouse tests skip until then)" >&2
      return 0
    fi
  fi
  mkdir -p "$dir"
  local tcp=$((http + 1000))
  for k in 1 2; do
    local d="$dir/shard$k" p=$((http + k - 1)) t=$((tcp + k - 1)) i=$((http + 2000 + k - 1))
    mkdir -p "$d/data" "$d/tmp" "$d/user_files"
    if [ -f "$d/clickhouse.pid" ] && kill -0 "$(head -n 1 "$d/clickhouse.pid")" 2>/dev/null; then
      echo "clickhouse shard$k already running (pid $(head -n 1 "$d/clickhouse.pid"))"
      continue
    fi
    cat >"$d/config.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$d/clickhouse.log</log><errorlog>$d/clickhouse.err.log</errorlog><size>100M</size><count>2</count></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>$p</http_port>
  <tcp_port>$t</tcp_port>
  <interserver_http_port>$i</interserver_http_port>
  <interserver_http_host>127.0.0.1</interserver_http_host>
  <path>$d/data/</path>
  <tmp_path>$d/tmp/</tmp_path>
  <user_files_path>$d/user_files/</user_files_path>
  <users_config>$d/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>268435456</mark_cache_size>
  <max_concurrent_queries>100</max_concurrent_queries>
  <remote_servers>
    <clv_two_shards>
      <shard><replica><host>127.0.0.1</host><port>$tcp</port></replica></shard>
      <shard><replica><host>127.0.0.1</host><port>$((tcp + 1))</port></replica></shard>
    </clv_two_shards>
  </remote_servers>
</yandex>
XML
    cat >"$d/users.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>
  <users>
    <default>
      <password></password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
XML
    # As root the server runs as root (the data folder is ours); it writes its pid file once it listens.
    (cd "$d" && clickhouse-server --config-file="$d/config.xml" --pid-file="$d/clickhouse.pid" --daemon >"$d/stdout.log" 2>&1)
  done
  for k in 1 2; do
    local p=$((http + k - 1)) ok=
    for _ in $(seq 1 120); do
      if [ "$(curl -fsS "http://127.0.0.1:$p/ping" 2>/dev/null)" = "Ok." ]; then ok=1; break; fi
      sleep 0.5
    done
    [ -n "$ok" ] || { echo "clickhouse shard$k on port $p did not start; see $dir/shard$k/clickhouse.err.log" >&2; exit 1; }
  done
  cat >>"${CLV_SERVERS_DIR:-${TMPDIR:-/tmp}/clv-servers}/servers.env" <<ENV
CLV_CLICKHOUSE='http://127.0.0.1:$http/'
CLV_CLICKHOUSE_SHARD2='http://127.0.0.1:$((http + 1))/'
CLV_CLICKHOUSE_CLUSTER='clv_two_shards'
ENV
  echo "clickhouse up: shards on http://127.0.0.1:$http and :$((http + 1)), cluster clv_two_shards"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac

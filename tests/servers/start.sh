#!/usr/bin/env bash
# Starts the local database servers the engine tests use, on 127.0.0.1 only:
#   PostgreSQL: a coordinator and two shards (each its own data folder and port), the coordinator reaching the shards
#   through postgres_fdw (foreign servers shard1 and shard2, with user mappings for the postgres user).
#   ClickHouse: two shards (each its own config, ports and data folder) forming the cluster clv_two_shards, by
#   tests/servers/clickhouse.sh (which installs clickhouse-server with apt-get when missing and running as root).
# Waits until every server answers, then writes the connection strings to $CLV_SERVERS_DIR/servers.env (sourced by
# .ci/run; read by the tests when the variables are not set). Stop with tests/servers/stop.sh (by pid).
#
#   CLV_SERVERS_DIR   working folder (default: ${TMPDIR:-/tmp}/clv-servers)
#   CLV_PG_PORT       coordinator port; the shards take the next two (default: 55432)
set -euo pipefail

dir="${CLV_SERVERS_DIR:-${TMPDIR:-/tmp}/clv-servers}"
port="${CLV_PG_PORT:-55432}"
# PostgreSQL's programs: CLV_PG_BIN, else initdb on the PATH, else the newest Debian /usr/lib/postgresql/N/bin.
pg_bin="${CLV_PG_BIN:-}"
if [ -z "$pg_bin" ] && command -v initdb >/dev/null 2>&1; then pg_bin="$(dirname "$(readlink -f "$(command -v initdb)")")"; fi
if [ -z "$pg_bin" ]; then pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"; fi
if [ ! -x "$pg_bin/initdb" ]; then
  echo "PostgreSQL server programs not found: apt-get install -y postgresql (or set CLV_PG_BIN)" >&2
  exit 1
fi

# PostgreSQL refuses to run as root: run its programs as the postgres user when we are root.
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

mkdir -p "$dir/postgres"
if [ "$(id -u)" = 0 ]; then
  chmod 755 "$dir"  # the postgres user must reach its folders (mktemp -d makes 700)
  chown postgres "$dir/postgres"
fi

names=(coordinator shard1 shard2)
for i in 0 1 2; do
  name="${names[$i]}"
  data="$dir/postgres/$name"
  p=$((port + i))
  if [ -f "$data/postmaster.pid" ] && kill -0 "$(head -n 1 "$data/postmaster.pid")" 2>/dev/null; then
    echo "postgres $name already running (pid $(head -n 1 "$data/postmaster.pid"))"
    continue
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    as_postgres "$pg_bin/initdb" --pgdata="$data" --username=postgres --auth=trust --encoding=UTF8 --locale=C \
      >"$dir/postgres/$name-initdb.log" 2>&1
    cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $p
unix_socket_directories = '$data'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 60
shared_buffers = 256MB
work_mem = 64MB
max_worker_processes = 4
max_parallel_workers_per_gather = 2
CONF
  fi
  as_postgres "$pg_bin/pg_ctl" --pgdata="$data" --log="$dir/postgres/$name.log" --silent start
done

# Wait until each answers (pg_isready), at most 60 s.
for i in 0 1 2; do
  p=$((port + i))
  for _ in $(seq 1 120); do
    if pg_isready --host=127.0.0.1 --port="$p" --quiet; then break; fi
    sleep 0.5
  done
  pg_isready --host=127.0.0.1 --port="$p" --quiet || { echo "postgres on port $p did not start; see $dir/postgres/*.log" >&2; exit 1; }
done

# The coordinator reaches the shards through postgres_fdw (idempotent).
PGOPTIONS="-c client_min_messages=warning" psql --host=127.0.0.1 --port="$port" --username=postgres --dbname=postgres --quiet --set=ON_ERROR_STOP=1 <<SQL
CREATE EXTENSION IF NOT EXISTS postgres_fdw;
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_foreign_server WHERE srvname = 'shard1') THEN
    CREATE SERVER shard1 FOREIGN DATA WRAPPER postgres_fdw
      OPTIONS (host '127.0.0.1', port '$((port + 1))', dbname 'postgres', fetch_size '10000');
    CREATE USER MAPPING FOR postgres SERVER shard1 OPTIONS (user 'postgres');
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_foreign_server WHERE srvname = 'shard2') THEN
    CREATE SERVER shard2 FOREIGN DATA WRAPPER postgres_fdw
      OPTIONS (host '127.0.0.1', port '$((port + 2))', dbname 'postgres', fetch_size '10000');
    CREATE USER MAPPING FOR postgres SERVER shard2 OPTIONS (user 'postgres');
  END IF;
END
\$\$;
SQL

conn() { echo "Host=127.0.0.1;Port=$1;Username=postgres;Database=postgres"; }
cat >"$dir/servers.env" <<ENV
CLV_POSTGRES='$(conn "$port")'
CLV_POSTGRES_SHARD1='$(conn $((port + 1)))'
CLV_POSTGRES_SHARD2='$(conn $((port + 2)))'
ENV
CLV_SERVERS_DIR="$dir" "$(dirname "$0")/clickhouse.sh" start
echo "servers up; connection strings in $dir/servers.env"

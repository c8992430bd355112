#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL server for the PostgreSQL store's tests.
#
#   eval "$(bash .ci/postgres.sh start)"   # starts a server; exports POLICY_TEST_POSTGRES and POLICY_POSTGRES_DIR
#   bash .ci/postgres.sh stop "$POLICY_POSTGRES_DIR"
#
# The server runs as the 'postgres' user (initdb refuses root) from a temporary folder, listens on a free loopback
# port only, and is thrown away on stop. Its log is in $POLICY_POSTGRES_DIR/server.log.
set -euo pipefail

find_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ]; then
      echo "$dir"
      return 0
    fi
  done
  echo "postgres.sh: no PostgreSQL server binaries under /usr/lib/postgresql (install the postgresql package)" >&2
  return 1
}

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  local port
  for port in $(seq 55432 55532); do
    if ! (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "postgres.sh: no free port between 55432 and 55532" >&2
  return 1
}

start() {
  local bin dir port
  bin="$(find_bin)"
  dir="$(mktemp -d /tmp/policy-postgres.XXXXXX)"
  chmod 755 "$dir"
  mkdir -p "$dir/data" "$dir/socket"
  if [ "$(id -u)" -eq 0 ]; then
    chown -R postgres:postgres "$dir"
  fi
  port="$(free_port)"
  as_postgres "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync -E UTF8 >"$dir/initdb.log" 2>&1
  as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir/socket -c fsync=off -c max_connections=200" start >/dev/null
  as_postgres "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "CREATE DATABASE policy_test" >/dev/null
  echo "export POLICY_POSTGRES_DIR='$dir'"
  echo "export POLICY_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=postgres;Database=policy_test;Pooling=true;Maximum Pool Size=50'"
}

stop() {
  local dir="${1:?usage: postgres.sh stop <dir>}" bin
  bin="$(find_bin)"
  if [ -d "$dir/data" ]; then
    as_postgres "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: postgres.sh start | stop <dir>" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# A PostgreSQL server for the tests, on loopback only. Installs Debian's postgresql when it is missing
# (needs root and apt), starts a private cluster on 127.0.0.1 (port 5432 when free, else the next free
# one), creates the role and database, and prints the URL for the test suite:
#
#   eval "$(scripts/ensure-postgres.sh)"        # exports COACH_TEST_POSTGRES_URL
#   scripts/ensure-postgres.sh --url            # prints just the URL
#
# COACH_PG_DB names the database (default coach_test; scripts/serve-multi.sh uses coach_serve).
# Idempotent: a second run finds the cluster (running or stopped) and prints the same URL. The cluster
# lives in $COACH_PG_DIR (default /tmp/coach-postgres); it is a throwaway test server, never for data.
set -euo pipefail

PGDIR="${COACH_PG_DIR:-/tmp/coach-postgres}"
DB_USER=coach
DB_PASSWORD=coach
DB_NAME="${COACH_PG_DB:-coach_test}"
say() { echo "ensure-postgres: $*" >&2; }

find_bindir() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  done
  return 1
}

if ! BINDIR="$(find_bindir)"; then
  "$(dirname "$0")/apt-install.sh" PostgreSQL postgresql
  BINDIR="$(find_bindir)"
fi

# initdb and the server refuse to run as root: run them as the 'postgres' system user then.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

port_free() {
  python3 - "$1" <<'PY'
import socket, sys
with socket.socket() as s:
    try:
        s.bind(("127.0.0.1", int(sys.argv[1])))
    except OSError:
        sys.exit(1)
PY
}

mkdir -p "$PGDIR"
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$PGDIR"; fi
DATA="$PGDIR/data"

if [ ! -s "$DATA/PG_VERSION" ]; then
  say "creating a cluster in $DATA"
  as_owner "$BINDIR/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
fi

if as_owner "$BINDIR/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  PORT="$(cat "$PGDIR/port")"
else
  PORT=5432
  while ! port_free "$PORT"; do PORT=$((PORT + 1)); done
  echo "$PORT" >"$PGDIR/port"
  say "starting the cluster on 127.0.0.1:$PORT"
  as_owner "$BINDIR/pg_ctl" -D "$DATA" -l "$PGDIR/server.log" -w -t 60 \
    -o "-p $PORT -k $PGDIR -c listen_addresses=127.0.0.1" start >/dev/null
fi

psql_admin() { as_owner "$BINDIR/psql" -h "$PGDIR" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ -z "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'")" ]; then
  psql_admin -c "CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD'" >/dev/null
fi
if [ -z "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" ]; then
  psql_admin -c "CREATE DATABASE $DB_NAME OWNER $DB_USER" >/dev/null
fi

URL="postgresql+psycopg://$DB_USER:$DB_PASSWORD@127.0.0.1:$PORT/$DB_NAME"
if [ "${1:-}" = "--url" ]; then
  echo "$URL"
else
  echo "export COACH_TEST_POSTGRES_URL=$URL"
fi

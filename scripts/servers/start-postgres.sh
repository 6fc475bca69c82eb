#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster on 127.0.0.1 only (initdb in DATA_DIR, its own port and socket dir).
#
# usage: scripts/servers/start-postgres.sh [DATA_DIR]      (default /tmp/imagecatalog-pg)
# env:   PG_PORT=55432  PG_DB=ci  PG_USER=ci  PG_PASSWORD=ci
#        PG_DURABLE=1  fsync, synchronous_commit and full_page_writes on (PostgreSQL's defaults) in a new cluster;
#                      otherwise all three off (a throwaway test cluster)
#        IMAGECATALOG_ENV_OUT=FILE  append IMAGECATALOG_PG_URL/USER/PASSWORD lines to FILE (see lib.sh)
# Needs: Debian's postgresql (scripts/servers/install.sh). As root, initdb/postgres run as user postgres
# (so DATA_DIR and its parents must be reachable by postgres: not under a 0700 directory).
# Stop:  scripts/servers/stop-postgres.sh DATA_DIR [--purge]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
DATA_DIR=${1:-/tmp/imagecatalog-pg}
PORT=${PG_PORT:-55432}
DB=${PG_DB:-ci}
USER_NAME=${PG_USER:-ci}
PASSWORD=${PG_PASSWORD:-ci}

t0=$(date +%s.%N)
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$BIN/initdb" ] || { echo "PostgreSQL server binaries not found (run scripts/servers/install.sh)" >&2; exit 1; }

mkdir -p "$DATA_DIR"
DATA_DIR=$(cd "$DATA_DIR" && pwd)
PGDATA=$DATA_DIR/data
SOCK=$DATA_DIR/run
if [ "$(id -u)" = 0 ]; then
  OWNER=postgres
  as_owner() { runuser -u postgres -- "$@"; }
else
  OWNER=$(id -un)
  as_owner() { "$@"; }
fi
if [ -f "$PGDATA/postmaster.pid" ] && as_owner "$BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
  echo "postgres already running from $DATA_DIR" >&2; exit 1
fi
require_free_ports "$PORT"

mkdir -p "$SOCK"
chown "$OWNER" "$DATA_DIR" "$SOCK"
chmod 0700 "$DATA_DIR"
as_owner test -w "$DATA_DIR" || { echo "$OWNER cannot write $DATA_DIR (a parent directory is not searchable?)" >&2; exit 1; }

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile=$(mktemp); printf '%s\n' "$PASSWORD" > "$pwfile"; chown "$OWNER" "$pwfile"
  # -N: no fsync (throwaway); local socket: trust; TCP: scram-sha-256 passwords
  as_owner "$BIN/initdb" -D "$PGDATA" -U postgres --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 -N > "$DATA_DIR/initdb.log" 2>&1 \
    || { rm -f "$pwfile"; echo "initdb failed:" >&2; tail -n 30 "$DATA_DIR/initdb.log" >&2; exit 1; }
  rm -f "$pwfile"
  durable=off
  [ "${PG_DURABLE:-0}" = 1 ] && durable=on
  cat >> "$PGDATA/postgresql.conf" <<CONF

# --- throwaway test cluster (scripts/servers/start-postgres.sh) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$SOCK'
max_connections = 100
shared_buffers = 128MB
fsync = $durable
synchronous_commit = $durable
full_page_writes = $durable
logging_collector = off
CONF
fi
# the port may differ from a previous start of the same DATA_DIR: pass it on the command line
as_owner "$BIN/pg_ctl" -D "$PGDATA" -l "$DATA_DIR/postgres.log" -o "-p $PORT" -w -t 120 start > /dev/null \
  || { echo "postgres did not start; log:" >&2; tail -n 30 "$DATA_DIR/postgres.log" >&2; exit 1; }
trap 'rc=$?; if [ $rc != 0 ]; then echo "postgres setup failed; log:" >&2; tail -n 30 "$DATA_DIR/postgres.log" >&2; "$HERE/stop-postgres.sh" "$DATA_DIR" >/dev/null 2>&1; fi' EXIT

psql_su() { as_owner "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCK" -p "$PORT" -U postgres "$@"; }
if [ "$(psql_su -d postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$USER_NAME'")" != 1 ]; then
  psql_su -d postgres -c "CREATE ROLE \"$USER_NAME\" LOGIN CREATEDB PASSWORD '$PASSWORD'"
fi
# DROP DATABASE ... WITH (FORCE) must be able to end an autovacuum worker still in a throwaway test database
psql_su -d postgres -c "GRANT pg_signal_backend TO \"$USER_NAME\""
if [ "$(psql_su -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]; then
  psql_su -d postgres -c "CREATE DATABASE \"$DB\" OWNER \"$USER_NAME\""
fi
# readiness: a password login over TCP
PGPASSWORD=$PASSWORD "$BIN/psql" -X -q -h 127.0.0.1 -p "$PORT" -U "$USER_NAME" -d "$DB" -tAc 'SELECT 1' > /dev/null

URL=jdbc:postgresql://127.0.0.1:$PORT/$DB
env_out "IMAGECATALOG_PG_URL=$URL" "IMAGECATALOG_PG_USER=$USER_NAME" "IMAGECATALOG_PG_PASSWORD=$PASSWORD"
echo "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') ready in $(elapsed "$t0") s on 127.0.0.1:$PORT" \
     "(data $PGDATA, log $DATA_DIR/postgres.log)"
echo "  IMAGECATALOG_PG_URL=$URL IMAGECATALOG_PG_USER=$USER_NAME IMAGECATALOG_PG_PASSWORD=$PASSWORD"

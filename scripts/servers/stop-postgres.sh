#!/usr/bin/env bash
# Stop the cluster start-postgres.sh started in DATA_DIR (pg_ctl stop on that data directory only).
# usage: scripts/servers/stop-postgres.sh [DATA_DIR] [--purge]   (default /tmp/imagecatalog-pg)
set -uo pipefail
DATA_DIR=${1:-/tmp/imagecatalog-pg}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
rc=0
if [ -f "$DATA_DIR/data/postmaster.pid" ]; then
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$BIN/pg_ctl" -D "$DATA_DIR/data" -m fast -w -t 30 stop >/dev/null || rc=$?
  else
    "$BIN/pg_ctl" -D "$DATA_DIR/data" -m fast -w -t 30 stop >/dev/null || rc=$?
  fi
fi
[ "${2:-}" = --purge ] && rm -rf "$DATA_DIR"
echo "postgres stopped ($DATA_DIR)"
exit $rc

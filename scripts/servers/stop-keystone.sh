#!/usr/bin/env bash
# Stop what start-keystone.sh started from DATA_DIR (only the PID in DATA_DIR/run/uwsgi.pid
# and its process group, which start-keystone.sh created with setsid).
# usage: stop-keystone.sh [DATA_DIR] [--purge]   (default /tmp/imagecatalog-keystone; --purge deletes DATA_DIR)
set -uo pipefail
DATA_DIR=${1:-/tmp/imagecatalog-keystone}
f=$DATA_DIR/run/uwsgi.pid
if [ -f "$f" ]; then
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    # SIGINT = immediate shutdown of master + workers (SIGTERM is graceful and takes ~3 s).
    kill -INT -- "-$pid" 2>/dev/null || kill -INT "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid"; fi
  fi
  rm -f "$f"
fi
if [ "${2:-}" = --purge ]; then rm -rf "$DATA_DIR"; fi
echo "keystone stopped ($DATA_DIR)"

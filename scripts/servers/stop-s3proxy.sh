#!/usr/bin/env bash
# Stop the s3proxy start-s3proxy.sh started from DATA_DIR (by its pid file only).
# usage: scripts/servers/stop-s3proxy.sh [DATA_DIR] [--purge]   (default /tmp/imagecatalog-s3proxy)
set -uo pipefail
DATA_DIR=${1:-/tmp/imagecatalog-s3proxy}
f=$DATA_DIR/s3proxy.pid
if [ -f "$f" ]; then
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  rm -f "$f"
fi
[ "${2:-}" = --purge ] && rm -rf "$DATA_DIR"
echo "s3proxy stopped ($DATA_DIR)"

#!/usr/bin/env bash
# Stop what start-swift.sh (either SWIFT_AUTH) started from DATA_DIR (only the PIDs in DATA_DIR/run).
# usage: scripts/servers/stop-swift.sh [DATA_DIR] [--purge]   (default /tmp/imagecatalog-swift; --purge deletes DATA_DIR)
set -uo pipefail
DATA_DIR=${1:-/tmp/imagecatalog-swift}
RUN=$DATA_DIR/run

alive() {  # running and not a zombie (an exited orphan may linger as a zombie until pid 1 reaps it)
  [ -r "/proc/$1/stat" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]
}
pids=()
for name in proxy-server-short-token proxy-server object-server container-server account-server memcached; do
  f=$RUN/$name.pid
  [ -f "$f" ] || continue
  pid=$(cat "$f"); rm -f "$f"
  alive "$pid" || continue
  # swift servers call setsid() themselves: their pid leads a process group holding
  # their workers; memcached is no group leader, so the group kill falls back to the pid.
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
  pids+=("$pid")
done
for _ in $(seq 1 100); do
  left=0; for pid in "${pids[@]}"; do alive "$pid" && left=1; done
  [ $left = 0 ] && break
  sleep 0.1
done
for pid in "${pids[@]}"; do
  if alive "$pid"; then kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null; fi
done
if [ -f "$RUN/tmpfs-mounted" ]; then umount "$DATA_DIR/srv" && rm -f "$RUN/tmpfs-mounted"; fi
if [ "${2:-}" = --purge ]; then rm -rf "$DATA_DIR"; fi
echo "swift stopped ($DATA_DIR)"

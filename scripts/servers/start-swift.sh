#!/usr/bin/env bash
# Start a throwaway one-node "Swift all in one" on 127.0.0.1.
#
# usage: scripts/servers/start-swift.sh [DATA_DIR]      (default /tmp/imagecatalog-swift)
# env:   SWIFT_PORT=8080 (proxy)  SWIFT_OBJECT_PORT=6200  SWIFT_CONTAINER_PORT=6201
#        SWIFT_ACCOUNT_PORT=6202  SWIFT_MEMCACHE_PORT=11211  SWIFT_WORKERS=1
#        SWIFT_ON_TMPFS=0|1  (1: mount a tmpfs on DATA_DIR/srv; needs root)
#        IMAGECATALOG_ENV_OUT=FILE  append IMAGECATALOG_SWIFT_AUTH_URL/USER/KEY/S3_ENDPOINT lines (see lib.sh)
#
# Needs (Debian 12): swift swift-proxy swift-object swift-container swift-account python3-swiftclient
#   memcached curl (scripts/servers/install.sh), and root to write /etc/swift/swift.conf.
#
# Auth (tempauth):  user test:tester  key testing  (.admin)   -> /auth/v1.0
#                   S3 (s3api + tempauth): access key "test:tester", secret "testing"
# Everything (configs, rings, data, logs, pid files) lives under DATA_DIR, except
# /etc/swift/swift.conf whose path is hard-coded in Swift. All Swifts on a machine share that file; it is
# written only when its content differs from the one below (atomically), so a second Swift started with
# this script (other ports, other DATA_DIR) leaves a running one untouched.
# Stop:  scripts/servers/stop-swift.sh DATA_DIR [--purge]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"

DATA_DIR=${1:-/tmp/imagecatalog-swift}
PROXY_PORT=${SWIFT_PORT:-8080}
OBJ_PORT=${SWIFT_OBJECT_PORT:-6200}
CONT_PORT=${SWIFT_CONTAINER_PORT:-6201}
ACC_PORT=${SWIFT_ACCOUNT_PORT:-6202}
MC_PORT=${SWIFT_MEMCACHE_PORT:-11211}
WORKERS=${SWIFT_WORKERS:-1}
RUN_USER=${SWIFT_USER:-$(id -un)}
PY=/usr/bin/python3      # Debian's Swift lives in /usr/lib/python3; never a pyenv/venv python

t0=$(date +%s.%N)
mkdir -p "$DATA_DIR"
DATA_DIR=$(cd "$DATA_DIR" && pwd)
ETC=$DATA_DIR/etc
NODE=$DATA_DIR/srv/node
RUN=$DATA_DIR/run
LOG=$DATA_DIR/log

if [ -e "$RUN/proxy-server.pid" ] && kill -0 "$(cat "$RUN/proxy-server.pid")" 2>/dev/null; then
  echo "swift already running from $DATA_DIR" >&2; exit 1
fi
require_free_ports "$PROXY_PORT" "$OBJ_PORT" "$CONT_PORT" "$ACC_PORT" "$MC_PORT"
# from here on, a failure stops whatever this run started (stop-swift.sh works from the pid files)
trap 'rc=$?; if [ $rc != 0 ]; then "$HERE/stop-swift.sh" "$DATA_DIR" >/dev/null 2>&1; fi' EXIT

mkdir -p "$ETC" "$RUN" "$LOG" "$DATA_DIR/srv"
if [ "${SWIFT_ON_TMPFS:-0}" = 1 ] && ! mountpoint -q "$DATA_DIR/srv"; then
  mount -t tmpfs -o size=2g,mode=0755 tmpfs "$DATA_DIR/srv"
  touch "$RUN/tmpfs-mounted"
fi
mkdir -p "$NODE/d1" "$DATA_DIR/cache"

# --- xattr check: Swift stores object metadata in user.* xattrs --------------
probe=$NODE/d1/.xattr-probe
: > "$probe"
if ! $PY - "$probe" <<'EOF'
import os, sys
os.setxattr(sys.argv[1], 'user.swift.probe', b'x' * 254)
assert os.getxattr(sys.argv[1], 'user.swift.probe') == b'x' * 254
EOF
then
  echo "filesystem under $NODE lacks user xattrs; rerun with SWIFT_ON_TMPFS=1 (kernel >= 6.6) or" \
       "put DATA_DIR on ext4/xfs (e.g. a loop-mounted image)" >&2
  rm -f "$probe"; exit 1
fi
rm -f "$probe"

# --- swift.conf (path hard-coded in Swift; shared by every Swift on this machine) ---
SWIFT_CONF_CONTENT='[swift-hash]
swift_hash_path_prefix = ci-prefix
swift_hash_path_suffix = ci-suffix

[storage-policy:0]
name = Policy-0
default = yes

[swift-constraints]'
if [ "$(cat /etc/swift/swift.conf 2>/dev/null || true)" != "$SWIFT_CONF_CONTENT" ]; then
  [ -w /etc/swift ] || [ -w /etc ] || { echo "cannot write /etc/swift/swift.conf (Swift needs it; run as root)" >&2; exit 1; }
  mkdir -p /etc/swift
  if [ -f /etc/swift/swift.conf ]; then cp -p /etc/swift/swift.conf "/etc/swift/swift.conf.before-imagecatalog"; fi
  printf '%s\n' "$SWIFT_CONF_CONTENT" > /etc/swift/swift.conf.tmp.$$
  mv -f /etc/swift/swift.conf.tmp.$$ /etc/swift/swift.conf   # atomic: a running Swift never reads half a file
fi

# --- rings: 1 replica, 1 device, part power 8 --------------------------------
# Same as "swift-ring-builder X.builder create 8 1 1; ... add --region 1 --zone 1 --ip 127.0.0.1
# --port P --device d1 --weight 100; ... rebalance" for X in object/container/account, but in
# one python process (9 CLI calls cost ~6.5 s of python start-up on 2 cores).
rm -f "$ETC"/*.builder "$ETC"/*.ring.gz
rm -rf "$ETC/backups"
$PY - "$ETC" "$OBJ_PORT" "$CONT_PORT" "$ACC_PORT" <<'EOF'
import sys
from swift.common.ring import RingBuilder
etc = sys.argv[1]
for kind, port in zip(('object', 'container', 'account'), map(int, sys.argv[2:5])):
    b = RingBuilder(8, 1, 1)
    b.add_dev({'region': 1, 'zone': 1, 'ip': '127.0.0.1', 'port': port,
               'replication_ip': '127.0.0.1', 'replication_port': port,
               'device': 'd1', 'weight': 100, 'meta': ''})
    b.rebalance()
    b.save('%s/%s.builder' % (etc, kind))
    b.get_ring().save('%s/%s.ring.gz' % (etc, kind))
EOF

# --- backend servers ----------------------------------------------------------
common() {  # $1 = port
  cat <<EOF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $1
workers = $WORKERS
user = $RUN_USER
swift_dir = $ETC
devices = $NODE
mount_check = false
disable_fallocate = true
log_level = INFO
EOF
}
{ common "$ACC_PORT"; cat <<'EOF'

[pipeline:main]
pipeline = healthcheck recon account-server

[app:account-server]
use = egg:swift#account

[filter:healthcheck]
use = egg:swift#healthcheck

[filter:recon]
use = egg:swift#recon
EOF
echo "recon_cache_path = $DATA_DIR/cache"; } > "$ETC/account-server.conf"

{ common "$CONT_PORT"; cat <<'EOF'

[pipeline:main]
pipeline = healthcheck recon container-server

[app:container-server]
use = egg:swift#container

[filter:healthcheck]
use = egg:swift#healthcheck

[filter:recon]
use = egg:swift#recon
EOF
echo "recon_cache_path = $DATA_DIR/cache"; } > "$ETC/container-server.conf"

{ common "$OBJ_PORT"; cat <<'EOF'

[pipeline:main]
pipeline = healthcheck recon object-server

[app:object-server]
use = egg:swift#object

[filter:healthcheck]
use = egg:swift#healthcheck

[filter:recon]
use = egg:swift#recon
EOF
echo "recon_cache_path = $DATA_DIR/cache"; } > "$ETC/object-server.conf"

# --- proxy: tempauth + s3api + slo + dlo --------------------------------------
cat > "$ETC/proxy-server.conf" <<EOF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $PROXY_PORT
workers = $WORKERS
user = $RUN_USER
swift_dir = $ETC
log_level = INFO

[pipeline:main]
# s3api must sit before tempauth (tempauth checks the S3 signatures),
# slo must come after s3api (S3 multipart uploads are stored as SLOs).
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats bulk tempurl s3api tempauth copy slo dlo versioned_writes symlink proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
allow_account_management = true

[filter:tempauth]
use = egg:swift#tempauth
user_admin_admin = admin .admin .reseller_admin
user_test_tester = testing .admin
user_test_tester2 = testing2 .admin
user_test2_tester2 = testing2 .admin
user_test_tester3 = testing3
storage_url_scheme = default
token_life = 86400

[filter:s3api]
use = egg:swift#s3api
location = us-east-1
s3_acl = false
allow_multipart_uploads = true
# SDK part sizes of 5 MiB are the S3 minimum; keep swift's check at that
min_segment_size = 5242880

[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:$MC_PORT

[filter:catch_errors]
use = egg:swift#catch_errors

[filter:gatekeeper]
use = egg:swift#gatekeeper

[filter:healthcheck]
use = egg:swift#healthcheck

[filter:proxy-logging]
use = egg:swift#proxy_logging

[filter:listing_formats]
use = egg:swift#listing_formats

[filter:bulk]
use = egg:swift#bulk

[filter:tempurl]
use = egg:swift#tempurl

[filter:copy]
use = egg:swift#copy

[filter:slo]
use = egg:swift#slo

[filter:dlo]
use = egg:swift#dlo

[filter:versioned_writes]
use = egg:swift#versioned_writes
allow_versioned_writes = true

[filter:symlink]
use = egg:swift#symlink
EOF

# --- start processes ----------------------------------------------------------
# memcached refuses to run as root without -u; -u is ignored for non-root.
mc_user=$RUN_USER; [ "$mc_user" = root ] && mc_user=$(id -un memcache 2>/dev/null || echo nobody)
# Not -d/-P: memcached writes its pid file after dropping to $mc_user, which cannot write $RUN.
memcached -u "$mc_user" -l 127.0.0.1 -p "$MC_PORT" -U 0 -m 64 >"$LOG/memcached.log" 2>&1 < /dev/null &
echo $! > "$RUN/memcached.pid"

chown -R "$RUN_USER" "$DATA_DIR"
start() {  # $1 = name, $2 = binary
  # -v: also log to stderr (captured in $LOG); without it logs go to syslog only.
  # No setsid needed: run_wsgi calls os.setsid() itself, so $! leads a process group
  # holding the server's workers, and SIGTERM to it stops them all.
  "$2" "$ETC/$1.conf" -v >"$LOG/$1.log" 2>&1 < /dev/null &
  echo $! > "$RUN/$1.pid"
}
start account-server swift-account-server
start container-server swift-container-server
start object-server swift-object-server
start proxy-server swift-proxy-server

# --- wait for readiness ---------------------------------------------------------
wait_http() {  # $1 = url, $2 = name
  for _ in $(seq 1 1200); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    if ! kill -0 "$(cat "$RUN/$2.pid")" 2>/dev/null; then
      echo "$2 died; log:" >&2; tail -n 30 "$LOG/$2.log" >&2; exit 1
    fi
    sleep 0.1
  done
  echo "$2 not ready after 120 s" >&2; tail -n 30 "$LOG/$2.log" >&2; exit 1
}
wait_http "http://127.0.0.1:$ACC_PORT/healthcheck" account-server
wait_http "http://127.0.0.1:$CONT_PORT/healthcheck" container-server
wait_http "http://127.0.0.1:$OBJ_PORT/healthcheck" object-server
wait_http "http://127.0.0.1:$PROXY_PORT/healthcheck" proxy-server

# a real round trip through auth (also creates the AUTH_test account)
for _ in $(seq 1 600); do
  tok=$(curl -fsS -D - -o /dev/null -H 'X-Auth-User: test:tester' -H 'X-Auth-Key: testing' \
          "http://127.0.0.1:$PROXY_PORT/auth/v1.0" 2>/dev/null | tr -d '\r' \
        | awk -F': ' 'tolower($1)=="x-auth-token"{print $2}') || true
  if [ -n "$tok" ] && curl -fsS -o /dev/null -H "X-Auth-Token: $tok" \
       "http://127.0.0.1:$PROXY_PORT/v1/AUTH_test" 2>/dev/null; then
    break
  fi
  tok=; sleep 0.1
done
[ -n "$tok" ] || { echo "auth round trip failed" >&2; tail -n 30 "$LOG/proxy-server.log" >&2; exit 1; }

env_out "IMAGECATALOG_SWIFT_AUTH_URL=http://127.0.0.1:$PROXY_PORT/auth/v1.0" "IMAGECATALOG_SWIFT_USER=test:tester" \
        "IMAGECATALOG_SWIFT_KEY=testing" "IMAGECATALOG_SWIFT_S3_ENDPOINT=http://127.0.0.1:$PROXY_PORT" \
        "IMAGECATALOG_SWIFT_MEMCACHED=127.0.0.1:$MC_PORT"
echo "Swift $($PY -c 'import swift; print(swift.__version__)') ready in $(elapsed "$t0") s"
echo "  auth:   http://127.0.0.1:$PROXY_PORT/auth/v1.0  user test:tester  key testing"
echo "  s3:     http://127.0.0.1:$PROXY_PORT  access key test:tester  secret testing  region us-east-1 (path style)"
echo "  data:   $DATA_DIR   logs: $LOG   stop: scripts/servers/stop-swift.sh $DATA_DIR"

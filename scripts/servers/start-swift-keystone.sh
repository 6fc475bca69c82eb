#!/usr/bin/env bash
# imagecatalog: the keystone-authenticated Swift for KeystoneSwiftImageStoreTest. Defaults do not clash with
# the dev Swift (8080, 6200-6202, 11211): proxy 18080, backends 16200-16202, memcached 11311.
# keystonemiddleware's token cache is off by default here (SWIFT_TOKEN_CACHE_TIME=-1) so that a revoked
# token is refused at once.
#
# Start a throwaway one-node "Swift all in one" on 127.0.0.1, authenticating against
# Keystone (keystonemiddleware auth_token + swift keystoneauth) instead of tempauth.
# Variant of ../start-swift.sh (only the proxy pipeline/auth differ).
#
# usage: start-swift-keystone.sh [DATA_DIR]   (default /tmp/imagecatalog-swift-keystone)
# env:   KEYSTONE_URL=http://127.0.0.1:15000 (a keystone from start-keystone.sh, already running)
#        KEYSTONE_SERVICE_USER=swift KEYSTONE_SERVICE_PASSWORD=service-secret KEYSTONE_SERVICE_PROJECT=service
#        KEYSTONE_CHECK_USER=demo KEYSTONE_CHECK_PASSWORD=demo-secret KEYSTONE_CHECK_PROJECT=demo
#        SWIFT_PORT=18080 (proxy)  SWIFT_OBJECT_PORT=16200  SWIFT_CONTAINER_PORT=16201
#        SWIFT_ACCOUNT_PORT=16202  SWIFT_MEMCACHE_PORT=11311  SWIFT_WORKERS=1  SWIFT_TOKEN_CACHE_TIME=-1
#        SWIFT_ON_TMPFS=0|1  (1: mount a tmpfs on DATA_DIR/srv; needs root)
#
# Needs (Debian 12):
#   apt-get install -y swift swift-proxy swift-object swift-container swift-account \
#                      python3-swiftclient python3-keystonemiddleware memcached curl
#
# Auth: Keystone tokens (X-Auth-Token); storage URL http://127.0.0.1:$SWIFT_PORT/v1/AUTH_<project_id>
#       users with role admin or member on a project own that project's account.
#       (no tempauth, no s3api here: S3 with keystone would need s3token too)
# Everything (configs, rings, data, logs, pid files) lives under DATA_DIR, except
# /etc/swift/swift.conf whose path is hard-coded in Swift (written only if it does not exist yet).
set -euo pipefail

DATA_DIR=${1:-/tmp/imagecatalog-swift-keystone}
PROXY_PORT=${SWIFT_PORT:-18080}
OBJ_PORT=${SWIFT_OBJECT_PORT:-16200}
CONT_PORT=${SWIFT_CONTAINER_PORT:-16201}
ACC_PORT=${SWIFT_ACCOUNT_PORT:-16202}
MC_PORT=${SWIFT_MEMCACHE_PORT:-11311}
WORKERS=${SWIFT_WORKERS:-1}
RUN_USER=${SWIFT_USER:-$(id -un)}
KS=${KEYSTONE_URL:-http://127.0.0.1:15000}
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
for p in "$PROXY_PORT" "$OBJ_PORT" "$CONT_PORT" "$ACC_PORT" "$MC_PORT"; do
  if (exec 3<>/dev/tcp/127.0.0.1/"$p") 2>/dev/null; then
    echo "port $p on 127.0.0.1 is already in use" >&2; exit 1
  fi
done

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

# --- swift.conf (path hard-coded in Swift) -----------------------------------
# Another Swift on this machine (the dev/CI one) reads the same file: leave an existing one alone.
mkdir -p /etc/swift
[ -s /etc/swift/swift.conf ] || cat > /etc/swift/swift.conf <<'EOF'
[swift-hash]
swift_hash_path_prefix = ci-prefix
swift_hash_path_suffix = ci-suffix

[storage-policy:0]
name = Policy-0
default = yes

[swift-constraints]
EOF

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

# --- proxy: keystone authtoken + keystoneauth + slo + dlo -----------------------
cat > "$ETC/proxy-server.conf" <<EOF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $PROXY_PORT
workers = $WORKERS
user = $RUN_USER
swift_dir = $ETC
log_level = INFO

[pipeline:main]
# authtoken validates X-Auth-Token against keystone and sets X-Roles/X-Project-Id...;
# keystoneauth maps those to Swift ACLs (must come right after authtoken).
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats bulk tempurl authtoken keystoneauth copy slo dlo versioned_writes symlink proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
allow_account_management = true

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
www_authenticate_uri = $KS
auth_url = $KS
auth_type = password
username = ${KEYSTONE_SERVICE_USER:-swift}
password = ${KEYSTONE_SERVICE_PASSWORD:-service-secret}
project_name = ${KEYSTONE_SERVICE_PROJECT:-service}
user_domain_id = default
project_domain_id = default
region_name = RegionOne
interface = public
# let tempurl/ACL'd anonymous requests through to keystoneauth, which decides
delay_auth_decision = True
# validated tokens are cached in swift's memcached for token_cache_time
memcached_servers = 127.0.0.1:$MC_PORT
include_service_catalog = False
# -1: no cache, every request is validated by keystone (a revoked token is refused at once)
token_cache_time = ${SWIFT_TOKEN_CACHE_TIME:--1}
service_token_roles_required = True

[filter:keystoneauth]
use = egg:swift#keystoneauth
reseller_prefix = AUTH
operator_roles = admin, member
reseller_admin_role = ResellerAdmin

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
  for _ in $(seq 1 300); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    if ! kill -0 "$(cat "$RUN/$2.pid")" 2>/dev/null; then
      echo "$2 died; log:" >&2; tail -n 30 "$LOG/$2.log" >&2; exit 1
    fi
    sleep 0.1
  done
  echo "$2 not ready after 30 s" >&2; tail -n 30 "$LOG/$2.log" >&2; exit 1
}
wait_http "http://127.0.0.1:$ACC_PORT/healthcheck" account-server
wait_http "http://127.0.0.1:$CONT_PORT/healthcheck" container-server
wait_http "http://127.0.0.1:$OBJ_PORT/healthcheck" object-server
wait_http "http://127.0.0.1:$PROXY_PORT/healthcheck" proxy-server

# a real round trip through keystone auth (also creates the AUTH_<project_id> account)
AUTH='{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"'${KEYSTONE_CHECK_USER:-demo}'",
"domain":{"id":"default"},"password":"'${KEYSTONE_CHECK_PASSWORD:-demo-secret}'"}}},
"scope":{"project":{"name":"'${KEYSTONE_CHECK_PROJECT:-demo}'","domain":{"id":"default"}}}}}'
hdrs=$(curl -fsS -D - -o "$RUN/check-token.json" -H 'Content-Type: application/json' -d "$AUTH" \
        "$KS/v3/auth/tokens" | tr -d '\r') \
  || { echo "cannot get a token from keystone at $KS (start-keystone.sh first)" >&2; exit 1; }
tok=$(echo "$hdrs" | awk -F': ' 'tolower($1)=="x-subject-token"{print $2}')
project_id=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["token"]["project"]["id"])' "$RUN/check-token.json")
ok=
for _ in $(seq 1 100); do
  if curl -fsS -o /dev/null -H "X-Auth-Token: $tok" \
       "http://127.0.0.1:$PROXY_PORT/v1/AUTH_$project_id" 2>/dev/null; then
    ok=1; break
  fi
  sleep 0.1
done
[ -n "$ok" ] || { echo "keystone auth round trip failed" >&2; tail -n 30 "$LOG/proxy-server.log" >&2; exit 1; }

t1=$(date +%s.%N)
echo "Swift $($PY -c 'import swift; print(swift.__version__)') ready in $(awk "BEGIN{printf \"%.1f\", $t1 - $t0}") s"
echo "  auth:   keystone $KS/v3 (X-Auth-Token); e.g. ${KEYSTONE_CHECK_USER:-demo}: http://127.0.0.1:$PROXY_PORT/v1/AUTH_$project_id"
echo "  data:   $DATA_DIR   logs: $LOG   stop: stop-swift-keystone.sh $DATA_DIR"

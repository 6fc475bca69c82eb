#!/usr/bin/env bash
# Start a throwaway one-node "Swift all in one" on 127.0.0.1, authenticating with tempauth (default) or
# against a running Keystone (keystonemiddleware auth_token + swift keystoneauth).
#
# usage: scripts/servers/start-swift.sh [DATA_DIR]
#        (default /tmp/imagecatalog-swift; with SWIFT_AUTH=keystone /tmp/imagecatalog-swift-keystone)
# env:   SWIFT_AUTH=tempauth|keystone
#        SWIFT_PORT (proxy)  SWIFT_OBJECT_PORT  SWIFT_CONTAINER_PORT  SWIFT_ACCOUNT_PORT  SWIFT_MEMCACHE_PORT
#          defaults tempauth: 8080, 6200, 6201, 6202, 11211
#          defaults keystone: 18080, 16200, 16201, 16202, 11311 (no clash with a tempauth Swift on the defaults)
#        SWIFT_SHORT_TOKEN_PORT=8085  tempauth only: a second proxy (proxy-server-short-token, same rings,
#          backends and memcached) whose tempauth issues tokens living SWIFT_SHORT_TOKEN_LIFE=3 seconds, to one
#          user of its own (short:tester, key testing-short, account AUTH_short), so tests can let a token expire
#          in the middle of a transfer. The main proxy's tokens and users are untouched.
#        SWIFT_WORKERS=1
#        SWIFT_ON_TMPFS=0|1  (1: mount a tmpfs on DATA_DIR/srv; needs root)
#        IMAGECATALOG_ENV_OUT=FILE  tempauth only: append IMAGECATALOG_SWIFT_AUTH_URL/USER/KEY/S3_ENDPOINT/MEMCACHED
#          and IMAGECATALOG_SWIFT_SHORT_TOKEN_AUTH_URL/USER/KEY/LIFE (LIFE: the configured token life in seconds)
#          lines (see lib.sh); the keystone variant appends nothing (its tests find it through Keystone's catalog)
#   keystone only:
#        KEYSTONE_URL=http://127.0.0.1:15000 (a keystone from start-keystone.sh, already running)
#        KEYSTONE_SERVICE_USER=swift KEYSTONE_SERVICE_PASSWORD=service-secret KEYSTONE_SERVICE_PROJECT=service
#        KEYSTONE_CHECK_USER=demo KEYSTONE_CHECK_PASSWORD=demo-secret KEYSTONE_CHECK_PROJECT=demo
#          (the user whose token the readiness check uses)
#        SWIFT_TOKEN_CACHE_TIME=-1  keystonemiddleware's token cache (-1: off, so a revoked token is refused
#          at once)
#
# Needs (Debian 12): swift swift-proxy swift-object swift-container swift-account python3-swiftclient
#   memcached curl, for keystone also python3-keystonemiddleware (scripts/servers/install.sh), and root to
#   write /etc/swift/swift.conf.
#
# Auth, tempauth: user test:tester  key testing  (.admin)   -> /auth/v1.0
#                 S3 (s3api + tempauth): access key "test:tester", secret "testing"
#                 short-token proxy: user short:tester  key testing-short  -> :$SWIFT_SHORT_TOKEN_PORT/auth/v1.0
#                 (tempauth's X-Auth-Token-Expires is whole seconds rounded down, and memcached, which holds the
#                 tokens, expires entries on a 1-second clock: a token may die up to ~1 s before its nominal life)
# Auth, keystone: Keystone tokens (X-Auth-Token); storage URL http://127.0.0.1:$SWIFT_PORT/v1/AUTH_<project_id>;
#                 users with role admin or member on a project own that project's account.
#                 (no tempauth, no s3api: S3 with keystone would need s3token too)
# Everything (configs, rings, data, logs, pid files) lives under DATA_DIR, except
# /etc/swift/swift.conf whose path is hard-coded in Swift. All Swifts on a machine share that file; it is
# written only when its content differs from the one below (atomically), so a second Swift started with
# this script (either auth, other ports, other DATA_DIR) leaves a running one untouched.
# Stop:  scripts/servers/stop-swift.sh DATA_DIR [--purge]
#        (start-swift-keystone.sh / stop-swift-keystone.sh: the keystone variant with its own default DATA_DIR)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"

AUTH_KIND=${SWIFT_AUTH:-tempauth}
case $AUTH_KIND in
  tempauth) def_dir=/tmp/imagecatalog-swift def_ports=(8080 6200 6201 6202 11211) ;;
  keystone) def_dir=/tmp/imagecatalog-swift-keystone def_ports=(18080 16200 16201 16202 11311)
            KS=${KEYSTONE_URL:-http://127.0.0.1:15000} ;;
  *) echo "SWIFT_AUTH must be tempauth or keystone, not '$AUTH_KIND'" >&2; exit 1 ;;
esac
DATA_DIR=${1:-$def_dir}
PROXY_PORT=${SWIFT_PORT:-${def_ports[0]}}
OBJ_PORT=${SWIFT_OBJECT_PORT:-${def_ports[1]}}
CONT_PORT=${SWIFT_CONTAINER_PORT:-${def_ports[2]}}
ACC_PORT=${SWIFT_ACCOUNT_PORT:-${def_ports[3]}}
MC_PORT=${SWIFT_MEMCACHE_PORT:-${def_ports[4]}}
WORKERS=${SWIFT_WORKERS:-1}
SHORT_PORT=${SWIFT_SHORT_TOKEN_PORT:-8085}
SHORT_LIFE=${SWIFT_SHORT_TOKEN_LIFE:-3}
SHORT_USER=short:tester SHORT_KEY=testing-short
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
if [ "$AUTH_KIND" = tempauth ]; then
  [[ $SHORT_LIFE =~ ^[1-9][0-9]*$ ]] \
    || { echo "SWIFT_SHORT_TOKEN_LIFE must be a whole number of seconds > 0, not '$SHORT_LIFE'" >&2; exit 1; }
  require_free_ports "$PROXY_PORT" "$OBJ_PORT" "$CONT_PORT" "$ACC_PORT" "$MC_PORT" "$SHORT_PORT"
else
  require_free_ports "$PROXY_PORT" "$OBJ_PORT" "$CONT_PORT" "$ACC_PORT" "$MC_PORT"
fi
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

# --- backend servers: account, container, object (same config but for port and app) ---
for kind in account container object; do
  case $kind in account) port=$ACC_PORT ;; container) port=$CONT_PORT ;; object) port=$OBJ_PORT ;; esac
  cat > "$ETC/$kind-server.conf" <<EOF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $port
workers = $WORKERS
user = $RUN_USER
swift_dir = $ETC
devices = $NODE
mount_check = false
disable_fallocate = true
log_level = INFO

[pipeline:main]
pipeline = healthcheck recon $kind-server

[app:$kind-server]
use = egg:swift#$kind

[filter:healthcheck]
use = egg:swift#healthcheck

[filter:recon]
use = egg:swift#recon
recon_cache_path = $DATA_DIR/cache
EOF
done

# --- proxy: tempauth + s3api, or keystone authtoken + keystoneauth; + slo + dlo ---
if [ "$AUTH_KIND" = tempauth ]; then
  # s3api must sit before tempauth (tempauth checks the S3 signatures),
  # slo must come after s3api (S3 multipart uploads are stored as SLOs).
  auth_filters="s3api tempauth"
  auth_conf=$(cat <<'EOF'
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
EOF
)
else
  # authtoken validates X-Auth-Token against keystone and sets X-Roles/X-Project-Id...;
  # keystoneauth maps those to Swift ACLs (must come right after authtoken).
  auth_filters="authtoken keystoneauth"
  auth_conf=$(cat <<EOF
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
EOF
)
fi
proxy_conf() {  # $1 = port, $2 = auth filters, $3 = their config sections
  cat <<EOF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $1
workers = $WORKERS
user = $RUN_USER
swift_dir = $ETC
log_level = INFO

[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats bulk tempurl $2 copy slo dlo versioned_writes symlink proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
allow_account_management = true

$3

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
}
proxy_conf "$PROXY_PORT" "$auth_filters" "$auth_conf" > "$ETC/proxy-server.conf"
if [ "$AUTH_KIND" = tempauth ]; then
  # The short-token proxy: same rings, backends and memcached, tokens living $SHORT_LIFE s, one user of its own.
  # TempAuth hands a user its cached token until that expires, and memcached is shared: a user the main proxy
  # also knows could get a 24-hour token from here, so this one is known only here.
  proxy_conf "$SHORT_PORT" tempauth "[filter:tempauth]
use = egg:swift#tempauth
user_short_tester = $SHORT_KEY .admin
storage_url_scheme = default
token_life = $SHORT_LIFE" > "$ETC/proxy-server-short-token.conf"
fi

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
if [ "$AUTH_KIND" = tempauth ]; then start proxy-server-short-token swift-proxy-server; fi

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

if [ "$AUTH_KIND" = tempauth ]; then
  wait_http "http://127.0.0.1:$SHORT_PORT/healthcheck" proxy-server-short-token
  # a real round trip through auth (also creates the user's account)
  auth_round_trip() {  # $1 = proxy port, $2 = user, $3 = key, $4 = account, $5 = name (pid and log file)
    local tok
    for _ in $(seq 1 600); do
      tok=$(curl -fsS -D - -o /dev/null -H "X-Auth-User: $2" -H "X-Auth-Key: $3" \
              "http://127.0.0.1:$1/auth/v1.0" 2>/dev/null | tr -d '\r' \
            | awk -F': ' 'tolower($1)=="x-auth-token"{print $2}') || true
      if [ -n "$tok" ] && curl -fsS -o /dev/null -H "X-Auth-Token: $tok" \
           "http://127.0.0.1:$1/v1/$4" 2>/dev/null; then
        return 0
      fi
      sleep 0.1
    done
    echo "auth round trip through $5 failed" >&2; tail -n 30 "$LOG/$5.log" >&2; exit 1
  }
  auth_round_trip "$PROXY_PORT" test:tester testing AUTH_test proxy-server
  auth_round_trip "$SHORT_PORT" "$SHORT_USER" "$SHORT_KEY" AUTH_short proxy-server-short-token

  env_out "IMAGECATALOG_SWIFT_AUTH_URL=http://127.0.0.1:$PROXY_PORT/auth/v1.0" "IMAGECATALOG_SWIFT_USER=test:tester" \
          "IMAGECATALOG_SWIFT_KEY=testing" "IMAGECATALOG_SWIFT_S3_ENDPOINT=http://127.0.0.1:$PROXY_PORT" \
          "IMAGECATALOG_SWIFT_MEMCACHED=127.0.0.1:$MC_PORT" \
          "IMAGECATALOG_SWIFT_SHORT_TOKEN_AUTH_URL=http://127.0.0.1:$SHORT_PORT/auth/v1.0" \
          "IMAGECATALOG_SWIFT_SHORT_TOKEN_USER=$SHORT_USER" "IMAGECATALOG_SWIFT_SHORT_TOKEN_KEY=$SHORT_KEY" \
          "IMAGECATALOG_SWIFT_SHORT_TOKEN_LIFE=$SHORT_LIFE"
  echo "Swift $($PY -c 'import swift; print(swift.__version__)') ready in $(elapsed "$t0") s"
  echo "  auth:   http://127.0.0.1:$PROXY_PORT/auth/v1.0  user test:tester  key testing"
  echo "  s3:     http://127.0.0.1:$PROXY_PORT  access key test:tester  secret testing  region us-east-1 (path style)"
  echo "  short:  http://127.0.0.1:$SHORT_PORT/auth/v1.0  user $SHORT_USER  key $SHORT_KEY  (tokens live $SHORT_LIFE s)"
else
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

  echo "Swift $($PY -c 'import swift; print(swift.__version__)') ready in $(elapsed "$t0") s"
  echo "  auth:   keystone $KS/v3 (X-Auth-Token); e.g. ${KEYSTONE_CHECK_USER:-demo}: http://127.0.0.1:$PROXY_PORT/v1/AUTH_$project_id"
fi
echo "  data:   $DATA_DIR   logs: $LOG   stop: scripts/servers/stop-swift.sh $DATA_DIR"

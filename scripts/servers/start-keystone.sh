#!/usr/bin/env bash
# imagecatalog: Keystone v3 for the Swift store's Keystone tests (adapted from the tested recipe in
# the project's server research). Defaults chosen not to clash with the dev servers (8080, 8081, 55432,
# 6200-6202, 11211): Keystone on 15000, catalog pointing at the keystone-authenticated Swift on 18080.
#
# Start a throwaway OpenStack Keystone (Debian 12 package python3-keystone 22.0.x, "Zed")
# on 127.0.0.1, from nothing to a token-issuing identity service.
#
# usage: start-keystone.sh [DATA_DIR]        (default /tmp/imagecatalog-keystone)
# env:   KEYSTONE_PORT=15000  KEYSTONE_ADMIN_PASSWORD=admin-secret
#        KEYSTONE_DEMO_PASSWORD=demo-secret  KEYSTONE_APPCRED_SECRET=appcred-secret
#        KEYSTONE_SERVICE_PASSWORD=service-secret (service user "swift", project "service")
#        KEYSTONE_TOKEN_EXPIRATION=3600 (s)  KEYSTONE_FIXTURES=1 (0: only bootstrap)
#        KEYSTONE_SWIFT_URL=http://127.0.0.1:18080/v1/AUTH_%(project_id)s
#        KEYSTONE_GLANCE_URL=http://127.0.0.1:9292
#        KEYSTONE_INIT=fast|manage  (fast: one python process does key setup + db_sync +
#                                    bootstrap; manage: four keystone-manage calls)
#
# Needs (Debian 12):
#   apt-get install -y --no-install-recommends python3-keystone uwsgi-core uwsgi-plugin-python3 curl
#   (python3-openstackclient only if you want the `openstack` CLI)
#
# Everything (config, SQLite db, fernet/credential keys, logs, pid file) lives under DATA_DIR.
# Server: uWSGI (Debian) with its python3 plugin serving /usr/bin/keystone-wsgi-public,
# 1 process x 1 thread (SQLite + threads = "database is locked", see REPORT.md).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
DATA_DIR=${1:-/tmp/imagecatalog-keystone}
PORT=${KEYSTONE_PORT:-15000}
ADMIN_PASSWORD=${KEYSTONE_ADMIN_PASSWORD:-admin-secret}
DEMO_PASSWORD=${KEYSTONE_DEMO_PASSWORD:-demo-secret}
APPCRED_SECRET=${KEYSTONE_APPCRED_SECRET:-appcred-secret}
SERVICE_PASSWORD=${KEYSTONE_SERVICE_PASSWORD:-service-secret}
EXPIRATION=${KEYSTONE_TOKEN_EXPIRATION:-3600}
SWIFT_URL=${KEYSTONE_SWIFT_URL:-'http://127.0.0.1:18080/v1/AUTH_%(project_id)s'}
GLANCE_URL=${KEYSTONE_GLANCE_URL:-http://127.0.0.1:9292}
INIT=${KEYSTONE_INIT:-fast}
PY=/usr/bin/python3   # Debian's keystone lives in /usr/lib/python3; never a pyenv/venv python
URL=http://127.0.0.1:$PORT/v3

t0=$(date +%s.%N)
mkdir -p "$DATA_DIR"
DATA_DIR=$(cd "$DATA_DIR" && pwd)
ETC=$DATA_DIR/etc RUN=$DATA_DIR/run LOG=$DATA_DIR/log

if [ -e "$RUN/uwsgi.pid" ] && kill -0 "$(cat "$RUN/uwsgi.pid")" 2>/dev/null; then
  echo "keystone already running from $DATA_DIR" >&2; exit 1
fi
if (exec 3<>/dev/tcp/127.0.0.1/"$PORT") 2>/dev/null; then
  echo "port $PORT on 127.0.0.1 is already in use" >&2; exit 1
fi
rm -rf "$DATA_DIR/keystone.db" "$DATA_DIR/fernet-keys" "$DATA_DIR/credential-keys"
mkdir -p "$ETC" "$RUN" "$LOG"

cat > "$ETC/keystone.conf" <<EOF
[DEFAULT]
debug = false
# oslo.log to stderr -> uwsgi's logto file
use_stderr = true

[database]
connection = sqlite:///$DATA_DIR/keystone.db

[token]
provider = fernet
expiration = $EXPIRATION

[fernet_tokens]
key_repository = $DATA_DIR/fernet-keys

[fernet_receipts]
key_repository = $DATA_DIR/fernet-keys

[credential]
key_repository = $DATA_DIR/credential-keys

[identity]
# bcrypt's minimum cost: every password check/hash is ~1 ms instead of ~250 ms at 12.
password_hash_algorithm = bcrypt
password_hash_rounds = 4
EOF

cat > "$ETC/keystone-uwsgi.ini" <<EOF
[uwsgi]
plugins = python3
http-socket = 127.0.0.1:$PORT
wsgi-file = /usr/bin/keystone-wsgi-public
env = OS_KEYSTONE_CONFIG_DIR=$ETC
master = true
processes = 1
threads = 1
need-app = true
lazy-apps = true
die-on-term = true
# skip Py_Finalize in the worker on shutdown: it segfaults in greenlet (eventlet is imported
# by oslo libs) and costs 2-3 s; nothing needs flushing (SQLite WAL is crash-safe).
skip-atexit-teardown = true
buffer-size = 65535
# http-socket has no keep-alive: it closes after each response but (without this) says
# nothing, so pooling HTTP/1.1 clients (python requests, JDK) reuse a dead connection.
add-header = Connection: close
pidfile = $RUN/uwsgi.pid
logto = $LOG/keystone.log
EOF

# Start the server first: loading the app (~3 s) overlaps with db_sync/bootstrap; the app
# does not touch the database until the first request.
setsid uwsgi --ini "$ETC/keystone-uwsgi.ini" >/dev/null 2>&1 < /dev/null &
echo $! > "$RUN/uwsgi.pid"   # uwsgi rewrites the same pid (the master) itself

BOOTSTRAP_ARGS=(--bootstrap-username admin --bootstrap-password "$ADMIN_PASSWORD"
  --bootstrap-project-name admin --bootstrap-role-name admin
  --bootstrap-service-name keystone --bootstrap-region-id RegionOne
  --bootstrap-public-url "$URL" --bootstrap-internal-url "$URL")
if [ "$INIT" = manage ]; then
  M=(keystone-manage --config-file "$ETC/keystone.conf")
  { "${M[@]}" fernet_setup --keystone-user "$(id -un)" --keystone-group "$(id -gn)"
    "${M[@]}" credential_setup --keystone-user "$(id -un)" --keystone-group "$(id -gn)"
    "${M[@]}" db_sync
    "${M[@]}" bootstrap "${BOOTSTRAP_ARGS[@]}"
    # WAL journal, see ks_init.py (without it role grants fail with "database is locked")
    $PY -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA journal_mode=WAL").fetchone())' \
        "$DATA_DIR/keystone.db"; } > "$LOG/init.log" 2>&1 \
    || { echo "keystone-manage failed:" >&2; tail -n 30 "$LOG/init.log" >&2; exit 1; }
else
  $PY "$SCRIPT_DIR/ks_init.py" "$ETC/keystone.conf" "$DATA_DIR/fernet-keys" \
      "$DATA_DIR/credential-keys" -- "${BOOTSTRAP_ARGS[@]}" > "$LOG/init.log" 2>&1 \
    || { echo "keystone init failed:" >&2; tail -n 30 "$LOG/init.log" >&2; exit 1; }
fi
t_init=$(date +%s.%N)

# Ready = a real password authentication succeeds.
AUTH='{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"admin",
"domain":{"id":"default"},"password":"'$ADMIN_PASSWORD'"}}},"scope":{"project":{"name":"admin",
"domain":{"id":"default"}}}}}'
for i in $(seq 1 600); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
         -d "$AUTH" "$URL/auth/tokens" 2>/dev/null) || true
  [ "$code" = 201 ] && break
  if ! kill -0 "$(cat "$RUN/uwsgi.pid")" 2>/dev/null; then
    echo "uwsgi died; log:" >&2; tail -n 40 "$LOG/keystone.log" >&2; exit 1
  fi
  [ "$i" = 600 ] && { echo "keystone not ready after 60 s" >&2; tail -n 40 "$LOG/keystone.log" >&2; exit 1; }
  sleep 0.1
done
t_ready=$(date +%s.%N)

if [ "${KEYSTONE_FIXTURES:-1}" = 1 ]; then
  KS_URL=$URL KS_ADMIN_PASSWORD=$ADMIN_PASSWORD KS_DEMO_PASSWORD=$DEMO_PASSWORD \
  KS_APPCRED_SECRET=$APPCRED_SECRET KS_SERVICE_PASSWORD=$SERVICE_PASSWORD KS_SWIFT_URL=$SWIFT_URL KS_GLANCE_URL=$GLANCE_URL \
    $PY "$SCRIPT_DIR/ks_fixtures.py" "$DATA_DIR/fixtures.json"
fi

cat > "$DATA_DIR/admin-openrc.sh" <<EOF
export OS_AUTH_URL=$URL OS_IDENTITY_API_VERSION=3 OS_REGION_NAME=RegionOne
export OS_USERNAME=admin OS_PASSWORD='$ADMIN_PASSWORD' OS_PROJECT_NAME=admin
export OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default
EOF
cat > "$DATA_DIR/demo-openrc.sh" <<EOF
export OS_AUTH_URL=$URL OS_IDENTITY_API_VERSION=3 OS_REGION_NAME=RegionOne
export OS_USERNAME=demo OS_PASSWORD='$DEMO_PASSWORD' OS_PROJECT_NAME=demo
export OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default
EOF

t1=$(date +%s.%N)
el() { awk "BEGIN{printf \"%.1f\", $2 - $1}"; }
echo "Keystone $($PY -c 'import pbr.version; print(pbr.version.VersionInfo("keystone").version_string())') ready in $(el "$t0" "$t1") s" \
     "(init $(el "$t0" "$t_init") s, first token $(el "$t0" "$t_ready") s, fixtures $(el "$t_ready" "$t1") s)"
echo "  endpoint: $URL  (region RegionOne, fernet tokens, ${EXPIRATION} s)"
echo "  admin:    user admin / $ADMIN_PASSWORD, project admin, domain Default   ($DATA_DIR/admin-openrc.sh)"
if [ "${KEYSTONE_FIXTURES:-1}" = 1 ]; then
  $PY - "$DATA_DIR/fixtures.json" <<'EOF'
import json, sys
f = json.load(open(sys.argv[1]))
d, a = f['demo'], f['application_credential']
print('  demo:     user demo / %s, project demo (%s), roles %s' % (d['password'], d['project_id'], ','.join(d['roles'])))
print('  appcred:  id %s  secret %s' % (a['id'], a['secret']))
s = f['service_user']
print('  service:  user %s / %s, project %s, roles %s' % (s['username'], s['password'], s['project'], ','.join(s['roles'])))
for k, v in f['endpoints'].items():
    print('  catalog:  %-12s %s' % (k, v))
EOF
  echo "  fixtures: $DATA_DIR/fixtures.json"
fi
cat > "$DATA_DIR/imagecatalog.env" <<EOF
export IMAGECATALOG_KEYSTONE_URL=$URL
export IMAGECATALOG_KEYSTONE_FIXTURES=$DATA_DIR/fixtures.json
EOF
if [ -n "${IMAGECATALOG_ENV_OUT:-}" ]; then   # scripts/test's convention: NAME=VALUE lines (lib.sh)
  printf 'IMAGECATALOG_KEYSTONE_URL=%s\nIMAGECATALOG_KEYSTONE_FIXTURES=%s\n' "$URL" "$DATA_DIR/fixtures.json" >> "$IMAGECATALOG_ENV_OUT"
fi
echo "  tests:    . $DATA_DIR/imagecatalog.env   (IMAGECATALOG_KEYSTONE_URL, IMAGECATALOG_KEYSTONE_FIXTURES)"
echo "  data:     $DATA_DIR   log: $LOG/keystone.log   stop: stop-keystone.sh $DATA_DIR"

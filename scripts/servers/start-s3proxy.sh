#!/usr/bin/env bash
# Start S3Proxy (org.gaul:s3proxy, Maven Central) on 127.0.0.1 as a separate java process.
#
# usage: scripts/servers/start-s3proxy.sh [DATA_DIR]     (default /tmp/imagecatalog-s3proxy)
# env:   S3PROXY_PORT=8081  S3PROXY_VERSION=4.1.0  S3PROXY_PROVIDER=filesystem|transient
#        S3PROXY_AUTH=aws-v2-or-v4|none  S3PROXY_ACCESS_KEY=local-identity  S3PROXY_SECRET_KEY=local-credential
#        S3PROXY_JAR=path (default: the jar in ~/.m2, fetched with mvn dependency:get when absent)
#        S3PROXY_JAVA=java (s3proxy 4.x needs Java >= 17)
#        IMAGECATALOG_ENV_OUT=FILE  append IMAGECATALOG_S3PROXY_ENDPOINT/ACCESS_KEY/SECRET_KEY lines (see lib.sh)
# Stop:  scripts/servers/stop-s3proxy.sh DATA_DIR [--purge]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
DATA_DIR=${1:-/tmp/imagecatalog-s3proxy}
PORT=${S3PROXY_PORT:-8081}
VERSION=${S3PROXY_VERSION:-4.1.0}
PROVIDER=${S3PROXY_PROVIDER:-filesystem}
AUTH=${S3PROXY_AUTH:-aws-v2-or-v4}
AK=${S3PROXY_ACCESS_KEY:-local-identity}
SK=${S3PROXY_SECRET_KEY:-local-credential}
JAVA=${S3PROXY_JAVA:-java}

t0=$(date +%s.%N)
mkdir -p "$DATA_DIR"
DATA_DIR=$(cd "$DATA_DIR" && pwd)
if [ -f "$DATA_DIR/s3proxy.pid" ] && kill -0 "$(cat "$DATA_DIR/s3proxy.pid")" 2>/dev/null; then
  echo "s3proxy already running from $DATA_DIR" >&2; exit 1
fi
require_free_ports "$PORT"

JAR=$(s3proxy_jar "$VERSION")
if [ ! -s "$JAR" ]; then
  mvn -B -q dependency:get -Dartifact="org.gaul:s3proxy:$VERSION:jar:jar-with-dependencies" -Dtransitive=false < /dev/null \
    || { echo "could not fetch s3proxy $VERSION (run scripts/servers/install.sh)" >&2; exit 1; }
  [ -s "$JAR" ] || { echo "s3proxy jar not at $JAR (set S3PROXY_JAR)" >&2; exit 1; }
fi

mkdir -p "$DATA_DIR/blobs"
cat > "$DATA_DIR/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$PORT
s3proxy.authorization=$AUTH
s3proxy.identity=$AK
s3proxy.credential=$SK
jclouds.provider=$PROVIDER
jclouds.filesystem.basedir=$DATA_DIR/blobs
# AWS SDK v2's multipart S3AsyncClient sends x-amz-mp-object-size on CreateMultipartUpload;
# without this S3Proxy answers 501 NotImplemented to it.
s3proxy.ignore-unknown-headers=${S3PROXY_IGNORE_UNKNOWN_HEADERS:-true}
CONF

setsid "$JAVA" -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$JAR" --properties "$DATA_DIR/s3proxy.conf" \
  > "$DATA_DIR/s3proxy.log" 2>&1 < /dev/null &
echo $! > "$DATA_DIR/s3proxy.pid"
trap 'rc=$?; if [ $rc != 0 ]; then "$HERE/stop-s3proxy.sh" "$DATA_DIR" >/dev/null 2>&1; fi' EXIT

code=000
for _ in $(seq 1 1200); do
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/" 2>/dev/null || true)
  [ -n "$code" ] && [ "$code" != 000 ] && break
  if ! kill -0 "$(cat "$DATA_DIR/s3proxy.pid")" 2>/dev/null; then
    echo "s3proxy died; log:" >&2; tail -n 40 "$DATA_DIR/s3proxy.log" >&2; exit 1
  fi
  sleep 0.1
done
if [ -z "$code" ] || [ "$code" = 000 ]; then
  echo "s3proxy not ready after 120 s; log:" >&2; tail -n 40 "$DATA_DIR/s3proxy.log" >&2; exit 1
fi

env_out "IMAGECATALOG_S3PROXY_ENDPOINT=http://127.0.0.1:$PORT" \
        "IMAGECATALOG_S3PROXY_ACCESS_KEY=$AK" "IMAGECATALOG_S3PROXY_SECRET_KEY=$SK"
echo "S3Proxy $VERSION ($PROVIDER, auth $AUTH) ready in $(elapsed "$t0") s on http://127.0.0.1:$PORT" \
     "(access key $AK, secret $SK; log $DATA_DIR/s3proxy.log)"

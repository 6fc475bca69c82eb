#!/usr/bin/env bash
# Install what the integration tests' servers need, only what is missing (idempotent).
#
# usage: scripts/servers/install.sh
# env:   S3PROXY_VERSION=4.1.0
#
# Debian 12 packages (checked with dpkg -s, installed with apt-get --no-install-recommends):
#   PostgreSQL:  postgresql
#   Swift:       swift swift-proxy swift-object swift-container swift-account python3-swiftclient memcached
#   Keystone:    python3-keystone keystone uwsgi uwsgi-plugin-python3 python3-keystonemiddleware
#   tools:       curl
#   images:      qemu-utils (qemu-img: the format-inspection tests' corpus)
#   clients:     python3-glanceclient python3-openstackclient (image-server's real-client tests: glance, openstack)
# Maven Central: org.gaul:s3proxy:$S3PROXY_VERSION:jar:jar-with-dependencies (into ~/.m2 via mvn dependency:get)
#
# Needs root (or password-less sudo) only when a package is missing. Fails loudly otherwise.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"

PACKAGES=(
  postgresql
  swift swift-proxy swift-object swift-container swift-account python3-swiftclient memcached
  python3-keystone keystone uwsgi uwsgi-plugin-python3 python3-keystonemiddleware
  curl
  qemu-utils
  python3-glanceclient python3-openstackclient
)
S3PROXY_VERSION=${S3PROXY_VERSION:-4.1.0}

t0=$(date +%s.%N)
missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed'; then missing+=("$p"); fi
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    SUDO=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
  else
    echo "install.sh: missing Debian packages: ${missing[*]}" >&2
    echo "install.sh: installing them needs root; run 'sudo scripts/servers/install.sh' once, or as root:" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  command -v apt-get >/dev/null 2>&1 || { echo "install.sh: apt-get not found (Debian 12 expected); install: ${missing[*]}" >&2; exit 1; }
  echo "install.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # keep PostgreSQL's package from creating (unused) cluster 15/main; our clusters are throwaway ones
  if [[ " ${missing[*]} " == *" postgresql "* ]] && [ ! -e /etc/postgresql-common/createcluster.d/imagecatalog.conf ]; then
    "${SUDO[@]}" mkdir -p /etc/postgresql-common/createcluster.d
    echo 'create_main_cluster = false' | "${SUDO[@]}" tee /etc/postgresql-common/createcluster.d/imagecatalog.conf >/dev/null
  fi
  # a third-party source that cannot be reached makes apt-get update exit non-zero even when Debian's own
  # lists were fetched; warn and let apt-get install decide
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q \
    || echo "install.sh: warning: apt-get update reported errors (see above); trying the install anyway" >&2
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}" < /dev/null \
    || { echo "install.sh: apt-get install ${missing[*]} failed" >&2; exit 1; }
  for p in "${missing[@]}"; do
    dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed' \
      || { echo "install.sh: package $p is still not installed" >&2; exit 1; }
  done
fi

jar=$(s3proxy_jar "$S3PROXY_VERSION")
if [ ! -s "$jar" ]; then
  echo "install.sh: fetching org.gaul:s3proxy:$S3PROXY_VERSION (jar-with-dependencies) from Maven Central"
  command -v mvn >/dev/null 2>&1 || { echo "install.sh: mvn not found (needed to fetch s3proxy)" >&2; exit 1; }
  mvn -B -q dependency:get -Dartifact="org.gaul:s3proxy:$S3PROXY_VERSION:jar:jar-with-dependencies" -Dtransitive=false < /dev/null \
    || { echo "install.sh: could not fetch s3proxy $S3PROXY_VERSION from Maven Central" >&2; exit 1; }
  [ -s "$jar" ] || { echo "install.sh: s3proxy jar not found at $jar after download (custom localRepository? set S3PROXY_JAR)" >&2; exit 1; }
fi

if [ ${#missing[@]} -gt 0 ]; then what="installed ${#missing[@]} package(s)"; else what="all packages present"; fi
echo "install.sh: $what, s3proxy $S3PROXY_VERSION present; $(elapsed "$t0") s"

#!/usr/bin/env bash
# The keystone-authenticated Swift (for KeystoneSwiftImageStoreTest): start-swift.sh with SWIFT_AUTH=keystone.
# Defaults do not clash with the dev Swift (8080, 6200-6202, 11211): proxy 18080, backends 16200-16202,
# memcached 11311, DATA_DIR /tmp/imagecatalog-swift-keystone.
#
# usage: start-swift-keystone.sh [DATA_DIR]   (default /tmp/imagecatalog-swift-keystone)
# env:   KEYSTONE_URL=http://127.0.0.1:15000 (a keystone from start-keystone.sh, already running), the
#        SWIFT_*_PORT variables and the other keystone settings: see start-swift.sh.
# Stop:  stop-swift-keystone.sh DATA_DIR [--purge]
HERE=$(cd "$(dirname "$0")" && pwd)
SWIFT_AUTH=keystone exec "$HERE/start-swift.sh" "$@"

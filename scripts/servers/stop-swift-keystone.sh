#!/usr/bin/env bash
# Stop what start-swift-keystone.sh started: stop-swift.sh with the keystone variant's default DATA_DIR.
# usage: stop-swift-keystone.sh [DATA_DIR] [--purge]   (default /tmp/imagecatalog-swift-keystone; --purge deletes DATA_DIR)
HERE=$(cd "$(dirname "$0")" && pwd)
exec "$HERE/stop-swift.sh" "${1:-/tmp/imagecatalog-swift-keystone}" "${@:2}"

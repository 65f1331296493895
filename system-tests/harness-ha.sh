#!/usr/bin/env bash
# Starts and stops the HA topology for the HA system test (Maven profile "ha", bound to the
# pre-/post-integration-test phases in pom.xml; also handy by hand):
#
#   system-tests/harness-ha.sh start|stop|status
#
# It is ./tunnelgate cluster start|stop|status with the test's own home, ports and network:
# TUNNELGATE_TEST_HA_PORT_BASE (B, default 23000, below the ephemeral range; the cluster uses B … B+700, see
# launcher/cluster.sh), namespaces prefixed "ha" + the last four digits of B, the /24 10.214.X.0
# with X from B. Needs root (network namespaces, keepalived).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
launcher="$here/../tunnelgate"
base="${TUNNELGATE_TEST_HA_PORT_BASE:-23000}"
[[ "$base" =~ ^[0-9]+$ ]] && ((base >= 1024 && base <= 64000)) \
    || { echo "harness-ha: TUNNELGATE_TEST_HA_PORT_BASE must be a number between 1024 and 64000" >&2; exit 2; }

export TUNNELGATE_HOME="${TUNNELGATE_HOME:-$here/target/private/ha-home}"
if [[ "$(dirname "$TUNNELGATE_HOME")" == "$here/target/private" ]]; then
    mkdir -p "$here/target/private"
    chmod 700 "$here/target/private"
fi
export TUNNELGATE_CLUSTER_PORT_BASE="$base"
export TUNNELGATE_CLUSTER_NAME="ha$(printf '%04d' $((base % 10000)))"
export TUNNELGATE_CLUSTER_NET="10.214.$(((base / 100) % 250))"
export TUNNELGATE_ADMIN_PASSWORD="${TUNNELGATE_TEST_ADMIN_PASSWORD:-system-test-admin-password}"
# small heaps: two instances, a DAS and three database nodes share a small CI machine
export TUNNELGATE_INSTANCE_HEAP="${TUNNELGATE_INSTANCE_HEAP:-384m}"
export TUNNELGATE_BUILD=never
export TUNNELGATE_ENV_FILE=/dev/null
unset TUNNELGATE_DB_URL TUNNELGATE_DB_USER TUNNELGATE_DB_PASSWORD TUNNELGATE_TLS_CERT TUNNELGATE_TLS_KEY \
    TUNNELGATE_MASTER_KEY_FILE

case "${1:-}" in
    start)
        echo "harness-ha: starting the HA topology in $TUNNELGATE_HOME (port base $base, namespaces $TUNNELGATE_CLUSTER_NAME-*)"
        # leftovers of an interrupted run go first
        "$launcher" cluster stop >/dev/null 2>&1 || true
        if ! "$launcher" cluster start; then
            echo "harness-ha: the cluster did not start; stopping what did (logs stay in $TUNNELGATE_HOME)" >&2
            "$launcher" cluster stop || true
            exit 1
        fi
        ;;
    stop) "$launcher" cluster stop ;;
    status) "$launcher" cluster status ;;
    *) echo "usage: harness-ha.sh start|stop|status" >&2; exit 2 ;;
esac

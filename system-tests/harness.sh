#!/usr/bin/env bash
# Starts and stops the system under test for the system tests (bound to Maven's
# pre-/post-integration-test phases in pom.xml; also handy by hand):
#
#   system-tests/harness.sh start|stop|status
#
# Ports come from TUNNELGATE_TEST_PORT_BASE (B, default 21000): HTTP B+80, HTTPS B+443,
# admin B+48, embedded MariaDB B+6, node listener B+843, Payara's other ports from B+100 (see
# CONTRACTS.md). The defaults lie below Linux's ephemeral range (32768-60999): there, any outgoing connection may
# hold a port the run wants to listen on (Hazelcast refused to start on one that way).
# State lives in TUNNELGATE_HOME (default system-tests/target/private/tg-home). target/private
# is closed (0700) on purpose: run as root, the launcher must then place the home where its
# unprivileged server user can reach it, as it must for a clone in /root — every run tests that.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
launcher="$here/../tunnelgate"
base="${TUNNELGATE_TEST_PORT_BASE:-21000}"
[[ "$base" =~ ^[0-9]+$ ]] && ((base >= 1024 && base <= 64000)) \
    || { echo "harness: TUNNELGATE_TEST_PORT_BASE must be a number between 1024 and 64000" >&2; exit 2; }

export TUNNELGATE_HOME="${TUNNELGATE_HOME:-$here/target/private/tg-home}"
# (only our own target/private is closed; a home given elsewhere is left as it is)
if [[ "$(dirname "$TUNNELGATE_HOME")" == "$here/target/private" ]]; then
    mkdir -p "$here/target/private"
    chmod 700 "$here/target/private"
fi
export TUNNELGATE_HTTP_PORT=$((base + 80))
export TUNNELGATE_HTTPS_PORT=$((base + 443))
export TUNNELGATE_ADMIN_PORT=$((base + 48))
export TUNNELGATE_DB_PORT=$((base + 6))
export TUNNELGATE_PORT_BASE=$((base + 100))
export TUNNELGATE_NODE_PORT=$((base + 843))
# The first admin's password: Maven hands the same value to the tests (system-tests/pom.xml);
# the launcher writes it nowhere.
export TUNNELGATE_ADMIN_PASSWORD="${TUNNELGATE_TEST_ADMIN_PASSWORD:-system-test-admin-password}"
# ::1 is a trusted proxy: a test that connects over IPv6 loopback speaks as a TLS-terminating
# proxy would (X-Forwarded-Proto); everything else connects over 127.0.0.1, a plain client.
export TUNNELGATE_TRUSTED_PROXIES=::1
# the reactor has just built the EAR; the tests run exactly that one
export TUNNELGATE_BUILD=never
# the tests always run against their own embedded database, certificate and settings
export TUNNELGATE_ENV_FILE=/dev/null
unset TUNNELGATE_DB_URL TUNNELGATE_DB_USER TUNNELGATE_DB_PASSWORD TUNNELGATE_TLS_CERT TUNNELGATE_TLS_KEY \
    TUNNELGATE_MASTER_KEY_FILE

# The local VPN node (./tunnelgate start's single-machine mode) runs in every test system, its data
# plane in a network namespace made here: tg<B>-node, with a veth link to a client namespace
# tg<B>-client (198.18.0.1 node side, 198.18.0.2 client side — the benchmarking range, which no
# LAN uses) where tests run VPN clients. Nothing outside these namespaces is touched. As non-root
# (or with TUNNELGATE_TEST_LOCAL_NODE=no) the system runs without a node.
node_ns="tg${base}-node"
client_ns="tg${base}-client"
remove_namespaces() {
    local ns
    for ns in "$node_ns" "$client_ns"; do
        if ip netns list 2>/dev/null | grep -qw -- "$ns"; then
            ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
            ip netns del "$ns" 2>/dev/null || true
        fi
    done
}
make_namespaces() {
    remove_namespaces
    ip netns add "$node_ns"
    ip netns add "$client_ns"
    ip link add "tg${base}n0" type veth peer name "tg${base}c0"
    ip link set "tg${base}n0" netns "$node_ns"
    ip link set "tg${base}c0" netns "$client_ns"
    ip -n "$node_ns" addr add 198.18.0.1/24 dev "tg${base}n0"
    ip -n "$client_ns" addr add 198.18.0.2/24 dev "tg${base}c0"
    local ns
    for ns in "$node_ns" "$client_ns"; do ip -n "$ns" link set lo up; done
    ip -n "$node_ns" link set "tg${base}n0" up
    ip -n "$client_ns" link set "tg${base}c0" up
}
if [[ "$(id -u)" == 0 && "${TUNNELGATE_TEST_LOCAL_NODE:-yes}" != no ]]; then
    export TUNNELGATE_LOCAL_NODE=yes TUNNELGATE_LOCAL_NODE_NETNS="$node_ns" TUNNELGATE_LOCAL_NODE_PORT=$((base + 900))
    export TUNNELGATE_PUBLIC_HOST=198.18.0.1
    with_node=yes
else
    export TUNNELGATE_LOCAL_NODE=no
    with_node=no
fi

case "${1:-}" in
    start)
        echo "harness: starting the system under test in $TUNNELGATE_HOME (port base $base)"
        # A domain keeps the ports it was created with; a test home is disposable, so a run with
        # another port base recreates the domain (the database and certificates are kept).
        recorded="$TUNNELGATE_HOME/state/ports.env"
        # Leftovers of an earlier run (a system still up after an interrupted build) go first.
        "$launcher" stop >/dev/null 2>&1 || true
        if [[ -f "$recorded" ]] && ! grep -qx "HTTP_PORT=$TUNNELGATE_HTTP_PORT" "$recorded"; then
            echo "harness: the test home was set up for other ports; recreating its Payara domain"
            rm -rf "$TUNNELGATE_HOME/domains" "$recorded"
        fi
        # Every run starts from an empty database: tests see only their own data, and a schema
        # left by older builds (migrations renumbered or added out of order) cannot fail the
        # deployment. The Payara domain is kept, which keeps the run fast.
        rm -rf "$TUNNELGATE_HOME/db"
        if [[ "$with_node" == yes ]]; then make_namespaces; fi
        if ! "$launcher" start; then
            echo "harness: the system under test did not start; stopping what did (logs stay in $TUNNELGATE_HOME)" >&2
            "$launcher" stop || true
            remove_namespaces
            exit 1
        fi ;;
    stop) rc=0; "$launcher" stop || rc=$?; remove_namespaces; exit $rc ;;
    status) "$launcher" status ;;
    *) echo "usage: harness.sh start|stop|status" >&2; exit 2 ;;
esac

# shellcheck shell=bash
# VPN nodes: the `node` CLI (ejb-core's NodeTool on the database) and the local node that
# `start` enrolls and runs so that one machine is a working VPN server (docs/nodes.md,
# "Single-machine mode"). Sourced by ./tunnelgate; defines functions only.

NODE_CLI_MAIN=org.tunnelgate.node.cli.NodeTool
AGENT_JAR="$REPO_DIR/node-agent/target/tunnelgate-node-agent.jar"

node_tool() {
    [[ -s "$DB_PASSWORD_FILE" ]] || die "no database password in $DB_PASSWORD_FILE; run ./tunnelgate start first"
    local classpath
    classpath="$(cli_classpath)" # on its own line: a failure here must stop the launcher
    TUNNELGATE_JDBC_URL="$DB_URL" TUNNELGATE_JDBC_USER="$DB_USER" TUNNELGATE_JDBC_PASSWORD="$(<"$DB_PASSWORD_FILE")" \
        java -cp "$classpath" "$NODE_CLI_MAIN" "$@"
}

cmd_node() {
    load_recorded_state
    case "${1:-}" in
        add|token) ;;
        list|remove) ;;
        *) printf 'usage: ./tunnelgate node add NAME --agent-url https://HOST:PORT --host PUBLIC_HOST [--profile ID]… [--location TEXT] [--capacity N]\n       ./tunnelgate node token NAME | list | remove NAME\n' >&2
           exit 2 ;;
    esac
    command -v java >/dev/null || die "java is missing"
    if [[ "${DB_MODE:-embedded}" == embedded ]] && ! db_running; then
        die "the embedded database is not running; run ./tunnelgate start first"
    fi
    # the enroll command it prints names this controller
    if [[ "$1" == add || "$1" == token ]]; then
        node_tool "$@" --controller "${TUNNELGATE_PUBLIC_URL:-$(https_url)}"
    else
        node_tool "$@"
    fi
}

# ---------------------------------------------------------------------------------------------
# the node listener

# Opens the listener where the node agents call home (TUNNELGATE_NODE_PORT, default 8443; "off":
# none): its trust store holds only the node CA, which is made now when the database has none yet
# (the application made the tables at deployment). On a deployment group every instance gets one,
# on a port of its own (node_listener_ports); the agents call the virtual IP's NODE_PORT.
open_node_listener() {
    [[ -n "${NODE_PORT:-}" ]] || return 0
    command -v keytool >/dev/null || die "keytool is missing (it comes with the JDK)"
    step "opening the node listener on port(s) $(node_listener_ports) (client certificates from the node CA only)"
    local pem port
    # a node CA made by the application at this very moment wins the race; the second try reads it
    pem="$(TUNNELGATE_MASTER_KEY_FILE="$MASTER_KEY_FILE" node_tool ca 2>/dev/null)" \
        || pem="$(TUNNELGATE_MASTER_KEY_FILE="$MASTER_KEY_FILE" node_tool ca)" || die "could not read or make the node CA"
    printf '%s\n' "$pem" >"$TLS_DIR/node-ca.pem"
    rm -f "$TLS_DIR/node-trust.jks.new"
    keytool -importcert -noprompt -alias node-ca -file "$TLS_DIR/node-ca.pem" -keystore "$TLS_DIR/node-trust.jks.new" \
        -storetype JKS -storepass changeit >/dev/null 2>&1 || die "keytool could not make the node listener's trust store"
    mv -f "$TLS_DIR/node-trust.jks.new" "$TLS_DIR/node-trust.jks"
    share_with_servers "$TLS_DIR/node-trust.jks"
    provision node-listener
    for port in $(node_listener_ports); do
        wait_for 60 port_in_use "$port" || die "the node listener did not open port $port; see $SERVER_LOG"
    done
}

# The ports the node listeners open: NODE_PORT on a single server; on a deployment group each local
# instance's first port + 11 (CLUSTER_INSTANCE_PORTS "iK=FIRST …", see provision.sh cluster).
node_listener_ports() {
    if [[ "${DEPLOY_TARGET:-server}" == server ]]; then
        printf '%s' "$NODE_PORT"
        return 0
    fi
    local word ports=()
    for word in ${CLUSTER_INSTANCE_PORTS:-}; do
        ports+=("$((${word#*=} + 11))")
    done
    printf '%s' "${ports[*]}"
}

# ---------------------------------------------------------------------------------------------
# the local node

local_node_settings() {
    NODE_DIR="$TG_HOME/node"
    AGENT_CONFIG="$NODE_DIR/agent.properties"
    AGENT_PID_FILE="$STATE_DIR/agent.pid"
    AGENT_LOG="$NODE_DIR/agent.log"
    LOCAL_NODE_NAME=local
    LOCAL_NODE_PORT="${TUNNELGATE_LOCAL_NODE_PORT:-9443}"
    LOCAL_NODE_NETNS="${TUNNELGATE_LOCAL_NODE_NETNS:-}"
    # what VPN clients connect to: the operator's public name for this machine
    PUBLIC_HOST="${TUNNELGATE_PUBLIC_HOST:-$(hostname -f 2>/dev/null || hostname)}"
}

# Sets LOCAL_NODE (yes/no) and LOCAL_NODE_WHY (for the summary).
decide_local_node() {
    local_node_settings
    LOCAL_NODE=no
    case "${TUNNELGATE_LOCAL_NODE:-auto}" in
        no|false|0) LOCAL_NODE_WHY="off (TUNNELGATE_LOCAL_NODE=no)"; return 0 ;;
        yes|auto) ;;
        *) die "TUNNELGATE_LOCAL_NODE=$TUNNELGATE_LOCAL_NODE: use yes, no or auto" ;;
    esac
    if ! is_root; then
        LOCAL_NODE_WHY="not started: a VPN node creates network interfaces, so it runs only when ./tunnelgate start runs as root"
        [[ "${TUNNELGATE_LOCAL_NODE:-auto}" == yes ]] && die "TUNNELGATE_LOCAL_NODE=yes needs root"
        return 0
    fi
    validate_port TUNNELGATE_LOCAL_NODE_PORT "$LOCAL_NODE_PORT"
    if [[ -n "$LOCAL_NODE_NETNS" ]] && ! ip netns list 2>/dev/null | grep -qw -- "$LOCAL_NODE_NETNS"; then
        die "TUNNELGATE_LOCAL_NODE_NETNS=$LOCAL_NODE_NETNS: no such network namespace (create it first: ip netns add $LOCAL_NODE_NETNS)"
    fi
    ensure_packages "the local VPN node" node
    [[ -e /dev/net/tun ]] || { LOCAL_NODE_WHY="not started: /dev/net/tun is missing (WireGuard needs it)"; return 0; }
    LOCAL_NODE=yes
    LOCAL_NODE_WHY="node \"$LOCAL_NODE_NAME\" on this machine"
}

agent_pid() { cat "$AGENT_PID_FILE" 2>/dev/null || true; }
agent_running() { pid_is_ours "$(agent_pid)" "$AGENT_CONFIG"; }

# Registers the local node (taking over the seed's row "local"), enrolls it with a fresh one-time
# token — on every start: the test harness starts from an empty database — and runs its agent.
start_local_node() {
    if [[ "$LOCAL_NODE" != yes ]]; then
        stop_local_agent # a node from an earlier start with it on
        return 0
    fi
    [[ -f "$AGENT_JAR" ]] || die "no $AGENT_JAR; build with: mvn -B -DskipTests package"
    step "enrolling and starting the local VPN node (agent on 127.0.0.1:$LOCAL_NODE_PORT${LOCAL_NODE_NETNS:+, data plane in network namespace $LOCAL_NODE_NETNS})"
    stop_local_agent
    mkdir -p "$NODE_DIR"
    chmod 700 "$NODE_DIR"
    local out token
    out="$(node_tool local "$LOCAL_NODE_NAME" --agent-url "https://127.0.0.1:$LOCAL_NODE_PORT" --host "$PUBLIC_HOST" \
        --controller "$(https_url)")" || die "could not register the local node (see above)"
    token="$(sed -n 's/^token \([A-Za-z0-9_-]\{43\}\)$/\1/p' <<<"$out")"
    [[ -n "$token" ]] || die "the node CLI printed no enrollment token"
    local enroll=(java -jar "$AGENT_JAR" enroll --controller "$(https_url)" --token "$token" --config "$AGENT_CONFIG"
        --state-dir "$NODE_DIR/state" --enroll-only)
    [[ -n "${CA_FILE:-}" ]] && enroll+=(--controller-ca "$CA_FILE")
    [[ -n "$LOCAL_NODE_NETNS" ]] && enroll+=(--netns "$LOCAL_NODE_NETNS")
    "${enroll[@]}" >"$NODE_DIR/enroll.log" 2>&1 || die "the local node could not enroll: $(tail -3 "$NODE_DIR/enroll.log")"
    run_local_agent
    wait_for 60 port_in_use "$LOCAL_NODE_PORT" \
        || die "the local node's agent did not start: $(tail -5 "$AGENT_LOG")"
    await_local_node_up
}

# "Ready" should mean a VPN works: wait (briefly) until the controller's health probe has found the
# freshly started agent up. A probe that came while the agent was still starting records the node
# down, and placement skips it until the next probe (every 3 s). Only with the embedded database,
# which the launcher can read; a timeout is a warning, the probe keeps trying.
await_local_node_up() {
    [[ "${DB_MODE:-embedded}" == embedded ]] || return 0
    node_up() { [[ "$(db_client -N -e "SELECT state FROM tunnelgate.node_health WHERE node_name = 'local'" 2>/dev/null)" == up ]]; }
    wait_for 30 node_up || warn "the local node is not reported up yet; the controller's probe keeps trying (docs/nodes.md)"
}

# The agent runs as root — it creates interfaces and starts wireguard-go and openvpn — with its
# capabilities cut to what that needs, as config/agent/tunnelgate-node-agent.service does. In a
# network namespace it also gets a private /run/wireguard (wireguard-go's sockets are not per
# namespace), so several test systems on one machine cannot see each other's interfaces.
run_local_agent() {
    local caps="-all,+net_admin,+net_bind_service,+net_raw,+kill,+dac_override"
    local jvm=(java -Xms16m -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$AGENT_JAR" "$AGENT_CONFIG")
    local script
    if [[ -n "$LOCAL_NODE_NETNS" ]]; then
        caps+=",+sys_admin"
        mkdir -p "$NODE_DIR/run-wireguard" /run/wireguard
        script="mount --bind $(printf '%q' "$NODE_DIR/run-wireguard") /run/wireguard && exec setpriv --bounding-set $caps --no-new-privs $(printf '%q ' "${jvm[@]}")"
        setsid unshare -m --propagation private sh -c "$script" </dev/null >>"$AGENT_LOG" 2>&1 9>&- &
    else
        setsid setpriv --bounding-set "$caps" --no-new-privs "${jvm[@]}" </dev/null >>"$AGENT_LOG" 2>&1 9>&- &
    fi
    echo $! >"$AGENT_PID_FILE"
}

# Stops the agent JVM only: its interfaces and openvpn processes keep carrying tunnels (the next
# agent adopts them), as with the systemd unit's KillMode=process.
stop_local_agent() {
    local_node_settings
    local pid
    pid="$(agent_pid)"
    if agent_running; then
        kill "$pid" 2>/dev/null || true
        wait_for 20 bash -c "! kill -0 $pid 2>/dev/null" || kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$AGENT_PID_FILE"
}

# `stop`: the agent and, when the data plane has its own namespace, everything in it (the
# namespace itself belongs to whoever made it).
stop_local_node() {
    local_node_settings
    [[ -f "$AGENT_PID_FILE" ]] || return 0
    stop_local_agent
    if [[ -n "${LOCAL_NODE_NETNS_RECORDED:-}" ]] && ip netns list 2>/dev/null | grep -qw -- "$LOCAL_NODE_NETNS_RECORDED"; then
        ip netns pids "$LOCAL_NODE_NETNS_RECORDED" 2>/dev/null | xargs -r kill 2>/dev/null || true
    fi
}

record_local_node() {
    printf 'LOCAL_NODE=%q\nLOCAL_NODE_NETNS_RECORDED=%q\nLOCAL_NODE_PORT_RECORDED=%q\n' "$LOCAL_NODE" "$LOCAL_NODE_NETNS" \
        "$LOCAL_NODE_PORT" >"$STATE_DIR/node.env"
}

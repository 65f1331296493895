# shellcheck shell=bash
# The high-availability topology on one machine, for a trial: three MariaDB Galera nodes, a
# Payara DAS with a deployment group of two instances, and a virtual IP that keepalived moves
# between two network namespaces (one per instance, as if each instance had a machine of its own).
# Sourced by ./tunnelgate; defines functions only. docs/ha.md describes the same on real machines.
#
#   ports (TUNNELGATE_CLUSTER_PORT_BASE = B, default 23000)
#     Galera node N (1..3)   MariaDB B+10N, group communication B+10N+1, IST B+10N+2, SST B+10N+3
#     DAS                    admin B+48, HTTP B+80, HTTPS B+81, other Payara ports from B+100
#     instance iK (1..2)     HTTP B+200K, HTTPS B+200K+1, admin +2, Hazelcast +3, … (+0..+10),
#                            its node listener B+200K+11 (where the node agents call home)
#     virtual IP             https://localhost:B+443 on this machine is relayed to the VIP's :443;
#                            the node listeners: the VIP's and localhost's port NODE_PORT
#                            (TUNNELGATE_NODE_PORT, default B+444; "off": none) to the instances' +11
#   network (TUNNELGATE_CLUSTER_NET = X.Y.Z, default 10.213.0): bridge namespace PREFIX-br with
#     X.Y.Z.254, PREFIX-ka1 with X.Y.Z.1, PREFIX-ka2 with X.Y.Z.2, the VIP X.Y.Z.100
#     (PREFIX = TUNNELGATE_CLUSTER_NAME, default "tgha"; at most 6 characters)
#
# The instances listen on loopback; inside each namespace a relay (socat) passes the namespace's
# port 443 through a unix socket to its instance — the stand-in for "the instance runs on that
# machine". keepalived in each namespace asks /health/ready through that same path.

cluster_settings() {
    CLUSTER_BASE="${TUNNELGATE_CLUSTER_PORT_BASE:-23000}"
    validate_port TUNNELGATE_CLUSTER_PORT_BASE "$CLUSTER_BASE" 700
    CLUSTER_NAME="${TUNNELGATE_CLUSTER_NAME:-tgha}"
    [[ "$CLUSTER_NAME" =~ ^[a-z][a-z0-9]{0,5}$ ]] || die "TUNNELGATE_CLUSTER_NAME=$CLUSTER_NAME: 1-6 lower-case letters or digits, starting with a letter (it prefixes interface names)"
    CLUSTER_NET="${TUNNELGATE_CLUSTER_NET:-10.213.0}"
    [[ "$CLUSTER_NET" =~ ^(10|172|192)\.[0-9]{1,3}\.[0-9]{1,3}$ ]] || die "TUNNELGATE_CLUSTER_NET=$CLUSTER_NET: the first three parts of a private IPv4 /24, e.g. 10.213.0"
    CLUSTER_HOME="$TG_HOME/cluster"
    CLUSTER_RUN="$CLUSTER_HOME/run"          # the servers' user writes here (sockets, logs)
    KEEPALIVED_DIR="$CLUSTER_HOME/keepalived" # root's: keepalived runs only scripts nobody else can change
    GALERA_DIR="$CLUSTER_HOME/galera"
    CLUSTER_INSTANCES=(i1 i2)
    DEPLOYMENT_GROUP=tunnelgate-dg
    VIP="$CLUSTER_NET.100"
    VIP_PORT=$((CLUSTER_BASE + 443))
    # where the node agents call home: this port of the VIP (and of localhost), relayed to each
    # instance's own node listener (its first port + 11; provision.sh node-listener)
    if [[ "${TUNNELGATE_NODE_PORT:-}" != off ]]; then
        NODE_PORT="${TUNNELGATE_NODE_PORT:-$((CLUSTER_BASE + 444))}"
        validate_port TUNNELGATE_NODE_PORT "$NODE_PORT"
    fi
    ADVERT_INT="${TUNNELGATE_CLUSTER_ADVERT_INT:-0.3}"

    # The DAS is an ordinary launcher domain in the cluster's own directory and ports.
    HTTP_PORT=$((CLUSTER_BASE + 80)) HTTPS_PORT=$((CLUSTER_BASE + 81)) ADMIN_PORT=$((CLUSTER_BASE + 48))
    PORT_BASE=$((CLUSTER_BASE + 100))
    DOMAIN_DIR="$CLUSTER_HOME/domains"
    NODE_DIR="$CLUSTER_HOME/nodes"
    SERVER_LOG="$DOMAIN_DIR/$DOMAIN/logs/server.log"
    CERT_MARKER="$DOMAIN_DIR/$DOMAIN/config/tunnelgate-certificate.sha256"
    ADMIN_PASSWORD_MARKER="$DOMAIN_DIR/$DOMAIN/config/tunnelgate-admin-password.sha256"
    STATE_DIR="$CLUSTER_HOME/state"
    RUN_PROPERTIES="$CLUSTER_HOME/cluster.properties"
    DB_MODE=galera
    DB_USER=tunnelgate
    DB_URL="jdbc:mariadb:sequential://$(galera_members_sql)/tunnelgate"
    DB_PASSWORD_FILE="$SECRETS_DIR/db.password"
    DEPLOY_TARGET="$DEPLOYMENT_GROUP"
    HAZELCAST_KEY="$CLUSTER_HOME"            # a data grid of its own, apart from a single domain in this home
    CLUSTER_INSTANCE_PORTS="i1=$(instance_http_port 1) i2=$(instance_http_port 2)"
    # the data grid: the DAS (Payara's port base + 10) and each instance (its first port + 3)
    HAZELCAST_MEMBERS="127.0.0.1:$((PORT_BASE + 10)),127.0.0.1:$(($(instance_http_port 1) + 3)),127.0.0.1:$(($(instance_http_port 2) + 3))"
}

galera_port() { printf '%s' $((CLUSTER_BASE + 10 * $1 + ${2:-0})); }
galera_members_sql() { printf '127.0.0.1:%s,127.0.0.1:%s,127.0.0.1:%s' "$(galera_port 1)" "$(galera_port 2)" "$(galera_port 3)"; }
instance_http_port() { printf '%s' $((CLUSTER_BASE + 200 * $1)); }
instance_https_port() { printf '%s' $((CLUSTER_BASE + 200 * $1 + 1)); }

# ---------------------------------------------------------------------------------------------
# Galera

galera_node_dir() { printf '%s/n%s' "$GALERA_DIR" "$1"; }
galera_socket() { printf '%s/tg-%s-galera-%s.sock' "${TMPDIR:-/tmp}" "$(printf '%s' "$TG_HOME" | sha256sum | head -c 8)" "$1"; }
galera_pid() { cat "$(galera_node_dir "$1")/run/mariadbd.pid" 2>/dev/null || true; }
galera_running() { pid_is_ours "$(galera_pid "$1")" "$(galera_node_dir "$1")/my.cnf"; }
galera_client() { local n="$1"; shift; as_run_user mariadb --defaults-file="$(galera_node_dir "$n")/my.cnf" -u "$RUN_USER" "$@"; }
galera_status() { galera_client "$1" -N -B -e "SHOW STATUS LIKE '$2'" 2>/dev/null | awk '{print $2}'; }
galera_synced() { [[ "$(galera_status "$1" wsrep_local_state_comment)" == Synced ]]; }

galera_write_config() {
    local n="$1" dir text
    dir="$(galera_node_dir "$n")"
    text="$(<"$REPO_DIR/config/galera/node.cnf.template")"
    local -A values=(
        [USER]="$RUN_USER" [DIR]="$dir" [SOCKET]="$(galera_socket "$n")" [PORT]="$(galera_port "$n")"
        [ADDRESS]=127.0.0.1 [CLUSTER_NAME]="$CLUSTER_NAME" [NODE_NAME]="n$n"
        [MEMBERS]="127.0.0.1:$(galera_port 1 1),127.0.0.1:$(galera_port 2 1),127.0.0.1:$(galera_port 3 1)"
        [GCOMM_PORT]="$(galera_port "$n" 1)" [IST_PORT]="$(galera_port "$n" 2)" [SST_PORT]="$(galera_port "$n" 3)"
    )
    local key
    for key in "${!values[@]}"; do text="${text//"@$key@"/"${values[$key]}"}"; done
    (umask 022 && printf '%s\n' "$text" >"$dir/my.cnf.partial") && mv -f "$dir/my.cnf.partial" "$dir/my.cnf"
}

# Starts node N: bootstrap (a new cluster), or join with the position it recovered (IST, not a
# full copy, after a crash).
galera_start_node() {
    local n="$1" mode="$2" dir args=()
    dir="$(galera_node_dir "$n")"
    if [[ "$mode" == bootstrap ]]; then
        args=(--wsrep-new-cluster)
    elif [[ -f "$dir/data/grastate.dat" ]]; then
        as_run_user mariadbd --defaults-file="$dir/my.cnf" --wsrep-recover --log-error="$dir/run/recover.log" >/dev/null 2>&1 || true
        local position
        position="$(grep -o 'Recovered position: .*' "$dir/run/recover.log" 2>/dev/null | tail -1 | awk '{print $3}')"
        [[ -n "$position" ]] && args=("--wsrep_start_position=$position")
    fi
    run_user_prefix
    setsid "${RUN_AS[@]}" mariadbd --defaults-file="$dir/my.cnf" "${args[@]}" </dev/null >>"$dir/run/mariadbd.out" 2>&1 9>&- &
    wait_for 120 galera_synced "$n" || { tail -20 "$dir/run/error.log" >&2; die "Galera node n$n did not reach Synced; see $dir/run/error.log"; }
}

# The node a stopped cluster must start from: the one that stopped last (safe_to_bootstrap: 1).
galera_bootstrap_node() {
    local n
    for n in 1 2 3; do
        grep -q 'safe_to_bootstrap: 1' "$(galera_node_dir "$n")/data/grastate.dat" 2>/dev/null && { printf '%s' "$n"; return; }
    done
    [[ -f "$(galera_node_dir 1)/data/grastate.dat" ]] && die "no Galera node may bootstrap the cluster (none has safe_to_bootstrap: 1 in grastate.dat):
       after a crash of all three, find the most advanced node (docs/ha.md, 'Restarting the whole Galera cluster')"
    printf '1'
}

galera_start() {
    require_mariadb_binaries
    [[ -x /usr/lib/galera/libgalera_smm.so || -f /usr/lib/galera/libgalera_smm.so ]] || die "galera-4 is not installed (apt-get install galera-4 rsync)"
    local n any_running=0 first
    mkdir -p "$GALERA_DIR"
    chmod 755 "$CLUSTER_HOME" "$GALERA_DIR"
    for n in 1 2 3; do
        local dir
        dir="$(galera_node_dir "$n")"
        mkdir -p "$dir"
        chmod 755 "$dir"
        owned_by_servers "$dir/data"; owned_by_servers "$dir/tmp"; owned_by_servers "$dir/run"
        galera_write_config "$n"
        galera_running "$n" && any_running=1
    done
    if [[ ! -d "$(galera_node_dir 1)/data/mysql" ]]; then
        step "initialising Galera node n1"
        as_run_user mariadb-install-db --defaults-file="$(galera_node_dir 1)/my.cnf" \
            --auth-root-authentication-method=socket --auth-root-socket-user="$RUN_USER" --skip-test-db \
            >"$STATE_DIR/galera-install.log" 2>&1 || { tail -20 "$STATE_DIR/galera-install.log" >&2; die "mariadb-install-db failed"; }
    fi
    if ((any_running == 0)); then
        first="$(galera_bootstrap_node)"
        step "bootstrapping the Galera cluster from node n$first (127.0.0.1:$(galera_port "$first"))"
        galera_start_node "$first" bootstrap
    fi
    for n in 1 2 3; do
        if ! galera_running "$n"; then
            step "starting Galera node n$n (127.0.0.1:$(galera_port "$n")); it copies what it missed from the others"
            galera_start_node "$n" join
        fi
    done
    info "Galera cluster size $(galera_status 1 wsrep_cluster_size), $(galera_status 1 wsrep_local_state_comment)"
    if [[ ! -s "$DB_PASSWORD_FILE" ]]; then write_secret_file "$DB_PASSWORD_FILE" "$(new_secret 32)"; fi
    share_with_servers "$DB_PASSWORD_FILE"
    local pw
    pw="$(<"$DB_PASSWORD_FILE")"
    galera_client 1 <<EOF || die "could not create the database/user in the Galera cluster"
CREATE DATABASE IF NOT EXISTS tunnelgate CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'tunnelgate'@'127.0.0.1' IDENTIFIED BY '$pw';
ALTER USER 'tunnelgate'@'127.0.0.1' IDENTIFIED BY '$pw';
GRANT ALL PRIVILEGES ON tunnelgate.* TO 'tunnelgate'@'127.0.0.1';
EOF
}

# Stops n3, n2, then n1: the last one to stop (n1) may bootstrap the cluster next time.
galera_stop() {
    local n pid
    for n in 3 2 1; do
        galera_running "$n" || continue
        pid="$(galera_pid "$n")"
        step "stopping Galera node n$n (pid $pid)"
        kill -TERM "$pid"
        wait_for 60 bash -c "! kill -0 $pid 2>/dev/null" || die "Galera node n$n (pid $pid) did not stop within 60 s"
    done
}

# ---------------------------------------------------------------------------------------------
# the deployment group

instance_dir() { printf '%s/%s-local/%s' "$NODE_DIR" "$DOMAIN" "$1"; }
instance_ready() {
    curl -fsS --max-time 3 --cacert "$HTTPS_TRUST" --resolve "$HTTPS_HOST:$(instance_https_port "$1"):127.0.0.1" \
        "https://$HTTPS_HOST:$(instance_https_port "$1")/health/ready" 2>/dev/null | grep -q '"status" *: *"UP"'
}

cluster_payara_start() {
    owned_by_servers "$NODE_DIR"
    # the DAS: the single-server steps, in the cluster's directory and ports, deployed to the group
    payara_start
}

cluster_wait_until_ready() {
    local k
    for k in 1 2; do
        step "waiting until instance i$k (https://$HTTPS_HOST:$(instance_https_port "$k")/) is ready"
        wait_for "$START_TIMEOUT" instance_ready "$k" \
            || die "instance i$k is not ready after $START_TIMEOUT s; see $(instance_dir "i$k")/logs/server.log"
        instance_warm "$k"
    done
}

# An instance that has served nothing yet answers its first pages and API calls slowly (class
# loading, Faces and JAX-RS set-up, cold code: seconds on a loaded machine) — and a standby's first
# requests are those right after a failover. Before an instance joins the VIP's choice, it is asked
# directly for what people and apps ask first: the portal and login pages, discovery, /info with a
# token it refuses (the bearer check's database path). Nothing is written; failures are ignored.
instance_warm() {
    local port base _
    port="$(instance_https_port "$1")"
    base="https://$HTTPS_HOST:$port"
    for _ in 1 2 3; do
        curl -sS -o /dev/null -o /dev/null -o /dev/null --max-time 30 --cacert "$HTTPS_TRUST" \
            --resolve "$HTTPS_HOST:$port:127.0.0.1" "$base/" "$base/login" "$base/.well-known/vpn-user-portal" 2>/dev/null || true
        curl -sS -o /dev/null --max-time 30 --cacert "$HTTPS_TRUST" --resolve "$HTTPS_HOST:$port:127.0.0.1" \
            -H 'Authorization: Bearer warm-up' "$base/api/v3/info" 2>/dev/null || true
    done
}

# The JVM of the servers' user whose instance root is exactly DIR, if any.
instance_pid_by_root() {
    local pid
    for pid in $(pgrep -u "$RUN_USER" java 2>/dev/null); do
        if tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qxF -- "-Dcom.sun.aas.instanceRoot=$1"; then
            printf '%s' "$pid"; return 0
        fi
    done
    return 0
}

# The instances are stopped by their pid files, all at once (SIGTERM: Payara shuts down as for
# stop-instance). Not with asadmin stop-deployment-group: measured, it waited 130 s for an instance
# that had been killed before.
cluster_payara_stop() {
    [[ -x "$ASADMIN" && -d "$DOMAIN_DIR/$DOMAIN" ]] || return 0
    local i pid pids=()
    for i in "${CLUSTER_INSTANCES[@]}"; do
        pid="$(cat "$(instance_dir "$i")/config/pid" 2>/dev/null || true)"
        # an instance whose start failed may live on without its pid file (seen: a JVM that logged
        # "Failed to start, exiting" and kept running): found by its own instance directory
        pid_is_ours "$pid" "$(instance_dir "$i")" || pid="$(instance_pid_by_root "$(instance_dir "$i")")"
        if [[ -n "$pid" ]]; then
            step "stopping instance $i (pid $pid)"
            kill -TERM "$pid" 2>/dev/null || true
            pids+=("$pid")
        fi
    done
    for pid in "${pids[@]}"; do
        wait_for 60 bash -c "! kill -0 $pid 2>/dev/null" || { warn "instance pid $pid did not stop; killing it"; kill -KILL "$pid" 2>/dev/null || true; }
    done
    payara_stop
}

# ---------------------------------------------------------------------------------------------
# the virtual IP: network namespaces, relays, keepalived

ns() { printf '%s-%s' "$CLUSTER_NAME" "$1"; }
# While this file exists keepalived counts instance iK as not ready (check-ready.sh --drain-file):
# ./tunnelgate cluster drain|undrain iK.
drain_file() { printf '%s/drain-%s' "$KEEPALIVED_DIR" "$1"; }
relay_socket() { printf '%s/%s.sock' "$CLUSTER_RUN" "$1"; }

# Starts "$@" detached, its pid in CLUSTER_RUN/NAME.pid.
start_detached() {
    local name="$1"
    shift
    setsid "$@" </dev/null >>"$CLUSTER_RUN/$name.log" 2>&1 9>&- &
    printf '%s\n' "$!" >"$CLUSTER_RUN/$name.pid"
}

stop_detached() {
    local file="$CLUSTER_RUN/$1.pid" pid
    [[ -f "$file" ]] || return 0
    pid="$(<"$file")"
    if pid_alive "$pid"; then
        kill -TERM "$pid" 2>/dev/null || true
        wait_for 10 bash -c "! kill -0 $pid 2>/dev/null" || kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$file"
}

vip_start() {
    command -v keepalived >/dev/null || die "keepalived is missing (apt-get install keepalived)"
    command -v socat >/dev/null || die "socat is missing (apt-get install socat)"
    is_root || die "the virtual IP needs network namespaces: run ./tunnelgate cluster start as root"
    mkdir -p "$CLUSTER_RUN"
    chown "$RUN_USER:$RUN_GROUP" "$CLUSTER_RUN"
    chmod 755 "$CLUSTER_RUN"
    local br k
    br="$(ns br)"
    if [[ ! -e "/run/netns/$br" ]]; then
        step "creating the virtual IP's network: namespaces $br, $(ns ka1), $(ns ka2); VIP $VIP"
        ip netns add "$br"
        ip -n "$br" link add br0 type bridge mcast_snooping 0
        ip -n "$br" link set br0 up
        ip -n "$br" addr add "$CLUSTER_NET.254/24" dev br0
        ip -n "$br" link set lo up
        for k in 1 2; do
            ip netns add "$(ns "ka$k")"
            ip link add "$CLUSTER_NAME-k$k" type veth peer name "$CLUSTER_NAME-b$k"
            ip link set "$CLUSTER_NAME-k$k" netns "$(ns "ka$k")"
            ip link set "$CLUSTER_NAME-b$k" netns "$br"
            ip -n "$br" link set "$CLUSTER_NAME-b$k" master br0 up
            ip -n "$(ns "ka$k")" addr add "$CLUSTER_NET.$k/24" dev "$CLUSTER_NAME-k$k"
            ip -n "$(ns "ka$k")" link set "$CLUSTER_NAME-k$k" up
            ip -n "$(ns "ka$k")" link set lo up
            # the relay may listen on 443 without root
            ip netns exec "$(ns "ka$k")" sysctl -qw net.ipv4.ip_unprivileged_port_start=443
        done
        ip netns exec "$br" sysctl -qw net.ipv4.ip_unprivileged_port_start=443
    fi
    run_user_prefix
    for k in 1 2; do
        stop_detached "relay-i$k"; stop_detached "relay-ka$k"
        rm -f "$(relay_socket "i$k")"
        # this machine's side: unix socket -> instance iK's HTTPS port on loopback
        start_detached "relay-i$k" "${RUN_AS[@]}" socat "UNIX-LISTEN:$(relay_socket "i$k"),fork,mode=600" \
            "TCP:127.0.0.1:$(instance_https_port "$k")"
        # the namespace's side: port 443 on every address of kaK (the VIP too) -> unix socket
        start_detached "relay-ka$k" ip netns exec "$(ns "ka$k")" "${RUN_AS[@]}" socat \
            "TCP-LISTEN:443,fork,reuseaddr" "UNIX-CONNECT:$(relay_socket "i$k")"
        # the same for the node agents' calls home: kaK's NODE_PORT -> instance iK's node listener
        stop_detached "relay-node-i$k"; stop_detached "relay-node-ka$k"
        rm -f "$(relay_socket "node-i$k")"
        [[ -n "${NODE_PORT:-}" ]] || continue
        start_detached "relay-node-i$k" "${RUN_AS[@]}" socat "UNIX-LISTEN:$(relay_socket "node-i$k"),fork,mode=600" \
            "TCP:127.0.0.1:$(($(instance_http_port "$k") + 11))"
        start_detached "relay-node-ka$k" ip netns exec "$(ns "ka$k")" "${RUN_AS[@]}" socat \
            "TCP-LISTEN:$NODE_PORT,fork,reuseaddr" "UNIX-CONNECT:$(relay_socket "node-i$k")"
    done
    # clients on this machine reach the VIP through https://localhost:VIP_PORT (bridge namespace)
    stop_detached relay-vip-ns; stop_detached relay-vip
    rm -f "$(relay_socket vip)"
    start_detached relay-vip-ns ip netns exec "$br" "${RUN_AS[@]}" socat "UNIX-LISTEN:$(relay_socket vip),fork,mode=600" "TCP:$VIP:443,connect-timeout=2"
    wait_for 10 test -S "$(relay_socket vip)" || die "the VIP relay did not start; see $CLUSTER_RUN/relay-vip-ns.log"
    start_detached relay-vip "${RUN_AS[@]}" socat "TCP-LISTEN:$VIP_PORT,bind=127.0.0.1,fork,reuseaddr" "UNIX-CONNECT:$(relay_socket vip)"
    # node agents on this machine call home through localhost:NODE_PORT (enrollment names the
    # portal's host and NODE_PORT), relayed to the VIP's NODE_PORT
    stop_detached relay-node-vip-ns; stop_detached relay-node-vip
    rm -f "$(relay_socket node-vip)"
    if [[ -n "${NODE_PORT:-}" ]]; then
        start_detached relay-node-vip-ns ip netns exec "$br" "${RUN_AS[@]}" socat \
            "UNIX-LISTEN:$(relay_socket node-vip),fork,mode=600" "TCP:$VIP:$NODE_PORT,connect-timeout=2"
        wait_for 10 test -S "$(relay_socket node-vip)" || warn "the node VIP relay did not start; see $CLUSTER_RUN/relay-node-vip-ns.log"
        start_detached relay-node-vip "${RUN_AS[@]}" socat "TCP-LISTEN:$NODE_PORT,bind=127.0.0.1,fork,reuseaddr" \
            "UNIX-CONNECT:$(relay_socket node-vip)"
    fi
    keepalived_start
}

keepalived_conf() {
    local k="$1" text peer
    peer=$((3 - k))
    text="$(<"$REPO_DIR/config/keepalived/keepalived.conf.template")"
    stage "$REPO_DIR/config/keepalived/check-ready.sh" "$KEEPALIVED_DIR/check-ready.sh" 755
    local -A values=(
        [ROUTER_ID]="$CLUSTER_NAME-ka$k" [SCRIPT_USER]="$RUN_USER" [CHECK_SCRIPT]="$KEEPALIVED_DIR/check-ready.sh"
        [CHECK_DRAIN]="--drain-file $(drain_file "i$k")"
        [CHECK_URL]="https://$HTTPS_HOST/health/ready" [CHECK_CA]="$HTTPS_TRUST" [CHECK_RESOLVE]="$HTTPS_HOST:443:$CLUSTER_NET.$k"
        [INTERFACE]="$CLUSTER_NAME-k$k" [ROUTER_NUMBER]=51 [PRIORITY]=$((k == 1 ? 150 : 100)) [ADVERT_INT]="$ADVERT_INT"
        [OWN_ADDRESS]="$CLUSTER_NET.$k" [PEERS]="        $CLUSTER_NET.$peer" [VIP]="$VIP/24"
        [NOTIFY]="$KEEPALIVED_DIR/notify.sh $CLUSTER_RUN/vrrp-events.log ka$k"
    )
    local key
    for key in "${!values[@]}"; do text="${text//"@$key@"/"${values[$key]}"}"; done
    printf '%s\n' "$text" >"$KEEPALIVED_DIR/keepalived-ka$k.conf"
}

keepalived_start() {
    # notify: one line per state change, with a timestamp (the failover figures in docs/ha.md)
    mkdir -p "$KEEPALIVED_DIR"
    chmod 755 "$KEEPALIVED_DIR"
    stage "$REPO_DIR/config/keepalived/notify.sh" "$KEEPALIVED_DIR/notify.sh" 755
    touch "$CLUSTER_RUN/vrrp-events.log"
    rm -f "$(drain_file i1)" "$(drain_file i2)" # a start brings every instance back into the choice
    chown "$RUN_USER:$RUN_GROUP" "$CLUSTER_RUN/vrrp-events.log"
    local k
    for k in 1 2; do
        keepalived_conf "$k"
        stop_detached "keepalived-ka$k"
        # -P: VRRP only (no IPVS); own pid files per instance (two keepalived on one host)
        start_detached "keepalived-ka$k" keepalived --namespace="$(ns "ka$k")" -P --dont-fork --log-console --log-detail \
            -f "$KEEPALIVED_DIR/keepalived-ka$k.conf" -p "$KEEPALIVED_DIR/ka$k-main.pid" -r "$KEEPALIVED_DIR/ka$k-vrrp.pid"
    done
    step "waiting until keepalived gives the virtual IP $VIP to a ready instance"
    wait_for 60 vip_holder >/dev/null || die "no namespace took the virtual IP within 60 s; see $CLUSTER_RUN/keepalived-ka*.log"
    info "VIP $VIP is on $(vip_holder)"
}

# Which keepalived namespace holds the VIP now (ka1 / ka2); fails when none does.
vip_holder() {
    local k
    for k in 1 2; do
        if ip -n "$(ns "ka$k")" -o addr show 2>/dev/null | grep -q " $VIP/"; then printf 'ka%s' "$k"; return 0; fi
    done
    return 1
}

vip_stop() {
    local k
    for k in 1 2; do stop_detached "keepalived-ka$k"; done
    for name in relay-vip relay-vip-ns relay-ka1 relay-ka2 relay-i1 relay-i2 relay-node-vip relay-node-vip-ns \
        relay-node-ka1 relay-node-ka2 relay-node-i1 relay-node-i2; do stop_detached "$name"; done
    local n
    for n in ka1 ka2 br; do
        if [[ -e "/run/netns/$(ns "$n")" ]]; then ip netns del "$(ns "$n")"; fi
    done
}

# ---------------------------------------------------------------------------------------------
# commands

write_cluster_properties() {
    (umask 077 && cat >"$RUN_PROPERTIES" <<EOF
# Written by ./tunnelgate cluster start; read by the HA system test and scripts.
home=$(prop_escape "$TG_HOME")
vip.url=https://$HTTPS_HOST:$VIP_PORT
vip.address=$VIP
node.url=${NODE_PORT:+https://$HTTPS_HOST:$NODE_PORT/node/}
das.admin.port=$ADMIN_PORT
instance.i1.https.url=https://$HTTPS_HOST:$(instance_https_port 1)
instance.i2.https.url=https://$HTTPS_HOST:$(instance_https_port 2)
instance.i1.dir=$(prop_escape "$(instance_dir i1)")
instance.i2.dir=$(prop_escape "$(instance_dir i2)")
namespace.prefix=$CLUSTER_NAME
galera.ports=$(galera_port 1),$(galera_port 2),$(galera_port 3)
galera.dir=$(prop_escape "$GALERA_DIR")
ca.file=$(prop_escape "$HTTPS_TRUST")
jdbc.url=$(prop_escape "$DB_URL")
jdbc.user=$(prop_escape "$DB_USER")
jdbc.password=$(prop_escape "$(<"$DB_PASSWORD_FILE")")
payara.admin.password.file=$(prop_escape "$PAYARA_ADMIN_PASSWORD_FILE")
asadmin=$(prop_escape "$ASADMIN")
cluster.port.base=$CLUSTER_BASE
cluster.name=$CLUSTER_NAME
cluster.net=$CLUSTER_NET
run.dir=$(prop_escape "$CLUSTER_RUN")
EOF
    )
}

cmd_cluster_start() {
    local t0=$SECONDS
    ensure_packages "./tunnelgate cluster start" start embedded-database cluster
    build_if_needed
    secure_home
    mkdir -p "$STATE_DIR" "$CLUSTER_HOME"
    chmod 755 "$CLUSTER_HOME"
    chmod 700 "$STATE_DIR"
    ensure_master_key
    galera_start
    cluster_payara_start
    cluster_wait_until_ready
    # (in a subshell: a node listener that does not open leaves the portal working; nodes cannot
    # call home then, which the warning says)
    (open_node_listener) || warn "the node listeners did not open; nodes cannot call home (OpenVPN admission); see $SERVER_LOG"
    bootstrap_admin
    vip_start
    write_cluster_properties
    step "the cluster is ready (started in $((SECONDS - t0)) s)"
    cmd_cluster_status || true
    if [[ -n "${ADMIN_CREATED_PASSWORD:-}" && -z "${TUNNELGATE_ADMIN_PASSWORD:-}" ]]; then
        info "admin login         admin / $ADMIN_CREATED_PASSWORD   (shown once, stored nowhere)"
    fi
}

cmd_cluster_stop() {
    [[ -d "$CLUSTER_HOME" ]] || { info "no cluster in $TG_HOME"; return 0; }
    if is_root; then vip_stop; fi
    cluster_payara_stop
    galera_stop
    step "cluster stopped"
}

cmd_cluster_status() {
    [[ -d "$CLUSTER_HOME" ]] || { info "no cluster in $TG_HOME"; return 3; }
    local rc=0 n k
    for n in 1 2 3; do
        if galera_running "$n"; then
            info "Galera n$n            127.0.0.1:$(galera_port "$n")  $(galera_status "$n" wsrep_local_state_comment), cluster size $(galera_status "$n" wsrep_cluster_size)"
        else
            info "Galera n$n            not running"; rc=3
        fi
    done
    if payara_running; then info "Payara DAS          running, admin http://localhost:$ADMIN_PORT/"; else info "Payara DAS          not running"; rc=3; fi
    for k in 1 2; do
        if instance_ready "$k"; then info "instance i$k         ready   https://$HTTPS_HOST:$(instance_https_port "$k")/"
        else info "instance i$k         NOT READY https://$HTTPS_HOST:$(instance_https_port "$k")/"; rc=3; fi
    done
    local holder
    if holder="$(vip_holder)"; then
        info "virtual IP          $VIP on $holder   (from this machine: https://$HTTPS_HOST:$VIP_PORT/)"
    else
        info "virtual IP          held by nobody"; rc=3
    fi
    return $rc
}

# drain iK: keepalived counts the instance as not ready, so the virtual IP moves to the other one
# (waited for, at most 30 s); undrain iK: it counts again once ready.
cmd_cluster_drain() {
    local what="$1" instance="$2" k holder
    [[ "$instance" =~ ^i[12]$ ]] || die "usage: ./tunnelgate cluster $what i1|i2"
    k="${instance#i}"
    if [[ "$what" == undrain ]]; then
        instance_ready "$k" && instance_warm "$k" # it takes the VIP back at once if it has priority
        rm -f "$(drain_file "$instance")"
        info "instance $instance is back in the virtual IP's choice (once it is ready)"
        return 0
    fi
    mkdir -p "$KEEPALIVED_DIR"
    touch "$(drain_file "$instance")"
    chmod 644 "$(drain_file "$instance")"
    if wait_for 30 bash -c "! ip -n '$(ns "ka$k")' -o addr show 2>/dev/null | grep -q ' $VIP/'"; then
        holder="$(vip_holder || echo nobody)"
        info "instance $instance is drained; the virtual IP is on $holder"
    else
        die "the virtual IP is still on ka$k after 30 s (is the other instance ready?)"
    fi
}

cmd_cluster() {
    local sub="${1:-}"
    cluster_settings
    case "$sub" in
        start) lock_home; cmd_cluster_start ;;
        stop) lock_home; cmd_cluster_stop ;;
        status) cmd_cluster_status ;;
        # starts the Galera nodes that are not running (one that crashed rejoins with IST)
        galera) lock_home; galera_start ;;
        # takes an instance out of the virtual IP's way (before restarting or upgrading it) and back
        drain | undrain) cmd_cluster_drain "$sub" "${2:-}" ;;
        *) printf 'usage: ./tunnelgate cluster start|stop|status|galera|drain iK|undrain iK\n' >&2; exit 2 ;;
    esac
}

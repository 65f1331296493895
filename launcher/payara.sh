# shellcheck shell=bash
# Payara Server: install, domain, start, stop, readiness.
# Sourced by ./tunnelgate; defines functions only.

# ---------------------------------------------------------------------------------------------
# Payara

provision() { env ASADMIN="$ASADMIN" TG_DOMAIN_DIR="$DOMAIN_DIR" TG_DOMAIN="$DOMAIN" TG_ADMIN_PORT="$ADMIN_PORT" \
    TG_HTTP_PORT="$HTTP_PORT" TG_HTTPS_PORT="$HTTPS_PORT" TG_PORT_BASE="$PORT_BASE" \
    TG_CLUSTER_NAME="tunnelgate-$(printf '%s' "$TG_HOME" | sha256sum | head -c 12)" \
    TG_TLS_P12="$TLS_DIR/listener.p12" TG_DRIVER_JAR="${DRIVER_JAR:-}" \
    TG_DB_URL="$DB_URL" TG_DB_USER="$DB_USER" TG_DB_PASSWORD_FILE="$DB_PASSWORD_FILE" \
    TG_MASTER_KEY_FILE="$MASTER_KEY_FILE" TG_PROFILES_SEED="$PROFILES_SEED" \
    TG_TRUSTED_PROXIES="${TUNNELGATE_TRUSTED_PROXIES:-}" \
    "$PROVISION" "$@"; }

asadmin() { "$ASADMIN" --interactive=false --host 127.0.0.1 --port "$ADMIN_PORT" --user admin "$@"; }

payara_pid() { cat "$DOMAIN_DIR/$DOMAIN/config/pid" 2>/dev/null || true; }
payara_running() { pid_is_ours "$(payara_pid)" "$DOMAIN_DIR/$DOMAIN"; }

install_payara() {
    [[ -x "$ASADMIN" ]] && return 0
    step "installing Payara Server $PAYARA_VERSION into $PAYARA_DIR"
    command -v unzip >/dev/null || die "unzip is missing: apt-get install unzip"
    local zip
    zip="$(maven_artifact fish.payara.distributions payara "$PAYARA_VERSION" zip)"
    rm -rf "$PAYARA_DIR.partial"
    mkdir -p "$PAYARA_DIR.partial"
    unzip -q "$zip" -d "$PAYARA_DIR.partial" || die "could not unpack $zip"
    mv "$PAYARA_DIR.partial" "$PAYARA_DIR"
}

record_ports() {
    mkdir -p "$STATE_DIR"
    cat >"$STATE_DIR/ports.env" <<EOF
HTTP_PORT=$HTTP_PORT
HTTPS_PORT=$HTTPS_PORT
ADMIN_PORT=$ADMIN_PORT
PORT_BASE=$PORT_BASE
EOF
}

check_recorded_ports() {
    [[ -f "$STATE_DIR/ports.env" && -f "$DOMAIN_DIR/$DOMAIN/config/domain.xml" ]] || return 0
    local want="$HTTP_PORT/$HTTPS_PORT/$ADMIN_PORT/$PORT_BASE" HTTP_PORT HTTPS_PORT ADMIN_PORT PORT_BASE
    # shellcheck disable=SC1091
    source "$STATE_DIR/ports.env"
    [[ "$want" == "$HTTP_PORT/$HTTPS_PORT/$ADMIN_PORT/$PORT_BASE" ]] && return 0
    die "the domain in $DOMAIN_DIR was created with ports http/https/admin/base = $HTTP_PORT/$HTTPS_PORT/$ADMIN_PORT/$PORT_BASE, now $want was asked for.
       Use the old ports, or remove the domain to recreate it (the database is kept):
       ./tunnelgate stop && rm -rf '$DOMAIN_DIR'"
}

payara_ports() {
    printf '%s\n' "HTTP=$HTTP_PORT" "HTTPS=$HTTPS_PORT" "admin=$ADMIN_PORT" \
        "IIOP=$((PORT_BASE + 1))" "IIOP/SSL=$((PORT_BASE + 2))" "IIOP/mutual-TLS=$((PORT_BASE + 3))" \
        "JMX=$((PORT_BASE + 4))" "Hazelcast=$((PORT_BASE + 10))"
}

# Everything that is about to be started needs its ports; say all that are taken before
# starting anything.
preflight_ports() {
    local wanted=()
    if [[ "$DB_MODE" == embedded ]] && ! db_running; then wanted+=("database=$DB_PORT"); fi
    if ! payara_running; then mapfile -t -O "${#wanted[@]}" wanted < <(payara_ports); fi
    ((${#wanted[@]} == 0)) || check_ports_free "${wanted[@]}"
}

payara_start() {
    install_payara
    check_recorded_ports
    mkdir -p "$DOMAIN_DIR" "$STATE_DIR"
    if [[ ! -f "$DOMAIN_DIR/$DOMAIN/config/domain.xml" ]]; then
        step "creating the Payara domain"
        check_ports_free "HTTP=$HTTP_PORT" "HTTPS=$HTTPS_PORT" "admin=$ADMIN_PORT"
    fi
    provision create-domain
    record_ports
    prepare_certificate
    if payara_running; then
        info "Payara is running (pid $(payara_pid))"
        ((CERT_CHANGED)) && warn "the HTTPS certificate changed; it is used after ./tunnelgate stop && ./tunnelgate start"
    else
        if ((CERT_CHANGED)); then
            provision install-certificate
            printf '%s\n' "$CERT_SUM" >"$CERT_MARKER"
        fi
        local ports
        mapfile -t ports < <(payara_ports)
        check_ports_free "${ports[@]}"
        step "starting Payara Server (domain $DOMAIN, admin port $ADMIN_PORT)"
        local t0=$SECONDS
        "$ASADMIN" --interactive=false start-domain --domaindir "$DOMAIN_DIR" "$DOMAIN" </dev/null >"$STATE_DIR/start-domain.log" 2>&1 9>&- \
            || { tail -20 "$STATE_DIR/start-domain.log" >&2; die "Payara did not start; see $SERVER_LOG"; }
        info "Payara started in $((SECONDS - t0)) s"
    fi
    DRIVER_JAR="$(maven_artifact org.mariadb.jdbc mariadb-java-client "$DRIVER_VERSION" jar)"
    step "configuring the domain (driver, pool jdbc/tunnelgate, system properties, HTTPS)"
    provision configure
    step "deploying the application"
    provision deploy "$EAR"
}

payara_stop() {
    [[ -x "$ASADMIN" && -d "$DOMAIN_DIR/$DOMAIN" ]] || { info "no Payara domain in $TG_HOME"; return 0; }
    if ! payara_running; then info "Payara is not running"; return 0; fi
    local pid
    pid="$(payara_pid)"
    step "stopping Payara (pid $pid)"
    "$ASADMIN" --interactive=false stop-domain --domaindir "$DOMAIN_DIR" "$DOMAIN" >/dev/null 2>&1 || true
    # stop-domain removes the pid file before the JVM is gone; wait for the process itself
    if ! wait_for 30 bash -c "! kill -0 $pid 2>/dev/null"; then
        warn "Payara (pid $pid) did not stop; terminating it"
        kill -TERM "$pid" 2>/dev/null || true
        wait_for 20 bash -c "! kill -0 $pid 2>/dev/null" || kill -KILL "$pid" 2>/dev/null || true
    fi
}

readiness() { curl -fsS --max-time 5 "http://127.0.0.1:$HTTP_PORT/health/ready" 2>/dev/null; }
is_ready() { readiness | grep -q '"status" *: *"UP"'; }

wait_until_ready() {
    step "waiting until http://127.0.0.1:$HTTP_PORT/health/ready says UP (at most $START_TIMEOUT s)"
    if ! wait_for "$START_TIMEOUT" is_ready; then
        local answer
        answer="$(curl -sS --max-time 5 "http://127.0.0.1:$HTTP_PORT/health/ready" 2>&1 || true)"
        die "Tunnelgate is not ready after $START_TIMEOUT s. Readiness says: ${answer:-nothing}
       Look at $SERVER_LOG (last errors: grep -n SEVERE '$SERVER_LOG' | tail)"
    fi
}

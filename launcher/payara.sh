# shellcheck shell=bash
# Payara Server: install, domain, start, stop, readiness.
# Sourced by ./tunnelgate; defines functions only.

# ---------------------------------------------------------------------------------------------
# Payara
#
# The install (payara-<version>/) belongs to the launcher's user and is read-only for the
# servers; the domain belongs to the run user, and every asadmin call — provision.sh included —
# runs as the run user with the admin password file. Root never runs Payara's own code.

# provision.sh and its command files, as staged for the run user (see stage_for_servers)
provision() {
    as_run_user ASADMIN="$ASADMIN" AS_ADMIN_PASSWORDFILE="$PAYARA_ADMIN_PASSWORD_FILE" AS_EXTRA_JAVA_OPTS="-Duser.home=$DOMAIN_DIR" \
        TG_ADMIN_PASSWORD_FILE="$PAYARA_ADMIN_PASSWORD_FILE" \
        TG_DOMAIN_DIR="$DOMAIN_DIR" TG_DOMAIN="$DOMAIN" TG_ADMIN_PORT="$ADMIN_PORT" \
        TG_HTTP_PORT="$HTTP_PORT" TG_HTTPS_PORT="$HTTPS_PORT" TG_PORT_BASE="$PORT_BASE" \
        TG_CLUSTER_NAME="tunnelgate-$(printf '%s' "${HAZELCAST_KEY:-$TG_HOME}" | sha256sum | head -c 12)" \
        TG_DEPLOY_TARGET="${DEPLOY_TARGET:-server}" TG_INSTANCES="${CLUSTER_INSTANCE_PORTS:-}" \
        TG_NODE_DIR="${NODE_DIR:-}" TG_INSTANCE_HEAP="${TUNNELGATE_INSTANCE_HEAP:-384m}" \
        TG_HAZELCAST_MEMBERS="${HAZELCAST_MEMBERS:-}" \
        TG_TLS_P12="$TLS_DIR/listener.p12" TG_DRIVER_JAR="$STAGED_DIR/$(basename "${DRIVER_JAR:-driver.jar}")" \
        TG_DB_URL="$DB_URL" TG_DB_USER="$DB_USER" TG_DB_PASSWORD_FILE="$DB_PASSWORD_FILE" \
        TG_MASTER_KEY_FILE="$MASTER_KEY_FILE" TG_PROFILES_SEED="$STAGED_DIR/profiles.json" \
        TG_TRUSTED_PROXIES="${TUNNELGATE_TRUSTED_PROXIES:-}" \
        TG_NODE_PORT="${NODE_PORT:-}" TG_NODE_TRUST="$TLS_DIR/node-trust.jks" \
        "$STAGED_DIR/payara/provision.sh" "$@"
}

# asadmin as the run user, for the local commands (start-domain, stop-domain). (asadmin keeps a
# client cache in Java's user.home, which comes from the passwd entry — the run user's is
# /nonexistent —, not from HOME: hence AS_EXTRA_JAVA_OPTS.) A domain without
# the marker has no admin password yet (made by an older launcher, see provision.sh admin-password).
payara_asadmin() {
    local password=()
    [[ -f "$ADMIN_PASSWORD_MARKER" ]] && password=(AS_ADMIN_PASSWORDFILE="$PAYARA_ADMIN_PASSWORD_FILE")
    as_run_user "${password[@]}" AS_EXTRA_JAVA_OPTS="-Duser.home=$DOMAIN_DIR" "$ASADMIN" --interactive=false "$@"
}

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
    (umask 022 && unzip -q "$zip" -d "$PAYARA_DIR.partial") || die "could not unpack $zip"
    mv "$PAYARA_DIR.partial" "$PAYARA_DIR"
}

# What the servers read from the repository and from Maven, copied into the home (the run user
# may not be able to enter either): provision.sh and its command files, the EAR, the driver, the
# profiles seed.
stage_for_servers() {
    mkdir -p "$STAGED_DIR/payara"
    chmod 755 "$STAGED_DIR" "$STAGED_DIR/payara"
    local f
    for f in "$REPO_DIR"/config/payara/*; do stage "$f" "$STAGED_DIR/payara/$(basename "$f")"; done
    chmod 755 "$STAGED_DIR/payara/provision.sh"
    DRIVER_JAR="$(maven_artifact org.mariadb.jdbc mariadb-java-client "$DRIVER_VERSION" jar)"
    stage "$DRIVER_JAR" "$STAGED_DIR/$(basename "$DRIVER_JAR")"
    stage "$EAR" "$STAGED_DIR/tunnelgate.ear"
    stage "$PROFILES_SEED" "$STAGED_DIR/profiles.json"
}

# Payara's admin password (console, asadmin, JMX): generated once into secrets/, readable by the
# run user, who runs asadmin.
ensure_payara_admin_password() {
    if [[ ! -s "$PAYARA_ADMIN_PASSWORD_FILE" ]]; then
        write_secret_file "$PAYARA_ADMIN_PASSWORD_FILE" "AS_ADMIN_PASSWORD=$(new_secret 32)"
    fi
    share_with_servers "$PAYARA_ADMIN_PASSWORD_FILE"
}

record_ports() {
    mkdir -p "$STATE_DIR"
    cat >"$STATE_DIR/ports.env" <<EOF
HTTP_PORT=$HTTP_PORT
HTTPS_PORT=$HTTPS_PORT
ADMIN_PORT=$ADMIN_PORT
PORT_BASE=$PORT_BASE
EOF
    printf 'HTTPS_HOST=%q\nHTTPS_TRUST=%q\n' "$HTTPS_HOST" "$HTTPS_TRUST" >"$STATE_DIR/https.env"
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
    [[ -z "${NODE_PORT:-}" ]] || printf '%s\n' "nodes=$NODE_PORT"
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
    owned_by_servers "$DOMAIN_DIR"
    ensure_payara_admin_password
    stage_for_servers
    if [[ ! -f "$DOMAIN_DIR/$DOMAIN/config/domain.xml" ]]; then
        step "creating the Payara domain"
        check_ports_free "HTTP=$HTTP_PORT" "HTTPS=$HTTPS_PORT" "admin=$ADMIN_PORT"
    fi
    provision create-domain
    record_ports
    prepare_certificate
    start_without_stale_application
    if payara_running; then
        info "Payara is running (pid $(payara_pid), user $(process_user "$(payara_pid)"))"
        ((CERT_CHANGED)) && warn "the HTTPS certificate changed; it is used after ./tunnelgate stop && ./tunnelgate start"
        [[ "$(process_user "$(payara_pid)")" == "$RUN_USER" ]] \
            || warn "Payara runs as $(process_user "$(payara_pid)"), not $RUN_USER (an older launcher started it); ./tunnelgate stop && ./tunnelgate start"
    else
        if ((CERT_CHANGED)); then
            provision install-certificate
            as_run_user sh -c 'printf "%s\n" "$1" >"$2"' _ "$CERT_SUM" "$CERT_MARKER"
        fi
        local ports
        mapfile -t ports < <(payara_ports)
        check_ports_free "${ports[@]}"
        step "starting Payara Server (domain $DOMAIN, admin port $ADMIN_PORT, as user $RUN_USER)"
        local t0=$SECONDS
        payara_asadmin start-domain --domaindir "$DOMAIN_DIR" "$DOMAIN" </dev/null >"$STATE_DIR/start-domain.log" 2>&1 9>&- \
            || { tail -20 "$STATE_DIR/start-domain.log" >&2; die "Payara did not start; see $SERVER_LOG"; }
        info "Payara started in $((SECONDS - t0)) s"
    fi
    provision admin-password
    step "configuring the domain (driver, pool jdbc/tunnelgate, system properties, HTTPS)"
    provision configure
    if [[ "${DEPLOY_TARGET:-server}" != server ]]; then
        step "deployment group $DEPLOY_TARGET: configuration, instances"
        provision cluster
    fi
    step "deploying the application${DEPLOY_TARGET:+ to ${DEPLOY_TARGET}}"
    provision deploy "$STAGED_DIR/tunnelgate.ear"
    if [[ "${DEPLOY_TARGET:-server}" != server ]]; then
        # instances that were stopped start with the application (one start instead of two rounds)
        step "starting the instances of $DEPLOY_TARGET that are not running"
        provision start-group
    fi
}

# Whether a new EAR is about to replace the application the domain already has.
application_replaced() {
    local xml="$DOMAIN_DIR/$DOMAIN/config/domain.xml" marker="$DOMAIN_DIR/$DOMAIN/config/tunnelgate-deployed.sha256"
    grep -q '<application [^>]*name="tunnelgate"' "$xml" 2>/dev/null || return 1
    [[ "$(cat "$marker" 2>/dev/null)" != "$(sha256sum "$STAGED_DIR/tunnelgate.ear" | cut -d' ' -f1)" ]]
}

# Payara cannot reliably replace this application in place. Inside a JVM that has loaded the old
# one the redeployment fails now and then with "Can not set javax.sql.DataSource field
# ...ControllerInstance.dataSource to ...ControllerInstance" (classes of the old and the new EAR's
# class loaders mixed; a Payara defect also reported by other EAR projects). And when the undeployment
# that `deploy --force` starts with cannot delete every file of the old exploded application, Payara
# lists what is left in applications/tunnelgate/.glassfishStaleFiles and from then on ignores
# those entries of the directory — also once the new deployment has written them: the next start
# found the web module missing ("subArchive is null"), dropped the application and refused every
# deployment ("Application name tunnelgate is already in use") until the next restart. Seen on
# test homes upgraded several times a day.
# So a domain that is to get a new EAR forgets the old one while Payara is stopped — out of
# domain.xml, its exploded and generated files deleted — and the deployment is a first one in a JVM
# that never saw the old application. A running Payara is stopped first. Only for a single server:
# a deployment group's instances keep their own copies of the configuration.
start_without_stale_application() {
    [[ "${DEPLOY_TARGET:-server}" == server ]] || return 0
    if application_replaced; then
        if payara_running; then
            info "a new tunnelgate.ear replaces the deployed one: restarting Payara so that it loads only the new one"
            payara_stop
        fi
        as_run_user sed -i -E -e '/<application-ref [^>]*ref="tunnelgate"/d' \
            -e '/<application [^>]*name="tunnelgate"/,/<\/application>/d' "$DOMAIN_DIR/$DOMAIN/config/domain.xml"
        rm -f "$DOMAIN_DIR/$DOMAIN/config/tunnelgate-deployed.sha256"
    fi
    # the files of an application the domain no longer has (forgotten above, or dropped by Payara)
    if ! payara_running && ! grep -q '<application [^>]*name="tunnelgate"' "$DOMAIN_DIR/$DOMAIN/config/domain.xml"; then
        rm -rf "$DOMAIN_DIR/$DOMAIN/applications/tunnelgate" "$DOMAIN_DIR/$DOMAIN"/generated/*/tunnelgate
    fi
}

payara_stop() {
    [[ -x "$ASADMIN" && -d "$DOMAIN_DIR/$DOMAIN" ]] || { info "no Payara domain in $TG_HOME"; return 0; }
    if ! payara_running; then info "Payara is not running"; return 0; fi
    local pid
    pid="$(payara_pid)"
    step "stopping Payara (pid $pid)"
    payara_asadmin stop-domain --domaindir "$DOMAIN_DIR" "$DOMAIN" >/dev/null 2>&1 || true
    # stop-domain removes the pid file before the JVM is gone; wait for the process itself
    if ! wait_for 30 bash -c "! kill -0 $pid 2>/dev/null"; then
        warn "Payara (pid $pid) did not stop; terminating it"
        kill -TERM "$pid" 2>/dev/null || true
        wait_for 20 bash -c "! kill -0 $pid 2>/dev/null" || kill -KILL "$pid" 2>/dev/null || true
    fi
}

# Readiness over HTTPS, the certificate verified (Payara's /health/* also answers on plain HTTP,
# for load balancers; the launcher does not need that).
readiness() { https_curl /health/ready -fsS --max-time 5 2>/dev/null; }
is_ready() { readiness | grep -q '"status" *: *"UP"'; }

wait_until_ready() {
    step "waiting until $(https_url)/health/ready says UP (at most $START_TIMEOUT s)"
    if ! wait_for "$START_TIMEOUT" is_ready; then
        local answer
        answer="$(https_curl /health/ready -sS --max-time 5 2>&1 || true)"
        die "Tunnelgate is not ready after $START_TIMEOUT s. Readiness says: ${answer:-nothing}
       Look at $SERVER_LOG (last errors: grep -n SEVERE '$SERVER_LOG' | tail)"
    fi
}

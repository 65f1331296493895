# shellcheck shell=bash
# Settings: environment, ./tunnelgate.env, the paths of everything in $TUNNELGATE_HOME.
# Sourced by ./tunnelgate; defines functions only.

# ---------------------------------------------------------------------------------------------
# settings

load_env_file() {
    local file="${TUNNELGATE_ENV_FILE:-$REPO_DIR/tunnelgate.env}" line key value
    [[ -f "$file" ]] || return 0
    # KEY=VALUE lines; variables already set in the environment win over the file.
    while IFS= read -r line || [[ -n "$line" ]]; do
        [[ "$line" =~ ^[[:space:]]*(TUNNELGATE_[A-Z_]+)=(.*)$ ]] || continue
        key="${BASH_REMATCH[1]}"
        value="${BASH_REMATCH[2]}"
        value="${value%\"}"; value="${value#\"}"; value="${value%\'}"; value="${value#\'}"
        [[ -v "$key" ]] || export "$key=$value"
    done <"$file"
}

pom_property() {
    sed -n "s|.*<$1>\(.*\)</$1>.*|\1|p" "$REPO_DIR/pom.xml" | head -1
}

# Reads the settings and sets the paths. "create" (start): the home and the run user are made
# when missing; the other commands only look at what a start left.
load_settings() {
    load_env_file
    run_user_names
    if [[ "${1:-}" == create ]]; then ensure_run_user; fi
    locate_home "${1:-}"

    HTTP_PORT="${TUNNELGATE_HTTP_PORT:-8080}"
    HTTPS_PORT="${TUNNELGATE_HTTPS_PORT:-8181}"
    ADMIN_PORT="${TUNNELGATE_ADMIN_PORT:-4848}"
    # Payara's other ports: JMS +0, IIOP +1..+3, JMX +4, debug +5, OSGi shell +6,
    # Hazelcast DAS +10, Hazelcast instances +20.
    PORT_BASE="${TUNNELGATE_PORT_BASE:-24900}"
    DB_PORT="${TUNNELGATE_DB_PORT:-3307}"
    START_TIMEOUT="${TUNNELGATE_START_TIMEOUT:-300}"
    validate_port TUNNELGATE_HTTP_PORT "$HTTP_PORT"
    validate_port TUNNELGATE_HTTPS_PORT "$HTTPS_PORT"
    validate_port TUNNELGATE_ADMIN_PORT "$ADMIN_PORT"
    validate_port TUNNELGATE_PORT_BASE "$PORT_BASE" 20
    validate_port TUNNELGATE_DB_PORT "$DB_PORT"
    [[ "$START_TIMEOUT" =~ ^[0-9]+$ ]] || die "TUNNELGATE_START_TIMEOUT=$START_TIMEOUT is not a number of seconds"

    PAYARA_VERSION="$(pom_property payara.version)"
    DRIVER_VERSION="$(pom_property mariadb-client.version)"
    [[ -n "$PAYARA_VERSION" && -n "$DRIVER_VERSION" ]] || die "cannot read payara.version / mariadb-client.version from $REPO_DIR/pom.xml"

    NODE_PORT="${TUNNELGATE_NODE_PORT:-8443}" # the node agents' listener (calls home, client certificates required)
    [[ "$NODE_PORT" == off ]] && NODE_PORT=""
    [[ -z "$NODE_PORT" ]] || validate_port TUNNELGATE_NODE_PORT "$NODE_PORT"

    PAYARA_DIR="$TG_HOME/payara-$PAYARA_VERSION"
    ASADMIN="$PAYARA_DIR/payara6/bin/asadmin"
    DOMAIN_DIR="$TG_HOME/domains"
    DOMAIN="tunnelgate"
    SERVER_LOG="$DOMAIN_DIR/$DOMAIN/logs/server.log"
    # which certificate the domain keystore holds; lives and dies with the domain
    CERT_MARKER="$DOMAIN_DIR/$DOMAIN/config/tunnelgate-certificate.sha256"
    # the domain's admin password marker, see provision.sh admin-password
    ADMIN_PASSWORD_MARKER="$DOMAIN_DIR/$DOMAIN/config/tunnelgate-admin-password.sha256"
    DB_DIR="$TG_HOME/db"
    SECRETS_DIR="$TG_HOME/secrets"
    TLS_DIR="$TG_HOME/tls"
    STATE_DIR="$TG_HOME/state"
    # copies of what the servers read from the repository and from Maven
    STAGED_DIR="$TG_HOME/staged"
    RUN_PROPERTIES="$TG_HOME/tunnelgate.properties"
    MASTER_KEY_FILE="${TUNNELGATE_MASTER_KEY_FILE:-$SECRETS_DIR/master.key}"
    PROFILES_SEED="${TUNNELGATE_PROFILES_SEED:-$REPO_DIR/config/profiles.example.json}"
    # Payara's admin password, as asadmin reads it (AS_ADMIN_PASSWORD=…)
    PAYARA_ADMIN_PASSWORD_FILE="$SECRETS_DIR/payara-admin.password"
    https_endpoint

    if [[ -n "${TUNNELGATE_DB_URL:-}" ]]; then
        DB_MODE=external
        DB_URL="$TUNNELGATE_DB_URL"
        DB_USER="${TUNNELGATE_DB_USER:?TUNNELGATE_DB_USER must be set with TUNNELGATE_DB_URL}"
    else
        DB_MODE=embedded
        DB_URL="jdbc:mariadb://127.0.0.1:$DB_PORT/tunnelgate"
        DB_USER=tunnelgate
    fi
    DB_PASSWORD_FILE="$SECRETS_DIR/db.password"
}

# Where the launcher reaches its own HTTPS listener on loopback, verifying the certificate: a name
# the certificate holds (resolved to 127.0.0.1) and what to trust — the local CA, or the
# operator's chain itself (curl accepts a chain that ends in a trusted intermediate or leaf).
https_endpoint() {
    if [[ -n "${TUNNELGATE_TLS_CERT:-}" ]]; then
        HTTPS_TRUST="$TUNNELGATE_TLS_CERT"
        HTTPS_HOST="$(certificate_host "$TUNNELGATE_TLS_CERT")"
    else
        HTTPS_TRUST="$TLS_DIR/ca.pem"
        HTTPS_HOST=localhost
    fi
}

https_url() { printf 'https://%s:%s' "$HTTPS_HOST" "$HTTPS_PORT"; }

# The first DNS name of a certificate (a wildcard made concrete), else its common name.
certificate_host() {
    local name
    name="$(openssl x509 -in "$1" -noout -ext subjectAltName 2>/dev/null | grep -o 'DNS:[^, ]*' | head -1 | cut -c5- || true)"
    [[ -n "$name" ]] || name="$(openssl x509 -in "$1" -noout -subject -nameopt multiline 2>/dev/null \
        | sed -n 's/^ *commonName *= *//p' | head -1 || true)"
    name="${name/#\*/tunnelgate}"
    printf '%s' "${name:-localhost}"
}

# curl against this system's HTTPS listener on loopback: https_curl PATH [curl options]
https_curl() {
    local path="$1"
    shift
    curl --cacert "$HTTPS_TRUST" --resolve "$HTTPS_HOST:$HTTPS_PORT:127.0.0.1" "$@" "$(https_url)$path"
}

# The ports a domain was created with are fixed in its domain.xml; stop/status/user use the
# values recorded at creation so they work without the original environment.
load_recorded_state() {
    if [[ -f "$STATE_DIR/ports.env" ]]; then
        # shellcheck disable=SC1091
        source "$STATE_DIR/ports.env"
    fi
    if [[ -f "$STATE_DIR/db.env" ]]; then
        # shellcheck disable=SC1091
        source "$STATE_DIR/db.env"
    fi
    if [[ -f "$STATE_DIR/https.env" ]]; then
        # shellcheck disable=SC1091
        source "$STATE_DIR/https.env"
    fi
    if [[ -f "$STATE_DIR/node.env" ]]; then
        # shellcheck disable=SC1091
        source "$STATE_DIR/node.env"
    fi
}

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

load_settings() {
    load_env_file
    TG_HOME="${TUNNELGATE_HOME:-$REPO_DIR/.tunnelgate}"
    mkdir -p "$TG_HOME"
    TG_HOME="$(cd "$TG_HOME" && pwd)"
    chmod 700 "$TG_HOME"

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

    PAYARA_DIR="$TG_HOME/payara-$PAYARA_VERSION"
    ASADMIN="$PAYARA_DIR/payara6/bin/asadmin"
    DOMAIN_DIR="$TG_HOME/domains"
    DOMAIN="tunnelgate"
    SERVER_LOG="$DOMAIN_DIR/$DOMAIN/logs/server.log"
    # which certificate the domain keystore holds; lives and dies with the domain
    CERT_MARKER="$DOMAIN_DIR/$DOMAIN/config/tunnelgate-certificate.sha256"
    DB_DIR="$TG_HOME/db"
    SECRETS_DIR="$TG_HOME/secrets"
    TLS_DIR="$TG_HOME/tls"
    STATE_DIR="$TG_HOME/state"
    RUN_PROPERTIES="$TG_HOME/tunnelgate.properties"
    MASTER_KEY_FILE="${TUNNELGATE_MASTER_KEY_FILE:-$SECRETS_DIR/master.key}"
    PROFILES_SEED="${TUNNELGATE_PROFILES_SEED:-$REPO_DIR/config/profiles.example.json}"

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
}

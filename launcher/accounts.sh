# shellcheck shell=bash
# The account CLI and the first administrator.
# Sourced by ./tunnelgate; defines functions only.

# ---------------------------------------------------------------------------------------------
# the account CLI (ejb-core's AccountTool) against the running system's database

CLI_MAIN=org.tunnelgate.account.cli.AccountTool

# The CLI runs from the EAR's own jars, unpacked once per build.
cli_dir() {
    [[ -f "$EAR" ]] || die "no $EAR; run ./tunnelgate start first"
    local dir
    dir="$TG_HOME/cli/$(sha256sum "$EAR" | head -c 16)"
    if [[ ! -d "$dir" ]]; then
        rm -rf "$TG_HOME/cli"
        mkdir -p "$dir.partial"
        unzip -q -o "$EAR" 'ejb-core.jar' 'lib/*' -d "$dir.partial" >/dev/null || die "could not unpack $EAR"
        mv "$dir.partial" "$dir"
    fi
    printf '%s' "$dir"
}

cli_available() {
    local dir
    dir="$(cli_dir)"
    unzip -l "$dir/ejb-core.jar" "${CLI_MAIN//.//}.class" >/dev/null 2>&1
}

cli_classpath() {
    local dir driver
    dir="$(cli_dir)"
    driver="$(maven_artifact org.mariadb.jdbc mariadb-java-client "$DRIVER_VERSION" jar)"
    printf '%s' "$dir/ejb-core.jar:$dir/lib/*:$driver"
}

account_tool() {
    [[ -s "$DB_PASSWORD_FILE" ]] || die "no database password in $DB_PASSWORD_FILE; run ./tunnelgate start first"
    local classpath
    classpath="$(cli_classpath)" # on its own line: a failure here must stop the launcher
    TUNNELGATE_JDBC_URL="$DB_URL" TUNNELGATE_JDBC_USER="$DB_USER" TUNNELGATE_JDBC_PASSWORD="$(<"$DB_PASSWORD_FILE")" \
        java -cp "$classpath" "$CLI_MAIN" "$@"
}

bootstrap_admin() {
    ADMIN_CREATED_PASSWORD=""
    if ! cli_available; then
        warn "the account CLI ($CLI_MAIN) is not in this build yet: no first admin was created"
        return 0
    fi
    step "making sure an administrator exists"
    local out
    out="$(account_tool ensure-admin admin)" || die "the account CLI failed to create the first admin (see above)"
    if [[ "$out" =~ ^created[[:space:]]+([^[:space:]]+)[[:space:]]+(.+)$ ]]; then
        ADMIN_CREATED_PASSWORD="${BASH_REMATCH[2]}"
    fi
}

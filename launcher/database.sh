# shellcheck shell=bash
# The embedded MariaDB, or the coordinates of an external one.
# Sourced by ./tunnelgate; defines functions only.

# ---------------------------------------------------------------------------------------------
# embedded MariaDB (Debian's mariadb-server binaries on a private port and data directory)

db_socket() {
    local s="$DB_DIR/mariadbd.sock"
    # unix socket paths are limited to 107 bytes
    if ((${#s} > 100)); then s="${TMPDIR:-/tmp}/tunnelgate-db-$(printf '%s' "$TG_HOME" | sha256sum | head -c 12).sock"; fi
    printf '%s' "$s"
}

db_pid() { cat "$DB_DIR/mariadbd.pid" 2>/dev/null || true; }
db_running() { pid_is_ours "$(db_pid)" "$DB_DIR/my.cnf"; }
db_client() { mariadb --defaults-file="$DB_DIR/my.cnf" -u "$(id -un)" "$@"; }
db_ping() { mariadb-admin --defaults-file="$DB_DIR/my.cnf" -u "$(id -un)" --connect-timeout=2 ping >/dev/null 2>&1; }

require_mariadb_binaries() {
    local b missing=()
    for b in mariadbd mariadb-install-db mariadb mariadb-admin; do
        command -v "$b" >/dev/null || [[ -x "/usr/sbin/$b" ]] || missing+=("$b")
    done
    ((${#missing[@]} == 0)) || die "the embedded database needs ${missing[*]}: install them with
       apt-get install --no-install-recommends mariadb-server
   (or point TUNNELGATE_DB_URL/USER/PASSWORD at an existing MariaDB)"
    PATH="$PATH:/usr/sbin"
}

write_db_config() {
    local user_line=""
    # mariadbd refuses to run as root unless told to; as a normal user it runs as that user.
    [[ "$(id -u)" == 0 ]] && user_line="user=root"
    mkdir -p "$DB_DIR/data" "$DB_DIR/tmp"
    cat >"$DB_DIR/my.cnf" <<EOF
# Written by ./tunnelgate on every start; edit the launcher, not this file.
[mysqld]
$user_line
datadir=$DB_DIR/data
tmpdir=$DB_DIR/tmp
socket=$(db_socket)
pid-file=$DB_DIR/mariadbd.pid
log-error=$DB_DIR/error.log
port=$DB_PORT
bind-address=127.0.0.1
skip-name-resolve
skip-log-bin
performance_schema=OFF
innodb_buffer_pool_size=128M
innodb_autoinc_lock_mode=2
character-set-server=utf8mb4
collation-server=utf8mb4_unicode_ci
max_connections=200

[client]
socket=$(db_socket)
port=$DB_PORT
EOF
}

db_start() {
    require_mariadb_binaries
    write_db_config
    db_running || check_ports_free "database=$DB_PORT"
    if [[ ! -d "$DB_DIR/data/mysql" ]]; then
        step "initialising the embedded MariaDB in $DB_DIR"
        local user_opt=()
        [[ "$(id -u)" == 0 ]] && user_opt=(--user=root)
        mariadb-install-db --defaults-file="$DB_DIR/my.cnf" "${user_opt[@]}" \
            --auth-root-authentication-method=socket --auth-root-socket-user="$(id -un)" \
            --skip-test-db >"$DB_DIR/install.log" 2>&1 \
            || { tail -20 "$DB_DIR/install.log" >&2; die "mariadb-install-db failed; see $DB_DIR/install.log"; }
    fi
    if db_running; then
        info "embedded MariaDB is running (pid $(db_pid), port $DB_PORT)"
    else
        step "starting the embedded MariaDB on 127.0.0.1:$DB_PORT"
        # own session and no inherited descriptors: it must outlive this script and any build tool
        setsid mariadbd --defaults-file="$DB_DIR/my.cnf" </dev/null >>"$DB_DIR/mariadbd.out" 2>&1 9>&- &
        wait_for 60 db_ping || { tail -20 "$DB_DIR/error.log" >&2; die "MariaDB did not come up within 60 s; see $DB_DIR/error.log"; }
    fi
    if [[ ! -s "$DB_PASSWORD_FILE" ]]; then write_secret_file "$DB_PASSWORD_FILE" "$(new_secret 32)"; fi
    local pw
    pw="$(<"$DB_PASSWORD_FILE")"
    # idempotent: the database and its user are (re)stated on every start
    db_client <<EOF || die "could not create the database/user in the embedded MariaDB"
CREATE DATABASE IF NOT EXISTS tunnelgate CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'tunnelgate'@'127.0.0.1' IDENTIFIED BY '$pw';
ALTER USER 'tunnelgate'@'127.0.0.1' IDENTIFIED BY '$pw';
GRANT ALL PRIVILEGES ON tunnelgate.* TO 'tunnelgate'@'127.0.0.1';
EOF
}

db_stop() {
    [[ -f "$DB_DIR/my.cnf" ]] || return 0
    local pid
    pid="$(db_pid)"
    if ! db_running; then info "embedded MariaDB is not running"; return 0; fi
    step "stopping the embedded MariaDB (pid $pid)"
    kill -TERM "$pid"
    wait_for 60 bash -c "! kill -0 $pid 2>/dev/null" || die "MariaDB (pid $pid) did not stop within 60 s"
}

prepare_external_db() {
    if [[ -n "${TUNNELGATE_DB_PASSWORD:-}" ]]; then
        write_secret_file "$DB_PASSWORD_FILE" "$TUNNELGATE_DB_PASSWORD"
    elif [[ ! -s "$DB_PASSWORD_FILE" ]]; then
        die "TUNNELGATE_DB_URL is set but TUNNELGATE_DB_PASSWORD is not"
    fi
    info "using the external database $DB_URL as $DB_USER"
}

# shellcheck shell=bash
# The embedded MariaDB, or the coordinates of an external one.
# Sourced by ./tunnelgate; defines functions only.

# ---------------------------------------------------------------------------------------------
# embedded MariaDB (Debian's mariadb-server binaries on a private port and data directory)
#
# The server's files live in db/data, db/tmp and db/run, owned by the run user; db/ itself and
# db/my.cnf belong to the launcher's user, so the servers' user cannot change the configuration
# the launcher reads. The database belongs to the run user: its unix-socket account (made by
# mariadb-install-db) administers it, and the launcher's SQL runs as that user.

db_socket() {
    local s="$DB_DIR/run/mariadbd.sock"
    # unix socket paths are limited to 107 bytes
    if ((${#s} > 100)); then s="${TMPDIR:-/tmp}/tunnelgate-db-$(printf '%s' "$TG_HOME" | sha256sum | head -c 12).sock"; fi
    printf '%s' "$s"
}

# (db/mariadbd.pid: where launchers before the run user kept it)
db_pid() { cat "$DB_DIR/run/mariadbd.pid" 2>/dev/null || cat "$DB_DIR/mariadbd.pid" 2>/dev/null || true; }
db_running() { pid_is_ours "$(db_pid)" "$DB_DIR/my.cnf"; }
db_client() { as_run_user mariadb --defaults-file="$DB_DIR/my.cnf" -u "$RUN_USER" "$@"; }
db_ping() { as_run_user mariadb-admin --defaults-file="$DB_DIR/my.cnf" -u "$RUN_USER" --connect-timeout=2 ping >/dev/null 2>&1; }

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
    (umask 022 && cat >"$DB_DIR/my.cnf.partial" <<EOF
# Written by ./tunnelgate on every start; edit the launcher, not this file.
[mysqld]
datadir=$DB_DIR/data
tmpdir=$DB_DIR/tmp
socket=$(db_socket)
pid-file=$DB_DIR/run/mariadbd.pid
log-error=$DB_DIR/run/error.log
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
    )
    mv -f "$DB_DIR/my.cnf.partial" "$DB_DIR/my.cnf"
}

db_start() {
    require_mariadb_binaries
    mkdir -p "$DB_DIR"
    chmod 755 "$DB_DIR"
    local adopt=0
    # a database an older launcher ran as root is handed to the run user (see adopt_database)
    if [[ -d "$DB_DIR/data/mysql" && "$(stat -c %U "$DB_DIR/data")" != "$RUN_USER" ]]; then adopt=1; fi
    owned_by_servers "$DB_DIR/data"
    owned_by_servers "$DB_DIR/tmp"
    owned_by_servers "$DB_DIR/run"
    write_db_config
    db_running || check_ports_free "database=$DB_PORT"
    if [[ ! -d "$DB_DIR/data/mysql" ]]; then
        step "initialising the embedded MariaDB in $DB_DIR"
        as_run_user mariadb-install-db --defaults-file="$DB_DIR/my.cnf" \
            --auth-root-authentication-method=socket --auth-root-socket-user="$RUN_USER" \
            --skip-test-db >"$STATE_DIR/mariadb-install.log" 2>&1 \
            || { tail -20 "$STATE_DIR/mariadb-install.log" >&2; die "mariadb-install-db failed; see $STATE_DIR/mariadb-install.log"; }
    fi
    if db_running; then
        info "embedded MariaDB is running (pid $(db_pid), port $DB_PORT, user $(process_user "$(db_pid)"))"
    else
        step "starting the embedded MariaDB on 127.0.0.1:$DB_PORT (as user $RUN_USER)"
        run_user_prefix
        # own session and no inherited descriptors: it must outlive this script and any build tool
        setsid "${RUN_AS[@]}" mariadbd --defaults-file="$DB_DIR/my.cnf" </dev/null >>"$STATE_DIR/mariadbd.out" 2>&1 9>&- &
        wait_for 60 db_ping || { tail -20 "$DB_DIR/run/error.log" >&2; die "MariaDB did not come up within 60 s; see $DB_DIR/run/error.log"; }
    fi
    if ((adopt)); then adopt_database; fi
    if [[ ! -s "$DB_PASSWORD_FILE" ]]; then write_secret_file "$DB_PASSWORD_FILE" "$(new_secret 32)"; fi
    share_with_servers "$DB_PASSWORD_FILE"
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

# An older launcher made the database's socket account for root; the run user gets its own, once.
adopt_database() {
    info "handing the database over to user $RUN_USER"
    mariadb --defaults-file="$DB_DIR/my.cnf" -u root <<EOF || die "could not give user $RUN_USER the database's socket account"
CREATE USER IF NOT EXISTS '$RUN_USER'@'localhost' IDENTIFIED VIA unix_socket;
GRANT ALL PRIVILEGES ON *.* TO '$RUN_USER'@'localhost' WITH GRANT OPTION;
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
    share_with_servers "$DB_PASSWORD_FILE"
    info "using the external database $DB_URL as $DB_USER"
}

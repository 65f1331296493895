# shellcheck shell=bash
# Who runs the servers, and where their files are. Started as root, the launcher runs Payara and
# the embedded MariaDB as an unprivileged system user (TUNNELGATE_RUN_USER, default "tunnelgate",
# created when missing) and never runs their tools as root; started as anybody else, everything
# runs as that user.
# Sourced by ./tunnelgate; defines functions only.

is_root() { [[ "$(id -u)" == 0 ]]; }

# RUN_USER and RUN_GROUP; the user must exist (see ensure_run_user) for RUN_GROUP to be known.
run_user_names() {
    if is_root; then
        RUN_USER="${TUNNELGATE_RUN_USER:-tunnelgate}"
        [[ "$RUN_USER" =~ ^[a-z_][a-z0-9_-]{0,31}$ ]] || die "TUNNELGATE_RUN_USER=$RUN_USER is not a valid user name"
    else
        RUN_USER="$(id -un)"
        [[ -z "${TUNNELGATE_RUN_USER:-}" || "$TUNNELGATE_RUN_USER" == "$RUN_USER" ]] \
            || die "TUNNELGATE_RUN_USER=$TUNNELGATE_RUN_USER works only when ./tunnelgate runs as root (it runs as $RUN_USER)"
    fi
    RUN_GROUP="$(id -gn "$RUN_USER" 2>/dev/null || true)"
    # what the servers may read is shared with their group as root; as a normal user the group
    # can hold other people, so nothing is shared
    if is_root; then SHARED_DIR_MODE=710 SHARED_FILE_MODE=640; else SHARED_DIR_MODE=700 SHARED_FILE_MODE=600; fi
}

ensure_run_user() {
    is_root || return 0
    if ! id -u "$RUN_USER" >/dev/null 2>&1; then
        info "creating the system user $RUN_USER (it runs Payara and the embedded MariaDB)"
        useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
            --comment "Tunnelgate servers" "$RUN_USER" || die "could not create the system user $RUN_USER"
    fi
    [[ "$(id -u "$RUN_USER")" != 0 ]] || die "TUNNELGATE_RUN_USER=$RUN_USER is root; the servers must not run as root"
    RUN_GROUP="$(id -gn "$RUN_USER")"
}

# Runs "$@" as the run user with a clean environment: NAME=VALUE words first, then the command.
# Nothing of the launcher's environment gets through (TUNNELGATE_ADMIN_PASSWORD, TUNNELGATE_DB_PASSWORD):
# a server would keep it in /proc/<pid>/environ for as long as it runs.
as_run_user() {
    run_user_prefix
    "${RUN_AS[@]}" "$@"
}

# RUN_AS: the words that start a command as the run user (for setsid and the like).
run_user_prefix() {
    RUN_AS=()
    is_root && RUN_AS=(setpriv --reuid="$RUN_USER" --regid="$RUN_GROUP" --init-groups --)
    RUN_AS+=(env -i PATH="$PATH" HOME="$DOMAIN_DIR" LANG="${LANG:-C.UTF-8}")
    if [[ -n "${JAVA_HOME:-}" ]]; then RUN_AS+=(JAVA_HOME="$JAVA_HOME"); fi
}

run_user_can_enter() {
    setpriv --reuid="$RUN_USER" --regid="$RUN_GROUP" --init-groups -- test -x "$1" 2>/dev/null
}

# The first directory on the way to $1 that the run user cannot enter.
closed_ancestor() {
    local path="" part
    local -a parts
    IFS=/ read -ra parts <<<"${1#/}"
    for part in "${parts[@]}"; do
        path="$path/$part"
        [[ -d "$path" ]] || break
        run_user_can_enter "$path" || { printf '%s' "$path"; return 0; }
    done
}

RELOCATED_HOMES=/var/lib/tunnelgate/homes

# Sets TG_HOME to the real (symlink-free) path of TUNNELGATE_HOME: every path handed to a server
# must be one it can walk. With "create" (start), makes the home, and as root makes sure the run
# user can reach it: a home below a directory closed to that user (a clone in /root, mode 0700)
# is made in /var/lib/tunnelgate/homes instead, and the requested path becomes a link to it.
locate_home() {
    local requested="${TUNNELGATE_HOME:-$REPO_DIR/.tunnelgate}" create="${1:-}"
    if [[ ! -e "$requested" && ! -L "$requested" ]]; then
        if [[ "$create" != create ]]; then
            TG_HOME="$requested" # nothing was ever started here
            return 0
        fi
        mkdir -p "$(dirname "$requested")"
        local parent
        parent="$(cd "$(dirname "$requested")" && pwd -P)"
        if is_root && [[ -n "$(closed_ancestor "$parent")" ]]; then
            local real
            real="$RELOCATED_HOMES/$(basename "$requested")-$(printf '%s' "$parent/$(basename "$requested")" | sha256sum | head -c 12)"
            mkdir -p "$real"
            chmod 755 /var/lib/tunnelgate "$RELOCATED_HOMES"
            ln -s "$real" "$requested"
            info "user $RUN_USER cannot enter $(closed_ancestor "$parent"), so this home lives in $real ($requested links to it)"
        else
            mkdir -p "$requested"
        fi
    fi
    if [[ -L "$requested" && ! -e "$requested" && "$create" == create ]]; then
        # the link outlived its home: start afresh where it points
        local target
        target="$(readlink "$requested")"
        [[ "$target" == /* ]] || target="$(dirname "$requested")/$target"
        mkdir -p "$target"
    fi
    [[ -d "$requested" ]] || die "TUNNELGATE_HOME=$requested is not a directory"
    TG_HOME="$(cd "$requested" && pwd -P)"
    if [[ "$create" == create ]] && is_root; then
        local closed
        closed="$(closed_ancestor "$(dirname "$TG_HOME")")"
        [[ -z "$closed" ]] || die "$TG_HOME lies below $closed, which user $RUN_USER (who runs Payara and MariaDB) cannot enter.
       Move this home once (nothing is lost), or set TUNNELGATE_HOME to a directory that user can reach:
         ./tunnelgate stop && mkdir -p $RELOCATED_HOMES && mv '$TG_HOME' $RELOCATED_HOMES/ && ln -s '$RELOCATED_HOMES/$(basename "$TG_HOME")' '$TG_HOME'"
    fi
}

# ---------------------------------------------------------------------------------------------
# ownership: root keeps what only the launcher needs (the CA key, state, the run properties);
# the run user owns what the servers write (domain, database files) and may read what they need.

# A file the servers read or a directory they walk through: the run user's group, mode
# SHARED_FILE_MODE / SHARED_DIR_MODE.
share_with_servers() {
    local path
    for path in "$@"; do
        chgrp "$RUN_GROUP" "$path"
        if [[ -d "$path" ]]; then chmod "$SHARED_DIR_MODE" "$path"; else chmod "$SHARED_FILE_MODE" "$path"; fi
    done
}

# A directory the servers write to. What an older launcher left owned by root (it ran the
# servers as root) is handed over; -h: a link inside is changed, never what it points to.
owned_by_servers() {
    local dir="$1"
    mkdir -p "$dir"
    if [[ -n "$(find "$dir" ! -user "$RUN_USER" -print -quit)" ]]; then
        chown -R -h "$RUN_USER:$RUN_GROUP" "$dir"
    fi
    chmod 700 "$dir"
}

secure_home() {
    mkdir -p "$SECRETS_DIR" "$TLS_DIR" "$STATE_DIR" "$STAGED_DIR" "$DB_DIR"
    share_with_servers "$TG_HOME" "$SECRETS_DIR" "$TLS_DIR"
    chmod 700 "$STATE_DIR"
    chmod 755 "$STAGED_DIR" "$DB_DIR"
    owned_by_servers "$DOMAIN_DIR"
}

# Copies a file where the servers can read it, when it changed: the repository and the Maven
# repository may be closed to the run user (a clone in /root).
stage() {
    local from="$1" to="$2" mode="${3:-644}"
    [[ -r "$from" ]] || die "cannot read $from"
    if ! cmp -s "$from" "$to"; then
        cp "$from" "$to.partial" && chmod "$mode" "$to.partial" && mv -f "$to.partial" "$to"
    fi
}

# The servers must be able to read a secret the operator keeps elsewhere (TUNNELGATE_MASTER_KEY_FILE).
require_readable_by_servers() {
    is_root || { [[ -r "$1" ]] || die "cannot read $1"; return 0; }
    setpriv --reuid="$RUN_USER" --regid="$RUN_GROUP" --init-groups -- test -r "$1" 2>/dev/null \
        || die "user $RUN_USER (who runs Payara) cannot read $1; for example: chgrp $RUN_GROUP '$1' && chmod 640 '$1' (and make its directories enterable)"
}

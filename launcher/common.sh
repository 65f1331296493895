# shellcheck shell=bash
# Output, waiting, ports, processes, secrets and Debian packages: what every part of the launcher uses.
# Sourced by ./tunnelgate; defines functions only.

# ---------------------------------------------------------------------------------------------
# output

if [[ -t 1 ]]; then BOLD=$'\e[1m'; RED=$'\e[31m'; YELLOW=$'\e[33m'; RESET=$'\e[0m'; else BOLD=; RED=; YELLOW=; RESET=; fi
step() { printf '%s==> %s%s  [%ss]\n' "$BOLD" "$*" "$RESET" "$SECONDS"; }
info() { printf '    %s\n' "$*"; }
warn() { printf '%swarning:%s %s\n' "$YELLOW" "$RESET" "$*" >&2; }
die() { printf '%serror:%s %s\n' "$RED" "$RESET" "$*" >&2; exit 1; }


# ---------------------------------------------------------------------------------------------
# helpers

# A listener on any address counts (Payara's HTTP listeners bind every interface).
port_in_use() {
    if command -v ss >/dev/null; then
        [[ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]]
    else
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
    fi
}

port_owner() {
    command -v ss >/dev/null || return 0
    ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'users:(("[^"]*",pid=[0-9]*' | head -1 \
        | sed -E 's/users:\(\("([^"]*)",pid=([0-9]*)/ (by \1, pid \2)/'
}

check_ports_free() {
    local busy=() p
    for p in "$@"; do
        if port_in_use "${p#*=}"; then busy+=("${p%%=*} port ${p#*=} is already in use$(port_owner "${p#*=}")"); fi
    done
    if ((${#busy[@]})); then
        for p in "${busy[@]}"; do printf '%serror:%s %s\n' "$RED" "$RESET" "$p" >&2; done
        die "choose other ports (TUNNELGATE_HTTP_PORT, TUNNELGATE_HTTPS_PORT, TUNNELGATE_ADMIN_PORT, TUNNELGATE_PORT_BASE, TUNNELGATE_DB_PORT) or stop what uses them"
    fi
}

# Waits until "$@" succeeds or the deadline (seconds) passes.
wait_for() {
    local seconds="$1" deadline
    shift
    deadline=$((SECONDS + seconds))
    until "$@"; do
        ((SECONDS < deadline)) || return 1
        sleep 1
    done
}

pid_alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }

# A pid file can outlive its process (a reboot, a kill -9); the pid then names a stranger.
# Only a live process whose command line mentions our own files counts as ours.
pid_is_ours() {
    local pid="${1:-}" needle="$2"
    pid_alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$needle"
}

process_user() { ps -o user= -p "$1" 2>/dev/null | tr -d ' '; }

validate_port() {
    local name="$1" value="$2" room="${3:-0}"
    [[ "$value" =~ ^[0-9]+$ ]] && ((value >= 1 && value + room <= 65535)) \
        || die "$name=$value is not a usable port number (1-$((65535 - room)))"
}

new_secret() { head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c "${1:-32}"; }

write_secret_file() {
    (umask 077 && mkdir -p "$(dirname "$1")" && printf '%s\n' "$2" >"$1")
    chmod 600 "$1"
}

# The package names in lists under config/packages/ (words; "#" starts a comment).
package_list() {
    local name
    for name in "$@"; do
        sed 's/#.*//' "$REPO_DIR/config/packages/$name.txt"
    done | tr -s ' \t' '\n' | sed '/^$/d' | sort -u
}

# Installs the Debian packages of the named lists that are missing, as root; otherwise says what
# to install. ensure_packages PURPOSE LIST...
ensure_packages() {
    local purpose="$1" missing=() p
    shift
    command -v dpkg-query >/dev/null || return 0 # not Debian: the messages of later steps name what is missing
    for p in $(package_list "$@"); do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    ((${#missing[@]})) || return 0
    if [[ "$(id -u)" != 0 ]]; then
        die "$purpose needs these packages: ${missing[*]}
       install them as root:  apt-get install --no-install-recommends ${missing[*]}
       (or run this command as root, which installs them)"
    fi
    step "installing what $purpose needs: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=900 update -qq
    apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends "${missing[@]}"
}

#!/usr/bin/env bash
# Provisions a Payara Server 6 domain for Tunnelgate: creates the domain, installs the HTTPS
# certificate, adds the MariaDB driver, defines the JDBC pool + resource and the system
# properties, and deploys the EAR. Every step is idempotent: running it twice changes nothing.
#
# The launcher (./tunnelgate) drives this script; operators can also call it on their own
# Payara installation. Usage:
#
#   provision.sh create-domain          # offline: domain with our ports + Hazelcast isolation
#   provision.sh install-certificate    # offline: import $TG_TLS_P12 as alias "tunnelgate"
#   provision.sh admin-password         # online: a domain made without a password gets $TG_ADMIN_PASSWORD_FILE's
#   provision.sh configure              # online: driver library, pool, resource, properties, TLS alias
#   provision.sh deploy EAR             # online: (re)deploys the EAR when it changed
#   provision.sh node-listener          # online: the node agents' listener (TG_NODE_PORT, TG_NODE_TRUST),
#                                       #   on the server or on every instance of TG_DEPLOY_TARGET
#   provision.sh cluster                # online: deployment group, its configuration and instances
#                                       #   (TG_DEPLOY_TARGET), not started; see docs/ha.md
#   provision.sh start-group            # online: starts the group's instances that are not running
#                                       #   (after deploy: they start with the application)
#
# Parameters come from the environment (the launcher sets them):
#   ASADMIN            path of bin/asadmin                       (required)
#   TG_DOMAIN_DIR      directory that holds the domain           (required)
#   TG_DOMAIN          domain name                               (default tunnelgate)
#   TG_ADMIN_PORT, TG_HTTP_PORT, TG_HTTPS_PORT, TG_PORT_BASE     (create-domain, configure)
#   TG_CLUSTER_NAME    Hazelcast cluster name, unique per domain (create-domain)
#   TG_HAZELCAST_MEMBERS  cluster: the data grid's members as host:port,… (DAS and instances), so
#                      they find each other without discovery (create-domain, before the first start)
#   TG_ADMIN_PASSWORD_FILE  asadmin password file (AS_ADMIN_PASSWORD=…) with the admin password a
#                      new domain gets (create-domain, admin-password); unset: no password (a DAS
#                      whose password is set later, as config/docker/payara/das.sh does).
#                      Online commands read the password as asadmin does: AS_ADMIN_PASSWORDFILE.
#   TG_LOCAL_ONLY      1 (default): admin, JMX, IIOP and the data grid on loopback only (one
#                      machine); 0: reachable from other hosts (a DAS with remote instances)
#   TG_DEPLOY_TARGET   where to deploy: server (default) or a deployment group
#   TG_INSTANCES       cluster: the group's local instances as NAME=FIRST_PORT words ("i1=23200 i2=23400");
#                      empty: only the configuration and the group (instances on other machines
#                      join with create-local-instance --config <group>-config, as config/docker does);
#                      an instance's ports are FIRST_PORT+0 … +11 (HTTP +0, HTTPS +1, admin +2,
#                      Hazelcast +3, JMX +4, IIOP +5..+7, JMS +8, debugger +9, OSGi shell +10,
#                      the node listener +11: NODE_LISTENER_PORT, see node-listener)
#   TG_INSTANCE_HEAP   cluster: -Xmx of each instance (default 512m)
#   TG_NODE_DIR        cluster: where the instances' files live (a directory the servers' user owns)
#   TG_TLS_P12         PKCS#12 with key + chain, password "changeit"  (install-certificate)
#   TG_DRIVER_JAR      MariaDB Connector/J jar                   (configure)
#   TG_DB_URL, TG_DB_USER, TG_DB_PASSWORD_FILE                   (configure)
#   TG_MASTER_KEY_FILE, TG_PROFILES_SEED, TG_TRUSTED_PROXIES     (configure)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TG_DOMAIN="${TG_DOMAIN:-tunnelgate}"
# The domain keystore's password is the domain master password; Payara's default is "changeit".
# The keystore only ever holds the listener certificate, whose key is also in $TUNNELGATE_HOME/tls.
KEYSTORE_PASSWORD="${TG_KEYSTORE_PASSWORD:-changeit}"

say() { printf '    %s\n' "$*"; }
die() { printf 'provision: %s\n' "$*" >&2; exit 1; }
need() { [[ -n "${!1:-}" ]] || die "$1 is not set"; }

domain_path() { printf '%s/%s' "$TG_DOMAIN_DIR" "$TG_DOMAIN"; }

asadmin_online() {
    "$ASADMIN" --interactive=false --host 127.0.0.1 --port "$TG_ADMIN_PORT" --user admin "$@"
}

# asadmin multimode reports success even when a command inside failed, so the output decides.
run_command_file() {
    local file="$1" out
    if ! out="$(asadmin_online multimode --file "$file" 2>&1)" || grep -q -E 'Command .* failed|remote failure' <<<"$out"; then
        grep -v -E 'password=|infocmp' <<<"$out" >&2 || true
        die "asadmin commands in $(basename "$file") failed (see above)"
    fi
}

# Fills @NAME@ placeholders of an asadmin command file from the given NAME=VALUE pairs.
render() {
    local template="$1" target="$2" text pair
    shift 2
    text="$(<"$template")"
    for pair in "$@"; do
        # the replacement quoted: bash 5.2 would otherwise treat its & and \ specially
        text="${text//"@${pair%%=*}@"/"${pair#*=}"}"
    done
    (umask 077 && printf '%s\n' "$text" >"$target")
}

# asadmin property syntax inside multimode: a colon in a value is written as \\:
escape_property() { local v="${1//\\/\\\\\\\\}"; printf '%s' "${v//:/\\\\:}"; }
# A quoted word for the multimode parser.
quote_word() { local v="${1//\\/\\\\}"; v="${v//\"/\\\"}"; printf '"%s"' "$v"; }

create_domain() {
    need ASADMIN; need TG_DOMAIN_DIR; need TG_ADMIN_PORT; need TG_HTTP_PORT; need TG_HTTPS_PORT
    need TG_PORT_BASE; need TG_CLUSTER_NAME
    local d xml
    d="$(domain_path)"
    xml="$d/config/domain.xml"
    if [[ ! -f "$xml" ]]; then
        local b="$TG_PORT_BASE"
        say "creating Payara domain '$TG_DOMAIN' in $TG_DOMAIN_DIR (takes ~15 s)"
        # (--passwordfile is an option of asadmin, --nopassword one of create-domain)
        local with_file=() without=(--nopassword)
        [[ -n "${TG_ADMIN_PASSWORD_FILE:-}" ]] && with_file=(--passwordfile "$TG_ADMIN_PASSWORD_FILE") without=()
        "$ASADMIN" --interactive=false --user admin "${with_file[@]}" create-domain "${without[@]}" \
            --domaindir "$TG_DOMAIN_DIR" \
            --adminport "$TG_ADMIN_PORT" --instanceport "$TG_HTTP_PORT" \
            --hazelcastdasport $((b + 10)) --hazelcaststartport $((b + 20)) --hazelcastautoincrement false \
            --domainproperties "http.ssl.port=$TG_HTTPS_PORT:jms.port=$b:orb.listener.port=$((b + 1)):orb.ssl.port=$((b + 2)):orb.mutualauth.port=$((b + 3)):domain.jmxPort=$((b + 4)):java.debugger.port=$((b + 5)):osgi.shell.telnet.port=$((b + 6))" \
            "$TG_DOMAIN" >"$TG_DOMAIN_DIR/create-domain.log" 2>&1 \
            || { cat "$TG_DOMAIN_DIR/create-domain.log" >&2; die "create-domain failed"; }
        # Only the HTTP(S) listeners face the network. The admin listener (no password, local
        # use), JMX (no authentication!), IIOP and the data grid listen on loopback only.
        # Done in domain.xml before the first start: these listeners cannot move while running.
        [[ "${TG_LOCAL_ONLY:-1}" == 1 ]] && sed -i -E \
            -e "s#(<network-listener )(port=\"$TG_ADMIN_PORT\" protocol=\"admin-listener\")#\1address=\"127.0.0.1\" \2#" \
            -e "s#(<iiop-listener [^>]*)address=\"0.0.0.0\"([^>]*port=\"($((b + 1))|$((b + 2))|$((b + 3)))\")#\1address=\"127.0.0.1\"\2#" \
            -e "s#(<jmx-connector [^>]*)address=\"0.0.0.0\"([^>]*port=\"$((b + 4))\")#\1address=\"127.0.0.1\"\2#" \
            "$xml"
        [[ -n "${TG_ADMIN_PASSWORD_FILE:-}" ]] && admin_password_sum >"$(admin_password_marker)"
        # Tunnelgate uses no JMS, and the embedded broker listens on every interface with the
        # users admin/admin and guest/guest. The template's only jms-service is default-config's;
        # server-config gets one at the first start, EMBEDDED, unless it already has one: so it
        # gets a disabled one now (configure.asadmin states it again for older domains).
        sed -i -E '0,/<jms-service [^>]*type="EMBEDDED"/{s/(<jms-service [^>]*)type="EMBEDDED"/\1type="DISABLED"/}' "$xml"
        sed -i -E '0,/<\/admin-service>/s||&\n            <jms-service type="DISABLED" default-jms-host="default_JMS_host"><jms-host name="default_JMS_host" host="localhost" port="${JMS_PROVIDER_PORT}" lazy-init="true"></jms-host></jms-service>|' "$xml"
        [[ "$(grep -c '<jms-service [^>]*type="DISABLED"' "$xml")" == 2 ]] || die "could not switch JMS off in $xml"
        if [[ "${TG_LOCAL_ONLY:-1}" == 1 ]]; then
            # Hazelcast binds every interface unless told not to, even with interface=127.0.0.1.
            sed -i -E '0,/<jvm-options>-Xmx[^<]*<\/jvm-options>/s||&\n        <jvm-options>-Dhazelcast.socket.bind.any=false</jvm-options>|' "$xml"
            grep -q 'hazelcast.socket.bind.any=false' "$xml" || die "could not restrict Hazelcast to loopback in $xml"
        fi
    fi
    # Hazelcast (the data grid behind clustered sessions and caches) must stay on loopback and in
    # a cluster of its own: two domains on one machine must never find and join each other. This
    # is set in domain.xml before the first start so the DAS never runs with the defaults.
    if ! grep -q "cluster-group-name=\"$TG_CLUSTER_NAME\"" "$xml"; then
        grep -q '<hazelcast-runtime-configuration ' "$xml" || die "no hazelcast-runtime-configuration in $xml"
        local grid="cluster-group-name=\"$TG_CLUSTER_NAME\""
        [[ "${TG_LOCAL_ONLY:-1}" == 1 ]] \
            && grid="$grid das-bind-address=\"127.0.0.1\" das-public-address=\"127.0.0.1\" interface=\"127.0.0.1\""
        sed -i -E \
            -e '/<hazelcast-runtime-configuration /s/ (cluster-group-name|das-bind-address|das-public-address|interface)="[^"]*"//g' \
            -e "s|<hazelcast-runtime-configuration |<hazelcast-runtime-configuration $grid |" \
            "$xml"
        grep -q "cluster-group-name=\"$TG_CLUSTER_NAME\"" "$xml" || die "could not set the Hazelcast cluster name in $xml"
    fi
    # A deployment group's members find each other at fixed addresses (TG_HAZELCAST_MEMBERS,
    # host:port of the DAS and of each instance): measured here, the default "domain" discovery
    # left each instance in a data grid of its own (no session replication), and changing the
    # mode on a running DAS failed to restart its data grid. So it is set before the first start.
    if [[ -n "${TG_HAZELCAST_MEMBERS:-}" ]] && ! grep -q "tcpip-members=\"$TG_HAZELCAST_MEMBERS\"" "$xml"; then
        sed -i -E \
            -e '/<hazelcast-runtime-configuration /s/ (discovery-mode|tcpip-members)="[^"]*"//g' \
            -e "s|<hazelcast-runtime-configuration |<hazelcast-runtime-configuration discovery-mode=\"tcpip\" tcpip-members=\"$TG_HAZELCAST_MEMBERS\" |" \
            "$xml"
        grep -q "tcpip-members=\"$TG_HAZELCAST_MEMBERS\"" "$xml" || die "could not set the Hazelcast members in $xml"
    fi
}

admin_password_marker() { printf '%s/config/tunnelgate-admin-password.sha256' "$(domain_path)"; }
admin_password_sum() { sha256sum "$TG_ADMIN_PASSWORD_FILE" | cut -d' ' -f1; }

# A domain made with TG_ADMIN_PASSWORD_FILE carries a marker with the file's checksum. A domain
# without the marker was made without a password (by an older launcher): it gets this one.
admin_password() {
    need ASADMIN; need TG_DOMAIN_DIR; need TG_ADMIN_PORT; need TG_ADMIN_PASSWORD_FILE
    local marker
    marker="$(admin_password_marker)"
    if [[ -f "$marker" ]]; then
        [[ "$(<"$marker")" == "$(admin_password_sum)" ]] && return 0
        die "$TG_ADMIN_PASSWORD_FILE is not the admin password this domain was made with. Put the old file back,
       or recreate the domain (the database and certificates are kept): ./tunnelgate stop && rm -rf '$TG_DOMAIN_DIR'"
    fi
    say "giving the Payara domain its admin password (it had none)"
    local change
    change="$(mktemp "$(domain_path)/config/.password-change.XXXXXX")"
    # shellcheck disable=SC2064
    trap "rm -f '$change'" RETURN
    printf 'AS_ADMIN_PASSWORD=\nAS_ADMIN_NEWPASSWORD=%s\n' "$(sed -n 's/^AS_ADMIN_PASSWORD=//p' "$TG_ADMIN_PASSWORD_FILE")" >"$change"
    "$ASADMIN" --interactive=false --host 127.0.0.1 --port "$TG_ADMIN_PORT" --user admin --passwordfile "$change" \
        change-admin-password >/dev/null 2>&1 || die "could not set the domain's admin password (asadmin change-admin-password)"
    admin_password_sum >"$marker"
}

install_certificate() {
    need TG_DOMAIN_DIR; need TG_TLS_P12
    local ks
    ks="$(domain_path)/config/keystore.p12"
    [[ -f "$ks" ]] || die "no keystore at $ks (create the domain first)"
    keytool -delete -alias tunnelgate -keystore "$ks" -storetype PKCS12 -storepass "$KEYSTORE_PASSWORD" >/dev/null 2>&1 || true
    keytool -importkeystore -noprompt \
        -srckeystore "$TG_TLS_P12" -srcstoretype PKCS12 -srcstorepass "$KEYSTORE_PASSWORD" -srcalias tunnelgate \
        -destkeystore "$ks" -deststoretype PKCS12 -deststorepass "$KEYSTORE_PASSWORD" -destalias tunnelgate \
        >/dev/null 2>&1 || die "could not import the certificate into $ks"
    say "HTTPS certificate installed in the domain keystore (alias tunnelgate)"
}

configure() {
    need ASADMIN; need TG_DOMAIN_DIR; need TG_ADMIN_PORT; need TG_HTTPS_PORT; need TG_DRIVER_JAR
    need TG_DB_URL; need TG_DB_USER; need TG_DB_PASSWORD_FILE; need TG_MASTER_KEY_FILE; need TG_PROFILES_SEED
    local d work fingerprint marker
    d="$(domain_path)"
    # Skipped when nothing changed since the last run against this domain: each asadmin call
    # costs seconds, and the domain keeps its configuration across restarts.
    marker="$d/config/tunnelgate-configured.sha256"
    fingerprint="$(cat "$HERE/jdbc-resources.asadmin" "$HERE/configure.asadmin" "$HERE/listeners.asadmin" "$TG_DB_PASSWORD_FILE" \
        <(printf '%s\n' "$(basename "$TG_DRIVER_JAR")" "$TG_DB_URL" "$TG_DB_USER" "$TG_MASTER_KEY_FILE" \
            "$TG_PROFILES_SEED" "${TG_TRUSTED_PROXIES:-}" "$TG_HTTPS_PORT") | sha256sum | cut -d' ' -f1)"
    if [[ "$(cat "$marker" 2>/dev/null)" == "$fingerprint" && -f "$d/lib/$(basename "$TG_DRIVER_JAR")" ]]; then
        say "domain configuration is unchanged"
        return 0
    fi
    rm -f "$marker"
    work="$(mktemp -d "${TMPDIR:-/tmp}/tunnelgate-asadmin.XXXXXX")"
    # shellcheck disable=SC2064
    trap "rm -rf '$work'" RETURN

    # The driver goes to the domain's common class path (a pool is a server resource, it cannot
    # see libraries inside the EAR).
    if [[ ! -f "$d/lib/$(basename "$TG_DRIVER_JAR")" ]]; then
        say "adding $(basename "$TG_DRIVER_JAR") to the domain's libraries"
        rm -f "$d"/lib/mariadb-java-client-*.jar
        asadmin_online add-library --type common "$TG_DRIVER_JAR" >/dev/null
    fi

    if ! asadmin_online list-jdbc-connection-pools 2>/dev/null | grep -qx 'tunnelgate-pool'; then
        say "creating JDBC pool tunnelgate-pool and resource jdbc/tunnelgate"
        run_command_file "$HERE/jdbc-resources.asadmin"
    fi

    local password proxies_cmd
    password="$(<"$TG_DB_PASSWORD_FILE")"
    if [[ -n "${TG_TRUSTED_PROXIES:-}" ]]; then
        proxies_cmd="create-system-properties tunnelgate.trusted-proxies=$(escape_property "$TG_TRUSTED_PROXIES")"
    else
        # MicroProfile Config treats an absent property like an empty one.
        proxies_cmd="delete-system-property tunnelgate.trusted-proxies"
        asadmin_online list-system-properties 2>/dev/null | grep -q '^tunnelgate.trusted-proxies=' || proxies_cmd=""
    fi
    render "$HERE/configure.asadmin" "$work/configure.asadmin" \
        "DB_URL=$(quote_word "$TG_DB_URL")" \
        "DB_USER=$(quote_word "$TG_DB_USER")" \
        "DB_PASSWORD=$(quote_word "$password")" \
        "MASTER_KEY_FILE=$(escape_property "$TG_MASTER_KEY_FILE")" \
        "PROFILES_SEED=$(escape_property "$TG_PROFILES_SEED")" \
        "HTTPS_PORT=$TG_HTTPS_PORT" \
        "TRUSTED_PROXIES_COMMAND=$proxies_cmd"
    render "$HERE/listeners.asadmin" "$work/listeners.asadmin" "CONFIG=server-config"
    cat "$work/listeners.asadmin" >>"$work/configure.asadmin"
    say "applying pool settings, system properties and listener settings"
    run_command_file "$work/configure.asadmin"
    # Listener and thread-pool settings changed on a running server do not always bring the HTTP
    # listeners back ("GrizzlyProxy is NULL" in server.log, nothing on the HTTP port). Restarting
    # once after a configuration change lets them take effect from a clean start. A DAS of a
    # deployment group serves no application on its listeners (the instances do, from their own
    # configuration), so it is spared the restart (~30-60 s; the driver library is usable at once).
    if [[ "${TG_DEPLOY_TARGET:-server}" == server ]]; then
        say "restarting Payara so the listener and thread-pool settings take effect"
        # (the local form with --domaindir: without it asadmin restarts the install's default domain1)
        "$ASADMIN" --interactive=false restart-domain --domaindir "$TG_DOMAIN_DIR" "$TG_DOMAIN" </dev/null >/dev/null 2>&1 9>&- \
            || die "Payara did not come back after the configuration change; see the domain's logs/server.log"
    fi
    asadmin_online ping-connection-pool tunnelgate-pool >/dev/null 2>&1 \
        || die "the pool cannot reach the database at $TG_DB_URL as $TG_DB_USER (asadmin ping-connection-pool tunnelgate-pool)"
    printf '%s\n' "$fingerprint" >"$marker"
}

deploy() {
    need ASADMIN; need TG_ADMIN_PORT; need TG_DOMAIN_DIR
    local ear="${1:?deploy needs the EAR path}" sum marker
    [[ -f "$ear" ]] || die "no EAR at $ear"
    sum="$(sha256sum "$ear" | cut -d' ' -f1)"
    marker="$(domain_path)/config/tunnelgate-deployed.sha256"
    # domain.xml lists what is deployed (asadmin list-applications would cost a JVM start, and
    # the admin API can be slow to answer while the server is still loading the application)
    if [[ "$(cat "$marker" 2>/dev/null)" == "$sum" ]] \
        && grep -q '<application [^>]*name="tunnelgate"' "$(domain_path)/config/domain.xml"; then
        say "tunnelgate.ear is deployed and unchanged"
        return 0
    fi
    say "deploying $(basename "$ear") (takes ~20-60 s)"
    rm -f "$marker"
    local out target="${TG_DEPLOY_TARGET:-server}" availability=()
    # On a deployment group the web sessions are replicated through Hazelcast (web.xml says
    # <distributable/>; availability switches the replication on), so a login survives the loss
    # of its instance. A single server has nobody to replicate to.
    [[ "$target" != server ]] && availability=(--availabilityenabled=true)
    if ! out="$(asadmin_online deploy --force=true --enabled=true "${availability[@]}" --target "$target" --name tunnelgate "$ear" 2>&1)"; then
        printf '%s\n' "$out" >&2
        die "deployment failed; the reason is in $(domain_path)/logs/server.log"
    fi
    printf '%s\n' "$sum" >"$marker"
}

# A deployment group "$TG_DEPLOY_TARGET" whose instances share one configuration
# ("$TG_DEPLOY_TARGET-config", settings as server-config's: listeners.asadmin), each instance on
# the local node with its own ports, the JDBC resource and the application's system properties.
# Sessions are replicated through Hazelcast among the group (web-container availability).
cluster() {
    need ASADMIN; need TG_DOMAIN_DIR; need TG_ADMIN_PORT; need TG_DEPLOY_TARGET
    need TG_MASTER_KEY_FILE; need TG_PROFILES_SEED
    [[ -z "${TG_INSTANCES:-}" ]] || need TG_NODE_DIR
    local group="$TG_DEPLOY_TARGET" config="$TG_DEPLOY_TARGET-config" node="$TG_DOMAIN-local"
    local work existing word name first heap="${TG_INSTANCE_HEAP:-512m}"
    work="$(mktemp -d "${TMPDIR:-/tmp}/tunnelgate-cluster.XXXXXX")"
    # shellcheck disable=SC2064
    trap "rm -rf '$work'" RETURN
    existing="$(asadmin_online list-configs 2>/dev/null)"
    if ! grep -qx "$config" <<<"$existing"; then
        say "creating configuration $config and deployment group $group"
        asadmin_online copy-config default-config "$config" >/dev/null
        {
            printf 'delete-jvm-options --target %s -Xmx512m\n' "$config"
            printf 'create-jvm-options --target %s -Xmx%s\n' "$config" "$heap"
            if [[ "${TG_LOCAL_ONLY:-1}" == 1 ]]; then
                printf 'create-jvm-options --target %s -Dhazelcast.socket.bind.any=false\n' "$config"
            fi
        } >"$work/config.asadmin"
        run_command_file "$work/config.asadmin"
    fi
    render "$HERE/listeners.asadmin" "$work/listeners.asadmin" "CONFIG=$config"
    {
        cat "$work/listeners.asadmin"
        # sessions of the group live in Hazelcast (the application is deployed with availability)
        printf 'set configs.config.%s.availability-service.web-container-availability.persistence-type=hazelcast\n' "$config"
        printf 'set configs.config.%s.availability-service.web-container-availability.availability-enabled=true\n' "$config"
        if [[ "${TG_LOCAL_ONLY:-1}" == 1 ]]; then
            # as for a single domain: only the HTTP(S) listeners face the network
            printf 'set configs.config.%s.network-config.network-listeners.network-listener.admin-listener.address=127.0.0.1\n' "$config"
            printf 'set configs.config.%s.iiop-service.iiop-listener.%s.address=127.0.0.1\n' "$config" orb-listener-1 "$config" SSL "$config" SSL_MUTUALAUTH
            printf 'set configs.config.%s.admin-service.jmx-connector.system.address=127.0.0.1\n' "$config"
        fi
    } >"$work/group-config.asadmin"
    run_command_file "$work/group-config.asadmin"

    # the instances' files live in TG_NODE_DIR, which the servers' user owns (the Payara install is read-only to it)
    [[ -z "${TG_INSTANCES:-}" ]] || asadmin_online list-nodes 2>/dev/null | grep -q "^$node\b" \
        || asadmin_online create-node-config --nodehost localhost --nodedir "$TG_NODE_DIR" \
            --installdir "$(cd "$(dirname "$ASADMIN")/.." && pwd)" "$node" >/dev/null
    # (listed with a leading tab)
    asadmin_online list-deployment-groups 2>/dev/null | grep -q "^[[:space:]]*$group\b" \
        || asadmin_online create-deployment-group "$group" >/dev/null
    existing="$(asadmin_online list-instances 2>/dev/null | awk '{print $1}')"
    local properties="tunnelgate.master-key-file=$(plain_property "$TG_MASTER_KEY_FILE"):tunnelgate.profiles-seed-file=$(plain_property "$TG_PROFILES_SEED")"
    [[ -n "${TG_TRUSTED_PROXIES:-}" ]] && properties+=":tunnelgate.trusted-proxies=$(plain_property "$TG_TRUSTED_PROXIES")"
    # on the group's configuration (instances on other machines, created there, get them too) …
    asadmin_online create-system-properties --target "$config" \
        "$properties:tunnelgate.https-port=${TG_PUBLIC_HTTPS_PORT:-443}" >/dev/null
    # … and on each local instance, with its own HTTPS port unless a public one is given
    for word in ${TG_INSTANCES:-}; do
        name="${word%%=*}" first="${word#*=}"
        if ! grep -qx "$name" <<<"$existing"; then
            say "creating instance $name (HTTP $first, HTTPS $((first + 1)))"
            asadmin_online create-instance --node "$node" --config "$config" --systemproperties \
                "HTTP_LISTENER_PORT=$first:HTTP_SSL_LISTENER_PORT=$((first + 1)):ASADMIN_LISTENER_PORT=$((first + 2)):HZ_LISTENER_PORT=$((first + 3)):JMX_SYSTEM_CONNECTOR_PORT=$((first + 4)):IIOP_LISTENER_PORT=$((first + 5)):IIOP_SSL_LISTENER_PORT=$((first + 6)):IIOP_SSL_MUTUALAUTH_PORT=$((first + 7)):JMS_PROVIDER_PORT=$((first + 8)):JAVA_DEBUGGER_PORT=$((first + 9)):OSGI_SHELL_TELNET_PORT=$((first + 10))" \
                "$name" >/dev/null
            asadmin_online add-instance-to-deployment-group --instance "$name" --deploymentgroup "$group" >/dev/null
            # measured: a resource of the domain reaches a group's instance only through a ref of its own
            asadmin_online create-resource-ref --target "$name" jdbc/tunnelgate >/dev/null
        fi
        # (where plain HTTP redirects to: this instance's own HTTPS port, or 443 behind the VIP; the
        # instance's own node listener port, see node-listener)
        asadmin_online create-system-properties --target "$name" \
            "$properties:tunnelgate.https-port=${TG_PUBLIC_HTTPS_PORT:-$((first + 1))}:NODE_LISTENER_PORT=$((first + 11))" >/dev/null
    done
    return 0
}

# Starts the deployment group's instances that are not running, all at once. Deploying to the
# group before this (deploy with TG_DEPLOY_TARGET) is what makes a first start fast: the stopped
# instances take the application with them as they start, instead of starting empty and then
# loading it in a second round.
start_group() {
    need ASADMIN; need TG_ADMIN_PORT; need TG_DEPLOY_TARGET
    local group="$TG_DEPLOY_TARGET"
    asadmin_online list-instances 2>/dev/null | grep -q 'not running' || { say "every instance of $group is running"; return 0; }
    say "starting deployment group $group (takes ~1-2 min)"
    asadmin_online start-deployment-group "$group" >/dev/null 2>&1 || true
    asadmin_online list-instances 2>/dev/null | grep -q 'not running' \
        && die "not every instance of $group started; see the instances' logs/server.log${TG_NODE_DIR:+ in $TG_NODE_DIR}"
    return 0
}

# The node listener (all interfaces): where the node agents call home. TLS with the listener
# certificate, and a client certificate from the node CA required (TG_NODE_TRUST: a JKS trust store
# holding only the node CA, password "changeit" — it holds nothing secret), so only enrolled nodes
# get past the handshake; the application then checks the certificate against the node's recorded
# one. The main HTTPS listener asks for no client certificate. Idempotent.
#   single server: on server-config, port TG_NODE_PORT.
#   deployment group (TG_DEPLOY_TARGET): on the group's configuration, so every instance has one;
#     its port is ${NODE_LISTENER_PORT}, each instance's own (cluster: its first port + 11, set
#     by provision.sh cluster; a container instance sets it when it joins; default TG_NODE_PORT).
#     TG_NODE_TRUST must be the same path on every instance's machine.
# The application learns from the system property tunnelgate.node-port which port the agents are
# told to call (TG_NODE_PORT: the port of the virtual IP / load balancer in a cluster).
node_listener() {
    need ASADMIN; need TG_ADMIN_PORT; need TG_NODE_PORT; need TG_NODE_TRUST
    local target="${TG_DEPLOY_TARGET:-server}" config port
    if [[ "$target" == server ]]; then
        config=server-config port="$TG_NODE_PORT"
    else
        config="$target-config" port='${NODE_LISTENER_PORT}'
        # the default of the instances' own port, and the port the agents call (the VIP's)
        asadmin_online create-system-properties --target "$config" \
            "NODE_LISTENER_PORT=$TG_NODE_PORT:tunnelgate.node-port=$TG_NODE_PORT" >/dev/null
    fi
    local p="configs.config.$config.network-config.protocols.protocol.node-listener"
    local l="configs.config.$config.network-config.network-listeners.network-listener.node-listener"
    if ! asadmin_online list-protocols "$config" 2>/dev/null | grep -qx 'node-listener'; then
        say "creating the node listener on $config, port $port (client certificates from the node CA required)"
        asadmin_online create-protocol --securityenabled=true --target "$config" node-listener >/dev/null
        asadmin_online create-http --default-virtual-server server --target "$config" node-listener >/dev/null
    fi
    if ! asadmin_online list-network-listeners "$config" 2>/dev/null | grep -qx 'node-listener'; then
        # (a group's listener is created with its per-instance port, so no two instances of one
        # machine ever try the same one)
        asadmin_online create-network-listener --listenerport "$port" --address 0.0.0.0 --protocol node-listener \
            --threadpool http-thread-pool --target "$config" node-listener >/dev/null
    fi
    # (the SSL element hangs off the listener's protocol, so it comes after the listener)
    if ! asadmin_online get "$p.ssl.cert-nickname" >/dev/null 2>&1; then
        asadmin_online create-ssl --type network-listener --certname tunnelgate --clientauthenabled=true \
            --target "$config" node-listener >/dev/null
    fi
    asadmin_online set "$p.ssl.cert-nickname=tunnelgate" "$p.ssl.trust-store=$TG_NODE_TRUST" "$p.ssl.trust-store-password=changeit" \
        "$p.ssl.trust-store-type=JKS" "$p.ssl.client-auth=need" "$p.ssl.client-auth-enabled=true" \
        "$p.ssl.tls13-enabled=true" "$p.http.xpowered-by=false" "$p.http.server-header=false" "$p.http.http2-enabled=false" \
        "$l.port=$port" >/dev/null
    [[ "$target" != server ]] || asadmin_online create-system-properties "tunnelgate.node-port=$TG_NODE_PORT" >/dev/null
    # Measured: a running listener keeps its old certificate and trust store after the settings
    # change (a new node CA, the listener certificate); switching it off and on again makes Grizzly
    # build it anew from them, in seconds, without restarting the server.
    asadmin_online set "$l.enabled=false" >/dev/null
    asadmin_online set "$l.enabled=true" >/dev/null
}

# a property value for a single asadmin command line (not multimode): a colon is written as \:
plain_property() { printf '%s' "${1//:/\\:}"; }

case "${1:-}" in
    create-domain) create_domain ;;
    install-certificate) install_certificate ;;
    admin-password) admin_password ;;
    configure) configure ;;
    deploy) shift; deploy "$@" ;;
    cluster) cluster ;;
    start-group) start_group ;;
    node-listener) node_listener ;;
    *) die "usage: provision.sh create-domain|install-certificate|admin-password|configure|deploy EAR|cluster|start-group|node-listener" ;;
esac

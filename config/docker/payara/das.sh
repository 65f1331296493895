#!/usr/bin/env bash
# The DAS: owns the domain, the deployment group "tunnelgate-dg", the JDBC pool and the
# deployment. The same config/payara/provision.sh as ./tunnelgate does the domain work.
set -euo pipefail
cd /opt/tunnelgate
export ASADMIN=/opt/tunnelgate/payara6/bin/asadmin
export TG_DOMAIN_DIR=/opt/tunnelgate/domains TG_DOMAIN=tunnelgate
export TG_ADMIN_PORT=4848 TG_HTTP_PORT=8080 TG_HTTPS_PORT=8181 TG_PORT_BASE=24900
export TG_CLUSTER_NAME="${TG_CLUSTER_NAME:-tunnelgate-production}"
export TG_LOCAL_ONLY=0                       # admin and data grid must be reachable by instances
export TG_DRIVER_JAR="$(ls /opt/tunnelgate/dist/mariadb-java-client-*.jar)"
export TG_DB_URL TG_DB_USER TG_DB_PASSWORD_FILE TG_MASTER_KEY_FILE TG_TRUSTED_PROXIES
export TG_PROFILES_SEED="${TG_PROFILES_SEED:-/opt/tunnelgate/config/profiles.example.json}"
export TG_DEPLOY_TARGET=tunnelgate-dg
# asadmin reads the admin password from here (AS_ADMIN_PASSWORD=... line)
export AS_ADMIN_PASSWORDFILE=/run/secrets/payara_admin

config/payara/provision.sh create-domain
if [[ -n "${TG_TLS_CERT:-}" ]]; then
    openssl pkcs12 -export -inkey "$TG_TLS_KEY" -in "$TG_TLS_CERT" -name tunnelgate \
        -out /tmp/listener.p12 -passout pass:changeit
    TG_TLS_P12=/tmp/listener.p12 config/payara/provision.sh install-certificate
fi

asadmin --interactive=false start-domain --domaindir "$TG_DOMAIN_DIR" "$TG_DOMAIN"
# remote administration (instances register themselves) needs a password and secure admin
if ! asadmin --interactive=false --port 4848 get secure-admin.enabled | grep -q '=true'; then
    admin_password="$(sed -n 's/^AS_ADMIN_PASSWORD=//p' "$AS_ADMIN_PASSWORDFILE")"
    printf 'AS_ADMIN_PASSWORD=\nAS_ADMIN_NEWPASSWORD=%s\n' "$admin_password" >/tmp/change-password
    AS_ADMIN_PASSWORDFILE=/tmp/change-password asadmin --interactive=false --port 4848 change-admin-password
    rm -f /tmp/change-password
    asadmin --interactive=false --port 4848 enable-secure-admin
    asadmin --interactive=false restart-domain --domaindir "$TG_DOMAIN_DIR" "$TG_DOMAIN"
fi
config/payara/provision.sh configure
# the group tunnelgate-dg and its configuration tunnelgate-dg-config (listener settings, session
# replication, the application's system properties); the instances join from their containers
# (instance.sh), so TG_INSTANCES stays empty here — ./tunnelgate cluster start runs the same step
TG_INSTANCES="" TG_PUBLIC_HTTPS_PORT=443 config/payara/provision.sh cluster
config/payara/provision.sh deploy /opt/tunnelgate/dist/tunnelgate.ear

# The node agents' listener on every instance (port 8443, the load balancers' :8443), once the
# application has made its tables (the first instance to load it migrates the schema): the node CA
# from the database (the same NodeTool as ./tunnelgate node ca) into the trust store on the volume
# the instances share with the DAS, then provision.sh node-listener on the group. In the background:
# the instances start only after this script hands over to the DAS below.
node_listener_when_ready() {
    local cli=/tmp/tunnelgate-cli trust=/opt/tunnelgate/node-trust/node-trust.jks pem
    mkdir -p "$cli"
    unzip -q -o /opt/tunnelgate/dist/tunnelgate.ear ejb-core.jar 'lib/*' -d "$cli"
    until pem="$(TUNNELGATE_JDBC_URL="$TG_DB_URL" TUNNELGATE_JDBC_USER="$TG_DB_USER" \
            TUNNELGATE_JDBC_PASSWORD="$(<"$TG_DB_PASSWORD_FILE")" TUNNELGATE_MASTER_KEY_FILE="$TG_MASTER_KEY_FILE" \
            java -cp "$cli/ejb-core.jar:$cli/lib/*:$TG_DRIVER_JAR" org.tunnelgate.node.cli.NodeTool ca 2>/dev/null)"; do
        sleep 10
    done
    printf '%s\n' "$pem" >/tmp/node-ca.pem
    rm -f "$trust.new"
    keytool -importcert -noprompt -alias node-ca -file /tmp/node-ca.pem -keystore "$trust.new" -storetype JKS \
        -storepass changeit >/dev/null
    mv -f "$trust.new" "$trust"
    until TG_NODE_PORT=8443 TG_NODE_TRUST="$trust" config/payara/provision.sh node-listener; do
        sleep 10
    done
    echo "node listener open on every instance of tunnelgate-dg (port 8443)"
}
node_listener_when_ready >>/opt/tunnelgate/domains/node-listener.log 2>&1 &

# hand over to the DAS in the foreground, so the container lives as long as the server
asadmin --interactive=false stop-domain --domaindir "$TG_DOMAIN_DIR" "$TG_DOMAIN"
exec asadmin --interactive=false start-domain --verbose --domaindir "$TG_DOMAIN_DIR" "$TG_DOMAIN"

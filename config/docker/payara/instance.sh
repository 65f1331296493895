#!/usr/bin/env bash
# A Payara instance of the deployment group: registers itself with the DAS once (a local
# instance on a CONFIG node named after the container), gets the JDBC resource and the
# application, then runs in the foreground. Environment: DAS_HOST, INSTANCE_NAME.
set -euo pipefail
: "${DAS_HOST:?}" "${INSTANCE_NAME:?}"
export AS_ADMIN_PASSWORDFILE=/run/secrets/payara_admin
das=(asadmin --interactive=false --host "$DAS_HOST" --port 4848 --secure)

until "${das[@]}" list-deployment-groups 2>/dev/null | grep -q '^tunnelgate-dg'; do
    echo "waiting for the DAS at $DAS_HOST:4848"; sleep 5
done
if [[ ! -d "/opt/tunnelgate/payara6/glassfish/nodes/$INSTANCE_NAME-node/$INSTANCE_NAME" ]]; then
    # the group's configuration (made by provision.sh cluster on the DAS); the portal on 8080/8181,
    # the node agents' listener on 8443 (made by the DAS once the node CA exists), the data grid on
    # 24920 (haproxy.cfg and docker-compose.yml name these ports)
    "${das[@]}" create-local-instance --node "$INSTANCE_NAME-node" --nodedir /opt/tunnelgate/payara6/glassfish/nodes \
        --config tunnelgate-dg-config \
        --systemproperties "HTTP_LISTENER_PORT=8080:HTTP_SSL_LISTENER_PORT=8181:NODE_LISTENER_PORT=8443:ASADMIN_LISTENER_PORT=24848:HZ_LISTENER_PORT=24920" \
        "$INSTANCE_NAME"
    "${das[@]}" add-instance-to-deployment-group --instance "$INSTANCE_NAME" --deploymentgroup tunnelgate-dg
    # measured: a resource targeted at the group does not reach its instances without a ref each
    "${das[@]}" create-resource-ref --target "$INSTANCE_NAME" jdbc/tunnelgate
    "${das[@]}" create-application-ref --target "$INSTANCE_NAME" tunnelgate || true
fi
exec asadmin --interactive=false start-local-instance --verbose --sync full \
    --nodedir /opt/tunnelgate/payara6/glassfish/nodes --node "$INSTANCE_NAME-node" "$INSTANCE_NAME"

#!/usr/bin/env bash
# Starts one Galera node. Environment:
#   GALERA_CLUSTER_NAME, GALERA_NODES (comma list of host names), GALERA_NODE_NAME,
#   GALERA_BOOTSTRAP=1 on exactly one node for the very first start of the cluster,
#   MARIADB_DATABASE, MARIADB_USER, MARIADB_PASSWORD_FILE (created on the bootstrap node).
set -euo pipefail
: "${GALERA_CLUSTER_NAME:?}" "${GALERA_NODES:?}" "${GALERA_NODE_NAME:?}"
address="$(hostname -i | awk '{print $1}')"
cat >/etc/mysql/mariadb.conf.d/61-node.cnf <<CNF
[mariadbd]
wsrep_cluster_name=$GALERA_CLUSTER_NAME
wsrep_cluster_address=gcomm://$GALERA_NODES
wsrep_node_name=$GALERA_NODE_NAME
wsrep_node_address=$address
CNF

first_start=0
if [[ ! -d /var/lib/mysql/mysql ]]; then
    first_start=1
    mariadb-install-db --user=mysql --datadir=/var/lib/mysql --skip-test-db >/dev/null
fi
chown -R mysql:mysql /var/lib/mysql

args=(--user=mysql)
# Bootstrap only a brand-new cluster, or when this node was the last one to stop
# (safe_to_bootstrap: 1); any other node joins and gets IST/SST from a donor.
if [[ "${GALERA_BOOTSTRAP:-0}" == 1 ]] && { ((first_start)) || grep -q 'safe_to_bootstrap: 1' /var/lib/mysql/grastate.dat 2>/dev/null; }; then
    args+=(--wsrep-new-cluster)
else
    # recover the last committed position so a restarted node gets IST instead of a full SST
    if [[ -f /var/lib/mysql/grastate.dat ]]; then
        mariadbd --user=mysql --wsrep-recover --log-error=/tmp/recover.log || true
        position="$(grep -o 'Recovered position: .*' /tmp/recover.log | tail -1 | awk '{print $3}')"
        [[ -n "$position" ]] && args+=("--wsrep_start_position=$position")
    fi
fi

if [[ "${GALERA_BOOTSTRAP:-0}" == 1 ]] && ((first_start)); then
    mariadbd "${args[@]}" &
    pid=$!
    until mariadb-admin ping >/dev/null 2>&1; do sleep 1; done
    password="$(<"${MARIADB_PASSWORD_FILE:?}")"
    mariadb <<SQL
CREATE DATABASE IF NOT EXISTS \`${MARIADB_DATABASE:-tunnelgate}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '${MARIADB_USER:-tunnelgate}'@'%' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON \`${MARIADB_DATABASE:-tunnelgate}\`.* TO '${MARIADB_USER:-tunnelgate}'@'%';
SQL
    wait "$pid"
else
    exec mariadbd "${args[@]}"
fi

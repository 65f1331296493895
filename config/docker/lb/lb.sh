#!/usr/bin/env bash
# Starts HAProxy, then keepalived in the foreground. Environment: VIP (address/prefix),
# LB_STATE (MASTER|BACKUP), LB_PRIORITY, VRRP_PASSWORD_FILE, LB_INTERFACE (default eth0).
set -euo pipefail
: "${VIP:?}" "${LB_STATE:?}" "${LB_PRIORITY:?}"
password="$(head -c 8 "${VRRP_PASSWORD_FILE:-/run/secrets/vrrp_password}")"
sed -e "s|@STATE@|$LB_STATE|" -e "s|@PRIORITY@|$LB_PRIORITY|" -e "s|@VIP@|$VIP|" \
    -e "s|@INTERFACE@|${LB_INTERFACE:-eth0}|" -e "s|@VRRP_PASSWORD@|$password|" \
    /etc/keepalived/keepalived.conf.template >/etc/keepalived/keepalived.conf
haproxy -f /etc/haproxy/haproxy.cfg -D
exec keepalived --dont-fork --log-console --vrrp

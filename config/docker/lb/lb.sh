#!/usr/bin/env bash
# Starts HAProxy, then keepalived in the foreground. Environment: VIP (address/prefix),
# LB_ADDRESS (this container's address), LB_PEER (the other load balancer's), LB_PRIORITY,
# LB_INTERFACE (default eth0). keepalived's configuration is config/keepalived/keepalived.conf.template,
# as for ./tunnelgate cluster start; its check asks /health/ready through HAProxy, so the address
# stays where HAProxy runs and reaches a ready instance.
set -euo pipefail
: "${VIP:?}" "${LB_ADDRESS:?}" "${LB_PEER:?}" "${LB_PRIORITY:?}"
interface="${LB_INTERFACE:-eth0}"
text="$(</etc/keepalived/keepalived.conf.template)"
declare -A values=(
    [ROUTER_ID]="$(hostname)" [SCRIPT_USER]=keepalived_script
    [CHECK_SCRIPT]=/usr/local/lib/tunnelgate/check-ready.sh [CHECK_URL]=http://127.0.0.1:80/health/ready
    [CHECK_DRAIN]="" [CHECK_CA]="" [CHECK_RESOLVE]="" [INTERFACE]="$interface" [ROUTER_NUMBER]=51 [PRIORITY]="$LB_PRIORITY"
    [ADVERT_INT]=1 [OWN_ADDRESS]="$LB_ADDRESS" [PEERS]="        $LB_PEER" [VIP]="$VIP"
    [NOTIFY]="/usr/local/lib/tunnelgate/notify.sh /tmp/vrrp-events.log $(hostname)"
)
for key in "${!values[@]}"; do text="${text//"@$key@"/"${values[$key]}"}"; done
printf '%s\n' "$text" >/etc/keepalived/keepalived.conf
haproxy -f /etc/haproxy/haproxy.cfg -D
exec keepalived --dont-fork --log-console -P

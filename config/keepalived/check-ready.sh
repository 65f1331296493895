#!/bin/sh
# keepalived's check: is the local Tunnelgate instance ready (/health/ready says UP)?
# Usage: check-ready.sh [--drain-file FILE] URL [CA-FILE [HOST:PORT:ADDRESS]]
#   e.g. check-ready.sh https://vpn.example.org/health/ready /etc/tunnelgate/ca.pem vpn.example.org:443:127.0.0.1
# (the third argument sends the request to the local instance under the certificate's name).
# While FILE exists the instance counts as not ready, whatever it answers: an operator drains it
# (touch FILE), waits until the virtual IP has moved, restarts or upgrades it, and removes FILE.
# Exit 0 = ready; at most two seconds (keepalived allows three: timeout in keepalived.conf).
if [ "$1" = --drain-file ]; then
    [ -e "$2" ] && exit 1
    shift 2
fi
url="$1"
set -- --max-time 2 -fsS -o /dev/null ${2:+--cacert "$2"} ${3:+--resolve "$3"}
exec curl "$@" "$url"

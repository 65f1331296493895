#!/bin/sh
# keepalived's check: is the local Tunnelgate instance ready (/health/ready says UP)?
# Usage: check-ready.sh URL [CA-FILE [HOST:PORT:ADDRESS]]
#   e.g. check-ready.sh https://vpn.example.org/health/ready /etc/tunnelgate/ca.pem vpn.example.org:443:127.0.0.1
# (the third argument sends the request to the local instance under the certificate's name).
# Exit 0 = ready; at most two seconds (keepalived allows three: timeout in keepalived.conf).
url="$1"
set -- --max-time 2 -fsS -o /dev/null ${2:+--cacert "$2"} ${3:+--resolve "$3"}
exec curl "$@" "$url"

#!/bin/sh
# keepalived's notify: notify.sh LOG NAME, keepalived appends TYPE INSTANCE STATE PRIORITY.
# One line per VRRP state change with a timestamp: when the virtual IP moved, and where to.
log="$1"
shift
printf '%s %s\n' "$(date +%s.%N)" "$*" >>"$log"

#!/usr/bin/env bash
# Node-agent benchmark (not a test): applies 10,000 WireGuard peers from empty, then 1 % churn,
# then a no-op, through the agent's API, and times raw `wg syncconf` on the same peer sets next to it.
# Needs root, wireguard-go, wireguard-tools, openssl, curl, a JDK 17. Everything lives in a network namespace
# and a temp dir with a per-run name and is removed at the end (also on failure).
#
#   bench/agent/run.sh            # builds the agent jar first when it is missing
#   PEERS=20000 bench/agent/run.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
jar="$repo/node-agent/target/tunnelgate-node-agent.jar"
[ "$(id -u)" = 0 ] || { echo "run as root (network namespaces, wireguard-go)" >&2; exit 1; }
if [ ! -f "$jar" ]; then
  (cd "$repo" && mvn -B -q -pl node-agent -am package -DskipTests)
fi

run="tgb$RANDOM"
work="$(mktemp -d "/tmp/$run-XXXX")"
cleanup() {
  for pid in $(ip netns pids "$run-node" 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
  [ -f "$work/agent.pid" ] && kill "$(cat "$work/agent.pid")" 2>/dev/null || true
  sleep 0.5
  for pid in $(ip netns pids "$run-node" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
  ip netns del "$run-node" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# a throwaway controller CA, the agent's certificate and the controller's client certificate
pki="$work/pki"; mkdir -p "$pki"; cd "$pki"
gen() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null; }
gen ca
openssl req -x509 -new -key ca.key -sha256 -days 1 -subj "/CN=Bench CA" -out ca.crt \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
for n in agent controller; do
  gen "$n"
  openssl req -new -key "$n.key" -subj "/CN=$n" -out "$n.csr" 2>/dev/null
  printf "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=IP:127.0.0.1\n" > "$n.ext"
  openssl x509 -req -in "$n.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -sha256 -days 1 -extfile "$n.ext" -out "$n.crt" 2>/dev/null
done
cd "$repo"

ip netns add "$run-node"
ip -n "$run-node" link set lo up

port=$((45900 + RANDOM % 90))
cat > "$work/agent.properties" <<CONF
listen = 127.0.0.1:$port
tls.certificate = $pki/agent.crt
tls.key = $pki/agent.key
tls.controller-ca = $pki/ca.crt
state.dir = $work/state
netns = $run-node
reconcile.interval-seconds = 60
CONF

# the same JVM options as config/agent/tunnelgate-node-agent.service
java ${AGENT_JAVA_OPTS:-} ${AGENT_JVM:--Xms16m -Xmx40m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=24m -XX:MaxMetaspaceSize=40m -Xss512k} \
  -jar "$jar" "$work/agent.properties" > "$work/agent.log" 2>&1 &
echo $! > "$work/agent.pid"

java "$here/Bench.java" "$run" "$work" "$port" "$(cat "$work/agent.pid")" "${PEERS:-10000}" || {
  echo "--- agent log"; tail -20 "$work/agent.log"; exit 1; }
if [ -n "${SHOW_AGENT_LOG:-}" ]; then cat "$work/agent.log"; fi

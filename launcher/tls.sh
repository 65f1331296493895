# shellcheck shell=bash
# Certificates of the HTTPS listener.
# Sourced by ./tunnelgate; defines functions only.

# ---------------------------------------------------------------------------------------------
# certificates: a local CA and a localhost certificate, unless the operator brings one

ensure_local_ca() {
    mkdir -p "$TLS_DIR"
    if [[ ! -s "$TLS_DIR/ca.key" || ! -s "$TLS_DIR/ca.pem" ]]; then
        info "creating a local certificate authority in $TLS_DIR"
        (umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$TLS_DIR/ca.key" 2>/dev/null)
        openssl req -x509 -new -key "$TLS_DIR/ca.key" -out "$TLS_DIR/ca.pem" -days 3650 \
            -subj "/O=Tunnelgate/CN=Tunnelgate local CA $(hostname -s 2>/dev/null || echo host) $(date -u +%Y%m%d%H%M%S)" \
            -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
            -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null || die "openssl could not create the CA"
        chmod 600 "$TLS_DIR/ca.key"
        chmod 644 "$TLS_DIR/ca.pem"
        rm -f "$TLS_DIR/server.pem"
    fi
    # a server certificate valid for 30 more days at least, issued by the current CA
    if [[ -s "$TLS_DIR/server.pem" ]] && openssl x509 -in "$TLS_DIR/server.pem" -noout -checkend 2592000 >/dev/null 2>&1 \
        && openssl verify -CAfile "$TLS_DIR/ca.pem" "$TLS_DIR/server.pem" >/dev/null 2>&1; then
        return 0
    fi
    info "issuing a server certificate for localhost, 127.0.0.1 and ::1"
    (umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$TLS_DIR/server.key" 2>/dev/null)
    local ext
    ext="$(mktemp)"
    printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature,keyEncipherment" \
        "extendedKeyUsage=serverAuth" "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" >"$ext"
    openssl req -new -key "$TLS_DIR/server.key" -subj "/CN=localhost" 2>/dev/null \
        | openssl x509 -req -CA "$TLS_DIR/ca.pem" -CAkey "$TLS_DIR/ca.key" -CAcreateserial -CAserial "$TLS_DIR/ca.srl" \
            -days 397 -extfile "$ext" -out "$TLS_DIR/server.pem" 2>/dev/null \
        || { rm -f "$ext"; die "openssl could not issue the server certificate"; }
    rm -f "$ext"
    cat "$TLS_DIR/server.pem" "$TLS_DIR/ca.pem" >"$TLS_DIR/server-chain.pem"
}

# Produces $TLS_DIR/listener.p12 (key + chain, alias tunnelgate); CERT_CHANGED=1 when the domain
# keystore does not hold it yet, CERT_SUM its fingerprint.
prepare_certificate() {
    local cert key
    if [[ -n "${TUNNELGATE_TLS_CERT:-}" || -n "${TUNNELGATE_TLS_KEY:-}" ]]; then
        cert="${TUNNELGATE_TLS_CERT:?TUNNELGATE_TLS_KEY is set, TUNNELGATE_TLS_CERT is not}"
        key="${TUNNELGATE_TLS_KEY:?TUNNELGATE_TLS_CERT is set, TUNNELGATE_TLS_KEY is not}"
        [[ -r "$cert" && -r "$key" ]] || die "cannot read $cert or $key"
        CA_FILE=""
    else
        ensure_local_ca
        cert="$TLS_DIR/server-chain.pem"
        key="$TLS_DIR/server.key"
        CA_FILE="$TLS_DIR/ca.pem"
    fi
    local sum
    sum="$(cat "$cert" "$key" | sha256sum | cut -d' ' -f1)"
    CERT_CHANGED=0
    if [[ "$(cat "$CERT_MARKER" 2>/dev/null)" != "$sum" || ! -s "$TLS_DIR/listener.p12" ]]; then
        (umask 077 && openssl pkcs12 -export -inkey "$key" -in "$cert" -name tunnelgate \
            -out "$TLS_DIR/listener.p12" -passout pass:changeit 2>/dev/null) \
            || die "openssl could not bundle $cert and $key (is the key the certificate's?)"
        CERT_CHANGED=1
    fi
    # the servers' user imports it into the domain keystore (which holds the key anyway)
    share_with_servers "$TLS_DIR/listener.p12"
    CERT_SUM="$sum"
}

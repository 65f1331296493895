package org.tunnelgate.peer.control;

import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

/**
 * A Curve25519 key pair generated on the server, for portal downloads by people without an app.
 * The private key is clamped the way {@code wg genkey} does it. It goes into the one configuration
 * shown to the person and is never stored or logged — {@link #toString()} leaves it out.
 */
public record WireGuardKeyPair(String privateKey, String publicKey) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public static WireGuardKeyPair generate() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        secret[0] &= (byte) 248;
        secret[31] &= 127;
        secret[31] |= 64;
        X25519PrivateKeyParameters key = new X25519PrivateKeyParameters(secret, 0);
        Base64.Encoder base64 = Base64.getEncoder();
        return new WireGuardKeyPair(base64.encodeToString(secret), base64.encodeToString(key.generatePublicKey().getEncoded()));
    }

    /** The public key belonging to a base64 private key (what {@code wg pubkey} prints). */
    public static String publicKeyOf(String privateKey) {
        byte[] secret = Base64.getDecoder().decode(privateKey);
        return Base64.getEncoder().encodeToString(new X25519PrivateKeyParameters(secret, 0).generatePublicKey().getEncoded());
    }

    @Override
    public String toString() {
        return "WireGuardKeyPair[publicKey=" + publicKey + "]";
    }
}

package org.tunnelgate.agent.wireguard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Base64;
import javax.crypto.KeyAgreement;
import org.tunnelgate.agent.system.SecretFile;

/**
 * WireGuard (Curve25519) keys with the JDK alone. The public key is X25519(private, 9), exactly
 * what {@code wg pubkey} computes.
 */
public final class Keys {

    private Keys() {}

    /** A fresh private key, clamped as WireGuard does, in base64. */
    public static String generatePrivate() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        k[0] &= (byte) 248;
        k[31] &= 127;
        k[31] |= 64;
        return Base64.getEncoder().encodeToString(k);
    }

    public static String publicKey(String privateKeyBase64) {
        try {
            var factory = KeyFactory.getInstance("XDH");
            var privateKey = factory.generatePrivate(
                    new XECPrivateKeySpec(NamedParameterSpec.X25519, Base64.getDecoder().decode(privateKeyBase64)));
            var basePoint = factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, BigInteger.valueOf(9)));
            var agreement = KeyAgreement.getInstance("XDH");
            agreement.init(privateKey);
            agreement.doPhase(basePoint, true);
            return Base64.getEncoder().encodeToString(agreement.generateSecret());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 is not available", e);
        }
    }

    /** The private key stored at {@code file}, created (mode 0600) on first use. */
    public static String privateKey(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                SecretFile.write(file, generatePrivate() + "\n");
            }
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the WireGuard key " + file, e);
        }
    }
}

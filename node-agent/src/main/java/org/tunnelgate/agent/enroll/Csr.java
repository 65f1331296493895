package org.tunnelgate.agent.enroll;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * The node's key pair and its PKCS#10 certification request (RFC 2986): an EC P-256 key made on
 * the node — the private key never leaves it — and a request signed with it (ECDSA with SHA-256),
 * so the controller's CA sees the node holds the key it certifies. The subject is only a hint:
 * the controller puts the node's registered name into the certificate.
 */
final class Csr {

    private static final String COMMON_NAME = "2.5.4.3";
    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";

    private Csr() {}

    static KeyPair newKeyPair() {
        try {
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is not available in this JDK", e);
        }
    }

    /** The DER of a request for {@code keys} with the subject {@code CN=commonName}. */
    static byte[] der(KeyPair keys, String commonName) {
        byte[] info = Der.sequence(
                Der.integer(BigInteger.ZERO), // version 1
                Der.sequence(Der.set(Der.sequence(Der.oid(COMMON_NAME), Der.utf8String(commonName)))),
                keys.getPublic().getEncoded(), // SubjectPublicKeyInfo, as X.509 encodes it
                Der.contextConstructed(0)); // no attributes
        try {
            var signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keys.getPrivate());
            signer.update(info);
            return Der.sequence(info, Der.sequence(Der.oid(ECDSA_WITH_SHA256)), Der.bitString(signer.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the certification request", e);
        }
    }

    static String pem(KeyPair keys, String commonName) {
        return pem("CERTIFICATE REQUEST", der(keys, commonName));
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}

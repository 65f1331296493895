package org.tunnelgate.pki.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The operator's master key, which encrypts secrets at rest in the shared database (the CA's
 * private key, tls-crypt keys): a database dump alone reveals none of them, and every controller
 * instance that has the key file can read them — nothing to copy between machines but that file.
 *
 * <p>The file's content is used as key material whatever its encoding (raw bytes, hex or base64
 * text; surrounding whitespace ignored) and must be at least 32 bytes. Each use derives its own
 * AES-256 key from it (HMAC-SHA256 of the purpose), so one ciphertext cannot be passed off as
 * another kind of secret. Ciphertexts are AES-GCM: {@code 0x01 ‖ 12-byte nonce ‖ ciphertext+tag},
 * with the purpose and the row's identity as associated data.
 */
public final class MasterKey {

    private static final byte FORMAT = 1;
    private static final int NONCE_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] material;

    private MasterKey(byte[] material) {
        this.material = material;
    }

    /** Reads the key file; IllegalStateException saying what is wrong when it is missing or too short. */
    public static MasterKey fromFile(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the master key file " + file + " (tunnelgate.master-key-file): " + e.getMessage(), e);
        }
        return fromBytes(content, file.toString());
    }

    public static MasterKey fromBytes(byte[] content, String source) {
        byte[] material = trim(content);
        if (material.length < 32) {
            throw new IllegalStateException("the master key " + source + " holds " + material.length
                    + " bytes; it needs at least 32 (e.g. `head -c 32 /dev/urandom | base64`)");
        }
        return new MasterKey(material);
    }

    public byte[] encrypt(String purpose, String context, byte[] plaintext) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, purpose, context, nonce);
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(FORMAT).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /** Decrypts; IllegalStateException if the data was not sealed with this key for this purpose and context. */
    public byte[] decrypt(String purpose, String context, byte[] sealed) {
        if (sealed.length < 1 + NONCE_BYTES + 16 || sealed[0] != FORMAT) {
            throw new IllegalStateException("not a sealed secret");
        }
        try {
            byte[] nonce = Arrays.copyOfRange(sealed, 1, 1 + NONCE_BYTES);
            return cipher(Cipher.DECRYPT_MODE, purpose, context, nonce).doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot decrypt " + purpose + ": wrong master key (tunnelgate.master-key-file differs between instances?)");
        }
    }

    private Cipher cipher(int mode, String purpose, String context, byte[] nonce) throws GeneralSecurityException {
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(material, "HmacSHA256"));
        byte[] key = hmac.doFinal(("tunnelgate/" + purpose).getBytes(StandardCharsets.UTF_8));
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        cipher.updateAAD((purpose + "\n" + context).getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static byte[] trim(byte[] content) {
        int from = 0;
        int to = content.length;
        while (from < to && Character.isWhitespace(content[from])) {
            from++;
        }
        while (to > from && Character.isWhitespace(content[to - 1])) {
            to--;
        }
        return Arrays.copyOfRange(content, from, to);
    }

    @Override
    public String toString() {
        return "MasterKey[hidden]";
    }
}

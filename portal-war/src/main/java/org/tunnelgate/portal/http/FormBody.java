package org.tunnelgate.portal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A strict reader for {@code application/x-www-form-urlencoded} bodies of the token endpoint and the
 * API: bounded size, valid UTF-8 and percent-encoding, and no parameter twice (RFC 6749 §3.2). We read
 * the body ourselves rather than through the container so that every one of these is a clear 4xx.
 */
public final class FormBody {

    public static final String FORM_TYPE = "application/x-www-form-urlencoded";
    public static final int MAX_BYTES = 16 * 1024;
    /**
     * An oversized body is still read (and dropped) up to this much, so that the client, which is
     * usually still sending, receives our 413 instead of a reset connection.
     */
    private static final long DRAIN_LIMIT = 4L * 1024 * 1024;

    /** Why a body was refused; {@code tooLarge} and {@code wrongType} get their own status codes. */
    public static final class Rejected extends Exception {
        public enum Reason { WRONG_TYPE, TOO_LARGE, MALFORMED }

        private final Reason reason;

        Rejected(Reason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    private FormBody() {}

    /** An absent content type is accepted for an empty body (e.g. {@code /disconnect} without parameters). */
    public static Map<String, String> read(String contentType, InputStream body) throws Rejected, IOException {
        byte[] bytes = readBounded(body);
        if (contentType == null || contentType.isBlank()) {
            if (bytes.length == 0) {
                return Map.of();
            }
            throw new Rejected(Rejected.Reason.WRONG_TYPE, "Content-Type must be " + FORM_TYPE);
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals(FORM_TYPE)) {
            throw new Rejected(Rejected.Reason.WRONG_TYPE, "Content-Type must be " + FORM_TYPE);
        }
        return parse(bytes);
    }

    static Map<String, String> parse(byte[] bytes) throws Rejected {
        Map<String, String> params = new LinkedHashMap<>();
        if (bytes.length == 0) {
            return params;
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        for (String pair : text.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (params.put(name, value) != null) {
                throw new Rejected(Rejected.Reason.MALFORMED, "parameter \"" + printable(name) + "\" given more than once");
            }
        }
        return params;
    }

    private static byte[] readBounded(InputStream in) throws Rejected, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int n;
        while ((n = in.read(buffer)) != -1) {
            if (out.size() + n > MAX_BYTES) {
                long drained = out.size() + n;
                while (drained < DRAIN_LIMIT && (n = in.read(buffer)) != -1) {
                    drained += n;
                }
                throw new Rejected(Rejected.Reason.TOO_LARGE, "request body larger than " + MAX_BYTES + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static String decode(String encoded) throws Rejected {
        ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                out.write(' ');
            } else if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    throw new Rejected(Rejected.Reason.MALFORMED, "malformed percent-encoding");
                }
                int hi = Character.digit(encoded.charAt(i + 1), 16);
                int lo = Character.digit(encoded.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new Rejected(Rejected.Reason.MALFORMED, "malformed percent-encoding");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new Rejected(Rejected.Reason.MALFORMED, "parameters must be UTF-8");
        }
    }

    /** For error messages: never echo control characters or unbounded input back. */
    static String printable(String s) {
        String cleaned = s.codePoints().filter(cp -> cp >= 0x20 && cp != 0x7f && cp != '"' && cp != '\\')
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return cleaned.length() > 40 ? cleaned.substring(0, 40) + "…" : cleaned;
    }
}

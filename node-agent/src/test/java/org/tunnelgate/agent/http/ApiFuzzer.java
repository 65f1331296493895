package org.tunnelgate.agent.http;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.tunnelgate.agent.json.Json;

/**
 * Makes bad requests for the agent API from valid seeds, reproducibly from a seed. Every mutation is
 * meant to make the request invalid (a type swapped, a value out of range, a required field gone,
 * an unknown or duplicate key, bytes that are not UTF-8 or not JSON, the wrong method, content type
 * or path), so what the agent applies comes only from the valid requests the test sends itself.
 */
final class ApiFuzzer {

    record Call(String method, String path, String contentType, byte[] body, String what) {}

    static final List<String> PATHS = List.of("/v1/status", "/v1/metrics", "/v1/state", "/v1/wireguard/peers",
            "/v1/wireguard/peers/remove", "/v1/openvpn/clients", "/v1/openvpn/clients/disconnect");
    private static final List<String> METHODS = List.of("GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS");
    private static final Set<String> REQUIRED = Set.of("generation", "name", "listen_port", "public_key", "ca", "cert",
            "key", "tls_crypt", "proto", "port", "pool4", "listeners", "interface", "common_name");
    private static final List<Object> BAD_STRINGS = List.of("", "\u0000", "a\nb", "../../etc/passwd", " wg0", "\u00e9\u202e",
            "%s%n", "' OR 1=1 --", "-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----");
    private static final List<Object> BAD_NUMBERS = List.of(new BigDecimal("0"), new BigDecimal("-1"), new BigDecimal("1.5"),
            new BigDecimal("1e400"), new BigDecimal("99999999999999999999"),
            new BigDecimal("-9223372036854775809"));
    private static final byte[][] BAD_BYTES = {{0}, {1}, {0x1f}, {(byte) 0x80}, {(byte) 0xff}, {(byte) 0xc0, (byte) 0xaf},
            {(byte) 0xed, (byte) 0xa0, (byte) 0x80}};
    private static final List<String> BAD_ESCAPES = List.of("\\u0000", "\\ud800", "\\udc00", "\\u12", "\\x41", "\\");

    private final Random random;
    private final Map<String, String> seeds; // path -> a valid body for it (the test keeps the generation current)

    ApiFuzzer(long seed, Map<String, String> seeds) {
        this.random = new Random(seed);
        this.seeds = seeds;
    }

    Call next() {
        int kind = random.nextInt(100);
        if (kind < 8) return wrongMethod();
        if (kind < 14) return wrongContentType();
        if (kind < 20) return oddPathOrQuery();
        String path = pick(List.copyOf(seeds.keySet()));
        String method = path.equals("/v1/state") ? "PUT" : "POST";
        if (kind < 30) return new Call(method, path, "application/json", bytesMutation(seeds.get(path)), "bytes");
        if (kind < 36) return new Call(method, path, "application/json", oddDocument(), "odd document");
        Object tree = Json.parse(seeds.get(path));
        String what = treeMutation(tree);
        return new Call(method, path, "application/json", Json.write(tree).replace("\"\\u0001DUP\"", duplicateKey)
                .getBytes(StandardCharsets.UTF_8), what);
    }

    private String duplicateKey = "";

    private Call wrongMethod() {
        String path = pick(PATHS);
        var wrong = new ArrayList<>(METHODS);
        wrong.removeAll(switch (path) {
            case "/v1/state" -> List.of("PUT");
            case "/v1/wireguard/peers" -> List.of("GET", "POST");
            case "/v1/wireguard/peers/remove", "/v1/openvpn/clients/disconnect" -> List.of("POST");
            default -> List.of("GET");
        });
        String method = pick(wrong);
        String body = seeds.getOrDefault(path, "{}");
        return new Call(method, path, "application/json", body.getBytes(StandardCharsets.UTF_8), "method " + method);
    }

    private Call wrongContentType() {
        String path = pick(List.copyOf(seeds.keySet()));
        String type = pick(List.of("", "text/plain", "application/x-www-form-urlencoded", "application/jsonx",
                "multipart/form-data; boundary=x", "application/json-patch+json", "APPLICATION/XML"));
        return new Call(path.equals("/v1/state") ? "PUT" : "POST", path, type,
                seeds.get(path).getBytes(StandardCharsets.UTF_8), "content type " + type);
    }

    private Call oddPathOrQuery() {
        // (malformed percent escapes cannot be sent with java.net.http; AgentApiFuzzIT sends them raw)
        String path = pick(List.of("/v1/wireguard/peers?interface=" + "w".repeat(300),
                "/v1/wireguard/peers?interface=../../x", "/v1/wireguard/peers?&&=", "/v1/wireguard/peers?interface=%00",
                "/v1/status/../state", "/v1/state/x", "/v1", "/", "/v2/status", "/v1/status?x=%FF%FE", "/%2e%2e/v1/status",
                "/v1/metrics?format=json"));
        return new Call("GET", path, null, new byte[0], "path " + path);
    }

    private byte[] oddDocument() {
        return pick(List.of("", "null", "[]", "\"x\"", "1", "{}", "{\"generation\":}", "[".repeat(200), "{\"a\":" .repeat(40),
                "{\"generation\": 1e999999}", "\ufeff{}", "{\"generation\": 1} {}", " ".repeat(10_000)))
                .getBytes(StandardCharsets.UTF_8);
    }

    private byte[] bytesMutation(String seed) {
        byte[] bytes = seed.getBytes(StandardCharsets.UTF_8);
        int at = random.nextInt(bytes.length + 1);
        return switch (random.nextInt(3)) {
            case 0 -> java.util.Arrays.copyOf(bytes, Math.min(at, bytes.length - 1)); // truncated
            case 1 -> splice(bytes, at, BAD_BYTES[random.nextInt(BAD_BYTES.length)]);
            default -> {
                // an escape inserted inside a string value: invalid JSON, or a character no field accepts
                int quote = seed.indexOf("\":\"", random.nextInt(Math.max(1, seed.length() - 4)));
                int inside = quote < 0 ? at : quote + 3;
                yield splice(bytes, Math.min(inside, bytes.length), pick(BAD_ESCAPES).getBytes(StandardCharsets.US_ASCII));
            }
        };
    }

    /** Changes one randomly chosen place of the parsed document; returns what it did. */
    @SuppressWarnings("unchecked")
    private String treeMutation(Object tree) {
        var places = new ArrayList<Object[]>(); // {container, key or index}
        collect(tree, places);
        Object[] place = places.get(random.nextInt(places.size()));
        Object container = place[0];
        Object key = place[1];
        Object old = container instanceof Map<?, ?> m ? m.get(key) : ((List<Object>) container).get((Integer) key);
        int how = random.nextInt(5);
        if (how == 0 && container instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).put("unexpected_" + random.nextInt(100), "x");
            return "unknown field";
        }
        if (how == 1 && container instanceof Map<?, ?> map && REQUIRED.contains(key)) {
            map.remove(key);
            return "without " + key;
        }
        if (how == 2 && container instanceof Map<?, ?> map) {
            duplicateKey = "\"" + key + "\"";
            ((Map<String, Object>) map).put("\u0001DUP", old);
            return "duplicate " + key;
        }
        Object replacement = replacementFor(old);
        if (container instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).put((String) key, replacement);
        } else {
            ((List<Object>) container).set((Integer) key, replacement);
        }
        return key + " = " + shorten(Json.write(replacement));
    }

    private Object replacementFor(Object old) {
        if (old instanceof String) {
            return random.nextInt(4) == 0 ? "x".repeat(300 + random.nextInt(100_000)) : pick(BAD_STRINGS);
        }
        if (old instanceof BigDecimal) {
            return random.nextBoolean() ? pick(BAD_NUMBERS) : String.valueOf(old);
        }
        if (old instanceof Boolean) return "true";
        if (old instanceof List<?>) return random.nextBoolean() ? new LinkedHashMap<>() : "[]";
        if (old instanceof Map<?, ?>) return random.nextBoolean() ? List.of() : new BigDecimal("7");
        return new BigDecimal("1"); // was null
    }

    private static void collect(Object node, List<Object[]> places) {
        if (node instanceof Map<?, ?> map) {
            for (Object key : map.keySet()) {
                places.add(new Object[] {map, key});
                collect(map.get(key), places);
            }
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                places.add(new Object[] {list, i});
                collect(list.get(i), places);
            }
        }
    }

    private static byte[] splice(byte[] bytes, int at, byte[] insert) {
        byte[] out = new byte[bytes.length + insert.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(bytes, at, out, at + insert.length, bytes.length - at);
        return out;
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}

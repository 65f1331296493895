package org.tunnelgate.portal.rest;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.tunnelgate.portal.http.InvalidJson;

/**
 * Strict reading of the admin API's JSON documents (profiles, nodes, the seed file): one object of
 * at most 1 MiB, only the keys the document allows, every value of the type asked for. Each
 * refusal is an {@link InvalidJson} naming the key, which the API answers with 400.
 */
final class StrictJson {

    private static final int MAX_DOCUMENT_CHARS = 1 << 20;

    private StrictJson() {}

    static JsonObject parse(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidJson("expected a JSON object, got nothing");
        }
        if (json.length() > MAX_DOCUMENT_CHARS) {
            throw new InvalidJson("JSON document is larger than 1 MiB");
        }
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new InvalidJson("malformed JSON: " + e.getMessage());
        }
    }

    static void keys(JsonObject o, Set<String> allowed, String where) {
        for (String key : o.keySet()) {
            if (!allowed.contains(key)) {
                throw new InvalidJson(where + ": unknown key \"" + key + "\"");
            }
        }
    }

    static JsonObject object(JsonValue value, String what) {
        if (value instanceof JsonObject o) {
            return o;
        }
        throw new InvalidJson(what + " must be a JSON object");
    }

    static JsonArray array(JsonObject o, String key, String where) {
        JsonValue value = o.get(key);
        if (value == null) {
            return JsonValue.EMPTY_JSON_ARRAY;
        }
        if (value instanceof JsonArray a) {
            return a;
        }
        throw new InvalidJson(where + ": \"" + key + "\" must be a list");
    }

    static String string(JsonObject o, String key, boolean required) {
        JsonValue value = o.get(key);
        if (value == null || value == JsonValue.NULL) {
            if (required) {
                throw new InvalidJson("\"" + key + "\" is required");
            }
            return null;
        }
        if (value instanceof JsonString s) {
            return s.getString();
        }
        throw new InvalidJson("\"" + key + "\" must be a string");
    }

    static Integer integer(JsonObject o, String key) {
        JsonValue value = o.get(key);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (value instanceof JsonNumber n && n.isIntegral() && n.bigIntegerValue().bitLength() < 31) {
            return n.intValue();
        }
        throw new InvalidJson("\"" + key + "\" must be a whole number");
    }

    static boolean bool(JsonObject o, String key, boolean absent) {
        JsonValue value = o.get(key);
        if (value == null) {
            return absent;
        }
        if (value == JsonValue.FALSE) {
            return false;
        }
        if (value == JsonValue.TRUE) {
            return true;
        }
        throw new InvalidJson("\"" + key + "\" must be true or false");
    }

    static List<String> strings(JsonObject o, String key) {
        List<String> result = new ArrayList<>();
        for (JsonValue value : array(o, key, "\"" + key + "\"")) {
            if (!(value instanceof JsonString s)) {
                throw new InvalidJson("\"" + key + "\" must be a list of strings");
            }
            result.add(s.getString());
        }
        return result;
    }

    static List<Integer> integers(JsonObject o, String key) {
        List<Integer> result = new ArrayList<>();
        for (JsonValue value : array(o, key, "\"" + key + "\"")) {
            if (!(value instanceof JsonNumber n) || !n.isIntegral() || n.bigIntegerValue().bitLength() >= 31) {
                throw new InvalidJson("\"" + key + "\" must be a list of whole numbers");
            }
            result.add(n.intValue());
        }
        return result;
    }
}

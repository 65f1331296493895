package org.tunnelgate.agent.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The strict parser behind {@link Json#parse}: one JSON value into maps, lists, strings,
 * {@link BigDecimal}s, booleans and null. Duplicate keys, nesting deeper than 32 levels, numbers
 * longer than 40 characters, raw control characters and lone surrogates are refused.
 */
final class JsonParser {

    private static final int MAX_DEPTH = 32;

    private final String text;
    private int pos;

    JsonParser(String text) {
        this.text = text;
    }

    Object document() {
        skipWhitespace();
        Object value = value(0);
        skipWhitespace();
        if (pos != text.length()) {
            throw error("unexpected content after the JSON value");
        }
        return value;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nested too deeply");
        }
        if (pos >= text.length()) {
            throw error("unexpected end of input");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected character '" + c + "'");
            }
        };
    }

    private Map<String, Object> object(int depth) {
        pos++;
        var map = new LinkedHashMap<String, Object>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a string key");
            }
            String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            if (map.put(key, value(depth + 1)) != null) {
                throw error("duplicate key \"" + key + "\"");
            }
            skipWhitespace();
            char c = next();
            if (c == '}') return map;
            if (c != ',') throw error("expected ',' or '}'");
        }
    }

    private List<Object> array(int depth) {
        pos++;
        var list = new ArrayList<Object>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return list;
        }
        while (true) {
            skipWhitespace();
            list.add(value(depth + 1));
            skipWhitespace();
            char c = next();
            if (c == ']') return list;
            if (c != ',') throw error("expected ',' or ']'");
        }
    }

    private String string() {
        pos++;
        // most strings (keys, base64, addresses) have no escapes: take them as one substring
        for (int end = pos; end < text.length(); end++) {
            char c = text.charAt(end);
            if (c == '"') {
                String plain = text.substring(pos, end);
                pos = end + 1;
                return plain;
            }
            if (c == '\\' || c < 0x20) break;
        }
        var out = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') return out.toString();
            if (c < 0x20) throw error("control character in string");
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(unicodeEscape(out));
                default -> throw error("bad escape \\" + e);
            }
        }
    }

    /**
     * The character of a {@code \\uXXXX} escape (exactly four hex digits). A surrogate must come
     * as a high-low pair: a lone one is not text, and would turn into '?' when written as UTF-8.
     */
    private char unicodeEscape(StringBuilder out) {
        if (pos + 4 > text.length()) throw error("short \\u escape");
        int c = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(pos + i), 16);
            if (digit < 0) throw error("bad \\u escape");
            c = c * 16 + digit;
        }
        pos += 4;
        boolean pendingHigh = out.length() > 0 && Character.isHighSurrogate(out.charAt(out.length() - 1));
        if (Character.isLowSurrogate((char) c) != pendingHigh) {
            throw error("unpaired surrogate in \\u escape");
        }
        if (Character.isHighSurrogate((char) c) && !text.startsWith("\\u", pos)) {
            throw error("unpaired surrogate in \\u escape");
        }
        return (char) c;
    }

    private BigDecimal number() {
        int start = pos;
        while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        String literal = text.substring(start, pos);
        if (literal.length() > 40 || !literal.matches("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d{1,3})?")) {
            throw error("bad number " + (literal.length() > 40 ? literal.substring(0, 40) + "…" : literal));
        }
        return new BigDecimal(literal);
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected word");
        }
        pos += word.length();
        return value;
    }

    private void expect(char c) {
        if (next() != c) throw error("expected '" + c + "'");
    }

    private char peek() {
        if (pos >= text.length()) throw error("unexpected end of input");
        return text.charAt(pos);
    }

    private char next() {
        char c = peek();
        pos++;
        return c;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return;
            pos++;
        }
    }

    private InvalidInput error(String what) {
        return new InvalidInput("malformed JSON at offset " + pos + ": " + what);
    }
}


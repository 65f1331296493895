package org.tunnelgate.agent.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tunnelgate.agent.json.InvalidInput;

class JsonTest {

    @Test
    void parses_nested_objects_arrays_and_literals() {
        Object parsed = Json.parse(" {\"a\": [1, -2.5e3, true, false, null], \"b\": {\"c\": \"d\\n\\u00e9\"}} ");

        assertThat(parsed).isEqualTo(Map.of(
                "a", java.util.Arrays.asList(new BigDecimal("1"), new BigDecimal("-2.5e3"), true, false, null),
                "b", Map.of("c", "d\né")));
    }

    @Test
    void writes_what_it_parses() {
        String text = "{\"name\":\"wg0\",\"list\":[1,\"two\",null,true],\"quote\":\"a\\\"b\\\\c\\u0001\"}";

        assertThat(Json.write(Json.parse(text))).isEqualTo(text);
    }

    @Test
    void refuses_trailing_garbage_duplicate_keys_and_bad_numbers() {
        assertThatThrownBy(() -> Json.parse("{} x")).isInstanceOf(InvalidInput.class).hasMessageContaining("after");
        assertThatThrownBy(() -> Json.parse("{\"a\":1,\"a\":2}")).hasMessageContaining("duplicate key");
        assertThatThrownBy(() -> Json.parse("[01]")).hasMessageContaining("bad number");
        assertThatThrownBy(() -> Json.parse("[1,]")).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> Json.parse("\"open")).hasMessageContaining("end of input");
    }

    @Test
    void unicode_escapes_take_exactly_four_hex_digits_and_surrogates_only_in_pairs() {
        assertThat(Json.parse("\"\\ud83d\\ude00 \\u00e9\"")).isEqualTo("\ud83d\ude00 \u00e9");
        assertThatThrownBy(() -> Json.parse("\"\\u+123\"")).hasMessageContaining("bad \\u escape");
        assertThatThrownBy(() -> Json.parse("\"\\ud800\"")).hasMessageContaining("unpaired surrogate");
        assertThatThrownBy(() -> Json.parse("\"\\ude00\"")).hasMessageContaining("unpaired surrogate");
        assertThatThrownBy(() -> Json.parse("\"\\ud800\\u0041\"")).hasMessageContaining("unpaired surrogate");
    }

    @Test
    void refuses_raw_control_characters_in_strings_but_keeps_escaped_ones_for_the_validators() {
        assertThatThrownBy(() -> Json.parse("\"a\u0000b\"")).hasMessageContaining("control character");
        assertThat(Json.parse("\"a\\u0000b\"")).isEqualTo("a\u0000b");
    }

    @Test
    void refuses_nesting_deeper_than_32_levels() {
        assertThatThrownBy(() -> Json.parse("[".repeat(40) + "]".repeat(40)))
                .hasMessageContaining("nested too deeply");
        assertThat(Json.parse("[".repeat(20) + "]".repeat(20))).isInstanceOf(List.class);
    }
}

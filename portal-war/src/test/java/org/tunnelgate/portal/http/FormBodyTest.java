package org.tunnelgate.portal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormBodyTest {

    @Test
    void parametersAreDecoded() throws Exception {
        assertThat(read(FormBody.FORM_TYPE + "; charset=UTF-8", "profile_id=employees&public_key=ab%2Bc%3D&name=a+b%C3%A9"))
                .containsExactly(Map.entry("profile_id", "employees"), Map.entry("public_key", "ab+c="),
                        Map.entry("name", "a b\u00e9"));
    }

    @Test
    void anEmptyBodyWithoutContentTypeIsNoParameters() throws Exception {
        assertThat(read(null, "")).isEmpty();
    }

    @Test
    void anyOtherContentTypeIsRefused() {
        assertThatThrownBy(() -> read("application/json", "{\"profile_id\":\"x\"}"))
                .isInstanceOfSatisfying(FormBody.Rejected.class, e -> assertThat(e.reason()).isEqualTo(FormBody.Rejected.Reason.WRONG_TYPE));
        assertThatThrownBy(() -> read(null, "profile_id=x"))
                .isInstanceOfSatisfying(FormBody.Rejected.class, e -> assertThat(e.reason()).isEqualTo(FormBody.Rejected.Reason.WRONG_TYPE));
    }

    @Test
    void aHugeBodyIsRefusedWithoutReadingItAll() {
        assertThatThrownBy(() -> read(FormBody.FORM_TYPE, "profile_id=" + "x".repeat(FormBody.MAX_BYTES)))
                .isInstanceOfSatisfying(FormBody.Rejected.class, e -> assertThat(e.reason()).isEqualTo(FormBody.Rejected.Reason.TOO_LARGE));
    }

    @Test
    void aParameterGivenTwiceIsRefused() {
        assertThatThrownBy(() -> read(FormBody.FORM_TYPE, "profile_id=a&profile_id=b")).hasMessageContaining("profile_id");
    }

    @Test
    void brokenPercentEncodingOrInvalidUtf8IsRefused() {
        assertThatThrownBy(() -> read(FormBody.FORM_TYPE, "a=%zz")).isInstanceOf(FormBody.Rejected.class);
        assertThatThrownBy(() -> read(FormBody.FORM_TYPE, "a=%4")).isInstanceOf(FormBody.Rejected.class);
        assertThatThrownBy(() -> read(FormBody.FORM_TYPE, "a=%C3%28")).isInstanceOf(FormBody.Rejected.class);
    }

    private static Map<String, String> read(String type, String body) throws Exception {
        return FormBody.read(type, new ByteArrayInputStream(body.getBytes(StandardCharsets.ISO_8859_1)));
    }
}

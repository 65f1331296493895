package org.tunnelgate.portal.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tunnelgate.portal.http.Html;

class ErrorPageTest {

    @Test
    void messagesAreEscapedForHtml() {
        assertThat(Html.escape("<script>alert('x') & \"y\"</script>"))
                .isEqualTo("&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
    }

    @Test
    void messagesAreEscapedForJson() {
        assertThat(ErrorPage.json("say \"hi\"\\\n")).isEqualTo("say \\\"hi\\\"\\\\\\u000a");
    }
}

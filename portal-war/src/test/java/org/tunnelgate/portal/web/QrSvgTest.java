package org.tunnelgate.portal.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.nayuki.qrcodegen.QrCode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class QrSvgTest {

    static final String CONFIG = """
            [Interface]
            PrivateKey = yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=
            Address = 10.43.43.2/24, fd43::2/64
            DNS = 9.9.9.9, 2620:fe::fe

            [Peer]
            PublicKey = HDwz70RDHTYDhys46x02dVNMgP9zQFXOWmepIJs3M2A=
            AllowedIPs = 0.0.0.0/0, ::/0
            Endpoint = vpn.example.org:51820
            """;

    @Test
    void drawsExactlyTheDarkModulesOfTheQrCodeInsideAQuietZone() {
        QrCode qr = QrCode.encodeText(CONFIG, QrCode.Ecc.MEDIUM);
        String svg = QrSvg.of(CONFIG);

        int size = qr.size + 8;
        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").contains("viewBox=\"0 0 " + size + " " + size + "\"");
        Matcher squares = Pattern.compile("M(\\d+),(\\d+)h1v1h-1z").matcher(svg);
        int drawn = 0;
        while (squares.find()) {
            int x = Integer.parseInt(squares.group(1)) - 4;
            int y = Integer.parseInt(squares.group(2)) - 4;
            assertThat(qr.getModule(x, y)).as("module %d,%d", x, y).isTrue();
            drawn++;
        }
        int dark = 0;
        for (int y = 0; y < qr.size; y++) {
            for (int x = 0; x < qr.size; x++) {
                dark += qr.getModule(x, y) ? 1 : 0;
            }
        }
        assertThat(drawn).isEqualTo(dark);
    }

    @Test
    void containsNothingTheContentSecurityPolicyWouldBlockOrThatCouldInjectMarkup() {
        String svg = QrSvg.of("<script>alert(1)</script>\"'&");
        assertThat(svg).doesNotContain("<script", "style", "alert");
    }
}

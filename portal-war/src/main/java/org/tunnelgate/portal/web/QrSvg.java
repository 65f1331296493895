package org.tunnelgate.portal.web;

import io.nayuki.qrcodegen.QrCode;

/**
 * A QR code as a small SVG document: one path of unit squares, one per dark module, inside the
 * four-module quiet zone scanners need. Built here from the module matrix so the output is plain,
 * attribute-only SVG — no style element, no script — that the portal's content security policy
 * lets through when it is embedded in a page.
 */
public final class QrSvg {

    private static final int QUIET_ZONE = 4;

    private QrSvg() {}

    /** Error correction level M: survives a bit of glare on a laptop screen, still small for ~300 bytes. */
    public static String of(String text) {
        QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        int size = qr.size + 2 * QUIET_ZONE;
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < qr.size; y++) {
            for (int x = 0; x < qr.size; x++) {
                if (qr.getModule(x, y)) {
                    path.append('M').append(x + QUIET_ZONE).append(',').append(y + QUIET_ZONE).append("h1v1h-1z");
                }
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 " + size + " " + size
                + "\" width=\"" + size * 6 + "\" height=\"" + size * 6 + "\" shape-rendering=\"crispEdges\""
                + " role=\"img\" aria-label=\"QR code of the configuration\">"
                + "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>"
                + "<path d=\"" + path + "\" fill=\"#000000\"/></svg>";
    }
}

package org.tunnelgate.node.control;

/** How a failed call to an agent is described in the node's health reason, which admins read. */
final class FailureText {

    private FailureText() {}

    /** The root cause in words: what failed, and the cause's own message without Java class names. */
    static String of(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String what = root instanceof java.net.ConnectException ? "cannot connect"
                : root instanceof java.net.SocketTimeoutException || root instanceof java.net.http.HttpTimeoutException ? "timed out"
                : root instanceof java.net.UnknownHostException ? "unknown host"
                : root instanceof javax.net.ssl.SSLException ? "TLS failed" : "failed";
        String message = root.getMessage() == null ? "" : root.getMessage().replaceAll("[\\w.$]+(Exception|Error):? ?", "").strip();
        return message.isEmpty() ? what : what + " (" + abbreviate(message) + ")";
    }

    /** One line of at most 200 characters. */
    static String abbreviate(String text) {
        String line = text.replaceAll("\\p{Cntrl}+", " ").strip();
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}

package org.tunnelgate.node;

import org.tunnelgate.platform.BusinessException;

/**
 * A call home with a certificate that does not name an enrolled node: not from the node CA,
 * expired, replaced by a re-enrollment, or of a node that was removed. Nothing was written.
 */
public class NodeCertificateRefused extends BusinessException {

    public NodeCertificateRefused(String why) {
        super(Kind.FORBIDDEN, "the node certificate is not accepted: " + why);
    }
}

package org.tunnelgate.platform;

/** The client supports none of the protocols the profile offers (HTTP 406). */
public class NoCommonProtocol extends BusinessException {

    public NoCommonProtocol(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 406;
    }
}

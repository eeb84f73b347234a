package io.quarry.kernel.transport;

import java.security.cert.CertificateException;

/**
 * The node a dial means to reach, and what the handshake found when it was someone else, so the caller
 * gets the precise story rather than a generic handshake failure. A dial that names no node (an identifying
 * dial, trust on first use) accepts whichever node proves its key.
 */
final class DialExpectation {

    private final String nodeId;
    private final String hostPort;
    private volatile String mismatch;

    DialExpectation(String nodeId, String hostPort) {
        this.nodeId = nodeId;
        this.hostPort = hostPort;
    }

    /** A dial to {@code hostPort} that accepts any node with a valid identity binding. */
    static DialExpectation anyNode(String hostPort) {
        return new DialExpectation(null, hostPort);
    }

    void check(String actualNodeId) throws CertificateException {
        if (nodeId != null && !nodeId.equals(actualNodeId)) {
            mismatch = "expected node " + nodeId + " but the peer at " + hostPort + " is " + actualNodeId;
            throw new CertificateException(mismatch);
        }
    }

    /** The mismatch message, or null when the peer was the expected node (or was never checked). */
    String mismatch() {
        return mismatch;
    }
}

package io.quarry.randomx.cluster;

/**
 * A cluster message was refused: the sender is not a member (no or another cluster secret, not joined, dropped),
 * or it broke the protocol. The message says which; over the transport the caller receives it.
 */
public class ClusterException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ClusterException(String message) {
        super(message);
    }
}

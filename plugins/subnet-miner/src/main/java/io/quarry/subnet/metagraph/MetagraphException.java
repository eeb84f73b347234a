package io.quarry.subnet.metagraph;

/** A metagraph snapshot that cannot be used, with what is wrong. */
public class MetagraphException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MetagraphException(String message) {
        super(message);
    }
}

package io.quarry.storage.placement;

/** A cluster map on which the placement rules cannot be met; the message says which rule and why. */
public final class PlacementException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A refusal with an operator-facing reason. */
    public PlacementException(String message) {
        super(message);
    }
}

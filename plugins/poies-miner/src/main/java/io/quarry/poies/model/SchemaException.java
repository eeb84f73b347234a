package io.quarry.poies.model;

/**
 * Input that does not have the shape {@code docs/poies-canonical-header.md} gives it: a missing, unknown, mistyped or
 * out-of-range field, bad hex, or a document over its size limit. The message names the field path ({@code
 * params.thetaMicro: expected an integer, found a string}), so it can go back to the peer as is. Share admission
 * reports it as the rejection reason {@code schema}.
 */
public final class SchemaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A shape error described by {@code message}, which names the field. */
    public SchemaException(String message) {
        super(message);
    }

    /** A shape error found by a parser ({@code cause}), described by {@code message}. */
    public SchemaException(String message, Throwable cause) {
        super(message, cause);
    }
}

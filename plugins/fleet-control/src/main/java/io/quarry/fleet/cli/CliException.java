package io.quarry.fleet.cli;

/** A verb failed for a reason the operator can act on; printed without a stack trace. */
final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CliException(String message) {
        super(message);
    }
}

package io.quarry.randomx.daemon;

/**
 * monerod could not be reached, answered with a JSON-RPC error, or answered something unreadable. The message
 * says which, and what to check.
 */
public class DaemonRpcException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** {@link #code()} when the failure is not an error answer from monerod (network, HTTP, format). */
    public static final int NO_CODE = 0;

    private final int code;

    public DaemonRpcException(int code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public DaemonRpcException(int code, String message) {
        this(code, message, null);
    }

    /** monerod's JSON-RPC error code ({@code -7} "Block not accepted"), or {@link #NO_CODE}. */
    public int code() {
        return code;
    }
}

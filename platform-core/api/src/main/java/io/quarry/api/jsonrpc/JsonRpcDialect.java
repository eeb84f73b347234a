package io.quarry.api.jsonrpc;

/**
 * How messages are written (reading is always lenient, see the package description). The variants differ only
 * in the envelope; params and results are whatever the handler or caller gives.
 */
public enum JsonRpcDialect {

    /**
     * Strict JSON-RPC 2.0: {@code "jsonrpc":"2.0"} on every message; a response carries either
     * {@code result} or {@code error}; notifications have no id; errors are {@code {"code","message"}};
     * null params are left out.
     */
    JSON_RPC_2(true, false, false, false, false),

    /**
     * Monero Stratum as pools and XMRig write it: {@code "jsonrpc":"2.0"}, responses carry
     * {@code "error":null} beside the result, notifications ({@code job}) have no id, errors are objects.
     */
    MONERO_STRATUM(true, true, false, false, false),

    /**
     * Stratum v1 ({@code mining.subscribe}, {@code mining.notify}, ...): no {@code jsonrpc} member; responses
     * carry both {@code result} and {@code error} (one of them null); notifications carry {@code "id":null};
     * errors are arrays {@code [code, "message", null]}; null params are written as {@code []}.
     */
    STRATUM_V1(false, true, true, true, true);

    private final boolean versionMember;
    private final boolean resultAndError;
    private final boolean nullIdNotifications;
    private final boolean arrayErrors;
    private final boolean paramsAlways;

    JsonRpcDialect(boolean versionMember, boolean resultAndError, boolean nullIdNotifications,
                   boolean arrayErrors, boolean paramsAlways) {
        this.versionMember = versionMember;
        this.resultAndError = resultAndError;
        this.nullIdNotifications = nullIdNotifications;
        this.arrayErrors = arrayErrors;
        this.paramsAlways = paramsAlways;
    }

    /** Whether messages carry {@code "jsonrpc":"2.0"}. */
    public boolean versionMember() {
        return versionMember;
    }

    /** Whether a response always carries both {@code result} and {@code error}, the unused one null. */
    public boolean resultAndError() {
        return resultAndError;
    }

    /** Whether notifications carry {@code "id":null} rather than no id. */
    public boolean nullIdNotifications() {
        return nullIdNotifications;
    }

    /** Whether errors are written as {@code [code, message, data]} arrays rather than objects. */
    public boolean arrayErrors() {
        return arrayErrors;
    }

    /** Whether null params are written as {@code "params":[]} rather than left out. */
    public boolean paramsAlways() {
        return paramsAlways;
    }
}

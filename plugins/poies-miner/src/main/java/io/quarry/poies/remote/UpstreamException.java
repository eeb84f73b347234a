package io.quarry.poies.remote;

/**
 * The node a miner works for could not be asked: not reachable, no answer in time, an answer that is not
 * JSON-RPC, or refused at the HTTP level (a missing API token). Answers with a JSON-RPC error are not this: they
 * come back as {@link io.quarry.api.jsonrpc.JsonRpcException}s or share rejections. Retrying later may help.
 */
public final class UpstreamException extends Exception {

    private static final long serialVersionUID = 1L;

    public UpstreamException(String message) {
        super(message);
    }

    public UpstreamException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.quarry.kernel.jsonrpc;

import io.quarry.api.jsonrpc.JsonRpcError;
import io.quarry.api.jsonrpc.JsonRpcException;
import io.quarry.api.jsonrpc.JsonRpcHandler;
import io.quarry.api.jsonrpc.JsonRpcRequest;
import io.quarry.api.jsonrpc.JsonRpcSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one admitted request through a plugin's handler, the same way on every carrier: the answer in the
 * carrier's dialect, plugin failures contained (the peer gets -32603 with an error id, the log gets the stack
 * trace), and {@code quarry.jsonrpc.requests} counted before the answer goes out.
 */
final class RequestDispatch {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDispatch.class);

    private RequestDispatch() {
    }

    /**
     * Handles {@code request}; returns the answer to send, or null for a notification.
     *
     * @param server the server or route name, for logs
     */
    static byte[] handle(String server, JsonRpcHandler handler, JsonRpcSession session, JsonRpcRequest request,
                         JsonRpcCodec codec, JsonRpcMetrics metrics) {
        long start = System.nanoTime();
        if (request.isNotification()) {
            String outcome = Outcomes.NOTIFICATION;
            try {
                handler.onNotification(session, request);
            } catch (JsonRpcException e) {
                // A notification has no reply to carry the error; the peer's bad input is theirs, not our bug.
                outcome = Outcomes.ERROR;
                metrics.error("notification_rejected");
                LOG.debug("JSON-RPC server {}: notification {} of {} refused: {}", server, request.method(),
                        session, e.getMessage());
            } catch (Throwable t) {
                outcome = Outcomes.INTERNAL;
                metrics.error("handler_failure");
                LOG.error("JSON-RPC server {}: handler failed on notification {} of {}", server, request.method(),
                        session, t);
            }
            metrics.request(request.method(), outcome, start);
            return null;
        }
        byte[] answer;
        String outcome;
        try {
            answer = codec.result(request.id(), handler.onRequest(session, request));
            outcome = Outcomes.OK;
        } catch (JsonRpcException e) {
            answer = codec.error(request.id(), e.error());
            outcome = Outcomes.ofError(e.error());
        } catch (Throwable t) {
            // Includes results Jackson cannot write. The peer learns only that it failed; the id ties its report
            // to this log line.
            String errorId = ErrorIds.next();
            metrics.error("handler_failure");
            LOG.error("JSON-RPC server {}: handler failed on {} of {} (error id {})", server, request.method(),
                    session, errorId, t);
            answer = codec.error(request.id(),
                    new JsonRpcError(JsonRpcError.INTERNAL_ERROR, "Internal error (error id " + errorId + ")"));
            outcome = Outcomes.INTERNAL;
        }
        // Counted before sending, so a client that has its answer also sees it counted.
        metrics.request(request.method(), outcome, start);
        return answer;
    }
}

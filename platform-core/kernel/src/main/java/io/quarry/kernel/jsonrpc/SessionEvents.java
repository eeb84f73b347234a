package io.quarry.kernel.jsonrpc;

import io.quarry.kernel.exec.SerialExecutor;
import io.quarry.api.jsonrpc.JsonRpcError;
import io.quarry.api.jsonrpc.JsonRpcException;
import io.quarry.api.jsonrpc.JsonRpcHandler;
import io.quarry.api.jsonrpc.JsonRpcRequest;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin side of one server connection: its handler, called one event at a time in arrival order on a
 * virtual thread (Stratum relies on the order: a submit is never handled before the login before it). Plugin
 * failures are contained here: the peer gets -32603 with an error id, the log gets the stack trace.
 */
final class SessionEvents {

    private static final Logger LOG = LoggerFactory.getLogger(SessionEvents.class);

    private final ServerShared server;
    private final ServerConnection session;
    private final SerialExecutor serial;
    /** Written by the first serial task; later tasks see it through the executor's queue. */
    private JsonRpcHandler handler;

    SessionEvents(ServerShared server, ServerConnection session) {
        this.server = server;
        this.session = session;
        this.serial = new SerialExecutor(server.executor());
    }

    /** The connection is up: make its handler. */
    void opened() {
        serial.execute(() -> {
            try {
                handler = Objects.requireNonNull(server.handlers().create(session), "handler factory returned null");
            } catch (Throwable t) {
                server.metrics().error("handler_failure");
                LOG.error("JSON-RPC server {}: the handler factory failed for {}; closing it", server.name(), session,
                        t);
                session.closeNow("handler factory failed");
            }
        });
    }

    /** Handles one admitted request or notification, then runs {@code done} (even when it fails). */
    void request(JsonRpcRequest request, Runnable done) {
        serial.execute(() -> {
            try {
                if (handler != null) { // null: the factory failed and the connection is closing
                    handle(request);
                }
            } finally {
                done.run();
            }
        });
    }

    /** The connection is gone: tell the handler, after every request it had already received. */
    void closed(String reason) {
        serial.execute(() -> {
            if (handler != null) {
                try {
                    handler.onClose(session, reason);
                } catch (Throwable t) {
                    LOG.error("JSON-RPC server {}: onClose of {} failed", server.name(), session, t);
                }
            }
        });
    }

    private void handle(JsonRpcRequest request) {
        long start = System.nanoTime();
        if (request.isNotification()) {
            String outcome = Outcomes.NOTIFICATION;
            try {
                handler.onNotification(session, request);
            } catch (JsonRpcException e) {
                // A notification has no reply to carry the error; the peer's bad input is theirs, not our bug.
                outcome = Outcomes.ERROR;
                server.metrics().error("notification_rejected");
                LOG.debug("JSON-RPC server {}: notification {} of {} refused: {}", server.name(), request.method(),
                        session, e.getMessage());
            } catch (Throwable t) {
                outcome = Outcomes.INTERNAL;
                server.metrics().error("handler_failure");
                LOG.error("JSON-RPC server {}: handler failed on notification {} of {}", server.name(),
                        request.method(), session, t);
            }
            server.metrics().request(request.method(), outcome, start);
            return;
        }
        byte[] answer;
        String outcome;
        try {
            answer = server.codec().result(request.id(), handler.onRequest(session, request));
            outcome = Outcomes.OK;
        } catch (JsonRpcException e) {
            answer = server.codec().error(request.id(), e.error());
            outcome = Outcomes.ofError(e.error());
        } catch (Throwable t) {
            // Includes results Jackson cannot write. The peer learns only that it failed; the id ties its
            // report to this log line.
            String errorId = ErrorIds.next();
            server.metrics().error("handler_failure");
            LOG.error("JSON-RPC server {}: handler failed on {} of {} (error id {})", server.name(), request.method(),
                    session, errorId, t);
            answer = server.codec().error(request.id(),
                    new JsonRpcError(JsonRpcError.INTERNAL_ERROR, "Internal error (error id " + errorId + ")"));
            outcome = Outcomes.INTERNAL;
        }
        // Counted before sending, so a client that has its answer also sees it counted.
        server.metrics().request(request.method(), outcome, start);
        session.send(answer);
    }
}

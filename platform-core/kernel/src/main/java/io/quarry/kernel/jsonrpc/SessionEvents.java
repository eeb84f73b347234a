package io.quarry.kernel.jsonrpc;

import io.quarry.kernel.exec.SerialExecutor;
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
        byte[] answer = RequestDispatch.handle(server.name(), handler, session, request, server.codec(),
                server.metrics());
        if (answer != null) {
            session.send(answer);
            answered(handler, request);
        }
    }

    private void answered(JsonRpcHandler h, JsonRpcRequest request) {
        try {
            h.onAnswered(session, request);
        } catch (Throwable t) {
            server.metrics().error("handler_failure");
            LOG.error("JSON-RPC server {}: onAnswered of {} for {} failed", server.name(), session, request.method(),
                    t);
        }
    }

    /** Tells the handler a request was refused for the rate, in order with the requests around it. */
    void rateLimited(JsonRpcRequest request) {
        serial.execute(() -> {
            if (handler != null) {
                try {
                    handler.onRateLimited(session, request);
                } catch (Throwable t) {
                    LOG.error("JSON-RPC server {}: onRateLimited of {} failed", server.name(), session, t);
                }
            }
        });
    }
}

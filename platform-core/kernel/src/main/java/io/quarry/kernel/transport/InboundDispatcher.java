package io.quarry.kernel.transport;

import io.netty.buffer.ByteBuf;
import io.quarry.api.transport.DownloadHandler;
import io.quarry.api.transport.RequestHandler;
import io.quarry.api.transport.TransportException;
import io.quarry.api.transport.UploadHandler;
import java.io.InputStream;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs peer calls on handler threads (or, for handlers registered as non-blocking, on the event loop that read
 * them), within two limits taken without waiting: the node-wide {@code max_inbound_handlers} and the protocol's
 * {@code maxConcurrent}. A call beyond either is answered {@code busy} at once (a one-way message is dropped and
 * counted): nothing queues on the event loop.
 */
final class InboundDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(InboundDispatcher.class);

    private final TransportSettings settings;
    private final TransportMetrics metrics;
    private final Semaphore handlers;

    InboundDispatcher(TransportSettings settings, TransportMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.handlers = new Semaphore(settings.maxInboundHandlers());
    }

    /** Starts serving a REQUEST or ONEWAY frame (on the event loop; the frame stays the caller's). */
    void dispatch(Session session, Frame frame, Registration registration) {
        boolean oneWay = frame.type == FrameType.ONEWAY;
        HandlerKind wanted = oneWay ? HandlerKind.REQUEST : HandlerKind.ofFlags(frame.flags);
        if (wanted != registration.kind()) {
            refuse(session, frame, registration, WireError.WRONG_KIND, registration.id() + " is served as "
                    + registration.kind().name().toLowerCase(Locale.ROOT) + ", not " + wanted.name().toLowerCase(Locale.ROOT));
            return;
        }
        if (!handlers.tryAcquire()) {
            refuse(session, frame, registration, WireError.BUSY, "the node is running its limit of "
                    + settings.maxInboundHandlers() + " handlers (transport.max_inbound_handlers)");
            return;
        }
        if (!registration.permits().tryAcquire()) {
            handlers.release();
            refuse(session, frame, registration, WireError.BUSY, registration.id() + " is handling its limit of "
                    + registration.protocol().maxConcurrent() + " concurrent requests");
            return;
        }
        InboundCall call = new InboundCall(frame.callId, registration, body(session, frame.callId, wanted),
                wanted == HandlerKind.DOWNLOAD ? new StreamCredit(session.peerHello().streamWindowBytes()) : null);
        if (!oneWay) {
            session.track(call);
        }
        ByteBuf payload = frame.content().retain();
        int flags = frame.flags;
        if (registration.onEventLoop()) {
            // A non-blocking handler answers right here: no hand-off to a handler thread and back.
            serve(session, call, payload, flags, oneWay);
            return;
        }
        try {
            registration.executor().execute(() -> serve(session, call, payload, flags, oneWay));
        } catch (RejectedExecutionException e) {
            payload.release();
            finish(session, call);
            refuse(session, frame, registration, WireError.UNAVAILABLE, "the node is shutting down");
        }
    }

    private StreamReceiver body(Session session, int callId, HandlerKind kind) {
        if (kind != HandlerKind.UPLOAD) {
            return null;
        }
        return new StreamReceiver(settings.streamWindowBytes(), settings.readTimeout(),
                credit -> session.write(Frame.credit(callId, credit)), complete -> { }, metrics.streamBuffered());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void serve(Session session, InboundCall call, ByteBuf payload, int flags, boolean oneWay) {
        Registration registration = call.registration;
        String peer = session.peerId();
        // Payloads in the request view the frame; they live until the handler is done with the call.
        PayloadViews views = new PayloadViews();
        try {
            Object message;
            try {
                message = MessageCodec.decodeMessage(payload, flags, registration.protocol().requestType(),
                        registration.id() + " request", views);
            } finally {
                payload.release();
            }
            switch (registration.kind()) {
                case REQUEST -> {
                    Object response = ((RequestHandler) registration.handler()).handle(peer, message);
                    if (!oneWay) {
                        respond(session, call, response, views);
                    }
                }
                case UPLOAD -> respond(session, call,
                        ((UploadHandler) registration.handler()).handle(peer, message, call.body), views);
                case DOWNLOAD -> {
                    try (InputStream body = ((DownloadHandler) registration.handler()).open(peer, message)) {
                        StreamSender.send(body, call.credit, session,
                                new StreamSender.Target(call.id, registration.id()), session.streamChunkBytes(),
                                settings.readTimeout(), call::cancelled, metrics);
                    }
                    if (!call.cancelled()) {
                        session.write(Frame.empty(FrameType.STREAM_END, call.id));
                    }
                }
            }
        } catch (PeerProtocolException e) {
            session.cutOff(e.reason, e.getMessage());
        } catch (Exception | Error e) {
            // An Error too: a handler's AssertionError or NoClassDefFoundError fails its call, not (on the event
            // loop) the whole connection; the JVM's own troubles (out of memory) still propagate once answered.
            if (oneWay) {
                LOG.debug("{} one-way handler failed for {}", registration.id(), session.describe(), e);
            } else if (!call.cancelled()) {
                LOG.debug("{} handler failed for {}", registration.id(), session.describe(), e);
                views.releaseAll(); // before the answer, as in respond
                sendError(session, call.id, registration.id(), WireError.HANDLER_FAILED, describe(e));
            }
            if (e instanceof VirtualMachineError vmError) {
                throw vmError;
            }
        } finally {
            views.releaseAll();
            finish(session, call);
        }
    }

    /**
     * Encodes and sends {@code response}. The request's payload views are released once it is encoded (it holds its
     * own reference to any it forwards) and before it is written, so a caller holding the answer never finds the
     * handler's payloads still readable.
     */
    private void respond(Session session, InboundCall call, Object response, PayloadViews views) {
        if (call.cancelled()) {
            return;
        }
        String id = call.registration.id();
        MessageCodec.Encoded encoded;
        try {
            encoded = MessageCodec.encodeMessage(response, call.registration.protocol().maxMessageBytes(),
                    id + " response");
        } catch (TransportException e) {
            views.releaseAll();
            sendError(session, call.id, id, WireError.TOO_LARGE, e.getMessage());
            return;
        }
        views.releaseAll();
        metrics.message(id, FrameType.RESPONSE, "out");
        session.write(new Frame(FrameType.RESPONSE, encoded.flags(), Frame.NO_PROTOCOL, call.id, encoded.payload()));
    }

    private void finish(Session session, InboundCall call) {
        if (call.body != null) {
            call.body.close();
        }
        session.forgetInbound(call);
        call.registration.permits().release();
        handlers.release();
    }

    private void refuse(Session session, Frame frame, Registration registration, String code, String message) {
        if (frame.type == FrameType.ONEWAY) {
            metrics.dropped(registration.id());
            LOG.debug("dropped a {} message from {}: {}", registration.id(), session.describe(), message);
        } else {
            sendError(session, frame.callId, registration.id(), code, message);
        }
    }

    private void sendError(Session session, int callId, String protocolId, String code, String message) {
        metrics.message(protocolId, FrameType.ERROR, "out");
        ByteBuf payload = MessageCodec.encode(new WireError(code, message), TransportSettings.MIN_FRAME_BYTES / 2,
                "error");
        session.write(new Frame(FrameType.ERROR, 0, Frame.NO_PROTOCOL, callId, payload));
    }

    /** An exception as the caller sees it: type and message, never a stack trace. */
    private static String describe(Throwable e) {
        String message = e.getMessage();
        if (e instanceof TransportException) {
            return message;
        }
        String text = e.getClass().getSimpleName() + (message != null ? ": " + message : "");
        return text.length() > 500 ? text.substring(0, 500) + "..." : text;
    }
}

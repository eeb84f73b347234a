package io.quarry.kernel.transport;

import io.netty.buffer.ByteBuf;
import io.quarry.api.transport.Protocol;
import io.quarry.api.transport.TransportException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A call we made and have not finished: a request awaiting its response, an upload sending its body, or a
 * download receiving one. Finishing is idempotent; the caller's future is never completed on the event loop, so
 * its dependent stages may block: it completes on the caller's thread when that waits in {@code join}, else on
 * the handler executor (see {@link CallFuture}).
 */
final class OutboundCall {

    final int id;
    final Protocol<?, ?> protocol;
    final HandlerKind kind;
    private final Session session;
    private final CallFuture<Object> result;
    private final Executor completions;
    private final TransportMetrics metrics;
    private final Runnable releasePermit;
    private final long startNanos = System.nanoTime();
    private final AtomicBoolean over = new AtomicBoolean();
    private final AtomicBoolean permitReleased = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();
    /** Upload: the body's credit. */
    volatile StreamCredit credit;
    /** Download: the body being received. */
    volatile StreamReceiver body;
    /** The response timer: a {@link Deadlines} entry, not an event-loop task (see {@link #startTimeout}). */
    private volatile Deadlines.Watch timeout;

    OutboundCall(int id, Protocol<?, ?> protocol, HandlerKind kind, Session session, CallFuture<Object> result,
                 Executor completions, TransportMetrics metrics, Runnable releasePermit) {
        this.id = id;
        this.protocol = protocol;
        this.kind = kind;
        this.session = session;
        this.result = result;
        this.completions = completions;
        this.metrics = metrics;
        this.releasePermit = releasePermit;
    }

    /**
     * Fails the call unless it finishes within {@code after} (give or take {@link Deadlines#TICK_MILLIS}); the peer
     * is told to drop it. The timer is an entry in {@link Deadlines}, not a task on the event loop: a call that
     * completes removes it from a set, where cancelling a scheduled task from the caller's thread queued one more task
     * on the loop per call, measurably slowing a busy connection.
     */
    void startTimeout(Duration after) {
        Deadlines.Watch watch = Deadlines.watch(System.nanoTime() + after.toNanos(), () -> {
            if (!over.get()) {
                session.cancelCall(id);
                fail(new TransportException(protocol.id() + " call to " + session.describe() + " timed out after "
                        + after.toMillis() + " ms"));
            }
        });
        timeout = watch;
        if (over.get() || (kind == HandlerKind.DOWNLOAD && started.get())) {
            watch.cancel(); // the call ended, or its stream started, while the timer was being set
        }
    }

    /** A RESPONSE with frame {@code flags} arrived (on the event loop): decode it off the loop and complete. */
    void onResponse(ByteBuf payload, int flags) {
        if (payload.readableBytes() > protocol.maxMessageBytes()) {
            session.cutOff(ErrorReason.OVERSIZE_MESSAGE, protocol.id() + " response of " + payload.readableBytes()
                    + " bytes exceeds the limit of " + protocol.maxMessageBytes());
            return;
        }
        ByteBuf retained = payload.retain();
        run(() -> {
            try {
                Object value = MessageCodec.decodeMessage(retained, flags, protocol.responseType(),
                        protocol.id() + " response");
                succeed(value);
            } catch (PeerProtocolException e) {
                session.cutOff(e.reason, e.getMessage());
                fail(new TransportException(session.describe() + " sent an undecodable " + protocol.id()
                        + " response: " + e.getMessage()));
            } finally {
                retained.release();
            }
        });
    }

    /** A download's first frame arrived: the caller gets the body stream. */
    void streamStarted() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        Deadlines.Watch pending = timeout;
        if (pending != null) {
            pending.cancel();
        }
        StreamReceiver stream = body;
        if (!result.isDone()) {
            run(() -> {
                if (!result.complete(stream)) {
                    stream.close();
                }
            });
        }
    }

    /** A download's body was read to the end, failed or closed by the caller. */
    void streamFinished(boolean complete) {
        if (!complete && !over.get()) {
            session.cancelCall(id);
        }
        end(complete);
        releasePermit();
    }

    /**
     * The caller cancelled its future: the peer is told to drop the call, an upload's sender stops reading its
     * body (its credit is cancelled), a download's buffered body is dropped, and the permit is freed.
     */
    void cancelled() {
        if (end(false)) {
            session.cancelCall(id);
            StreamReceiver stream = body;
            if (stream != null) {
                stream.close();
            }
            releasePermit();
        }
    }

    /**
     * Completes the call with {@code value}. Runs in the response's decode task, already off the event loop, so
     * the future completes right here rather than after one more hand-off.
     */
    private void succeed(Object value) {
        if (end(true)) {
            releasePermit();
            result.complete(value);
        }
    }

    void fail(TransportException error) {
        StreamReceiver stream = body;
        if (stream != null) {
            stream.fail(error.getMessage());
        }
        // Once a download's first frame has arrived, the caller is getting the body stream (its completion may
        // still be queued behind this failure): the failure then reaches the caller through that stream, after
        // the bytes that came before it, and the stream owns the permit.
        boolean streaming = kind == HandlerKind.DOWNLOAD && (started.get() || result.isDone());
        if (end(false) && !streaming) {
            releasePermit();
        }
        if (!streaming && !result.isDone()) {
            run(() -> result.completeExceptionally(error));
        }
    }

    /** Marks the call over once: forgets it, stops its timer and its upload. Returns whether this did it. */
    boolean end(boolean ok) {
        if (!over.compareAndSet(false, true)) {
            return false;
        }
        session.forgetOutbound(this);
        Deadlines.Watch pending = timeout;
        if (pending != null) {
            pending.cancel();
        }
        StreamCredit upload = credit;
        if (upload != null) {
            upload.cancel("the " + protocol.id() + " call to " + session.describe() + " is over");
        }
        metrics.latency(protocol.id(), ok ? "ok" : "error", System.nanoTime() - startNanos);
        return true;
    }

    boolean isOver() {
        return over.get();
    }

    private void releasePermit() {
        if (permitReleased.compareAndSet(false, true)) {
            releasePermit.run();
        }
    }

    /** Runs a completing task off the event loop: on the caller's thread if it waits, else on the executor. */
    private void run(Runnable task) {
        result.deliver(task, completions);
    }
}

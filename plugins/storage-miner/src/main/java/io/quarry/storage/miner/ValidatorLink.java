package io.quarry.storage.miner;

import io.quarry.api.identity.Identity;
import io.quarry.api.retry.Backoff;
import io.quarry.api.retry.BackoffPolicy;
import io.quarry.api.transport.PeerAddress;
import io.quarry.api.transport.Transport;
import io.quarry.storage.auth.CommandSignatures;
import io.quarry.storage.store.ShardStore;
import io.quarry.storage.wire.StorageProtocols;
import io.quarry.storage.wire.ValidatorControl;
import io.quarry.storage.wire.ValidatorReply;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The miner's membership: registers with the validator (Register with a signed timestamp), then heartbeats every
 * {@code heartbeat_interval_secs}; a heartbeat answered UNKNOWN registers again. A failed registration is retried
 * with exponential backoff from {@code initial_backoff_secs} to {@code max_backoff_secs} with decorrelated jitter
 * ({@link BackoffPolicy}); one the validator
 * refuses (FAMILY_REJECTED) after {@code registration_retry_secs}. Timers run on the scheduler, the blocking
 * requests on the worker executor.
 */
public final class ValidatorLink {

    private static final Logger LOG = LoggerFactory.getLogger(ValidatorLink.class);

    /** Where the link stands. */
    public enum State {
        /** Not started, or stopped. */
        IDLE,
        /** Trying to register. */
        REGISTERING,
        /** Registered and heartbeating. */
        REGISTERED,
    }

    /**
     * Timing of the link.
     *
     * @param heartbeat between heartbeats
     * @param registrationRetry after a refused registration
     * @param initialBackoff after the first failed attempt
     * @param maxBackoff the longest wait between attempts
     */
    public record Timing(Duration heartbeat, Duration registrationRetry, Duration initialBackoff, Duration maxBackoff) {
    }

    private final Transport transport;
    private final Identity identity;
    private final PeerAddress validator;
    private final String familyId;
    private final ShardStore store;
    private final MinerService miner;
    private final Timing timing;
    private final ScheduledExecutorService scheduler;
    private final Executor worker;
    private final InstantSource clock;
    private volatile State state = State.IDLE;
    private volatile String lastProblem = "";
    private final Backoff backoff;
    private volatile int registrations;
    private ScheduledFuture<?> next;

    /** A link from this miner to {@code validator}. */
    public ValidatorLink(Transport transport, Identity identity, PeerAddress validator, String familyId, ShardStore store,
                         MinerService miner, Timing timing, ScheduledExecutorService scheduler, Executor worker,
                         InstantSource clock) {
        this.worker = worker;
        this.transport = transport;
        this.identity = identity;
        this.validator = validator;
        this.familyId = familyId;
        this.store = store;
        this.miner = miner;
        this.timing = timing;
        // Decorrelated jitter: miners that lost the validator together do not come back in lockstep.
        this.backoff = BackoffPolicy.of(timing.initialBackoff(), timing.maxBackoff()).start();
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** Starts registering. */
    public synchronized void start() {
        state = State.REGISTERING;
        schedule(Duration.ZERO, this::register);
    }

    /** Stops the link; harmless when stopped. */
    public synchronized void stop() {
        state = State.IDLE;
        if (next != null) {
            next.cancel(false);
        }
    }

    /** The link's state. */
    public State state() {
        return state;
    }

    /** Registrations sent so far (for the panel and tests). */
    public int registrations() {
        return registrations;
    }

    /** The last failure or refusal, empty when none since registering. */
    public String lastProblem() {
        return lastProblem;
    }

    private void register() {
        if (state == State.IDLE) {
            return;
        }
        try {
            InetSocketAddress local = transport.localAddress().orElseThrow(
                    () -> new IllegalStateException("the transport is not listening, so the validator could not reach us"));
            long now = clock.millis();
            long total = store.maxBytes();
            long available = store.availableBytes();
            ValidatorControl.Register register = new ValidatorControl.Register(familyId, total, available,
                    advertisedHost(local), local.getPort(), now,
                    identity.sign(CommandSignatures.register(identity.nodeId(), now)));
            registrations++;
            ValidatorReply reply = transport.request(validator, StorageProtocols.VALIDATOR_CONTROL, register)
                    .get(StorageProtocols.VALIDATOR_CONTROL.timeout().toSeconds(), TimeUnit.SECONDS);
            if (reply instanceof ValidatorReply.Registered registered && "OK".equals(registered.status())) {
                miner.wardens(registered.wardens());
                synchronized (this) {
                    backoff.reset();
                    lastProblem = "";
                    state = State.REGISTERED;
                    schedule(timing.heartbeat(), this::heartbeat);
                }
                LOG.info("Registered with validator {} (epoch {})", validator, registered.epoch());
            } else if (reply instanceof ValidatorReply.Registered registered && "FAMILY_REJECTED".equals(registered.status())) {
                retry("validator rejected family " + familyId + ": " + registered.reason(), timing.registrationRetry());
            } else {
                retry("registration not accepted: " + reply, backoff());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            retry("validator " + validator + " unreachable: " + e.getMessage(), backoff());
        }
    }

    private void heartbeat() {
        if (state != State.REGISTERED) {
            return;
        }
        try {
            long now = clock.millis();
            long epoch = miner.placement().map(p -> p.map().epoch()).orElse(0L);
            Rebalancer.Pass pass = miner.lastRebalance();
            ValidatorControl.Heartbeat beat = new ValidatorControl.Heartbeat(
                    store.availableBytes(), store.usedBytes(), store.count(), epoch, now,
                    identity.sign(CommandSignatures.heartbeat(identity.nodeId(), now)), pass.epoch(),
                    pass.startedAtMillis(), pass.missing());
            ValidatorReply reply = transport.request(validator, StorageProtocols.VALIDATOR_CONTROL, beat)
                    .get(StorageProtocols.VALIDATOR_CONTROL.timeout().toSeconds(), TimeUnit.SECONDS);
            if (reply instanceof ValidatorReply.HeartbeatAck ack && "UNKNOWN".equals(ack.status())) {
                LOG.info("Validator {} does not know us any more; registering again", validator);
                synchronized (this) {
                    state = State.REGISTERING;
                    schedule(Duration.ZERO, this::register);
                }
                return;
            }
            if (reply instanceof ValidatorReply.HeartbeatAck ack) {
                miner.wardens(ack.wardens());
                lastProblem = "";
            } else {
                lastProblem = "heartbeat refused: " + reply;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            lastProblem = "heartbeat failed: " + e.getMessage();
            LOG.debug("Heartbeat to {} failed: {}", validator, e.toString());
        }
        synchronized (this) {
            schedule(timing.heartbeat(), this::heartbeat);
        }
    }

    private synchronized void retry(String problem, Duration after) {
        lastProblem = problem;
        LOG.warn("{}; retrying in {} ms", problem, after.toMillis());
        schedule(after, this::register);
    }

    /** The wait before the next registration attempt after a failure. */
    synchronized Duration backoff() {
        return backoff.next();
    }

    private void schedule(Duration delay, Runnable task) {
        if (state == State.IDLE) {
            return;
        }
        // The scheduler only times; the blocking request runs on the worker.
        next = scheduler.schedule(() -> worker.execute(task), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The host to advertise: the listen host, or loopback when the transport listens on every address. */
    static String advertisedHost(InetSocketAddress local) {
        return local.getAddress() != null && local.getAddress().isAnyLocalAddress() ? "127.0.0.1" : local.getHostString();
    }
}

package io.quarry.poies.node;

import io.quarry.api.miner.MinerState;
import io.quarry.poies.hash.Candidate;
import io.quarry.poies.hash.Device;
import io.quarry.poies.hash.ScanJob;
import io.quarry.poies.hash.ScanListener;
import io.quarry.poies.target.ShareTargets;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the node's own scanning device: every new work becomes the device's job (the old one is abandoned),
 * with a share target that is the local vardiff target but never above what the work needs for a block, so
 * every block-worthy nonce is reported. Candidates go through the node's one admission path, handed to an
 * executor so the device's threads go straight back to hashing.
 */
public final class LocalScanner implements ScanListener {

    private static final Logger LOG = LoggerFactory.getLogger(LocalScanner.class);

    /** The local device's peer key in share targets and stats. */
    static final String PEER = ShareSource.LOCAL;

    /** Makes the scanner once the node exists (the device reports to it). */
    @FunctionalInterface
    public interface Factory {
        LocalScanner create(PoiesNode node);
    }

    private final PoiesNode node;
    private final ShareTargets targets;
    private final Executor submitter;
    private final Device device;
    private final SecureRandom random = new SecureRandom();
    private volatile Work work;
    private volatile long jobTarget = Long.MAX_VALUE;
    private volatile long previousJobTarget = Long.MAX_VALUE;
    private volatile boolean paused = true;
    private volatile boolean closed;

    /**
     * @param devices makes the device with this scanner as its listener
     * @param submitter runs admissions of found candidates
     */
    public LocalScanner(PoiesNode node, ShareTargets targets, Executor submitter,
            Function<ScanListener, Device> devices) {
        this.node = Objects.requireNonNull(node, "node");
        this.targets = Objects.requireNonNull(targets, "targets");
        this.submitter = Objects.requireNonNull(submitter, "submitter");
        this.device = Objects.requireNonNull(devices.apply(this), "device");
    }

    /** Starts scanning the current work. */
    void start() {
        paused = false;
        Work current = work;
        if (current != null) {
            scan(current);
        }
    }

    /** Resumes after {@link #pause()}; false when already scanning or closed. */
    boolean resume() {
        if (closed || !paused) {
            return false;
        }
        start();
        return true;
    }

    /** Stops scanning until {@link #resume()}. */
    void pause() {
        paused = true;
        device.pause();
    }

    /** Scans {@code next} from now on (remembered while paused). */
    void scan(Work next) {
        work = next;
        if (paused || closed) {
            return;
        }
        long target = Math.min(targets.targetMicro(PEER), next.blockHMicro());
        synchronized (this) {
            previousJobTarget = jobTarget;
            jobTarget = target;
        }
        device.scan(ScanJob.unbounded(next.template(), target, random.nextLong()));
    }

    /**
     * The share target the device's candidates are admitted against: the lower of the current and the previous
     * job's, since candidates of the replaced job may still be on their way when the vardiff target moved up.
     */
    synchronized long admissionTarget() {
        return Math.min(jobTarget, previousJobTarget);
    }

    MinerState state() {
        return closed ? MinerState.STOPPED : paused ? MinerState.STOPPED : MinerState.RUNNING;
    }

    String describe() {
        return device.name() + " x" + device.workers() + (device.lanes() > 1 ? ", " + device.lanes()
                + " SIMD lanes each" : "");
    }

    /** Nonces each worker of the device hashes per pass (its SIMD lanes; 1 without). */
    int lanes() {
        return device.lanes();
    }

    /** Stops the device for good. */
    void close() {
        closed = true;
        paused = true;
        device.close();
    }

    /** The device's hash rate meter. */
    io.quarry.api.miner.HashrateMeter hashrate() {
        return device.hashrate();
    }

    @Override
    public void onCandidate(Candidate candidate) {
        submitter.execute(() -> {
            SubmitResult result = node.submitShare(candidate.toHashShare().toEnvelope(), ShareSource.LOCAL_DEVICE);
            if (!result.isAccepted() && !SubmitResult.STALE.equals(result.reason())
                    && !SubmitResult.UNKNOWN_TEMPLATE.equals(result.reason())) {
                LOG.warn("the local device's share was refused: {} ({})", result.reason(), result.message());
            }
        });
    }
}

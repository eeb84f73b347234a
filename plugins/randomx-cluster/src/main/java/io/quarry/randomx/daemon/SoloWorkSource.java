package io.quarry.randomx.daemon;

import io.quarry.randomx.job.MoneroDifficulty;
import io.quarry.randomx.job.JobListeners;
import io.quarry.randomx.job.MoneroJob;
import io.quarry.randomx.job.Share;
import io.quarry.randomx.job.ShareCounters;
import io.quarry.randomx.job.SubmitResult;
import io.quarry.randomx.job.WorkSource;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Solo mining on monerod: polls {@code get_info} for a new top block, fetches a {@code get_block_template}
 * paying the wallet, and publishes it as worker 0's job. Other workers (outside miners) get the same template
 * with their index in the reserved area ({@link #forWorker}), hence a different hashing blob and no shared
 * work. A result is submitted with {@code submit_block} only when it passes monerod's own 256-bit check
 * ({@link MoneroDifficulty#meetsDifficulty}, target gating), so no low-difficulty block is sent.
 *
 * <p>Reserved area: worker index as 4 bytes little-endian, then this source's random 4-byte instance id.
 */
public final class SoloWorkSource implements WorkSource {

    private static final Logger LOG = LoggerFactory.getLogger(SoloWorkSource.class);
    /** Templates kept for late shares and outside miners' previous jobs. */
    private static final int KEPT_TEMPLATES = 4;
    /** Accepted blocks remembered for the stats page. */
    private static final int KEPT_BLOCKS = 32;

    private final DaemonRpcClient daemon;
    private final SoloSettings settings;
    private final ExecutorService executor;
    private final ShareCounters counters;
    private final InstantSource clock;
    private final byte[] instanceId = new byte[4];
    private final JobListeners listeners = new JobListeners();
    private final LinkedBlockingQueue<Boolean> wake = new LinkedBlockingQueue<>();
    private final Map<String, BlockTemplate> templates = new LinkedHashMap<>();
    private final Deque<FoundBlock> blocks = new ArrayDeque<>();
    private final Object submitLock = new Object();
    private String lastAcceptedParent = "";
    private volatile MoneroJob current;
    private volatile boolean running;
    private Future<?> loop;
    private String lastTopHash = "";
    private long templateFetchedAt;
    private long sequence;
    private String lastError = "";

    public SoloWorkSource(DaemonRpcClient daemon, SoloSettings settings, ExecutorService executor,
                          ShareCounters counters, InstantSource clock) {
        this.daemon = Objects.requireNonNull(daemon, "daemon");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.clock = Objects.requireNonNull(clock, "clock");
        new SecureRandom().nextBytes(instanceId);
    }

    @Override
    public String describe() {
        return daemon.toString();
    }

    @Override
    public synchronized void start() {
        if (running) {
            throw new IllegalStateException("solo work source already started");
        }
        running = true;
        loop = executor.submit(this::pollLoop);
        LOG.info("Solo mining on {} to wallet {}...", daemon, abbreviate(settings.walletAddress()));
    }

    @Override
    public void close() {
        running = false;
        wake.offer(Boolean.TRUE);
        Future<?> f = loop;
        if (f != null) {
            f.cancel(true);
        }
    }

    @Override
    public void onJob(Consumer<MoneroJob> listener) {
        listeners.add(listener, current);
    }

    @Override
    public Optional<MoneroJob> currentJob() {
        return Optional.ofNullable(current);
    }

    @Override
    public int maxWorkers() {
        return Integer.MAX_VALUE;
    }

    @Override
    public MoneroJob forWorker(MoneroJob job, int worker) {
        if (worker < 0) {
            throw new IllegalArgumentException("worker must be >= 0, was " + worker);
        }
        BlockTemplate template = template(job.jobId())
                .orElseThrow(() -> new IllegalStateException("template of job " + job.jobId() + " is gone"));
        return new MoneroJob(job.jobId(), template.hashingBlob(reserved(worker)), job.target(),
                template.seedHash(), template.height(), MoneroJob.ALGO_RX0, worker, false);
    }

    @Override
    public CompletableFuture<SubmitResult> submit(Share share) {
        Objects.requireNonNull(share, "share");
        return CompletableFuture.supplyAsync(() -> submitNow(share), executor);
    }

    private SubmitResult submitNow(Share share) {
        Optional<BlockTemplate> template = template(share.job().jobId());
        if (template.isEmpty()) {
            counters.rejected(SubmitResult.STALE);
            return SubmitResult.rejected(SubmitResult.STALE, "template of job " + share.job().jobId() + " is gone");
        }
        BlockTemplate t = template.get();
        if (!MoneroDifficulty.meetsDifficulty(share.hash(), t.difficulty())) {
            counters.rejected(SubmitResult.LOW_DIFFICULTY);
            return SubmitResult.rejected(SubmitResult.LOW_DIFFICULTY, "hash does not reach block difficulty "
                    + t.difficulty());
        }
        byte[] block = t.blockBlob(reserved(Math.max(0, share.job().worker())), share.nonce());
        // One block per parent: once monerod took one on top of this template's parent, a second (another
        // thread's or outside miner's result for the same work) would only be an alternative block, which
        // submit_block also answers OK although it is not on the main chain.
        synchronized (submitLock) {
            if (t.prevHash().equals(lastAcceptedParent)) {
                counters.rejected(SubmitResult.STALE);
                return SubmitResult.rejected(SubmitResult.STALE, "a block on parent " + t.prevHash()
                        + " was already accepted; not sent");
            }
            SubmitResult result = daemon.submitBlock(block);
            counters.blockSubmitted(result.accepted());
            if (result.accepted()) {
                lastAcceptedParent = t.prevHash();
                counters.accepted();
                remember(new FoundBlock(t.height(), HexFormat.of().formatHex(share.hash()), t.difficulty(),
                        Math.max(0, share.job().worker()), clock.instant()));
                LOG.info("Block found at height {} (difficulty {}); monerod accepted it", t.height(), t.difficulty());
                wake.offer(Boolean.TRUE);
            } else {
                counters.rejected(result.reason());
                LOG.warn("monerod refused our block at height {}: {}", t.height(), result.message());
            }
            return result;
        }
    }

    private void pollLoop() {
        while (running) {
            try {
                poll();
                if (!lastError.isEmpty()) {
                    LOG.info("{} answers again", daemon);
                    lastError = "";
                }
            } catch (DaemonRpcException | IllegalStateException e) {
                if (!running) {
                    return;
                }
                if (!String.valueOf(e.getMessage()).equals(lastError)) {
                    LOG.warn("Solo mining: {}", e.getMessage());
                    lastError = String.valueOf(e.getMessage());
                } else {
                    LOG.debug("Solo mining: {}", e.getMessage());
                }
            } catch (RuntimeException e) {
                LOG.error("Solo mining poll failed", e);
            }
            try {
                wake.poll(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wake.clear();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One round: a new template when the top block changed or the current one is old. */
    void poll() {
        ChainTip tip = daemon.getInfo();
        boolean stale = clock.millis() - templateFetchedAt >= settings.templateRefresh().toMillis();
        if (current != null && tip.topBlockHash().equals(lastTopHash) && !stale) {
            return;
        }
        BlockTemplate template = daemon.getBlockTemplate(settings.walletAddress(), settings.reserveSize());
        MoneroJob job;
        synchronized (this) {
            String jobId = template.height() + "-" + (++sequence);
            templates.put(jobId, template);
            while (templates.size() > KEPT_TEMPLATES) {
                templates.remove(templates.keySet().iterator().next());
            }
            job = new MoneroJob(jobId, template.hashingBlob(reserved(0)), preFilterTarget(template.difficulty()),
                    template.seedHash(), template.height(), MoneroJob.ALGO_RX0, 0, false);
            lastTopHash = tip.topBlockHash();
            templateFetchedAt = clock.millis();
            current = job;
        }
        LOG.debug("New block template {} at height {}, difficulty {}, {} transactions", job.jobId(),
                template.height(), template.difficulty(), template.transactionCount());
        listeners.publish(job);
    }

    /**
     * The 64-bit target for a block difficulty: a cheap first check that lets through every hash monerod could
     * accept (a valid hash has {@code top64 <= (2^64 - 1) / difficulty}, and targets compare strictly), so the
     * exact 256-bit check decides. Above 64-bit difficulty only hashes whose top 64 bits are zero pass.
     */
    static long preFilterTarget(BigInteger difficulty) {
        if (difficulty.bitLength() > 64) {
            return 1;
        }
        long d = difficulty.longValue();
        long target = Long.divideUnsigned(MoneroDifficulty.MAX_TARGET, d);
        return target == MoneroDifficulty.MAX_TARGET ? target : target + 1;
    }

    /** The most recent blocks monerod accepted from this source, oldest first (at most 32). */
    public synchronized List<FoundBlock> foundBlocks() {
        return List.copyOf(blocks);
    }

    private synchronized void remember(FoundBlock block) {
        blocks.addLast(block);
        while (blocks.size() > KEPT_BLOCKS) {
            blocks.removeFirst();
        }
    }

    private synchronized Optional<BlockTemplate> template(String jobId) {
        return Optional.ofNullable(templates.get(jobId));
    }

    private byte[] reserved(int worker) {
        byte[] value = new byte[8];
        for (int i = 0; i < 4; i++) {
            value[i] = (byte) (worker >>> (8 * i));
        }
        System.arraycopy(instanceId, 0, value, 4, 4);
        return value;
    }

    private static String abbreviate(String address) {
        return address.length() <= 12 ? address : address.substring(0, 12);
    }
}

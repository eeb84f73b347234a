package com.example.hello;

import io.quarry.api.exec.TaskExecutors;
import io.quarry.api.miner.HashrateMeter;
import io.quarry.api.miner.Miner;
import io.quarry.api.miner.MinerState;
import io.quarry.api.miner.MinerStats;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A toy proof-of-work miner: it hashes {@code SHA-256(greeting || nonce)} with the nonce as 8 bytes big-endian,
 * counting up from 0, and counts a share for every hash with at least {@code difficultyBits} leading zero bits.
 * Work runs in ticks of a tenth of a second on a scheduler the kernel owns, {@code hashesPerSecond / 10} hashes a
 * tick, so the example never takes a whole core. Thread-safe.
 */
final class HelloMiner implements Miner {

    /** Ticks per second. */
    static final int TICKS_PER_SECOND = 10;
    private static final int MAX_LOG_LINES = 100;

    private final String id;
    private final byte[] greeting;
    private final int difficultyBits;
    private final int hashesPerTick;
    private final TaskExecutors executors;
    private final InstantSource clock;
    private final HashrateMeter meter;
    private final MessageDigest sha256;
    private final Deque<String> log = new ArrayDeque<>();

    private MinerState state = MinerState.STOPPED;
    private ScheduledExecutorService scheduler;
    private ScheduledFuture<?> ticking;
    private Instant startedAt;
    private long nonce;
    private long shares;
    private int bestZeroBits;

    HelloMiner(String id, HelloConfig config, TaskExecutors executors, InstantSource clock) {
        this.id = Objects.requireNonNull(id, "id");
        this.greeting = config.greeting().getBytes(StandardCharsets.UTF_8);
        this.difficultyBits = config.difficultyBits();
        this.hashesPerTick = Math.max(1, config.hashesPerSecond() / TICKS_PER_SECOND);
        this.executors = Objects.requireNonNull(executors, "executors");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.meter = new HashrateMeter(clock);
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String kind() {
        return "hello";
    }

    @Override
    public synchronized MinerState state() {
        return state;
    }

    @Override
    public synchronized void start() {
        if (state == MinerState.RUNNING) {
            return;
        }
        if (scheduler == null) {
            scheduler = executors.scheduler("hashing");
        }
        startedAt = clock.instant();
        state = MinerState.RUNNING;
        ticking = scheduler.scheduleAtFixedRate(this::tick, 0, 1000 / TICKS_PER_SECOND, TimeUnit.MILLISECONDS);
        note("started at nonce " + nonce + ", " + difficultyBits + " bits a share");
    }

    @Override
    public synchronized void stop() {
        if (state != MinerState.RUNNING) {
            return;
        }
        ticking.cancel(false);
        state = MinerState.STOPPED;
        note("stopped at nonce " + nonce + " with " + shares + " shares");
    }

    /** One tick of work: the next {@code hashesPerTick} nonces. */
    synchronized void tick() {
        if (state != MinerState.RUNNING) {
            return;
        }
        for (int i = 0; i < hashesPerTick; i++) {
            int zeros = leadingZeroBits(hash(greeting, nonce));
            bestZeroBits = Math.max(bestZeroBits, zeros);
            if (zeros >= difficultyBits) {
                shares++;
                note("share at nonce " + nonce + " (" + zeros + " zero bits)");
            }
            nonce++;
        }
        meter.record(hashesPerTick);
    }

    @Override
    public synchronized MinerStats stats() {
        Duration uptime = state == MinerState.RUNNING ? Duration.between(startedAt, clock.instant()) : Duration.ZERO;
        return new MinerStats(meter.rates(), shares, 0, 0, uptime,
                Map.of("nonce", nonce, "difficultyBits", difficultyBits, "bestZeroBits", bestZeroBits));
    }

    @Override
    public synchronized List<String> recentLogs(int max) {
        List<String> all = List.copyOf(log);
        return all.subList(Math.max(0, all.size() - max), all.size());
    }

    private byte[] hash(byte[] prefix, long n) {
        sha256.update(prefix);
        sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(n).array());
        return sha256.digest();
    }

    /** Leading zero bits of {@code hash}, read as a big-endian number. */
    static int leadingZeroBits(byte[] hash) {
        int bits = 0;
        for (byte b : hash) {
            if (b != 0) {
                return bits + Integer.numberOfLeadingZeros(b & 0xFF) - 24;
            }
            bits += 8;
        }
        return bits;
    }

    private void note(String line) {
        if (log.size() == MAX_LOG_LINES) {
            log.removeFirst();
        }
        log.addLast(clock.instant() + " " + line);
    }
}

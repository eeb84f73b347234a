package io.quarry.fleet.process;

import io.quarry.api.miner.Miner;
import io.quarry.api.miner.MinerState;
import io.quarry.api.miner.MinerStats;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An external miner program this node starts and supervises (the generic process adapter): its argv is run in
 * the plugin's data directory with stdout and stderr merged into a ring buffer ({@link #recentLogs}), and an
 * exit that was not asked for leads to a restart after a delay when the restart policy says so. It has no
 * figures of its own beyond uptime; the XMRig adapter adds XMRig's.
 */
public class ProcessMiner implements Miner {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessMiner.class);
    private static final long STOP_GRACE_MILLIS = 3_000;

    private final String id;
    private final ProcessConfig config;
    private final Path workDir;
    private final InstantSource clock;
    private final OutputRing output;
    private final Object lock = new Object();
    private Process process;
    private boolean wanted;
    private volatile MinerState state = MinerState.STOPPED;
    private volatile String detail = "";
    private volatile long startedAt;
    private int restarts;

    /**
     * @param workDir where the process runs (the plugin's data directory)
     */
    public ProcessMiner(ProcessConfig config, Path workDir, InstantSource clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.id = "fleet-control/" + config.name();
        this.workDir = Objects.requireNonNull(workDir, "workDir");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.output = new OutputRing(config.logLines());
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String kind() {
        return config.kind();
    }

    @Override
    public MinerState state() {
        return state;
    }

    @Override
    public String stateDetail() {
        return detail;
    }

    /** The configuration this miner runs. */
    public ProcessConfig config() {
        return config;
    }

    /** How often the process was restarted after an exit. */
    public int restarts() {
        synchronized (lock) {
            return restarts;
        }
    }

    /** The running process's id, when there is one. */
    public java.util.OptionalLong pid() {
        synchronized (lock) {
            return process != null && process.isAlive() ? java.util.OptionalLong.of(process.pid()) : java.util.OptionalLong.empty();
        }
    }

    @Override
    public void start() {
        synchronized (lock) {
            wanted = true;
            if (process != null && process.isAlive()) {
                return;
            }
            launch();
        }
    }

    @Override
    public void stop() {
        Process running;
        synchronized (lock) {
            wanted = false;
            running = process;
            if (running == null || !running.isAlive()) {
                state = MinerState.STOPPED;
                return;
            }
            state = MinerState.STOPPING;
        }
        running.destroy();
        try {
            if (!running.waitFor(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                running.destroyForcibly();
                running.waitFor(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.destroyForcibly();
        }
        synchronized (lock) {
            if (!wanted) {
                state = MinerState.STOPPED;
                detail = "";
                startedAt = 0;
            }
        }
        LOG.info("process miner {} stopped", id);
    }

    @Override
    public MinerStats stats() {
        long since = startedAt;
        Duration uptime = since == 0 ? Duration.ZERO : Duration.ofMillis(Math.max(0, clock.millis() - since));
        return new MinerStats(MinerStats.Hashrate.ZERO, 0, 0, 0, uptime, Map.of("restarts", restarts()));
    }

    @Override
    public List<String> recentLogs(int max) {
        return output.last(max);
    }

    /** The argv actually run; the XMRig adapter adds its API options. */
    protected List<String> argv() {
        return config.command();
    }

    /** Called under the lock right before each launch (the XMRig adapter writes its config here). */
    protected void beforeLaunch() throws IOException {
    }

    /** The output ring, for subclasses that add lines of their own. */
    protected OutputRing output() {
        return output;
    }

    private void launch() {
        try {
            beforeLaunch();
            Process started = new ProcessBuilder(argv()).directory(workDir.toFile()).redirectErrorStream(true).start();
            process = started;
            startedAt = clock.millis();
            state = MinerState.RUNNING;
            detail = "pid " + started.pid();
            LOG.info("process miner {} started: pid {}", id, started.pid());
            Thread.ofVirtual().name("fleet-process-" + config.name()).start(() -> pump(started));
        } catch (IOException | RuntimeException e) {
            process = null;
            state = MinerState.FAILED;
            detail = "cannot start " + config.command().get(0) + ": " + e.getMessage();
            LOG.warn("process miner {}: {}", id, detail);
        }
    }

    /** Reads the output until the process ends, then applies the restart policy. */
    private void pump(Process started) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.add(line);
            }
        } catch (IOException e) {
            LOG.debug("output of {} ended: {}", id, e.getMessage());
        }
        int code;
        try {
            code = started.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        boolean restart;
        synchronized (lock) {
            if (process != started) {
                return;
            }
            process = null;
            startedAt = 0;
            if (!wanted) {
                return;
            }
            restart = config.restartPolicy().restartsAfter(code);
            state = restart ? MinerState.STARTING : code == 0 ? MinerState.STOPPED : MinerState.FAILED;
            detail = "exited with code " + code + (restart ? "; restarting in " + config.restartDelayMs() + " ms" : "");
            if (!restart) {
                wanted = false;
            }
        }
        output.add("[quarry] " + id + " " + detail);
        LOG.info("process miner {} {}", id, detail);
        if (restart) {
            try {
                Thread.sleep(config.restartDelayMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            synchronized (lock) {
                if (wanted && process == null) {
                    restarts++;
                    launch();
                }
            }
        }
    }
}

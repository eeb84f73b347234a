package io.quarry.fleet.process;

import io.quarry.api.miner.MinerState;
import io.quarry.api.miner.MinerStats;
import io.quarry.fleet.FleetJson;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The XMRig adapter: runs XMRig as a supervised process with its HTTP API switched on for this node only.
 * Before each launch it writes {@code xmrig-<name>.json} (mode 0600: it holds the token) with XMRig's
 * {@code http} section (loopback, a free port, a fresh random access token, unrestricted so JSON-RPC works)
 * and adds {@code --config=<that file>} to the operator's argv, whose own options (pools, threads) XMRig
 * applies over the file. Figures come from {@code /2/summary}. {@link #stop()} pauses mining through
 * JSON-RPC while the process is up (a restart keeps its RandomX dataset) and {@link #start()} resumes it;
 * {@link #terminate()} ends the process.
 */
public final class XmrigMiner extends ProcessMiner {

    private static final Logger LOG = LoggerFactory.getLogger(XmrigMiner.class);

    private final Path configFile;
    private final SecureRandom random = new SecureRandom();
    private volatile XmrigClient client;
    private volatile XmrigSummary last;
    private volatile boolean paused;
    private volatile String apiProblem = "";

    public XmrigMiner(ProcessConfig config, Path workDir, InstantSource clock) {
        super(config, workDir, clock);
        this.configFile = workDir.resolve("xmrig-" + config.name() + ".json");
    }

    /** The file the adapter writes XMRig's API settings to. */
    public Path configFile() {
        return configFile;
    }

    /** The API client of the running process, once launched. */
    public java.util.Optional<XmrigClient> client() {
        return java.util.Optional.ofNullable(client);
    }

    /** Points the adapter at another API endpoint (tests standing in for XMRig's JSON-RPC). */
    void useApi(XmrigClient replacement) {
        client = replacement;
    }

    @Override
    protected List<String> argv() {
        List<String> argv = new ArrayList<>(super.argv());
        argv.add(1, "--config=" + configFile);
        return argv;
    }

    @Override
    protected void beforeLaunch() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        byte[] secret = new byte[24];
        random.nextBytes(secret);
        String token = HexFormat.of().formatHex(secret);
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("enabled", true);
        http.put("host", "127.0.0.1");
        http.put("port", port);
        http.put("access-token", token);
        http.put("restricted", false);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("http", http);
        writeOwnerOnly(configFile, FleetJson.write(document));
        client = new XmrigClient(URI.create("http://127.0.0.1:" + port), token);
        paused = false;
        last = null;
    }

    @Override
    public void start() {
        XmrigClient c = client;
        if (paused && c != null && pid().isPresent()) {
            try {
                c.resume();
                paused = false;
                LOG.info("XMRig {} resumed", id());
                return;
            } catch (IOException e) {
                LOG.warn("XMRig {} did not resume ({}); restarting it", id(), e.getMessage());
                super.stop();
            }
        }
        super.start();
    }

    /** Pauses mining through XMRig's JSON-RPC when the process is up; stops the process when that fails. */
    @Override
    public void stop() {
        XmrigClient c = client;
        if (c != null && pid().isPresent() && !paused) {
            try {
                c.pause();
                paused = true;
                LOG.info("XMRig {} paused", id());
                return;
            } catch (IOException e) {
                LOG.warn("XMRig {} did not pause ({}); stopping the process", id(), e.getMessage());
            }
        }
        if (!paused) {
            super.stop();
        }
    }

    /** Ends the process (node shutdown). */
    public void terminate() {
        paused = false;
        super.stop();
    }

    @Override
    public MinerState state() {
        MinerState s = super.state();
        return paused && s == MinerState.RUNNING ? MinerState.STOPPED : s;
    }

    @Override
    public String stateDetail() {
        if (paused && super.state() == MinerState.RUNNING) {
            return "paused (process kept running)";
        }
        return apiProblem.isEmpty() ? super.stateDetail() : super.stateDetail() + "; " + apiProblem;
    }

    @Override
    public MinerStats stats() {
        MinerStats base = super.stats();
        XmrigClient c = client;
        if (c != null && pid().isPresent()) {
            try {
                last = c.summary();
                apiProblem = "";
            } catch (IOException e) {
                apiProblem = "API: " + e.getMessage();
            }
        }
        XmrigSummary s = last;
        if (s == null || pid().isEmpty()) {
            return base;
        }
        Map<String, Object> extra = new LinkedHashMap<>(base.extra());
        extra.put("algo", s.algo());
        extra.put("upstream", s.pool());
        extra.put("paused", s.paused());
        MinerStats.Hashrate rate = paused ? MinerStats.Hashrate.ZERO : s.hashrate();
        return new MinerStats(rate, s.sharesGood(), Math.max(0, s.sharesTotal() - s.sharesGood()), 0,
                java.time.Duration.ofSeconds(s.uptimeSeconds()), extra);
    }

    private static void writeOwnerOnly(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(Set.of(
                    java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                    java.nio.file.attribute.PosixFilePermission.OWNER_WRITE)));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.write(tmp, content, StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}

package io.quarry.subnet;

import io.quarry.api.config.ConfigException;
import io.quarry.api.config.ConfigSpec;
import io.quarry.api.config.Env;
import io.quarry.api.config.HostPort;
import io.quarry.api.config.Range;
import io.quarry.api.limit.RateLimit;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code [subnet-miner]} table.
 *
 * @param netuid the subnet's netuid
 * @param network the Bittensor network name (finney, test, local), shown in status
 * @param walletName the wallet directory under {@code wallet_path}
 * @param hotkeyName the hotkey file under {@code <wallet>/hotkeys/}
 * @param walletPath where Bittensor wallets live ({@code ~} is the home directory)
 * @param listen the public API's address ({@code host:port}, parsed by the config binder)
 * @param minStake the stake (TAO) a validator needs for its requests to be served
 * @param metagraphFile the metagraph JSON snapshot; empty means no validator is known and signed routes answer 403
 * @param freshnessMs how far an Epistula timestamp may be from now, and how long UUIDs are remembered
 * @param maxRequests requests a hotkey may make per window: a burst of this many, then
 *     {@code maxRequests / windowSeconds} per second (a token bucket, {@link #rateLimit()})
 * @param windowSeconds the rate-limit window
 * @param maxBodyBytes larger request bodies are refused with 413
 * @param orchestratorUrl a ws:// or wss:// orchestrator to take jobs from; empty means none
 * @param legacyHeaders accept the older X-Epistula-* headers (nanosecond timestamp, 60 s window)
 * @param bidPerHour the price /cvm offers, per hour
 * @param attestation a hardware attestation to hand out in /cvm; empty when there is none
 * @param devWallets development nodes only: create missing hotkeys and a dev metagraph at start
 */
public record SubnetMinerConfig(
        @Env("MY_NETUID") @Range(min = 0, max = 65535) int netuid,
        String network,
        String walletName,
        String hotkeyName,
        String walletPath,
        HostPort listen,
        double minStake,
        String metagraphFile,
        @Range(min = 100, max = 600_000) long freshnessMs,
        @Range(min = 1, max = 1_000_000) int maxRequests,
        @Range(min = 1, max = 86_400) int windowSeconds,
        @Range(min = 0, max = 64L * 1024 * 1024) int maxBodyBytes,
        String orchestratorUrl,
        boolean legacyHeaders,
        double bidPerHour,
        String attestation,
        boolean devWallets) {

    public static final int DEFAULT_NETUID = 0;
    public static final String DEFAULT_NETWORK = "finney";
    public static final String DEFAULT_WALLET_NAME = "miner";
    public static final String DEFAULT_HOTKEY_NAME = "hotkey";
    public static final String DEFAULT_WALLET_PATH = "~/.bittensor/wallets";
    public static final HostPort DEFAULT_LISTEN = new HostPort("127.0.0.1", 8091);
    public static final double DEFAULT_MIN_STAKE = 1000;
    public static final String DEFAULT_METAGRAPH_FILE = "";
    public static final long DEFAULT_FRESHNESS_MS = 8000;
    public static final int DEFAULT_MAX_REQUESTS = 60;
    public static final int DEFAULT_WINDOW_SECONDS = 60;
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final String DEFAULT_ORCHESTRATOR_URL = "";
    public static final boolean DEFAULT_LEGACY_HEADERS = false;
    public static final double DEFAULT_BID_PER_HOUR = 0;
    public static final String DEFAULT_ATTESTATION = "";
    public static final boolean DEFAULT_DEV_WALLETS = false;

    /** The table's shape and defaults. */
    public static final ConfigSpec<SubnetMinerConfig> SPEC = ConfigSpec.of(SubnetMinerConfig.class,
            new SubnetMinerConfig(DEFAULT_NETUID, DEFAULT_NETWORK, DEFAULT_WALLET_NAME, DEFAULT_HOTKEY_NAME,
                    DEFAULT_WALLET_PATH, DEFAULT_LISTEN, DEFAULT_MIN_STAKE, DEFAULT_METAGRAPH_FILE,
                    DEFAULT_FRESHNESS_MS, DEFAULT_MAX_REQUESTS, DEFAULT_WINDOW_SECONDS, DEFAULT_MAX_BODY_BYTES,
                    DEFAULT_ORCHESTRATOR_URL, DEFAULT_LEGACY_HEADERS, DEFAULT_BID_PER_HOUR, DEFAULT_ATTESTATION,
                    DEFAULT_DEV_WALLETS));

    /** Checks every key; messages name the key. */
    public SubnetMinerConfig {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(metagraphFile, "metagraph_file");
        Objects.requireNonNull(attestation, "attestation");
        requireName("wallet_name", walletName);
        requireName("hotkey_name", hotkeyName);
        if (Objects.requireNonNull(walletPath, "wallet_path").isBlank()) {
            throw new ConfigException("wallet_path", "wallet_path must not be empty");
        }
        Objects.requireNonNull(listen, "listen");
        if (!(minStake >= 0) || Double.isInfinite(minStake)) {
            throw new ConfigException("min_stake", "min_stake must be a finite number >= 0, was " + minStake);
        }
        if (!(bidPerHour >= 0) || Double.isInfinite(bidPerHour)) {
            throw new ConfigException("bid_per_hour", "bid_per_hour must be a finite number >= 0, was " + bidPerHour);
        }
        if (!Objects.requireNonNull(orchestratorUrl, "orchestrator_url").isBlank()) {
            String scheme = URI.create(orchestratorUrl).getScheme();
            if (!"ws".equals(scheme) && !"wss".equals(scheme)) {
                throw new ConfigException("orchestrator_url", "orchestrator_url must be a ws:// or wss:// URL, was "
                        + orchestratorUrl);
            }
        }
    }

    /** The listen address. */
    public InetSocketAddress listenAddress() {
        return InetSocketAddress.createUnresolved(listen.host(), listen.port());
    }

    /** The wallet directory: {@code ~} is the home directory, a relative path is under {@code base}. */
    public Path wallets(Path base) {
        return resolve(walletPath, base);
    }

    /** The metagraph file (relative paths under {@code base}); empty when not set. */
    public java.util.Optional<Path> metagraph(Path base) {
        return metagraphFile.isBlank() ? java.util.Optional.empty()
                : java.util.Optional.of(resolve(metagraphFile, base));
    }

    private static Path resolve(String path, Path base) {
        String home = System.getProperty("user.home");
        Path p = Path.of(path.equals("~") || path.startsWith("~/") ? home + path.substring(1) : path);
        return p.isAbsolute() ? p : base.resolve(p);
    }

    /**
     * Each hotkey's rate as a token bucket: {@code max_requests} at once, refilled at {@code max_requests} per
     * {@code window_seconds}, so over any run of whole windows a hotkey averages at most {@code max_requests}
     * per window.
     */
    public RateLimit rateLimit() {
        return new RateLimit((double) maxRequests / windowSeconds, maxRequests);
    }

    /** The Epistula freshness window. */
    public Duration freshness() {
        return Duration.ofMillis(freshnessMs);
    }

    private static void requireName(String key, String value) {
        if (Objects.requireNonNull(value, key).isBlank() || value.contains("/") || value.contains("\\")
                || value.equals(".") || value.equals("..")) {
            throw new ConfigException(key, key + " must be a plain file name, was '" + value + "'");
        }
    }
}

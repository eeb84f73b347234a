package io.quarry.randomx;

import io.quarry.api.config.ConfigException;
import io.quarry.api.config.ConfigSpec;
import io.quarry.api.config.HostPort;
import io.quarry.api.config.Range;
import io.quarry.randomx.cluster.ClusterRole;
import io.quarry.randomx.cluster.ClusterSettings;
import io.quarry.randomx.daemon.DaemonRpcClient;
import io.quarry.randomx.daemon.SoloSettings;
import io.quarry.randomx.hashing.AffinityPlan;
import io.quarry.randomx.hashing.EngineSettings;
import io.quarry.randomx.hashing.FlagPolicy;
import io.quarry.randomx.hashing.FlagSetting;
import io.quarry.randomx.hashing.HugePagesPolicy;
import io.quarry.randomx.hashing.MinerSettings;
import io.quarry.randomx.hashing.RandomXMode;
import io.quarry.randomx.pool.PoolClientSettings;
import io.quarry.randomx.stratum.StratumSettings;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code [randomx-cluster]} table (every key is documented in {@code config/quarry.example.toml}
 * and {@code docs/plugins.md}). Where work comes from: {@code daemon_rpc} set means solo mining on monerod,
 * {@code pools} set means pool mining, neither means an idle miner; {@code stratum_listen} additionally serves
 * outside miners from that upstream.
 *
 * @param mode auto, fast or light
 * @param threads mining threads; 0 means one per core
 * @param ramMb RAM the miner may use in MiB, for the auto mode decision; 0 means what the system has free
 * @param walletAddress where block rewards go (solo) and the default pool login
 * @param daemonRpc monerod RPC URL; set means solo mining
 * @param pools pools in failover order; set means pool mining
 * @param stratumListen host:port of the Stratum endpoint for outside miners; empty means off
 * @param stratumDifficulty the difficulty outside miners start at
 * @param stratumShareSeconds vardiff aims at one share per miner this often; 0 keeps stratum_difficulty fixed
 * @param hugePages auto (use and, as root, reserve), use (only what is free) or off
 * @param affinity miner thread pinning: off, auto or a CPU list such as "0,2"
 * @param jit RandomX JIT compiler: auto, on or off
 * @param hardAes AES-NI: auto, on or off
 * @param secureJit W^X JIT pages: auto, on or off
 * @param poolTlsInsecure accept any TLS certificate from pools (self-signed ones)
 * @param daemonPollMs how often to ask monerod for a new top block
 * @param role standalone (no cluster), master, worker or auto (elected by discovery)
 * @param connect HOST:PORT of the master's discovery endpoint, for a worker that does not discover it
 * @param clusterSecretFile file holding the cluster secret (64 hex characters, mode 0600); required with a role
 * @param discoveryPort UDP port of the authenticated discovery beacons
 * @param discoveryPeers HOST:PORT of members beacons are also sent to by unicast
 * @param datasetHost this node hosts the dataset for low-RAM members even if another has more free RAM
 * @param maxBadResults a member whose results fail the master's check this many times is dropped
 */
public record RandomxClusterConfig(
        RandomXMode mode,
        @Range(min = 0, max = 1024) int threads,
        @Range(min = 0) long ramMb,
        String walletAddress,
        String daemonRpc,
        List<PoolConfig> pools,
        Optional<HostPort> stratumListen,
        @Range(min = 1) long stratumDifficulty,
        @Range(min = 0, max = 3600) int stratumShareSeconds,
        HugePagesPolicy hugePages,
        String affinity,
        FlagSetting jit,
        FlagSetting hardAes,
        FlagSetting secureJit,
        boolean poolTlsInsecure,
        @Range(min = 100, max = 60_000) long daemonPollMs,
        ClusterRole role,
        String connect,
        String clusterSecretFile,
        @Range(min = 1, max = 65535) int discoveryPort,
        List<String> discoveryPeers,
        boolean datasetHost,
        @Range(min = 1, max = 1_000_000) int maxBadResults) {

    public static final RandomXMode DEFAULT_MODE = RandomXMode.AUTO;
    public static final int DEFAULT_THREADS = 0;
    public static final long DEFAULT_RAM_MB = 0;
    public static final String DEFAULT_WALLET_ADDRESS = "";
    public static final String DEFAULT_DAEMON_RPC = "";
    public static final List<PoolConfig> DEFAULT_POOLS = List.of();
    public static final Optional<HostPort> DEFAULT_STRATUM_LISTEN = Optional.empty();
    public static final long DEFAULT_STRATUM_DIFFICULTY = 10000;
    public static final int DEFAULT_STRATUM_SHARE_SECONDS = (int) StratumSettings.DEFAULT_SHARE_TIME.toSeconds();
    public static final HugePagesPolicy DEFAULT_HUGE_PAGES = HugePagesPolicy.AUTO;
    public static final String DEFAULT_AFFINITY = "off";
    public static final FlagSetting DEFAULT_FLAG = FlagSetting.AUTO;
    public static final boolean DEFAULT_POOL_TLS_INSECURE = false;
    public static final long DEFAULT_DAEMON_POLL_MS = SoloSettings.DEFAULT_POLL_INTERVAL.toMillis();
    public static final ClusterRole DEFAULT_ROLE = ClusterRole.STANDALONE;
    public static final String DEFAULT_CONNECT = "";
    public static final String DEFAULT_CLUSTER_SECRET_FILE = "";
    public static final int DEFAULT_DISCOVERY_PORT = 10000;
    public static final List<String> DEFAULT_DISCOVERY_PEERS = List.of();
    public static final boolean DEFAULT_DATASET_HOST = false;
    public static final int DEFAULT_MAX_BAD_RESULTS = 10;

    /** The table's shape and defaults. */
    public static final ConfigSpec<RandomxClusterConfig> SPEC = ConfigSpec.of(RandomxClusterConfig.class,
            new RandomxClusterConfig(DEFAULT_MODE, DEFAULT_THREADS, DEFAULT_RAM_MB, DEFAULT_WALLET_ADDRESS,
                    DEFAULT_DAEMON_RPC, DEFAULT_POOLS, DEFAULT_STRATUM_LISTEN, DEFAULT_STRATUM_DIFFICULTY,
                    DEFAULT_STRATUM_SHARE_SECONDS, DEFAULT_HUGE_PAGES, DEFAULT_AFFINITY, DEFAULT_FLAG, DEFAULT_FLAG,
                    DEFAULT_FLAG, DEFAULT_POOL_TLS_INSECURE, DEFAULT_DAEMON_POLL_MS, DEFAULT_ROLE, DEFAULT_CONNECT,
                    DEFAULT_CLUSTER_SECRET_FILE, DEFAULT_DISCOVERY_PORT, DEFAULT_DISCOVERY_PEERS, DEFAULT_DATASET_HOST,
                    DEFAULT_MAX_BAD_RESULTS));

    /** Where the node's work comes from. */
    public enum Upstream {
        /** Neither pools nor daemon_rpc: the miner idles. */
        NONE,
        /** Pool mining over Monero Stratum. */
        POOL,
        /** Solo mining on monerod. */
        DAEMON
    }

    /** Checks every key and the combinations; messages name the key. */
    public RandomxClusterConfig {
        Objects.requireNonNull(walletAddress, "wallet_address");
        Objects.requireNonNull(daemonRpc, "daemon_rpc");
        Objects.requireNonNull(stratumListen, "stratum_listen");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(hugePages, "huge_pages");
        Objects.requireNonNull(jit, "jit");
        Objects.requireNonNull(hardAes, "hard_aes");
        Objects.requireNonNull(secureJit, "secure_jit");
        pools = List.copyOf(Objects.requireNonNull(pools, "pools"));
        parse("affinity", affinity, AffinityPlan::parse);
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(clusterSecretFile, "cluster_secret_file");
        discoveryPeers = List.copyOf(Objects.requireNonNull(discoveryPeers, "discovery_peers"));
        Objects.requireNonNull(role, "role");
        new ClusterSettings(role, connect, clusterSecretFile, discoveryPort, discoveryPeers, datasetHost,
                maxBadResults);
        if (role == ClusterRole.MASTER && daemonRpc.isBlank() && pools.isEmpty()) {
            throw new ConfigException("role", "role = \"master\" needs work to hand out: set daemon_rpc (solo) or "
                    + "pools (pool mining) too");
        }
        if (!daemonRpc.isBlank() && !pools.isEmpty()) {
            throw new ConfigException("daemon_rpc", "daemon_rpc and pools are both set: daemon_rpc means solo "
                    + "mining on monerod, pools means pool mining; keep one");
        }
        if (!daemonRpc.isBlank()) {
            parse("daemon_rpc", daemonRpc, url -> new DaemonRpcClient(url, DaemonRpcClient.DEFAULT_TIMEOUT));
            if (walletAddress.isBlank()) {
                throw new ConfigException("wallet_address", "wallet_address is required for solo mining "
                        + "(daemon_rpc is set): it is the address block rewards go to");
            }
            checkMoneroAddress(walletAddress);
        }
        for (int i = 0; i < pools.size(); i++) {
            PoolConfig pool = pools.get(i);
            if (pool.url().isBlank()) {
                throw new ConfigException("pools", "randomx-cluster.pools[" + i + "].url is required");
            }
            if (pool.user().isBlank() && walletAddress.isBlank()) {
                throw new ConfigException("pools", "randomx-cluster.pools[" + i + "].user is empty and so is "
                        + "wallet_address: set one of them (the pool login, usually the wallet address)");
            }
        }
        if (stratumListen.isPresent()) {
            if (daemonRpc.isBlank() && pools.isEmpty()) {
                throw new ConfigException("stratum_listen", "stratum_listen needs work to hand out: set daemon_rpc "
                        + "(solo) or pools (pool mining) too");
            }
        }
    }

    /** The cluster keys as one value; {@link ClusterRole#STANDALONE} unless {@code role} says otherwise. */
    public ClusterSettings clusterSettings() {
        return new ClusterSettings(role, connect, clusterSecretFile, discoveryPort, discoveryPeers,
                datasetHost, maxBadResults);
    }

    /** Where work comes from. */
    public Upstream upstream() {
        return !daemonRpc.isBlank() ? Upstream.DAEMON : pools.isEmpty() ? Upstream.NONE : Upstream.POOL;
    }

    /** The engine as these keys say, with dataset progress logged by {@code progress}. */
    public EngineSettings engineSettings() {
        return EngineSettings.defaults()
                .withMode(mode)
                .withThreads(threads)
                .withRamMb(ramMb)
                .withHugePages(hugePages)
                .withFlags(new FlagPolicy(jit, hardAes, secureJit));
    }

    /** The miner threads as these keys say (thread count from the engine). */
    public MinerSettings minerSettings() {
        return MinerSettings.defaults().withAffinity(AffinityPlan.parse(affinity));
    }

    /** Pool client settings; only meaningful when {@link #upstream()} is POOL. */
    public PoolClientSettings poolSettings() {
        return PoolClientSettings.of(pools.stream().map(p -> p.endpoint(walletAddress)).toList())
                .withTrustAllCertificates(poolTlsInsecure);
    }

    /** Solo settings; only meaningful when {@link #upstream()} is DAEMON. */
    public SoloSettings soloSettings() {
        return SoloSettings.of(walletAddress)
                .withPolling(Duration.ofMillis(daemonPollMs), SoloSettings.DEFAULT_TEMPLATE_REFRESH);
    }

    /** The Stratum endpoint's settings, when {@code stratum_listen} is set. */
    public Optional<StratumSettings> stratumSettings() {
        if (stratumListen.isEmpty()) {
            return Optional.empty();
        }
        StratumSettings base = StratumSettings.of(stratumListen.get(), stratumDifficulty);
        return Optional.of(base.withVardiff(Duration.ofSeconds(stratumShareSeconds), base.retargetInterval()));
    }

    private static <T> T parse(String key, String value, Function<String, T> parser) {
        Objects.requireNonNull(value, key);
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            throw new ConfigException(key, message.startsWith(key + " ") ? message : key + " " + message);
        }
    }

    /**
     * A cheap shape check so a typo fails at start rather than at the first block template: Monero addresses
     * are base58 (no 0, O, I, l), 95 characters, or 106 for integrated ones.
     */
    private static void checkMoneroAddress(String address) {
        boolean base58 = address.chars().allMatch(c -> c < 128
                && "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".indexOf(c) >= 0);
        if (!base58 || address.length() != 95 && address.length() != 106) {
            throw new ConfigException("wallet_address", "wallet_address must be a Monero address (95 or 106 base58 "
                    + "characters), was '" + address + "' (" + address.length() + " characters)");
        }
    }
}

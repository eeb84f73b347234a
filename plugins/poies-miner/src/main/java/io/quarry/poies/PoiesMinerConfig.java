package io.quarry.poies;

import io.quarry.api.config.ConfigException;
import io.quarry.api.config.ConfigSpec;
import io.quarry.api.config.Env;
import io.quarry.api.config.Range;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code [poies-miner]} table (every key is documented in
 * {@code config/quarry.example.toml} and the poies section of {@code docs/plugins.md}).
 *
 * <p>Roles: {@code "node"} keeps the dev chain (genesis, blocks, head in the kernel store), builds templates,
 * runs the proof workers, admits shares from the local device and from outside miners, seals blocks and serves
 * JSON-RPC, WebSocket getwork and Stratum. {@code "miner"} mines against the node at {@code rpc_url} /
 * {@code ws_url} (usually another host). A node scans on its own CPU unless {@code device = "none"}.
 *
 * @param roles any of "node" and "miner", at least one
 * @param threads CPU scanner threads; 0 means one per logical core
 * @param device scanning backend: cpu, or none (no local scanning); cuda, rocm, opencl and metal are named by
 *     the seed but not built
 * @param stratumListen host:port of the Stratum server; empty means off
 * @param rpcUrl JSON-RPC URL of the node to mine against (miner role)
 * @param wsUrl WebSocket getwork URL of the node to mine against (miner role)
 * @param chainId chain id of the dev chain, committed to by every template
 * @param targetSharesPerSec share rate the micro-target aims for, per miner
 * @param blockTimeSecs block time the Theta retarget aims for
 * @param policyFile PoIES policy file (Gamma cap, per-type caps, escort q, provider allowlist); empty means the
 *     built-in dev policy
 * @param selection local selection caps, tighter than the policy's (never looser)
 * @param coinbase the payout address templates carry (lowercase letters and digits); empty means
 *     {@code "quarry<first 40 hex digits of the node id>"}
 * @param proofKinds the useful-proof workers this node runs: any of vdf, storage, ai, quantum
 * @param proofIntervalMs how often each proof worker produces a proof
 * @param templateRefreshMs least time between two template rotations caused by a change in the proof pool
 *     (head and Theta changes rotate at once)
 * @param rpcAccess who may call the JSON-RPC route: "open" (anyone reaching the HTTP port) or "token"
 * @param peerRequestsPerSec token bucket refill per peer (remote address) for RPC, WebSocket and Stratum requests
 * @param peerRequestBurst token bucket size per peer
 * @param globalRequestsPerSec token bucket refill for all peers together
 * @param globalRequestBurst global token bucket size
 */
public record PoiesMinerConfig(
        List<String> roles,
        @Env("MINER_THREADS") @Range(min = 0, max = 1024) int threads,
        @Env("MINER_DEVICE") String device,
        @Env("STRATUM_LISTEN") String stratumListen,
        @Env("RPC_URL") String rpcUrl,
        @Env("WS_URL") String wsUrl,
        @Env("CHAIN_ID") @Range(min = 1, max = MAX_CHAIN_ID) long chainId,
        @Env("MINER_TARGET_SHARES_PER_SEC") double targetSharesPerSec,
        @Range(min = 1, max = 86400) int blockTimeSecs,
        String policyFile,
        Selection selection,
        String coinbase,
        List<String> proofKinds,
        @Range(min = 100, max = 3_600_000) long proofIntervalMs,
        @Range(min = 0, max = 600_000) long templateRefreshMs,
        String rpcAccess,
        double peerRequestsPerSec,
        @Range(min = 1, max = 1_000_000) int peerRequestBurst,
        double globalRequestsPerSec,
        @Range(min = 1, max = 10_000_000) int globalRequestBurst) {

    /** Largest chain id: 2^53 - 1, so JSON clients that read numbers as doubles see it exactly. */
    public static final long MAX_CHAIN_ID = (1L << 53) - 1;
    /** The role that keeps the chain and seals blocks. */
    public static final String ROLE_NODE = "node";
    /** The role that mines against a (usually remote) node. */
    public static final String ROLE_MINER = "miner";
    /** Device value that turns local scanning off. */
    public static final String DEVICE_NONE = "none";
    /** The one device built. */
    public static final String DEVICE_CPU = "cpu";
    /** Device names the PoIES miner knows that this build does not have. */
    public static final Set<String> UNBUILT_DEVICES = Set.of("cuda", "rocm", "opencl", "metal");
    /** Proof workers a node can run. */
    public static final List<String> PROOF_KINDS = List.of("vdf", "storage", "ai", "quantum");
    /** Proof types the policy caps (the workers' kinds plus HashShares attached as proofs). */
    public static final List<String> PROOF_TYPES = List.of("hash", "ai", "quantum", "storage", "vdf");
    /** RPC access values. */
    public static final String ACCESS_OPEN = "open";
    public static final String ACCESS_TOKEN = "token";

    public static final List<String> DEFAULT_ROLES = List.of(ROLE_NODE);
    public static final int DEFAULT_THREADS = 0;
    public static final String DEFAULT_DEVICE = DEVICE_CPU;
    /** The PoIES default, also set by {@code STRATUM_LISTEN}. */
    public static final String DEFAULT_STRATUM_LISTEN = "0.0.0.0:11333";
    public static final String DEFAULT_RPC_URL = "";
    public static final String DEFAULT_WS_URL = "";
    public static final long DEFAULT_CHAIN_ID = 1337;
    public static final double DEFAULT_TARGET_SHARES_PER_SEC = 1.0;
    public static final int DEFAULT_BLOCK_TIME_SECS = 10;
    public static final String DEFAULT_POLICY_FILE = "";
    public static final String DEFAULT_COINBASE = "";
    public static final List<String> DEFAULT_PROOF_KINDS = PROOF_KINDS;
    public static final long DEFAULT_PROOF_INTERVAL_MS = 5_000;
    public static final long DEFAULT_TEMPLATE_REFRESH_MS = 2_000;
    public static final String DEFAULT_RPC_ACCESS = ACCESS_OPEN;
    public static final double DEFAULT_PEER_REQUESTS_PER_SEC = 50;
    public static final int DEFAULT_PEER_REQUEST_BURST = 100;
    public static final double DEFAULT_GLOBAL_REQUESTS_PER_SEC = 2_000;
    public static final int DEFAULT_GLOBAL_REQUEST_BURST = 4_000;
    /** Largest accepted share rate target; far above what any share pipeline here sustains. */
    public static final double MAX_TARGET_SHARES_PER_SEC = 10_000;
    /** Longest coinbase: what a template carries ({@code "anim1..."}: lowercase letters and digits). */
    public static final int MAX_COINBASE_CHARS = 90;
    /** Hex digits of the node id a default coinbase carries. */
    static final int COINBASE_NODE_ID_CHARS = 40;

    /** The table's shape and defaults. */
    public static final ConfigSpec<PoiesMinerConfig> SPEC = ConfigSpec.of(PoiesMinerConfig.class,
            new PoiesMinerConfig(DEFAULT_ROLES, DEFAULT_THREADS, DEFAULT_DEVICE, DEFAULT_STRATUM_LISTEN,
                    DEFAULT_RPC_URL, DEFAULT_WS_URL, DEFAULT_CHAIN_ID, DEFAULT_TARGET_SHARES_PER_SEC,
                    DEFAULT_BLOCK_TIME_SECS, DEFAULT_POLICY_FILE, Selection.DEFAULTS, DEFAULT_COINBASE,
                    DEFAULT_PROOF_KINDS, DEFAULT_PROOF_INTERVAL_MS, DEFAULT_TEMPLATE_REFRESH_MS,
                    DEFAULT_RPC_ACCESS, DEFAULT_PEER_REQUESTS_PER_SEC, DEFAULT_PEER_REQUEST_BURST,
                    DEFAULT_GLOBAL_REQUESTS_PER_SEC, DEFAULT_GLOBAL_REQUEST_BURST));

    /** Checks every key and the combinations; messages name the key. */
    public PoiesMinerConfig {
        roles = List.copyOf(Objects.requireNonNull(roles, "roles"));
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(stratumListen, "stratum_listen");
        Objects.requireNonNull(rpcUrl, "rpc_url");
        Objects.requireNonNull(wsUrl, "ws_url");
        Objects.requireNonNull(policyFile, "policy_file");
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(coinbase, "coinbase");
        proofKinds = List.copyOf(Objects.requireNonNull(proofKinds, "proof_kinds"));
        Objects.requireNonNull(rpcAccess, "rpc_access");

        checkRoles(roles);
        device = device.trim().toLowerCase(Locale.ROOT);
        checkDevice(device);
        if (!stratumListen.isBlank()) {
            Listen.parse("stratum_listen", stratumListen);
        }
        checkUrl("rpc_url", rpcUrl, Set.of("http", "https"));
        checkUrl("ws_url", wsUrl, Set.of("ws", "wss"));
        if (roles.contains(ROLE_MINER) && rpcUrl.isBlank() && wsUrl.isBlank()) {
            throw new ConfigException("roles", "roles contains \"miner\" but rpc_url and ws_url are both empty: "
                    + "set ws_url (and rpc_url) to the node to mine against, e.g. ws_url = "
                    + "\"ws://127.0.0.1:8080/api/v1/poies-miner/ws\"");
        }
        if (!(targetSharesPerSec > 0) || targetSharesPerSec > MAX_TARGET_SHARES_PER_SEC) {
            throw new ConfigException("target_shares_per_sec", "target_shares_per_sec must be > 0 and <= "
                    + MAX_TARGET_SHARES_PER_SEC + ", was " + targetSharesPerSec);
        }
        checkCoinbase(coinbase);
        checkProofKinds(proofKinds);
        if (!rpcAccess.equals(ACCESS_OPEN) && !rpcAccess.equals(ACCESS_TOKEN)) {
            throw new ConfigException("rpc_access", "rpc_access must be \"open\" or \"token\", was \"" + rpcAccess
                    + "\"");
        }
        checkRate("peer_requests_per_sec", peerRequestsPerSec);
        checkRate("global_requests_per_sec", globalRequestsPerSec);
    }

    /** Whether this node keeps the chain. */
    public boolean isNode() {
        return roles.contains(ROLE_NODE);
    }

    /** Whether this node mines against {@code rpc_url} / {@code ws_url}. */
    public boolean isMiner() {
        return roles.contains(ROLE_MINER);
    }

    /** Whether the node role scans nonces on the local CPU. */
    public boolean scansLocally() {
        return isNode() && device.equals(DEVICE_CPU);
    }

    /** Scanner threads with 0 resolved to the number of logical cores. */
    public int effectiveThreads() {
        return threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** Where the Stratum server listens, or empty when it is off. */
    public Optional<Listen> stratumAddress() {
        return stratumListen.isBlank() ? Optional.empty() : Optional.of(Listen.parse("stratum_listen", stratumListen));
    }

    /**
     * The coinbase templates carry: the configured one, or {@code "quarry"} followed by the first 40 hex digits
     * of the node id (lowercase, so it fits the template's address alphabet).
     */
    public String coinbaseOr(String nodeId) {
        if (!coinbase.isBlank()) {
            return coinbase;
        }
        String hex = nodeId.toLowerCase(Locale.ROOT).replaceAll("[^0-9a-f]", "");
        return "quarry" + hex.substring(0, Math.min(COINBASE_NODE_ID_CHARS, hex.length()));
    }

    /**
     * A parsed {@code host:port} ({@code [::1]:11333} for IPv6).
     *
     * @param host the host or address, without brackets
     * @param port 0..65535 (0 picks a free port)
     */
    public record Listen(String host, int port) {

        /** Parses {@code text}, naming {@code key} in the error. */
        public static Listen parse(String key, String text) {
            String t = text.trim();
            int colon = t.lastIndexOf(':');
            if (colon <= 0 || colon == t.length() - 1) {
                throw new ConfigException(key, key + " must be host:port (e.g. 127.0.0.1:11333), was \"" + text
                        + "\"");
            }
            String host = t.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            } else if (host.contains(":")) {
                throw new ConfigException(key, key + ": write an IPv6 address in brackets ([::1]:11333), was \""
                        + text + "\"");
            }
            int port;
            try {
                port = Integer.parseInt(t.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new ConfigException(key, key + ": port must be a number, was \"" + t.substring(colon + 1)
                        + "\"");
            }
            if (port < 0 || port > 65535 || host.isBlank()) {
                throw new ConfigException(key, key + " must be host:port with a port in 0..65535, was \"" + text
                        + "\"");
            }
            return new Listen(host, port);
        }
    }

    private static void checkRoles(List<String> roles) {
        if (roles.isEmpty()) {
            throw new ConfigException("roles", "roles must name at least one of \"node\", \"miner\"");
        }
        Set<String> seen = new HashSet<>();
        for (String role : roles) {
            if (!role.equals(ROLE_NODE) && !role.equals(ROLE_MINER)) {
                throw new ConfigException("roles", "roles may hold \"node\" and \"miner\", found \"" + role + "\"");
            }
            if (!seen.add(role)) {
                throw new ConfigException("roles", "roles names \"" + role + "\" twice");
            }
        }
    }

    private static void checkDevice(String device) {
        if (UNBUILT_DEVICES.contains(device)) {
            throw new ConfigException("device", "device \"" + device + "\" is not built into this node: only "
                    + "\"cpu\" is (or \"none\" for no local scanning)");
        }
        if (!device.equals(DEVICE_CPU) && !device.equals(DEVICE_NONE)) {
            throw new ConfigException("device", "device must be \"cpu\" or \"none\", was \"" + device + "\"");
        }
    }

    private static void checkUrl(String key, String url, Set<String> schemes) {
        if (url.isBlank()) {
            return;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!schemes.contains(scheme) || uri.getHost() == null) {
                throw new ConfigException(key, key + " must be an absolute " + String.join(" or ", schemes.stream()
                        .sorted().toList()) + " URL with a host, was \"" + url + "\"");
            }
        } catch (URISyntaxException e) {
            throw new ConfigException(key, key + " is not a valid URL (" + e.getReason() + "): \"" + url + "\"");
        }
    }

    private static void checkCoinbase(String coinbase) {
        if (coinbase.length() > MAX_COINBASE_CHARS
                || !coinbase.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
            throw new ConfigException("coinbase", "coinbase must be at most " + MAX_COINBASE_CHARS
                    + " lowercase letters and digits (an anim1... address), was \"" + coinbase + "\"");
        }
    }

    private static void checkProofKinds(List<String> kinds) {
        Set<String> seen = new HashSet<>();
        for (String kind : kinds) {
            if (!PROOF_KINDS.contains(kind)) {
                throw new ConfigException("proof_kinds", "proof_kinds may hold " + PROOF_KINDS + ", found \"" + kind
                        + "\"");
            }
            if (!seen.add(kind)) {
                throw new ConfigException("proof_kinds", "proof_kinds names \"" + kind + "\" twice");
            }
        }
    }

    private static void checkRate(String key, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new ConfigException(key, key + " must be a finite number >= 0 (0 turns the limit off), was "
                    + value);
        }
    }

    /**
     * The {@code [poies-miner.selection]} table: an operator's local caps on proof selection (selection policy
     * overlays). Each applies only where it is tighter than the policy's own: a local cap can
     * never let through what the network policy refuses.
     *
     * @param gammaCap total psi of attached proofs (nats); 0 means the policy's Gamma cap
     * @param typeCaps psi cap per proof type (keys hash, ai, quantum, storage, vdf); absent means the policy's cap,
     *     0 means never attach that type
     * @param maxProofs most proofs attached to one template; 0 means no local limit
     */
    public record Selection(double gammaCap, Map<String, Double> typeCaps, @Range(min = 0, max = 1024) int maxProofs) {

        /** No local tightening. */
        public static final Selection DEFAULTS = new Selection(0, Map.of(), 0);

        public Selection {
            typeCaps = Map.copyOf(Objects.requireNonNull(typeCaps, "type_caps"));
            if (!(gammaCap >= 0) || Double.isInfinite(gammaCap)) {
                throw new ConfigException("gamma_cap", "gamma_cap must be a finite number >= 0 (0 means the "
                        + "policy's cap), was " + gammaCap);
            }
            for (Map.Entry<String, Double> cap : typeCaps.entrySet()) {
                if (!PROOF_TYPES.contains(cap.getKey())) {
                    throw new ConfigException("type_caps", "type_caps keys may be " + PROOF_TYPES + ", found \""
                            + cap.getKey() + "\"");
                }
                if (!(cap.getValue() >= 0) || cap.getValue().isInfinite()) {
                    throw new ConfigException("type_caps", "type_caps." + cap.getKey() + " must be a finite "
                            + "number >= 0, was " + cap.getValue());
                }
            }
        }
    }
}

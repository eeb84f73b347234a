package io.quarry.poies.stratum;

import io.quarry.api.config.HostPort;
import io.quarry.api.jsonrpc.JsonRpcLimits;
import io.quarry.poies.PoiesMinerConfig;
import java.util.Objects;

/**
 * Where the Stratum server listens and what its line server tolerates.
 *
 * @param host the address to bind
 * @param port the port; 0 picks a free one
 * @param limits line length, connections, idle time, and the line server's own request buckets
 */
public record StratumSettings(String host, int port, JsonRpcLimits limits) {

    /**
     * A submit line is about 250 bytes, a subscribe or authorize less; 4 KiB leaves room and refuses anything that
     * is not a Stratum request.
     */
    public static final int MAX_LINE_BYTES = 4 * 1024;

    public StratumSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(limits, "limits");
    }

    /**
     * From the plugin's config: {@code stratum_listen} (which must be set), and the per-peer and global request
     * rates (the line server's per-connection and server-wide buckets use them; the node's shared per-address
     * buckets apply on top).
     */
    public static StratumSettings from(PoiesMinerConfig config) {
        HostPort listen = config.stratumListen().orElseThrow(() -> new IllegalArgumentException(
                "poies-miner.stratum_listen is empty: the Stratum server is off"));
        JsonRpcLimits limits = JsonRpcLimits.DEFAULTS.withMaxLineBytes(MAX_LINE_BYTES)
                .withRate(config.peerRequestsPerSec(), config.peerRequestBurst())
                .withGlobalRate(config.globalRequestsPerSec(), config.globalRequestBurst());
        return new StratumSettings(listen.host(), listen.port(), limits);
    }
}

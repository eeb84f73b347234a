package io.quarry.randomx.daemon;

import java.time.Duration;
import java.util.Objects;

/**
 * How solo mining talks to monerod.
 *
 * @param walletAddress the address block rewards go to ({@code wallet_address})
 * @param reserveSize bytes monerod leaves free in the miner transaction: 4 for the worker index and 4 for
 *     this node's random instance id, so two nodes mining on one daemon and wallet never build the same block
 * @param pollInterval how often to ask {@code get_info} for a new top block
 * @param templateRefresh how often to fetch a new template even without a new block (new transactions, fees)
 */
public record SoloSettings(String walletAddress, int reserveSize, Duration pollInterval, Duration templateRefresh) {

    public static final int DEFAULT_RESERVE_SIZE = 8;
    /** XMRig polls a daemon every second by default ({@code daemon-poll-interval}). */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_TEMPLATE_REFRESH = Duration.ofSeconds(30);

    public SoloSettings {
        Objects.requireNonNull(walletAddress, "walletAddress");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(templateRefresh, "templateRefresh");
        if (walletAddress.isBlank()) {
            throw new IllegalArgumentException("solo mining needs wallet_address: the address block rewards go to");
        }
        if (reserveSize < 8 || reserveSize > 255) {
            throw new IllegalArgumentException("reserveSize must be 8..255, was " + reserveSize);
        }
        if (pollInterval.isNegative() || pollInterval.isZero() || templateRefresh.isNegative()
                || templateRefresh.isZero()) {
            throw new IllegalArgumentException("pollInterval and templateRefresh must be > 0");
        }
    }

    /** Defaults for everything but the wallet. */
    public static SoloSettings of(String walletAddress) {
        return new SoloSettings(walletAddress, DEFAULT_RESERVE_SIZE, DEFAULT_POLL_INTERVAL, DEFAULT_TEMPLATE_REFRESH);
    }

    public SoloSettings withPolling(Duration poll, Duration refresh) {
        return new SoloSettings(walletAddress, reserveSize, poll, refresh);
    }
}

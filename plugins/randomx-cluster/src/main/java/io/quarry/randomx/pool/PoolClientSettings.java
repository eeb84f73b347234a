package io.quarry.randomx.pool;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The pool client's behaviour.
 *
 * @param pools pools in order of preference: the first reachable one is used, the list is the failover order
 * @param agent what the login's {@code agent} says ({@code "Quarry/0.1.0"})
 * @param keepalive how often to send {@code keepalived} while logged in; {@link Duration#ZERO} disables
 * @param requestTimeout how long to wait for login and submit answers
 * @param initialBackoff wait after every pool failed once in a row, doubled up to {@code maxBackoff}
 * @param maxBackoff the longest wait between rounds
 * @param trustAllCertificates accept any TLS certificate (pools with self-signed ones, as XMRig does without a
 *     fingerprint); logged as a warning on every TLS connection
 */
public record PoolClientSettings(List<PoolEndpoint> pools, String agent, Duration keepalive, Duration requestTimeout,
                                 Duration initialBackoff, Duration maxBackoff, boolean trustAllCertificates) {

    public static final String DEFAULT_AGENT = "Quarry/0.1.0";
    /** XMRig pings every 60 s when the pool supports keepalive. */
    public static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(60);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(60);

    public PoolClientSettings {
        pools = List.copyOf(Objects.requireNonNull(pools, "pools"));
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(keepalive, "keepalive");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (pools.isEmpty()) {
            throw new IllegalArgumentException("pool mining needs at least one entry in pools");
        }
    }

    /** Defaults for everything but the pools. */
    public static PoolClientSettings of(List<PoolEndpoint> pools) {
        return new PoolClientSettings(pools, DEFAULT_AGENT, DEFAULT_KEEPALIVE, DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, false);
    }

    public PoolClientSettings withTimings(Duration keepaliveEvery, Duration timeout, Duration initial, Duration max) {
        return new PoolClientSettings(pools, agent, keepaliveEvery, timeout, initial, max, trustAllCertificates);
    }

    public PoolClientSettings withTrustAllCertificates(boolean trustAll) {
        return new PoolClientSettings(pools, agent, keepalive, requestTimeout, initialBackoff, maxBackoff, trustAll);
    }
}

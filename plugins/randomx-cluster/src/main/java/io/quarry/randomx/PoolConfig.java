package io.quarry.randomx;

import io.quarry.api.config.ConfigException;
import io.quarry.api.config.Secret;
import io.quarry.randomx.pool.PoolEndpoint;
import java.util.Objects;

/**
 * One entry of {@code [randomx-cluster] pools}, in failover order:
 * {@code pools = [{ url = "stratum+ssl://pool.example:443", user = "4...", pass = "rig1", tls = true }]}.
 *
 * <p>{@code pass} is masked by {@code quarry config show}: most pools take a worker name there, but some
 * (private pools, proxies) take a real password, and the config view cannot tell which.
 *
 * @param url {@code stratum+tcp://host:port}, {@code stratum+ssl://host:port} or {@code host:port}; required
 * @param user the login; empty means {@code wallet_address}
 * @param pass the password, usually a worker name or {@code x}
 * @param tls speak TLS even when the URL does not say {@code stratum+ssl://}
 */
public record PoolConfig(String url, String user, @Secret String pass, boolean tls) {

    /** What an entry's omitted keys mean; {@code url} has no usable default and must be given. */
    public static final PoolConfig DEFAULTS = new PoolConfig("", "", "x", false);

    public PoolConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(pass, "pass");
        if (!url.isBlank()) {
            try {
                new PoolEndpoint(url, "check", pass, tls).endpoint();
            } catch (IllegalArgumentException e) {
                throw new ConfigException("url", "url is unusable: " + e.getMessage());
            }
        }
    }

    /** The endpoint the pool client dials, logging in as {@code user} or else {@code walletAddress}. */
    public PoolEndpoint endpoint(String walletAddress) {
        return new PoolEndpoint(url, user.isBlank() ? walletAddress : user, pass, tls);
    }
}

package io.quarry.api.subnet;

import java.util.Optional;

/**
 * One signed route of the subnet miner's public API: a subnet's own work as a small class in any plugin.
 * The miner serves it as {@code POST <route>} on its listener and calls it only for requests that passed
 * every check (Epistula signature, freshness, replay, validator permit and stake, rate limit, body size), so a
 * handler sees only what a trusted validator sent.
 *
 * <p>Register handlers through {@link SubnetHandlers}, which the subnet-miner plugin offers as a service.
 *
 * @param <Q> the request body type, bound from JSON with Jackson (an empty body binds as {@code {}});
 *     {@code Void} for routes that take no body
 */
public interface SubnetHandler<Q> {

    /** The route, for example {@code "/cvm"}. */
    String route();

    /** The request body type. */
    Class<Q> requestType();

    /**
     * Checks a bound request beyond what its type says (required fields, sizes, formats).
     *
     * @return empty when acceptable, else the reason, which the client receives with status 400
     */
    default Optional<String> validate(Q request) {
        return Optional.empty();
    }

    /**
     * Answers a verified, validated request. The returned value is sent as JSON with status 200; throw
     * {@link io.quarry.api.http.HttpException} for another status.
     */
    Object handle(SubnetRequest<Q> request) throws Exception;
}

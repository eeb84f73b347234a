package io.quarry.poies.policy;

import io.quarry.poies.model.Bytes;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves a provider reference in a policy file ({@code "ref": "local-dev-provider"}) to a concrete public key
 * when the policy is loaded. The policy root is computed over the resolved keys, so it always commits to the
 * actual key, never to the reference name: two nodes whose references resolve to different keys have
 * different policy roots, as they should.
 */
public interface ProviderKeyResolver {

    /** The reference every node can resolve: its own built-in dev provider's key. */
    String LOCAL_DEV_PROVIDER = "local-dev-provider";

    /** The key {@code ref} stands for on this node, if it knows it. */
    Optional<Bytes> resolve(String ref);

    /** The references this resolver knows, for error messages. */
    Set<String> known();

    /** A resolver that knows no references: policies must give every key literally. */
    static ProviderKeyResolver none() {
        return of(Map.of());
    }

    /** A resolver over a fixed map of references. */
    static ProviderKeyResolver of(Map<String, Bytes> keys) {
        Map<String, Bytes> copy = Map.copyOf(keys);
        return new ProviderKeyResolver() {
            @Override
            public Optional<Bytes> resolve(String ref) {
                return Optional.ofNullable(copy.get(ref));
            }

            @Override
            public Set<String> known() {
                return copy.keySet();
            }
        };
    }
}

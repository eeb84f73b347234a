package io.quarry.kernel.plugin;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Services plugins offer each other under API types (a {@code ProofSource} from the storage plugin for the
 * PoIES plugin). Plugins never see each other's classes, only the API interface the service implements.
 */
public final class ServiceDirectory {

    private record Offer(String owner, Object implementation) {
    }

    private final Map<Class<?>, Offer> offers = new ConcurrentHashMap<>();

    /** Offers {@code implementation} under {@code type}; one offer per type. */
    public <S> void offer(String owner, Class<S> type, S implementation) {
        Objects.requireNonNull(type, "type");
        if (!type.isInstance(Objects.requireNonNull(implementation, "implementation"))) {
            throw new IllegalArgumentException(implementation.getClass() + " does not implement " + type);
        }
        Offer earlier = offers.putIfAbsent(type, new Offer(owner, implementation));
        if (earlier != null) {
            throw new IllegalStateException(type.getName() + " is already offered by " + earlier.owner());
        }
    }

    /** The implementation offered under {@code type}. */
    public <S> Optional<S> find(Class<S> type) {
        Offer offer = offers.get(type);
        return offer == null ? Optional.empty() : Optional.of(type.cast(offer.implementation()));
    }

    /** Withdraws every offer of {@code owner} (it stopped or failed). */
    public void withdrawAll(String owner) {
        offers.values().removeIf(o -> o.owner().equals(owner));
    }
}

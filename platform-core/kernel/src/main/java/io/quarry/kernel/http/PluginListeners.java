package io.quarry.kernel.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarry.api.http.HttpListener;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The extra ports plugins open through {@link io.quarry.api.http.Http#listener}, each an {@link HttpServer}
 * with the node port's limits, tracked per plugin so they close when the plugin is removed or the node stops.
 */
final class PluginListeners {

    private final HttpLimits limits;
    private final Supplier<String> apiToken;
    private final MeterRegistry meters;
    private final Map<String, List<PluginListener>> byOwner = new HashMap<>();

    PluginListeners(HttpLimits limits, Supplier<String> apiToken, MeterRegistry meters) {
        this.limits = limits;
        this.apiToken = apiToken;
        this.meters = meters;
    }

    HttpListener open(String owner, InetSocketAddress address) {
        Objects.requireNonNull(address, "address");
        // Every route on a plugin listener is OPEN, so the token settings never come into play there.
        HttpServer server = new HttpServer(address.getHostString(), address.getPort(), limits, apiToken, true,
                null, meters);
        PluginListener[] self = new PluginListener[1];
        self[0] = new PluginListener(server, address, () -> forget(owner, self[0]));
        synchronized (byOwner) {
            byOwner.computeIfAbsent(owner, o -> new ArrayList<>()).add(self[0]);
        }
        return self[0];
    }

    void closeOwner(String owner) {
        List<PluginListener> owned;
        synchronized (byOwner) {
            owned = byOwner.remove(owner);
        }
        if (owned != null) {
            owned.forEach(PluginListener::close);
        }
    }

    void closeAll() {
        List<String> owners;
        synchronized (byOwner) {
            owners = List.copyOf(byOwner.keySet());
        }
        owners.forEach(this::closeOwner);
    }

    private void forget(String owner, PluginListener listener) {
        synchronized (byOwner) {
            List<PluginListener> owned = byOwner.get(owner);
            if (owned != null) {
                owned.remove(listener);
            }
        }
    }
}

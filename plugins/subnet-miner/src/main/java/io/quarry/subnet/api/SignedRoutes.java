package io.quarry.subnet.api;

import io.quarry.api.http.HttpListener;
import io.quarry.api.http.HttpMethod;
import io.quarry.api.subnet.SubnetHandler;
import io.quarry.api.subnet.SubnetHandlers;
import io.quarry.api.subnet.SubnetJobHandler;
import io.quarry.subnet.orchestrator.JobDispatcher;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The miner's {@link SubnetHandlers}: each handler becomes {@code POST <route>} on the public listener; job
 * handlers go to the orchestrator connection's dispatcher.
 */
public final class SignedRoutes implements SubnetHandlers {

    private final HttpListener listener;
    private final SubnetGate gate;
    private final JobDispatcher jobs;
    private final Set<String> routes = ConcurrentHashMap.newKeySet();

    public SignedRoutes(HttpListener listener, SubnetGate gate, JobDispatcher jobs) {
        this.listener = listener;
        this.gate = gate;
        this.jobs = jobs;
    }

    @Override
    public void registerJob(SubnetJobHandler<?> handler) {
        jobs.register(handler);
    }

    @Override
    public void register(SubnetHandler<?> handler) {
        Objects.requireNonNull(handler, "handler");
        String route = Objects.requireNonNull(handler.route(), "route");
        if (!route.startsWith("/") || route.length() < 2 || route.equals("/health")) {
            throw new IllegalArgumentException("a subnet route is an absolute path other than /health, was '"
                    + route + "'");
        }
        if (!routes.add(route)) {
            throw new IllegalArgumentException("subnet route " + route + " is already registered");
        }
        listener.route(HttpMethod.POST, route, gate.signed(handler));
    }

    /** The signed routes served, sorted. */
    public List<String> routes() {
        List<String> sorted = new java.util.ArrayList<>(routes);
        Collections.sort(sorted);
        return sorted;
    }
}

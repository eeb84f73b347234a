package io.quarry.randomx.pool;

import io.quarry.api.jsonrpc.JsonRpcClient;
import io.quarry.api.jsonrpc.JsonRpcClientListener;
import io.quarry.api.jsonrpc.JsonRpcClientSettings;
import io.quarry.api.jsonrpc.JsonRpcDialect;
import io.quarry.api.jsonrpc.JsonRpcEndpoint;
import io.quarry.api.jsonrpc.JsonRpcException;
import io.quarry.api.jsonrpc.JsonRpcRequest;
import io.quarry.api.jsonrpc.JsonRpcServers;
import io.quarry.api.jsonrpc.JsonRpcValue;
import io.quarry.randomx.job.InvalidJobException;
import io.quarry.randomx.job.JobListeners;
import io.quarry.randomx.job.MoneroJob;
import io.quarry.randomx.job.Share;
import io.quarry.randomx.job.ShareCounters;
import io.quarry.randomx.job.StratumJobFormat;
import io.quarry.randomx.job.SubmitResult;
import io.quarry.randomx.job.WorkSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pool mining over Monero Stratum as XMRig speaks it, on the kernel's JSON-RPC client: {@code login} (login,
 * pass, agent, algo list {@code ["rx/0"]}) on every connection, {@code job} notifications, {@code submit}
 * (login id, job_id, nonce as 8 hex characters, result as 64), and {@code keepalived} when the pool lists the
 * {@code keepalive} extension. The kernel client fails over along {@code pools} and reconnects with backoff;
 * a pool that refuses the login is moved to the end of the list. Only shares meeting their job's target, for
 * the current or the previous job, are sent.
 */
public final class PoolClient implements WorkSource {

    private static final Logger LOG = LoggerFactory.getLogger(PoolClient.class);

    private final JsonRpcServers rpc;
    private final PoolClientSettings settings;
    private final ExecutorService executor;
    private final ShareCounters counters;
    private final JobListeners listeners = new JobListeners();
    private final Object lock = new Object();
    private volatile JsonRpcClient client;
    private volatile PoolLogin login;
    private volatile MoneroJob current;
    private volatile MoneroJob previous;
    private volatile boolean running;
    private int generation;
    private Future<?> keepaliveTask;
    private int firstPool;

    /** The login a pool accepted on the current connection. */
    private record PoolLogin(JsonRpcClient client, PoolEndpoint pool, String id, boolean keepalive) {
    }

    /**
     * @param executor runs the keepalive loop and re-connections (virtual threads)
     */
    public PoolClient(JsonRpcServers rpc, PoolClientSettings settings, ExecutorService executor,
                      ShareCounters counters) {
        this.rpc = Objects.requireNonNull(rpc, "rpc");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.counters = Objects.requireNonNull(counters, "counters");
    }

    @Override
    public String describe() {
        PoolLogin l = login;
        return "pool " + (l != null ? l.pool().endpoint() : settings.pools().get(0).endpoint());
    }

    @Override
    public void start() {
        synchronized (lock) {
            if (running) {
                throw new IllegalStateException("pool client already started");
            }
            running = true;
            connect(0);
            if (!settings.keepalive().isZero()) {
                keepaliveTask = executor.submit(this::keepaliveLoop);
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            running = false;
            generation++;
            JsonRpcClient c = client;
            if (c != null) {
                c.close();
            }
            login = null;
            if (keepaliveTask != null) {
                keepaliveTask.cancel(true);
            }
        }
    }

    @Override
    public void onJob(Consumer<MoneroJob> listener) {
        listeners.add(listener, current);
    }

    @Override
    public Optional<MoneroJob> currentJob() {
        return Optional.ofNullable(current);
    }

    /** The pool logged in to now, if any. */
    public Optional<PoolEndpoint> connectedPool() {
        PoolLogin l = login;
        return l == null ? Optional.empty() : Optional.of(l.pool());
    }

    @Override
    public CompletableFuture<SubmitResult> submit(Share share) {
        Objects.requireNonNull(share, "share");
        MoneroJob job = share.job();
        if (!share.meetsJobTarget()) {
            return done(SubmitResult.rejected(SubmitResult.LOW_DIFFICULTY, "share does not meet the target of job "
                    + job.jobId() + "; not sent"));
        }
        if (!isLive(job.jobId())) {
            return done(SubmitResult.rejected(SubmitResult.STALE, "job " + job.jobId() + " was replaced; not sent"));
        }
        PoolLogin l = login;
        if (l == null) {
            return done(SubmitResult.rejected(SubmitResult.UNREACHABLE, "not logged in to a pool; not sent"));
        }
        return l.client().request("submit", PoolMessages.submit(l.id(), share), settings.requestTimeout())
                .handle(PoolMessages::submitOutcome)
                .thenApply(this::count);
    }

    private boolean isLive(String jobId) {
        MoneroJob c = current;
        MoneroJob p = previous;
        return c != null && c.jobId().equals(jobId) || p != null && p.jobId().equals(jobId);
    }

    private SubmitResult count(SubmitResult result) {
        if (result.accepted()) {
            counters.accepted();
        } else {
            counters.rejected(result.reason());
            LOG.info("Pool rejected share: {}", result.message());
        }
        return result;
    }

    private CompletableFuture<SubmitResult> done(SubmitResult result) {
        return CompletableFuture.completedFuture(count(result));
    }

    /** Opens a kernel client whose endpoint list starts at pool {@code first}. Holds {@link #lock}. */
    private void connect(int first) {
        int size = settings.pools().size();
        firstPool = Math.floorMod(first, size);
        List<JsonRpcEndpoint> endpoints = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            endpoints.add(settings.pools().get((firstPool + i) % size).endpoint());
        }
        JsonRpcClientSettings clientSettings = JsonRpcClientSettings.of("pool", endpoints)
                .withDialect(JsonRpcDialect.MONERO_STRATUM)
                .withTrustAllCertificates(settings.trustAllCertificates())
                .withBackoff(settings.initialBackoff(), settings.maxBackoff())
                .withTimeouts(JsonRpcClientSettings.DEFAULT_CONNECT_TIMEOUT, settings.requestTimeout(),
                        JsonRpcClientSettings.DEFAULT_IDLE_TIMEOUT);
        int mine = ++generation;
        client = rpc.connect(clientSettings, new Listener(mine));
    }

    private final class Listener implements JsonRpcClientListener {
        private final int generationOfClient;

        Listener(int generationOfClient) {
            this.generationOfClient = generationOfClient;
        }

        private boolean current() {
            synchronized (lock) {
                return running && generation == generationOfClient;
            }
        }

        @Override
        public void onConnected(JsonRpcClient c, JsonRpcEndpoint endpoint) {
            if (current()) {
                logIn(c, poolAt(endpoint));
            }
        }

        @Override
        public void onDisconnected(JsonRpcClient c, JsonRpcEndpoint endpoint, String reason) {
            PoolLogin l = login;
            if (l != null && l.client() == c) {
                login = null;
            }
            if (current()) {
                LOG.warn("Lost pool {}: {}; reconnecting", endpoint, reason);
            }
        }

        @Override
        public void onNotification(JsonRpcClient c, JsonRpcRequest notification) {
            if (current() && "job".equals(notification.method())) {
                acceptJob(notification.params(), endpointOf(c));
            }
        }
    }

    private void logIn(JsonRpcClient c, PoolEndpoint pool) {
        PoolMessages.LoginAnswer answer;
        try {
            answer = PoolMessages.loginAnswer(c.request("login", PoolMessages.login(pool, settings.agent()),
                    settings.requestTimeout()).join());
        } catch (CompletionException e) {
            if (e.getCause() instanceof JsonRpcException refused) {
                LOG.error("Pool {} refused the login as {}: {}; trying the next pool", pool.endpoint(), pool.user(),
                        refused.error().message());
                executor.submit(() -> skipPool(c));
            } else {
                LOG.warn("Login to pool {} failed: {}", pool.endpoint(), String.valueOf(e.getCause().getMessage()));
            }
            return;
        } catch (JsonRpcException e) {
            LOG.warn("Pool {} answered the login with {}", pool.endpoint(), e.error().message());
            return;
        }
        synchronized (lock) {
            // Job ids belong to a login session: after a new login the old ones mean nothing to the pool.
            current = null;
            previous = null;
            login = new PoolLogin(c, pool, answer.id(), answer.keepalive());
        }
        LOG.info("Logged in to pool {} as {}", pool.endpoint(), pool.user());
        if (answer.job() != null) {
            acceptJob(answer.job(), pool.endpoint());
        }
    }

    private void skipPool(JsonRpcClient refusing) {
        try {
            Thread.sleep(settings.initialBackoff());
        } catch (InterruptedException e) {
            return;
        }
        synchronized (lock) {
            if (!running || client != refusing) {
                return;
            }
            refusing.close();
            connect(firstPool + 1);
        }
    }

    private void acceptJob(JsonRpcValue params, Object from) {
        MoneroJob job;
        try {
            job = StratumJobFormat.parse(params);
        } catch (InvalidJobException e) {
            counters.jobRefused(e.reason());
            LOG.warn("Refused a job from pool {}: {}", from, e.getMessage());
            return;
        }
        synchronized (lock) {
            if (current != null && current.jobId().equals(job.jobId())) {
                return;
            }
            previous = current;
            current = job;
        }
        LOG.debug("New job {} from pool {}", job, from);
        listeners.publish(job);
    }

    private PoolEndpoint poolAt(JsonRpcEndpoint endpoint) {
        int size = settings.pools().size();
        for (int i = 0; i < size; i++) {
            PoolEndpoint pool = settings.pools().get((firstPool + i) % size);
            if (pool.endpoint().equals(endpoint)) {
                return pool;
            }
        }
        throw new IllegalStateException("connected to " + endpoint + ", which is not in pools");
    }

    private static Object endpointOf(JsonRpcClient c) {
        return c.connectedEndpoint().map(Object::toString).orElse("(disconnected)");
    }

    private void keepaliveLoop() {
        while (running) {
            try {
                Thread.sleep(settings.keepalive());
            } catch (InterruptedException e) {
                return;
            }
            PoolLogin l = login;
            if (l != null && l.keepalive()) {
                l.client().request("keepalived", Map.of("id", l.id()), settings.requestTimeout())
                        .whenComplete((r, e) -> {
                            if (e != null) {
                                LOG.debug("keepalived to {} failed: {}", l.pool().endpoint(), e.getMessage());
                            }
                        });
            }
        }
    }
}

package io.quarry.randomx.pool;

import io.quarry.api.jsonrpc.JsonRpcDialect;
import io.quarry.api.jsonrpc.JsonRpcError;
import io.quarry.api.jsonrpc.JsonRpcException;
import io.quarry.api.jsonrpc.JsonRpcMethods;
import io.quarry.api.jsonrpc.JsonRpcServer;
import io.quarry.api.jsonrpc.JsonRpcServerSettings;
import io.quarry.api.jsonrpc.JsonRpcServers;
import io.quarry.api.jsonrpc.JsonRpcSession;
import io.quarry.api.jsonrpc.JsonRpcValue;
import io.quarry.randomx.job.JobFixtures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/** A Monero Stratum pool on the kernel's line server: answers login, submit and keepalived, and records them. */
public final class FakePool implements AutoCloseable {

    public final LinkedBlockingQueue<JsonRpcValue> logins = new LinkedBlockingQueue<>();
    public final LinkedBlockingQueue<JsonRpcValue> submits = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<JsonRpcValue> keepalives = new LinkedBlockingQueue<>();
    volatile String loginError;
    volatile List<String> extensions = List.of("algo");
    volatile Function<JsonRpcValue, Object> submitAnswer = p -> Map.of("status", "OK");
    private final String firstJobId;
    private final JsonRpcServer server;

    public FakePool(JsonRpcServers rpc, String name, String firstJobId) {
        this.firstJobId = firstJobId;
        JsonRpcMethods methods = new JsonRpcMethods(Map.of(
                "login", (session, request) -> login(request.params()),
                "submit", (session, request) -> {
                    submits.add(request.params());
                    return submitAnswer.apply(request.params());
                },
                "keepalived", (session, request) -> {
                    keepalives.add(request.params());
                    return Map.of("status", "KEEPALIVED");
                }));
        server = rpc.open(JsonRpcServerSettings.of(name, "127.0.0.1", 0).withDialect(JsonRpcDialect.MONERO_STRATUM),
                session -> methods);
    }

    private Object login(JsonRpcValue params) {
        logins.add(params);
        if (loginError != null) {
            throw new JsonRpcException(new JsonRpcError(-1, loginError));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", "login-" + port());
        result.put("job", JobFixtures.poolJob(firstJobId, JobFixtures.BLOB, "b88d0600"));
        result.put("extensions", extensions);
        result.put("status", "OK");
        return result;
    }

    /** Sends a job notification to every connected miner. */
    public void push(Map<String, Object> job) {
        server.broadcast("job", job);
    }

    /** Hangs up on every miner, keeps listening. */
    void dropClients() {
        server.sessions().forEach(JsonRpcSession::close);
    }

    public int port() {
        return server.address().getPort();
    }

    PoolEndpoint endpoint(String user) {
        return new PoolEndpoint("stratum+tcp://127.0.0.1:" + port(), user, "x", false);
    }

    @Override
    public void close() {
        server.close();
    }
}

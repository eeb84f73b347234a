package com.example.hello;

import io.quarry.api.NodeContext;
import io.quarry.api.QuarryPlugin;
import io.quarry.api.config.ConfigSpec;
import io.quarry.api.http.HttpException;
import io.quarry.api.http.HttpMethod;
import io.quarry.api.http.HttpRequest;
import io.quarry.api.http.HttpResponse;
import io.quarry.api.jsonrpc.JsonRpcError;
import io.quarry.api.jsonrpc.JsonRpcException;
import io.quarry.api.jsonrpc.JsonRpcMethod;
import io.quarry.api.jsonrpc.JsonRpcMethods;
import io.quarry.api.jsonrpc.JsonRpcRequest;
import io.quarry.api.jsonrpc.JsonRpcServer;
import io.quarry.api.jsonrpc.JsonRpcServerSettings;
import io.quarry.api.miner.MinerStats;
import io.quarry.api.transport.PeerAddress;
import io.quarry.api.transport.Protocol;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An example plugin that uses each thing the kernel offers once: its config table ({@link HelloConfig}), a miner
 * ({@link HelloMiner}), HTTP routes, a JSON-RPC line server, its store ({@link Greetings}), the transport to other
 * nodes ({@link #GREET}) and a dashboard panel. docs/writing-a-plugin.md builds it step by step.
 */
public final class HelloMinerPlugin implements QuarryPlugin {

    /** The miner's id, as {@code /health} and {@code /api/v1/node/miners} list it. */
    public static final String MINER_ID = "hello-miner/local";

    /** Node-to-node greetings: a {@link Greeting} answered by a {@link GreetingReply}. */
    public static final Protocol<Greeting, GreetingReply> GREET =
            Protocol.of("hello-miner/greet/1", Greeting.class, GreetingReply.class).withMaxMessageBytes(4096);

    private static final Logger LOG = LoggerFactory.getLogger(HelloMinerPlugin.class);
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(10);

    private NodeContext context;
    private HelloConfig config;
    private Greetings greetings;
    private HelloMiner miner;
    private volatile JsonRpcServer rpcServer;

    @Override
    public ConfigSpec<?> configSpec() {
        return HelloConfig.SPEC;
    }

    @Override
    public void init(NodeContext ctx) {
        this.context = ctx;
        this.config = ctx.config(HelloConfig.SPEC);
        this.greetings = new Greetings(ctx.store());
        this.miner = new HelloMiner(MINER_ID, config, ctx.executors(), InstantSource.system());
        ctx.miners().register(miner);
        ctx.transport().register(GREET, (peerId, greeting) -> answer(peerId, greeting));
        ctx.http().route(HttpMethod.GET, "status", request -> HttpResponse.ok(status()));
        ctx.http().route(HttpMethod.POST, "greet-peer", this::greetPeer);
        ctx.http().assets(HelloMinerPlugin.class.getClassLoader(), "com/example/hello/panel");
    }

    @Override
    public void start() {
        miner.start();
        config.rpcAddress().ifPresent(listen -> {
            rpcServer = context.jsonRpc().open(JsonRpcServerSettings.of("hello", listen.host(), listen.port()),
                    session -> new JsonRpcMethods(Map.of("hello_greet", greetMethod(), "hello_status",
                            (JsonRpcMethod) (s, request) -> status())));
            LOG.info("hello-miner JSON-RPC on {}", rpcServer.address());
        });
    }

    @Override
    public void stop() {
        JsonRpcServer server = rpcServer;
        if (server != null) {
            server.close();
        }
        if (miner != null) {
            miner.stop();
        }
    }

    /** {@code hello_greet [name]}: records the greeting and answers with this node's. */
    private JsonRpcMethod greetMethod() {
        return (session, request) -> {
            String name = name(request);
            long count = greetings.record("rpc", name);
            return new GreetingReply(config.greeting() + ", " + name, count);
        };
    }

    private static String name(JsonRpcRequest request) {
        if (!request.params().isArray() || request.params().size() != 1 || !request.params().get(0).isString()) {
            throw new JsonRpcException(JsonRpcError.invalidParams("expected [name]"));
        }
        String name = request.params().get(0).asString();
        if (name.isBlank() || name.length() > Greeting.MAX_TEXT_CHARS) {
            throw new JsonRpcException(JsonRpcError.invalidParams(
                    "name must be 1-" + Greeting.MAX_TEXT_CHARS + " characters"));
        }
        return name;
    }

    private GreetingReply answer(String peerId, Greeting greeting) {
        long count = greetings.record(greeting.from() + " (" + peerId.substring(0, 12) + ")", greeting.text());
        return new GreetingReply(config.greeting() + " from " + context.nodeName(), count);
    }

    /**
     * {@code POST greet-peer?node=<id>&host=<host>&port=<port>&text=<text>}: greets another node over the
     * transport and answers with its reply.
     */
    private HttpResponse greetPeer(HttpRequest request) {
        PeerAddress peer;
        Greeting greeting;
        try {
            peer = new PeerAddress(required(request, "node"), required(request, "host"),
                    Integer.parseInt(required(request, "port")));
            greeting = new Greeting(context.nodeName(), request.queryParam("text").orElse(config.greeting()));
        } catch (IllegalArgumentException e) {
            throw HttpException.badRequest(e.getMessage());
        }
        try {
            GreetingReply reply = context.transport().request(peer, GREET, greeting)
                    .get(PEER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return HttpResponse.ok(reply);
        } catch (ExecutionException | TimeoutException e) {
            String why = e instanceof ExecutionException ? e.getCause().getMessage() : "no answer in " + PEER_TIMEOUT;
            throw new HttpException(502, "greeting " + peer + " failed: " + why);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpException(503, "interrupted");
        }
    }

    private static String required(HttpRequest request, String name) {
        return request.queryParam(name).orElseThrow(() -> HttpException.badRequest("query parameter " + name
                + " is required"));
    }

    private Status status() {
        MinerStats stats = miner.stats();
        JsonRpcServer server = rpcServer;
        String rpc = server == null ? "" : server.address().getHostString() + ":" + server.address().getPort();
        return new Status(config.greeting(), greetings.count(), greetings.last().orElse(""), miner.state().name(),
                stats.hashrate().tenSeconds(), stats.sharesAccepted(), rpc);
    }
}

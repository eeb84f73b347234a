package io.quarry.poies.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarry.api.json.StrictJson;
import io.quarry.api.jsonrpc.JsonRpcException;
import io.quarry.api.jsonrpc.JsonRpcRequest;
import io.quarry.api.jsonrpc.JsonRpcSession;
import io.quarry.api.jsonrpc.JsonRpcValue;
import io.quarry.poies.model.PoiesJson;
import io.quarry.poies.node.Work;
import io.quarry.testing.HostileInput;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.junit.jupiter.api.Test;

/**
 * Hostile calls straight into a getwork session (no network): mutations of valid subscribes and submits that still
 * read as JSON-RPC requests (the kernel's carrier refuses the rest before the session sees them, and has hostile
 * tests of its own). Whatever arrives, the session answers with a result or a {@link JsonRpcException}, never
 * anything else, and pushes only templates and share targets.
 */
class GetworkFuzzTest {

    private static final long THETA = 20_000_000;
    private static final StrictJson LENIENT = StrictJson.builder().exactDecimals(true).build();

    @Test
    void survivesHostileCallsAndAnswersOnlyWithResultsOrJsonRpcErrors() throws Exception {
        Work work = Templates.work(3, "tpl-3", THETA);
        FakeNode fake = new FakeNode(work, 10_000);
        GetworkEndpoint endpoint = new GetworkEndpoint(fake, new SimpleMeterRegistry(), "fuzz.ws");
        endpoint.start();
        String share = PoiesJson.toJson(FakeNode.share(work, FakeNode.find(work, 0, ppm -> ppm >= 10_000)));
        List<byte[]> samples = HostileInput.utf8(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"miner_subscribe\",\"params\":[\"newWork\"]}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"miner_submitShare\",\"params\":[" + share + "]}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"miner.submitShare\",\"params\":[" + share + "]}");
        RecordingSession socket = new RecordingSession();
        GetworkSession session = new GetworkSession(endpoint, socket);
        int calls = 0;
        for (int i = 0; i < HostileInput.cases(2000); i++) {
            HostileInput input = HostileInput.forCase(i);
            JsonRpcRequest request = asRequest(input.mutate(samples));
            if (request == null) {
                continue;
            }
            calls++;
            try {
                if (request.isNotification()) {
                    session.onNotification(socket, request);
                } else {
                    Object result = session.onRequest(socket, request);
                    assertThat(PoiesJson.treeFromPlain(result)).as("case %d", i).isNotNull();
                    session.onAnswered(socket, request);
                }
            } catch (JsonRpcException refused) {
                assertThat(refused.error().message()).as("case %d", i).isNotBlank();
            }
            for (String method : socket.pushed) {
                assertThat(method).as("case %d", i).isIn(GetworkJson.NEW_WORK, GetworkJson.SHARE_TARGET);
            }
            socket.pushed.clear();
        }
        assertThat(calls).as("mutations that still read as requests").isGreaterThan(100);
        endpoint.close();
    }

    /** The request a mutated message would reach the session as, or null when the carrier would refuse it. */
    private static JsonRpcRequest asRequest(byte[] bytes) {
        JsonNode tree;
        try {
            tree = LENIENT.read(bytes);
        } catch (JacksonException e) {
            return null;
        }
        if (tree == null || !tree.isObject() || !tree.path("method").isTextual()) {
            return null;
        }
        JsonNode id = tree.get("id");
        Object requestId = id == null || id.isNull() ? null : id.isTextual() ? id.textValue()
                : id.canConvertToLong() ? (Object) id.longValue() : null;
        JsonNode params = tree.get("params");
        Object plain = params == null ? null : LENIENT.mapper().convertValue(params, Object.class);
        if (plain != null && !(plain instanceof List<?> || plain instanceof java.util.Map<?, ?>)) {
            return null;
        }
        return new JsonRpcRequest(requestId, tree.path("method").textValue(), new JsonRpcValue("params", plain));
    }

    /** A session that keeps the methods pushed to it. */
    private static final class RecordingSession implements JsonRpcSession {
        final List<String> pushed = new ArrayList<>();
        private final ConcurrentMap<String, Object> attributes = new ConcurrentHashMap<>();

        @Override
        public String id() {
            return "ws-fuzz";
        }

        @Override
        public InetSocketAddress remote() {
            return new InetSocketAddress("127.0.0.1", 5555);
        }

        @Override
        public ConcurrentMap<String, Object> attributes() {
            return attributes;
        }

        @Override
        public synchronized boolean notify(String method, Object params) {
            assertThat(PoiesJson.treeFromPlain(params).isArray()).isTrue();
            pushed.add(method);
            return true;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}

package io.quarry.subnet;

import static io.quarry.subnet.node.PolkadotJs.op;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.subnet.epistula.EpistulaSigner;
import io.quarry.subnet.node.PolkadotJs;
import io.quarry.testing.MutableClock;
import io.quarry.testkit.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The miner's public API in a real node, called with requests that @polkadot/keyring signs: every answer
 * the Epistula, validator, rate-limit and size checks give.
 */
class SubnetApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String BODY = "{\"query\":\"offer\"}";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(1_760_000_000_000L);

    @Test
    void answersEachKindOfRequestWithItsStatus() throws Exception {
        MinerFixtures.write(dir);
        long now = clock.millis();
        String miner = MinerFixtures.address(MinerFixtures.MINER);
        String stale = UUID.randomUUID().toString();
        List<Map<String, Object>> ops = new ArrayList<>(List.of(
                epistula(MinerFixtures.VALIDATOR, BODY, "11111111-1111-4111-8111-111111111111", now, miner),
                epistula(MinerFixtures.VALIDATOR, BODY, "22222222-2222-4222-8222-222222222222", now, null),
                epistula(MinerFixtures.VALIDATOR, BODY, stale, now - 9_000, miner),
                epistula(MinerFixtures.VALIDATOR, BODY, UUID.randomUUID().toString(), now,
                        MinerFixtures.address(MinerFixtures.STRANGER)),
                epistula(MinerFixtures.STRANGER, BODY, UUID.randomUUID().toString(), now, miner),
                epistula(MinerFixtures.NO_PERMIT, BODY, UUID.randomUUID().toString(), now, miner),
                epistula(MinerFixtures.LOW_STAKE, BODY, UUID.randomUUID().toString(), now, miner)));
        for (int i = 0; i < 4; i++) {
            ops.add(epistula(MinerFixtures.BURSTY, BODY, UUID.randomUUID().toString(), now, miner));
        }
        Map<String, Object> ed = epistula(MinerFixtures.ED25519_VALIDATOR, BODY, UUID.randomUUID().toString(), now,
                miner);
        ed.put("type", "ed25519");
        ops.add(ed);
        Iterator<JsonNode> signed = PolkadotJs.run(ops).iterator();

        try (TestNode node = start(false)) {
            URI cvm = URI.create("http://" + listen(node) + "/cvm");
            JsonNode valid = signed.next();
            HttpResponse<String> ok = post(cvm, BODY, valid);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            JsonNode offer = JSON.readTree(ok.body());
            assertThat(offer.get("cpu_cores").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
            assertThat(offer.get("bid_per_hour").asDouble()).isEqualTo(0.5);
            assertThat(offer.get("attestation").asText()).isEmpty();
            assertThat(offer.has("gpu_type")).isTrue();

            assertThat(post(cvm, BODY, valid)).satisfies(r -> status(r, 401, "replayed"));
            JsonNode unaddressed = signed.next();
            assertThat(post(cvm, BODY.replace("offer", "0ffer"), unaddressed)).satisfies(r -> status(r, 401, "signature"));
            assertThat(post(cvm, BODY, unaddressed).statusCode()).isEqualTo(200);
            assertThat(post(cvm, BODY, signed.next())).satisfies(r -> status(r, 401, "stale"));
            assertThat(post(cvm, BODY, signed.next())).satisfies(r -> status(r, 401, "signed for"));
            assertThat(post(cvm, BODY, signed.next())).satisfies(r -> status(r, 403, "not registered"));
            assertThat(post(cvm, BODY, signed.next())).satisfies(r -> status(r, 403, "permit"));
            assertThat(post(cvm, BODY, signed.next())).satisfies(r -> status(r, 403, "stake"));
            for (int i = 0; i < 3; i++) {
                assertThat(post(cvm, BODY, signed.next()).statusCode()).isEqualTo(200);
            }
            assertThat(post(cvm, BODY, signed.next())).satisfies(r -> status(r, 429, "rate limit"));
            assertThat(post(cvm, BODY, signed.next()).statusCode()).as("an ed25519 account").isEqualTo(200);

            assertThat(post(cvm, BODY, JSON.createObjectNode())).satisfies(r -> status(r, 400, "Epistula-Version"));
            var health = CLIENT.send(HttpRequest.newBuilder(URI.create("http://" + listen(node) + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);

            String metrics = node.get("/metrics").body();
            assertThat(metrics).containsPattern("quarry_subnet_requests_total\\{[^}]*route=\"/cvm\"[^}]*status=\"200\"[^}]*} 6");
            assertThat(metrics).containsPattern("quarry_subnet_requests_total\\{[^}]*route=\"/cvm\"[^}]*status=\"403\"[^}]*} 3");
            assertThat(metrics).contains("quarry_subnet_request_seconds_count");
            JsonNode stats = JSON.readTree(node.get("/api/v1/subnet-miner/stats").body());
            assertThat(stats.get("state").asText()).isEqualTo("RUNNING");
            // Newest first: the health check, the unsigned request, the ed25519 one, the refused burst request.
            assertThat(stats.at("/extra/recentRequests/0/route").asText()).isEqualTo("/health");
            assertThat(stats.at("/extra/recentRequests/1/caller").asText()).isEqualTo("unknown");
            assertThat(stats.at("/extra/recentRequests/2/status").asInt()).isEqualTo(200);
            assertThat(stats.at("/extra/recentRequests/3/status").asInt()).isEqualTo(429);
            assertThat(stats.at("/extra/recentRequests/3/caller").asText())
                    .isEqualTo(MinerFixtures.address(MinerFixtures.BURSTY).substring(0, 8) + "...");
        }
    }

    @Test
    void javaSignedRequestsAndTheSizeLimit() throws Exception {
        MinerFixtures.write(dir);
        try (TestNode node = start(false)) {
            URI cvm = URI.create("http://" + listen(node) + "/cvm");
            EpistulaSigner signer = new EpistulaSigner(MinerFixtures.hotkey(MinerFixtures.VALIDATOR), clock);
            Map<String, String> headers = signer.headers(new byte[0],
                    Optional.of(MinerFixtures.address(MinerFixtures.MINER)));
            assertThat(post(cvm, "", JSON.valueToTree(headers)).statusCode()).isEqualTo(200);
            Map<String, String> overflow = new java.util.HashMap<>(signer.headers(BODY.getBytes(), Optional.empty()));
            overflow.put("Epistula-Timestamp", "9999999999999999999");
            assertThat(post(cvm, BODY, JSON.valueToTree(overflow)))
                    .satisfies(r -> status(r, 400, "Epistula-Timestamp is out of range"));
            URI echo = URI.create("http://" + listen(node) + "/echo");
            String twice = "{\"text\":\"hi\",\"text\":\"bye\"}";
            assertThat(post(echo, twice, JSON.valueToTree(signer.headers(twice.getBytes(), Optional.empty()))))
                    .as("a signed body with a duplicate key").satisfies(r -> status(r, 400, "a duplicate key"));
            String extra = "{\"text\":\"hi\",\"more\":1}";
            HttpResponse<String> echoed = post(echo, extra, JSON.valueToTree(signer.headers(extra.getBytes(),
                    Optional.empty())));
            assertThat(echoed.statusCode()).as(echoed.body()).isEqualTo(200);
            assertThat(JSON.readTree(echoed.body()).get("echo").asText()).isEqualTo("hi");
            clock.advance(java.time.Duration.ofSeconds(60)); // the validator's bucket (3 per 60 s here) refills
            String big = "x".repeat(2048);
            assertThat(post(cvm, big, JSON.valueToTree(signer.headers(big.getBytes(), Optional.empty()))))
                    .satisfies(r -> status(r, 413, "more than 1024"));

            var miner = node.miner(SubnetMinerPlugin.MINER_ID).orElseThrow();
            miner.stop();
            URI health = URI.create("http://" + listen(node) + "/health");
            assertThat(CLIENT.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(503);
            assertThat(post(cvm, "", JSON.valueToTree(signer.headers(new byte[0], Optional.empty()))))
                    .satisfies(r -> status(r, 503, "stopped"));
            miner.start();
            assertThat(post(cvm, "", JSON.valueToTree(signer.headers(new byte[0], Optional.empty()))).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void hostileRequestsGetAClientErrorAndTheMinerKeepsServing() throws Exception {
        MinerFixtures.write(dir);
        EpistulaSigner signer = new EpistulaSigner(MinerFixtures.hotkey(MinerFixtures.VALIDATOR), clock);
        Map<String, String> good = signer.headers(BODY.getBytes(), Optional.empty());
        List<byte[]> samples = good.values().stream().map(String::getBytes).toList();
        int cases = io.quarry.testing.HostileInput.cases(150);
        try (TestNode node = MinerFixtures.minerNode(dir, Map.of("subnet-miner.max_requests", "1000"), clock)) {
            URI cvm = URI.create("http://" + listen(node) + "/cvm");
            int served = 0;
            for (int i = 0; i < cases; i++) {
                io.quarry.testing.HostileInput in = io.quarry.testing.HostileInput.forCase(i);
                var headers = JSON.createObjectNode();
                good.forEach(headers::put);
                String name = in.oneOf(good.keySet().toArray(String[]::new));
                // Header values must be legal HTTP for the client to send them at all.
                String value = new String(in.mutate(samples), java.nio.charset.StandardCharsets.ISO_8859_1)
                        .replaceAll("[^\\x20-\\x7e]", "");
                headers.put(name, value.isBlank() ? "x" : value);
                String body = in.oneOf(BODY, in.text(2000));
                HttpResponse<String> response = post(cvm, body, headers);
                if (response.statusCode() == 200) {
                    // A mutation can leave the request valid (" 2" is still version 2); its UUID then is spent.
                    served++;
                    continue;
                }
                assertThat(response.statusCode()).as("%s: %s", name, response.body()).isIn(400, 401, 403, 413);
                assertThat(JSON.readTree(response.body()).get("error").asText()).isNotBlank();
            }
            assertThat(served).as("one UUID, served at most once").isLessThanOrEqualTo(1);
            assertThat(post(cvm, BODY, JSON.valueToTree(signer.headers(BODY.getBytes(), Optional.empty())))
                    .statusCode()).isEqualTo(200);
            String metrics = node.get("/metrics").body();
            assertThat(metrics).containsPattern("quarry_subnet_requests_total\\{[^}]*status=\"401\"[^}]*} [1-9]");
        }
    }

    @Test
    void legacyHeadersAreAcceptedOnlyWhenSwitchedOn() throws Exception {
        MinerFixtures.write(dir);
        String ns = Long.toString(clock.millis() * 1_000_000);
        List<JsonNode> signed = PolkadotJs.run(List.of(
                op("legacy", "seed", MinerFixtures.seedHex(MinerFixtures.VALIDATOR), "body", BODY, "timestampNs", ns),
                op("legacy", "seed", MinerFixtures.seedHex(MinerFixtures.VALIDATOR), "body", BODY, "timestampNs", ns)));
        try (TestNode node = start(false)) {
            assertThat(post(URI.create("http://" + listen(node) + "/cvm"), BODY, signed.get(0)))
                    .satisfies(r -> status(r, 400, "X-Epistula"));
        }
        try (TestNode node = start(true)) {
            URI cvm = URI.create("http://" + listen(node) + "/cvm");
            assertThat(post(cvm, BODY, signed.get(1)).statusCode()).isEqualTo(200);
            assertThat(post(cvm, BODY, signed.get(1))).satisfies(r -> status(r, 401, "replayed"));
        }
    }

    private TestNode start(boolean legacy) {
        return MinerFixtures.minerNode(dir, Map.of("subnet-miner.legacy_headers", Boolean.toString(legacy)), clock);
    }

    private static String listen(TestNode node) throws Exception {
        return JSON.readTree(node.get("/api/v1/subnet-miner/stats").body()).at("/extra/listen").asText();
    }

    private static Map<String, Object> epistula(int seed, String body, String uuid, long timestamp, String signedFor) {
        return signedFor == null
                ? op("epistula", "seed", MinerFixtures.seedHex(seed), "body", body, "uuid", uuid, "timestamp", timestamp)
                : op("epistula", "seed", MinerFixtures.seedHex(seed), "body", body, "uuid", uuid, "timestamp", timestamp,
                        "signedFor", signedFor);
    }

    private static HttpResponse<String> post(URI uri, String body, JsonNode headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.fields().forEachRemaining(h -> request.header(h.getKey(), h.getValue().asText()));
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void status(HttpResponse<String> response, int status, String reason) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.body()).contains(reason).contains("\"status\":" + status);
    }
}

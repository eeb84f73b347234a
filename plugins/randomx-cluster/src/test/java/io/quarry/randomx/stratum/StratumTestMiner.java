package io.quarry.randomx.stratum;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.randomx.job.MoneroDifficulty;
import io.quarry.randomx.job.MoneroJob;
import io.quarry.randomx.job.ShareHasher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.function.LongPredicate;

/**
 * A Monero Stratum miner written for the tests, on a plain socket: it writes the lines XMRig writes and reads
 * answers and job notifications. Jackson is test-only here (it comes with the kernel on the test classpath).
 */
public final class StratumTestMiner implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;
    private final Deque<JsonNode> notifications = new ArrayDeque<>();
    private long nextId = 1;
    public String loginId;
    public JsonNode job;

    public StratumTestMiner(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.connect(address, 5000);
        socket.setSoTimeout(10_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    /** Logs in as XMRig does; the answer's result (or error). */
    public JsonNode login(String login) throws IOException {
        JsonNode answer = call("login", JSON.createObjectNode().put("login", login).put("pass", "x")
                .put("agent", "XMRig/6.21.0 (test)").set("algo", JSON.createArrayNode().add("rx/0")));
        if (answer.hasNonNull("result")) {
            loginId = answer.get("result").get("id").asText();
            job = answer.get("result").get("job");
        }
        return answer;
    }

    public JsonNode submit(String jobId, String nonceHex, String resultHex) throws IOException {
        return call("submit", JSON.createObjectNode().put("id", loginId).put("job_id", jobId).put("nonce", nonceHex)
                .put("result", resultHex).put("algo", "rx/0"));
    }

    public JsonNode keepalived() throws IOException {
        return call("keepalived", JSON.createObjectNode().put("id", loginId));
    }

    /** Sends a request and returns its answer, keeping notifications that arrive first. */
    public JsonNode call(String method, JsonNode params) throws IOException {
        long id = nextId++;
        send(JSON.createObjectNode().put("id", id).put("jsonrpc", "2.0").put("method", method).set("params", params)
                .toString());
        while (true) {
            JsonNode line = readJson();
            if (line.has("id") && line.get("id").asLong() == id && !line.has("method")) {
                return line;
            }
            notifications.add(line);
        }
    }

    public void send(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    public JsonNode readJson() throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new IOException("connection closed");
        }
        return JSON.readTree(line);
    }

    /** The next {@code job} notification's params; it also becomes {@link #job}. */
    public JsonNode nextJob() throws IOException {
        while (true) {
            JsonNode message = notifications.isEmpty() ? readJson() : notifications.poll();
            if ("job".equals(message.path("method").asText())) {
                job = message.get("params");
                return job;
            }
        }
    }

    /** A nonce in this miner's range for {@code job} whose hash difficulty satisfies {@code wanted}. */
    public Found find(JsonNode forJob, ShareHasher hasher, LongPredicate wanted) {
        return find(forJob, hasher, wanted, 0);
    }

    /** As {@link #find(JsonNode, ShareHasher, LongPredicate)}, searching the low 24 bits from {@code from}. */
    public Found find(JsonNode forJob, ShareHasher hasher, LongPredicate wanted, int from) {
        byte[] blob = HEX.parseHex(forJob.get("blob").asText());
        byte[] seed = HEX.parseHex(forJob.get("seed_hash").asText());
        int base = (blob[MoneroJob.NONCE_OFFSET + 3] & 0xFF) << 24;
        for (int i = from; i < 0x0100_0000; i++) {
            int nonce = base | i;
            for (int b = 0; b < 4; b++) {
                blob[MoneroJob.NONCE_OFFSET + b] = (byte) (nonce >>> (8 * b));
            }
            byte[] hash = hasher.hash(seed, blob);
            if (wanted.test(MoneroDifficulty.hashDifficulty(hash))) {
                return new Found(MoneroJob.nonceHex(nonce), HEX.formatHex(hash), nonce);
            }
        }
        throw new AssertionError("no nonce found");
    }

    /** A nonce with its result, as submitted. */
    public record Found(String nonceHex, String resultHex, int nonce) {
    }

    public boolean closedByServer() {
        try {
            return in.readLine() == null;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

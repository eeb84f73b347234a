package io.quarry.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Monero Stratum pool stand-in on loopback: answers {@code login} with one job, {@code submit} and
 * {@code keepalived} with OK, and counts logins. The job's blob and seed are monerod's documented
 * {@code get_block_template} example (Monero daemon RPC documentation, height 3195018).
 */
final class PoolStandIn implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BLOB = "1010f4bae0b4069d648e741d85ca0e7acb4501f051b27e9b107d3cd7a3f03aa7f776089117c81a"
            + "00000000e0c20372be23d356347091025c5b5e8f2abf83ab618378565cce2b703491523401";
    private static final String SEED = "e2aa0b7b55042cd48b02e395d78fa66a29815ccc1584e38db2d1f0e8485cd44f";

    private final ServerSocket server;
    final AtomicInteger logins = new AtomicInteger();

    PoolStandIn() throws IOException {
        server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("pool-stand-in").start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            OutputStream out = socket.getOutputStream();
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode request = JSON.readTree(line);
                Map<String, Object> result = new LinkedHashMap<>();
                switch (request.path("method").asText()) {
                    case "login" -> {
                        logins.incrementAndGet();
                        Map<String, Object> job = new LinkedHashMap<>();
                        job.put("blob", BLOB);
                        job.put("job_id", "1");
                        job.put("target", "b88d0600");
                        job.put("algo", "rx/0");
                        job.put("height", 3195018L);
                        job.put("seed_hash", SEED);
                        result.put("id", "stand-in");
                        result.put("job", job);
                        result.put("status", "OK");
                    }
                    case "keepalived" -> result.put("status", "KEEPALIVED");
                    default -> result.put("status", "OK");
                }
                Map<String, Object> reply = new LinkedHashMap<>();
                reply.put("id", request.path("id").asInt());
                reply.put("jsonrpc", "2.0");
                reply.put("error", null);
                reply.put("result", result);
                out.write((JSON.writeValueAsString(reply) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            // The miner went away.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

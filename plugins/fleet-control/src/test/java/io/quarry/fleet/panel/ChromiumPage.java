package io.quarry.fleet.panel;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.fleet.FleetJson;
import io.quarry.testing.HeadlessChromium;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One page in headless Chromium driven over the DevTools protocol, for tests that must click: open a URL, then
 * evaluate JavaScript in it (set an input, press a button, read the DOM). Closes the browser on close.
 */
final class ChromiumPage implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process browser;
    private final Path profile;
    private final WebSocket socket;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    private ChromiumPage(Process browser, Path profile, URI page) throws Exception {
        this.browser = browser;
        this.profile = profile;
        Path log = profile.resolve("stderr.txt");
        URI devtools = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (devtools == null) {
            Matcher m = LISTENING.matcher(Files.exists(log) ? Files.readString(log) : "");
            if (m.find()) {
                devtools = URI.create(m.group(1));
            } else if (System.nanoTime() > deadline || !browser.isAlive()) {
                throw new IllegalStateException("Chromium did not open its DevTools port");
            } else {
                Thread.sleep(50);
            }
        }
        URI target = URI.create("http://" + devtools.getAuthority() + "/json/new?" + page);
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(target).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        URI pageSocket = URI.create(FleetJson.mapper().readTree(created.body()).get("webSocketDebuggerUrl").asText());
        socket = http.newWebSocketBuilder().buildAsync(pageSocket, new Listener()).get(30, TimeUnit.SECONDS);
    }

    /** Opens {@code page} in a fresh headless Chromium. */
    static ChromiumPage open(URI page) throws Exception {
        Path browser = HeadlessChromium.find().orElseThrow(() -> new IllegalStateException("Chromium not found"));
        Path profile = Files.createTempDirectory("quarry-chromium-cdp-");
        Process process = new ProcessBuilder(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--remote-allow-origins=*", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(profile.resolve("stderr.txt").toFile()).start();
        try {
            return new ChromiumPage(process, profile, page);
        } catch (Exception | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** Evaluates {@code expression} in the page (promises awaited) and returns its value as JSON. */
    JsonNode eval(String expression) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(FleetJson.mapper().writeValueAsString(Map.of("id", id, "method", "Runtime.evaluate",
                "params", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true))), true)
                .get(10, TimeUnit.SECONDS);
        JsonNode result = reply.get(30, TimeUnit.SECONDS);
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("page script failed: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Waits until {@code condition} (a JavaScript expression) is true in the page. */
    void waitFor(String condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        // The page may still be loading: an expression that throws counts as not yet.
        while (!eval("(() => { try { return Boolean(" + condition + "); } catch (e) { return false; } })()").asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the page never got to: " + condition + "; body: "
                        + eval("document.body.innerText").asText());
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        socket.abort();
        // Chromium's renderer and utility processes may outlive the browser process and keep writing its profile.
        List<ProcessHandle> all = new ArrayList<>(browser.descendants().toList());
        all.add(browser.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : all) {
            try {
                process.onExit().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // Deleting the profile below is best effort either way.
            }
        }
        try (Stream<Path> walk = Files.walk(profile)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            // A leftover temp directory is harmless (a file that vanished while walking included).
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = FleetJson.mapper().readTree(partial.toString());
                    CompletableFuture<JsonNode> waiting = message.has("id") ? pending.remove(message.get("id").asInt()) : null;
                    if (waiting != null) {
                        waiting.complete(message.path("result"));
                    }
                } catch (IOException e) {
                    // Not for us.
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}

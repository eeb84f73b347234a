package io.quarry.subnet.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code src/test/node/polkadot.mjs}: @polkadot/util-crypto and @polkadot/keyring as an independent
 * signer and verifier. {@code scripts/install-test-deps.sh} installs them with npm.
 */
public final class PolkadotJs {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIR = Path.of("src/test/node").toAbsolutePath();

    private PolkadotJs() {
    }

    /** Runs the operations in one node process and returns one result per operation. */
    public static List<JsonNode> run(List<Map<String, Object>> operations) {
        if (!Files.isDirectory(DIR.resolve("node_modules/@polkadot/util-crypto"))) {
            String missing = "@polkadot/util-crypto is not installed under " + DIR
                    + "; run scripts/install-test-deps.sh (it runs npm ci there)";
            // As with the browser tests: in CI (CI=true) a missing reference is a failure, never a skip.
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(missing);
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(false, missing);
        }
        try {
            Process process = new ProcessBuilder("node", "polkadot.mjs").directory(DIR.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (var in = process.getOutputStream()) {
                in.write(JSON.writeValueAsBytes(operations));
            }
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("polkadot.mjs failed: " + new String(out, StandardCharsets.UTF_8));
            }
            JsonNode results = JSON.readTree(out);
            return java.util.stream.StreamSupport.stream(results.spliterator(), false).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run node (is Node.js installed?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One operation. */
    public static Map<String, Object> op(String name, Object... keyValues) {
        var map = new java.util.LinkedHashMap<String, Object>();
        map.put("op", name);
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}

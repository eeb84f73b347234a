package io.quarry.subnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.subnet.cli.SubnetCommand;
import io.quarry.testing.HeadlessChromium;
import io.quarry.testkit.TestNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * The shipped {@code config/dev.toml} {@code [subnet-miner]} table on a real node: it creates its wallets and
 * metagraph, answers a call signed with the dev validator's wallet, and the panel shows that request.
 */
class DevNodeTest {

    private static final Path DEV_CONFIG = Path.of("../../config/dev.toml");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void devTableCreatesOwnerOnlyWalletsAndServesTheDevValidatorAndThePanelShowsIt() throws Exception {
        TomlParseResult dev = Toml.parse(DEV_CONFIG);
        assertThat(dev.errors()).isEmpty();
        TomlTable table = dev.getTable("subnet-miner");
        assertThat(table).isNotNull();
        TestNode.Builder builder = TestNode.builder(dir).plugin("subnet-miner", SubnetMinerPlugin::new);
        for (String key : table.keySet()) {
            Object value = table.get(key);
            builder.set("subnet-miner." + key, value instanceof String s ? "\"" + s + "\"" : String.valueOf(value));
        }
        builder.set("subnet-miner.listen", "\"127.0.0.1:0\"");
        try (TestNode node = builder.start()) {
            Path pluginData = dir.resolve("plugins-data/subnet-miner");
            Path validatorWallet = pluginData.resolve("wallets/dev-validator/hotkeys/default");
            try (Stream<Path> files = Stream.of(pluginData.resolve("wallets/miner/hotkeys/hotkey"), validatorWallet,
                    pluginData.resolve("dev-metagraph.json"))) {
                files.forEach(f -> assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------"));
            }
            JsonNode stats = JSON.readTree(node.get("/api/v1/subnet-miner/stats").body());
            assertThat(stats.at("/extra/validators").asInt()).isEqualTo(1);
            String listen = stats.at("/extra/listen").asText();

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            picocli.CommandLine cli = new picocli.CommandLine(new SubnetCommand());
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            int code = cli.execute("call", "http://" + listen + "/cvm", "--wallet-path",
                    pluginData.resolve("wallets").toString(), "--name", "dev-validator", "--hotkey", "default");
            assertThat(code).as(out + " " + err).isZero();
            assertThat(out.toString()).startsWith("200 ").contains("\"cpu_cores\"");

            if (HeadlessChromium.find().isEmpty()) {
                assertThat(HeadlessChromium.required()).as("headless Chromium is required in CI").isFalse();
                assumeTrue(false, "headless Chromium is not installed");
            }
            String dom = HeadlessChromium.dumpDom(node.baseUri().resolve("/plugins/subnet-miner/"),
                    Duration.ofSeconds(3));
            String hotkey = stats.at("/extra/hotkey").asText();
            assertThat(dom).contains("<td id=\"state\" class=\"figure\">RUNNING</td>");
            assertThat(dom).contains(">" + hotkey + "<");
            assertThat(dom).contains("/health (unsigned), /cvm");
            assertThat(dom).containsPattern("<td>[^<]*</td><td>5[1-9A-HJ-NP-Za-km-z]{7}\\.\\.\\.</td><td>/cvm</td><td>200</td>");
        }
    }

    private static String mode(Path file) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

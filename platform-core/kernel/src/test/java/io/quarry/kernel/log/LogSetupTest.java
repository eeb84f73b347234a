package io.quarry.kernel.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.kernel.config.LogConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LogSetupTest {

    @TempDir
    Path dir;

    @AfterEach
    void restoreLogging() {
        // Logback's configuration is global: leave it as the next test expects to find it.
        LogSetup.bootstrap();
    }

    @Test
    void appliesRootLevelAndPerComponentLevels() {
        LogSetup.configure(new LogConfig("text", Map.of("io.quarry.test.chatty", "debug", "io.quarry.test.quiet", "off"),
                "warn", false, 1, 1), null);

        assertThat(LoggerFactory.getLogger("io.quarry.test.chatty.Child").isDebugEnabled()).isTrue();
        assertThat(LoggerFactory.getLogger("io.quarry.test.quiet").isErrorEnabled()).isFalse();
        assertThat(LoggerFactory.getLogger("io.quarry.test.other").isInfoEnabled()).isFalse();
        assertThat(LoggerFactory.getLogger("io.quarry.test.other").isWarnEnabled()).isTrue();
    }

    @Test
    void bootstrapLogsInfoAndAboveAndForgetsConfiguredLevels() {
        LogSetup.configure(new LogConfig("text", Map.of("io.quarry.test.chatty", "trace"), "error", false, 1, 1), null);

        LogSetup.bootstrap();

        assertThat(LoggerFactory.getLogger("io.quarry.test.chatty").isDebugEnabled()).isFalse();
        assertThat(LoggerFactory.getLogger("io.quarry.test.any").isInfoEnabled()).isTrue();
    }

    @Test
    void writesHumanReadableLinesToTheLogFile() throws IOException {
        LogSetup.configure(config("text"), dir);
        Logger log = LoggerFactory.getLogger("io.quarry.test.file");

        log.info("hello {}", "world");

        List<String> lines = Files.readAllLines(dir.resolve(LogSetup.FILE_NAME));
        assertThat(lines).anyMatch(l -> l.matches(
                "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  \\[[^\\]]+\\] io\\.quarry\\.test\\.file - hello world"));
    }

    @Test
    void writesOneJsonObjectPerLineWhenFormatIsJson() throws IOException {
        LogSetup.configure(config("json"), dir);
        Logger log = LoggerFactory.getLogger("io.quarry.test.json");

        log.info("shares {} \"quoted\"", 3);
        log.warn("failed", new IllegalStateException("boom"));

        ObjectMapper mapper = new ObjectMapper();
        List<String> lines = Files.readAllLines(dir.resolve(LogSetup.FILE_NAME)).stream()
                .filter(l -> !l.isBlank()).toList();
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            assertThat(mapper.readTree(line).isObject()).as(line).isTrue();
        }
        List<JsonNode> ours = lines.stream().map(l -> read(mapper, l))
                .filter(n -> n.path("loggerName").asText().equals("io.quarry.test.json")).toList();
        assertThat(ours).hasSize(2);
        assertThat(ours.get(0).path("level").asText()).isEqualTo("INFO");
        assertThat(ours.get(0).path("formattedMessage").asText()).isEqualTo("shares 3 \"quoted\"");
        assertThat(ours.get(0).has("timestamp")).isTrue();
        assertThat(ours.get(0).has("threadName")).isTrue();
        assertThat(ours.get(1).path("throwable").path("message").asText()).isEqualTo("boom");
    }

    @Test
    void noFileWhenFileIsOff() {
        LogSetup.configure(new LogConfig("text", Map.of(), "info", false, 1, 1), dir);

        LoggerFactory.getLogger("io.quarry.test.nofile").info("x");

        assertThat(dir.resolve(LogSetup.FILE_NAME)).doesNotExist();
    }

    private static LogConfig config(String format) {
        return new LogConfig(format, Map.of(), "info", true, 1, 2);
    }

    private static JsonNode read(ObjectMapper mapper, String line) {
        try {
            return mapper.readTree(line);
        } catch (IOException e) {
            throw new AssertionError(line, e);
        }
    }
}

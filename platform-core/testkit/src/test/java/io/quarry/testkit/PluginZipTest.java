package io.quarry.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.api.PluginState;
import java.nio.file.Path;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginZipTest {

    @TempDir
    Path dir;

    @Test
    void zipHoldsDescriptorAndClassesIncludingNestedOnes() throws Exception {
        Path zip = PluginZip.of("counter", "2.0.0", CounterPlugin.class).writeTo(dir);
        try (ZipFile file = new ZipFile(zip.toFile())) {
            assertThat(file.getEntry("plugin.properties")).isNotNull();
            assertThat(file.getEntry("classes/io/quarry/testkit/CounterPlugin.class")).isNotNull();
            assertThat(file.getEntry("classes/io/quarry/testkit/CounterPlugin$CountingMiner.class")).isNotNull();
            assertThat(file.getEntry("classes/io/quarry/testkit/CounterPlugin$Settings.class")).isNotNull();
        }
    }

    @Test
    void nodeLoadsAndStartsAPluginZipDroppedIntoItsPluginDirectory() throws Exception {
        Path plugins = dir.resolve("plugins");
        PluginZip.of("counter", "2.0.0", CounterPlugin.class).writeTo(plugins);
        try (TestNode node = TestNode.builder(dir.resolve("data")).pluginDir(plugins).enable("counter").start()) {
            PluginStatus handle = node.plugins().get(0);
            assertThat(handle.id()).isEqualTo("counter");
            assertThat(handle.version()).isEqualTo("2.0.0");
            assertThat(handle.state()).isEqualTo(PluginState.STARTED);
            // PF4J loaded it from the zip with its own class loader, not from the test class path.
            assertThat(handle.classLoader()).isNotSameAs(getClass().getClassLoader());
            assertThat(node.post("/api/v1/counter/increment", "{}").statusCode()).isEqualTo(200);
            assertThat(new ObjectMapper().readTree(node.get("/api/v1/counter/value").body()).path("value").asLong()).isEqualTo(1);
        }
    }
}

package io.quarry.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.config.ConfigException;
import io.quarry.fleet.node.FleetRole;
import io.quarry.testkit.TestNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The [fleet-control] table bound by the kernel, as an operator writes it. */
class FleetControlConfigTest {

    @Test
    void defaultsAreADualNodeWithNoControllersOrProcesses() {
        FleetControlConfig d = FleetControlConfig.SPEC.defaults();
        assertThat(d.fleetRole()).isEqualTo(FleetRole.DUAL);
        assertThat(d.controllers()).isEmpty();
        assertThat(d.processes()).isEmpty();
        assertThat(d.maxBundleBytes()).isEqualTo(256L << 20);
    }

    @Test
    void processesBecomeMinersNamedForThemWithTheirKind(@TempDir Path dir) {
        try (TestNode node = TestNode.builder(dir).plugin("fleet-control", FleetControlPlugin::new)
                .set("fleet-control.processes", "[{ name = \"gen\", kind = \"generic\", command = [\"/bin/sh\", \"-c\","
                        + " \"exec sleep 60\"], autostart = false }, { name = \"rig\", kind = \"xmrig\","
                        + " command = [\"/nonexistent/xmrig\"], autostart = false }]")
                .set("fleet-control.controllers", "[\"" + "ab".repeat(32) + "\"]")
                .start()) {
            String health = node.get("/health").body();
            assertThat(health).contains("\"fleet-control/gen\"", "\"generic\"", "\"fleet-control/rig\"", "\"xmrig\"");
            assertThat(node.get("/api/v1/fleet-control/node/info").body()).contains("ab".repeat(32), "\"dual\"");
        }
    }

    @Test
    void badValuesFailStartNamingTheKey(@TempDir Path dir) {
        assertThatThrownBy(() -> start(dir.resolve("a"), "fleet-control.role", "\"boss\""))
                .isInstanceOf(ConfigException.class).hasMessageContaining("role").hasMessageContaining("boss");
        assertThatThrownBy(() -> start(dir.resolve("b"), "fleet-control.controllers", "[\"not-a-node-id\"]"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("controllers");
        assertThatThrownBy(() -> start(dir.resolve("c"), "fleet-control.processes", "[{ name = \"x\", kind = \"xmrig\" }]"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("command");
        assertThatThrownBy(() -> start(dir.resolve("d"), "fleet-control.processes",
                "[{ name = \"x\", kind = \"docker\", command = [\"x\"] }]"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("kind");
        assertThatThrownBy(() -> start(dir.resolve("e"), "fleet-control.processes",
                "[{ name = \"x\", command = [\"a\"] }, { name = \"x\", command = [\"b\"] }]"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("distinct");
        assertThatThrownBy(() -> start(dir.resolve("f"), "fleet-control.weight_ping", "-1.0"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("weight");
        assertThatThrownBy(() -> start(dir.resolve("g"), "fleet-control.max_bundle_bytes", "1000"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("max_bundle_bytes");
        assertThatThrownBy(() -> start(dir.resolve("h"), "fleet-control.max_bundle_bytes", String.valueOf(1L << 40)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("max_bundle_bytes");
    }

    private static void start(Path dir, String key, String value) {
        TestNode.builder(dir).plugin("fleet-control", FleetControlPlugin::new).set(key, value).start().close();
    }
}

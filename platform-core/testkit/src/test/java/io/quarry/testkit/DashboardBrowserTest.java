package io.quarry.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.testing.HeadlessChromium;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel dashboard and a plugin panel as a browser renders them: headless Chromium, real node. */
class DashboardBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeEach
    void needsChromium() {
        if (HeadlessChromium.find().isEmpty()) {
            assertThat(HeadlessChromium.required()).as("Chromium is missing in CI: scripts/install-test-deps.sh "
                    + "installs it").isFalse();
            assumeTrue(false, "headless Chromium is not installed");
        }
    }

    @Test
    void healthNamesThePanelOfAPluginThatServesOne() throws Exception {
        try (TestNode node = TestNode.builder(dir).plugin("counter", CounterPlugin::new).start()) {
            JsonNode plugin = JSON.readTree(node.get("/health").body()).path("plugins").get(0);

            assertThat(plugin.path("panel").asText()).isEqualTo("/plugins/counter/");
            assertThat(plugin.path("pages").get(0).path("title").asText()).isEqualTo("Counter");
            assertThat(plugin.path("pages").get(0).path("path").asText()).isEqualTo("/plugins/counter/index.html");
        }
    }

    @Test
    void theDashboardShowsTheNodeItsPluginsAndMinersAndLinksThePanel() throws Exception {
        try (TestNode node = TestNode.builder(dir).plugin("counter", CounterPlugin::new)
                .plugin("failing", FailingPlugin::new).start()) {
            String dom = HeadlessChromium.dumpDom(node.baseUri().resolve("/"), Duration.ofSeconds(5));

            assertThat(dom).contains(node.nodeId().substring(0, 16)).doesNotContain("node unreachable");
            assertThat(dom).contains("<section id=\"health\" class=\"health-DEGRADED\"")
                    .contains("<li>plugin failing FAILED: start failed: no device</li>");
            // The navigation bar names the plugin's page; the plugins table links its panel.
            assertThat(dom).contains("<nav id=\"pages\"><a href=\"/\" aria-current=\"page\">Dashboard</a>"
                    + "<a href=\"/plugins/counter/index.html\">Counter</a></nav>");
            assertThat(dom).contains("<a href=\"/plugins/counter/\">counter</a>")
                    .containsPattern("<td>failing</td>\\s*<td>[^<]*</td>\\s*<td class=\"state-FAILED\">FAILED</td>")
                    .contains("start failed: no device");
            assertThat(dom).contains("<td>counter/counter</td>").contains("<canvas");
        }
    }

    @Test
    void aPluginPanelRendersItsOwnRoutesFigures() throws Exception {
        try (TestNode node = TestNode.builder(dir).plugin("counter", CounterPlugin::new).set("counter.step", "7")
                .start()) {
            node.post("/api/v1/counter/increment", "{}");
            node.post("/api/v1/counter/increment", "{}");

            String dom = HeadlessChromium.dumpDom(node.baseUri().resolve("/plugins/counter/"), Duration.ofSeconds(3));

            assertThat(dom).contains("<span id=\"value\">14</span>");
        }
    }
}

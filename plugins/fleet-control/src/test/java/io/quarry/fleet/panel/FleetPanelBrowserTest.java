package io.quarry.fleet.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quarry.fleet.FleetControlPlugin;
import io.quarry.fleet.TestMinerPlugin;
import io.quarry.testing.HeadlessChromium;
import io.quarry.testkit.TestCluster;
import io.quarry.testkit.TestNode;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet-control panel's two pages as a person uses them, in headless Chromium: the Nodes page shows this node
 * and its peers; the dashboard's navigation bar leads to the Fleet page, which lists the worker's miner with the
 * fleet total, and whose Start and Stop buttons really start and stop the worker's miner.
 */
@Timeout(120)
class FleetPanelBrowserTest {

    @BeforeEach
    void needsChromium() {
        if (HeadlessChromium.find().isEmpty()) {
            assertThat(HeadlessChromium.required())
                    .as("Chromium is missing in CI: scripts/install-test-deps.sh installs it").isFalse();
            assumeTrue(false, "headless Chromium is not installed");
        }
    }

    @Test
    void theNodesAndFleetPagesShowTheFleetAndTheButtonsStartAndStopARemoteMiner(@TempDir Path dir) throws Exception {
        try (TestCluster cluster = TestCluster.start(2, dir, (i, b) -> {
            b.plugin("fleet-control", FleetControlPlugin::new).set("fleet-control.name", i == 0 ? "\"boss\"" : "\"rig\"");
            return i == 1 ? b.plugin("test-miner", TestMinerPlugin::new).set("fleet-control.role", "\"worker\"")
                    : b.set("fleet-control.role", "\"controller\"");
        })) {
            TestNode boss = cluster.node(0);
            TestNode rig = cluster.node(1);
            assertThat(rig.post("/api/v1/fleet-control/peers", "{\"address\": \"127.0.0.1:" + boss.peerAddress().port()
                    + "\", \"name\": \"boss\", \"role\": \"controller\"}").statusCode()).isEqualTo(201);
            assertThat(boss.post("/api/v1/fleet-control/peers", "{\"address\": \"127.0.0.1:" + rig.peerAddress().port()
                    + "\", \"name\": \"rig\"}").statusCode()).isEqualTo(201);

            try (ChromiumPage page = ChromiumPage.open(boss.baseUri().resolve("/plugins/fleet-control/"))) {
                // The panel's bare path opens the Nodes page: this node's identity and its peers.
                page.waitFor("location.pathname === '/plugins/fleet-control/nodes.html'");
                page.waitFor("document.getElementById('node-name').textContent === 'boss'");
                assertThat(page.eval("document.getElementById('node-role').textContent").asText()).isEqualTo("(controller)");
                assertThat(page.eval("document.getElementById('node-id').textContent").asText()).isEqualTo(boss.nodeId());
                page.waitFor("document.querySelector('#peers tbody').innerText.includes('online')");
                assertThat(page.eval("document.querySelector('#peers tbody').innerText").asText())
                        .contains("rig", "ms", "s ago");
                assertThat(page.eval("!!document.getElementById('miners')").asBoolean()).isFalse();

                // The navigation bar names both pages (the current one marked) and leads to the Fleet page.
                String fleetLink = "document.querySelector('nav#pages a[href=\"/plugins/fleet-control/fleet.html\"]')";
                page.waitFor(fleetLink);
                assertThat(page.eval("document.querySelector('nav#pages a[aria-current=\"page\"]').textContent").asText())
                        .isEqualTo("Nodes");
                assertThat(page.eval(fleetLink + ".textContent").asText()).isEqualTo("Fleet");
                page.eval(fleetLink + ".click(); true");
                page.waitFor("location.pathname === '/plugins/fleet-control/fleet.html'");

                String button = "document.querySelector('button[data-miner=\"test-miner/one\"]')";
                // Without the token the fleet (which signs commands to workers) is refused and the page says what to do.
                page.waitFor("document.getElementById('fleet-error').textContent.includes('enter the API token')");
                assertThat(page.eval("!" + button).asBoolean()).isTrue();

                page.eval("const t = document.getElementById('token'); t.value = '" + boss.apiToken()
                        + "'; t.dispatchEvent(new Event('change')); true");
                page.waitFor(button + " && " + button + ".dataset.action === 'start'");
                page.waitFor(button + " && !" + button + ".disabled");
                page.eval(button + ".click(); true");

                page.waitFor(button + " && " + button + ".dataset.action === 'stop'");
                assertThat(rig.get("/api/v1/node/miners/test-miner%2Fone").body()).contains("RUNNING");
                page.waitFor("document.querySelector('#totals tbody').innerText.includes('100.0 H/s')");
                assertThat(page.eval("document.getElementById('action').textContent").asText())
                        .isEqualTo("start test-miner/one: done");

                page.eval(button + ".click(); true");
                page.waitFor(button + " && " + button + ".dataset.action === 'start'");
                assertThat(rig.get("/api/v1/node/miners/test-miner%2Fone").body()).contains("STOPPED");
            }
        }
    }
}

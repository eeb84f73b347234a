package io.quarry.randomx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.testkit.TestNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node serves the plugin's dashboard panel, every file the page loads, and names the panel in /health. */
class RandomxPanelTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PANEL = "/plugins/randomx-cluster/";
    private static final Pattern SCRIPT = Pattern.compile("<script src=\"([^\"]+)\"");
    private static final Pattern STYLESHEET = Pattern.compile("<link rel=\"stylesheet\" href=\"([^\"]+)\"");

    @TempDir
    Path dir;

    @Test
    void theNodeServesThePanelPageAndEveryScriptAndStylesheetItLoads() {
        // Without a work source the miner stays STOPPED; the panel is registered in init all the same.
        try (TestNode node = TestNode.builder(dir).plugin("randomx-cluster", RandomxClusterPlugin::new).start()) {
            HttpResponse<String> page = node.get(PANEL);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(page.body()).contains("<h1>RandomX cluster</h1>", "<a href=\"/\">", "<canvas id=\"chart\"");

            List<String> scripts = all(SCRIPT, page.body());
            // The chart comes from the kernel (/chart.js, shared by every panel), the rest from the plugin.
            assertThat(scripts).containsExactly("/chart.js", "panel.js");
            for (String script : scripts) {
                HttpResponse<String> js = node.get(script.startsWith("/") ? script : PANEL + script);
                assertThat(js.statusCode()).as(script).isEqualTo(200);
                assertThat(js.headers().firstValue("Content-Type").orElse("")).as(script).startsWith("text/javascript");
                assertThat(js.body()).as(script).startsWith("//").contains("'use strict'");
            }
            assertThat(node.get(PANEL + "panel.js").body()).contains("/api/v1/randomx-cluster/stats");

            // The kernel's stylesheet by its absolute path, then the panel's own next to the page.
            List<String> stylesheets = all(STYLESHEET, page.body());
            assertThat(stylesheets).containsExactly("/style.css", "panel.css");
            for (String css : List.of("/style.css", PANEL + "panel.css")) {
                HttpResponse<String> sheet = node.get(css);
                assertThat(sheet.statusCode()).as(css).isEqualTo(200);
                assertThat(sheet.headers().firstValue("Content-Type").orElse("")).as(css).startsWith("text/css");
            }
            assertThat(node.get(PANEL + "no-such-file.js").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void healthListsThePluginWithItsPanel() throws Exception {
        try (TestNode node = TestNode.builder(dir).plugin("randomx-cluster", RandomxClusterPlugin::new).start()) {
            JsonNode plugin = null;
            for (JsonNode p : JSON.readTree(node.get("/health").body()).path("plugins")) {
                if (p.path("id").asText().equals("randomx-cluster")) {
                    plugin = p;
                }
            }
            assertThat(plugin).as("randomx-cluster in /health").isNotNull();
            assertThat(plugin.path("panel").asText()).isEqualTo(PANEL);
        }
    }

    private static List<String> all(Pattern pattern, String html) {
        List<String> out = new ArrayList<>();
        Matcher m = pattern.matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}

package io.quarry.kernel.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.NodeContext;
import io.quarry.api.PluginState;
import io.quarry.api.QuarryPlugin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class PluginLifecycleTest {

    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    /** Records its lifecycle calls; throws in the phase it is told to. */
    private class Recorder implements QuarryPlugin {
        private final String name;
        private final String failIn;

        Recorder(String name, String failIn) {
            this.name = name;
            this.failIn = failIn;
        }

        @Override
        public void init(NodeContext context) {
            events.add(name + ".init");
            if (failIn.equals("init")) {
                throw new IllegalStateException(name + " cannot init");
            }
        }

        @Override
        public void start() {
            events.add(name + ".start");
            if (failIn.equals("start")) {
                throw new IllegalStateException(name + " cannot start");
            }
        }

        @Override
        public void stop() {
            events.add(name + ".stop");
        }
    }

    private PluginHost host(QuarryPlugin... plugins) {
        List<InProcessPlugin> inProcess = new ArrayList<>();
        Set<String> enabled = new java.util.LinkedHashSet<>();
        for (int i = 0; i < plugins.length; i++) {
            QuarryPlugin p = plugins[i];
            String id = "p" + i;
            inProcess.add(new InProcessPlugin(id, "1.0.0", () -> p));
            enabled.add(id);
        }
        return new PluginHost(List.of(), "0.1.0", inProcess, enabled);
    }

    @Test
    void startsInLoadOrderAndStopsInReverse() {
        PluginHost host = host(new Recorder("a", ""), new Recorder("b", ""), new Recorder("c", ""));
        PluginLifecycle lifecycle = new PluginLifecycle(host.all(), h -> { });
        lifecycle.initAll(h -> null);
        lifecycle.startAll();
        lifecycle.stopAll(Duration.ofSeconds(1), Duration.ofSeconds(5));

        assertThat(events).containsExactly("a.init", "b.init", "c.init", "a.start", "b.start", "c.start",
                "c.stop", "b.stop", "a.stop");
        assertThat(host.all()).extracting(PluginHandle::state).containsOnly(PluginState.STOPPED);
    }

    @Test
    void pluginFailingInitIsMarkedFailedAndOthersStart() {
        List<String> failed = new ArrayList<>();
        PluginHost host = host(new Recorder("a", ""), new Recorder("b", "init"), new Recorder("c", ""));
        PluginLifecycle lifecycle = new PluginLifecycle(host.all(), h -> failed.add(h.id()));
        lifecycle.initAll(h -> null);
        lifecycle.startAll();

        assertThat(host.find("p1").orElseThrow().state()).isEqualTo(PluginState.FAILED);
        assertThat(host.find("p1").orElseThrow().error()).hasValue("init failed: b cannot init");
        assertThat(host.find("p0").orElseThrow().state()).isEqualTo(PluginState.STARTED);
        assertThat(host.find("p2").orElseThrow().state()).isEqualTo(PluginState.STARTED);
        assertThat(events).doesNotContain("b.start");
        assertThat(failed).containsExactly("p1");
    }

    @Test
    void pluginFailingStartIsMarkedFailedAndStillStopped() {
        PluginHost host = host(new Recorder("a", "start"), new Recorder("b", ""));
        PluginLifecycle lifecycle = new PluginLifecycle(host.all(), h -> { });
        lifecycle.initAll(h -> null);
        lifecycle.startAll();
        lifecycle.stopAll(Duration.ofSeconds(1), Duration.ofSeconds(5));

        PluginHandle a = host.find("p0").orElseThrow();
        assertThat(a.state()).isEqualTo(PluginState.FAILED);
        assertThat(a.error()).hasValue("start failed: a cannot start");
        assertThat(events).contains("a.stop", "b.stop");
    }

    @Test
    void startingTwiceFailsAndStoppingTwiceIsHarmless() {
        PluginHost host = host(new Recorder("a", ""));
        PluginLifecycle lifecycle = new PluginLifecycle(host.all(), h -> { });
        lifecycle.initAll(h -> null);
        lifecycle.startAll();
        assertThatThrownBy(lifecycle::startAll).isInstanceOf(IllegalStateException.class);
        lifecycle.stopAll(Duration.ofSeconds(1), Duration.ofSeconds(5));
        lifecycle.stopAll(Duration.ofSeconds(1), Duration.ofSeconds(5));
        assertThat(events).containsOnlyOnce("a.stop");
    }

    @Test
    void pluginThatHangsInStopIsAbandonedAfterItsBudget() {
        CountDownLatch never = new CountDownLatch(1);
        QuarryPlugin hanging = new Recorder("h", "") {
            @Override
            public void stop() {
                events.add("h.stop");
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        PluginHost host = host(new Recorder("a", ""), hanging);
        PluginLifecycle lifecycle = new PluginLifecycle(host.all(), h -> { });
        lifecycle.initAll(h -> null);
        lifecycle.startAll();
        lifecycle.stopAll(Duration.ofMillis(200), Duration.ofSeconds(5));

        assertThat(host.find("p1").orElseThrow().state()).isEqualTo(PluginState.FAILED);
        assertThat(host.find("p1").orElseThrow().error().orElseThrow()).contains("stop timed out");
        assertThat(host.find("p0").orElseThrow().state()).isEqualTo(PluginState.STOPPED);
        never.countDown();
    }

    @Test
    void disabledPluginsAreNeverInitialised() {
        Recorder a = new Recorder("a", "");
        PluginHost host = new PluginHost(List.of(), "0.1.0", List.of(new InProcessPlugin("a", "1", () -> a)), Set.of());
        PluginLifecycle lifecycle = new PluginLifecycle(host.all(), h -> { });
        lifecycle.initAll(h -> null);
        lifecycle.startAll();
        assertThat(events).isEmpty();
        assertThat(host.find("a").orElseThrow().state()).isEqualTo(PluginState.DISABLED);
    }

    @Test
    void enabledButMissingPluginIsReportedFailed() {
        PluginHost host = new PluginHost(List.of(), "0.1.0", List.of(), Set.of("ghost"));
        assertThat(host.find("ghost").orElseThrow().state()).isEqualTo(PluginState.FAILED);
        assertThat(host.find("ghost").orElseThrow().error().orElseThrow()).contains("not installed");
    }

    @Test
    void pluginClassThatIsNotAQuarryPluginIsRefusedWithTheReason() {
        assertThatThrownBy(() -> PluginHost.instantiate(String.class.getName(), getClass().getClassLoader()))
                .isInstanceOf(PluginException.class).hasMessageContaining("does not implement");
        assertThatThrownBy(() -> PluginHost.instantiate("no.such.Plugin", getClass().getClassLoader()))
                .isInstanceOf(PluginException.class).hasMessageContaining("cannot be loaded");
    }
}

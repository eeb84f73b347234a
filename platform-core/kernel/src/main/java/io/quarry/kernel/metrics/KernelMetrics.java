package io.quarry.kernel.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.quarry.api.metrics.PluginMetrics;

/**
 * The node's one metrics registry, scraped at {@code /metrics} in Prometheus text. It carries JVM and
 * process meters from the start; the kernel and each plugin register their own on top.
 */
public final class KernelMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public KernelMetrics() {
        new JvmMemoryMetrics().bindTo(prometheus);
        gc.bindTo(prometheus);
        new JvmThreadMetrics().bindTo(prometheus);
        new ClassLoaderMetrics().bindTo(prometheus);
        new ProcessorMetrics().bindTo(prometheus);
        new UptimeMetrics().bindTo(prometheus);
        new FileDescriptorMetrics().bindTo(prometheus);
    }

    /** The registry kernel services register on. */
    public MeterRegistry registry() {
        return prometheus;
    }

    /** Everything registered, in the Prometheus text exposition format. */
    public String scrape() {
        return prometheus.scrape();
    }

    /**
     * The view of one plugin: a composite over the node registry whose common tag {@code plugin=<id>} is
     * stamped on every meter the plugin creates, so two plugins never collide and dashboards can filter.
     */
    public PluginMetrics forPlugin(String pluginId) {
        CompositeMeterRegistry view = new CompositeMeterRegistry();
        view.config().commonTags(Tags.of("plugin", pluginId));
        view.add(prometheus);
        String prefix = "quarry." + pluginId.replace('-', '.') + ".";
        return new PluginMetrics() {
            @Override
            public MeterRegistry registry() {
                return view;
            }

            @Override
            public String name(String suffix) {
                return prefix + suffix;
            }
        };
    }

    @Override
    public void close() {
        gc.close();
        prometheus.close();
    }
}

package io.quarry.kernel.cli;

import io.quarry.api.config.ConfigSpec;
import io.quarry.kernel.NodeVersion;
import io.quarry.kernel.PluginRoots;
import io.quarry.kernel.config.Config;
import io.quarry.kernel.config.KernelConfig;
import io.quarry.kernel.plugin.PluginHandle;
import io.quarry.kernel.plugin.PluginHost;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** The plugins a node with this configuration would load, found without starting anything. */
final class InstalledPlugins implements AutoCloseable {

    private final PluginHost host;

    InstalledPlugins(Config config, Path dataDir) {
        KernelConfig kernel = KernelConfig.bind(config);
        this.host = new PluginHost(PluginRoots.of(dataDir, kernel, List.of()), NodeVersion.apiVersion(), List.of(),
                new LinkedHashSet<>(kernel.plugins().enabled()));
    }

    List<PluginHandle> all() {
        return List.copyOf(host.all());
    }

    /** Every section a configuration may hold: the kernel's and each installed plugin's, with their specs. */
    Map<String, ConfigSpec<?>> specs() {
        Map<String, ConfigSpec<?>> specs = new LinkedHashMap<>(KernelConfig.SPECS);
        for (PluginHandle handle : host.all()) {
            handle.plugin().ifPresent(p -> specs.put(handle.id(), p.configSpec()));
        }
        return specs;
    }

    /** Validates every section; throws the first ConfigException found. */
    void check(Config config) {
        Map<String, ConfigSpec<?>> specs = specs();
        Config known = config.withSections(specs.keySet());
        specs.forEach(known::bind);
    }

    @Override
    public void close() {
        host.close();
    }
}

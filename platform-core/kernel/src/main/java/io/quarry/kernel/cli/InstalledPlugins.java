package io.quarry.kernel.cli;

import io.quarry.api.config.ConfigException;
import io.quarry.api.config.ConfigSpec;
import io.quarry.kernel.NodeVersion;
import io.quarry.kernel.PluginRoots;
import io.quarry.kernel.config.Config;
import io.quarry.kernel.config.KernelConfig;
import io.quarry.kernel.plugin.PluginHandle;
import io.quarry.kernel.plugin.PluginHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The plugins a node with this configuration would load, found without starting anything. */
final class InstalledPlugins implements AutoCloseable {

    private final PluginHost host;
    private final Path scratch;

    /** Finds the plugins as a node would, unpacking bundled plugins into the data directory (plugin verbs). */
    InstalledPlugins(Config config, Path dataDir) {
        KernelConfig kernel = KernelConfig.bind(config);
        this.scratch = null;
        this.host = new PluginHost(PluginRoots.of(dataDir, kernel, List.of()), NodeVersion.apiVersion(), List.of(),
                new LinkedHashSet<>(kernel.plugins().enabled()));
    }

    private InstalledPlugins(KernelConfig kernel, Path dataDir, Path scratch) {
        this.scratch = scratch;
        this.host = new PluginHost(PluginRoots.readOnly(dataDir, kernel, scratch), NodeVersion.apiVersion(),
                List.of(), new LinkedHashSet<>(kernel.plugins().enabled()));
    }

    /**
     * Finds the plugins without writing into the data directory (for commands that only look): bundled and
     * dist plugins are unpacked into a scratch directory that {@link #close} removes.
     */
    static InstalledPlugins lookOnly(Config config, Path dataDir) {
        KernelConfig kernel = KernelConfig.bind(config);
        try {
            return new InstalledPlugins(kernel, dataDir, Files.createTempDirectory("quarry-plugins-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a scratch directory to look at the plugins in", e);
        }
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

    /** Validates {@code plugins.enabled} and every section; throws the first ConfigException found. */
    void check(Config config) {
        host.notInstalledMessage().ifPresent(message -> {
            throw new ConfigException("plugins.enabled", message);
        });
        Map<String, ConfigSpec<?>> specs = specs();
        Config known = config.withSections(specs.keySet());
        specs.forEach(known::bind);
    }

    @Override
    public void close() {
        host.close();
        if (scratch == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(scratch)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A leftover in the temp directory is no reason to fail the command.
        }
    }
}

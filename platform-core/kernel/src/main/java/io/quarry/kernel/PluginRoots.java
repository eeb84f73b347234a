package io.quarry.kernel;

import io.quarry.kernel.config.KernelConfig;
import io.quarry.kernel.plugin.BundledPlugins;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a node looks for plugins, in order: the zips bundled in quarry.jar (unpacked into
 * {@code <data_dir>/bundled-plugins}), the zips and jars in {@code $QUARRY_HOME/plugins} of a dist/ tree (copied
 * into {@code <data_dir>/dist-plugins}, as the tree may be read-only), and the operator's
 * {@code plugins.dir} (default {@code <data_dir>/plugins}) for third-party plugins. The first copy of an id wins.
 */
public final class PluginRoots {

    private PluginRoots() {
    }

    /** The plugin directories for this data directory and kernel configuration; unpacks bundled plugins. */
    public static List<Path> of(Path dataDir, KernelConfig kernel, List<Path> extra) {
        return of(dataDir, dataDir, kernel, extra);
    }

    /**
     * The same directories for commands that only look ({@code config check}, {@code plugins list}): bundled and
     * dist plugins are unpacked under {@code scratch}, so nothing is written into the data directory.
     */
    public static List<Path> readOnly(Path dataDir, KernelConfig kernel, Path scratch) {
        return of(dataDir, scratch, kernel, List.of());
    }

    private static List<Path> of(Path dataDir, Path unpackInto, KernelConfig kernel, List<Path> extra) {
        List<Path> roots = new ArrayList<>();
        if (!BundledPlugins.names().isEmpty()) {
            Path bundled = unpackInto.resolve("bundled-plugins");
            BundledPlugins.unpack(bundled);
            roots.add(bundled);
        }
        roots.addAll(extra);
        String home = System.getProperty("quarry.home");
        if (home != null && Files.isDirectory(Path.of(home, "plugins"))) {
            // The tree may be read-only (/opt/quarry from the Debian package): PF4J extracts a copy instead.
            Path copies = unpackInto.resolve("dist-plugins");
            BundledPlugins.mirror(Path.of(home, "plugins"), copies);
            roots.add(copies);
        }
        String dir = kernel.plugins().dir();
        roots.add(dir.isBlank() ? dataDir.resolve("plugins") : dataDir.resolve(dir));
        return roots;
    }
}

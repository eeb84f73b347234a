package io.quarry.kernel;

import io.quarry.kernel.config.KernelConfig;
import io.quarry.kernel.plugin.BundledPlugins;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a node looks for plugins, in order: the zips bundled in quarry.jar (unpacked into
 * {@code <data_dir>/bundled-plugins}), {@code $QUARRY_HOME/plugins} of a dist/ tree, and the operator's
 * {@code plugins.dir} (default {@code <data_dir>/plugins}) for third-party plugins. The first copy of an id wins.
 */
public final class PluginRoots {

    private PluginRoots() {
    }

    /** The plugin directories for this data directory and kernel configuration; unpacks bundled plugins. */
    public static List<Path> of(Path dataDir, KernelConfig kernel, List<Path> extra) {
        List<Path> roots = new ArrayList<>();
        if (!BundledPlugins.names().isEmpty()) {
            Path bundled = dataDir.resolve("bundled-plugins");
            BundledPlugins.unpack(bundled);
            roots.add(bundled);
        }
        roots.addAll(extra);
        String home = System.getProperty("quarry.home");
        if (home != null) {
            roots.add(Path.of(home, "plugins"));
        }
        String dir = kernel.plugins().dir();
        roots.add(dir.isBlank() ? dataDir.resolve("plugins") : dataDir.resolve(dir));
        return roots;
    }
}

package io.quarry.kernel.plugin;

import io.quarry.api.PluginState;
import io.quarry.api.QuarryPlugin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pf4j.DefaultPluginManager;
import org.pf4j.Plugin;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginFactory;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the installed plugins: PF4J zips, jars and directories under the plugin roots, plus in-process
 * plugins handed in by the testkit. Each becomes a {@link PluginHandle}, LOADED when enabled, DISABLED when
 * not, FAILED (with the reason) when its descriptor or class is broken. A broken plugin never stops the
 * others from loading.
 */
public final class PluginHost implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

    private final Map<String, PluginHandle> handles = new LinkedHashMap<>();
    private final DefaultPluginManager pf4j;
    /** Ids {@code plugins.enabled} names that no root holds. */
    private final List<String> notInstalled;

    /**
     * Loads every plugin found.
     *
     * @param roots directories to search; missing ones are skipped
     * @param apiVersion the plugin API version checked against each descriptor's {@code plugin.requires}
     * @param inProcess plugins already on the class path
     * @param enabled the ids named in {@code plugins.enabled}, in start order
     */
    public PluginHost(List<Path> roots, String apiVersion, List<InProcessPlugin> inProcess, Set<String> enabled) {
        this.notInstalled = new ArrayList<>();
        List<Path> existing = roots.stream().filter(Files::isDirectory).toList();
        this.pf4j = existing.isEmpty() ? null : newManager(existing, apiVersion);
        if (pf4j != null) {
            pf4j.loadPlugins();
            for (PluginWrapper wrapper : pf4j.getPlugins()) {
                add(fromPf4j(wrapper, enabled));
            }
        }
        for (InProcessPlugin p : inProcess) {
            add(fromClassPath(p, enabled));
        }
        for (String id : enabled) {
            if (!handles.containsKey(id)) {
                notInstalled.add(id);
                handles.put(id, new PluginHandle(id, "-", "", null, null, null, PluginState.FAILED,
                        "enabled in plugins.enabled but not installed (searched " + roots + ")"));
            }
        }
        orderByEnabledList(enabled);
    }

    /**
     * Start order is the order of {@code plugins.enabled} (PF4J's own order depends on the file system), so an
     * operator decides it; installed but disabled plugins follow, by id.
     */
    private void orderByEnabledList(Set<String> enabled) {
        Map<String, PluginHandle> ordered = new LinkedHashMap<>();
        for (String id : enabled) {
            ordered.put(id, handles.get(id));
        }
        handles.keySet().stream().filter(id -> !ordered.containsKey(id)).sorted()
                .forEach(id -> ordered.put(id, handles.get(id)));
        handles.clear();
        handles.putAll(ordered);
    }

    /** Every plugin found, enabled or not, in load order. */
    public Collection<PluginHandle> all() {
        return List.copyOf(handles.values());
    }

    /**
     * What to tell an operator when {@code plugins.enabled} names plugins that are not installed (a typo such as
     * {@code poies-minr}), naming them and the installed ones; empty when every enabled id is installed.
     */
    public Optional<String> notInstalledMessage() {
        List<String> missing = List.copyOf(notInstalled);
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        List<String> installed = handles.values().stream().filter(h -> !missing.contains(h.id()))
                .map(PluginHandle::id).sorted().toList();
        return Optional.of("plugins.enabled names " + (missing.size() == 1 ? "a plugin" : "plugins")
                + " that " + (missing.size() == 1 ? "is" : "are") + " not installed: " + String.join(", ", missing)
                + "; installed plugins: " + (installed.isEmpty() ? "none" : String.join(", ", installed)));
    }

    /** The plugin with this id. */
    public Optional<PluginHandle> find(String id) {
        return Optional.ofNullable(handles.get(id));
    }

    private void add(PluginHandle handle) {
        PluginHandle earlier = handles.putIfAbsent(handle.id(), handle);
        if (earlier != null) {
            LOG.warn("plugin {} from {} ignored: the same id was already loaded from {}", handle.id(),
                    handle.source().map(Path::toString).orElse("the class path"),
                    earlier.source().map(Path::toString).orElse("the class path"));
        }
    }

    private static DefaultPluginManager newManager(List<Path> roots, String apiVersion) {
        DefaultPluginManager manager = new DefaultPluginManager(roots) {
            @Override
            protected PluginFactory createPluginFactory() {
                // The kernel instantiates QuarryPlugin classes itself; PF4J's own Plugin object is unused.
                return wrapper -> new Plugin();
            }
        };
        manager.setSystemVersion(apiVersion);
        manager.setExactVersionAllowed(true);
        return manager;
    }

    private static PluginHandle fromPf4j(PluginWrapper wrapper, Set<String> enabled) {
        PluginDescriptor d = wrapper.getDescriptor();
        String id = d.getPluginId();
        Path source = wrapper.getPluginPath();
        if (wrapper.getPluginState() == org.pf4j.PluginState.FAILED) {
            return failed(d, source, "PF4J could not load it: " + describe(wrapper.getFailedException()));
        }
        if (wrapper.getPluginState() == org.pf4j.PluginState.DISABLED && !wrapper.getPluginManager()
                .getVersionManager().checkVersionConstraint(wrapper.getPluginManager().getSystemVersion(),
                        d.getRequires())) {
            return failed(d, source, "requires plugin API " + d.getRequires() + " but this node offers "
                    + wrapper.getPluginManager().getSystemVersion());
        }
        // Disabled plugins are instantiated too (no init), so `config check` can validate their tables.
        PluginState state = enabled.contains(id) ? PluginState.LOADED : PluginState.DISABLED;
        try {
            QuarryPlugin plugin = instantiate(d.getPluginClass(), wrapper.getPluginClassLoader());
            return new PluginHandle(id, d.getVersion(), d.getPluginDescription(), source, plugin,
                    wrapper.getPluginClassLoader(), state, null);
        } catch (PluginException e) {
            return failed(d, source, e.getMessage());
        }
    }

    private static PluginHandle fromClassPath(InProcessPlugin p, Set<String> enabled) {
        PluginState state = enabled.contains(p.id()) ? PluginState.LOADED : PluginState.DISABLED;
        try {
            QuarryPlugin plugin = p.factory().get();
            return new PluginHandle(p.id(), p.version(), "", null, plugin, plugin.getClass().getClassLoader(),
                    state, null);
        } catch (RuntimeException e) {
            return new PluginHandle(p.id(), p.version(), "", null, null, null, PluginState.FAILED,
                    "could not create the plugin: " + describe(e));
        }
    }

    /** Makes the plugin's entry class, which must implement QuarryPlugin and have a public no-arg constructor. */
    static QuarryPlugin instantiate(String className, ClassLoader loader) {
        if (className == null || className.isBlank()) {
            throw new PluginException("its descriptor names no plugin.class");
        }
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new PluginException("plugin.class " + className + " cannot be loaded: " + describe(e), e);
        }
        if (!QuarryPlugin.class.isAssignableFrom(type)) {
            throw new PluginException("plugin.class " + className + " does not implement "
                    + QuarryPlugin.class.getName());
        }
        try {
            return (QuarryPlugin) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            throw new PluginException("plugin.class " + className + " could not be constructed: " + describe(e), e);
        }
    }

    private static PluginHandle failed(PluginDescriptor d, Path source, String reason) {
        return new PluginHandle(d.getPluginId(), d.getVersion(), d.getPluginDescription(), source, null, null,
                PluginState.FAILED, reason);
    }

    static String describe(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        return root == t ? message : t.getMessage() + " (" + message + ")";
    }

    /** Closes plugin class loaders. Call after every plugin stopped. */
    @Override
    public void close() {
        if (pf4j != null) {
            List<String> ids = new ArrayList<>();
            pf4j.getPlugins().forEach(w -> ids.add(w.getPluginId()));
            for (String id : ids) {
                try {
                    pf4j.unloadPlugin(id);
                } catch (RuntimeException e) {
                    LOG.debug("unloading plugin {} failed", id, e);
                }
            }
        }
    }
}

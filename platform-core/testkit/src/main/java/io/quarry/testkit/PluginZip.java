package io.quarry.testkit;

import io.quarry.api.QuarryPlugin;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds a PF4J plugin zip ({@code plugin.properties} and {@code classes/}) from classes on the test class
 * path, so a test can drop a real plugin into a node's plugin directory.
 *
 * <pre>{@code
 * Path zip = PluginZip.of("echo", "1.0.0", EchoPlugin.class).with(EchoRoutes.class).writeTo(pluginsDir);
 * }</pre>
 */
public final class PluginZip {

    private final String id;
    private final String version;
    private final Class<? extends QuarryPlugin> pluginClass;
    private final Set<Class<?>> classes = new LinkedHashSet<>();
    private String requires = "*";

    private PluginZip(String id, String version, Class<? extends QuarryPlugin> pluginClass) {
        this.id = Objects.requireNonNull(id, "id");
        this.version = Objects.requireNonNull(version, "version");
        this.pluginClass = Objects.requireNonNull(pluginClass, "pluginClass");
        classes.add(pluginClass);
    }

    /** A zip for plugin {@code id} whose entry class is {@code pluginClass} (with its nested classes). */
    public static PluginZip of(String id, String version, Class<? extends QuarryPlugin> pluginClass) {
        return new PluginZip(id, version, pluginClass);
    }

    /** Adds more classes (each with its nested and anonymous classes). */
    public PluginZip with(Class<?>... more) {
        classes.addAll(Set.of(more));
        return this;
    }

    /** Sets the descriptor's {@code plugin.requires} (default {@code *}). */
    public PluginZip requires(String expression) {
        this.requires = expression;
        return this;
    }

    /** Writes {@code <id>-<version>.zip} into {@code dir} and returns its path. */
    public Path writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
            Path zip = dir.resolve(id + "-" + version + ".zip");
            try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
                out.putNextEntry(new ZipEntry("plugin.properties"));
                out.write(descriptor().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
                Set<String> written = new LinkedHashSet<>();
                for (Class<?> c : classes) {
                    writeClassTree(c, out, written);
                }
            }
            return zip;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plugin zip for " + id, e);
        }
    }

    private String descriptor() {
        return "plugin.id=" + id + "\n"
                + "plugin.class=" + pluginClass.getName() + "\n"
                + "plugin.version=" + version + "\n"
                + "plugin.requires=" + requires + "\n"
                + "plugin.provider=Quarry testkit\n"
                + "plugin.description=Built by PluginZip for a test\n";
    }

    private static void writeClassTree(Class<?> c, ZipOutputStream out, Set<String> written) throws IOException {
        writeClass(c.getName(), c, out, written);
        for (Class<?> nested : c.getDeclaredClasses()) {
            writeClassTree(nested, out, written);
        }
        // Anonymous and local classes are not declared; they are numbered Outer$1, Outer$2, ...
        for (int i = 1; writeClass(c.getName() + "$" + i, c, out, written); i++) {
            // keep going until the next number is missing
        }
    }

    private static boolean writeClass(String name, Class<?> anchor, ZipOutputStream out, Set<String> written)
            throws IOException {
        String resource = name.replace('.', '/') + ".class";
        if (written.contains(resource)) {
            return true;
        }
        try (InputStream in = anchor.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return false;
            }
            out.putNextEntry(new ZipEntry("classes/" + resource));
            in.transferTo(out);
            out.closeEntry();
            written.add(resource);
            return true;
        }
    }
}

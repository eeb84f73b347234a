package io.quarry.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;

/** The Quarry version and the plugin API version, stamped into the build. */
public final class NodeVersion {

    private static final Properties PROPS = load();

    private NodeVersion() {
    }

    /** The Quarry release, e.g. {@code 0.1.0}. */
    public static String version() {
        return PROPS.getProperty("version", "dev");
    }

    /** The plugin API version plugins' {@code plugin.requires} is checked against. */
    public static String apiVersion() {
        return PROPS.getProperty("api.version", "0.1.0");
    }

    /**
     * The Java runtime the node runs on, e.g. {@code Java 21.0.5+11-LTS (Eclipse Adoptium)}, with
     * {@code , bundled runtime} when it is the one a dist tree or the Debian package carries.
     */
    public static String runtime() {
        String home = System.getProperty("quarry.home");
        boolean bundled = home != null && Path.of(System.getProperty("java.home", "")).toAbsolutePath().normalize()
                .equals(Path.of(home, "runtime").toAbsolutePath().normalize());
        return "Java " + Runtime.version() + " (" + System.getProperty("java.vm.vendor", "unknown vendor")
                + (bundled ? ", bundled runtime" : "") + ")";
    }

    private static Properties load() {
        Properties props = new Properties();
        try (InputStream in = NodeVersion.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return props;
    }
}

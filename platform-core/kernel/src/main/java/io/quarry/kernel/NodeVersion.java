package io.quarry.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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

    /** The Java runtime the node runs on, e.g. {@code Java 21.0.5+11-LTS (Eclipse Adoptium)}. */
    public static String runtime() {
        return "Java " + Runtime.version() + " (" + System.getProperty("java.vm.vendor", "unknown vendor") + ")";
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

package io.quarry.kernel.transport;

import java.util.Locale;

/**
 * Which TLS implementation carries node-to-node traffic ({@code [transport] tls_provider}). Both speak the
 * same TLS 1.3 with the same certificates, so nodes using different ones talk to each other.
 */
public enum TlsProvider {
    /** BoringSSL when netty-tcnative loads on this platform, otherwise the JDK; the default. */
    AUTO,
    /** BoringSSL through netty-tcnative (bundled for Linux x86_64 and aarch64); fails to start without it. */
    OPENSSL,
    /** The JDK's own TLS engine: slower (its AES-GCM costs about 2-3x BoringSSL's CPU), no native code. */
    JDK;

    /** The config spelling: {@code auto}, {@code openssl} or {@code jdk}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The provider a config value names.
     *
     * @throws IllegalArgumentException naming {@code key} and the accepted values
     */
    public static TlsProvider parse(String key, String value) {
        for (TlsProvider provider : values()) {
            if (provider.configName().equals(value)) {
                return provider;
            }
        }
        throw new IllegalArgumentException(key + " must be \"auto\", \"openssl\" or \"jdk\", was \"" + value + "\"");
    }
}

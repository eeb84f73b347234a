package io.quarry.natives;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The native libraries this build knows, from {@code natives.list} (packed into the jar beside the libraries
 * it names): each with the Debian package that provides it and its licence. For {@code quarry doctor} and
 * the docs; loading goes through {@link NativeLoader}.
 */
public final class NativeLibraries {

    /**
     * One library.
     *
     * @param soname the shared object's name, e.g. {@code librandomx.so.0}
     * @param debianPackage the package that provides it, e.g. {@code librandomx0}
     * @param licence its licence (SPDX id)
     * @param plugin the plugin that binds it
     * @param property the system property that names another file to load instead
     */
    public record Library(String soname, String debianPackage, String licence, String plugin, String property) {

        /** Loads it as its binding does: bundled copy, then the system's. */
        public NativeLoader.Loaded load() {
            return NativeLoader.load(soname, debianPackage, property);
        }
    }

    private NativeLibraries() {
    }

    /** Every library {@code natives.list} names. */
    public static List<Library> all() {
        List<Library> out = new ArrayList<>();
        try (InputStream in = NativeLibraries.class.getResourceAsStream("natives.list")) {
            if (in == null) {
                return List.of();
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] parts = line.strip().split("\\s+");
                if (parts.length >= 5 && !parts[0].startsWith("#")) {
                    out.add(new Library(parts[0], parts[1], parts[2], parts[3], parts[4]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(out);
    }
}

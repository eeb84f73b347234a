package io.quarry.kernel.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin zips carried inside {@code quarry.jar} (resources under {@code /bundled-plugins/}, listed in
 * {@code index.txt}), unpacked on start into a directory PF4J loads from. A zip is rewritten only when its
 * bytes changed, so PF4J re-extracts it only after an upgrade.
 */
public final class BundledPlugins {

    private static final Logger LOG = LoggerFactory.getLogger(BundledPlugins.class);
    private static final String ROOT = "/bundled-plugins/";

    private BundledPlugins() {
    }

    /** The names of the bundled zips; empty when running from a plain class path (tests, dist/ layout). */
    public static List<String> names() {
        try (InputStream index = BundledPlugins.class.getResourceAsStream(ROOT + "index.txt")) {
            if (index == null) {
                return List.of();
            }
            String text = new String(index.readAllBytes(), StandardCharsets.UTF_8);
            return Arrays.stream(text.split("\n")).map(String::strip).filter(s -> s.endsWith(".zip")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled plugin index", e);
        }
    }

    /**
     * Writes the bundled zips into {@code dir} and removes bundled zips of other versions left there by an
     * earlier release. Returns the zips written or found current.
     */
    public static List<Path> unpack(Path dir) {
        List<String> names = names();
        if (names.isEmpty()) {
            return List.of();
        }
        List<Path> result = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (String name : names) {
                byte[] bytes;
                try (InputStream in = BundledPlugins.class.getResourceAsStream(ROOT + name)) {
                    if (in == null) {
                        throw new IOException("bundled plugin " + name + " is listed but missing from the jar");
                    }
                    bytes = in.readAllBytes();
                }
                Path target = dir.resolve(name);
                if (!Files.exists(target) || !Arrays.equals(Files.readAllBytes(target), bytes)) {
                    Path tmp = Files.createTempFile(dir, name, ".part");
                    Files.write(tmp, bytes);
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    deleteExtracted(dir, name);
                    LOG.info("unpacked bundled plugin {}", name);
                }
                result.add(target);
            }
            removeStale(dir, names);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack bundled plugins into " + dir + ": " + e.getMessage(), e);
        }
        return result;
    }

    private static void removeStale(Path dir, List<String> current) throws IOException {
        try (var entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(".zip") && !current.contains(name)) {
                    Files.deleteIfExists(p);
                    deleteExtracted(dir, name);
                    LOG.info("removed bundled plugin {} of an earlier release", name);
                }
            }
        }
    }

    /** PF4J extracts x.zip into x/; drop that so the new zip is extracted afresh. */
    private static void deleteExtracted(Path dir, String zipName) throws IOException {
        Path extracted = dir.resolve(zipName.substring(0, zipName.length() - ".zip".length()));
        if (Files.isDirectory(extracted)) {
            try (var walk = Files.walk(extracted)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}

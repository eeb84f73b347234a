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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin zips carried inside {@code quarry.jar} (resources under {@code /bundled-plugins/}, listed in
 * {@code index.txt}) or in a dist tree's {@code plugins/}, copied on start into a directory of the data
 * directory that PF4J loads from (and may write to). A zip is rewritten only when its bytes changed, so PF4J
 * re-extracts it only after an upgrade.
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
        Map<String, byte[]> archives = new LinkedHashMap<>();
        try {
            for (String name : names) {
                try (InputStream in = BundledPlugins.class.getResourceAsStream(ROOT + name)) {
                    if (in == null) {
                        throw new IOException("bundled plugin " + name + " is listed but missing from the jar");
                    }
                    archives.put(name, in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled plugins: " + e.getMessage(), e);
        }
        return copy(archives, dir);
    }

    /**
     * Copies the plugin zips and jars of {@code source} (a dist tree's {@code plugins/}, which may be read-only,
     * as under /opt/quarry) into {@code dir}, where PF4J can extract them: it unpacks x.zip into x/ beside the
     * zip. Same rules as {@link #unpack}: rewritten only when changed, copies of removed ones dropped.
     */
    public static List<Path> mirror(Path source, Path dir) {
        Map<String, byte[]> archives = new LinkedHashMap<>();
        try (var entries = Files.list(source)) {
            for (Path p : entries.sorted().toList()) {
                String name = p.getFileName().toString();
                if (Files.isRegularFile(p) && isArchive(name)) {
                    archives.put(name, Files.readAllBytes(p));
                } else if (Files.isDirectory(p)) {
                    LOG.warn("plugin directory {} ignored: {} takes zips and jars; put unpacked plugins in "
                            + "plugins.dir", p, source);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the plugins in " + source + ": " + e.getMessage(), e);
        }
        return copy(archives, dir);
    }

    private static List<Path> copy(Map<String, byte[]> archives, Path dir) {
        List<Path> result = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, byte[]> archive : archives.entrySet()) {
                String name = archive.getKey();
                byte[] bytes = archive.getValue();
                Path target = dir.resolve(name);
                if (!Files.exists(target) || !Arrays.equals(Files.readAllBytes(target), bytes)) {
                    Path tmp = Files.createTempFile(dir, name, ".part");
                    Files.write(tmp, bytes);
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    deleteExtracted(dir, name);
                    LOG.info("installed plugin {} into {}", name, dir);
                }
                result.add(target);
            }
            removeStale(dir, archives.keySet());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy plugins into " + dir + ": " + e.getMessage(), e);
        }
        return result;
    }

    private static boolean isArchive(String name) {
        return name.endsWith(".zip") || name.endsWith(".jar");
    }

    private static void removeStale(Path dir, Set<String> current) throws IOException {
        try (var entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                if (isArchive(name) && !current.contains(name)) {
                    Files.deleteIfExists(p);
                    deleteExtracted(dir, name);
                    LOG.info("removed plugin {} of an earlier release from {}", name, dir);
                }
            }
        }
    }

    /** PF4J extracts x.zip into x/; drop that so the new zip is extracted afresh. */
    private static void deleteExtracted(Path dir, String zipName) throws IOException {
        if (!zipName.endsWith(".zip")) {
            return;
        }
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

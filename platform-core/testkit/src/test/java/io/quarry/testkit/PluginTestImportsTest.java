package io.quarry.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Plugins meet the kernel only through the API, in their tests too: a plugin's tests use the API and the testkit,
 * as a third party's would, and the examples are third-party code. Any mention of the kernel's packages (an
 * import, a qualified name, a resource path under them) in those trees fails here, naming file and line.
 */
class PluginTestImportsTest {

    private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
    private static final Pattern KERNEL = Pattern.compile("io[./]quarry[./]kernel\\b");

    @Test
    void pluginTestsAndExamplesNeverMentionTheKernelsPackages() throws IOException {
        List<Path> roots = new ArrayList<>();
        roots.addAll(children(REPO.resolve("plugins"), "src/test"));
        roots.addAll(children(REPO.resolve("examples"), "src"));
        assertThat(roots).as("plugin test trees under %s", REPO).isNotEmpty();

        List<String> offences = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(Files::isRegularFile).filter(PluginTestImportsTest::isSource)
                        .forEach(file -> offences.addAll(mentions(file)));
            }
        }
        assertThat(offences).as("kernel classes used where only the API and the testkit belong").isEmpty();
    }

    @Test
    void theCheckRecognisesImportsQualifiedNamesAndResourcePaths() {
        assertThat(KERNEL.matcher("import io.quarry.kernel.store.MemoryKeyValueStore;").find()).isTrue();
        assertThat(KERNEL.matcher("new io.quarry.kernel.Node(").find()).isTrue();
        assertThat(KERNEL.matcher("getResource(\"io/quarry/kernel/dashboard/chart.js\")").find()).isTrue();
        assertThat(KERNEL.matcher("import io.quarry.kernels.Other;").find()).isFalse();
        assertThat(KERNEL.matcher("import io.quarry.testkit.TestNode;").find()).isFalse();
    }

    private static boolean isSource(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".java") || name.endsWith(".xml") || name.endsWith(".properties");
    }

    private static List<Path> children(Path parent, String sub) throws IOException {
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(parent)) {
            return dirs.map(d -> d.resolve(sub)).filter(Files::isDirectory).sorted().toList();
        }
    }

    private static List<String> mentions(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            List<String> found = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                if (KERNEL.matcher(lines.get(i)).find()) {
                    found.add(REPO.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

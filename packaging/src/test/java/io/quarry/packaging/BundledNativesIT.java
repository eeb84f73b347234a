package io.quarry.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** quarry.jar carries librandomx: it hashes on a host whose system copy is hidden. */
class BundledNativesIT {

    /** RandomX reference vector (RandomX repository, tests: key "test key 000", input "This is a test"). */
    private static final String KEY = "test key 000";
    private static final String INPUT = "This is a test";
    private static final String HASH = "639183aae1bf4c9a35884cb46b09cad9175f04efd7684e7262a0ac1c2f0b4e3f";

    @TempDir
    Path dir;

    /** Every file of the host's librandomx (and ISA-L) packages: what a host without them lacks. */
    private static List<Path> systemCopies() throws Exception {
        List<Path> out = new ArrayList<>();
        for (String lib : List.of("librandomx.so", "libisal.so")) {
            for (String folder : List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib",
                    "/usr/local/lib")) {
                Path path = Path.of(folder);
                if (Files.isDirectory(path)) {
                    try (Stream<Path> files = Files.list(path)) {
                        files.filter(f -> f.getFileName().toString().startsWith(lib) && Files.isRegularFile(f))
                                .forEach(out::add);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void randomxHashPrintsTheReferenceHashWithTheSystemLibraryHidden() throws Exception {
        HiddenPaths.assumeAvailable();
        String java = ProcessHandle.current().info().command().orElse("java");
        HexFormat hex = HexFormat.of();
        List<String> command = List.of(java, "-Xmx512m", "-jar", QuarryProcess.JAR.toString(), "randomx", "hash",
                "--data-dir", dir.resolve("data").toString(),
                "--key-hex", hex.formatHex(KEY.getBytes(StandardCharsets.US_ASCII)),
                "--input-hex", hex.formatHex(INPUT.getBytes(StandardCharsets.US_ASCII)));

        HiddenPaths.Result hidden = HiddenPaths.run(dir, systemCopies(), command);

        assertThat(hidden.exitCode()).as(hidden.stderr()).isZero();
        assertThat(hidden.stdout().strip()).isEqualTo(HASH);
        // The hiding itself works: the system's copy cannot be loaded inside the namespace.
        if (!systemCopies().isEmpty()) {
            HiddenPaths.Result probe = HiddenPaths.run(dir, systemCopies(), List.of("sh", "-c",
                    "head -c 4 " + systemCopies().get(0) + " | wc -c"));
            assertThat(probe.stdout().strip()).isEqualTo("0");
        }
    }
}

package io.quarry.kernel.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundledPluginsTest {

    @TempDir
    Path dir;

    @Test
    void mirrorCopiesArchivesFromAReadOnlyTreeAndFollowsItsChanges() throws Exception {
        Path source = Files.createDirectories(dir.resolve("opt/plugins"));
        Files.write(source.resolve("a-plugin.zip"), new byte[] {1, 2, 3});
        Files.write(source.resolve("b-plugin.jar"), new byte[] {4});
        Files.createDirectories(source.resolve("unpacked-plugin"));
        Files.writeString(source.resolve("README"), "not a plugin");
        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("r-xr-xr-x"));
        Path copies = dir.resolve("data/dist-plugins");

        assertThat(BundledPlugins.mirror(source, copies)).extracting(p -> p.getFileName().toString())
                .containsExactly("a-plugin.zip", "b-plugin.jar");
        assertThat(Files.readAllBytes(copies.resolve("a-plugin.zip"))).containsExactly(1, 2, 3);
        assertThat(copies.resolve("unpacked-plugin")).doesNotExist();
        assertThat(copies.resolve("README")).doesNotExist();

        // PF4J extracted a-plugin.zip; an upgrade changes it and removes b: the stale copies go.
        Files.createDirectories(copies.resolve("a-plugin/lib"));
        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.write(source.resolve("a-plugin.zip"), new byte[] {9});
        Files.delete(source.resolve("b-plugin.jar"));
        BundledPlugins.mirror(source, copies);

        assertThat(Files.readAllBytes(copies.resolve("a-plugin.zip"))).containsExactly(9);
        assertThat(copies.resolve("a-plugin")).doesNotExist();
        assertThat(copies.resolve("b-plugin.jar")).doesNotExist();
    }

    @Test
    void mirrorLeavesAnUnchangedCopyAndWhatPf4jExtractedFromItAlone() throws Exception {
        Path source = Files.createDirectories(dir.resolve("plugins"));
        Files.write(source.resolve("a-plugin.zip"), new byte[] {1});
        Path copies = dir.resolve("copies");
        BundledPlugins.mirror(source, copies);
        Files.createDirectories(copies.resolve("a-plugin"));

        BundledPlugins.mirror(source, copies);

        assertThat(copies.resolve("a-plugin")).isDirectory();
    }
}

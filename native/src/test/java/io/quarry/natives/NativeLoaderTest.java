package io.quarry.natives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Platform;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class NativeLoaderTest {

    @Test
    void theBuildCarriesEveryListedLibraryWithItsCopyright() {
        assertThat(NativeLibraries.all()).extracting(NativeLibraries.Library::soname)
                .contains(RandomX.LIBRARY, "libisal.so.2");
        for (NativeLibraries.Library library : NativeLibraries.all()) {
            String base = NativeLoader.RESOURCE_ROOT + Platform.RESOURCE_PREFIX + "/" + library.soname();
            assertThat(getClass().getClassLoader().getResource(base)).as(base + " (fetch-natives.sh)").isNotNull();
            assertThat(getClass().getClassLoader().getResource(base + ".copyright")).as(base + ".copyright").isNotNull();
        }
    }

    @Test
    void loadsTheBundledCopyFirstAndLeavesNoFileBehind() {
        NativeLoader.Loaded loaded = NativeLoader.load("libisal.so.2", "libisal2", "quarry.test.unset");
        assertThat(loaded.origin()).isEqualTo("bundled");
        assertThat(Path.of(loaded.file())).doesNotExist();
        assertThat(loaded.library().getFunction("ec_encode_data")).isNotNull();
    }

    @Test
    void extractsIntoADirectoryAndFileOnlyTheOwnerCanUse() throws Exception {
        Path file = NativeLoader.extract(new ByteArrayInputStream(new byte[] {1, 2, 3}), "libquarry-probe.so.1");
        try {
            assertThat(file).hasBinaryContent(new byte[] {1, 2, 3});
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).matches("rw[-x]------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                    .isEqualTo("rwx------");
        } finally {
            NativeLoader.discard(file);
        }
        assertThat(file).doesNotExist();
        assertThat(file.getParent()).doesNotExist();
    }

    @Test
    void fallsBackToTheSystemLibraryWhenThereIsNoBundledCopy() {
        NativeLoader.Loaded loaded = NativeLoader.load("libc.so.6", "libc6", "quarry.test.unset");
        assertThat(loaded.origin()).isEqualTo("system");
    }

    @Test
    void namesThePackageWhenNothingLoads() {
        assertThatThrownBy(() -> NativeLoader.load("libquarry-absent.so.9", "libquarry-absent9", "quarry.test.unset"))
                .isInstanceOf(NativeLibraryMissingException.class)
                .hasMessageContaining("install the package libquarry-absent9")
                .hasMessageContaining("-Dquarry.test.unset=");
    }

    @Test
    void randomXComesFromTheBundledCopy() throws Exception {
        assertThat(RandomX.load().origin()).isEqualTo("bundled");
        assertThat(Files.exists(Path.of("/proc/self/maps"))).isTrue();
        assertThat(Files.readString(Path.of("/proc/self/maps"))).contains("/librandomx.so.0 (deleted)");
    }
}

package io.quarry.randomx.hashing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against stand-in /proc files, so the test never changes the machine's huge-page settings. */
class HugePagesTest {

    @TempDir
    Path dir;
    Path meminfo;
    Path nr;

    @BeforeEach
    void files() throws IOException {
        meminfo = dir.resolve("meminfo");
        nr = dir.resolve("nr_hugepages");
        writeMeminfo(4);
        Files.writeString(nr, "10\n");
    }

    @Test
    void countsPagesPerAllocationRoundedUp() {
        HugePages pages = new HugePages(meminfo, nr);
        assertThat(pages.pageSize()).isEqualTo(2 * MemoryPlan.MIB);
        assertThat(pages.freePages()).isEqualTo(4);
        // 2181038016 bytes need 1040 pages of 2 MiB; the cache 128; a scratchpad 1.
        assertThat(pages.pagesFor(MemoryPlan.DATASET_BYTES, MemoryPlan.CACHE_BYTES, MemoryPlan.SCRATCHPAD_BYTES)).isEqualTo(1169);
    }

    @Test
    void autoReservesTheShortfallAsXmrigDoes() throws IOException {
        boolean use = new HugePages(meminfo, nr).prepare(1169, HugePagesPolicy.AUTO);
        assertThat(Files.readString(nr).trim()).isEqualTo(Long.toString(10 + 1169 - 4));
        assertThat(use).as("some pages are free").isTrue();
    }

    @Test
    void useNeverWritesSystemSettings() throws IOException {
        assertThat(new HugePages(meminfo, nr).prepare(1169, HugePagesPolicy.USE)).isTrue();
        assertThat(Files.readString(nr).trim()).isEqualTo("10");
        writeMeminfo(0);
        assertThat(new HugePages(meminfo, nr).prepare(1169, HugePagesPolicy.USE)).isFalse();
    }

    @Test
    void offAndMissingHugePagesMeanNormalPages() throws IOException {
        assertThat(new HugePages(meminfo, nr).prepare(1, HugePagesPolicy.OFF)).isFalse();
        assertThat(new HugePages(dir.resolve("absent"), nr).prepare(1, HugePagesPolicy.AUTO)).isFalse();
        assertThat(Files.readString(nr).trim()).isEqualTo("10");
    }

    private void writeMeminfo(int free) throws IOException {
        Files.writeString(meminfo, """
                MemTotal:       24000000 kB
                MemAvailable:   20000000 kB
                HugePages_Total:      10
                HugePages_Free:        %d
                Hugepagesize:       2048 kB
                """.formatted(free));
    }
}

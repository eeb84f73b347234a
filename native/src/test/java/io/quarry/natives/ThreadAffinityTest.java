package io.quarry.natives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ThreadAffinityTest {

    @Test
    void pinsOnlyTheCallingThread() throws Exception {
        assumeTrue(ThreadAffinity.supported(), "sched_setaffinity is Linux only");
        AtomicReference<String> pinned = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().start(() -> {
            assertThat(ThreadAffinity.pinCurrentThread(0)).isTrue();
            pinned.set(allowedCpus());
        });
        thread.join();
        assertThat(pinned.get()).isEqualTo("0");
        assertThat(allowedCpus()).isNotEqualTo("0").as("the test thread itself is not pinned");
    }

    @Test
    void refusesCpusOutsideTheMask() {
        assertThat(ThreadAffinity.pinCurrentThread(-1)).isFalse();
        assertThat(ThreadAffinity.pinCurrentThread(4096)).isFalse();
    }

    private static String allowedCpus() {
        try {
            return Files.readAllLines(Path.of("/proc/thread-self/status")).stream()
                    .filter(l -> l.startsWith("Cpus_allowed_list:"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElseThrow();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}

package io.quarry.natives;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Why mining threads restore the rounding mode: randomx.h's warning on the batch functions, seen from Java. */
class FloatingPointTest {

    @Test
    void batchHashingCanLeaveJavaArithmeticRoundingOtherwiseAndRestoreFixesIt() throws Exception {
        boolean[] seen = new boolean[2];
        // A fresh thread, so the test JVM's main thread never runs with a changed mode.
        Thread thread = Thread.ofPlatform().start(() -> {
            RandomX rx = RandomX.load();
            int flags = rx.recommendedFlags();
            Pointer cache = rx.allocCache(flags);
            rx.initCache(cache, "rounding".getBytes(StandardCharsets.US_ASCII));
            Pointer vm = rx.createVm(flags, cache, null);
            try (Memory in = new Memory(8); Memory out = new Memory(RandomX.HASH_SIZE)) {
                // Each batch ends in whatever mode its last program's CFROUND chose; one of several ends
                // outside round-to-nearest with overwhelming likelihood.
                for (int i = 0; i < 16 && !seen[0]; i++) {
                    in.setLong(0, i);
                    rx.calculateHashFirst(vm, in, 8);
                    rx.calculateHashLast(vm, out);
                    seen[0] = !FloatingPoint.roundsToNearest();
                }
                FloatingPoint.restoreDefaultRounding();
                seen[1] = FloatingPoint.roundsToNearest();
            } finally {
                rx.destroyVm(vm);
                rx.releaseCache(cache);
            }
        });
        thread.join();
        assertThat(seen[0]).as("some batch left a non-default rounding mode").isTrue();
        assertThat(seen[1]).as("round-to-nearest after restore").isTrue();
        assertThat(FloatingPoint.roundsToNearest()).isTrue();
    }
}

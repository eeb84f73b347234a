package io.quarry.fleet.process;

import java.util.function.BooleanSupplier;

/** Waiting for a state a process reaches on its own, with a generous bound so a slow CI box is not a failure. */
final class Waits {

    private Waits() {
    }

    static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}

package io.quarry.kernel.cli;

import io.quarry.kernel.Node;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into an orderly stop with exit code 0. The JVM's default reaction runs shutdown
 * hooks and exits 143 (or 130); an operator's {@code systemctl stop} is a normal stop, not a failure.
 */
final class ShutdownSignals {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSignals.class);

    private ShutdownSignals() {
    }

    /** Blocks until a stop signal arrives (or the JVM is shutting down), then closes the node. */
    static void awaitThenStop(Node node) {
        CountDownLatch stop = new CountDownLatch(1);
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    LOG.info("SIG{} received; stopping", name);
                    stop.countDown();
                });
            } catch (IllegalArgumentException e) {
                LOG.debug("cannot handle SIG{} on this platform", name);
            }
        }
        // Other exits (System.exit elsewhere, SIGHUP) still stop plugins in order.
        Thread hook = new Thread(node::close, "shutdown-hook");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        node.close();
    }
}

package io.quarry.kernel.jsonrpc;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts a server's open connections, in total and per remote address, and refuses those over the limits. */
final class ConnectionLimiter {

    /** Why a connection was refused, as the metrics reason; null when admitted. */
    static final String TOTAL = "connection_limit";
    static final String PER_ADDRESS = "address_limit";

    private final int maxTotal;
    private final int maxPerAddress;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();

    ConnectionLimiter(int maxTotal, int maxPerAddress) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
    }

    /** Admits a connection (call {@link #release} when it closes), or returns the reason it is refused. */
    String tryAcquire(InetAddress address) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return TOTAL;
        }
        boolean[] admitted = {false};
        perAddress.compute(address, (a, count) -> {
            int current = count == null ? 0 : count;
            if (current >= maxPerAddress) {
                return count;
            }
            admitted[0] = true;
            return current + 1;
        });
        if (!admitted[0]) {
            total.decrementAndGet();
            return PER_ADDRESS;
        }
        return null;
    }

    void release(InetAddress address) {
        total.decrementAndGet();
        // Removing the entry at zero keeps the map from growing with every address ever seen.
        perAddress.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
    }

    /** Open connections. */
    int total() {
        return total.get();
    }
}

package io.quarry.kernel.net;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts a server's open connections, in total and per remote address, and refuses those over the limits.
 * Shared by the kernel's servers that accept connections from outside (HTTP, JSON-RPC line servers).
 */
public final class ConnectionLimiter {

    /** Refused because the server has {@code maxTotal} connections open; a metrics reason. */
    public static final String TOTAL = "connection_limit";
    /** Refused because the address has {@code maxPerAddress} connections open; a metrics reason. */
    public static final String PER_ADDRESS = "address_limit";

    private final int maxTotal;
    private final int maxPerAddress;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();

    /**
     * @param maxTotal connections open at once, from everyone
     * @param maxPerAddress connections open at once from one remote address
     */
    public ConnectionLimiter(int maxTotal, int maxPerAddress) {
        if (maxTotal < 1 || maxPerAddress < 1) {
            throw new IllegalArgumentException("connection limits must be >= 1, were " + maxTotal + " and "
                    + maxPerAddress);
        }
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
    }

    /**
     * Admits a connection (call {@link #release} when it closes), or returns why it is refused
     * ({@link #TOTAL} or {@link #PER_ADDRESS}); null when admitted.
     */
    public String tryAcquire(InetAddress address) {
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

    /** Un-counts a connection {@link #tryAcquire} admitted. */
    public void release(InetAddress address) {
        total.decrementAndGet();
        // Removing the entry at zero keeps the map from growing with every address ever seen.
        perAddress.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
    }

    /** Open connections. */
    public int total() {
        return total.get();
    }
}

package io.quarry.kernel.transport;

import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admission for accepted connections: at most {@code max_connections} in all and
 * {@code max_connections_per_ip} from one address, counted before any TLS work is spent on them.
 */
final class ConnectionGate {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGate.class);

    private final int maxTotal;
    private final int maxPerIp;
    private final TransportMetrics metrics;
    private final AtomicInteger total = new AtomicInteger();
    private final Map<InetAddress, AtomicInteger> perIp = new ConcurrentHashMap<>();

    ConnectionGate(int maxTotal, int maxPerIp, TransportMetrics metrics) {
        this.maxTotal = maxTotal;
        this.maxPerIp = maxPerIp;
        this.metrics = metrics;
    }

    /** Admits {@code channel} (and un-counts it when it closes) or closes it; returns whether admitted. */
    boolean admit(Channel channel) {
        InetAddress address = ((InetSocketAddress) channel.remoteAddress()).getAddress();
        AtomicInteger fromIp = perIp.compute(address, (ip, count) -> {
            AtomicInteger value = count == null ? new AtomicInteger() : count;
            value.incrementAndGet();
            return value;
        });
        int all = total.incrementAndGet();
        channel.closeFuture().addListener(closed -> release(address));
        if (fromIp.get() > maxPerIp || all > maxTotal) {
            metrics.error(ErrorReason.TOO_MANY_CONNECTIONS);
            LOG.debug("refusing a connection from {}: {} open from that address (limit {}), {} in all (limit {})",
                    address.getHostAddress(), fromIp.get(), maxPerIp, all, maxTotal);
            channel.close();
            return false;
        }
        return true;
    }

    private void release(InetAddress address) {
        total.decrementAndGet();
        perIp.computeIfPresent(address, (ip, count) -> count.decrementAndGet() <= 0 ? null : count);
    }
}

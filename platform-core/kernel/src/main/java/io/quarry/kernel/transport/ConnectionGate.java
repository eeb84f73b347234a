package io.quarry.kernel.transport;

import io.netty.channel.Channel;
import io.quarry.kernel.net.ConnectionLimiter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admission for accepted connections: at most {@code max_connections} in all and
 * {@code max_connections_per_ip} from one address (the kernel's shared {@link ConnectionLimiter}), counted
 * before any TLS work is spent on them.
 */
final class ConnectionGate {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGate.class);

    private final ConnectionLimiter limiter;
    private final TransportMetrics metrics;

    ConnectionGate(int maxTotal, int maxPerIp, TransportMetrics metrics) {
        this.limiter = new ConnectionLimiter(maxTotal, maxPerIp);
        this.metrics = metrics;
    }

    /** Admits {@code channel} (and un-counts it when it closes) or closes it; returns whether admitted. */
    boolean admit(Channel channel) {
        InetAddress address = ((InetSocketAddress) channel.remoteAddress()).getAddress();
        String refused = limiter.tryAcquire(address);
        if (refused != null) {
            metrics.error(ErrorReason.TOO_MANY_CONNECTIONS);
            LOG.debug("refusing a connection from {}: {} ({} open in all)", address.getHostAddress(), refused,
                    limiter.total());
            channel.close();
            return false;
        }
        channel.closeFuture().addListener(closed -> limiter.release(address));
        return true;
    }
}

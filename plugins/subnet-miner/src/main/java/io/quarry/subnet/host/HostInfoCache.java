package io.quarry.subnet.host;

import java.time.Duration;
import java.time.InstantSource;
import java.util.function.Supplier;

/** {@link HostInfo#read()} at most once per {@code maxAge}: hardware rarely changes, requests are frequent. */
public final class HostInfoCache implements Supplier<HostInfo> {

    private final Supplier<HostInfo> source;
    private final InstantSource clock;
    private final long maxAgeMillis;
    private HostInfo cached;
    private long readAt;

    public HostInfoCache(Supplier<HostInfo> source, InstantSource clock, Duration maxAge) {
        this.source = source;
        this.clock = clock;
        this.maxAgeMillis = maxAge.toMillis();
    }

    @Override
    public synchronized HostInfo get() {
        long now = clock.millis();
        if (cached == null || now - readAt >= maxAgeMillis) {
            cached = source.get();
            readAt = now;
        }
        return cached;
    }
}

package io.quarry.subnet.api;

import java.util.ArrayDeque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs every request (short hotkey, route, status, time) and keeps the most recent for the panel. */
public final class RequestLog {

    private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);
    private static final int KEEP = 50;

    private final ArrayDeque<RequestRecord> recent = new ArrayDeque<>();

    /** Logs and keeps {@code record}. */
    public void add(RequestRecord record) {
        if (record.reason().isEmpty()) {
            LOG.info("request from {} {} -> {} in {} ms", record.caller(), record.route(), record.status(),
                    String.format(java.util.Locale.ROOT, "%.1f", record.millis()));
        } else {
            LOG.info("request from {} {} -> {} in {} ms: {}", record.caller(), record.route(), record.status(),
                    String.format(java.util.Locale.ROOT, "%.1f", record.millis()), record.reason());
        }
        synchronized (recent) {
            if (recent.size() == KEEP) {
                recent.pollFirst();
            }
            recent.addLast(record);
        }
    }

    /** The most recent requests, newest first. */
    public List<RequestRecord> recent() {
        synchronized (recent) {
            return List.copyOf(recent.reversed());
        }
    }
}

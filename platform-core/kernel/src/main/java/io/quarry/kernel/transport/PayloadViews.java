package io.quarry.kernel.transport;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@link ReceivedPayload}s one request decoding made, released together when its handler returns. Present
 * (as a decoding attribute) only where a handler's lifetime bounds the payloads; elsewhere received payloads are
 * copied. Not thread-safe: filled by one decoding, released by the same handler task.
 */
final class PayloadViews {

    private final List<ReceivedPayload> views = new ArrayList<>(1);

    void add(ReceivedPayload view) {
        views.add(view);
    }

    /** Releases every view; any later access to them throws. */
    void releaseAll() {
        views.forEach(ReceivedPayload::release);
        views.clear();
    }
}

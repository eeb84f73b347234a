package io.quarry.subnet.orchestrator;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.api.json.StrictJson;
import io.quarry.api.subnet.SubnetJobHandler;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a job by its {@code type}; unknown types and failures become an {@code error} result. */
public final class JobDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(JobDispatcher.class);
    /** Payloads arrive as trees the client already read strictly; binding uses the same settings. */
    private static final StrictJson JSON = StrictJson.standard();

    private final Map<String, SubnetJobHandler<?>> handlers = new ConcurrentHashMap<>();

    /** Adds a handler; its type must be new. */
    public void register(SubnetJobHandler<?> handler) {
        String type = Objects.requireNonNull(handler.type(), "type");
        if (type.isBlank()) {
            throw new IllegalArgumentException("a job type must not be blank");
        }
        if (handlers.putIfAbsent(type, handler) != null) {
            throw new IllegalArgumentException("job type " + type + " already has a handler");
        }
    }

    /** The result of job {@code data} ({@code {"type": ..., "payload": ...}}). */
    public Object run(JsonNode data) {
        String type = data == null ? null : data.path("type").asText(null);
        SubnetJobHandler<?> handler = type == null ? null : handlers.get(type);
        if (handler == null) {
            return Map.of("error", "Unknown job type");
        }
        try {
            return runWith(handler, data.get("payload"));
        } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
            return Map.of("error", "bad payload for job type " + type + ": " + e.getMessage());
        } catch (Exception e) {
            LOG.warn("job of type {} failed", type, e);
            return Map.of("error", "job failed: " + e.getClass().getSimpleName());
        }
    }

    private static <P> Object runWith(SubnetJobHandler<P> handler, JsonNode payload) throws Exception {
        P bound = handler.payloadType() == Void.class || payload == null || payload.isNull()
                ? null : JSON.mapper().readerFor(handler.payloadType())
                        .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(payload);
        return handler.run(bound);
    }
}

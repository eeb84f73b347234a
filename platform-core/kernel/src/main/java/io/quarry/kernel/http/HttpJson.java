package io.quarry.kernel.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quarry.kernel.json.KernelJsonModule;

/** The JSON mapper for API responses: plain Jackson plus the kernel's serializers for java.time and Optional. */
final class HttpJson {

    /** Thread-safe once configured; shared by every request. */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new KernelJsonModule())
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private HttpJson() {
    }
}

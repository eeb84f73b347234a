package io.quarry.subnet.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.api.subnet.SubnetJobHandler;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobDispatcherTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Square(int n) {
    }

    private final JobDispatcher jobs = new JobDispatcher();

    JobDispatcherTest() {
        jobs.register(new SubnetJobHandler<Square>() {
            @Override
            public String type() {
                return "square";
            }

            @Override
            public Class<Square> payloadType() {
                return Square.class;
            }

            @Override
            public Object run(Square payload) {
                if (payload.n() < 0) {
                    throw new IllegalStateException("negative");
                }
                return Map.of("result", payload.n() * payload.n());
            }
        });
    }

    @Test
    void dispatchesByTypeAndAnswersUnknownTypes() throws Exception {
        assertThat(jobs.run(JSON.readTree("{\"type\":\"square\",\"payload\":{\"n\":7}}"))).isEqualTo(Map.of("result", 49));
        assertThat(jobs.run(JSON.readTree("{\"type\":\"training\"}"))).isEqualTo(Map.of("error", "Unknown job type"));
        assertThat(jobs.run(JSON.readTree("{}"))).isEqualTo(Map.of("error", "Unknown job type"));
        assertThat(jobs.run(null)).isEqualTo(Map.of("error", "Unknown job type"));
    }

    @Test
    void badPayloadsAndFailuresBecomeErrorResults() throws Exception {
        assertThat(jobs.run(JSON.readTree("{\"type\":\"square\",\"payload\":{\"n\":\"x\"}}")))
                .asString().contains("bad payload");
        assertThat(jobs.run(JSON.readTree("{\"type\":\"square\",\"payload\":{\"n\":-1}}")))
                .isEqualTo(Map.of("error", "job failed: IllegalStateException"));
    }

    @Test
    void aTypeHasOneHandler() {
        assertThatThrownBy(() -> jobs.register(new SubnetJobHandler<Void>() {
            @Override
            public String type() {
                return "square";
            }

            @Override
            public Class<Void> payloadType() {
                return Void.class;
            }

            @Override
            public Object run(Void payload) {
                return Map.of();
            }
        })).hasMessageContaining("already");
    }
}

package io.quarry.randomx.job;

import static org.assertj.core.api.Assertions.assertThatCode;

import io.quarry.api.jsonrpc.JsonRpcValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pool jobs are network input: mutated jobs, from fixed seeds, must either parse or be refused with
 * {@link InvalidJobException}, never fail any other way.
 */
class StratumJobFuzzTest {

    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void mutatedJobsParseOrAreRefusedCleanly(long seed) {
        Random random = new Random(seed);
        Map<String, Object> job = new LinkedHashMap<>(JobFixtures.poolJob("1", JobFixtures.BLOB, "b88d0600"));
        List<String> keys = new ArrayList<>(job.keySet());
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
            String key = keys.get(random.nextInt(keys.size()));
            switch (random.nextInt(6)) {
                case 0 -> job.remove(key);
                case 1 -> job.put(key, random.nextLong());
                case 2 -> job.put(key, List.of());
                case 3 -> job.put(key, job.get(key) instanceof String s && !s.isEmpty()
                        ? s.substring(0, random.nextInt(s.length())) : "");
                case 4 -> job.put(key, job.get(key) instanceof String s
                        ? s + Integer.toHexString(random.nextInt()) : null);
                default -> job.put(key, job.get(key) instanceof String s && !s.isEmpty()
                        ? s.replace(s.charAt(random.nextInt(s.length())), (char) (' ' + random.nextInt(90))) : true);
            }
        }
        assertThatCode(() -> {
            try {
                StratumJobFormat.parse(new JsonRpcValue("params", job));
            } catch (InvalidJobException refused) {
                // the expected way to say no
            }
        }).as(job.toString()).doesNotThrowAnyException();
    }
}

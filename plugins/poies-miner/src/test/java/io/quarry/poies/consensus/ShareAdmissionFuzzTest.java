package io.quarry.poies.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.poies.hash.UDraw;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.model.PoiesJson;
import io.quarry.poies.model.TestTemplates;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile submissions from seeds ({@code -Dquarry.fuzz.seed}, {@code -Dquarry.fuzz.cases}): an honest share's
 * JSON mutated at random must always come back as an {@link Admission} (never an exception), and anything
 * admitted must be the honest share itself (mutations can only touch what admission re-derives or rejects).
 */
class ShareAdmissionFuzzTest {

    private static final long BASE_SEED = Long.getLong("quarry.fuzz.seed", 0x5eed_0f_0a11L);

    static IntStream cases() {
        return IntStream.range(0, Integer.getInteger("quarry.fuzz.cases", 300));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("cases")
    void mutatedSharesAreAnsweredNeverThrown(int index) {
        Random random = new Random(BASE_SEED * 43 + index);
        HeaderTemplate template = TestTemplates.template();
        long nonce = random.nextInt(1000);
        var honest = UDraw.share(template, nonce);
        byte[] json = PoiesJson.toJson(honest.toEnvelope()).getBytes(StandardCharsets.UTF_8);
        for (int i = 1 + random.nextInt(3); i > 0 && json.length > 0; i--) {
            int at = random.nextInt(json.length);
            switch (random.nextInt(4)) {
                case 0 -> json[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> json[at] = (byte) "0123456789abcdef".charAt(random.nextInt(16));
                case 2 -> json = java.util.Arrays.copyOf(json, at);
                default -> json[at] = (byte) "{}[]\":,x-".charAt(random.nextInt(9));
            }
        }
        ShareAdmission admission = new ShareAdmission(
                id -> Optional.ofNullable(Map.of(template.templateId(), template).get(id)), n -> false);
        Admission result = admission.admitJson(new String(json, StandardCharsets.UTF_8), t -> 0);
        if (result instanceof Admission.Admitted admitted) {
            assertThat(admitted.share()).isEqualTo(honest);
        } else {
            assertThat(((Admission.Rejected) result).detail()).isNotBlank();
        }
    }
}

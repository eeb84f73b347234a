package io.quarry.api.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.testing.HostileInput;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrictJsonTest {

    private final StrictJson json = StrictJson.builder().maxDepth(8).maxDocumentBytes(1024).build();

    @Test
    void readsOneDocument() throws Exception {
        JsonNode tree = json.read("{\"a\":[1,2.5,\"x\",true,null]}");
        assertThat(tree.get("a").get(0).longValue()).isEqualTo(1);
        assertThat(tree.get("a").get(1).doubleValue()).isEqualTo(2.5);
        assertThat(json.read("  ")).isNull();
    }

    @Test
    void refusesDuplicateKeysTrailingTextAndNonStandardJson() {
        for (String bad : List.of("{\"a\":1,\"a\":2}", "{} {}", "{} x", "{\"a\":1,}", "[NaN]", "[01]",
                "// c\n{}", "{'a':1}")) {
            assertThatThrownBy(() -> json.read(bad)).as(bad).isInstanceOf(JacksonException.class);
        }
    }

    @Test
    void refusesDeepNestingLongNumbersAndLongDocuments() {
        assertThatThrownBy(() -> json.read("[".repeat(9) + "]".repeat(9))).isInstanceOf(JacksonException.class);
        assertThat(catchThrowableOfType(JacksonException.class, () -> json.read("[" + "9".repeat(101) + "]")))
                .satisfies(e -> assertThat(StrictJson.describe(e)).startsWith("not valid JSON within the size limits")
                        .doesNotContain("999"));
        assertThatThrownBy(() -> json.read(("[\"" + "a".repeat(1100) + "\"]").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JacksonException.class);
    }

    @Test
    void numbersThatCannotBeHeldAreParseErrorsThatDoNotQuoteTheInput() {
        StrictJson exact = StrictJson.builder().exactDecimals(true).build();
        for (String number : List.of("1e9999999990000", "-1e-9999999990000", "1E2147483649")) {
            JacksonException error = catchThrowableOfType(JacksonException.class, () -> exact.read("[" + number + "]"));
            assertThat(error).as(number).isNotNull();
            assertThat(StrictJson.describe(error)).doesNotContain(number);
        }
    }

    @Test
    void exactDecimalsKeepWhatWasWritten() throws Exception {
        StrictJson exact = StrictJson.builder().exactDecimals(true).build();
        assertThat(exact.read("[0.10]").get(0).decimalValue()).isEqualTo(new BigDecimal("0.10"));
        assertThat(exact.mapper().writeValueAsString(new BigDecimal("1E+3"))).isEqualTo("1000");
    }

    @Test
    void readsPlainJavaValuesInDocumentOrder() throws Exception {
        Object value = json.readPlain("{\"b\":1,\"a\":[true]}".getBytes(StandardCharsets.UTF_8));
        assertThat(value).isInstanceOf(Map.class);
        assertThat(((Map<?, ?>) value).keySet().toString()).isEqualTo("[b, a]");
        assertThatThrownBy(() -> json.readPlain("{\"a\":1,\"a\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JacksonException.class);
    }

    @Test
    void hostileInputFailsOnlyWithJacksonExceptions() {
        List<byte[]> samples = List.of("{\"a\":[1,2,{\"b\":\"c\"}],\"d\":1.5e3}".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < HostileInput.cases(2000); i++) {
            HostileInput input = HostileInput.forCase(i);
            byte[] doc = i % 3 == 0 ? input.noise(256) : input.mutate(samples);
            try {
                json.read(doc);
            } catch (JacksonException e) {
                assertThat(StrictJson.describe(e)).as("case %d", i).isNotBlank();
            }
        }
    }
}

package io.quarry.randomx.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.json.StrictJson;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DaemonJsonTest {

    @Test
    void readsAMonerodAnswer() {
        Object value = parse(" {\"id\":\"0\",\"jsonrpc\":\"2.0\",\"result\":{\"height\":3195018,"
                + "\"difficulty\":283305047039,\"wide_difficulty\":\"0x41f64bf3ff\",\"untrusted\":false,"
                + "\"list\":[1,-2.5,null,true],\"big\":123456789012345678901234567890,\"esc\":\"a\\\"\\\\\\/\\n\\u00e9\"}}\n");
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) ((Map<String, Object>) value).get("result");
        assertThat(result.get("height")).isEqualTo(3195018L);
        assertThat(result.get("difficulty")).isEqualTo(283305047039L);
        assertThat(result.get("untrusted")).isEqualTo(false);
        assertThat(result.get("list")).isEqualTo(java.util.Arrays.asList(1L, -2.5, null, true));
        assertThat(result.get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(result.get("esc")).isEqualTo("a\"\\/\né");
        assertThat(result.keySet()).containsExactly("height", "difficulty", "wide_difficulty", "untrusted", "list",
                "big", "esc");
    }

    @Test
    void keepsSixtyFourBitIntegersAsLongsAndLargerAsBigIntegers() {
        assertThat(parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(parse("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(parse("9223372036854775808")).isEqualTo(new BigInteger("9223372036854775808"));
        assertThat(parse("1e2")).isEqualTo(100.0);
        assertThat(parse("-0")).isEqualTo(0L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "01", "1.", ".5", "-", "+1", "1e", "[1,]", "[,1]", "{\"a\":1,}", "{a:1}",
        "{\"a\" 1}", "{\"a\":1 \"b\":2}", "NaN", "Infinity", "'a'", "\"\\x\"", "\"\\u12\"", "\"a\u0001\"", "\"open",
        "{\"a\":1,\"a\":2}", "tru", "nul", "[1] [2]", "1 2", "[", "{", "]", "\u00a0 1", "1e99999999999"})
    void refusesWhatRfc8259Refuses(String text) {
        assertThatThrownBy(() -> parse(text)).isInstanceOf(JsonFormatException.class);
    }

    @Test
    void refusesNestingDeeperThanTheLimitWithoutRecursingFurther() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThatThrownBy(() -> parse(deep)).isInstanceOf(JsonFormatException.class)
                .hasMessageContaining("nesting depth");
        String ok = "[".repeat(DaemonJson.MAX_DEPTH) + "]".repeat(DaemonJson.MAX_DEPTH);
        assertThat(parse(ok)).isInstanceOf(List.class);
    }

    @Test
    void refusesOverlongNumbers() {
        assertThatThrownBy(() -> parse("1".repeat(101))).isInstanceOf(JsonFormatException.class)
                .hasMessageContaining("Number value length");
        assertThat(parse("1".repeat(StrictJson.MAX_NUMBER_LENGTH))).isInstanceOf(BigInteger.class);
    }

    @Test
    void refusesMalformedUtf8() {
        assertThatThrownBy(() -> DaemonJson.parse(new byte[] {'"', (byte) 0xff, '"'}))
                .isInstanceOf(JsonFormatException.class);
    }

    @Test
    void writesRequestBodies() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jsonrpc", "2.0");
        body.put("method", "submit_block");
        body.put("params", List.of("00ff", 5L, true));
        body.put("text", "quote\" slash\\ nl\n ctl\u0001");
        body.put("none", null);
        assertThat(DaemonJson.write(body)).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"submit_block\","
                + "\"params\":[\"00ff\",5,true],\"text\":\"quote\\\" slash\\\\ nl\\n ctl\\u0001\",\"none\":null}");
        assertThat(parse(DaemonJson.write(body))).isEqualTo(body);
    }

    private static Object parse(String text) {
        return DaemonJson.parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}

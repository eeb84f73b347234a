package io.quarry.randomx.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input for the daemon's JSON reader, from fixed seeds so any failure replays: random documents must
 * round-trip, and mutated ones must either parse or fail with {@link JsonFormatException}, never anything else.
 */
class DaemonJsonFuzzTest {

    private static final String ALPHABET = "{}[]\":,\\/ -+.eE0123456789abfnrtulsx\u00e9\u0001\n\t";

    static LongStream seeds() {
        return LongStream.range(0, 200);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void randomValuesRoundTrip(long seed) {
        Random random = new Random(seed);
        Object value = randomValue(random, 0);
        assertThat(parse(DaemonJson.write(value))).isEqualTo(value);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void mutatedDocumentsParseOrFailCleanly(long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(DaemonJson.write(randomValue(random, 0)));
        int mutations = 1 + random.nextInt(6);
        for (int i = 0; i < mutations; i++) {
            int at = text.isEmpty() ? 0 : random.nextInt(text.length());
            char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            switch (random.nextInt(4)) {
                case 0 -> text.insert(at, c);
                case 1 -> {
                    if (!text.isEmpty()) {
                        text.deleteCharAt(at);
                    }
                }
                case 2 -> {
                    if (!text.isEmpty()) {
                        text.setCharAt(at, c);
                    }
                }
                default -> text.setLength(at);
            }
        }
        parsesOrRefuses(text.toString());
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void randomCharacterSoupNeverEscapesAsAnotherException(long seed) {
        Random random = new Random(seed ^ 0x5DEECE66DL);
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(80);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        parsesOrRefuses(text.toString());
    }

    /** Parsing either succeeds or fails with {@link JsonFormatException}; anything else is a bug. */
    private static void parsesOrRefuses(String input) {
        assertThatCode(() -> {
            try {
                parse(input);
            } catch (JsonFormatException expected) {
                // refusing is fine
            }
        }).as(input).doesNotThrowAnyException();
    }

    private static Object randomValue(Random random, int depth) {
        int kind = random.nextInt(depth > 4 ? 6 : 8);
        return switch (kind) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> random.nextLong();
            case 3 -> (double) random.nextInt(1000) / 8;
            case 4, 5 -> randomString(random);
            case 6 -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(randomValue(random, depth + 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    map.put(randomString(random) + i, randomValue(random, depth + 1));
                }
                yield map;
            }
        };
    }

    private static String randomString(Random random) {
        StringBuilder out = new StringBuilder();
        for (int i = random.nextInt(8); i > 0; i--) {
            out.append((char) (random.nextInt(5) == 0 ? random.nextInt(0x30) : 'a' + random.nextInt(26)));
        }
        return out.toString();
    }

    private static Object parse(String text) {
        return DaemonJson.parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}

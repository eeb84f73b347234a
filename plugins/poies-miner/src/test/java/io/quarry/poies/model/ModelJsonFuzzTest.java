package io.quarry.poies.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.quarry.api.json.StrictJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input for every JSON decoder of the model, from seeds so a failure replays (the seed is in the test
 * name; {@code -Dquarry.fuzz.seed=N} explores elsewhere, {@code -Dquarry.fuzz.cases=N} runs more): valid documents
 * mutated by bit flips, truncation, duplication, splicing and delimiter bytes, random plain values, and
 * pathological nesting. Each decoder must either accept (and then write back what it read) or throw
 * {@link SchemaException}; any other exception is a bug.
 */
class ModelJsonFuzzTest {

    private static final long BASE_SEED = Long.getLong("quarry.fuzz.seed", 0x5eed_0f_0a11L);
    private static final int CASES = Integer.getInteger("quarry.fuzz.cases", 400);

    static IntStream cases() {
        return IntStream.range(0, CASES);
    }

    private static List<byte[]> samples() {
        HeaderTemplate template = TestTemplates.template();
        List<ProofEnvelope> proofs = List.of(TestTemplates.vdfLikeProof(1));
        HeaderTemplate committing = TestTemplates.template("tpl-f", proofs);
        HashShare share = HashShare.of(committing, 5, ShareDigest.compute(committing, 5), 10);
        return List.of(utf8(PoiesJson.toJson(template)), utf8(PoiesJson.toJson(share.toEnvelope())),
                utf8(PoiesJson.toJson(proofs.get(0))), utf8(PoiesJson.toJson(Block.seal(committing, share, proofs))));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("cases")
    void mutatedDocumentsParseOrFailWithSchemaException(int index) {
        Random random = new Random(BASE_SEED * 31 + index);
        String input = new String(mutate(samples(), random), StandardCharsets.UTF_8);
        decodeAll(input, PoiesJson::parseTemplate, PoiesJson::toJson, PoiesJson::parseTemplate);
        decodeAll(input, PoiesJson::parseEnvelope, PoiesJson::toJson, PoiesJson::parseEnvelope);
        decodeAll(input, PoiesJson::parseBlock, PoiesJson::toJson, PoiesJson::parseBlock);
        decodeAll(input, s -> HashShare.fromEnvelope(PoiesJson.parseEnvelope(s)),
                share -> PoiesJson.toJson(share.toEnvelope()), s -> HashShare.fromEnvelope(PoiesJson.parseEnvelope(s)));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("cases")
    void randomNoiseIsRefused(int index) {
        Random random = new Random(BASE_SEED * 37 + index);
        byte[] noise = new byte[random.nextInt(512)];
        random.nextBytes(noise);
        String input = new String(noise, StandardCharsets.UTF_8);
        for (Function<String, ?> decoder : List.<Function<String, ?>>of(PoiesJson::parseTemplate,
                PoiesJson::parseEnvelope, PoiesJson::parseBlock)) {
            try {
                decoder.apply(input);
                fail("noise was accepted: " + Arrays.toString(noise));
            } catch (SchemaException expected) {
                // refused, as it should be
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("cases")
    void randomPlainValuesDecodeOrFailWithSchemaException(int index) {
        Random random = new Random(BASE_SEED * 41 + index);
        Map<String, Object> value = new LinkedHashMap<>(PoiesJson.toPlain(TestTemplates.template()));
        // replace, add or remove a few members, at the top or one level down
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            Map<String, Object> target = value;
            List<String> keys = new ArrayList<>(target.keySet());
            if (keys.isEmpty()) {
                break;
            }
            String key = keys.get(random.nextInt(keys.size()));
            if (target.get(key) instanceof Map<?, ?> nested && random.nextBoolean()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) nested);
                target.put(key, copy);
                target = copy;
                keys = new ArrayList<>(copy.keySet());
                key = keys.isEmpty() ? "k" : keys.get(random.nextInt(keys.size()));
            }
            switch (random.nextInt(3)) {
                case 0 -> target.put(key, randomValue(random, 0));
                case 1 -> target.remove(key);
                default -> target.put("k" + random.nextInt(5), randomValue(random, 0));
            }
        }
        try {
            HeaderTemplate template = PoiesJson.templateFromPlain(value);
            assertThat(PoiesJson.templateFromPlain(PoiesJson.toPlain(template))).isEqualTo(template);
        } catch (SchemaException expected) {
            // refused
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("v", randomValue(random, 0));
        try {
            ProofEnvelope envelope = PoiesJson.envelopeFromPlain(Map.of("type_id", "x:v1", "body", body,
                    "nullifier", Bytes.ZERO32.toString()));
            assertThat(PoiesJson.envelopeFromPlain(PoiesJson.toPlain(envelope))).isEqualTo(envelope);
        } catch (SchemaException expected) {
            // refused
        }
    }

    /**
     * Numbers Jackson cannot hold: exponents beyond the int range (Jackson throws NumberFormatException for those,
     * not a JacksonException) and literals over the length limit, wherever a document has a number.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("numbersOutOfRange")
    void numbersOutOfRangeAreSchemaErrors(String number) {
        for (byte[] sample : samples()) {
            String document = new String(sample, StandardCharsets.UTF_8);
            java.util.regex.Matcher numbers = java.util.regex.Pattern.compile(":(-?[0-9][0-9.]*)").matcher(document);
            assertThat(numbers.find()).as(document).isTrue();
            do {
                String input = document.substring(0, numbers.start(1)) + number + document.substring(numbers.end(1));
                for (Function<String, ?> decoder : List.<Function<String, ?>>of(PoiesJson::parseTemplate,
                        PoiesJson::parseEnvelope, PoiesJson::parseBlock)) {
                    try {
                        decoder.apply(input);
                        fail("accepted " + number + " in " + input);
                    } catch (SchemaException expected) {
                        assertThat(expected.getMessage()).doesNotContain(number);
                    }
                }
            } while (numbers.find());
        }
    }

    static List<String> numbersOutOfRange() {
        return List.of("1e9999999990000", "-1e9999999990000", "1e-9999999990000", "1E2147483648", "1E2147483649", "2.5e-2147483649",
                "9".repeat(StrictJson.MAX_NUMBER_LENGTH + 1));
    }

    @ParameterizedTest(name = "depth {0}")
    @MethodSource("depths")
    void deepNestingIsRefusedWithoutStackOverflow(int depth) {
        String body = "[".repeat(depth) + "]".repeat(depth);
        String json = "{\"type_id\":\"x:v1\",\"body\":{\"d\":" + body + "},\"nullifier\":\"" + Bytes.ZERO32 + "\"}";
        try {
            ProofEnvelope envelope = PoiesJson.parseEnvelope(json);
            assertThat(depth).isLessThanOrEqualTo(ProofBody.MAX_DEPTH);
            assertThat(PoiesJson.parseEnvelope(PoiesJson.toJson(envelope))).isEqualTo(envelope);
        } catch (SchemaException refused) {
            assertThat(depth).isGreaterThan(ProofBody.MAX_DEPTH);
        }
    }

    static IntStream depths() {
        return IntStream.of(1, 7, 8, 9, 12, 13, 14, 50, 5_000, 100_000);
    }

    private static <T> void decodeAll(String input, Function<String, T> decode, Function<T, String> encode,
            Function<String, T> decodeAgain) {
        T value;
        try {
            value = decode.apply(input);
        } catch (SchemaException expected) {
            return;
        } catch (RuntimeException e) {
            throw new AssertionError("decoder threw " + e + " for input " + input, e);
        }
        assertThat(decodeAgain.apply(encode.apply(value))).as(input).isEqualTo(value);
    }

    private static Object randomValue(Random random, int depth) {
        return switch (random.nextInt(depth > 2 ? 8 : 10)) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> random.nextLong();
            case 3 -> random.nextInt(100) - 50;
            case 4 -> random.nextDouble() * 10;
            case 5 -> "0x" + "ab".repeat(random.nextInt(40));
            case 6 -> random.nextBoolean() ? "animica:u-draw:v1" : "\ud800x";
            case 7 -> new java.math.BigInteger(300, random);
            case 8 -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(randomValue(random, depth + 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    map.put("m" + i, randomValue(random, depth + 1));
                }
                yield map;
            }
        };
    }

    private static byte[] mutate(List<byte[]> samples, Random random) {
        byte[] bytes = samples.get(random.nextInt(samples.size())).clone();
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
            bytes = mutateOnce(bytes, random);
        }
        return bytes;
    }

    private static byte[] mutateOnce(byte[] bytes, Random random) {
        if (bytes.length == 0) {
            return new byte[] {'{'};
        }
        int at = random.nextInt(bytes.length);
        switch (random.nextInt(6)) {
            case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
            case 1 -> bytes = Arrays.copyOf(bytes, at);
            case 2 -> { // duplicate a slice
                int end = at + random.nextInt(bytes.length - at) + 1;
                byte[] out = new byte[bytes.length + (end - at)];
                System.arraycopy(bytes, 0, out, 0, end);
                System.arraycopy(bytes, at, out, end, bytes.length - at);
                bytes = out;
            }
            case 3 -> { // swap a digit for another digit (keeps the document well-formed more often)
                for (int i = at; i < bytes.length; i++) {
                    if (bytes[i] >= '0' && bytes[i] <= '9') {
                        bytes[i] = (byte) ('0' + random.nextInt(10));
                        break;
                    }
                }
            }
            case 4 -> { // a hex letter for a non-hex letter or a sign
                bytes[at] = (byte) "g-+.eE \u0000".charAt(random.nextInt(8));
            }
            default -> bytes[at] = (byte) "\n\r\0{\"}:[],".charAt(random.nextInt(10));
        }
        return bytes;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

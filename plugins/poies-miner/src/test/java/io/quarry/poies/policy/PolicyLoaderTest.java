package io.quarry.poies.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.poies.model.Bytes;
import io.quarry.testing.HostileInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTest {

    private static final Bytes DEV_KEY = Bytes.of(HexFormat.of().parseHex(
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
    private static final Bytes OTHER_KEY = Bytes.of(HexFormat.of().parseHex(
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"));
    private static final ProviderKeyResolver RESOLVER =
            ProviderKeyResolver.of(Map.of(ProviderKeyResolver.LOCAL_DEV_PROVIDER, DEV_KEY));

    static final String SAMPLE = """
            {
              "version": 1,
              "gammaCap": 2.5,
              "caps": {"hash": 0.5, "ai": 1.0, "quantum": 1.0, "storage": 0.5, "vdf": 0.5},
              "escortQ": 0.15,
              "minTrapRatio": 0.9,
              "minTraps": 4,
              "minProofPsi": 0.05,
              "maxProofs": 64,
              "anchorWindow": 16,
              "providers": [
                {"name": "lab", "publicKey": "0x3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
                 "kinds": ["ai"]},
                {"name": "dev", "ref": "local-dev-provider", "kinds": ["quantum", "ai"]}
              ]
            }
            """;

    private static Policy parse(String json) {
        return PolicyLoader.parse("test.json", json.getBytes(StandardCharsets.UTF_8), RESOLVER);
    }

    @Test
    void readsEveryFieldInMicroUnits() {
        Policy policy = parse(SAMPLE);
        assertThat(policy.gammaCapMicro()).isEqualTo(2_500_000);
        assertThat(policy.capMicro(ProofType.AI)).isEqualTo(1_000_000);
        assertThat(policy.capMicro(ProofType.VDF)).isEqualTo(500_000);
        assertThat(policy.escortQPpm()).isEqualTo(150_000);
        assertThat(policy.escortQuotaMicro()).isEqualTo(375_000);
        assertThat(policy.minTrapRatioPpm()).isEqualTo(900_000);
        assertThat(policy.minTraps()).isEqualTo(4);
        assertThat(policy.minProofPsiMicro()).isEqualTo(50_000);
        assertThat(policy.maxProofs()).isEqualTo(64);
        assertThat(policy.anchorWindow()).isEqualTo(16);
        assertThat(policy.provider(DEV_KEY)).get().satisfies(p -> {
            assertThat(p.mayAttest(ProofType.AI)).isTrue();
            assertThat(p.mayAttest(ProofType.QUANTUM)).isTrue();
        });
        assertThat(policy.provider(OTHER_KEY)).get().satisfies(p -> assertThat(p.mayAttest(ProofType.QUANTUM)).isFalse());
    }

    @Test
    void rootIsStableAcrossFormattingOrderAndEquivalentNumbers() {
        String reformatted = """
                {"providers":[{"kinds":["ai","quantum"],"ref":"local-dev-provider","name":"renamed"},
                {"kinds":["ai"],"name":"lab","publicKey":"0x3D4017C3E843895A92B70AA74D1B7EBC9C982CCF2EC4968CC0CD55F12AF4660C"}],
                "anchorWindow":16,"maxProofs":64,"minProofPsi":5e-2,"minTraps":4,"minTrapRatio":0.900,
                "escortQ":0.15,"caps":{"vdf":0.5,"storage":0.50,"quantum":1,"ai":1.000000,"hash":0.5},
                "gammaCap":2.5,"version":1}""";
        assertThat(parse(reformatted).policyRoot()).isEqualTo(parse(SAMPLE).policyRoot());
    }

    @Test
    void rootChangesWithEveryConsensusField() {
        Bytes root = parse(SAMPLE).policyRoot();
        List<String> variants = List.of(
                SAMPLE.replace("\"gammaCap\": 2.5", "\"gammaCap\": 2.6"),
                SAMPLE.replace("\"hash\": 0.5", "\"hash\": 0.4"),
                SAMPLE.replace("\"vdf\": 0.5", "\"vdf\": 0.4"),
                SAMPLE.replace("\"escortQ\": 0.15", "\"escortQ\": 0.1"),
                SAMPLE.replace("\"minTrapRatio\": 0.9", "\"minTrapRatio\": 0.8"),
                SAMPLE.replace("\"minTraps\": 4", "\"minTraps\": 5"),
                SAMPLE.replace("\"minProofPsi\": 0.05", "\"minProofPsi\": 0.06"),
                SAMPLE.replace("\"maxProofs\": 64", "\"maxProofs\": 63"),
                SAMPLE.replace("\"anchorWindow\": 16", "\"anchorWindow\": 8"),
                SAMPLE.replace("\"kinds\": [\"ai\"]", "\"kinds\": [\"ai\", \"quantum\"]"),
                SAMPLE.replace("3d4017c3", "3d4017c4"));
        List<Bytes> roots = new ArrayList<>();
        for (String variant : variants) {
            assertThat(variant).isNotEqualTo(SAMPLE);
            roots.add(parse(variant).policyRoot());
        }
        assertThat(roots).doesNotContain(root).doesNotHaveDuplicates();
    }

    @Test
    void referenceResolvesToTheNodesKeyAndTheRootCommitsToIt() {
        ProviderKeyResolver other = ProviderKeyResolver.of(Map.of(ProviderKeyResolver.LOCAL_DEV_PROVIDER, OTHER_KEY));
        Policy mine = PolicyLoader.devPolicy(RESOLVER);
        Policy theirs = PolicyLoader.devPolicy(other);
        assertThat(mine.provider(DEV_KEY)).isPresent();
        assertThat(theirs.provider(OTHER_KEY)).isPresent();
        assertThat(mine.policyRoot()).isNotEqualTo(theirs.policyRoot());
        assertThat(PolicyLoader.devPolicy(RESOLVER).policyRoot()).isEqualTo(mine.policyRoot());
    }

    @Test
    void devPolicyNeedsTheLocalDevProvider() {
        assertThatThrownBy(() -> PolicyLoader.devPolicy(ProviderKeyResolver.none()))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("dev-policy.json: providers[0].ref: \"local-dev-provider\" is not known");
    }

    @Test
    void errorsNameTheFileAndTheKey() {
        assertError(SAMPLE.replace("\"anchorWindow\": 16", "\"anchorWindow\": 16, \"color\": 1"),
                "test.json: color: unknown key");
        assertError(SAMPLE.replace("\"hash\": 0.5, ", ""), "test.json: caps.hash: is missing");
        assertError(SAMPLE.replace("\"hash\": 0.5", "\"hash\": 0.5, \"gpu\": 1"), "caps.gpu: unknown proof type");
        assertError(SAMPLE.replace("\"ai\": 1.0", "\"ai\": 3"), "caps.ai: must be in [0, gammaCap (2.5)], was 3");
        assertError(SAMPLE.replace("\"ai\": 1.0", "\"ai\": -1"), "caps.ai: must be >= 0, was -1");
        assertError(SAMPLE.replace("\"gammaCap\": 2.5", "\"gammaCap\": 2.5000001"),
                "gammaCap: has more than 6 decimal places");
        assertError(SAMPLE.replace("\"gammaCap\": 2.5", "\"gammaCap\": \"2.5\""), "gammaCap: expected a number, found a string");
        assertError(SAMPLE.replace("\"escortQ\": 0.15", "\"escortQ\": 0.25"), "escortQ: must be in [0, 0.2]");
        assertError(SAMPLE.replace("\"minProofPsi\": 0.05", "\"minProofPsi\": 0.01"), "maxProofs: must be >= 190");
        assertError(SAMPLE.replace("\"maxProofs\": 64", "\"maxProofs\": 65"), "maxProofs: must be in [1, 64]");
        assertError(SAMPLE.replace("\"maxProofs\": 64", "\"maxProofs\": 6.5"), "maxProofs: expected an integer, found a number");
        assertError(SAMPLE.replace("\"minTrapRatio\": 0.9", "\"minTrapRatio\": 0"), "minTrapRatio: must be in (0, 1]");
        assertError(SAMPLE.replace("\"version\": 1", "\"version\": 2"), "version: must be 1, was 2");
        assertError(SAMPLE.replace("\"kinds\": [\"ai\"]", "\"kinds\": [\"vdf\"]"),
                "providers[0].kinds[0]: expected \"ai\" or \"quantum\", found \"vdf\"");
        assertError(SAMPLE.replace("\"kinds\": [\"ai\"]", "\"kinds\": [\"ai\", \"ai\"]"), "providers[0].kinds[1]: \"ai\" is listed twice");
        assertError(SAMPLE.replace("\"ref\": \"local-dev-provider\"", "\"ref\": \"elsewhere\""),
                "providers[1].ref: \"elsewhere\" is not known on this node (known: [local-dev-provider])");
        assertError(SAMPLE.replace("\"ref\": \"local-dev-provider\",",
                "\"ref\": \"local-dev-provider\", \"publicKey\": \"0x" + "00".repeat(32) + "\","), "providers[1]: give exactly one of");
        assertError(SAMPLE.replace("\"publicKey\": \"0x3d4017c3", "\"publicKey\": \"0x3d4017"), "providers[0].publicKey: expected 32 bytes");
        assertError(SAMPLE.replace("\"name\": \"dev\", \"ref\": \"local-dev-provider\"",
                "\"name\": \"dev\", \"publicKey\": \"0x3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c\""),
                "providers: key 0x3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c is listed twice");
    }

    @Test
    void syntaxErrorsNameTheLine() {
        assertError(SAMPLE.replace("\"minTraps\": 4,", "\"minTraps\": 4,,"), "test.json line 7 column");
        assertError(SAMPLE.replace("\"version\": 1,", "\"version\": 1, \"version\": 1,"), "Duplicate field 'version'");
        assertError(SAMPLE + "{}", "not valid JSON");
        assertError("[]", "(document): expected a JSON object, found an array");
    }

    @Test
    void hugeNumbersAreRefusedWithoutBeingExpanded() {
        assertError(SAMPLE.replace("\"gammaCap\": 2.5", "\"gammaCap\": 1e999999999"), "gammaCap: is too large");
        assertError(SAMPLE.replace("\"gammaCap\": 2.5", "\"gammaCap\": 1e-999999999"), "gammaCap: has more than 6 decimal places");
        assertError(SAMPLE.replace("\"gammaCap\": 2.5", "\"gammaCap\": 1e9999999990000"), "not valid JSON: a number out of range");
    }

    @Test
    void loadsFromAFileAndRefusesOversizeOrMissingFiles(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, SAMPLE);
        assertThat(PolicyLoader.load(file, RESOLVER).policyRoot()).isEqualTo(parse(SAMPLE).policyRoot());

        Path big = dir.resolve("big.json");
        Files.writeString(big, SAMPLE + " ".repeat(PolicyLoader.MAX_FILE_BYTES));
        assertThatThrownBy(() -> PolicyLoader.load(big, RESOLVER)).isInstanceOf(PolicyException.class)
                .hasMessageContaining(big + ": is ").hasMessageContaining("more than the 65536");

        Path missing = dir.resolve("missing.json");
        assertThatThrownBy(() -> PolicyLoader.load(missing, RESOLVER)).isInstanceOf(PolicyException.class)
                .hasMessageContaining(missing + ": no such file");
    }

    @Test
    void hostileDocumentsParseOrFailWithAPolicyException() {
        List<byte[]> samples = List.of(SAMPLE.getBytes(StandardCharsets.UTF_8),
                PolicyLoaderTest.class.getSimpleName().getBytes(StandardCharsets.UTF_8));
        int cases = HostileInput.cases(2000);
        for (int i = 0; i < cases; i++) {
            HostileInput input = HostileInput.forCase(i);
            byte[] doc = input.nextInt(10) == 0 ? input.noise(200) : input.mutate(samples);
            String label = "case " + i;
            assertThatCode(() -> {
                try {
                    Policy policy = PolicyLoader.parse("fuzz.json", doc, RESOLVER);
                    assertThat(policy.policyRoot().length()).isEqualTo(32);
                } catch (PolicyException expected) {
                    assertThat(expected.getMessage()).startsWith("fuzz.json");
                }
            }).as(label).doesNotThrowAnyException();
        }
    }

    private static void assertError(String json, String fragment) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(PolicyException.class).hasMessageContaining(fragment);
    }
}

package io.quarry.poies.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateJsonTest {

    static final String H = "0x" + "11".repeat(32);

    /** The example template of docs/poies-canonical-header.md section 1 with concrete values. */
    static String documentedExample() {
        return """
                {
                  "chainId": 1,
                  "height": 1024,
                  "parentHash": "%1$s",
                  "stateRoot": "%1$s",
                  "txsRoot": "%1$s",
                  "proofsRoot": "%1$s",
                  "daRoot": "%1$s",
                  "params": { "thetaMicro": 1130000, "gammaCap": 2.5, "escortQ": 0.15 },
                  "policyRoots": { "poiesPolicy": "%1$s", "algPolicy": "%1$s" },
                  "nonceDomain": { "mixSeed": "%1$s", "uDomainTag": "animica:u-draw:v1" },
                  "time": 1730000000,
                  "coinbase": "anim1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh",
                  "extra": { "mempoolSnapshotId": "mp-42", "templateId": "tpl-1024-0001"}
                }
                """.formatted(H);
    }

    @Test
    void readsTheSeedExample() {
        HeaderTemplate template = PoiesJson.parseTemplate(documentedExample());
        assertThat(template.chainId()).isEqualTo(1);
        assertThat(template.height()).isEqualTo(1024);
        assertThat(template.params().gammaCapMicro()).isEqualTo(2_500_000);
        assertThat(template.params().escortQMicro()).isEqualTo(150_000);
        assertThat(template.thetaMicro()).isEqualTo(1_130_000);
        assertThat(template.mixSeed().toString()).isEqualTo(H);
        assertThat(template.templateId()).isEqualTo("tpl-1024-0001");
    }

    @Test
    void writesExactlyTheSeedShapeAndReadsItBack() {
        HeaderTemplate template = TestTemplates.template();
        String json = PoiesJson.toJson(template);
        assertThat(json).startsWith("{\"chainId\":1,\"height\":1024,\"parentHash\":\"0x1011")
                .contains("\"params\":{\"thetaMicro\":1130000,\"gammaCap\":2.5,\"escortQ\":0.15}")
                .contains("\"nonceDomain\":{\"mixSeed\":\"0x9091")
                .contains("\"uDomainTag\":\"animica:u-draw:v1\"")
                .endsWith("\"extra\":{\"mempoolSnapshotId\":\"mp-000042\",\"templateId\":\"tpl-1024-0001\"}}");
        assertThat(PoiesJson.parseTemplate(json)).isEqualTo(template);
        assertThat(PoiesJson.templateFromTree(PoiesJson.toTree(template))).isEqualTo(template);
    }

    @Test
    void plainValuesRoundTripIncludingDoublesFromAJsonRpcLayer() {
        HeaderTemplate template = TestTemplates.template();
        Map<String, Object> plain = PoiesJson.toPlain(template);
        assertThat(plain.get("chainId")).isEqualTo(1L);
        assertThat(((Map<?, ?>) plain.get("params")).get("gammaCap")).isEqualTo(new BigDecimal("2.5"));
        assertThat(PoiesJson.templateFromPlain(plain)).isEqualTo(template);

        // JsonRpcValue hands decimals over as Double: 0.15 must still be exactly 150,000 millionths
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("thetaMicro", 1_130_000L);
        params.put("gammaCap", 2.5d);
        params.put("escortQ", 0.15d);
        Map<String, Object> withDoubles = new LinkedHashMap<>(plain);
        withDoubles.put("params", params);
        assertThat(PoiesJson.templateFromPlain(withDoubles)).isEqualTo(template);
    }

    @Test
    void wholeNumberDecimalsAreWrittenWithoutExponent() {
        HeaderTemplate base = TestTemplates.template();
        HeaderTemplate template = new HeaderTemplate(base.chainId(), base.height(), base.parentHash(),
                base.stateRoot(), base.txsRoot(), base.proofsRoot(), base.daRoot(),
                new HeaderTemplate.Params(7, 30_000_000, 1_000_000), base.policyRoots(), base.nonceDomain(),
                base.time(), base.coinbase(), base.extra());
        assertThat(PoiesJson.toJson(template)).contains("\"gammaCap\":30,\"escortQ\":1}");
        assertThat(PoiesJson.parseTemplate(PoiesJson.toJson(template))).isEqualTo(template);
    }

    @Test
    void rejectsUnknownMissingAndNullMembers() {
        assertRejected(documentedExample().replace("\"time\"", "\"extraField\": 1, \"time\""), "extraField: unknown member");
        assertRejected(documentedExample().replace("\"height\": 1024,", ""), "height: missing");
        assertRejected(documentedExample().replace("\"height\": 1024", "\"height\": null"), "height: missing");
        assertRejected(documentedExample().replace("\"escortQ\": 0.15", "\"escortQ\": 0.15, \"q2\": 1"),
                "params.q2: unknown member");
        assertRejected(documentedExample().replace(", \"templateId\": \"tpl-1024-0001\"", ""), "extra.templateId: missing");
    }

    @Test
    void refusesTypeCoercion() {
        assertRejected(documentedExample().replace("\"height\": 1024", "\"height\": \"1024\""),
                "height: expected an integer, found a string");
        assertRejected(documentedExample().replace("\"height\": 1024", "\"height\": 1024.0"),
                "height: expected an integer, found a decimal number");
        assertRejected(documentedExample().replace("\"height\": 1024", "\"height\": 1e3"), "height: expected an integer");
        assertRejected(documentedExample().replace("\"gammaCap\": 2.5", "\"gammaCap\": \"2.5\""),
                "params.gammaCap: expected a number, found a string");
        assertRejected(documentedExample().replace("\"coinbase\": \"anim1", "\"coinbase\": 7, \"x\": \""), "coinbase");
        assertRejected(documentedExample().replace("{ \"thetaMicro\": 1130000, \"gammaCap\": 2.5, \"escortQ\": 0.15 }",
                "[1130000, 2.5, 0.15]"), "params: expected an object, found an array");
    }

    @Test
    void checksRanges() {
        assertRejected(documentedExample().replace("\"height\": 1024", "\"height\": -1"), "height: must be in [0, 2^63-1]");
        assertRejected(documentedExample().replace("\"height\": 1024", "\"height\": 9223372036854775808"),
                "height: must be in [0, 2^63-1]");
        assertRejected(documentedExample().replace("\"thetaMicro\": 1130000", "\"thetaMicro\": 0"),
                "params.thetaMicro: must be in [1,");
        assertRejected(documentedExample().replace("\"escortQ\": 0.15", "\"escortQ\": 1.5"), "params.escortQ");
        assertRejected(documentedExample().replace("\"escortQ\": 0.15", "\"escortQ\": -0.15"),
                "params.escortQ: must be >= 0");
        assertRejected(documentedExample().replace("\"gammaCap\": 2.5", "\"gammaCap\": 2.0000001"),
                "params.gammaCap: expected a number with at most 6 decimal places");
        assertRejected(documentedExample().replace("\"gammaCap\": 2.5", "\"gammaCap\": 1e999999999"),
                "params.gammaCap: expected a number with at most 6 decimal places");
        assertRejected(documentedExample().replace("\"coinbase\": \"anim1", "\"coinbase\": \"Anim1"),
                "coinbase: character 0 is not allowed");
        assertRejected(documentedExample().replace("anim1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh", "a".repeat(91)),
                "coinbase: expected 1..90 characters");
        assertRejected(documentedExample().replace("\"tpl-1024-0001\"", "\"\""), "extra.templateId: expected 1..64");
        assertRejected(documentedExample().replace("\"tpl-1024-0001\"", "\"tpl 1\""),
                "extra.templateId: character 3 is not allowed");
        assertRejected(documentedExample().replace("\"animica:u-draw:v1\"", "\"animica:u-dr\u00e4w\""),
                "nonceDomain.uDomainTag: character 12");
    }

    @Test
    void checksHashLengths() {
        String shortHash = "0x" + "11".repeat(31);
        assertRejected(documentedExample().replaceFirst("\"parentHash\": \"0x1+\"", "\"parentHash\": \"" + shortHash + "\""),
                "parentHash: expected 32 bytes of hex, found 62 digits");
        assertRejected(documentedExample().replace("\"mixSeed\": \"0x", "\"mixSeed\": \"0xzz"), "nonceDomain.mixSeed");
    }

    @Test
    void rejectsDuplicateKeysTrailingContentAndBrokenJson() {
        assertRejected(documentedExample().replace("\"height\": 1024", "\"height\": 1024, \"height\": 1025"),
                "not valid JSON: Duplicate field 'height'");
        assertRejected(documentedExample() + " {}", "not valid JSON");
        assertRejected(documentedExample().substring(0, 200), "not valid JSON");
        assertRejected("", "template: empty document");
        assertRejected("[]", "document: expected an object, found an array");
        assertRejected("null", "document: expected an object, found null");
    }

    @Test
    void rejectsOversizeDocumentsBeforeParsing() {
        String padded = documentedExample().replace("\"chainId\"", " ".repeat(PoiesJson.MAX_TEMPLATE_BYTES) + "\"chainId\"");
        assertRejected(padded, "template: " + padded.length() + " bytes, at most 8192 are allowed");
        String multibyte = "{\"x\":\"" + "\u00e9".repeat(PoiesJson.MAX_TEMPLATE_BYTES / 2) + "\"}";
        assertRejected(multibyte, "bytes, at most 8192 are allowed");
    }

    @Test
    void plainInputMustBeAnObject() {
        assertThatThrownBy(() -> PoiesJson.templateFromPlain(null)).isInstanceOf(SchemaException.class)
                .hasMessage("template: expected an object, found null");
        assertThatThrownBy(() -> PoiesJson.templateFromPlain("{}")).isInstanceOf(SchemaException.class)
                .hasMessage("template: expected an object, found String");
    }

    private static void assertRejected(String json, String messagePart) {
        assertThatThrownBy(() -> PoiesJson.parseTemplate(json)).isInstanceOf(SchemaException.class)
                .hasMessageContaining(messagePart);
    }
}

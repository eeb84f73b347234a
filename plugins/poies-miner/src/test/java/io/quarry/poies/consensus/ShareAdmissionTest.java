package io.quarry.poies.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.poies.hash.UDraw;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.HashShare;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.model.PoiesJson;
import io.quarry.poies.model.TestTemplates;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShareAdmissionTest {

    private static final ToLongFunction<HeaderTemplate> NO_TARGET = t -> 0;

    private final HeaderTemplate template = TestTemplates.template();
    private final Set<Bytes> used = ConcurrentHashMap.newKeySet();
    private ShareAdmission admission;

    @BeforeEach
    void setUp() {
        Map<String, HeaderTemplate> served = Map.of(template.templateId(), template);
        admission = new ShareAdmission(id -> Optional.ofNullable(served.get(id)), n -> !used.add(n));
    }

    @Test
    void admitsAnHonestShareOnceWithItsExactFigures() {
        HashShare share = UDraw.share(template, 4242);
        Admission first = admission.admit(share.toEnvelope(), NO_TARGET);
        assertThat(first).isInstanceOf(Admission.Admitted.class);
        Admission.Admitted admitted = (Admission.Admitted) first;
        assertThat(admitted.share()).isEqualTo(share);
        assertThat(admitted.hMicro()).isEqualTo(UDraw.hMicro(share.u()));
        assertThat(admitted.template()).isSameAs(template);
        assertThat(admission.admit(share.toEnvelope(), NO_TARGET)).isEqualTo(
                new Admission.Rejected(RejectReason.DUPLICATE_NULLIFIER, "nullifier " + share.nullifier()
                        + " was already used"));
    }

    @Test
    void schemaComesFirst() {
        assertThat(reason(admission.admitJson("{\"type_id\":\"hashshare:v1\"}", NO_TARGET)))
                .isEqualTo(RejectReason.SCHEMA);
        assertThat(reason(admission.admitJson("not json", NO_TARGET))).isEqualTo(RejectReason.SCHEMA);
        assertThat(reason(admission.admitPlain(List.of(1), NO_TARGET))).isEqualTo(RejectReason.SCHEMA);
        String vdf = PoiesJson.toJson(UDraw.share(template, 1).toEnvelope()).replace("hashshare:v1", "vdf:v1");
        assertThat(admission.admitJson(vdf, NO_TARGET)).isEqualTo(new Admission.Rejected(RejectReason.SCHEMA,
                "type_id: expected \"hashshare:v1\", found \"vdf:v1\""));
        String huge = PoiesJson.toJson(UDraw.share(template, 1).toEnvelope()).replaceFirst("\"d_ratio_ppm\":[0-9]+",
                "\"d_ratio_ppm\":1e9999999990000");
        assertThat(reason(admission.admitJson(huge, NO_TARGET))).isEqualTo(RejectReason.SCHEMA);
        Map<String, Object> plain = PoiesJson.toPlain(UDraw.share(template, 1).toEnvelope());
        assertThat(admission.admitPlain(plain, NO_TARGET).admitted()).isTrue();
    }

    @Test
    void unknownTemplatesAreStale() {
        HeaderTemplate other = TestTemplates.template("tpl-gone", List.of());
        assertThat(reason(admission.admit(UDraw.share(other, 1), NO_TARGET))).isEqualTo(RejectReason.STALE);
    }

    @Test
    void headerLinkChecksSeedAndDigest() {
        HashShare honest = UDraw.share(template, 7);
        HashShare otherSeed = new HashShare(honest.templateId(), 7, TestTemplates.bytes32(1), honest.u(),
                honest.keccak(), honest.dRatioPpm(), honest.nullifier());
        assertThat(reason(admission.admit(otherSeed, NO_TARGET))).isEqualTo(RejectReason.HEADER_LINK);
        // a digest from another nonce, relabelled with nonce 7
        HashShare borrowed = UDraw.share(template, 8);
        HashShare relabelled = new HashShare(honest.templateId(), 7, honest.mixSeed(), borrowed.u(),
                borrowed.keccak(), borrowed.dRatioPpm(), borrowed.nullifier());
        assertThat(reason(admission.admit(relabelled, NO_TARGET))).isEqualTo(RejectReason.HEADER_LINK);
    }

    @Test
    void uMustBeTheDigestPrefixInTheKnownDomain() {
        HashShare honest = UDraw.share(template, 9);
        HashShare wrongU = new HashShare(honest.templateId(), 9, honest.mixSeed(), Bytes.ZERO32, honest.keccak(),
                honest.dRatioPpm(), honest.nullifier());
        assertThat(reason(admission.admit(wrongU, NO_TARGET))).isEqualTo(RejectReason.U_DOMAIN);

        HeaderTemplate t = template;
        HeaderTemplate v2 = new HeaderTemplate(t.chainId(), t.height(), t.parentHash(), t.stateRoot(), t.txsRoot(),
                t.proofsRoot(), t.daRoot(), t.params(), t.policyRoots(),
                new HeaderTemplate.NonceDomain(t.mixSeed(), "animica:u-draw:v2"), t.time(), t.coinbase(),
                new HeaderTemplate.Extra("", "tpl-v2"));
        ShareAdmission withV2 = new ShareAdmission(id -> Optional.of(v2), n -> false);
        assertThat(reason(withV2.admit(UDraw.share(v2, 1), NO_TARGET))).isEqualTo(RejectReason.U_DOMAIN);
    }

    @Test
    void targetChecksDepthAndTheClaimedRatio() {
        HashShare share = UDraw.share(template, 10);
        long h = UDraw.hMicro(share.u());
        assertThat(admission.admit(share, x -> h + 1)).isEqualTo(new Admission.Rejected(RejectReason.TARGET,
                "H(u) is " + h + " micro-nats, below the share target " + (h + 1)));
        assertThat(reason(admission.admit(withRatio(share, share.dRatioPpm() + 2), x -> h)))
                .isEqualTo(RejectReason.TARGET);
        // one ppm either way is rounding, and the admitted share carries the exact ratio
        Admission nearly = admission.admit(withRatio(share, share.dRatioPpm() + 1), x -> h);
        assertThat(nearly.admitted()).isTrue();
        assertThat(((Admission.Admitted) nearly).share()).isEqualTo(share);
    }

    @Test
    void nullifierMustBeDerivedAndFresh() {
        HashShare share = UDraw.share(template, 11);
        HashShare forged = new HashShare(share.templateId(), 11, share.mixSeed(), share.u(), share.keccak(),
                share.dRatioPpm(), TestTemplates.bytes32(3));
        assertThat(reason(admission.admit(forged, NO_TARGET))).isEqualTo(RejectReason.NULLIFIER);
        assertThat(used).as("a refused share does not use up its nullifier").isEmpty();
        assertThat(admission.admit(share, NO_TARGET).admitted()).isTrue();
        assertThat(used).containsExactly(share.nullifier());
    }

    @Test
    void theFirstFailingStepDecides() {
        HashShare share = UDraw.share(template, 12);
        // bad seed, bad u and bad nullifier at once: header_link is checked first
        HashShare everythingWrong = new HashShare(share.templateId(), 12, TestTemplates.bytes32(5), Bytes.ZERO32,
                share.keccak(), share.dRatioPpm() + 5, TestTemplates.bytes32(6));
        assertThat(reason(admission.admit(everythingWrong, x -> UDraw.MAX_H_MICRO)))
                .isEqualTo(RejectReason.HEADER_LINK);
        HashShare badUAndTarget = new HashShare(share.templateId(), 12, share.mixSeed(), Bytes.ZERO32, share.keccak(),
                share.dRatioPpm(), TestTemplates.bytes32(6));
        assertThat(reason(admission.admit(badUAndTarget, x -> UDraw.MAX_H_MICRO))).isEqualTo(RejectReason.U_DOMAIN);
    }

    @Test
    void reasonsHaveMetricLabels() {
        assertThat(RejectReason.values()).extracting(RejectReason::label).containsExactly("schema", "stale",
                "header_link", "u_domain", "target", "nullifier", "duplicate_nullifier");
    }

    @Test
    void meetsThetaAddsPsi() {
        HashShare share = UDraw.share(template, 13);
        Admission.Admitted admitted = (Admission.Admitted) admission.admit(share, NO_TARGET);
        long h = admitted.hMicro();
        long needed = template.thetaMicro() - h;
        assertThat(admitted.meetsTheta(Math.max(0, needed))).isTrue();
        if (needed > 0) {
            assertThat(admitted.meetsTheta(needed - 1)).isFalse();
        }
    }

    private static HashShare withRatio(HashShare share, long ratio) {
        return new HashShare(share.templateId(), share.nonce(), share.mixSeed(), share.u(), share.keccak(), ratio,
                share.nullifier());
    }

    private static RejectReason reason(Admission admission) {
        assertThat(admission).isInstanceOf(Admission.Rejected.class);
        return ((Admission.Rejected) admission).reason();
    }
}

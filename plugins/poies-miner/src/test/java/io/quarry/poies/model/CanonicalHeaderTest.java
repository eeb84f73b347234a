package io.quarry.poies.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class CanonicalHeaderTest {

    @Test
    void layoutIsAsDocumented() {
        HeaderTemplate t = TestTemplates.template();
        ByteBuffer b = ByteBuffer.wrap(CanonicalHeader.encode(t));
        byte[] tag = new byte[8];
        b.get(tag);
        assertThat(new String(tag, StandardCharsets.US_ASCII)).isEqualTo("PoIEShv1");
        assertThat(b.getLong()).isEqualTo(1);
        assertThat(b.getLong()).isEqualTo(1024);
        assertThat(next32(b)).isEqualTo(t.parentHash());
        assertThat(next32(b)).isEqualTo(t.stateRoot());
        assertThat(next32(b)).isEqualTo(t.txsRoot());
        assertThat(next32(b)).isEqualTo(t.proofsRoot());
        assertThat(next32(b)).isEqualTo(t.daRoot());
        assertThat(b.getLong()).isEqualTo(1_130_000);
        assertThat(b.getLong()).isEqualTo(2_500_000);
        assertThat(b.getLong()).isEqualTo(150_000);
        assertThat(next32(b)).isEqualTo(t.policyRoots().poiesPolicy());
        assertThat(next32(b)).isEqualTo(t.policyRoots().algPolicy());
        assertThat(b.getLong()).isEqualTo(1_730_000_000L);
        assertThat(b.position()).isEqualTo(CanonicalHeader.FIXED_LENGTH);
        assertThat(nextString(b)).isEqualTo("animica:u-draw:v1");
        assertThat(nextString(b)).isEqualTo(t.coinbase());
        assertThat(nextString(b)).isEqualTo("tpl-1024-0001");
        assertThat(nextString(b)).isEqualTo("mp-000042");
        int end = b.position();
        assertThat(b.limit() % CanonicalHeader.RATE).isZero();
        assertThat(b.limit() - end).isBetween(0, CanonicalHeader.RATE - 1);
        while (b.hasRemaining()) {
            assertThat(b.get()).isZero();
        }
    }

    @Test
    void lengthIsAlwaysAMultipleOfTheRateWithRoomForNonceAndSeed() {
        for (int n = 1; n <= HeaderTemplate.MAX_COINBASE_LENGTH; n++) {
            HeaderTemplate t = withCoinbase("a".repeat(n));
            int length = CanonicalHeader.encode(t).length;
            assertThat(length % CanonicalHeader.RATE).isZero();
            assertThat(length).isLessThanOrEqualTo(CanonicalHeader.MAX_LENGTH);
        }
    }

    @Test
    void theLongestTemplateEncodesToMaxLength() {
        String id = "x".repeat(HeaderTemplate.MAX_ID_LENGTH);
        HeaderTemplate base = withCoinbase("a".repeat(HeaderTemplate.MAX_COINBASE_LENGTH));
        HeaderTemplate longest = new HeaderTemplate(base.chainId(), base.height(), base.parentHash(), base.stateRoot(),
                base.txsRoot(), base.proofsRoot(), base.daRoot(), base.params(), base.policyRoots(),
                new HeaderTemplate.NonceDomain(base.mixSeed(), id), base.time(), base.coinbase(),
                new HeaderTemplate.Extra(id, id));
        assertThat(CanonicalHeader.encode(longest)).hasSize(CanonicalHeader.MAX_LENGTH);
        assertThat(CanonicalHeader.MAX_LENGTH).isEqualTo(576);
    }

    @Test
    void everyFieldExceptTheMixSeedChangesTheEncoding() {
        HeaderTemplate t = TestTemplates.template();
        Bytes other = TestTemplates.bytes32(0xEE);
        List<UnaryOperator<HeaderTemplate>> changes = List.of(
                x -> copy(x, 2, x.height(), x.parentHash(), x.proofsRoot(), x.params(), x.time(), x.extra()),
                x -> copy(x, x.chainId(), 1025, x.parentHash(), x.proofsRoot(), x.params(), x.time(), x.extra()),
                x -> copy(x, x.chainId(), x.height(), other, x.proofsRoot(), x.params(), x.time(), x.extra()),
                x -> copy(x, x.chainId(), x.height(), x.parentHash(), other, x.params(), x.time(), x.extra()),
                x -> copy(x, x.chainId(), x.height(), x.parentHash(), x.proofsRoot(),
                        new HeaderTemplate.Params(1_130_001, 2_500_000, 150_000), x.time(), x.extra()),
                x -> copy(x, x.chainId(), x.height(), x.parentHash(), x.proofsRoot(),
                        new HeaderTemplate.Params(1_130_000, 2_500_001, 150_000), x.time(), x.extra()),
                x -> copy(x, x.chainId(), x.height(), x.parentHash(), x.proofsRoot(),
                        new HeaderTemplate.Params(1_130_000, 2_500_000, 150_001), x.time(), x.extra()),
                x -> copy(x, x.chainId(), x.height(), x.parentHash(), x.proofsRoot(), x.params(), x.time() + 1,
                        x.extra()),
                x -> copy(x, x.chainId(), x.height(), x.parentHash(), x.proofsRoot(), x.params(), x.time(),
                        new HeaderTemplate.Extra("mp-000043", x.templateId())),
                x -> copy(x, x.chainId(), x.height(), x.parentHash(), x.proofsRoot(), x.params(), x.time(),
                        new HeaderTemplate.Extra(x.extra().mempoolSnapshotId(), "tpl-2")),
                x -> withCoinbase("anim1other"));
        Set<String> encodings = new HashSet<>();
        encodings.add(Arrays.toString(CanonicalHeader.encode(t)));
        for (UnaryOperator<HeaderTemplate> change : changes) {
            assertThat(encodings.add(Arrays.toString(CanonicalHeader.encode(change.apply(t))))).isTrue();
        }
        HeaderTemplate otherSeed = new HeaderTemplate(t.chainId(), t.height(), t.parentHash(), t.stateRoot(),
                t.txsRoot(), t.proofsRoot(), t.daRoot(), t.params(), t.policyRoots(),
                new HeaderTemplate.NonceDomain(other, t.nonceDomain().uDomainTag()), t.time(), t.coinbase(), t.extra());
        assertThat(CanonicalHeader.encode(otherSeed)).isEqualTo(CanonicalHeader.encode(t));
        assertThat(ShareDigest.compute(otherSeed, 5)).isNotEqualTo(ShareDigest.compute(t, 5));
    }

    @Test
    void stringLengthPrefixesKeepFieldBoundariesApart() {
        HeaderTemplate a = copy(TestTemplates.template(), 1, 1, Bytes.ZERO32, Bytes.ZERO32,
                TestTemplates.template().params(), 0, new HeaderTemplate.Extra("ab", "c"));
        HeaderTemplate b = copy(a, 1, 1, Bytes.ZERO32, Bytes.ZERO32, a.params(), 0, new HeaderTemplate.Extra("a", "bc"));
        assertThat(CanonicalHeader.encode(a)).isNotEqualTo(CanonicalHeader.encode(b));
    }

    @Test
    void digestIsKeccak512OfHeaderNonceAndSeed() {
        HeaderTemplate t = TestTemplates.template();
        byte[] header = CanonicalHeader.encode(t);
        byte[] input = new byte[header.length + 40];
        System.arraycopy(header, 0, input, 0, header.length);
        ByteBuffer.wrap(input, header.length, 8).putLong(0x0123456789abcdefL);
        t.mixSeed().copyTo(input, header.length + 8);
        org.bouncycastle.crypto.digests.KeccakDigest keccak = new org.bouncycastle.crypto.digests.KeccakDigest(512);
        keccak.update(input, 0, input.length);
        byte[] expected = new byte[64];
        keccak.doFinal(expected, 0);
        Bytes digest = ShareDigest.compute(t, 0x0123456789abcdefL);
        assertThat(digest.toArray()).isEqualTo(expected);
        assertThat(ShareDigest.u(digest).toArray()).isEqualTo(Arrays.copyOf(expected, 32));
    }

    @Test
    void nonceHexIsTheHashedBytes() {
        assertThat(Nonce.toHex(0x0123456789abcdefL)).isEqualTo("0x0123456789abcdef");
        assertThat(Nonce.toHex(-1)).isEqualTo("0xffffffffffffffff");
        assertThat(Nonce.parseHex("0xFFFFFFFFFFFFFFFF", "n")).isEqualTo(-1);
        assertThat(Nonce.toBytes(0x0102030405060708L)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    }

    static HeaderTemplate withCoinbase(String coinbase) {
        HeaderTemplate x = TestTemplates.template();
        return new HeaderTemplate(x.chainId(), x.height(), x.parentHash(), x.stateRoot(), x.txsRoot(), x.proofsRoot(),
                x.daRoot(), x.params(), x.policyRoots(), x.nonceDomain(), x.time(), coinbase, x.extra());
    }

    private static HeaderTemplate copy(HeaderTemplate x, long chainId, long height, Bytes parent, Bytes proofsRoot,
            HeaderTemplate.Params params, long time, HeaderTemplate.Extra extra) {
        return new HeaderTemplate(chainId, height, parent, x.stateRoot(), x.txsRoot(), proofsRoot, x.daRoot(), params,
                x.policyRoots(), x.nonceDomain(), time, x.coinbase(), extra);
    }

    private static Bytes next32(ByteBuffer b) {
        byte[] out = new byte[32];
        b.get(out);
        return Bytes.of(out);
    }

    private static String nextString(ByteBuffer b) {
        byte[] out = new byte[b.get() & 0xff];
        b.get(out);
        return new String(out, StandardCharsets.US_ASCII);
    }
}

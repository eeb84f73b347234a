package io.quarry.poies.hash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.poies.model.Block;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.CanonicalHeader;
import io.quarry.poies.model.HashShare;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.model.MerkleRoot;
import io.quarry.poies.model.Nonce;
import io.quarry.poies.model.PoiesJson;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.model.ShareDigest;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The committed vectors of docs/poies-canonical-header.md ({@code vectors/poies-canonical-v1.json}, written by
 * {@code vectors/generate.py}, an independent Python implementation of the document) against this code: template
 * JSON, canonical header bytes, proof envelope bytes and proofs root, share digest (reference and scanner), u,
 * H(u), d_ratio_ppm, nullifier and block hash.
 */
class CanonicalVectorsTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void headersSharesAndBlocksMatchTheVectors() throws IOException {
        JsonNode vectors = load();
        assertThat(vectors.get("headers")).hasSize(3);
        for (JsonNode vector : vectors.get("headers")) {
            String name = vector.get("name").asText();
            HeaderTemplate template = PoiesJson.parseTemplate(vector.get("template").toString());
            byte[] header = CanonicalHeader.encode(template);
            assertThat("0x" + HEX.formatHex(header)).as(name).isEqualTo(vector.get("canonicalHeader").asText());
            assertThat(PoiesJson.toJson(template)).as(name).isEqualTo(vector.get("template").toString());

            List<ProofEnvelope> proofs = new ArrayList<>();
            for (int i = 0; i < vector.get("proofs").size(); i++) {
                ProofEnvelope proof = PoiesJson.parseEnvelope(vector.get("proofs").get(i).toString());
                assertThat("0x" + HEX.formatHex(proof.canonicalBytes())).as(name + " proof " + i)
                        .isEqualTo(vector.get("proofCanonicalBytes").get(i).asText());
                proofs.add(proof);
            }
            assertThat(MerkleRoot.ofProofs(proofs)).as(name).isEqualTo(template.proofsRoot());

            NonceHasher scanner = new NonceHasher(template);
            for (JsonNode expected : vector.get("shares")) {
                long nonce = Nonce.parseHex(expected.get("nonce").asText(), "nonce");
                String keccak = expected.get("keccak").asText();
                assertThat(ShareDigest.compute(template, nonce).toString()).as(name).isEqualTo(keccak);
                assertThat("0x" + HEX.formatHex(scanner.digest(nonce))).as(name).isEqualTo(keccak);
                long top64 = Long.parseUnsignedLong(keccak.substring(2, 18), 16);
                for (ScanKernel kernel : kernels()) { // the vector's nonce in every lane position
                    NonceLanes lanes = kernel.newLanes(scanner);
                    long[] top = new long[lanes.lanes()];
                    for (int lane = 0; lane < top.length; lane++) {
                        lanes.hashTop64(nonce - lane, 1, top);
                        assertThat(top[lane]).as("%s, %s lane %d", name, kernel, lane).isEqualTo(top64);
                    }
                }
                HashShare share = UDraw.share(template, nonce);
                assertThat(share.u().toString()).isEqualTo(expected.get("u").asText());
                assertThat(UDraw.hMicro(share.u())).as(name).isEqualTo(expected.get("hMicro").asLong());
                assertThat(share.dRatioPpm()).as(name).isEqualTo(expected.get("d_ratio_ppm").asLong());
                assertThat(share.nullifier().toString()).isEqualTo(expected.get("nullifier").asText());
                Block block = Block.seal(template, share, proofs);
                assertThat(block.hash().toString()).as(name).isEqualTo(expected.get("blockHash").asText());
            }
        }
    }

    @Test
    void uDrawsMatchTheVectors() throws IOException {
        JsonNode draws = load().get("uDraws");
        assertThat(draws.size()).isGreaterThan(15);
        for (JsonNode draw : draws) {
            Bytes u = Bytes.parseHex(draw.get("u").asText(), 32, "u");
            assertThat(UDraw.hMicro(u)).as(draw.get("u").asText()).isEqualTo(draw.get("hMicro").asLong());
            assertThat(UDraw.hMicro(new BigInteger(1, u.toArray()))).isEqualTo(draw.get("hMicro").asLong());
        }
    }

    private static List<ScanKernel> kernels() {
        List<ScanKernel> kernels = new ArrayList<>(List.of(ScanKernel.scalar()));
        ScanKernel.vector().ifPresent(kernels::add);
        return kernels;
    }

    private static JsonNode load() throws IOException {
        try (InputStream in = CanonicalVectorsTest.class.getResourceAsStream("/vectors/poies-canonical-v1.json")) {
            assertThat(in).as("vectors/poies-canonical-v1.json on the test classpath").isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }
}

package io.quarry.poies.node.rpc;

import io.quarry.poies.chain.Seal;
import io.quarry.poies.model.Block;
import io.quarry.poies.model.PoiesJson;
import io.quarry.poies.model.ProofEnvelope;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code chain_getBlockByHeight} / {@code chain_getBlockByHash}: a summary first (height, hash,
 * Θ, the score and how it was made up, each attached proof with its type and psi), then the block itself in
 * the JSON of {@code docs/poies-canonical-header.md} (template, share and proof envelopes) under {@code "block"}.
 * Amounts are given both in micro-nats (exact integers, as consensus uses them) and in nats (decimals, for people).
 */
final class BlockView {

    private BlockView() {
    }

    static Map<String, Object> of(Block block, Seal seal) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("height", block.height());
        out.put("hash", block.hash().toString());
        out.put("parentHash", block.parentHash().toString());
        out.put("time", block.template().time());
        out.put("thetaMicro", block.template().thetaMicro());
        out.put("hMicro", seal.hMicro());
        out.put("psiMicro", seal.psiMicro());
        out.put("scoreMicro", seal.scoreMicro());
        out.put("score", nats(seal.scoreMicro()));
        List<Map<String, Object>> proofs = new ArrayList<>();
        for (int i = 0; i < block.proofs().size(); i++) {
            ProofEnvelope envelope = block.proofs().get(i);
            Seal.Credit credit = seal.credits().get(i);
            Map<String, Object> proof = new LinkedHashMap<>();
            proof.put("type_id", envelope.typeId());
            proof.put("type", credit.type());
            proof.put("psiMicro", credit.psiMicro());
            proof.put("psi", nats(credit.psiMicro()));
            proof.put("nullifier", envelope.nullifier().toString());
            proofs.add(proof);
        }
        out.put("proofs", proofs);
        out.put("block", PoiesJson.toPlain(block));
        return out;
    }

    static BigDecimal nats(long micro) {
        return BigDecimal.valueOf(micro, 6);
    }
}

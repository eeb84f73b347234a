package io.quarry.poies.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON shape of a {@link Block}:
 * {@code {"hash": "0x..", "template": {2.1}, "nonce": "0x..", "hashShare": {2.2 envelope}, "proofs": [envelopes]}}.
 */
final class BlockJson {

    private BlockJson() {
    }

    static Block read(JsonNode node) {
        JsonFields b = JsonFields.of(node, "").exactly("hash", "template", "nonce", "hashShare", "proofs");
        Bytes hash = b.hex("hash", HeaderTemplate.HASH_LENGTH);
        HeaderTemplate template = TemplateJson.read(b.get("template"), "template");
        long nonce = Nonce.parseHex(b.text("nonce"), "nonce");
        HashShare share = hashShare(EnvelopeJson.read(b.get("hashShare"), "hashShare"));
        ArrayNode array = b.array("proofs", Block.MAX_PROOFS);
        List<ProofEnvelope> proofs = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            proofs.add(EnvelopeJson.read(array.get(i), "proofs[" + i + "]"));
        }
        return new Block(template, nonce, share, proofs, hash);
    }

    static ObjectNode write(Block block) {
        ObjectNode out = PoiesJson.NODES.objectNode();
        out.put("hash", block.hash().toString());
        out.set("template", TemplateJson.write(block.template()));
        out.put("nonce", Nonce.toHex(block.nonce()));
        out.set("hashShare", EnvelopeJson.write(block.hashShare().toEnvelope()));
        ArrayNode proofs = out.putArray("proofs");
        for (ProofEnvelope proof : block.proofs()) {
            proofs.add(EnvelopeJson.write(proof));
        }
        return out;
    }

    private static HashShare hashShare(ProofEnvelope envelope) {
        try {
            return HashShare.fromEnvelope(envelope);
        } catch (SchemaException e) {
            throw JsonFields.under("hashShare", e);
        }
    }
}

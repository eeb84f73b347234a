package io.quarry.poies.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/** The JSON shape ({@code docs/poies-canonical-header.md} section 1) of a {@link HeaderTemplate}, both ways. */
final class TemplateJson {

    private TemplateJson() {
    }

    static HeaderTemplate read(JsonNode node, String path) {
        JsonFields t = JsonFields.of(node, path).exactly("chainId", "height", "parentHash", "stateRoot", "txsRoot",
                "proofsRoot", "daRoot", "params", "policyRoots", "nonceDomain", "time", "coinbase", "extra");
        JsonFields params = t.object("params").exactly("thetaMicro", "gammaCap", "escortQ");
        JsonFields roots = t.object("policyRoots").exactly("poiesPolicy", "algPolicy");
        JsonFields domain = t.object("nonceDomain").exactly("mixSeed", "uDomainTag");
        JsonFields extra = t.object("extra").exactly("mempoolSnapshotId", "templateId");
        int hash = HeaderTemplate.HASH_LENGTH;
        // Read every member first (their messages carry the full path), then build the records, whose own
        // range checks name paths from the template's root.
        long chainId = t.u63("chainId");
        long height = t.u63("height");
        Bytes parentHash = t.hex("parentHash", hash);
        Bytes stateRoot = t.hex("stateRoot", hash);
        Bytes txsRoot = t.hex("txsRoot", hash);
        Bytes proofsRoot = t.hex("proofsRoot", hash);
        Bytes daRoot = t.hex("daRoot", hash);
        long thetaMicro = params.u63("thetaMicro");
        long gammaCapMicro = params.micro("gammaCap");
        long escortQMicro = params.micro("escortQ");
        Bytes poiesPolicy = roots.hex("poiesPolicy", hash);
        Bytes algPolicy = roots.hex("algPolicy", hash);
        Bytes mixSeed = domain.hex("mixSeed", HeaderTemplate.NonceDomain.MIX_SEED_LENGTH);
        String uDomainTag = domain.text("uDomainTag");
        long time = t.u63("time");
        String coinbase = t.text("coinbase");
        String snapshot = extra.text("mempoolSnapshotId");
        String templateId = extra.text("templateId");
        try {
            return new HeaderTemplate(chainId, height, parentHash, stateRoot, txsRoot, proofsRoot, daRoot,
                    new HeaderTemplate.Params(thetaMicro, gammaCapMicro, escortQMicro),
                    new HeaderTemplate.PolicyRoots(poiesPolicy, algPolicy),
                    new HeaderTemplate.NonceDomain(mixSeed, uDomainTag),
                    time, coinbase, new HeaderTemplate.Extra(snapshot, templateId));
        } catch (SchemaException e) {
            throw JsonFields.under(path, e);
        }
    }

    static ObjectNode write(HeaderTemplate template) {
        JsonNodeFactory f = PoiesJson.NODES;
        ObjectNode out = f.objectNode();
        out.put("chainId", template.chainId());
        out.put("height", template.height());
        out.put("parentHash", template.parentHash().toString());
        out.put("stateRoot", template.stateRoot().toString());
        out.put("txsRoot", template.txsRoot().toString());
        out.put("proofsRoot", template.proofsRoot().toString());
        out.put("daRoot", template.daRoot().toString());
        ObjectNode params = out.putObject("params");
        params.put("thetaMicro", template.params().thetaMicro());
        params.put("gammaCap", decimal(template.params().gammaCapMicro()));
        params.put("escortQ", decimal(template.params().escortQMicro()));
        ObjectNode roots = out.putObject("policyRoots");
        roots.put("poiesPolicy", template.policyRoots().poiesPolicy().toString());
        roots.put("algPolicy", template.policyRoots().algPolicy().toString());
        ObjectNode domain = out.putObject("nonceDomain");
        domain.put("mixSeed", template.mixSeed().toString());
        domain.put("uDomainTag", template.nonceDomain().uDomainTag());
        out.put("time", template.time());
        out.put("coinbase", template.coinbase());
        ObjectNode extra = out.putObject("extra");
        extra.put("mempoolSnapshotId", template.extra().mempoolSnapshotId());
        extra.put("templateId", template.templateId());
        return out;
    }

    /** Millionths as the shortest exact decimal: 2,500,000 is 2.5, 3,000,000 is 3. */
    private static BigDecimal decimal(long micro) {
        BigDecimal value = BigDecimal.valueOf(micro, 6).stripTrailingZeros();
        return value.scale() < 0 ? value.setScale(0) : value;
    }
}

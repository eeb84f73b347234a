package io.quarry.subnet.metagraph;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.api.json.StrictJson;
import io.quarry.subnet.crypto.Ss58;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Reads a metagraph snapshot as a metagraph sync exports it: {@code {"netuid": N, "block": N, "neurons":
 * [{"uid": N, "hotkey": "<ss58>", "coldkey": "<ss58>", "stake": <TAO>, "validator_permit": bool,
 * "incentive": x?, "emission": x?}]}}. Hotkeys must be valid SS58 addresses.
 */
public final class MetagraphJson {

    /** Larger files are refused (a subnet has at most a few thousand neurons). */
    public static final int MAX_BYTES = 32 * 1024 * 1024;
    /** More neurons than any subnet holds are refused. */
    public static final int MAX_NEURONS = 65_536;
    /** Neurons sit at depth 3; a duplicate key (two "stake"s for one neuron) is refused. */
    private static final StrictJson JSON = StrictJson.builder().maxDepth(16).maxDocumentBytes(MAX_BYTES).build();

    private MetagraphJson() {
    }

    /**
     * Parses a snapshot.
     *
     * @throws MetagraphException saying which neuron and field is wrong
     */
    public static Metagraph parse(byte[] json) {
        if (json.length > MAX_BYTES) {
            throw new MetagraphException("metagraph snapshot is " + json.length + " bytes, more than " + MAX_BYTES);
        }
        JsonNode root;
        try {
            root = JSON.read(json);
        } catch (JacksonException e) {
            // The operator's own file: Jackson's message (which names a duplicate key) helps fix it.
            throw new MetagraphException("metagraph snapshot is " + StrictJson.describe(e) + ": "
                    + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MetagraphException("metagraph snapshot must be a JSON object");
        }
        JsonNode neurons = root.get("neurons");
        if (neurons == null || !neurons.isArray()) {
            throw new MetagraphException("metagraph snapshot has no \"neurons\" array");
        }
        if (neurons.size() > MAX_NEURONS) {
            throw new MetagraphException("metagraph snapshot has " + neurons.size() + " neurons, more than "
                    + MAX_NEURONS);
        }
        List<Neuron> out = new ArrayList<>(neurons.size());
        for (int i = 0; i < neurons.size(); i++) {
            out.add(neuron(neurons.get(i), i));
        }
        return new Metagraph((int) integer(root, "netuid", "snapshot", 0, 65535), integer(root, "block", "snapshot",
                0, Long.MAX_VALUE), out);
    }

    private static Neuron neuron(JsonNode n, int index) {
        String where = "neurons[" + index + "]";
        if (!n.isObject()) {
            throw new MetagraphException(where + " must be an object");
        }
        int uid = (int) integer(n, "uid", where, 0, 65535);
        String hotkey = address(n, "hotkey", where);
        String coldkey = address(n, "coldkey", where);
        JsonNode stake = n.get("stake");
        if (stake == null || !stake.isNumber() || !Double.isFinite(stake.asDouble()) || stake.asDouble() < 0) {
            throw new MetagraphException(where + ".stake must be a number >= 0");
        }
        JsonNode permit = n.get("validator_permit");
        if (permit == null || !permit.isBoolean()) {
            throw new MetagraphException(where + ".validator_permit must be true or false");
        }
        return new Neuron(uid, hotkey, coldkey, stake.asDouble(), permit.asBoolean(), optional(n, "incentive", where),
                optional(n, "emission", where));
    }

    private static long integer(JsonNode node, String field, String where, long min, long max) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()
                || value.asLong() < min || value.asLong() > max) {
            throw new MetagraphException(where + "." + field + " must be an integer in " + min + ".." + max);
        }
        return value.asLong();
    }

    private static String address(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new MetagraphException(where + "." + field + " must be an SS58 address");
        }
        try {
            Ss58.decode(value.asText());
        } catch (IllegalArgumentException e) {
            throw new MetagraphException(where + "." + field + " is not a valid SS58 address: " + e.getMessage());
        }
        return value.asText();
    }

    private static OptionalDouble optional(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return OptionalDouble.empty();
        }
        if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
            throw new MetagraphException(where + "." + field + " must be a number");
        }
        return OptionalDouble.of(value.asDouble());
    }
}

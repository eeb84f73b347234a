package io.quarry.poies.policy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.api.json.StrictJson;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.SchemaException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a policy file: strict JSON (no comments, no duplicate or unknown keys, nothing after the document),
 * at most {@link #MAX_FILE_BYTES}. Amounts in nats and ratios are JSON numbers with at most six decimal places
 * and are converted exactly to micro units; see {@code docs/poies-proofs.md} for the format. Every error is a
 * {@link PolicyException} naming the file and the key.
 */
public final class PolicyLoader {

    /** The most bytes a policy file may have. */
    public static final int MAX_FILE_BYTES = 64 * 1024;
    /** Classpath resource of the built-in dev-chain policy. */
    public static final String DEV_POLICY_RESOURCE = "dev-policy.json";

    private static final int MAX_LABEL_CHARS = 64;
    private static final Set<String> ROOT_KEYS = Set.of("version", "gammaCap", "caps", "escortQ", "minTrapRatio",
            "minTraps", "minProofPsi", "maxProofs", "anchorWindow", "providers");
    private static final Set<String> PROVIDER_KEYS = Set.of("name", "publicKey", "ref", "kinds");

    private static final StrictJson JSON = StrictJson.builder()
            .maxDocumentBytes(MAX_FILE_BYTES)
            .exactDecimals(true)
            .build();

    private PolicyLoader() {
    }

    /**
     * Loads the policy file at {@code file}.
     *
     * @param resolver resolves {@code "ref"} provider entries to keys
     * @throws PolicyException naming the file and key when it cannot be read or is invalid
     */
    public static Policy load(Path file, ProviderKeyResolver resolver) {
        Objects.requireNonNull(file, "file");
        String source = file.toString();
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new PolicyException(source + ": is " + size + " bytes, more than the " + MAX_FILE_BYTES
                        + " a policy file may have");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new PolicyException(source + ": no such file; point the node at an existing policy file or"
                    + " leave the setting empty to use the built-in dev policy", e);
        } catch (IOException e) {
            throw new PolicyException(source + ": cannot be read: " + e.getMessage(), e);
        }
        return parse(source, bytes, resolver);
    }

    /**
     * The built-in dev-chain policy; it allowlists this node's dev provider by the reference
     * {@link ProviderKeyResolver#LOCAL_DEV_PROVIDER}, which {@code resolver} must know.
     */
    public static Policy devPolicy(ProviderKeyResolver resolver) {
        try (InputStream in = PolicyLoader.class.getResourceAsStream(DEV_POLICY_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the plugin jar lacks its resource " + DEV_POLICY_RESOURCE);
            }
            return parse(DEV_POLICY_RESOURCE, in.readNBytes(MAX_FILE_BYTES + 1), resolver);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the resource " + DEV_POLICY_RESOURCE, e);
        }
    }

    /**
     * Parses policy JSON.
     *
     * @param source the file name for messages
     * @throws PolicyException naming {@code source} and the key when the document is invalid
     */
    public static Policy parse(String source, byte[] json, ProviderKeyResolver resolver) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(resolver, "resolver");
        if (json.length > MAX_FILE_BYTES) {
            throw new PolicyException(source + ": is " + json.length + " bytes, more than the " + MAX_FILE_BYTES
                    + " a policy file may have");
        }
        JsonNode root;
        try {
            root = JSON.read(json);
        } catch (JacksonException e) {
            throw new PolicyException(source + where(e.getLocation()) + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        try {
            return read(root, resolver);
        } catch (IllegalArgumentException | SchemaException e) {
            throw new PolicyException(source + ": " + e.getMessage(), e);
        }
    }

    private static Policy read(JsonNode root, ProviderKeyResolver resolver) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("(document): expected a JSON object, found " + describe(root));
        }
        onlyKeys(root, ROOT_KEYS, "");
        int version = integer(required(root, "version", ""), "version");
        long gamma = micro(required(root, "gammaCap", ""), "gammaCap");
        JsonNode capsNode = required(root, "caps", "");
        if (!capsNode.isObject()) {
            throw new IllegalArgumentException("caps: expected an object, found " + describe(capsNode));
        }
        Map<ProofType, Long> caps = new EnumMap<>(ProofType.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = capsNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            ProofType type = ProofType.fromKey(field.getKey()).orElseThrow(() -> new IllegalArgumentException(
                    "caps." + field.getKey() + ": unknown proof type; the types are " + typeKeys()));
            caps.put(type, micro(field.getValue(), "caps." + field.getKey()));
        }
        long escortQ = micro(required(root, "escortQ", ""), "escortQ");
        long minTrapRatio = micro(required(root, "minTrapRatio", ""), "minTrapRatio");
        int minTraps = integer(required(root, "minTraps", ""), "minTraps");
        long minProofPsi = micro(required(root, "minProofPsi", ""), "minProofPsi");
        int maxProofs = integer(required(root, "maxProofs", ""), "maxProofs");
        int anchorWindow = integer(required(root, "anchorWindow", ""), "anchorWindow");
        List<Provider> providers = providers(required(root, "providers", ""), resolver);
        return new Policy(version, gamma, caps, escortQ, minTrapRatio, minTraps, minProofPsi, maxProofs,
                anchorWindow, providers);
    }

    private static List<Provider> providers(JsonNode node, ProviderKeyResolver resolver) {
        if (!node.isArray()) {
            throw new IllegalArgumentException("providers: expected an array, found " + describe(node));
        }
        if (node.size() > Policy.MAX_PROVIDERS) {
            throw new IllegalArgumentException("providers: at most " + Policy.MAX_PROVIDERS + " entries, was "
                    + node.size());
        }
        List<Provider> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "providers[" + i + "]";
            JsonNode entry = node.get(i);
            if (!entry.isObject()) {
                throw new IllegalArgumentException(path + ": expected an object, found " + describe(entry));
            }
            onlyKeys(entry, PROVIDER_KEYS, path + ".");
            String name = label(required(entry, "name", path + "."), path + ".name");
            JsonNode keyNode = entry.get("publicKey");
            JsonNode refNode = entry.get("ref");
            if ((keyNode == null) == (refNode == null)) {
                throw new IllegalArgumentException(path + ": give exactly one of publicKey (0x-hex Ed25519 key)"
                        + " or ref (a key this node knows, such as \"" + ProviderKeyResolver.LOCAL_DEV_PROVIDER + "\")");
            }
            Bytes key;
            if (keyNode != null) {
                key = Bytes.parseHex(text(keyNode, path + ".publicKey"), Provider.KEY_LENGTH, path + ".publicKey");
            } else {
                String ref = label(refNode, path + ".ref");
                Optional<Bytes> resolved = resolver.resolve(ref);
                key = resolved.orElseThrow(() -> new IllegalArgumentException(path + ".ref: \"" + ref
                        + "\" is not known on this node (known: " + new TreeSet<>(resolver.known()) + ")"));
            }
            out.add(new Provider(name, key, kinds(required(entry, "kinds", path + "."), path + ".kinds")));
        }
        return out;
    }

    private static Set<ProofType> kinds(JsonNode node, String path) {
        if (!node.isArray() || node.isEmpty()) {
            throw new IllegalArgumentException(path + ": expected a non-empty array of \"ai\" and/or \"quantum\", found "
                    + describe(node));
        }
        Set<ProofType> kinds = EnumSet.noneOf(ProofType.class);
        for (int i = 0; i < node.size(); i++) {
            String at = path + "[" + i + "]";
            String key = text(node.get(i), at);
            ProofType type = ProofType.fromKey(key).filter(ProofType::attested).orElseThrow(() ->
                    new IllegalArgumentException(at + ": expected \"ai\" or \"quantum\", found \"" + key + "\""));
            if (!kinds.add(type)) {
                throw new IllegalArgumentException(at + ": \"" + key + "\" is listed twice");
            }
        }
        return kinds;
    }

    private static void onlyKeys(JsonNode object, Set<String> allowed, String prefix) {
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException(prefix + key + ": unknown key; the keys here are " + new TreeSet<>(allowed));
            }
        }
    }

    private static JsonNode required(JsonNode object, String key, String prefix) {
        JsonNode value = object.get(key);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(prefix + key + ": is missing");
        }
        return value;
    }

    private static long micro(JsonNode node, String path) {
        if (!node.isNumber()) {
            throw new IllegalArgumentException(path + ": expected a number, found " + describe(node));
        }
        BigDecimal value = node.decimalValue();
        if (value.signum() < 0) {
            throw new IllegalArgumentException(path + ": must be >= 0, was " + MicroDecimal.describe(value));
        }
        try {
            return MicroDecimal.toMicro(value);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage() + ", was " + MicroDecimal.describe(value));
        }
    }

    private static int integer(JsonNode node, String path) {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new IllegalArgumentException(path + ": expected an integer, found " + describe(node));
        }
        return node.intValue();
    }

    private static String text(JsonNode node, String path) {
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException(path + ": expected a string, found " + describe(node));
        }
        return node.textValue();
    }

    private static String label(JsonNode node, String path) {
        String text = text(node, path);
        if (text.isBlank() || text.length() > MAX_LABEL_CHARS || text.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(path + ": expected 1.." + MAX_LABEL_CHARS
                    + " printable characters, found " + text.length() + " characters");
        }
        return text;
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> node.isIntegralNumber() ? "an integer" : "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> node.getNodeType().toString().toLowerCase(Locale.ROOT);
        };
    }

    private static String typeKeys() {
        List<String> keys = new ArrayList<>();
        for (ProofType type : ProofType.values()) {
            keys.add(type.key());
        }
        return keys.toString();
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " line " + location.getLineNr() + " column " + location.getColumnNr();
    }
}

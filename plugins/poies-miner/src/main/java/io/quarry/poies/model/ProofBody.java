package io.quarry.poies.model;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code body} of a proof envelope ({@code docs/poies-canonical-header.md} section 6): an immutable JSON object
 * whose values are strings, integers, booleans, arrays and objects. Decimal numbers and nulls are refused: anything a
 * body carries into consensus is an integer (fixed-point where needed) or a string, so its {@link #canonicalBytes()
 * canonical bytes} are exact. Integers are held as {@code Long}, or {@code BigInteger} beyond the long range (at most
 * 256 bits); nested objects as unmodifiable maps in the order they were given.
 *
 * <p>Typed getters throw {@link SchemaException} naming the member ({@code body.nonce: expected a string}), so a
 * proof kind reads its fields and gets precise errors for free. Equality is JSON equality (member order does
 * not matter).
 */
public final class ProofBody {

    /** Deepest nesting of arrays and objects below the body itself. */
    public static final int MAX_DEPTH = 8;
    /** Most values (of any kind, at any depth) in one body. */
    public static final int MAX_VALUES = 4096;
    /** Longest string value or key, in characters. */
    public static final int MAX_STRING_LENGTH = 16_384;
    /** Longest key, in characters. */
    public static final int MAX_KEY_LENGTH = 64;
    /** Widest integer, in bits (two's complement, sign included). */
    public static final int MAX_INTEGER_BITS = 256;
    /** Largest canonical encoding of a body, in bytes. */
    public static final int MAX_CANONICAL_BYTES = 64 * 1024;

    private static final ProofBody EMPTY = new ProofBody(Map.of(), "body");

    private final Map<String, Object> members;
    private final String path;
    private final byte[] canonical;

    private ProofBody(Map<String, Object> members, String path) {
        this.members = members;
        this.path = path;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CanonicalValue.writeObject(members, out);
        if (out.size() > MAX_CANONICAL_BYTES) {
            throw new SchemaException(path + ": encodes to " + out.size() + " bytes, at most "
                    + MAX_CANONICAL_BYTES + " are allowed");
        }
        this.canonical = out.toByteArray();
    }

    /** The empty object. */
    public static ProofBody empty() {
        return EMPTY;
    }

    /**
     * A body holding a normalised copy of {@code members}.
     *
     * @throws SchemaException when a value is not allowed or a limit is exceeded; the message names the member
     */
    public static ProofBody of(Map<String, ?> members) {
        return of(members, "body");
    }

    /** As {@link #of(Map)}, naming members from {@code path} ({@code proofs[2].body}) in messages. */
    static ProofBody of(Map<String, ?> members, String path) {
        Objects.requireNonNull(members, "members");
        int[] budget = {MAX_VALUES};
        return new ProofBody(normaliseObject(members, path, 0, budget), "body");
    }

    /** A builder that keeps the order of {@link Builder#put} calls. */
    public static Builder builder() {
        return new Builder();
    }

    /** The member names, in order. */
    public Set<String> keys() {
        return members.keySet();
    }

    /** Whether the body has member {@code key}. */
    public boolean has(String key) {
        return members.containsKey(key);
    }

    /** The members as an unmodifiable map (values as described in the class comment). */
    public Map<String, Object> asMap() {
        return members;
    }

    /** Refuses any member outside {@code allowed} and requires every one in {@code required}. */
    public void requireKeys(Set<String> required, Set<String> allowed) {
        for (String key : members.keySet()) {
            if (!allowed.contains(key)) {
                throw new SchemaException(path + "." + key + ": unknown member (expected " + new TreeSet<>(allowed)
                        + ")");
            }
        }
        for (String key : required) {
            if (!members.containsKey(key)) {
                throw new SchemaException(path + "." + key + ": missing");
            }
        }
    }

    /** Requires exactly the members in {@code keys}. */
    public void requireExactly(Set<String> keys) {
        requireKeys(keys, keys);
    }

    /** String member {@code key}. */
    public String string(String key) {
        return member(key, String.class, "a string");
    }

    /** Integer member {@code key}, which must fit in a long. */
    public long integer(String key) {
        Object value = require(key);
        if (value instanceof Long l) {
            return l;
        }
        throw mistyped(key, value instanceof BigInteger ? "an integer within 64 bits" : "an integer", value);
    }

    /** Integer member {@code key} of any allowed width. */
    public BigInteger bigInteger(String key) {
        Object value = require(key);
        if (value instanceof Long l) {
            return BigInteger.valueOf(l);
        }
        if (value instanceof BigInteger i) {
            return i;
        }
        throw mistyped(key, "an integer", value);
    }

    /** Boolean member {@code key}. */
    public boolean bool(String key) {
        return member(key, Boolean.class, "a boolean");
    }

    /** Hex string member {@code key} of exactly {@code length} bytes. */
    public Bytes hex(String key, int length) {
        return Bytes.parseHex(string(key), length, path + "." + key);
    }

    /** Hex string member {@code key} of {@code minLength..maxLength} bytes. */
    public Bytes hex(String key, int minLength, int maxLength) {
        return Bytes.parseHex(string(key), minLength, maxLength, path + "." + key);
    }

    /** Object member {@code key}. */
    @SuppressWarnings("unchecked")
    public ProofBody object(String key) {
        return new ProofBody(member(key, Map.class, "an object"), path + "." + key);
    }

    /** Array member {@code key} (elements as described in the class comment). */
    @SuppressWarnings("unchecked")
    public List<Object> list(String key) {
        return member(key, List.class, "an array");
    }

    /** The canonical encoding (an object, tag {@code 05}); see docs/poies-canonical-header.md. */
    public byte[] canonicalBytes() {
        return canonical.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ProofBody that && members.equals(that.members);
    }

    @Override
    public int hashCode() {
        return members.hashCode();
    }

    @Override
    public String toString() {
        return members.toString();
    }

    private <T> T member(String key, Class<T> type, String expected) {
        Object value = require(key);
        if (!type.isInstance(value)) {
            throw mistyped(key, expected, value);
        }
        return type.cast(value);
    }

    private Object require(String key) {
        Object value = members.get(key);
        if (value == null) {
            throw new SchemaException(path + "." + key + ": missing");
        }
        return value;
    }

    private SchemaException mistyped(String key, String expected, Object found) {
        return new SchemaException(path + "." + key + ": expected " + expected + ", found " + kind(found));
    }

    static String kind(Object value) {
        return switch (value) {
            case null -> "null";
            case String s -> "a string";
            case Boolean b -> "a boolean";
            case Long l -> "an integer";
            case BigInteger i -> "an integer beyond 64 bits";
            case List<?> l -> "an array";
            case Map<?, ?> m -> "an object";
            default -> "a " + value.getClass().getSimpleName();
        };
    }

    private static Map<String, Object> normaliseObject(Map<?, ?> members, String path, int depth, int[] budget) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> member : members.entrySet()) {
            if (!(member.getKey() instanceof String key)) {
                throw new SchemaException(path + ": member names must be strings");
            }
            if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !wellFormed(key)) {
                throw new SchemaException(path + ": member names must be 1.." + MAX_KEY_LENGTH
                        + " characters of well-formed Unicode: " + Bytes.preview(key));
            }
            out.put(key, normalise(member.getValue(), path + "." + key, depth, budget));
        }
        return Collections.unmodifiableMap(out);
    }

    private static Object normalise(Object value, String path, int depth, int[] budget) {
        if (--budget[0] < 0) {
            throw new SchemaException(path + ": a body holds at most " + MAX_VALUES + " values");
        }
        return switch (value) {
            case null -> throw new SchemaException(path + ": null is not allowed in a proof body");
            case String s -> {
                if (s.length() > MAX_STRING_LENGTH || !wellFormed(s)) {
                    throw new SchemaException(path + ": strings are at most " + MAX_STRING_LENGTH
                            + " characters of well-formed Unicode");
                }
                yield s;
            }
            case Boolean b -> b;
            case Long l -> l;
            case Integer i -> (long) i;
            case Short s -> (long) s;
            case Byte b -> (long) b;
            case BigInteger i -> {
                if (i.bitLength() + 1 > MAX_INTEGER_BITS) {
                    throw new SchemaException(path + ": integers are at most " + MAX_INTEGER_BITS + " bits");
                }
                yield i.bitLength() < 64 ? (Object) i.longValue() : i;
            }
            case Number n -> throw new SchemaException(path + ": decimal numbers are not allowed in a proof body"
                    + " (use an integer in fixed-point units, or a string)");
            case List<?> list -> {
                checkDepth(path, depth);
                List<Object> out = new ArrayList<>(list.size());
                for (int i = 0; i < list.size(); i++) {
                    out.add(normalise(list.get(i), path + "[" + i + "]", depth + 1, budget));
                }
                yield Collections.unmodifiableList(out);
            }
            case Map<?, ?> map -> {
                checkDepth(path, depth);
                yield normaliseObject(map, path, depth + 1, budget);
            }
            case ProofBody body -> {
                checkDepth(path, depth);
                yield normaliseObject(body.members, path, depth + 1, budget);
            }
            default -> throw new SchemaException(path + ": not a JSON value: " + value.getClass().getSimpleName());
        };
    }

    private static void checkDepth(String path, int depth) {
        if (depth >= MAX_DEPTH) {
            throw new SchemaException(path + ": nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    /** Whether every surrogate in {@code text} is part of a pair (so its UTF-8 encoding is lossless). */
    private static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Collects members in order; {@link #build()} normalises and checks them. */
    public static final class Builder {

        private final Map<String, Object> members = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds member {@code key} (a string, integer, boolean, list, map or {@link ProofBody}). */
        public Builder put(String key, Object value) {
            members.put(Objects.requireNonNull(key, "key"), value);
            return this;
        }

        /** Adds a {@code 0x}-hex string member. */
        public Builder putHex(String key, Bytes value) {
            return put(key, value.toString());
        }

        /** The body. */
        public ProofBody build() {
            return ProofBody.of(members);
        }
    }
}

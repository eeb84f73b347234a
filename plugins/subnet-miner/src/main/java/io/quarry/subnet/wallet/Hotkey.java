package io.quarry.subnet.wallet;

import io.quarry.subnet.crypto.Ed25519Keys;
import io.quarry.subnet.crypto.KeyType;
import io.quarry.subnet.crypto.Sr25519;
import io.quarry.subnet.crypto.Sr25519KeyPair;
import io.quarry.subnet.crypto.Ss58;
import java.security.SecureRandom;
import java.util.Objects;

/** A hotkey that can sign: its SS58 address and scheme; the secret seed never leaves this object. */
public final class Hotkey {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyType type;
    private final byte[] seed;
    private final byte[] publicKey;
    private final Sr25519KeyPair sr25519;

    private Hotkey(KeyType type, byte[] seed) {
        this.type = Objects.requireNonNull(type, "type");
        if (seed.length != 32) {
            throw new IllegalArgumentException("a hotkey seed is 32 bytes, got " + seed.length);
        }
        this.seed = seed.clone();
        this.sr25519 = type == KeyType.SR25519 ? Sr25519.fromSeed(seed) : null;
        this.publicKey = type == KeyType.SR25519 ? sr25519.publicKey() : Ed25519Keys.publicKey(seed);
    }

    /** The hotkey of a 32-byte secret seed. */
    public static Hotkey fromSeed(KeyType type, byte[] seed) {
        return new Hotkey(type, seed);
    }

    /** A new random sr25519 hotkey. */
    public static Hotkey generate() {
        byte[] seed = new byte[32];
        RANDOM.nextBytes(seed);
        return new Hotkey(KeyType.SR25519, seed);
    }

    public KeyType type() {
        return type;
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The SS58 address (generic Substrate prefix 42, as Bittensor uses). */
    public String ss58() {
        return Ss58.encode(publicKey);
    }

    /** Signs {@code message} (sr25519 in the "substrate" context, or Ed25519). */
    public byte[] sign(byte[] message) {
        return type == KeyType.SR25519 ? Sr25519.sign(sr25519, message, RANDOM) : Ed25519Keys.sign(seed, message);
    }

    /** The secret seed, for writing the wallet file only. */
    byte[] secretSeed() {
        return seed.clone();
    }

    @Override
    public String toString() {
        return "Hotkey[" + type.name().toLowerCase(java.util.Locale.ROOT) + " " + ss58() + "]";
    }
}

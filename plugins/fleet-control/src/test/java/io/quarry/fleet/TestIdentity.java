package io.quarry.fleet;

import io.quarry.api.identity.Identity;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.HexFormat;

/** A throwaway Ed25519 identity for tests that sign commands without a node. */
public final class TestIdentity implements Identity {

    private final KeyPair keys;
    private final byte[] raw;

    public TestIdentity() {
        try {
            keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        byte[] spki = keys.getPublic().getEncoded();
        raw = java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    }

    @Override
    public String nodeId() {
        return HexFormat.of().formatHex(raw);
    }

    @Override
    public byte[] publicKey() {
        return raw.clone();
    }

    @Override
    public byte[] sign(byte[] message) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(keys.getPrivate());
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.quarry.api.jsonrpc;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS for a line server: a PEM certificate chain and private key, or a self-signed certificate made when the
 * server starts (miners such as XMRig accept those when told to, or pin the fingerprint the server logs).
 *
 * @param certificateChain PEM file with the server certificate first; null for self-signed
 * @param privateKey PEM file with the PKCS#8 (or PKCS#1 / SEC1) private key; null for self-signed
 */
public record JsonRpcServerTls(Path certificateChain, Path privateKey) {

    public JsonRpcServerTls {
        if ((certificateChain == null) != (privateKey == null)) {
            throw new IllegalArgumentException("TLS needs both a certificate chain and a private key, or neither"
                    + " (self-signed); got certificate=" + certificateChain + ", key=" + privateKey);
        }
    }

    /** A self-signed certificate generated at start (EC P-256, valid for a year, CN = the server name). */
    public static JsonRpcServerTls selfSigned() {
        return new JsonRpcServerTls(null, null);
    }

    /** Certificate chain and key from PEM files. */
    public static JsonRpcServerTls pem(Path certificateChain, Path privateKey) {
        return new JsonRpcServerTls(Objects.requireNonNull(certificateChain, "certificateChain"),
                Objects.requireNonNull(privateKey, "privateKey"));
    }

    /** Whether the certificate is generated at start. */
    public boolean isSelfSigned() {
        return certificateChain == null;
    }

    /** The certificate chain file, when configured. */
    public Optional<Path> certificateFile() {
        return Optional.ofNullable(certificateChain);
    }
}

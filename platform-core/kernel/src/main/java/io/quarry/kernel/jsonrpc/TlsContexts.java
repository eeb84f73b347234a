package io.quarry.kernel.jsonrpc;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.quarry.api.jsonrpc.JsonRpcServerTls;
import io.quarry.api.jsonrpc.JsonRpcTransportException;
import io.quarry.api.jsonrpc.JsonRpcTransportException.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the TLS contexts of line servers and clients (JDK provider; TLS 1.2 and 1.3, as XMRig speaks both). */
final class TlsContexts {

    private static final Logger LOG = LoggerFactory.getLogger(TlsContexts.class);
    /** TLS 1.2 stays: older miners and pools do not speak 1.3. */
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsContexts() {
    }

    /** The server context: PEM files, or a certificate generated now whose fingerprint is logged. */
    static SslContext server(String serverName, JsonRpcServerTls tls) {
        try {
            if (tls.isSelfSigned()) {
                SelfSignedCertificates.Generated generated = SelfSignedCertificates.generate(serverName);
                // Operators hand this to miners that pin certificates (XMRig: "tls-fingerprint").
                LOG.info("JSON-RPC server {} uses a self-signed TLS certificate, SHA-256 fingerprint {}", serverName,
                        generated.fingerprint());
                return SslContextBuilder.forServer(generated.keys().getPrivate(), generated.certificate())
                        .protocols(PROTOCOLS).build();
            }
            for (Path file : List.of(tls.certificateChain(), tls.privateKey())) {
                if (!Files.isReadable(file)) {
                    throw new JsonRpcTransportException(Kind.BIND_FAILED, "JSON-RPC server " + serverName
                            + ": TLS file " + file.toAbsolutePath() + " does not exist or is not readable; fix the"
                            + " path or use a self-signed certificate");
                }
            }
            return SslContextBuilder.forServer(tls.certificateChain().toFile(), tls.privateKey().toFile())
                    .protocols(PROTOCOLS).build();
        } catch (SSLException | GeneralSecurityException | IllegalArgumentException e) {
            throw new JsonRpcTransportException(Kind.BIND_FAILED, "JSON-RPC server " + serverName
                    + ": cannot set up TLS from " + tls.certificateChain() + " and " + tls.privateKey() + ": "
                    + e.getMessage() + "; the files must be a PEM certificate chain and a PEM private key", e);
        }
    }

    /**
     * The client context. Trusting everything is for pools with self-signed certificates; otherwise the JDK's
     * trust store applies, with host name verification.
     */
    static SslContext client(boolean trustAll) {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient().protocols(PROTOCOLS);
            if (trustAll) {
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
            } else {
                builder.endpointIdentificationAlgorithm("HTTPS");
            }
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up client TLS: " + e.getMessage(), e);
        }
    }
}

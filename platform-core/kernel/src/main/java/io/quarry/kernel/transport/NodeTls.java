package io.quarry.kernel.transport;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import io.quarry.api.transport.TransportException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's TLS setup: TLS 1.3 only, the node's certificate (a fresh P-256 key bound to its Ed25519 identity,
 * see {@link NodeCertificate}) on both sides, peers trusted by key ({@link NodeTrustManager}). Engines come
 * from BoringSSL (netty-tcnative) or the JDK, per {@link TlsProvider}; either way the handshake, the
 * certificates and the checks are the same. Engines are made per connection.
 */
public final class NodeTls {

    private static final Logger LOG = LoggerFactory.getLogger(NodeTls.class);
    private static final String TLS13 = "TLSv1.3";
    private static final String[] PROTOCOLS = {TLS13};
    private static final char[] NO_PASSWORD = new char[0];

    private final SSLContext jdk;
    private final NodeTrustManager trust;
    private final TlsProvider provider;
    /** BoringSSL contexts, or null when the JDK engine is used. */
    private final SslContext openSslServer;
    private final SslContext openSslClient;
    private final AtomicBoolean released = new AtomicBoolean();

    private NodeTls(SSLContext jdk, NodeTrustManager trust, SslContext openSslServer, SslContext openSslClient) {
        this.jdk = jdk;
        this.trust = trust;
        this.openSslServer = openSslServer;
        this.openSslClient = openSslClient;
        this.provider = openSslServer == null ? TlsProvider.JDK : TlsProvider.OPENSSL;
    }

    /** TLS for the node holding {@code keys} with the provider {@link TlsProvider#AUTO} picks. */
    public static NodeTls create(KeyPair keys, String nodeId) {
        return create(keys, nodeId, TlsProvider.AUTO);
    }

    /**
     * TLS for the node holding {@code keys} (Ed25519, JDK provider), whose id is {@code nodeId}.
     *
     * @throws TransportException when the key does not match the id, or {@link TlsProvider#OPENSSL} was asked
     *     for and BoringSSL cannot load here (the message says why and what to set instead)
     */
    public static NodeTls create(KeyPair keys, String nodeId, TlsProvider requested) {
        Objects.requireNonNull(requested, "requested");
        NodeCertificate certificate = NodeCertificate.create(keys, nodeId);
        NodeTrustManager trust = new NodeTrustManager();
        SSLContext jdk = jdkContext(certificate, trust);
        boolean openSsl = switch (requested) {
            case JDK -> false;
            case OPENSSL -> {
                if (!OpenSsl.isAvailable()) {
                    throw new TransportException("transport.tls_provider = \"openssl\" but BoringSSL (netty-tcnative) "
                            + "cannot load on this platform (" + OpenSsl.unavailabilityCause()
                            + "); set tls_provider = \"auto\" or \"jdk\"");
                }
                yield true;
            }
            case AUTO -> {
                if (!OpenSsl.isAvailable()) {
                    // The library is unpacked into java.io.tmpdir first: a noexec /tmp is the usual cause.
                    LOG.info("transport TLS uses the JDK engine: BoringSSL (netty-tcnative) cannot load here ({}); "
                            + "node-to-node throughput is lower. If the temp directory is mounted noexec, "
                            + "JAVA_OPTS=-Dio.netty.native.workdir=<an exec-allowed dir> fixes it",
                            String.valueOf(OpenSsl.unavailabilityCause()));
                }
                yield OpenSsl.isAvailable();
            }
        };
        if (!openSsl) {
            return new NodeTls(jdk, trust, null, null);
        }
        SslContext server = null;
        try {
            server = openSslServer(certificate, trust);
            return new NodeTls(jdk, trust, server, openSslClient(certificate, trust));
        } catch (SSLException | RuntimeException e) {
            ReferenceCountUtil.release(server); // null-safe: when the client context failed, the server's goes
            if (requested == TlsProvider.OPENSSL) {
                throw new TransportException("cannot set up TLS 1.3 in BoringSSL with the node's key: "
                        + e.getMessage() + "; tls_provider = \"jdk\" avoids BoringSSL", e);
            }
            LOG.warn("transport TLS falls back to the JDK engine: BoringSSL loaded but refused the node's key or "
                    + "settings ({})", e.toString());
            return new NodeTls(jdk, trust, null, null);
        }
    }

    private static SslContext openSslServer(NodeCertificate certificate, NodeTrustManager trust) throws SSLException {
        return SslContextBuilder.forServer(certificate.tlsKey(), certificate.certificate())
                .sslProvider(SslProvider.OPENSSL).protocols(TLS13).clientAuth(ClientAuth.REQUIRE)
                .trustManager(trust).build();
    }

    private static SslContext openSslClient(NodeCertificate certificate, NodeTrustManager trust)
            throws SSLException {
        // No host name checks (peers are trusted by key) and no peer host on engines, so no resumption: every
        // handshake shows the server's certificate to the trust manager.
        return SslContextBuilder.forClient().keyManager(certificate.tlsKey(), certificate.certificate())
                .sslProvider(SslProvider.OPENSSL).protocols(TLS13).trustManager(trust)
                .endpointIdentificationAlgorithm(null).build();
    }

    private static SSLContext jdkContext(NodeCertificate certificate, NodeTrustManager trust) {
        try {
            // An in-memory key store is the JDK's way to hand its key manager a key and certificate.
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("node", certificate.tlsKey(), NO_PASSWORD, new Certificate[] {certificate.certificate()});
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(store, NO_PASSWORD);
            SSLContext context = SSLContext.getInstance(TLS13);
            context.init(keyManagers.getKeyManagers(), new NodeTrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new TransportException("cannot set up TLS 1.3 with the node's key: " + e.getMessage(), e);
        }
    }

    /**
     * Frees BoringSSL's native contexts (engines made from them hold their own reference, so connections still
     * open finish normally). Harmless to repeat; the JDK engine holds nothing native.
     */
    public void close() {
        if (openSslServer != null && released.compareAndSet(false, true)) {
            ReferenceCountUtil.release(openSslServer);
            ReferenceCountUtil.release(openSslClient);
        }
    }

    /** The engine in use: {@link TlsProvider#OPENSSL} or {@link TlsProvider#JDK}, never AUTO. */
    public TlsProvider provider() {
        return provider;
    }

    /**
     * The JDK context, for plain-socket tools (the benchmark's baseline, tests playing a raw peer): sockets
     * check peers by key only; the transport's engines come from {@link #serverEngine} and
     * {@link #clientEngine}.
     */
    public SSLContext context() {
        return jdk;
    }

    /**
     * The TLS stage of an accepted connection. On BoringSSL the engine runs outside the JDK-compatible mode:
     * {@code SslHandler} hands it whole socket reads (every complete record in them) per call instead of one
     * record at a time, and the engine may emit several records per wrap. The JDK engine is driven as usual.
     */
    public SslHandler serverHandler(ByteBufAllocator alloc) {
        return openSslServer != null ? openSslServer.newHandler(alloc) : new SslHandler(serverEngine(alloc));
    }

    /** As {@link #serverHandler}, for a dial that must reach {@code expectation}'s node (see {@link #clientEngine}). */
    SslHandler clientHandler(DialExpectation expectation, ByteBufAllocator alloc) {
        if (openSslClient == null) {
            return new SslHandler(clientEngine(expectation, alloc));
        }
        SslHandler handler = openSslClient.newHandler(alloc);
        trust.expect(handler.engine(), expectation);
        return handler;
    }

    /** As {@link #clientHandler}, by node id and address, for tools outside this package (the benchmark). */
    public SslHandler clientHandler(String expectedNodeId, String hostPort, ByteBufAllocator alloc) {
        return clientHandler(new DialExpectation(expectedNodeId, hostPort), alloc);
    }

    /** An engine for an accepted connection: demands the client's certificate. */
    public SSLEngine serverEngine(ByteBufAllocator alloc) {
        if (openSslServer != null) {
            return openSslServer.newEngine(alloc);
        }
        SSLEngine engine = jdk.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(PROTOCOLS);
        parameters.setNeedClientAuth(true);
        engine.setSSLParameters(parameters);
        return engine;
    }

    /** An engine for a dial whose handshake fails unless the server proves to be {@code expectedNodeId}. */
    public SSLEngine clientEngine(String expectedNodeId, String hostPort, ByteBufAllocator alloc) {
        return clientEngine(new DialExpectation(expectedNodeId, hostPort), alloc);
    }

    /**
     * An engine for a dial that must reach {@code expectation}'s node. It is made without a peer host so
     * neither engine ever resumes a session: every handshake shows the peer's certificate to the trust manager.
     */
    SSLEngine clientEngine(DialExpectation expectation, ByteBufAllocator alloc) {
        SSLEngine engine;
        if (openSslClient != null) {
            engine = openSslClient.newEngine(alloc);
        } else {
            engine = jdk.createSSLEngine();
            engine.setUseClientMode(true);
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setProtocols(PROTOCOLS);
            engine.setSSLParameters(parameters);
        }
        trust.expect(engine, expectation);
        return engine;
    }
}

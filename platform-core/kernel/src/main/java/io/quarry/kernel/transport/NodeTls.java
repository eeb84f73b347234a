package io.quarry.kernel.transport;

import io.quarry.api.transport.TransportException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * The node's TLS setup: TLS 1.3 only, JDK provider, the node's self-signed Ed25519 certificate on both
 * sides, peers trusted by key ({@link NodeTrustManager}). Engines are made per connection.
 */
public final class NodeTls {

    private static final String[] PROTOCOLS = {"TLSv1.3"};
    private static final char[] NO_PASSWORD = new char[0];

    private final SSLContext context;
    private final NodeTrustManager trust;

    private NodeTls(SSLContext context, NodeTrustManager trust) {
        this.context = context;
        this.trust = trust;
    }

    /** TLS for the node holding {@code keys} (Ed25519, JDK provider), whose id is {@code nodeId}. */
    public static NodeTls create(KeyPair keys, String nodeId) {
        X509Certificate certificate = NodeCertificate.selfSigned(keys, nodeId);
        try {
            // An in-memory key store is the JDK's way to hand its key manager a key and certificate.
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("node", keys.getPrivate(), NO_PASSWORD, new Certificate[] {certificate});
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(store, NO_PASSWORD);
            NodeTrustManager trust = new NodeTrustManager();
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(keyManagers.getKeyManagers(), new NodeTrustManager[] {trust}, null);
            return new NodeTls(context, trust);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new TransportException("cannot set up TLS 1.3 with the node's Ed25519 key: " + e.getMessage(), e);
        }
    }

    /**
     * The JDK context, for plain-socket tools (the benchmark's baseline): sockets check peers by key only;
     * engines must come from {@link #serverEngine()} and {@link #clientEngine(String, String)}.
     */
    public SSLContext context() {
        return context;
    }

    /** An engine for an accepted connection: demands the client's certificate. */
    public SSLEngine serverEngine() {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(PROTOCOLS);
        parameters.setNeedClientAuth(true);
        engine.setSSLParameters(parameters);
        return engine;
    }

    /** An engine for a dial whose handshake fails unless the server proves to be {@code expectedNodeId}. */
    public SSLEngine clientEngine(String expectedNodeId, String hostPort) {
        return clientEngine(new DialExpectation(expectedNodeId, hostPort));
    }

    /**
     * An engine for a dial that must reach {@code expectation}'s node. It is made without a peer host so the
     * JDK never resumes a session: every handshake shows the peer's certificate to the trust manager.
     */
    SSLEngine clientEngine(DialExpectation expectation) {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(PROTOCOLS);
        engine.setSSLParameters(parameters);
        trust.expect(engine, expectation);
        return engine;
    }
}

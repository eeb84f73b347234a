package io.quarry.kernel.transport;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts peers by key. As a server it accepts any certificate whose identity binding verifies (see
 * {@link PeerCertificates}; the node id is derived from it afterwards); as a client it also requires the bound
 * identity key to be the node id the dial named, so a connection to the wrong node fails inside the handshake.
 */
final class NodeTrustManager extends X509ExtendedTrustManager {

    /** Which node each dialing engine expects; weak so an engine that never handshakes cannot leak. */
    private final Map<SSLEngine, DialExpectation> expectations = Collections.synchronizedMap(new WeakHashMap<>());

    /** Makes {@code engine}'s handshake fail unless the server proves {@code expectation.nodeId()}. */
    void expect(SSLEngine engine, DialExpectation expectation) {
        expectations.put(engine, expectation);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        String actual = PeerCertificates.nodeIdOf(chain);
        DialExpectation expectation = expectations.remove(engine);
        if (expectation == null) {
            throw new CertificateException("no expected node id was set for this connection");
        }
        expectation.check(actual);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        PeerCertificates.nodeIdOf(chain);
    }

    // Plain sockets (the benchmark's baseline) get the key checks without a node expectation.
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        PeerCertificates.nodeIdOf(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        PeerCertificates.nodeIdOf(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        PeerCertificates.nodeIdOf(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        PeerCertificates.nodeIdOf(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        // No CA list: every node's certificate is its own issuer.
        return new X509Certificate[0];
    }
}

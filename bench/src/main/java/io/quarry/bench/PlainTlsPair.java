package io.quarry.bench;

import io.quarry.kernel.transport.NodeTls;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The baseline: a JDK TLS 1.3 socket pair with the same node certificates, moving the same messages with
 * the least possible protocol (a 4-byte length, the bytes, a 4-byte acknowledgement), no framing library,
 * no serialization, no multiplexing.
 */
final class PlainTlsPair implements AutoCloseable {

    private final SSLServerSocket server;
    private final SSLSocket client;
    private final SSLSocket accepted;

    PlainTlsPair(NodeTls serverTls, NodeTls clientTls) throws IOException {
        server = (SSLServerSocket) serverTls.context().getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        server.setEnabledProtocols(new String[] {"TLSv1.3"});
        server.setNeedClientAuth(true);
        client = (SSLSocket) clientTls.context().getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        client.setEnabledProtocols(new String[] {"TLSv1.3"});
        client.setTcpNoDelay(true);
        accepted = (SSLSocket) server.accept();
        accepted.setTcpNoDelay(true);
        Thread handshake = Thread.ofPlatform().start(() -> {
            try {
                accepted.startHandshake();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        client.startHandshake();
        try {
            handshake.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends {@code count} messages of {@code payload} as fast as the pair allows (acknowledgements are read
     * by a separate thread, so sending never waits on them); returns the nanoseconds until the last ack.
     */
    long stream(byte[] payload, int count) throws Exception {
        Thread echo = Thread.ofPlatform().start(() -> serve(payload.length, count));
        DataInputStream acks = new DataInputStream(client.getInputStream());
        long start = System.nanoTime();
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                for (int i = 0; i < count; i++) {
                    acks.readInt();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        DataOutputStream out = new DataOutputStream(client.getOutputStream());
        for (int i = 0; i < count; i++) {
            out.writeInt(payload.length);
            out.write(payload);
        }
        out.flush();
        reader.join();
        long elapsed = System.nanoTime() - start;
        echo.join();
        return elapsed;
    }

    /** Sequential 8-byte ping-pongs for {@code nanos}; returns how many completed. */
    long pingPong(long nanos) throws Exception {
        long[] served = new long[1];
        Thread echo = Thread.ofPlatform().start(() -> {
            try {
                DataInputStream in = new DataInputStream(accepted.getInputStream());
                OutputStream out = accepted.getOutputStream();
                byte[] eight = new byte[8];
                while (true) {
                    in.readFully(eight);
                    if (eight[0] == -1) {
                        return;
                    }
                    out.write(eight);
                    out.flush();
                    served[0]++;
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        OutputStream out = client.getOutputStream();
        DataInputStream in = new DataInputStream(client.getInputStream());
        byte[] eight = new byte[8];
        long count = 0;
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            out.write(eight);
            out.flush();
            in.readFully(eight);
            count++;
        }
        eight[0] = -1;
        out.write(eight);
        out.flush();
        echo.join();
        return count;
    }

    private void serve(int size, int count) {
        try {
            DataInputStream in = new DataInputStream(accepted.getInputStream());
            DataOutputStream out = new DataOutputStream(accepted.getOutputStream());
            byte[] buffer = new byte[size];
            for (int i = 0; i < count; i++) {
                int length = in.readInt();
                in.readFully(buffer, 0, length);
                out.writeInt(length);
                out.flush();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
        accepted.close();
        server.close();
    }
}

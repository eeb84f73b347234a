package io.quarry.kernel.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A blocking line client for poking servers with exactly the bytes a test wants. */
final class LineSocket implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    LineSocket(InetSocketAddress address) throws IOException {
        socket = new Socket(address.getAddress(), address.getPort());
        socket.setSoTimeout(5000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    LineSocket send(String line) throws IOException {
        return sendRaw((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    LineSocket sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** The next line; fails after five seconds without one, null at end of stream. */
    String readLine() throws IOException {
        return in.readLine();
    }

    /** The next line as JSON. */
    JsonNode readJson() throws IOException {
        String line = readLine();
        if (line == null) {
            throw new IOException("connection closed while waiting for a line");
        }
        return JSON.readTree(line);
    }

    /** A request and its answer. */
    JsonNode call(String line) throws IOException {
        send(line);
        return readJson();
    }

    /** Whether the server closes the connection within {@code wait} (lines before the close are skipped). */
    boolean closedWithin(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                if (in.read() < 0) {
                    return true;
                }
            }
            return false;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

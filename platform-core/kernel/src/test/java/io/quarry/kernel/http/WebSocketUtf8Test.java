package io.quarry.kernel.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.api.http.Http.Access;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** RFC 6455 section 8.1: a text message that is not valid UTF-8 fails the connection with 1007. */
class WebSocketUtf8Test {

    private static byte[] maskedText(byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        frame.write(0x80 | payload.length);
        byte[] mask = {1, 2, 3, 4};
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        return frame.toByteArray();
    }

    /** Reads the 101 response head. */
    private static void upgraded(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("connection open").isNotNegative();
            head.append((char) b);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101");
    }

    /** The first frame's opcode byte and close status (-1 without one). */
    private static int[] firstFrame(InputStream in) throws Exception {
        DataInputStream data = new DataInputStream(in);
        int opcode = data.readUnsignedByte();
        int length = data.readUnsignedByte() & 0x7f;
        int status = length >= 2 ? data.readUnsignedShort() : -1;
        return new int[] {opcode, status};
    }

    @Test
    void anOverlongOrBrokenUtf8TextFrameClosesWith1007() throws Exception {
        for (byte[] bad : new byte[][] {{(byte) 0xC0, (byte) 0x80}, {'a', (byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}}) {
            WebSocketTest.Echo echo = new WebSocketTest.Echo();
            try (HttpServer server = TestHttp.server()) {
                server.websocket("/ws", Access.OPEN, request -> echo);
                server.start();
                try (Socket socket = new Socket("127.0.0.1", server.address().getPort())) {
                    socket.setSoTimeout(10_000);
                    OutputStream out = socket.getOutputStream();
                    out.write(("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    // A client sends frames once it has the 101 (RFC 6455 section 4.1).
                    upgraded(socket.getInputStream());
                    out.write(maskedText(bad));
                    out.flush();
                    int[] frame = firstFrame(socket.getInputStream());
                    assertThat(frame[0]).as("a close frame").isEqualTo(0x88);
                    assertThat(frame[1]).isEqualTo(1007);
                }
            }
        }
    }
}

package io.quarry.kernel.doctor;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * The clock offset against an NTP server, by one SNTP exchange (RFC 4330): offset = ((T2 - T1) + (T3 - T4)) / 2
 * with T1 our send time, T2 the server's receive time, T3 its transmit time and T4 our receive time.
 */
final class Sntp {

    /** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
    static final long EPOCH_OFFSET = 2_208_988_800L;

    private Sntp() {
    }

    /** Our clock minus the server's. */
    static Duration offset(InetSocketAddress server, Duration timeout) throws IOException {
        byte[] request = new byte[48];
        request[0] = 0x23; // leap 0, version 4, mode 3 (client)
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout((int) timeout.toMillis());
            long t1 = System.currentTimeMillis();
            socket.send(new DatagramPacket(request, request.length, server));
            byte[] reply = new byte[48];
            DatagramPacket packet = new DatagramPacket(reply, reply.length);
            socket.receive(packet);
            long t4 = System.currentTimeMillis();
            if (packet.getLength() < 48 || (reply[0] & 0x7) != 4) {
                throw new IOException("not an NTP server reply");
            }
            ByteBuffer in = ByteBuffer.wrap(reply);
            long t2 = millis(in.getLong(32));
            long t3 = millis(in.getLong(40));
            long serverAhead = ((t2 - t1) + (t3 - t4)) / 2;
            return Duration.ofMillis(-serverAhead);
        }
    }

    /** An NTP timestamp (32.32 fixed point seconds since 1900) as Unix milliseconds. */
    static long millis(long ntp) {
        long seconds = ntp >>> 32;
        long fraction = ntp & 0xFFFF_FFFFL;
        return (seconds - EPOCH_OFFSET) * 1000 + (fraction * 1000 >>> 32);
    }

    /** Unix milliseconds as an NTP timestamp. */
    static long ntp(long millis) {
        long seconds = Math.floorDiv(millis, 1000) + EPOCH_OFFSET;
        long fraction = (Math.floorMod(millis, 1000L) << 32) / 1000;
        return seconds << 32 | fraction;
    }
}

package io.quarry.randomx.cluster.discovery;

import io.quarry.randomx.cluster.ClusterRole;
import io.quarry.randomx.cluster.ClusterSecret;
import io.quarry.randomx.cluster.wire.NodeCapabilities;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The beacon's datagram layout (big-endian; see {@code docs/randomx-cluster-protocol.md}): magic {@code QRXB},
 * version 1, role, flags (huge pages, can hold the dataset, dataset_host, remote hashing), node id (32), counter (8), transport port (2), host length (1) and host, cores (2),
 * threads (2), free RAM MiB (4), hashrate (8, IEEE double), then an HMAC-SHA256 tag under the cluster secret over
 * everything before it. The tag is checked before any field is read.
 */
public final class BeaconCodec {

    /** Largest datagram read; anything longer is refused unread. */
    public static final int MAX_BYTES = 256;
    static final byte[] MAGIC = {'Q', 'R', 'X', 'B'};
    static final int VERSION = 1;
    private static final byte[] LABEL = "quarry/randomx-cluster/1/beacon".getBytes(StandardCharsets.US_ASCII);
    private static final int TAG = ClusterSecret.MAC_BYTES;
    private static final int MIN_BYTES = 4 + 1 + 1 + 1 + 32 + 8 + 2 + 1 + 2 + 2 + 4 + 8 + TAG;
    private static final int HUGE_PAGES = 1;
    private static final int CAN_HOLD = 2;
    private static final int DATASET_HOST = 4;
    private static final int REMOTE_HASHING = 8;

    private final ClusterSecret secret;

    public BeaconCodec(ClusterSecret secret) {
        this.secret = Objects.requireNonNull(secret, "secret");
    }

    /** The datagram for {@code beacon}, tagged with the secret. */
    public byte[] encode(Beacon beacon) {
        byte[] host = beacon.transportHost().getBytes(StandardCharsets.US_ASCII);
        NodeCapabilities caps = beacon.capabilities();
        ByteBuffer out = ByteBuffer.allocate(MIN_BYTES + host.length);
        out.put(MAGIC).put((byte) VERSION).put((byte) beacon.role().ordinal())
                .put((byte) ((caps.hugePages() ? HUGE_PAGES : 0) | (caps.canHoldDataset() ? CAN_HOLD : 0)
                        | (beacon.datasetHost() ? DATASET_HOST : 0) | (beacon.remoteHashing() ? REMOTE_HASHING : 0)))
                .put(HexFormat.of().parseHex(beacon.nodeId())).putLong(beacon.counter())
                .putShort((short) beacon.transportPort()).put((byte) host.length).put(host)
                .putShort((short) Math.min(caps.cores(), 0xFFFF)).putShort((short) Math.min(caps.threads(), 0xFFFF))
                .putInt((int) caps.freeRamMb()).putDouble(caps.hashrate());
        byte[] body = Arrays.copyOf(out.array(), out.position());
        out.put(secret.mac(LABEL, body));
        return out.array();
    }

    /**
     * Reads a datagram of {@code length} bytes.
     *
     * @throws BeaconException OVERSIZE, MALFORMED or FORGED
     */
    public Beacon decode(byte[] data, int length) {
        if (length > MAX_BYTES) {
            throw new BeaconException(BeaconException.Reason.OVERSIZE, "datagram of " + length + " bytes exceeds "
                    + MAX_BYTES);
        }
        if (length < MIN_BYTES || !Arrays.equals(data, 0, 4, MAGIC, 0, 4)) {
            throw new BeaconException(BeaconException.Reason.MALFORMED, "not a beacon (" + length + " bytes)");
        }
        byte[] body = Arrays.copyOf(data, length - TAG);
        byte[] tag = Arrays.copyOfRange(data, length - TAG, length);
        if (!MessageDigest.isEqual(secret.mac(LABEL, body), tag)) {
            throw new BeaconException(BeaconException.Reason.FORGED, "beacon tag does not verify under this "
                    + "cluster's secret");
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(body);
            in.position(4);
            int version = in.get() & 0xFF;
            if (version != VERSION) {
                throw new BeaconException(BeaconException.Reason.MALFORMED, "beacon version " + version);
            }
            int role = in.get() & 0xFF;
            if (role >= ClusterRole.values().length) {
                throw new BeaconException(BeaconException.Reason.MALFORMED, "beacon role " + role);
            }
            int flags = in.get() & 0xFF;
            byte[] id = new byte[32];
            in.get(id);
            long counter = in.getLong();
            int port = in.getShort() & 0xFFFF;
            int hostLength = in.get() & 0xFF;
            if (hostLength > Beacon.MAX_HOST_BYTES) {
                throw new BeaconException(BeaconException.Reason.MALFORMED, "host of " + hostLength + " bytes");
            }
            byte[] host = new byte[hostLength];
            in.get(host);
            int cores = in.getShort() & 0xFFFF;
            int threads = in.getShort() & 0xFFFF;
            long ram = in.getInt() & 0xFFFF_FFFFL;
            double hashrate = in.getDouble();
            if (in.hasRemaining()) {
                throw new BeaconException(BeaconException.Reason.MALFORMED, in.remaining() + " trailing bytes");
            }
            return new Beacon(HexFormat.of().formatHex(id), ClusterRole.values()[role],
                    new String(host, StandardCharsets.US_ASCII), port,
                    new NodeCapabilities(cores, threads, ram, (flags & HUGE_PAGES) != 0, (flags & CAN_HOLD) != 0,
                            hashrate), (flags & DATASET_HOST) != 0, counter, (flags & REMOTE_HASHING) != 0);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new BeaconException(BeaconException.Reason.MALFORMED, "beacon fields out of range: " + e.getMessage());
        }
    }
}

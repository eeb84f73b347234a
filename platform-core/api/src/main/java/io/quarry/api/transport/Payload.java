package io.quarry.api.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Objects;

/**
 * Bulk bytes in a protocol message, moved without copies: a record component of this type travels beside the
 * message's CBOR as a raw section. Use it instead of {@code byte[]} for large blobs (shards, chunks).
 *
 * <p><b>Sending.</b> {@link #wrap(byte[])} hands the transport the array itself: it is read while the message is
 * written, so the caller must not change it until the call's future completes ({@code byte[]} components, by
 * contrast, are copied before {@code request} returns). {@link #wrap(ByteBuffer)} does the same for a buffer,
 * such as a file mapped with {@code FileChannel.map}: a direct buffer goes to the TLS engine with no copy into
 * the Java heap at all.
 *
 * <p><b>Receiving.</b> A request or one-way handler gets a payload that views the received bytes where they
 * arrived (pooled transport buffers, no copy); it is valid until the handler returns. The transport then releases
 * it, and every method of it throws {@link IllegalStateException}; a handler that keeps the bytes takes
 * {@link #toByteArray()} or writes them out ({@link #writeTo(WritableByteChannel)}: to a file without a heap copy)
 * before returning. A payload in a response is the caller's own copy, valid for good.
 *
 * <p>Thread-safe: reads may run from several threads; a read that overlaps the release either completes or throws.
 * Payloads compare by identity.
 */
public abstract class Payload {

    /** For the transport's received payloads; applications use {@link #wrap(byte[])}. */
    protected Payload() {
    }

    /**
     * A payload of {@code bytes}, not copied: do not change the array until the call that sends it completes.
     */
    public static Payload wrap(byte[] bytes) {
        return new ArrayPayload(Objects.requireNonNull(bytes, "bytes"));
    }

    /**
     * A payload of {@code bytes}' remaining bytes (position to limit, as they are now; later moves of the
     * buffer's position or limit do not matter), not copied: do not change the contents until the call that
     * sends it completes.
     */
    public static Payload wrap(ByteBuffer bytes) {
        return new BufferPayload(Objects.requireNonNull(bytes, "bytes").slice().asReadOnlyBuffer());
    }

    /** Number of bytes. */
    public abstract int length();

    /**
     * Copies {@code length} bytes from {@code offset} into {@code target} at {@code targetOffset}.
     *
     * @throws IndexOutOfBoundsException when either range is out of bounds
     * @throws IllegalStateException when the payload was released (its handler returned)
     */
    public abstract void read(int offset, byte[] target, int targetOffset, int length);

    /**
     * Writes all the bytes to {@code channel} (a {@code FileChannel}, say; a blocking channel: one that accepts
     * nothing would be retried without end), straight from where they are.
     *
     * @return the number of bytes written, {@link #length()}
     * @throws IllegalStateException when the payload was released
     */
    public abstract long writeTo(WritableByteChannel channel) throws IOException;

    /**
     * The array this payload wraps, for a transport sending it without a copy; null for received payloads.
     */
    public abstract byte[] wrappedArray();

    /**
     * A read-only view of the buffer this payload wraps, for a transport sending it without a copy; null unless
     * it was made by {@link #wrap(ByteBuffer)}.
     */
    public ByteBuffer wrappedBuffer() {
        return null;
    }

    /** The bytes as a new array. */
    public byte[] toByteArray() {
        byte[] copy = new byte[length()];
        read(0, copy, 0, copy.length);
        return copy;
    }

    /** Writes all the bytes to {@code out}, in pieces of at most 64 KiB. */
    public void writeTo(OutputStream out) throws IOException {
        byte[] piece = new byte[Math.min(length(), 64 * 1024)];
        for (int at = 0; at < length(); at += piece.length) {
            int n = Math.min(piece.length, length() - at);
            read(at, piece, 0, n);
            out.write(piece, 0, n);
        }
    }

    /**
     * A stream over the bytes that stays readable however long it is kept: over the wrapped array or buffer itself,
     * over a copy for a payload that may be released later (one received from a peer).
     */
    public InputStream heldInputStream() {
        return wrappedArray() != null || wrappedBuffer() != null ? inputStream() : wrap(toByteArray()).inputStream();
    }

    /** A stream over the bytes (reads throw {@link IllegalStateException} once the payload is released). */
    public InputStream inputStream() {
        return new InputStream() {
            private int position;

            @Override
            public int read() {
                if (position >= length()) {
                    return -1;
                }
                byte[] one = new byte[1];
                Payload.this.read(position++, one, 0, 1);
                return one[0] & 0xff;
            }

            @Override
            public int read(byte[] target, int offset, int count) {
                Objects.checkFromIndexSize(offset, count, target.length);
                if (count == 0) {
                    return 0;
                }
                int n = Math.min(count, length() - position);
                if (n <= 0) {
                    return -1;
                }
                Payload.this.read(position, target, offset, n);
                position += n;
                return n;
            }

            @Override
            public int available() {
                return Math.max(0, length() - position);
            }
        };
    }

    @Override
    public String toString() {
        return "Payload[" + length() + " bytes]";
    }

    /** A wrapped buffer's remaining bytes (a read-only slice): always valid. */
    private static final class BufferPayload extends Payload {

        private final ByteBuffer bytes;

        BufferPayload(ByteBuffer bytes) {
            this.bytes = bytes;
        }

        @Override
        public int length() {
            return bytes.remaining();
        }

        @Override
        public void read(int offset, byte[] target, int targetOffset, int length) {
            Objects.checkFromIndexSize(offset, length, bytes.remaining());
            bytes.get(offset, target, targetOffset, length);
        }

        @Override
        public long writeTo(WritableByteChannel channel) throws IOException {
            ByteBuffer view = bytes.duplicate();
            while (view.hasRemaining()) {
                channel.write(view);
            }
            return bytes.remaining();
        }

        @Override
        public byte[] wrappedArray() {
            return null;
        }

        @Override
        public ByteBuffer wrappedBuffer() {
            return bytes.duplicate();
        }
    }

    /** A wrapped array: always valid. */
    private static final class ArrayPayload extends Payload {

        private final byte[] bytes;

        ArrayPayload(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int length() {
            return bytes.length;
        }

        @Override
        public void read(int offset, byte[] target, int targetOffset, int length) {
            System.arraycopy(bytes, offset, target, targetOffset, length);
        }

        @Override
        public long writeTo(WritableByteChannel channel) throws IOException {
            ByteBuffer view = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
            while (view.hasRemaining()) {
                channel.write(view);
            }
            return bytes.length;
        }

        @Override
        public byte[] wrappedArray() {
            return bytes;
        }
    }
}

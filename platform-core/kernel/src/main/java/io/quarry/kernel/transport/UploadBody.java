package io.quarry.kernel.transport;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * What an upload sends after its header: a stream, read on a virtual thread ({@link StreamSender}), or bytes
 * already in memory, sent from the event loop ({@link PayloadSender}). {@link #close} gives back whatever was not
 * handed to a sender: an upload that never starts still closes the caller's stream or releases its buffer.
 */
sealed interface UploadBody {

    /** Closes the stream, or releases the buffer unless a sender took it; quiet, and harmless to repeat. */
    void close();

    /** A body read from {@code in}, closed once sent or abandoned. */
    record Streamed(InputStream in) implements UploadBody {

        public Streamed {
            Objects.requireNonNull(in, "body");
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException ignored) {
                // the upload is over either way; the caller's stream is closed as promised, errors are moot
            }
        }
    }

    /**
     * A body already in memory, as the buffer {@link PayloadSender} sends slices of, taken when the upload was
     * called (a payload lent by a stream may be released right after).
     */
    final class InMemory implements UploadBody {
        private ByteBuf bytes;

        /** Takes over {@code bytes} (one reference). */
        InMemory(ByteBuf bytes) {
            this.bytes = Objects.requireNonNull(bytes, "bytes");
        }

        /** Hands the buffer over to the sender, once. */
        synchronized ByteBuf take() {
            ByteBuf taken = bytes;
            bytes = null;
            return Objects.requireNonNull(taken, "taken twice");
        }

        @Override
        public synchronized void close() {
            if (bytes != null) {
                bytes.release();
                bytes = null;
            }
        }
    }
}

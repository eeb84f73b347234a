package io.quarry.api.transport;

import java.io.IOException;

/**
 * A received stream body in the chunks it arrived in, not copied. The {@link java.io.InputStream} an
 * {@link UploadHandler} gets and the one {@link Transport#download} completes with implement it when they come
 * from the network; test with {@code instanceof}. Reading through {@link java.io.InputStream#read(byte[])} copies
 * every byte into the caller's array; {@link #nextChunk} hands over the received bytes themselves, for a handler
 * that writes them on to a channel ({@link Payload#writeTo(java.nio.channels.WritableByteChannel)}), hashes,
 * counts or forwards them.
 *
 * <p>Flow control is unchanged: the sender gets credit back as chunks are consumed, so taking chunks and never
 * releasing them (by calling on) does not let a peer fill memory. A chunk forwarded with
 * {@link Transport#upload(PeerAddress, Protocol, Object, Payload)} is an exception: the upload holds it until it is
 * sent, after its credit went back, so bound forwarding by the forwarding protocol's concurrency.
 */
public interface ChunkedBody {

    /**
     * The next chunk of the body (what is left of it if it was partly read), or null at the end. The payload is
     * valid until the next call on this stream ({@code nextChunk}, a read, {@code close}) and at most until the
     * handler returns: after that every access to its bytes throws {@link IllegalStateException}, so copy what
     * must outlive it. Forwarding it with {@link Transport#upload(PeerAddress, Protocol, Object, Payload)} is safe:
     * the upload holds the bytes from the moment it is called.
     *
     * @throws IOException as a read would: the peer cancelled, failed, disconnected or sent nothing for the
     *     transport's read timeout
     */
    Payload nextChunk() throws IOException;
}

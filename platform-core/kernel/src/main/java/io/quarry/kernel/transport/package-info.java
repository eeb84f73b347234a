/**
 * The node-to-node transport ({@link io.quarry.kernel.transport.NettyTransport}): TLS 1.3 with mutual
 * authentication by Ed25519 node keys, one connection per peer pair carrying every protocol.
 *
 * <h2>Trust</h2>
 * Each node presents a self-signed X.509 certificate made at start over a fresh P-256 TLS key; an extension
 * carries the node's Ed25519 identity key and its signature over the TLS key (the exact encoding is in
 * {@link io.quarry.kernel.transport.NodeCertificate}). The TLS key is not the identity key itself because
 * BoringSSL, the default engine, does not do Ed25519 in the handshake. A dialer accepts the peer only if the
 * binding verifies and the identity key is the node id it dialed ("expected node X but the peer at host:port
 * is Y" otherwise); an acceptor accepts any certificate whose binding verifies and takes the caller's node id
 * from it. No CA, no names, no dates: the identity key is the identity.
 *
 * <h2>Engines</h2>
 * {@code transport.tls_provider}: BoringSSL through netty-tcnative (bundled for Linux x86_64 and aarch64;
 * about a third of the JDK engine's CPU per byte) when it loads, otherwise the JDK's engine. Same protocol,
 * same certificates, same checks: nodes on different engines talk to each other.
 *
 * On BoringSSL, {@code SslHandler} drives the engine outside its JDK-compatible mode (whole socket reads per
 * unwrap, several records per wrap). Channel buffers come from Netty's pooled allocator (heap preferred;
 * socket reads and TLS output direct), see {@code Frame.ALLOCATOR}.
 *
 * <h2>Threads</h2>
 * Event loops ({@code transport.io_threads}) do TLS, framing and routing only. Handlers run on the handler
 * executor (virtual threads) and may block; a request handler registered with {@code registerNonBlocking} runs
 * on the event loop that read the request and writes its answer from there, which saves a small round trip two
 * thread hand-offs. A caller's future is completed, and the response decoded, on the caller's own thread when
 * it is waiting in {@code join()} or {@code get()} ({@link io.quarry.kernel.transport.CallFuture}: the event loop
 * hands the completing task over and wakes it), otherwise on the handler executor; never on an event loop.
 * Stream readers and senders wait without timers of their own; one daemon thread
 * ({@code quarry-transport-deadlines}) ends the waits that pass their timeout ({@code Deadlines}).
 *
 * <h2>Frames</h2>
 * Every frame, in both directions, after the TLS handshake:
 * <pre>
 *   u32  length        bytes after this field (header + payload); at most transport.max_frame_bytes
 *   u8   type          1 HELLO, 2 REQUEST, 3 RESPONSE, 4 ERROR, 5 ONEWAY, 6 STREAM_DATA, 7 STREAM_END,
 *                      8 CANCEL, 9 CREDIT
 *   u8   flags         REQUEST: 0x01 upload (a body stream follows), 0x02 download (the answer is a body
 *                      stream), never both; REQUEST, RESPONSE and ONEWAY: 0x04 raw sections (below);
 *                      0 elsewhere
 *   u16  protocol      REQUEST and ONEWAY: index into the receiver's HELLO list; 0xFFFF elsewhere
 *   u32  call id       0 for HELLO and ONEWAY; otherwise non-zero, odd when the dialer allocated it and even
 *                      when the acceptor did, so both sides' calls share one number space without clashing
 *   ...  payload       HELLO/REQUEST/RESPONSE/ERROR/ONEWAY: one CBOR (Jackson) record, or with flag 0x04
 *                      the raw section layout below; STREAM_DATA: raw body bytes; CREDIT: u32 byte count;
 *                      STREAM_END, CANCEL: empty
 * </pre>
 * All integers are big-endian.
 *
 * <h2>Raw sections</h2>
 * A message's byte arrays of 64 KiB or more travel beside its CBOR rather than inside it (at most 1024 per
 * message; {@link io.quarry.kernel.transport.RawSections}), so the receiver copies each once, straight from
 * the frame into the array its record gets, instead of through Jackson's buffers. Such a payload is:
 * <pre>
 *   u32  n             number of sections, 1 to 1024
 *   u32  length x n    each section's length, at least 1
 *   ...  CBOR          the record; section i stands where its array belongs, as the unsigned integer i
 *                      under CBOR tag 0x51520001
 *   ...  sections      the n sections' bytes, back to back, to the end of the payload
 * </pre>
 * The CBOR's length is what the table leaves over, at least one byte, and holds exactly one value. A table
 * that does not add up to the payload, a reference to a missing section, a section referenced twice or
 * never, or a reference outside such a payload makes the payload undecodable. The message limit counts the
 * whole payload, table and sections included.
 *
 * <p>A {@link io.quarry.api.transport.Payload} component travels as a raw section whatever its size (an empty
 * one, or one beyond the 1024th section, as a CBOR byte string), sent from the caller's array or a received frame without a copy; a request handler
 * gets it as a view of the section in the received frame ({@link io.quarry.kernel.transport.ReceivedPayload}),
 * released when the handler returns, and a caller gets a response's payload as its own copy.
 *
 * <h2>Session</h2>
 * Both sides send a HELLO ({@link io.quarry.kernel.transport.Hello}: wire version 2, the protocol ids they
 * serve, their frame limit and stream window) as soon as TLS completes, and again whenever a protocol is
 * registered; the list only grows, so indices stay valid. No other frame may precede the peer's first HELLO.
 * TLS plus HELLO must finish within {@code transport.handshake_timeout_ms}. A call for a protocol the peer's
 * HELLO lacks fails at once on the caller's side.
 *
 * <h2>Calls</h2>
 * <ul>
 *   <li>Request: REQUEST, answered by RESPONSE or ERROR. The caller may send CANCEL (timeout, or its future
 *       was cancelled).</li>
 *   <li>One-way: ONEWAY; nothing comes back.</li>
 *   <li>Upload: REQUEST with flag 0x01, then STREAM_DATA... STREAM_END from the caller, answered by RESPONSE
 *       or ERROR (which may come early; the caller then stops sending). The caller sends CANCEL and stops
 *       sending when its future is cancelled or its body fails.</li>
 *   <li>Download: REQUEST with flag 0x02, answered by STREAM_DATA... STREAM_END or by ERROR (also mid-stream).
 *       The caller sends CANCEL when it closes the stream early.</li>
 * </ul>
 * Flow control: the sender of a stream starts with the credit the reader advertised in its HELLO
 * ({@code transport.stream_window_bytes}); each STREAM_DATA costs its length plus 64; the reader returns
 * credit with CREDIT frames as its handler consumes data. Data beyond the credit is a protocol violation.
 *
 * <h2>Hostile peers</h2>
 * An oversize frame, a malformed header, an unknown protocol index, a message over its protocol's limit,
 * an undecodable payload, frames out of order, stream data beyond credit, a stalled handshake and a flood of
 * connections from one address all end the same way: the connection is closed, a DEBUG line is logged, and
 * {@code quarry.transport.protocol.errors{reason}} is incremented ({@link io.quarry.kernel.transport.ErrorReason}).
 */
package io.quarry.kernel.transport;

package io.quarry.kernel.transport;

/** How a protocol is served; a REQUEST frame's flags must match the kind its protocol was registered with. */
enum HandlerKind {
    /** Request/response and one-way messages: a {@link io.quarry.api.transport.RequestHandler}. */
    REQUEST(0),
    /** Header then body stream: an {@link io.quarry.api.transport.UploadHandler}. */
    UPLOAD(Frame.FLAG_UPLOAD),
    /** Request answered by a body stream: a {@link io.quarry.api.transport.DownloadHandler}. */
    DOWNLOAD(Frame.FLAG_DOWNLOAD);

    final int flag;

    HandlerKind(int flag) {
        this.flag = flag;
    }

    /** The kind a REQUEST frame with {@code flags} asks for (other flags, such as raw sections, aside). */
    static HandlerKind ofFlags(int flags) {
        int stream = flags & (Frame.FLAG_UPLOAD | Frame.FLAG_DOWNLOAD);
        return stream == Frame.FLAG_UPLOAD ? UPLOAD : stream == Frame.FLAG_DOWNLOAD ? DOWNLOAD : REQUEST;
    }
}

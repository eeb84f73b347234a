package io.quarry.kernel.identity;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.LongConsumer;

/** Passes bytes through and tells a listener how many went by on each write. */
final class CountingOutputStream extends FilterOutputStream {

    private final LongConsumer written;

    CountingOutputStream(OutputStream out, LongConsumer written) {
        super(out);
        this.written = written;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        written.accept(1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        written.accept(len);
    }
}

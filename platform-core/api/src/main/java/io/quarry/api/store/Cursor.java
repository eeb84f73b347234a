package io.quarry.api.store;

import java.util.Iterator;

/** An iterator over store entries that holds resources until closed. */
public interface Cursor extends Iterator<Entry>, AutoCloseable {

    /** Releases the cursor's snapshot; never throws. */
    @Override
    void close();
}

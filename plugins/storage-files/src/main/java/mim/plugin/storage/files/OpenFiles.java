package mim.plugin.storage.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded cache of open files, least recently used first out.
 *
 * <p>A file in use is never closed under its user: each handle counts its users, and one evicted
 * while in use is closed by its last {@link #release}. So the number of open files can exceed the
 * bound by the number of threads doing I/O at that moment, never more.
 *
 * <p>Thread safety: every method is safe for concurrent use (one monitor guards the table; files are
 * opened and closed under it, which are short system calls).
 */
final class OpenFiles {
    /** Which file of which storage: storages share the cache. */
    record Key(Object owner, int file) {}

    /** Opens the file of a key, writable or not. */
    interface Opener {
        FileChannel open(boolean writable) throws IOException;
    }

    /** An open file and its users. Fields other than channel and writable are guarded by the cache. */
    static final class Handle {
        final FileChannel channel;
        final boolean writable;
        private int users;
        private boolean retired;

        private Handle(FileChannel channel, boolean writable) {
            this.channel = channel;
            this.writable = writable;
        }
    }

    private final int capacity;
    /** Access order: the eldest entry is the least recently used. */
    private final LinkedHashMap<Key, Handle> table = new LinkedHashMap<>(16, 0.75f, true);
    /** Handles out of the table that wait for their last user to close them. */
    private final List<Handle> retiredInUse = new ArrayList<>();

    OpenFiles(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    /**
     * The open file for {@code key}, opening it if needed; pair every call with {@link #release}. A
     * read-only handle is replaced by a writable one when {@code writable} is asked for.
     */
    synchronized Handle acquire(Key key, boolean writable, Opener opener) throws IOException {
        Handle h = table.get(key);
        if (h != null && (!h.channel.isOpen() || (writable && !h.writable))) {
            // Closed under us (an interrupted thread closes its channel) or too weak for a write.
            table.remove(key);
            retire(h);
            h = null;
        }
        if (h == null) {
            h = new Handle(opener.open(writable), writable);
            table.put(key, h);
            evictBeyondCapacity();
        }
        h.users++;
        return h;
    }

    synchronized void release(Handle h) {
        h.users--;
        if (h.retired && h.users == 0) {
            closeQuietly(h);
        }
    }

    /** Closes every file of {@code owner}; those still in use close when released. */
    synchronized void closeAll(Object owner) {
        for (Iterator<Map.Entry<Key, Handle>> it = table.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Handle> e = it.next();
            if (e.getKey().owner() == owner) {
                it.remove();
                retire(e.getValue());
            }
        }
    }

    /** Files open now, including evicted ones still in use. */
    synchronized int size() {
        return table.size() + retiredInUse.size();
    }

    private void evictBeyondCapacity() {
        for (Iterator<Handle> it = table.values().iterator(); table.size() > capacity && it.hasNext(); ) {
            Handle eldest = it.next();
            it.remove();
            retire(eldest);
        }
    }

    private void retire(Handle h) {
        h.retired = true;
        if (h.users == 0) {
            closeQuietly(h);
        } else {
            retiredInUse.add(h);
        }
    }

    private void closeQuietly(Handle h) {
        retiredInUse.remove(h);
        try {
            h.channel.close();
        } catch (IOException e) {
            // Closing does not sync; durability is flush's job, which reopens the files it syncs.
            // A failure to close leaves nothing for the caller to do.
        }
    }
}

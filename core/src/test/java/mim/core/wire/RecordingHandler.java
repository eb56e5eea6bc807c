package mim.core.wire;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A PeerHandler that records what it is told, for tests: the handshake, each message, the close
 * reason. It owns the Pieces it receives until {@link #releaseAll}. Safe across threads.
 */
class RecordingHandler implements PeerHandler {
    final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final List<Message> held = new ArrayList<>();
    volatile PeerConnection connection;

    @Override
    public void onHandshake(PeerConnection connection, Handshake remote) {
        this.connection = connection;
        events.add(remote);
    }

    @Override
    public void onMessage(Message message) {
        synchronized (held) {
            held.add(message);
        }
        events.add(message);
    }

    @Override
    public void onWritabilityChanged(boolean writable) {
        events.add(writable ? "writable" : "unwritable");
    }

    @Override
    public void onClosed(CloseReason reason) {
        events.add(reason);
    }

    /** The next event, waiting up to five seconds for it. */
    Object next() throws InterruptedException {
        Object e = events.poll(5, TimeUnit.SECONDS);
        assertNotNull(e, "no event within 5 s");
        return e;
    }

    /** Every event recorded so far, removed from the queue. */
    List<Object> drain() {
        List<Object> all = new ArrayList<>();
        events.drainTo(all);
        return all;
    }

    void releaseAll() {
        synchronized (held) {
            held.forEach(ReferenceCountUtil::release);
            held.clear();
        }
    }
}

package mim.core.spi;

import java.util.List;

/**
 * A read-only look at a running session, for a {@link UserInterface}. Minimal for now: a snapshot to
 * poll. Events to subscribe to will be added when an interface needs them.
 *
 * <p>Thread safety: may be called from any thread; each call returns a fresh, immutable snapshot.
 */
public interface SessionView {

    /** The session's torrents, in the order they were added. */
    List<TorrentSummary> torrents();
}

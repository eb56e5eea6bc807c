package mim.core.spi;

import java.util.Map;
import java.util.Objects;

/**
 * Something that happened in a session, as its {@link Subscription}s receive it. Immutable.
 *
 * <p>Every event carries {@link #seq}, the session's count of events so far: it grows by one for each
 * event published, so a subscriber sees gaps only where it lost events (and then a {@link Lost} says
 * how many). For one torrent the order is: {@link TorrentAdded}, then {@link StateChanged} and
 * {@link TorrentCompleted} as they happen, and {@link TorrentRemoved} last.
 */
public sealed interface SessionEvent {

    /** The event's number in the session, from 1. */
    long seq();

    /** A torrent joined the session. */
    record TorrentAdded(long seq, TorrentSummary torrent) implements SessionEvent {
        public TorrentAdded {
            Objects.requireNonNull(torrent, "torrent");
        }
    }

    /** A torrent went from one of {@link TorrentStats#STATES} to another. */
    record StateChanged(long seq, int id, String infoHash, String from, String to) implements SessionEvent {}

    /** A torrent's chosen files are all verified (once per download, not for a torrent complete when added). */
    record TorrentCompleted(long seq, TorrentSummary torrent) implements SessionEvent {
        public TorrentCompleted {
            Objects.requireNonNull(torrent, "torrent");
        }
    }

    /** A torrent left the session (forgotten or deleted). */
    record TorrentRemoved(long seq, int id, String infoHash) implements SessionEvent {}

    /**
     * The periodic tick, about once a second while anyone subscribes: the session's stats, and the stats
     * of each torrent that changed since the last tick (by id; all of them in a subscription's first).
     */
    record Stats(long seq, SessionStats session, Map<Integer, TorrentStats> torrents) implements SessionEvent {
        public Stats {
            Objects.requireNonNull(session, "session");
            torrents = Map.copyOf(torrents);
        }
    }

    /**
     * The subscriber fell behind and {@code count} events after {@code seq} were dropped: what it shows may
     * be stale, and it should read the session afresh.
     */
    record Lost(long seq, long count) implements SessionEvent {}
}

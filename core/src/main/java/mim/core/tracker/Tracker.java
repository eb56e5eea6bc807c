package mim.core.tracker;

import java.net.URI;
import mim.core.spi.TorrentEvent;
import mim.core.spi.TrackerClient;

/**
 * One announce URL of one torrent, with the client that speaks its protocol and what this tracker
 * has been told so far. Confined to its lookup's serial executor.
 */
final class Tracker {
    final String url;
    final URI uri;
    final TrackerClient client;
    /** The {@code tracker id} it gave us last, sent back on every later announce. */
    String trackerId;
    /** It acknowledged our {@code started}: it knows us, and is owed {@code completed} and {@code stopped}. */
    boolean started;
    /** The download completed after it saw {@code started}, and it has not yet acknowledged {@code completed}. */
    boolean completedOwed;

    Tracker(String url, URI uri, TrackerClient client) {
        this.url = url;
        this.uri = uri;
        this.client = client;
    }

    /** The event the next announce to it reports while the torrent runs; null for a regular one. */
    TorrentEvent nextEvent() {
        if (!started) {
            return TorrentEvent.STARTED;
        }
        return completedOwed ? TorrentEvent.COMPLETED : null;
    }

    /** Records that it accepted an announce reporting {@code event}. */
    void acknowledged(TorrentEvent event, String newTrackerId) {
        if (event == TorrentEvent.STARTED) {
            started = true;
        } else if (event == TorrentEvent.COMPLETED) {
            completedOwed = false;
        }
        if (newTrackerId != null) {
            trackerId = newTrackerId;
        }
    }

    @Override
    public String toString() {
        return url;
    }
}

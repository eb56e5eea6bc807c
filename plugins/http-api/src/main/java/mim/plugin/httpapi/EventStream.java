package mim.plugin.httpapi;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import mim.core.spi.Limits;
import mim.core.spi.NoSuchTorrentException;
import mim.core.spi.SessionControl;
import mim.core.spi.SessionEvent;
import mim.core.spi.Subscription;

/**
 * {@code GET /events}: the session's events as Server-Sent Events, one subscription a client (a
 * {@link FeedStream}). Each event is {@code id:} (its number in the session), {@code event:} (its
 * kind: {@code torrent_added}, {@code torrent_state}, {@code torrent_completed}, {@code torrent_removed},
 * {@code stats}, or {@code events_lost} for a client that fell behind) and one {@code data:} line of
 * JSON in the API's shapes. A comment opens the stream and keeps it open when nothing happens;
 * {@code retry:} tells a browser how soon to reconnect. Stateless.
 */
final class EventStream {
    static final String MEDIA_TYPE = "text/event-stream";
    private static final Duration RETRY = Duration.ofSeconds(3);

    private EventStream() {}

    static Answer.Streamed answer(SessionControl session) {
        return new Answer.Streamed(200, MEDIA_TYPE, Map.of("X-Accel-Buffering", "no"), Answer.Streamed.UNKNOWN_LENGTH,
                new FeedStream<>(() -> session.subscribe(Subscription.DEFAULT_CAPACITY), (e, out) -> format(session, e, out),
                        ": mim events\nretry: " + RETRY.toMillis() + "\n\n", ": keep-alive\n\n"));
    }

    /** One event in the format of Server-Sent Events: {@code id}, {@code event}, one {@code data} line. */
    static void format(SessionControl session, SessionEvent e, StringBuilder out) {
        String kind;
        Object data;
        if (e instanceof SessionEvent.TorrentAdded a) {
            kind = "torrent_added";
            data = Bodies.Torrent.of(a.torrent(), null, null);
        } else if (e instanceof SessionEvent.StateChanged c) {
            kind = "torrent_state";
            data = new Bodies.StateChange(c.id(), c.infoHash(), c.from(), c.to());
        } else if (e instanceof SessionEvent.TorrentCompleted c) {
            kind = "torrent_completed";
            data = Bodies.Torrent.of(c.torrent(), null, null);
        } else if (e instanceof SessionEvent.TorrentRemoved r) {
            kind = "torrent_removed";
            data = new Bodies.Removed(r.id(), r.infoHash());
        } else if (e instanceof SessionEvent.Stats s) {
            kind = "stats";
            Map<Integer, Bodies.Stats> torrents = new TreeMap<>();
            s.torrents().forEach((id, stats) -> torrents.put(id, Bodies.Stats.of(stats, limits(session, id))));
            data = new Bodies.Tick(Bodies.Session.of(s.session()), torrents);
        } else {
            kind = "events_lost";
            data = new Bodies.Lost(((SessionEvent.Lost) e).count());
        }
        // Jackson escapes line breaks inside strings: the JSON is one line, as a data line must be.
        out.append("id: ").append(e.seq()).append("\nevent: ").append(kind).append("\ndata: ")
                .append(new String(Json.bytes(data), StandardCharsets.UTF_8)).append("\n\n");
    }

    /** A torrent's own limits, none for one removed since the tick was taken. */
    private static Limits limits(SessionControl session, int id) {
        try {
            return session.limits(id);
        } catch (NoSuchTorrentException gone) {
            return Limits.NONE;
        }
    }
}

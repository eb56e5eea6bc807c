package mim.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import mim.core.spi.SessionEvent;
import mim.core.spi.Subscription;
import mim.core.spi.TorrentStats;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * The server's {@code GET /events} read into a {@link Subscription}: a long response whose
 * Server-Sent Events (an {@code id:}, an {@code event:} and one {@code data:} line of the API's JSON
 * each) become {@link SessionEvent}s. A stream that ends or breaks (the server restarting, say) is
 * opened again a second later; the first event after that is preceded by a {@link SessionEvent.Lost},
 * since whatever happened in between was missed, so the subscriber reads the lists afresh. Closing the
 * subscription cancels the call.
 *
 * <p>Thread safety: responses are read on OkHttp's threads, one call at a time; the subscription is
 * safe for use from any thread.
 */
final class EventFeed implements Callback {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long RETRY_SECONDS = 1;

    private final Supplier<Call> calls;
    private final Subscription<SessionEvent> events;
    private volatile Call current;
    /** The last event delivered; 0 before any. */
    private volatile long lastSeq;
    /** Whether a stream broke since the last event delivered. */
    private volatile boolean broken;

    private EventFeed(Supplier<Call> calls, int capacity) {
        this.calls = calls;
        this.events = Subscription.ofEvents(capacity, s -> {
            Call c = current;
            if (c != null) {
                c.cancel();
            }
        });
    }

    /** Opens a feed over the {@code GET /events} calls {@code calls} makes, and answers its subscription. */
    static Subscription<SessionEvent> start(Supplier<Call> calls, int capacity) {
        EventFeed feed = new EventFeed(calls, capacity);
        feed.open();
        return feed.events;
    }

    private void open() {
        if (events.isClosed()) {
            return;
        }
        Call call = calls.get();
        current = call;
        call.enqueue(this);
    }

    @Override
    public void onFailure(Call call, IOException e) {
        retry();
    }

    @Override
    public void onResponse(Call call, Response response) {
        try (response) {
            if (response.isSuccessful() && response.body() != null) {
                read(response.body().source());
            }
        } catch (IOException | RuntimeException e) {
            // The connection broke, or the server sent something else than events: opened again.
        }
        retry();
    }

    private void read(BufferedSource in) throws IOException {
        String kind = null;
        long seq = 0;
        for (String line; !events.isClosed() && (line = in.readUtf8Line()) != null; ) {
            if (line.startsWith("id: ")) {
                seq = Long.parseLong(line.substring(4).strip());
            } else if (line.startsWith("event: ")) {
                kind = line.substring(7).strip();
            } else if (line.startsWith("data: ") && kind != null) {
                SessionEvent e = event(kind, seq, JSON.readTree(line.substring(6)));
                if (e != null) {
                    if (broken) {
                        events.deliver(new SessionEvent.Lost(lastSeq, Math.max(0, seq - lastSeq - 1)));
                        broken = false;
                    }
                    lastSeq = seq;
                    events.deliver(e);
                }
                kind = null;
            }
        }
    }

    private void retry() {
        if (events.isClosed()) {
            return;
        }
        broken = true;
        CompletableFuture.runAsync(this::open, CompletableFuture.delayedExecutor(RETRY_SECONDS, TimeUnit.SECONDS));
    }

    /** The event {@code kind} names, or null for a kind this client does not know. */
    static SessionEvent event(String kind, long seq, JsonNode data) {
        return switch (kind) {
            case "torrent_added" -> new SessionEvent.TorrentAdded(seq, ApiValues.summary(data));
            case "torrent_state" -> new SessionEvent.StateChanged(seq, data.path("id").asInt(),
                    data.path("info_hash").asText(), data.path("from").asText(), data.path("to").asText());
            case "torrent_completed" -> new SessionEvent.TorrentCompleted(seq, ApiValues.summary(data));
            case "torrent_removed" -> new SessionEvent.TorrentRemoved(seq, data.path("id").asInt(),
                    data.path("info_hash").asText());
            case "stats" -> {
                Map<Integer, TorrentStats> torrents = new TreeMap<>();
                data.path("torrents").fields().forEachRemaining(f -> torrents.put(Integer.parseInt(f.getKey()),
                        ApiValues.stats(f.getValue())));
                yield new SessionEvent.Stats(seq, ApiValues.session(data.path("session")), torrents);
            }
            case "events_lost" -> new SessionEvent.Lost(seq, data.path("lost").asLong());
            default -> null;
        };
    }
}

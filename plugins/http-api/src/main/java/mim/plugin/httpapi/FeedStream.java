package mim.plugin.httpapi;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import mim.core.spi.Subscription;

/**
 * A streamed body made of a {@link Subscription}'s items, as text: each item formatted as it comes,
 * several that wait together in one write. Paced by the client: items are taken from the subscription
 * only once the last write went out, so a slow client lets its subscription fill, and then receives
 * the subscription's notice of what it lost; memory stays bounded either way. With a heartbeat, that
 * text goes out when nothing else has for {@link #HEARTBEAT}, so that proxies keep the connection
 * open. The subscription is made when the body starts and closed when the client goes; a subscription
 * closed by its publisher (the session stopping) ends the body.
 *
 * <p>One instance an answer; everything after {@link #start} runs on the connection's thread.
 *
 * @param <T> the items
 */
final class FeedStream<T> implements Answer.Producer {
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** Items taken into one write at most. */
    private static final int BATCH = 64;

    private final Supplier<Subscription<T>> subscribe;
    private final BiConsumer<T, StringBuilder> format;
    private final String preamble;
    private final String heartbeat;
    private BodySink sink;
    private Subscription<T> subscription;
    private boolean writing;
    private boolean wroteSinceBeat;

    /**
     * @param subscribe makes the subscription, when the body starts
     * @param format appends an item's text
     * @param preamble written first, or {@code ""}
     * @param heartbeat written when nothing was for a while, or null for none
     */
    FeedStream(Supplier<Subscription<T>> subscribe, BiConsumer<T, StringBuilder> format, String preamble,
               String heartbeat) {
        this.subscribe = subscribe;
        this.format = format;
        this.preamble = preamble;
        this.heartbeat = heartbeat;
    }

    @Override
    public void start(BodySink sink) {
        this.sink = sink;
        this.subscription = subscribe.get();
        sink.closed().thenRun(subscription::close);
        if (heartbeat != null) {
            long every = HEARTBEAT.toMillis();
            ScheduledFuture<?> beats = sink.executor().scheduleWithFixedDelay(this::beat, every, every,
                    TimeUnit.MILLISECONDS);
            sink.closed().thenRun(() -> beats.cancel(false));
        }
        if (preamble.isEmpty()) {
            pump();
        } else {
            send(preamble);
        }
    }

    /** Writes what waits, once the last write went out; else waits for items. */
    private void pump() {
        if (writing || sink.closed().isDone()) {
            return;
        }
        StringBuilder out = new StringBuilder();
        int taken = 0;
        for (T item; taken < BATCH && (item = subscription.poll()) != null; taken++) {
            format.accept(item, out);
        }
        if (taken > 0) {
            send(out.toString());
        } else if (subscription.isClosed()) {
            sink.end();
        } else {
            subscription.available().thenRunAsync(this::pump, sink.executor());
        }
    }

    private void send(String text) {
        writing = true;
        wroteSinceBeat = true;
        sink.write(text.getBytes(StandardCharsets.UTF_8)).whenComplete((v, failure) -> {
            writing = false;
            if (failure == null) {
                pump();
            }
        });
    }

    private void beat() {
        if (!wroteSinceBeat && !writing) {
            send(heartbeat);
        }
        wroteSinceBeat = false;
    }
}

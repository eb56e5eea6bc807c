package mim.plugin.dht;

import java.util.concurrent.atomic.LongAdder;

/**
 * What a DHT node has seen and done since it started, for statistics and tests. Every datagram
 * received is counted once as {@link #received()} and at most once under one of the reasons it was
 * dropped. Thread-safe: written by the node's event loop, read from anywhere.
 */
public final class DhtCounters {
    final LongAdder received = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder oversized = new LongAdder();
    final LongAdder malformed = new LongAdder();
    final LongAdder unknownType = new LongAdder();
    final LongAdder unknownMethod = new LongAdder();
    final LongAdder unmatched = new LongAdder();
    final LongAdder rateLimited = new LongAdder();
    final LongAdder badTokens = new LongAdder();
    final LongAdder queriesAnswered = new LongAdder();
    final LongAdder queriesSent = new LongAdder();
    final LongAdder timeouts = new LongAdder();

    DhtCounters() {}

    /** Datagrams received, whatever became of them. */
    public long received() {
        return received.sum();
    }

    /** Datagrams sent: queries, answers and errors. */
    public long sent() {
        return sent.sum();
    }

    /** Dropped: longer than {@link KrpcCodec#MAX_PACKET} bytes. */
    public long oversized() {
        return oversized.sum();
    }

    /** Dropped: not bencoding, or a message with missing or mistyped keys. */
    public long malformed() {
        return malformed.sum();
    }

    /** Dropped: a message type other than query, response and error. */
    public long unknownType() {
        return unknownType.sum();
    }

    /** Queries of a method we do not serve, answered with error 204. */
    public long unknownMethod() {
        return unknownMethod.sum();
    }

    /** Dropped: a response or error to no query of ours (unknown transaction, or the wrong sender). */
    public long unmatched() {
        return unmatched.sum();
    }

    /** Dropped: queries beyond the rate limits. */
    public long rateLimited() {
        return rateLimited.sum();
    }

    /** announce_peer queries refused for a token we did not give, or that expired. */
    public long badTokens() {
        return badTokens.sum();
    }

    /** Queries answered, with a response or an error. */
    public long queriesAnswered() {
        return queriesAnswered.sum();
    }

    /** Queries we sent. */
    public long queriesSent() {
        return queriesSent.sum();
    }

    /** Our queries that went unanswered. */
    public long timeouts() {
        return timeouts.sum();
    }

    @Override
    public String toString() {
        return "received " + received() + ", sent " + sent() + ", oversized " + oversized() + ", malformed "
                + malformed() + ", unknown type " + unknownType() + ", unknown method " + unknownMethod()
                + ", unmatched " + unmatched() + ", rate-limited " + rateLimited() + ", bad tokens " + badTokens()
                + ", answered " + queriesAnswered() + ", queries sent " + queriesSent() + ", timeouts " + timeouts();
    }
}

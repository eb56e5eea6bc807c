package mim.plugin.tracker.udp;

import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import mim.core.MimException;
import mim.core.spi.AnnounceRequest;

/**
 * One request to one tracker, from name lookup to answer.
 *
 * <pre>
 * RESOLVING --address--> CONNECTING --connection id--> QUERYING --answer--> DONE
 *     |         (skipped when a live id is cached)        |  ^
 *     |                                                   |  | the id expired before a resend:
 *     |                                                   +--+ back to CONNECTING
 *     +-- any state: error reply, last timeout, lookup failure, close, caller cancels --> DONE
 * </pre>
 *
 * <p>The n-th unanswered send waits {@code base * 2^n} before the next; timeouts count across the
 * connect and the query, so an exchange ends after at most {@link Retransmission#tries()} waits. A
 * resent request keeps its transaction id, so a late answer to the first copy still counts.
 *
 * <p>Owned by the dispatcher's event loop: every method runs there. The result future is the only
 * thing other threads see; completing it from outside (cancel) ends the exchange.
 */
final class Exchange<T> {
    private enum State { RESOLVING, CONNECTING, QUERYING, DONE }

    private final TrackerUrl url;
    private final Query<T> query;
    private final CompletableFuture<T> result;
    private final Dispatcher dispatcher;

    private State state = State.RESOLVING;
    private InetSocketAddress tracker;
    private int transactionId;
    private long connectionId;
    private int timeouts;
    private ScheduledFuture<?> timer;

    Exchange(TrackerUrl url, Query<T> query, CompletableFuture<T> result, Dispatcher dispatcher) {
        this.url = url;
        this.query = query;
        this.result = result;
        this.dispatcher = dispatcher;
    }

    /** Looks the host up (off the loop) and goes on from there. */
    void start() {
        result.whenComplete((answer, failure) -> dispatcher.execute(this::finish));
        dispatcher.lookup(url.host()).whenComplete((address, failure) ->
                dispatcher.execute(() -> resolved(address, failure)));
    }

    /** Where the tracker was found; {@code null} before the lookup finished. */
    InetSocketAddress tracker() {
        return tracker;
    }

    private void resolved(InetAddress address, Throwable failure) {
        if (state != State.RESOLVING) {
            return;
        }
        if (failure != null) {
            fail(new MimException.Network("cannot resolve udp tracker host " + url.host() + " (" + url + ")", failure));
            return;
        }
        Optional<String> unreachable = AnnounceRequest.unreachable(dispatcher.local(), address);
        if (unreachable.isPresent()) {
            fail(new MimException.Network("udp tracker " + url + ": " + unreachable.get()));
            return;
        }
        tracker = new InetSocketAddress(address, url.port());
        OptionalLong id = dispatcher.connectionIds().get(tracker);
        if (id.isPresent()) {
            query(id.getAsLong());
        } else {
            connect();
        }
    }

    private void connect() {
        state = State.CONNECTING;
        transactionId = dispatcher.register(this);
        sendConnect();
    }

    private void sendConnect() {
        ByteBuf out = dispatcher.buffer(Requests.CONNECT_LENGTH);
        Requests.writeConnect(out, transactionId);
        dispatcher.send(out, tracker);
        arm();
    }

    private void query(long id) {
        state = State.QUERYING;
        connectionId = id;
        transactionId = dispatcher.register(this);
        sendQuery();
    }

    private void sendQuery() {
        ByteBuf out = dispatcher.buffer(Requests.ANNOUNCE_LENGTH);
        query.write(out, connectionId, transactionId);
        dispatcher.send(out, tracker);
        arm();
    }

    private void arm() {
        if (timer != null) {
            timer.cancel(false);
        }
        timer = dispatcher.schedule(this::timedOut, dispatcher.retransmission().waitNanos(timeouts));
    }

    private void timedOut() {
        if (state == State.DONE) {
            return;
        }
        timeouts++;
        if (timeouts > dispatcher.retransmission().maxExponent()) {
            fail(new MimException.Network("udp tracker " + url + " did not answer after " + timeouts + " tries"));
        } else if (state == State.CONNECTING) {
            sendConnect();
        } else {
            OptionalLong id = dispatcher.connectionIds().get(tracker);
            if (id.isPresent()) {
                connectionId = id.getAsLong();
                sendQuery();
            } else {
                dispatcher.unregister(this, transactionId);
                connect();
            }
        }
    }

    /**
     * A reply carrying this exchange's transaction id, from its tracker's address. Returns whether
     * it was one this exchange expected; the dispatcher counts the others as stray.
     */
    boolean onReply(Reply reply) {
        if (reply instanceof Reply.Failed failed) {
            // The refusal may be of the connection id itself; a new one costs one round trip.
            dispatcher.connectionIds().forget(tracker);
            fail(new MimException.Network("udp tracker " + url + ": " + failed.message()));
            return true;
        }
        if (state == State.CONNECTING && reply instanceof Reply.Connected connected) {
            dispatcher.connectionIds().put(tracker, connected.connectionId());
            dispatcher.unregister(this, transactionId);
            query(connected.connectionId());
            return true;
        }
        if (state == State.QUERYING) {
            T answer = query.answer(reply);
            if (answer != null) {
                finish();
                result.complete(answer);
                return true;
            }
        }
        return false;
    }

    /** Ends the exchange with this failure, unless it ended already. */
    void fail(Throwable failure) {
        finish();
        result.completeExceptionally(failure);
    }

    /** Stops timers and forgets the transaction; harmless when done already. */
    private void finish() {
        if (state == State.DONE) {
            return;
        }
        state = State.DONE;
        if (timer != null) {
            timer.cancel(false);
        }
        dispatcher.finished(this, transactionId);
    }
}

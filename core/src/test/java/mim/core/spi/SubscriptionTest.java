package mim.core.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A subscriber's bounded queue: order, what a subscriber that falls behind is told, and unsubscribing. */
class SubscriptionTest {

    private static SessionEvent removed(long seq) {
        return new SessionEvent.TorrentRemoved(seq, (int) seq, "00".repeat(20));
    }

    @Test
    void eventsComeOutInTheirOrderAndAvailableSaysWhenThereAreAny() {
        Subscription<SessionEvent> s = Subscription.ofEvents(8, closed -> {});
        CompletableFuture<Void> waiting = s.available();
        assertFalse(waiting.isDone());
        s.deliver(removed(1));
        assertTrue(waiting.isDone(), "the first event wakes the subscriber");
        s.deliver(removed(2));
        assertEquals(1, s.poll().seq());
        assertEquals(2, s.poll().seq());
        assertNull(s.poll());
        assertFalse(s.available().isDone(), "drained: a new wait");
    }

    @Test
    void aSubscriberThatFallsBehindHoldsAtMostItsCapacityAndIsToldHowManyItLost() {
        Subscription<SessionEvent> s = Subscription.ofEvents(4, closed -> {});
        for (long seq = 1; seq <= 10; seq++) {
            s.deliver(removed(seq));
        }
        assertEquals(1, s.poll().seq());
        assertEquals(2, s.poll().seq());
        assertEquals(3, s.poll().seq());
        s.deliver(removed(11));
        SessionEvent lost = s.poll();
        assertEquals(new SessionEvent.Lost(3, 7), lost, "events 4 to 10 were dropped, and only those");
        assertEquals(11, s.poll().seq(), "what comes after the loss comes after its notice");
        assertNull(s.poll());
    }

    @Test
    void closingReleasesTheQueueOnceAndWakesTheSubscriber() {
        AtomicInteger released = new AtomicInteger();
        Subscription<SessionEvent> s = Subscription.ofEvents(4, closed -> released.incrementAndGet());
        s.deliver(removed(1));
        s.poll();
        CompletableFuture<Void> waiting = s.available();
        s.deliver(removed(2));
        s.close();
        s.close();
        assertEquals(1, released.get());
        assertTrue(waiting.isDone());
        assertTrue(s.isClosed());
        assertNull(s.poll(), "the queue was dropped");
        s.deliver(removed(3));
        assertNull(s.poll(), "nothing is queued after closing");
        assertTrue(s.available().isDone(), "a closed subscription never makes anyone wait");
    }
}

package mim.core.session;

import mim.core.wire.BlockRef;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RequestQueueTest {
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final int B = BlockRef.STANDARD_LENGTH;

    @Test
    void slowStartGrowsByOnePerBlock() {
        RequestQueue q = new RequestQueue();
        assertEquals(4, q.depth());
        q.requested(q.room(), 0);
        assertEquals(0, q.room());
        for (int i = 0; i < 4; i++) {
            q.received(B, 100 * MS);
        }
        assertEquals(8, q.depth(), "doubled in one round trip");
        assertEquals(8, q.room());
        assertTrue(q.inSlowStart());
        assertEquals(Duration.ofMillis(100), q.roundTrip());
    }

    @Test
    void aDeepQueueIsToppedUpInBatchesAShallowOneAtOnce() {
        RequestQueue q = new RequestQueue(2, 400, Duration.ofSeconds(3), Duration.ofSeconds(60));
        q.requested(q.sendable(), 0);
        assertEquals(4, q.outstanding());
        q.received(B, MS);
        assertEquals(2, q.sendable(), "a shallow queue: every free slot goes out");
        long now = MS;
        while (q.depth() < 400) {
            q.requested(q.sendable(), now);
            q.received(B, ++now);
        }
        q.requested(q.room(), now);
        assertEquals(400, q.outstanding());
        for (int i = 1; i < RequestQueue.MAX_BATCH; i++) {
            q.received(B, ++now);
            assertEquals(0, q.sendable(), "waits for a batch: " + i + " free of 400");
        }
        q.received(B, ++now);
        assertEquals(RequestQueue.MAX_BATCH, q.sendable());
        q.dropped(q.outstanding() - 3);
        assertEquals(q.room(), q.sendable(), "a queue running low is topped up whatever the batch");
    }

    @Test
    void leavesSlowStartWhenTheRateStopsGrowingAndFollowsTheRate() {
        RequestQueue q = new RequestQueue();
        long now = 0;
        // 1 MiB/s for three seconds: 64 blocks a second
        for (int sec = 0; sec < 3; sec++) {
            for (int i = 0; i < 64; i++) {
                q.requested(1, now);
                now += 15 * MS;
                q.received(B, now);
            }
            now = (sec + 1) * S;
            q.tick(now);
        }
        assertFalse(q.inSlowStart());
        // 1 MiB/s × 3 s / 16 KiB = 192
        assertEquals(192, q.depth(), 8);
    }

    @Test
    void depthIsClampedToItsBounds() {
        RequestQueue q = new RequestQueue(2, 10, Duration.ofSeconds(3), Duration.ofSeconds(60));
        long now = 0;
        for (int sec = 0; sec < 3; sec++) {
            for (int i = 0; i < 640; i++) {
                q.requested(1, now);
                q.received(B, now);
            }
            now += S;
            q.tick(now);
        }
        assertEquals(10, q.depth());
        // a long round trip raises the horizon, but the rate is nil: the floor holds
        RequestQueue slow = new RequestQueue(2, 500, Duration.ofSeconds(3), Duration.ofSeconds(600));
        slow.requested(1, 0);
        slow.received(B, 0);
        slow.tick(S);
        slow.tick(2 * S);
        slow.tick(100 * S);
        assertEquals(2, slow.depth());
    }

    @Test
    void theDepthStaysWithinWhatThePeerSaidItQueues() {
        RequestQueue q = new RequestQueue();
        long now = 0;
        for (int i = 0; i < 100; i++) {
            q.requested(1, now);
            q.received(B, now);
        }
        assertEquals(RequestQueue.INITIAL_DEPTH + 100, q.depth());
        q.peerQueues(50);
        assertEquals(50, q.depth(), "lowered at once");
        for (int sec = 0; sec < 3; sec++) {
            for (int i = 0; i < 6400; i++) {
                q.requested(1, now);
                q.received(B, now);
            }
            now += S;
            q.tick(now);
        }
        assertEquals(50, q.depth(), "100 MiB/s would want the most, 500");
        q.peerQueues(0);
        assertEquals(1, q.depth(), "a peer announcing no room still gets one request at a time");
    }

    @Test
    void aLongRoundTripDeepensTheQueue() {
        RequestQueue q = new RequestQueue();
        long now = 0;
        // 10 blocks a second, each answered 5 s after its request
        for (int sec = 0; sec < 8; sec++) {
            for (int i = 0; i < 10; i++) {
                q.requested(1, now);
            }
            if (sec >= 5) {
                for (int i = 0; i < 10; i++) {
                    q.received(B, now);
                }
            }
            now += S;
            q.tick(now);
        }
        assertEquals(5, q.roundTrip().toSeconds());
        // rate 160 KiB/s over the 3 s seen, horizon 10 s: 100 blocks
        assertEquals(100, q.depth(), 5);
    }

    @Test
    void noBlockForSixtySecondsWithRequestsOutIsASnub() {
        RequestQueue q = new RequestQueue();
        q.requested(4, 0);
        q.received(B, S);
        assertFalse(q.tick(60 * S), "59 s since the last block");
        assertTrue(q.tick(61 * S));
        assertTrue(q.isSnubbed());
        assertEquals(1, q.depth());
        assertEquals(0, q.outstanding(), "its requests went back to the picker");
        assertEquals(1, q.room());
        assertFalse(q.tick(200 * S), "reported once");
        q.requested(1, 200 * S);
        q.received(B, 201 * S);
        assertFalse(q.isSnubbed());
    }

    @Test
    void anIdlePeerIsNotSnubbed() {
        RequestQueue q = new RequestQueue();
        assertFalse(q.tick(1000 * S), "nothing was asked");
        q.requested(2, 1000 * S);
        assertFalse(q.tick(1059 * S), "the clock starts at the request, not at the last block");
        assertTrue(q.tick(1060 * S));
    }

    @Test
    void droppedRequestsFreeRoom() {
        RequestQueue q = new RequestQueue();
        q.requested(4, 0);
        q.dropped(3);
        assertEquals(1, q.outstanding());
        q.dropped(5);
        assertEquals(0, q.outstanding());
        assertEquals(4, q.room());
    }
}

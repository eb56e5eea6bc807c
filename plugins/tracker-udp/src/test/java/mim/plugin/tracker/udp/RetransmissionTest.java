package mim.plugin.tracker.udp;

import static mim.plugin.tracker.udp.Fixtures.await;
import static mim.plugin.tracker.udp.Fixtures.failure;
import static mim.plugin.tracker.udp.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import mim.core.spi.AnnounceResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Lost datagrams, the BEP 15 backoff, and connection ids that expire (on an injected clock). */
class RetransmissionTest {
    private static final long MINUTE = TimeUnit.SECONDS.toNanos(60);

    private final AtomicLong clock = new AtomicLong();
    private final FakeTracker tracker = FakeTracker.open();
    private final UdpTrackerClient client = Fixtures.client(clock, Fixtures.QUICK_BUT_PERSISTENT);

    @AfterEach
    void close() {
        client.close();
        tracker.close();
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    @Test
    void lostRequestsAreResentAfterDoublingWaits() throws Exception {
        long start = System.nanoTime();
        CompletableFuture<AnnounceResponse> answer = client.announce(tracker.url("/a"), request(null));
        FakeTracker.Received first = tracker.receiveAny();
        FakeTracker.Received second = tracker.receiveAny();
        FakeTracker.Received third = tracker.receiveAny();
        // A resend keeps its transaction id, so an answer to any copy counts.
        assertEquals(first.transactionId(), second.transactionId());
        assertEquals(first.transactionId(), third.transactionId());
        // Lower bounds only: the test thread may see a datagram late, never early.
        assertTrue(millis(second.arrivedNanos() - start) >= 50, "first wait is the base");
        assertTrue(millis(third.arrivedNanos() - start) >= 50 + 100, "second wait is twice the base");

        tracker.acceptConnect(first, 42);
        FakeTracker.Received announce = tracker.receive();
        assertEquals(42, announce.connectionId());
        tracker.send(announce.sender(), FakeTracker.announced(announce.transactionId(), 60, 0, 0, new byte[0]));
        await(answer);
    }

    @Test
    void bep15WaitsDoubleFrom15SecondsForNineTries() {
        assertEquals(9, Retransmission.BEP15.tries());
        assertEquals(TimeUnit.SECONDS.toNanos(15), Retransmission.BEP15.waitNanos(0));
        assertEquals(TimeUnit.SECONDS.toNanos(3840), Retransmission.BEP15.waitNanos(8));
    }

    @Test
    void anExchangeGivesUpAfterTheLastTry() throws Exception {
        try (UdpTrackerClient impatient = Fixtures.client(clock, Fixtures.QUICK)) {
            CompletableFuture<AnnounceResponse> answer = impatient.announce(tracker.url("/a"), request(null));
            tracker.acceptConnect(tracker.receiveConnect(), 42);
            for (int i = 0; i < 3; i++) {
                assertEquals(1, tracker.receiveAny().action(), "announce, sent or resent");
            }
            assertEquals("udp tracker " + tracker.url("/a") + " did not answer after 3 tries",
                    failure(answer).getMessage());
            tracker.receiveNothingWithin(200);
        }
    }

    @Test
    void aConnectionIdServesForAMinuteThenANewOneIsAskedFor() throws Exception {
        announceWithConnect(42);

        CompletableFuture<AnnounceResponse> reused = client.announce(tracker.url("/a"), request(null));
        FakeTracker.Received direct = tracker.receive();
        assertEquals(1, direct.action(), "no connect within the minute");
        assertEquals(42, direct.connectionId());
        tracker.send(direct.sender(), FakeTracker.announced(direct.transactionId(), 60, 0, 0, new byte[0]));
        await(reused);

        clock.addAndGet(MINUTE);
        announceWithConnect(43);
    }

    @Test
    void aResendAfterTheIdExpiredConnectsFirst() throws Exception {
        announceWithConnect(42);

        CompletableFuture<AnnounceResponse> answer = client.announce(tracker.url("/a"), request(null));
        FakeTracker.Received lost = tracker.receive();
        assertEquals(42, lost.connectionId());
        clock.addAndGet(MINUTE); // the minute passes while the announce waits for its answer
        FakeTracker.Received connect = tracker.receiveConnect();
        tracker.acceptConnect(connect, 43);
        FakeTracker.Received announce = tracker.receive();
        assertEquals(43, announce.connectionId());
        tracker.send(announce.sender(), FakeTracker.announced(announce.transactionId(), 60, 0, 0, new byte[0]));
        await(answer);
    }

    private void announceWithConnect(long connectionId) throws Exception {
        CompletableFuture<AnnounceResponse> answer = client.announce(tracker.url("/a"), request(null));
        tracker.acceptConnect(tracker.receiveConnect(), connectionId);
        FakeTracker.Received announce = tracker.receive();
        assertEquals(connectionId, announce.connectionId());
        tracker.send(announce.sender(), FakeTracker.announced(announce.transactionId(), 60, 0, 0, new byte[0]));
        await(answer);
    }

    @Test
    void closingFailsWhatIsInFlightAndWhatComesAfter() throws Exception {
        CompletableFuture<AnnounceResponse> pending = client.announce(tracker.url("/a"), request(null));
        tracker.receiveConnect();
        client.close();
        assertEquals("udp tracker client is closed", failure(pending).getMessage());
        assertEquals("udp tracker client is closed",
                failure(client.announce(tracker.url("/a"), request(null))).getMessage());
        client.close(); // twice is harmless
    }

    @Test
    void requestsBeyondTheBoundFailAtOnceAndACancelFreesItsPlace() throws Exception {
        try (UdpTrackerClient small = Fixtures.client(clock, Fixtures.PATIENT, 1, InetAddress::getByName)) {
            CompletableFuture<AnnounceResponse> first = small.announce(tracker.url("/a"), request(null));
            tracker.receiveConnect();
            assertEquals("too many udp tracker requests in flight (at most 1)",
                    failure(small.announce(tracker.url("/a"), request(null))).getMessage());

            first.cancel(false); // the exchange ends on the loop before the next one starts there
            CompletableFuture<AnnounceResponse> next = small.announce(tracker.url("/a"), request(null));
            FakeTracker.Received connect = tracker.receiveConnect();
            tracker.acceptConnect(connect, 42);
            FakeTracker.Received announce = tracker.receive();
            tracker.send(announce.sender(), FakeTracker.announced(announce.transactionId(), 60, 0, 0, new byte[0]));
            await(next);
        }
    }
}

package mim.plugin.tracker.udp;

import static mim.plugin.tracker.udp.Fixtures.await;
import static mim.plugin.tracker.udp.Fixtures.bytes;
import static mim.plugin.tracker.udp.Fixtures.failure;
import static mim.plugin.tracker.udp.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import mim.core.MimException;
import mim.core.spi.AnnounceResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Scrapes (action 2), and host names looked up away from the event loop. */
class ScrapeAndLookupTest {
    private final FakeTracker tracker = FakeTracker.open();
    private final AtomicReference<String> lookupThread = new AtomicReference<>();
    private final UdpTrackerClient client = Fixtures.client(new AtomicLong(), Fixtures.PATIENT,
            UdpTrackerClient.DEFAULT_MAX_PENDING, this::lookup);

    /** Knows one name, tracker.test, as the loopback address. */
    private InetAddress lookup(String host) throws UnknownHostException {
        lookupThread.set(Thread.currentThread().getName());
        if (host.equals("tracker.test")) {
            return InetAddress.getLoopbackAddress();
        }
        throw new UnknownHostException(host);
    }

    @AfterEach
    void close() {
        client.close();
        tracker.close();
    }

    @Test
    void scrapeSendsTheHashesAndReadsTheCountsInOrder() throws Exception {
        byte[] first = bytes(20, 1);
        byte[] second = bytes(20, 100);
        CompletableFuture<List<ScrapeStats>> answer = client.scrape(tracker.url("/announce"), List.of(first, second));
        tracker.acceptConnect(tracker.receiveConnect(), 42);
        FakeTracker.Received scrape = tracker.receive();
        int tid = scrape.transactionId();
        assertArrayEquals(ByteBuffer.allocate(56).putLong(42).putInt(2).putInt(tid).put(first).put(second).array(),
                scrape.bytes().array());

        // One entry for two hashes answers nothing asked; the right answer follows.
        tracker.send(scrape.sender(), ByteBuffer.allocate(20).putInt(2).putInt(tid).putInt(1).putInt(2).putInt(3)
                .array());
        tracker.send(scrape.sender(), ByteBuffer.allocate(32).putInt(2).putInt(tid)
                .putInt(5).putInt(10).putInt(7)
                .putInt(0).putInt(1).putInt(2).array());

        assertEquals(List.of(new ScrapeStats(5, 10, 7), new ScrapeStats(0, 1, 2)), await(answer));
        assertEquals(1, client.strayDatagrams());
    }

    @Test
    void aScrapeAsksForOneTo74Torrents() {
        URI url = tracker.url("/announce");
        assertThrows(IllegalArgumentException.class, () -> client.scrape(url, List.of()));
        assertThrows(IllegalArgumentException.class, () -> client.scrape(url, Collections.nCopies(75, bytes(20, 0))));
        assertThrows(IllegalArgumentException.class, () -> client.scrape(url, List.of(bytes(19, 0))));
    }

    @Test
    void hostNamesAreLookedUpOffTheEventLoop() throws Exception {
        URI url = URI.create("udp://tracker.test:" + tracker.port() + "/announce");
        CompletableFuture<AnnounceResponse> answer = client.announce(url, request(null));
        tracker.acceptConnect(tracker.receiveConnect(), 42);
        FakeTracker.Received announce = tracker.receive();
        tracker.send(announce.sender(), FakeTracker.announced(announce.transactionId(), 60, 0, 0, new byte[0]));
        await(answer);
        assertTrue(lookupThread.get().startsWith("mim-tracker-udp-dns"), lookupThread.get());
    }

    @Test
    void anUnknownHostFailsWithItsName() {
        URI url = URI.create("udp://nowhere.test:6969/announce");
        MimException.Network e = failure(client.announce(url, request(null)));
        assertEquals("cannot resolve udp tracker host nowhere.test (udp://nowhere.test:6969/announce)",
                e.getMessage());
        assertInstanceOf(UnknownHostException.class, e.getCause());
    }
}

package mim.plugin.tracker.udp;

import static mim.plugin.tracker.udp.Fixtures.INFO_HASH;
import static mim.plugin.tracker.udp.Fixtures.KEY;
import static mim.plugin.tracker.udp.Fixtures.PEER_ID;
import static mim.plugin.tracker.udp.Fixtures.await;
import static mim.plugin.tracker.udp.Fixtures.failure;
import static mim.plugin.tracker.udp.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import mim.core.spi.AnnounceResponse;
import mim.core.spi.TorrentEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bytes of connect and announce, the answer's parsing, and what the client refuses to believe. */
class AnnounceTest {
    private final FakeTracker tracker = FakeTracker.open();
    private final UdpTrackerClient client = Fixtures.client(new AtomicLong(), Fixtures.PATIENT);

    @AfterEach
    void close() {
        client.close();
        tracker.close();
    }

    /** The announce BEP 15 describes for {@link Fixtures#request}, then the URL data options. */
    private static byte[] expectedAnnounce(long connectionId, int transactionId, int event, byte[] options) {
        return ByteBuffer.allocate(98 + options.length).putLong(connectionId).putInt(1).putInt(transactionId)
                .put(INFO_HASH).put(PEER_ID).putLong(2000).putLong(3000).putLong(1000).putInt(event).putInt(0)
                .putInt(KEY).putInt(50).putShort((short) 6881).put(options).array();
    }

    private static byte[] peer(int a, int b, int c, int d, int port) {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d, (byte) (port >> 8), (byte) port};
    }

    @Test
    void sendsConnectThenAnnounceWithUrlDataAndReadsTheAnswer() throws Exception {
        CompletableFuture<AnnounceResponse> answer =
                client.announce(tracker.url("/announce?passkey=abc"), request(TorrentEvent.STARTED));

        FakeTracker.Received connect = tracker.receiveConnect();
        tracker.acceptConnect(connect, 0x0102030405060708L);
        FakeTracker.Received announce = tracker.receive();
        byte[] urlData = "/announce?passkey=abc".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream options = new ByteArrayOutputStream();
        options.write(2);
        options.write(urlData.length);
        options.write(urlData);
        options.write(0);
        assertArrayEquals(expectedAnnounce(0x0102030405060708L, announce.transactionId(), 2, options.toByteArray()),
                announce.bytes().array());

        ByteArrayOutputStream peers = new ByteArrayOutputStream();
        peers.write(peer(10, 0, 0, 1, 6881));
        peers.write(peer(192, 168, 1, 2, 65535));
        peers.write(peer(10, 0, 0, 3, 0)); // unreachable, dropped
        tracker.send(announce.sender(), FakeTracker.announced(announce.transactionId(), 1800, 7, 3,
                peers.toByteArray()));

        AnnounceResponse response = await(answer);
        assertEquals(Duration.ofSeconds(1800), response.interval());
        assertEquals(7, response.leechers());
        assertEquals(3, response.seeders());
        assertEquals(List.of(new InetSocketAddress("10.0.0.1", 6881), new InetSocketAddress("192.168.1.2", 65535)),
                response.peers());
        assertNull(response.minInterval());
        assertNull(response.trackerId());
    }

    @Test
    void urlDataLongerThan255BytesGoesInSeveralOptions() throws Exception {
        String path = "/" + "p".repeat(299) + "?k=" + "v".repeat(100); // 403 bytes
        CompletableFuture<AnnounceResponse> answer = client.announce(tracker.url(path), request(null));
        tracker.acceptConnect(tracker.receiveConnect(), 42);
        FakeTracker.Received announce = tracker.receive();

        byte[] urlData = path.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream options = new ByteArrayOutputStream();
        options.write(2);
        options.write(255);
        options.write(urlData, 0, 255);
        options.write(2);
        options.write(urlData.length - 255);
        options.write(urlData, 255, urlData.length - 255);
        options.write(0);
        assertArrayEquals(expectedAnnounce(42, announce.transactionId(), 0, options.toByteArray()),
                announce.bytes().array());
        tracker.send(announce.sender(), FakeTracker.announced(announce.transactionId(), 60, 0, 0, new byte[0]));
        assertEquals(List.of(), await(answer).peers());
    }

    @Test
    void aUrlWithoutPathSendsNoOptions() throws Exception {
        CompletableFuture<AnnounceResponse> answer = client.announce(tracker.url(""), request(TorrentEvent.STOPPED));
        tracker.acceptConnect(tracker.receiveConnect(), 42);
        FakeTracker.Received announce = tracker.receive();
        assertArrayEquals(expectedAnnounce(42, announce.transactionId(), 3, new byte[0]), announce.bytes().array());
        tracker.send(announce.sender(), FakeTracker.announced(announce.transactionId(), 60, 0, 0, new byte[0]));
        await(answer);
    }

    @Test
    void anErrorReplyFailsWithTheTrackersMessageAndTheNextAnnounceConnectsAgain() throws Exception {
        CompletableFuture<AnnounceResponse> first = client.announce(tracker.url("/a"), request(null));
        tracker.acceptConnect(tracker.receiveConnect(), 42);
        FakeTracker.Received announce = tracker.receive();
        // A C1 control, U+009B, starts an escape sequence on some terminals.
        tracker.send(announce.sender(), FakeTracker.error(announce.transactionId(), "torrent not\nregistered\0\u009b"));
        assertEquals("udp tracker " + tracker.url("/a") + ": torrent not registered", failure(first).getMessage());

        CompletableFuture<AnnounceResponse> second = client.announce(tracker.url("/a"), request(null));
        tracker.acceptConnect(tracker.receiveConnect(), 43);
        FakeTracker.Received again = tracker.receive();
        assertEquals(43, again.connectionId());
        tracker.send(again.sender(), FakeTracker.announced(again.transactionId(), 60, 0, 0, new byte[0]));
        await(second);
    }

    @Test
    void repliesThatAnswerNothingAskedAreIgnored() throws Exception {
        CompletableFuture<AnnounceResponse> answer = client.announce(tracker.url("/a"), request(null));
        tracker.acceptConnect(tracker.receiveConnect(), 42);
        FakeTracker.Received announce = tracker.receive();
        int tid = announce.transactionId();

        tracker.send(announce.sender(), FakeTracker.announced(tid + 1, 60, 0, 0, new byte[0]));
        try (DatagramSocket spoofer = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            byte[] forged = FakeTracker.announced(tid, 60, 0, 0, peer(6, 6, 6, 6, 666));
            spoofer.send(new DatagramPacket(forged, forged.length, announce.sender()));
        }
        tracker.send(announce.sender(), ByteBuffer.allocate(16).putInt(0).putInt(tid).putLong(7).array());
        tracker.send(announce.sender(), FakeTracker.announced(tid, 60, 1, 2, peer(1, 2, 3, 4, 5)));

        assertEquals(List.of(new InetSocketAddress("1.2.3.4", 5)), await(answer).peers());
        assertEquals(3, client.strayDatagrams());
        assertEquals(0, client.malformedDatagrams());
    }

    @Test
    void malformedDatagramsAreIgnoredAndCounted() throws Exception {
        CompletableFuture<AnnounceResponse> answer = client.announce(tracker.url("/a"), request(null));
        FakeTracker.Received connect = tracker.receiveConnect();
        tracker.send(connect.sender(), new byte[] {0, 0, 0});
        tracker.send(connect.sender(), ByteBuffer.allocate(12).putInt(0).putInt(connect.transactionId()).array());
        tracker.acceptConnect(connect, 42);
        FakeTracker.Received announce = tracker.receive();
        int tid = announce.transactionId();
        tracker.send(announce.sender(), FakeTracker.announced(tid, 60, 0, 0, new byte[] {1, 2, 3, 4, 5, 6, 7}));
        tracker.send(announce.sender(), FakeTracker.announced(tid, -1, 0, 0, new byte[0]));
        tracker.send(announce.sender(), ByteBuffer.allocate(20).putInt(9).putInt(tid).array());
        tracker.send(announce.sender(), FakeTracker.announced(tid, 60, 0, 0, peer(1, 2, 3, 4, 5)));

        assertEquals(1, await(answer).peers().size());
        assertEquals(5, client.malformedDatagrams());
        assertEquals(0, client.strayDatagrams());
    }

    @Test
    void aTrackerReachedOverIpv6GivesIpv6Peers() throws Exception {
        try (FakeTracker v6 = new FakeTracker(InetAddress.getByName("::1"))) {
            CompletableFuture<AnnounceResponse> answer = client.announce(v6.url("/a"), request(null));
            v6.acceptConnect(v6.receiveConnect(), 42);
            FakeTracker.Received announce = v6.receive();
            byte[] entry = ByteBuffer.allocate(18).put(InetAddress.getByName("2001:db8::7").getAddress())
                    .putShort((short) 51413).array();
            v6.send(announce.sender(), FakeTracker.announced(announce.transactionId(), 60, 0, 1, entry));
            assertEquals(List.of(new InetSocketAddress("2001:db8::7", 51413)), await(answer).peers());
        }
    }

    @Test
    void badUrlsFailAtOnceAndOnlyUdpIsSupported() {
        assertTrue(client.supports(URI.create("UDP://tracker.example:80/announce")));
        assertFalse(client.supports(URI.create("http://tracker.example/announce")));
        assertEquals("udp tracker URL has no port: udp://tracker.example/announce",
                failure(client.announce(URI.create("udp://tracker.example/announce"), request(null))).getMessage());
        assertEquals("not a udp tracker URL: http://tracker.example:80/announce",
                failure(client.announce(URI.create("http://tracker.example:80/announce"), request(null)))
                        .getMessage());
    }

    @Test
    void eachEventHasItsNumberAt80() {
        int[] expected = {0, 1, 2, 3};
        TorrentEvent[] events = {null, TorrentEvent.COMPLETED, TorrentEvent.STARTED, TorrentEvent.STOPPED};
        for (int i = 0; i < events.length; i++) {
            ByteBuf out = Unpooled.buffer();
            try {
                Requests.writeAnnounce(out, 1, 2, request(events[i]), new byte[0]);
                assertEquals(Requests.ANNOUNCE_LENGTH, out.readableBytes());
                assertEquals(expected[i], out.getInt(80), String.valueOf(events[i]));
            } finally {
                out.release();
            }
        }
    }
}

package mim.plugin.tracker.udp;

import static mim.plugin.tracker.udp.Fixtures.INFO_HASH;
import static mim.plugin.tracker.udp.Fixtures.KEY;
import static mim.plugin.tracker.udp.Fixtures.PEER_ID;
import static mim.plugin.tracker.udp.Fixtures.await;
import static mim.plugin.tracker.udp.Fixtures.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import mim.core.spi.AnnounceRequest;
import mim.core.spi.AnnounceResponse;
import mim.core.spi.TorrentEvent;
import mim.core.spi.TransferStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An announce goes out from the address the request names: opentracker takes the source of the
 * datagram for the peer's address. Linux routes all of 127.0.0.0/8 to loopback, so a tracker on
 * 127.0.0.1 sees which 127.0.0.x each datagram came from.
 */
class SourceAddressTest {
    private final FakeTracker tracker = FakeTracker.open();
    private final UdpTrackerClient client = Fixtures.client(new AtomicLong(), Fixtures.PATIENT);

    @AfterEach
    void close() {
        client.close();
        tracker.close();
    }

    private static AnnounceRequest from(String local) throws Exception {
        return new AnnounceRequest(INFO_HASH, PEER_ID, 6881, new TransferStats(0, 0, 0), TorrentEvent.STARTED, 50,
                KEY, null, local == null ? null : InetAddress.getByName(local));
    }

    /** Connects and announces one request to completion; returns the source of its announce. */
    private InetSocketAddress announceFrom(String local) throws Exception {
        CompletableFuture<AnnounceResponse> answer = client.announce(tracker.url("/announce"), from(local));
        FakeTracker.Received connect = tracker.receiveConnect();
        tracker.acceptConnect(connect, 77);
        FakeTracker.Received announce = tracker.receive();
        assertEquals(connect.sender(), announce.sender(), "connect and announce share a socket");
        tracker.send(announce.sender(), FakeTracker.announced(announce.transactionId(), 1800, 0, 1, new byte[0]));
        await(answer);
        return (InetSocketAddress) announce.sender();
    }

    @Test
    void announcesFromTheRequestsLocalAddress() throws Exception {
        assertEquals(InetAddress.getByName("127.0.0.7"), announceFrom("127.0.0.7").getAddress());
    }

    @Test
    void keepsOneSocketPerLocalAddress() throws Exception {
        InetSocketAddress seven = announceFrom("127.0.0.7");
        InetSocketAddress eight = announceFrom("127.0.0.8");
        InetSocketAddress any = announceFrom(null);

        assertEquals(InetAddress.getByName("127.0.0.7"), seven.getAddress());
        assertEquals(InetAddress.getByName("127.0.0.8"), eight.getAddress());
        assertEquals(InetAddress.getLoopbackAddress(), any.getAddress(), "the system's pick towards 127.0.0.1");
        // The connection id 127.0.0.7 got is still good: its socket is reused, no second connect.
        CompletableFuture<AnnounceResponse> again = client.announce(tracker.url("/announce"), from("127.0.0.7"));
        FakeTracker.Received announce = tracker.receiveAny();
        assertEquals(seven, announce.sender());
        assertEquals(77, announce.connectionId());
        tracker.send(announce.sender(), FakeTracker.announced(announce.transactionId(), 1800, 0, 1, new byte[0]));
        await(again);
    }

    @Test
    void saysAtOnceThatAnIpv6TrackerCannotBeReachedFromAnIpv4Address() throws Exception {
        String message = failure(client.announce(URI.create("udp://[::1]:9"), from("127.0.0.7"))).getMessage();
        assertEquals("udp tracker udp://[::1]:9: cannot reach 0:0:0:0:0:0:0:1 from 127.0.0.7, the one address"
                + " announces are sent from (--listen-addr): IPv4 only", message);
    }

    @Test
    void saysWhichAddressCannotBeBound() throws Exception {
        // 192.0.2.1 (TEST-NET-1) is on no interface of this machine: binding to it fails at once.
        String message = failure(client.announce(tracker.url("/announce"), from("192.0.2.1"))).getMessage();
        assertTrue(message.contains("on 192.0.2.1"), message);
    }
}

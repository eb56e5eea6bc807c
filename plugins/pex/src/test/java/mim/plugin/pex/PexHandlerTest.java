package mim.plugin.pex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import mim.core.spi.PeerSink;
import mim.core.spi.TransferStats;
import mim.core.spi.WirePeer;
import org.junit.jupiter.api.Test;

/** One torrent's peer exchange, driven by hand: fake peers, a clock the test sets. */
class PexHandlerTest {
    private static final long SECOND = 1_000_000_000L;
    private static final Duration INTERVAL = Duration.ofSeconds(10);

    private long now;
    private final Sink sink = new Sink();
    private final PexHandler pex = new PexHandler(sink, INTERVAL, () -> now);

    @Test
    void eachPeerThatEnabledPexHearsOfItsOtherListenablePeersOnceAnInterval() throws Exception {
        FakePeer a = join(new FakePeer("10.0.0.1", 1, true).seed().encrypted());
        FakePeer b = join(new FakePeer("10.0.0.2", 2, true));
        FakePeer c = join(new FakePeer("10.0.0.3", 3, false));
        FakePeer d = join(new FakePeer(null, 0, true));

        pex.tick();
        assertEquals(List.of(peer(b, 0), peer(c, 0)), a.only().added(), "not itself, not one without an address");
        assertEquals(List.of(peer(a, PexMessage.SEED | PexMessage.PREFERS_ENCRYPTION), peer(c, 0)), b.only().added());
        assertEquals(List.of(), c.sent, "it did not enable ut_pex");
        assertEquals(List.of(peer(a, 3), peer(b, 0), peer(c, 0)), d.only().added());

        now = INTERVAL.toNanos() - 1;
        pex.peerLeft(c);
        pex.tick();
        assertEquals(1, a.sent.size(), "the interval is not up");

        now = INTERVAL.toNanos();
        pex.tick();
        PexMessage second = PexMessage.decode(a.sent.get(1));
        assertEquals(List.of(), second.added());
        assertEquals(List.of(c.address), second.dropped());

        now = 3 * INTERVAL.toNanos();
        pex.tick();
        assertEquals(2, a.sent.size(), "nothing changed, nothing sent");
    }

    @Test
    void peersHeardOfGoToTheSinkAndMessagesComingTooOftenAreIgnored() throws Exception {
        FakePeer a = join(new FakePeer("10.0.0.1", 1, true));
        byte[] message = new PexMessage(List.of(new PexMessage.Peer(at("10.9.0.1", 6881), PexMessage.SEED),
                new PexMessage.Peer(a.address, 0)), List.of()).encode();
        pex.received(a, message);
        assertEquals(List.of(List.of(at("10.9.0.1", 6881))), sink.found, "not the sender itself");
        assertEquals("1 peer heard of", sink.status);

        now = 44 * SECOND;
        for (int i = 0; i < 100; i++) {
            pex.received(a, message);
        }
        assertEquals(1, sink.found.size(), "a flood gains nothing");
        assertFalse(a.closed());

        now = 45 * SECOND;
        pex.received(a, message);
        assertEquals(2, sink.found.size());
        assertEquals("2 peers heard of", sink.status);
    }

    @Test
    void aMessageThatDoesNotDecodeClosesItsSender() {
        FakePeer a = join(new FakePeer("10.0.0.1", 1, true));
        pex.received(a, "d5:added5:12345e".getBytes(StandardCharsets.US_ASCII));
        assertTrue(a.closed());
        assertTrue(a.closedWhy.contains("ut_pex"), a.closedWhy);
        assertEquals(List.of(), sink.found);
    }

    @Test
    void nothingIsSentOrFoundAfterClose() {
        FakePeer a = join(new FakePeer("10.0.0.1", 1, true));
        join(new FakePeer("10.0.0.2", 2, true));
        pex.close();
        pex.tick();
        pex.received(a, new PexMessage(List.of(new PexMessage.Peer(at("10.9.0.1", 1), 0)), List.of()).encode());
        assertEquals(List.of(), a.sent);
        assertEquals(List.of(), sink.found);
    }

    @Test
    void theExtensionIsUtPexAndNeverRunsOnPrivateTorrents() {
        PexExtension e = new PexExtension();
        assertEquals("ut_pex", e.name());
        assertFalse(e.allowedOnPrivateTorrents());
    }

    private FakePeer join(FakePeer p) {
        pex.peerJoined(p);
        return p;
    }

    private static PexMessage.Peer peer(FakePeer p, int flags) {
        return new PexMessage.Peer(p.address, flags);
    }

    private static InetSocketAddress at(String ip, int port) {
        return new InetSocketAddress(ip, port);
    }

    /** A connected peer that records what it is sent and whether it was closed. */
    private static final class FakePeer implements WirePeer {
        final InetSocketAddress address;
        final boolean enabled;
        final List<byte[]> sent = new ArrayList<>();
        boolean seed;
        boolean encrypted;
        String closedWhy;

        FakePeer(String ip, int port, boolean enabled) {
            this.address = ip == null ? null : at(ip, port);
            this.enabled = enabled;
        }

        FakePeer seed() {
            seed = true;
            return this;
        }

        FakePeer encrypted() {
            encrypted = true;
            return this;
        }

        PexMessage only() throws MalformedPex {
            assertEquals(1, sent.size());
            return PexMessage.decode(sent.get(0));
        }

        boolean closed() {
            return closedWhy != null;
        }

        @Override
        public Optional<InetSocketAddress> listenAddress() {
            return Optional.ofNullable(address);
        }

        @Override
        public boolean isSeed() {
            return seed;
        }

        @Override
        public boolean isEncrypted() {
            return encrypted;
        }

        @Override
        public boolean enabled() {
            return enabled;
        }

        @Override
        public void send(byte[] payload) {
            assertNull(closedWhy, "sent to a closed peer");
            sent.add(payload);
        }

        @Override
        public void close(String why) {
            closedWhy = why;
        }
    }

    /** Records what the handler found. */
    private static final class Sink implements PeerSink {
        final List<List<InetSocketAddress>> found = new ArrayList<>();
        String status;

        @Override
        public void peers(String source, Collection<InetSocketAddress> peers) {
            assertEquals(PexHandler.SOURCE, source);
            found.add(List.copyOf(peers));
        }

        @Override
        public void status(String source, String message) {
            assertEquals(PexHandler.SOURCE, source);
            status = message;
        }

        @Override
        public TransferStats stats() {
            return new TransferStats(0, 0, 0);
        }
    }
}

package mim.core.session;

import static mim.core.session.Loopback.DEADLINE;
import static mim.core.session.Loopback.await;
import static mim.core.session.Loopback.local;
import static mim.core.session.Loopback.params;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import mim.core.metainfo.Metainfo;
import mim.core.spi.PeerLookup;
import mim.core.spi.PeerSink;
import mim.core.spi.PeerSource;
import mim.core.spi.TorrentEvent;
import mim.core.spi.TorrentIdentity;
import mim.core.spi.TransferStats;
import mim.core.testing.HostilePeer;
import mim.core.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A download left without any peer neither sits silent nor gives up: its status says why no peer is
 * usable, and after a while it asks its sources again (and again, further apart) and takes what
 * they find.
 */
@ExtendWith(LeakCheck.class)
class NoPeersTest {
    private static final int PIECE = 32 * 1024;

    @TempDir
    Path seedFolder;
    @TempDir
    Path leechFolder;

    private final byte[] data = TestTorrents.content(1024 * 1024 + 77, 5);

    @Test
    void theStatusSaysWhyNoPeerIsUsable() throws Exception {
        Metainfo m = TestTorrents.singleFile("alone.bin", data, PIECE);
        InetSocketAddress refusing;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.3"))) {
            refusing = (InetSocketAddress) s.getLocalSocketAddress();
        }
        try (Session leech = Loopback.session(new MemoryStorage(data.length, 1), 2);
             HostilePeer liar = HostilePeer.start(HostilePeer.Attack.CORRUPT_DATA, m.infoHash().truncated(), m.layout(),
                     data, InetAddress.getByName("127.0.0.2"))) {
            Torrent t = leech.add(params(m, leechFolder, List.of()));
            assertNull(t.status().noUsablePeers(), "nothing heard of yet: nothing to say");
            t.addPeers("test", List.of(liar.address(), refusing));

            await(() -> "no usable peers: 1 banned (corrupt data), 1 refusing".equals(t.status().noUsablePeers()),
                    "the status says the liar is banned and the other refuses");
            assertEquals(Map.of("corrupt data", 1), t.status().banned());
        }
    }

    @Test
    void aTorrentAloneAsksItsSourcesAgainFurtherApartAndTakesWhatTheyFind() throws Exception {
        Metainfo m = TestTorrents.singleFile("alone.bin", data, PIECE);
        AtomicInteger asked = new AtomicInteger();
        AtomicReference<InetSocketAddress> later = new AtomicReference<>();
        PeerSource slow = new PeerSource() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public PeerLookup start(TorrentIdentity torrent, PeerSink sink) {
                return new PeerLookup() {
                    @Override
                    public void event(TorrentEvent event, TransferStats stats) {
                    }

                    @Override
                    public void morePeers() {
                        // Knows of the seeder only from the second time it is asked.
                        if (asked.incrementAndGet() == 2) {
                            sink.peers("slow", List.of(later.get()));
                        }
                    }

                    @Override
                    public void close() {
                    }
                };
            }
        };
        MemoryStorage leechStore = new MemoryStorage(data.length, 1);
        UnaryOperator<Session.Builder> quick = b -> b.peerSources(List.of(slow)).quietBeforeRevive(Duration.ofSeconds(1));
        try (Session seed = Loopback.session(MemoryStorage.filled(data, 1), 1);
             Session leech = quick.apply(Loopback.builder(leechStore, 2, w -> w)).build()) {
            seed.add(params(m, seedFolder, List.of())).completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            later.set(local(seed));
            long start = System.nanoTime();
            Torrent t = leech.add(params(m, leechFolder, List.of()));

            t.completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertArrayEquals(data, leechStore.content());
            assertTrue(asked.get() >= 2, "asked after a second alone, then after two more: " + asked.get());
            // 1 s, then 2 s more: the second ask comes no sooner than 3 s after the start.
            assertTrue(waited >= 3000, "waited " + waited + " ms");
        }
    }
}

package mim.core.session;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import mim.core.metainfo.Metainfo;
import mim.core.spi.TrackerClient;
import mim.core.wire.EncryptionPolicy;
import mim.core.wire.PeerId;
import mim.core.wire.WireConfig;

/** What the engine tests on loopback share: sessions of ours on 127.0.0.1, and waits with deadlines. */
final class Loopback {
    static final Duration DEADLINE = Duration.ofSeconds(30);

    private Loopback() {}

    /** A one-thread session on 127.0.0.1 with the default wire, its peer id drawn from {@code seed}. */
    static Session session(MemoryStorage storage, long seed) throws Exception {
        return session(storage, seed, UnaryOperator.identity());
    }

    /** As {@link #session(MemoryStorage, long)}, the wire changed by {@code wire}. */
    static Session session(MemoryStorage storage, long seed, UnaryOperator<WireConfig> wire) throws Exception {
        return builder(storage, seed, wire).build();
    }

    /** A one-thread session with this encryption policy and these tracker clients. */
    static Session session(MemoryStorage storage, long seed, EncryptionPolicy encryption,
            List<TrackerClient> trackers, Duration refresh) throws Exception {
        return builder(storage, seed, w -> w.withEncryption(encryption)).trackers(trackers, refresh).build();
    }

    /** A one-thread session with the default wire that keeps at most this many connections a torrent. */
    static Session session(MemoryStorage storage, long seed, int peersPerTorrent) throws Exception {
        return builder(storage, seed, UnaryOperator.identity(), c -> c.withPeersPerTorrent(peersPerTorrent)).build();
    }

    /** A one-thread session on a free port of 127.0.0.1, to be given more before it is built. */
    static Session.Builder builder(MemoryStorage storage, long seed, UnaryOperator<WireConfig> wire) {
        return builder(storage, seed, wire, UnaryOperator.identity());
    }

    /** A one-thread session with the default wire on a free port of {@code host}, a loopback address. */
    static Session.Builder builder(MemoryStorage storage, long seed, InetAddress host) {
        return builder(storage, seed, UnaryOperator.identity(),
                c -> c.withListenAddress(new InetSocketAddress(host, 0)));
    }

    private static Session.Builder builder(MemoryStorage storage, long seed, UnaryOperator<WireConfig> wire,
            UnaryOperator<SessionConfig> config) {
        WireConfig w = wire.apply(WireConfig.defaults(PeerId.generate("-MM0001-", new Random(seed))));
        return Session.builder()
                .config(config.apply(SessionConfig.defaults(w).withListenAddress(new InetSocketAddress("127.0.0.1", 0))))
                .networkThreads(1)
                .storage(storage);
    }

    static TorrentParams params(Metainfo m, Path folder, List<InetSocketAddress> peers) {
        return new TorrentParams(m, folder, null, true, peers);
    }

    static InetSocketAddress local(Session s) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), s.listenPort());
    }

    /** Where a session built by {@link #builder(MemoryStorage, long, InetAddress)} on {@code host} listens. */
    static InetSocketAddress at(InetAddress host, Session s) {
        return new InetSocketAddress(host, s.listenPort());
    }

    /** Asks the torrent's own thread, which owns its state. */
    static <T> T onLoop(Torrent t, Callable<T> question) {
        try {
            return t.loop().submit(question).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Polls {@code condition} until it holds; fails after {@link #DEADLINE}. */
    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            assertFalse(System.nanoTime() > deadline, "timed out waiting until " + what);
            Thread.sleep(10);
        }
    }
}

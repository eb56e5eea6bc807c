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
import mim.core.metainfo.Metainfo;
import mim.core.spi.TrackerClient;
import mim.core.wire.EncryptionPolicy;
import mim.core.wire.PeerId;
import mim.core.wire.WireConfig;

/** Sessions of ours on 127.0.0.1 for engine tests, and ways to wait on them. */
final class Loopback {
    static final Duration DEADLINE = Duration.ofSeconds(30);

    private Loopback() {}

    /** A one-thread session on a free port, with this encryption policy and these tracker clients. */
    static Session session(MemoryStorage storage, long seed, EncryptionPolicy encryption,
            List<TrackerClient> trackers, Duration refresh) throws Exception {
        return builder(storage, seed, encryption).trackers(trackers, refresh).build();
    }

    /** A one-thread session on a free port, to be given its peer sources. */
    static Session.Builder builder(MemoryStorage storage, long seed, EncryptionPolicy encryption) {
        WireConfig wire = WireConfig.defaults(PeerId.generate("-MM0001-", new Random(seed))).withEncryption(encryption);
        return Session.builder()
                .config(SessionConfig.defaults(wire).withListenAddress(new InetSocketAddress("127.0.0.1", 0)))
                .networkThreads(1)
                .storage(storage);
    }

    static TorrentParams params(Metainfo m, Path folder, List<InetSocketAddress> peers) {
        return new TorrentParams(m, folder, null, true, peers);
    }

    static InetSocketAddress local(Session s) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), s.listenPort());
    }

    /** Asks the torrent's own thread, which owns its state. */
    static <T> T onLoop(Torrent t, Callable<T> question) {
        try {
            return t.loop().submit(question).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            assertFalse(System.nanoTime() > deadline, "timed out waiting until " + what);
            Thread.sleep(10);
        }
    }
}

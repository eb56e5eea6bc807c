package mim.core.session;

import static mim.core.session.Loopback.DEADLINE;
import static mim.core.session.Loopback.await;
import static mim.core.session.Loopback.local;
import static mim.core.session.Loopback.onLoop;
import static mim.core.session.Loopback.params;
import static mim.core.session.Loopback.session;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import mim.core.metainfo.Metainfo;
import mim.core.testing.HostilePeer;
import mim.core.testing.HostilePeer.Attack;
import mim.core.testing.LeakCheck;
import mim.core.wire.CloseReason;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A download from one good seeder of ours and one {@link HostilePeer}, given together: whatever the
 * hostile peer does costs it its connection (and, for corrupt data, its address), never the
 * download, which completes with every byte right while the seeder's connection stays up.
 */
@ExtendWith(LeakCheck.class)
class HostilePeerTest {
    private static final int PIECE = 32 * 1024;
    /** 129 pieces: the bitfield has spare bits. */
    private static final int SIZE = 4 * 1024 * 1024 + 1234;

    @TempDir
    Path seedFolder;
    @TempDir
    Path leechFolder;

    private final byte[] data = TestTorrents.content(SIZE, 11);

    /** An ended connection as the torrent saw it, and whether the download was still under way. */
    private record Closed(InetSocketAddress address, CloseReason reason, boolean downloading) {}

    @ParameterizedTest
    @EnumSource(Attack.class)
    void anAttackCostsThePeerItsConnectionNeverTheDownload(Attack attack) throws Exception {
        Metainfo m = TestTorrents.singleFile("hostile.bin", data, PIECE);
        MemoryStorage leechStore = new MemoryStorage(data.length, 1);
        InetAddress hostileIp = InetAddress.getByName("127.0.0.2");
        Queue<Closed> closes = new ConcurrentLinkedQueue<>();
        // A read timeout short enough to find the silent peer out within the test, long enough that a
        // flood keeping the loop busy (10,000 requests take a second with leak detection at PARANOID)
        // does not make the seeder look silent too.
        try (Session seed = session(MemoryStorage.filled(data, 1), 1);
             Session leech = session(leechStore, 2,
                     w -> w.withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(2)));
             HostilePeer hostile = HostilePeer.start(attack, m.infoHash().truncated(), m.layout(), data, hostileIp)) {
            seed.add(params(m, seedFolder, List.of())).completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            Torrent t = leech.add(params(m, leechFolder, List.of()));
            t.watchCloses((address, reason) -> closes.add(new Closed(address, reason, t.isDownloading())));
            t.addPeers("test", List.of(hostile.address(), local(seed)));

            t.completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertArrayEquals(sha256(data), sha256(leechStore.content()), "every byte right");
            for (Closed c : closes) {
                assertFalse(local(seed).equals(c.address()) && c.downloading(),
                        "the seeder's connection stayed up during the download: " + c.reason());
            }

            CloseReason.Kind expected = expectedClose(attack);
            if (expected == null) {
                assertFalse(closes.stream().anyMatch(c -> hostile.address().equals(c.address()) && c.downloading()),
                        "a well-behaved peer keeps its connection: " + closes);
            } else {
                hostile.awaitHangUp(DEADLINE);
                await(() -> closes.stream().anyMatch(c -> hostile.address().equals(c.address())),
                        "the torrent saw the hostile connection end");
                Closed c = closes.stream().filter(x -> hostile.address().equals(x.address())).findFirst().orElseThrow();
                assertEquals(expected, c.reason().kind(), c.reason().toString());
            }
            boolean banned = onLoop(t, () -> t.bans().isBanned(hostileIp));
            assertEquals(attack == Attack.CORRUPT_DATA, banned, "banned only for corrupt data");
            if (attack == Attack.CORRUPT_DATA) {
                assertEquals(1, hostile.connections(), "a banned address is not dialled again");
            }
        }
    }

    /** How the torrent ends each attack's connection; null for the well-behaved control. */
    private static CloseReason.Kind expectedClose(Attack attack) {
        return switch (attack) {
            case NONE, LATE_BITFIELD -> null;
            case CORRUPT_DATA, UNREQUESTED_BLOCKS -> CloseReason.Kind.CLOSED_BY_US;
            case WRONG_INFO_HASH -> CloseReason.Kind.HANDSHAKE_REFUSED;
            case SILENT -> CloseReason.Kind.TIMEOUT;
            case HUGE_LENGTH_PREFIX, BITFIELD_SPARE_BITS, BITFIELD_WRONG_LENGTH, HAVE_BEYOND_LAST_PIECE,
                    GARBAGE_AFTER_HANDSHAKE, REQUEST_FLOOD, HUGE_PIECE -> CloseReason.Kind.PROTOCOL_VIOLATION;
        };
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }
}

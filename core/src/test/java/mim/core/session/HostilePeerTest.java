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
import java.util.ArrayList;
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
import org.junit.jupiter.params.provider.ValueSource;

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
            if (attack == Attack.CLAIMS_MISSING_PIECES || attack == Attack.DUPLICATE_BLOCKS) {
                // Wasteful, not lying: it may lose its connection (to a read timeout, or for blocks
                // nobody asked for twice over), and never its address.
                assertFalse(onLoop(t, () -> t.bans().isBanned(hostileIp)), "not banned");
                return;
            } else if (attack == Attack.LIES_IN_SHARED_PIECES) {
                // Whether it lied at all depends on whether it joined a piece the seeder started:
                // liarsSharingPiecesWithAnHonestSeederCostOnlyThemselves sees to that.
                return;
            } else if (expected == null) {
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
            boolean lies = attack == Attack.CORRUPT_DATA || attack == Attack.SOMETIMES_CORRUPT;
            assertEquals(lies, banned, "banned only for corrupt data");
            if (lies) {
                assertEquals(1, hostile.connections(), "a banned address is not dialled again");
            }
        }
    }

    /**
     * Four liars and one honest seeder, all at once: pieces mixing the liars' blocks with the
     * seeder's fail, and must cost the liars alone. Blaming every sender of a failed piece alike
     * would ban the seeder by its third shared failure and leave nothing to download from.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void liarsSharingPiecesWithAnHonestSeederCostOnlyThemselves(long seed) throws Exception {
        Metainfo m = TestTorrents.singleFile("mixed.bin", data, 16 * 16 * 1024);
        MemoryStorage leechStore = new MemoryStorage(data.length, 1);
        List<Attack> attacks = List.of(Attack.LIES_IN_SHARED_PIECES, Attack.SOMETIMES_CORRUPT,
                Attack.LIES_IN_SHARED_PIECES, Attack.CORRUPT_DATA);
        List<HostilePeer> liars = new ArrayList<>();
        try (Session seeder = session(MemoryStorage.filled(data, 1), 1); Session leech = session(leechStore, 2)) {
            for (int i = 0; i < attacks.size(); i++) {
                liars.add(HostilePeer.start(attacks.get(i), seed + i, m.infoHash().truncated(), m.layout(), data,
                        InetAddress.getByName("127.0.0." + (2 + i))));
            }
            seeder.add(params(m, seedFolder, List.of())).completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            Torrent t = leech.add(params(m, leechFolder, List.of()));
            List<InetSocketAddress> peers = new ArrayList<>(liars.stream().map(HostilePeer::address).toList());
            peers.add((int) (seed % (peers.size() + 1)), local(seeder));
            t.addPeers("test", peers);

            t.completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertArrayEquals(sha256(data), sha256(leechStore.content()), "every byte right");
            assertFalse(onLoop(t, () -> t.bans().isBanned(local(seeder).getAddress())), "the honest seeder is not banned");
            for (HostilePeer liar : liars) {
                // Every block it sent is wrong, and its first was asked of it alone: that one was used.
                if (liar.attack() == Attack.CORRUPT_DATA && liar.blocksSent() > 0) {
                    assertTrue(onLoop(t, () -> t.bans().isBanned(liar.address().getAddress())),
                            liar.attack() + " at " + liar.address() + " is banned");
                }
            }
        } finally {
            for (HostilePeer liar : liars) {
                liar.close();
            }
        }
    }

    /** How the torrent ends each attack's connection; null for the well-behaved control. */
    private static CloseReason.Kind expectedClose(Attack attack) {
        return switch (attack) {
            case NONE, LATE_BITFIELD -> null;
            case CORRUPT_DATA, SOMETIMES_CORRUPT, UNREQUESTED_BLOCKS -> CloseReason.Kind.CLOSED_BY_US;
            case CLAIMS_MISSING_PIECES, DUPLICATE_BLOCKS, LIES_IN_SHARED_PIECES -> null;
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

package mim.core.session;

import static mim.core.session.Loopback.DEADLINE;
import static mim.core.session.Loopback.await;
import static mim.core.session.Loopback.local;
import static mim.core.session.Loopback.onLoop;
import static mim.core.session.Loopback.params;
import static mim.core.session.Loopback.session;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mim.core.metainfo.Metainfo;
import mim.core.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeder with upload slots to spare unchokes a peer as soon as it joins, interested or not: some
 * clients (rtorrent) say they are interested only once unchoked, and would otherwise wait for the
 * choker's next regular round.
 */
@ExtendWith(LeakCheck.class)
class SpareSlotTest {
    private static final int PIECE = 16 * 1024;
    private static final byte[] DATA = TestTorrents.content(8 * PIECE + 3, 7);
    private static final int UNCHOKE = 1;
    /** The choker's regular round comes every tenth tick of the torrent's one-second timer. */
    private static final int ROUND_TICKS = 10;

    @TempDir
    Path folder;

    @Test
    void aPeerThatSaysNothingIsUnchokedBeforeTheNextRound() throws Exception {
        Metainfo m = TestTorrents.singleFile("spare.bin", DATA, PIECE);
        try (Session seed = session(MemoryStorage.filled(DATA, 1), 1)) {
            Torrent t = seed.add(params(m, folder, List.of()));
            t.completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            // Early in a round, so that an unchoke at join time cannot straddle the next one.
            await(() -> onLoop(t, t::ticks) % ROUND_TICKS <= ROUND_TICKS / 2, "early in a choker round");
            try (RawPeer peer = RawPeer.connect(local(seed), m.infoHash().truncated(), "-TT0001-")) {
                int joinedAt = onLoop(t, t::ticks);
                int unchokedAt = -1;
                while (unchokedAt < 0) {
                    RawPeer.Received r = peer.read();
                    if (r.id() == UNCHOKE) {
                        unchokedAt = onLoop(t, t::ticks);
                    }
                }
                assertTrue(unchokedAt / ROUND_TICKS == joinedAt / ROUND_TICKS,
                        "unchoked at tick " + unchokedAt + ", not by the round after tick " + joinedAt);
            }
        }
    }
}

package mim.core.session;

import static mim.core.session.Loopback.DEADLINE;
import static mim.core.session.Loopback.await;
import static mim.core.session.Loopback.local;
import static mim.core.session.Loopback.params;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import mim.core.metainfo.Metainfo;
import mim.core.spi.AddRequest;
import mim.core.spi.Limits;
import mim.core.spi.NoSuchTorrentException;
import mim.core.spi.SessionControl;
import mim.core.spi.TorrentStats;
import mim.core.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A torrent's own limits set through the control surface while it runs, on loopback: its rate holds
 * under its own limit while the session has none, and lifting the limit lets it go at once.
 */
@ExtendWith(LeakCheck.class)
class TorrentLimitsTest {
    private static final long LIMIT = 512 << 10;

    @TempDir
    Path seedFolder;
    @TempDir
    Path root;

    private final byte[] data = TestTorrents.content(11 << 20, 5);

    @Test
    void aTorrentsOwnLimitHoldsAndLiftingItAppliesAtOnce() throws Exception {
        byte[] file = TestTorrents.singleFileBytes("own.bin", data, 256 * 1024);
        MemoryStorage leechStore = new MemoryStorage(data.length, 1);
        try (Session seed = Loopback.builder(MemoryStorage.filled(data, 1), 1, UnaryOperator.identity()).build();
             Session leech = Loopback.builder(leechStore, 2, UnaryOperator.identity()).outputFolder(root).build()) {
            seed.add(params(Metainfo.parse(file), seedFolder, List.of())).completion()
                    .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            SessionControl control = leech.control();
            int id = control.add(new AddRequest(new AddRequest.TorrentFile(file), null, null, null, null, true, false,
                    true, List.of(local(seed)), Set.of())).get(DEADLINE.toSeconds(), TimeUnit.SECONDS).details().summary().id();
            control.setLimits(id, new Limits(LIMIT, null, null, null)).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertEquals(LIMIT, control.limits(id).downloadBytesPerSecond());

            long start = System.nanoTime();
            control.start(id).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            long half = 5L << 20;
            await(() -> stats(control, id).progressBytes() >= half, "5 MiB arrive under the torrent's limit");
            double rate = (double) control.stats(id).progressBytes() / (System.nanoTime() - start) * 1e9;
            assertTrue(rate <= LIMIT * 1.1, String.format("%.0f bytes/s, limit %d", rate, LIMIT));

            control.setLimits(id, Limits.NONE).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            long lifted = System.nanoTime();
            await(() -> stats(control, id).finished(), "the rest arrives once the limit is lifted");
            long took = System.nanoTime() - lifted;
            // Six MiB and more were left: twelve seconds at the old limit.
            assertTrue(took < TimeUnit.SECONDS.toNanos(10), "the rest took " + took / 1_000_000 + " ms");
            assertArrayEquals(data, leechStore.content());
        }
    }

    private static TorrentStats stats(SessionControl control, int id) {
        try {
            return control.stats(id);
        } catch (NoSuchTorrentException e) {
            throw new AssertionError(e);
        }
    }
}

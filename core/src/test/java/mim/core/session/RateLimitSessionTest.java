package mim.core.session;

import static mim.core.session.Loopback.DEADLINE;
import static mim.core.session.Loopback.local;
import static mim.core.session.Loopback.params;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import mim.core.metainfo.Metainfo;
import mim.core.testing.LeakCheck;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A download between two sessions on loopback, one of them limited: 11 MiB at 1 MiB a second take
 * at least ten seconds, so the rate over those seconds stays within 10% of the limit (the bucket's
 * burst is a tenth of a second's worth). Loopback could carry it in a fraction of a second.
 */
@ExtendWith(LeakCheck.class)
class RateLimitSessionTest {
    private static final long LIMIT = 1 << 20;

    @TempDir
    Path seedFolder;
    @TempDir
    Path leechFolder;

    private final byte[] data = TestTorrents.content(11 << 20, 9);

    @ParameterizedTest
    @ValueSource(strings = {"download", "upload"})
    void theLimitedSideHoldsTheRate(String side) throws Exception {
        Metainfo m = TestTorrents.singleFile("limited.bin", data, 256 * 1024);
        MemoryStorage leechStore = new MemoryStorage(data.length, 1);
        UnaryOperator<Session.Builder> seedLimit = side.equals("upload") ? b -> b.uploadLimit(LIMIT) : b -> b;
        UnaryOperator<Session.Builder> leechLimit = side.equals("download") ? b -> b.downloadLimit(LIMIT) : b -> b;
        try (Session seed = seedLimit.apply(Loopback.builder(MemoryStorage.filled(data, 1), 1, w -> w)).build();
             Session leech = leechLimit.apply(Loopback.builder(leechStore, 2, w -> w)).build()) {
            seed.add(params(m, seedFolder, List.of())).completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            long start = System.nanoTime();
            Torrent t = leech.add(params(m, leechFolder, List.of(local(seed))));
            t.completion().get(DEADLINE.toSeconds() + 20, TimeUnit.SECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertArrayEquals(data, leechStore.content());
            double rate = (double) data.length / took.toNanos() * 1e9;
            assertTrue(rate <= LIMIT * 1.1, String.format("%.0f bytes/s over %s, limit %d", rate, took, LIMIT));
        }
    }
}

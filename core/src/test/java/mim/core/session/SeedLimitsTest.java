package mim.core.session;

import static mim.core.session.Loopback.DEADLINE;
import static mim.core.session.Loopback.await;
import static mim.core.session.Loopback.local;
import static mim.core.session.Loopback.params;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mim.core.metainfo.Metainfo;
import mim.core.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LeakCheck.class)
class SeedLimitsTest {
    @TempDir
    Path seedFolder;
    @TempDir
    Path leechFolder;

    private final byte[] data = TestTorrents.content(2 * 1024 * 1024 + 5, 3);

    @Test
    void theRatioCountsAgainstTheLargerOfDownloadedAndSize() {
        SeedLimits twice = new SeedLimits(2.0, null);
        assertNull(twice.reached(199, 0, 100, Duration.ZERO));
        assertEquals("ratio 2.00 reached the seed ratio 2.00", twice.reached(200, 0, 100, Duration.ZERO));
        assertNull(twice.reached(300, 200, 100, Duration.ZERO), "what was downloaded twice over counts");
        assertEquals("seeded for 60 s, the seed time",
                new SeedLimits(null, Duration.ofMinutes(1)).reached(0, 0, 100, Duration.ofSeconds(60)));
        assertNull(SeedLimits.NONE.reached(Long.MAX_VALUE / 4, 0, 1, Duration.ofDays(999)));
    }

    @Test
    void aSeederStopsOnceItSentTheTorrentOnceAndTheLeecherIsToldItFinished() throws Exception {
        Metainfo m = TestTorrents.singleFile("limited.bin", data, 64 * 1024);
        MemoryStorage leechStore = new MemoryStorage(data.length, 1);
        List<String> seederFinished = new CopyOnWriteArrayList<>();
        List<String> leechFinished = new CopyOnWriteArrayList<>();
        try (Session seed = Loopback.builder(MemoryStorage.filled(data, 1), 1, w -> w)
                     .seedLimits(new SeedLimits(1.0, null)).onFinished(t -> seederFinished.add(t.metainfo().name()))
                     .build();
             Session leech = Loopback.builder(leechStore, 2, w -> w)
                     .onFinished(t -> leechFinished.add(t.contentPath().toString())).build()) {
            Torrent seeding = seed.add(params(m, seedFolder, List.of()));
            seeding.completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            Torrent t = leech.add(params(m, leechFolder, List.of(local(seed))));
            t.completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertArrayEquals(data, leechStore.content());

            await(() -> seeding.state() == Torrent.State.STOPPED, "the seeder stopped at ratio 1");
            assertEquals(List.of(), seederFinished, "complete at start: it never finished a download");
            assertEquals(List.of(leechFolder.resolve("limited.bin").toString()), leechFinished);
        }
    }

    @Test
    void aSeedTimeStopsTheTorrent() throws Exception {
        Metainfo m = TestTorrents.singleFile("timed.bin", data, 64 * 1024);
        try (Session seed = Loopback.builder(MemoryStorage.filled(data, 1), 1, w -> w)
                .seedLimits(new SeedLimits(null, Duration.ofSeconds(1))).build()) {
            Torrent seeding = seed.add(params(m, seedFolder, List.of()));
            seeding.completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            await(() -> seeding.state() == Torrent.State.STOPPED, "the seeder stopped after its seed time");
        }
    }
}

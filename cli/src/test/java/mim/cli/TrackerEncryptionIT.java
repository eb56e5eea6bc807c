package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import mim.interop.Download;
import mim.interop.Encryption;
import mim.interop.Opentracker;
import mim.interop.Swarm;
import mim.interop.TestData;
import mim.interop.Torrent;
import org.junit.jupiter.api.Test;

/**
 * The packaged {@code mim download} finding its peer through a real tracker and talking to it
 * encrypted: libtorrent seeds with encryption forced (it accepts no plaintext connection), its
 * torrent announces only to opentracker over HTTP, and mim, given no {@code --peer}, requires
 * encryption too. Completing proves both: the seed's address came from the tracker, and no
 * connection could have been plain.
 */
class TrackerEncryptionIT {
    private static final Duration LONG = Duration.ofSeconds(120);

    @Test
    void downloadsFromALibtorrentSeedForcingEncryptionFoundThroughOpentracker() {
        try (Swarm swarm = Swarm.create()) {
            Opentracker tracker = swarm.opentracker();
            Path data = swarm.data("tracked.bin", 12L * 1024 * 1024 + 4321);
            Torrent torrent = swarm.torrent(data, tracker.httpUrl());
            swarm.libtorrent().encryption(Encryption.REQUIRE).seed(torrent, data);
            Download mim = swarm.mim().exitOnFinish().encryption(Encryption.REQUIRE)
                    .leech(torrent, swarm.newDir("mim-out"));

            assertEquals(0, mim.process().awaitExit(LONG), swarm::diagnostics);
            assertTrue(mim.process().output().contains("tracker: " + tracker.httpUrl() + ": "),
                    "the status line shows the tracker's answer:\n" + mim.process().output());
            Path out = mim.outDir();
            assertEquals(TestData.sha256(data), TestData.sha256(out.resolve(torrent.name())), swarm::diagnostics);
        }
    }
}

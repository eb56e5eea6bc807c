package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mim.interop.ClientKind;
import mim.interop.Download;
import mim.interop.Mim;
import mim.interop.Opentracker;
import mim.interop.Peer;
import mim.interop.Swarm;
import mim.interop.TestData;
import mim.interop.Torrent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * mim downloading from other programs: from each client seeding alone, from three at once and from
 * another mim. Every byte of every file is compared with the original (SHA-256).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MimLeechesIT {
    private static final Duration TRANSFER = Duration.ofSeconds(60);
    /** An empty file, a one-byte file, sizes that end mid-piece and mid-block, pieces across files. */
    static final String TREE = "a.bin=1,sub/b.bin=16383,c.bin=300K+7,zero.bin=0,sub/deeper/d.bin=40000,e.bin=1M+3";
    /** 32 KiB pieces: several files share a piece. */
    static final int PIECE_LOG2 = 15;

    @ParameterizedTest
    @EnumSource(ClientKind.class)
    void downloadsATreeFromEachClientSeedingAlone(ClientKind kind) {
        try (Swarm swarm = Swarm.create()) {
            // rtorrent refuses a torrent without trackers; every seeder announces over HTTP (aria2's UDP
            // announces come from the wrong address) and is listed before mim starts.
            Opentracker tracker = swarm.opentracker();
            Path data = swarm.tree("multi", TREE);
            Torrent torrent = swarm.torrent(data, PIECE_LOG2, false, tracker.httpUrl());
            Peer seeder = swarm.client(kind).seed(torrent, data);

            Download mim = swarm.mim().connectTo(seeder).exitOnFinish().leech(torrent, swarm.newDir("out"));

            assertComplete(swarm, data, mim, torrent);
        }
    }

    @Test
    void downloadsFromThreeDifferentClientsSeedingAtOnce() {
        try (Swarm swarm = Swarm.create()) {
            Opentracker tracker = swarm.opentracker();
            Path data = swarm.data("shared.bin", (16 << 20) + 12345);
            Torrent torrent = swarm.torrent(data, tracker.httpUrl());
            Mim mim = swarm.mim();
            for (ClientKind kind : new ClientKind[] {ClientKind.ARIA2, ClientKind.RTORRENT, ClientKind.TRANSMISSION}) {
                mim.connectTo(swarm.client(kind).seed(torrent, data));
            }

            Download download = mim.exitOnFinish().leech(torrent, swarm.newDir("out"));

            assertComplete(swarm, data, download, torrent);
        }
    }

    @Test
    void downloadsATreeFromAnotherMim() {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.tree("multi", TREE);
            Torrent torrent = swarm.torrent(data, PIECE_LOG2, false);
            Peer seeder = swarm.mim().seed(torrent, data);

            Download mim = swarm.mim().connectTo(seeder).exitOnFinish().leech(torrent, swarm.newDir("out"));

            assertComplete(swarm, data, mim, torrent);
        }
    }

    /** The download said it is complete, exited with 0, and every file is the original's. */
    static void assertComplete(Swarm swarm, Path original, Download mim, Torrent torrent) {
        mim.awaitComplete(TRANSFER);
        assertEquals(0, mim.process().awaitExit(TRANSFER), swarm::diagnostics);
        assertEquals(TestData.sha256(original), TestData.sha256(mim.outDir().resolve(torrent.name())),
                swarm::diagnostics);
    }
}

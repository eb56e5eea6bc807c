package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import mim.interop.ClientKind;
import mim.interop.Download;
import mim.interop.Peer;
import mim.interop.Swarm;
import mim.interop.TestData;
import mim.interop.Torrent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * mim seeding to other programs: each client leeching a tree from mim alone, mim dialing it or
 * being dialed. Every byte of every file is compared with the original (SHA-256).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MimSeedsIT {
    private static final Duration TRANSFER = Duration.ofSeconds(60);

    /**
     * Not rtorrent: it refuses a torrent without trackers, so it needs mim listed on one. aria2 sends
     * "have none" and some "have"s before its bitfield; mim takes the late bitfield as a replacement.
     */
    @ParameterizedTest
    @EnumSource(value = ClientKind.class, names = {"ARIA2", "LIBTORRENT", "TRANSMISSION"})
    void seedsATreeToEachClientItDials(ClientKind kind) {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.tree("multi", MimLeechesIT.TREE);
            Torrent torrent = swarm.torrent(data, MimLeechesIT.PIECE_LOG2, false);
            Download leecher = swarm.client(kind).leech(torrent, swarm.newDir("out"));
            swarm.mim().connectTo(leecher).seed(torrent, data);

            leecher.awaitComplete(TRANSFER);

            assertSameContent(swarm, kind, data, leecher, torrent);
        }
    }

    @Test
    void seedsToLibtorrentDialingIt() {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.tree("multi", MimLeechesIT.TREE);
            Torrent torrent = swarm.torrent(data, MimLeechesIT.PIECE_LOG2, false);
            Peer mim = swarm.mim().seed(torrent, data);
            Download leecher = swarm.libtorrent().connectTo(mim).leech(torrent, swarm.newDir("out"));

            leecher.awaitComplete(TRANSFER);

            assertSameContent(swarm, ClientKind.LIBTORRENT, data, leecher, torrent);
        }
    }

    static void assertSameContent(Swarm swarm, ClientKind kind, Path original, Download leecher,
                                          Torrent torrent) {
        Map<String, String> expected = TestData.sha256(original);
        if (kind == ClientKind.TRANSMISSION) {
            // Transmission does not create the 0-byte files of a multi-file torrent.
            expected = withoutEmptyFiles(original, expected);
        }
        assertEquals(expected, TestData.sha256(leecher.outDir().resolve(torrent.name())), swarm::diagnostics);
    }

    private static Map<String, String> withoutEmptyFiles(Path original, Map<String, String> digests) {
        Map<String, String> kept = new TreeMap<>();
        digests.forEach((path, digest) -> {
            try {
                if (Files.size(original.getParent().resolve(path)) > 0) {
                    kept.put(path, digest);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return kept;
    }
}

package org.example.mim.peersfile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import mim.core.spi.PeerLookup;
import mim.core.spi.PeerSink;
import mim.core.spi.TorrentEvent;
import mim.core.spi.TorrentIdentity;
import mim.core.spi.TransferStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePeerSourceTest {
    @TempDir
    Path dir;

    private static final TorrentIdentity TORRENT = new TorrentIdentity(new byte[20], List.of(), false, 6881, new byte[20]);
    private static final TransferStats NOTHING_YET = new TransferStats(0, 0, 100);

    /** Records what a source delivers. */
    static final class RecordingSink implements PeerSink {
        final List<InetSocketAddress> peers = new ArrayList<>();
        final List<String> statuses = new ArrayList<>();

        @Override
        public void peers(String source, Collection<InetSocketAddress> found) {
            assertEquals("peers-file", source);
            peers.addAll(found);
        }

        @Override
        public void status(String source, String message) {
            statuses.add(message);
        }

        @Override
        public TransferStats stats() {
            return NOTHING_YET;
        }
    }

    private RecordingSink run(Path file) {
        RecordingSink sink = new RecordingSink();
        try (PeerLookup lookup = new FilePeerSource(() -> file).start(TORRENT, sink)) {
            assertEquals(List.of(), sink.peers, "nothing happens before the torrent starts");
            lookup.event(TorrentEvent.STARTED, NOTHING_YET);
            lookup.event(TorrentEvent.STOPPED, NOTHING_YET);
        }
        return sink;
    }

    @Test
    void deliversEveryPeerOfTheFileSkippingCommentsAndReportingBadLines() throws Exception {
        Path file = dir.resolve("peers.txt");
        Files.writeString(file, String.join("\n",
                "# seeds on the LAN",
                "127.0.0.1:6881",
                "",
                "  10.0.0.2:51413   # the NAS",
                "[::1]:6882",
                "localhost",
                "127.0.0.1:99999",
                "::1:6883"));
        RecordingSink sink = run(file);
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 6881), new InetSocketAddress("10.0.0.2", 51413),
                new InetSocketAddress("::1", 6882)), sink.peers);
        assertEquals(List.of(
                file + ", line 6: expected host:port, found 'localhost'",
                file + ", line 7: '99999' is not a port (1 to 65535)",
                file + ", line 8: write an IPv6 address in brackets: [::1]:port"), sink.statuses);
    }

    @Test
    void saysWhatIsMissing() {
        assertEquals(List.of("no peers file: set -Dmim.peersFile=<file>"), run(null).statuses);
        Path absent = dir.resolve("absent.txt");
        assertEquals(List.of(absent + ": missing"), run(absent).statuses);
    }

    @Test
    void isNotATrackerSoPrivateTorrentsNeverUseIt() {
        assertEquals(false, new FilePeerSource().isTracker());
    }
}

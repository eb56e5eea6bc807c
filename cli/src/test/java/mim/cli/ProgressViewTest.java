package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import mim.core.metainfo.FileEntry;
import mim.core.metainfo.FileLayout;
import mim.core.session.FetchStatus;
import mim.core.session.MetadataFetch;
import mim.core.session.Torrent;
import mim.core.session.TorrentStatus;
import org.junit.jupiter.api.Test;

/** What the peer sources say, on the status line written to a log; each file's share with --per-file. */
class ProgressViewTest {
    @Test
    void aLogLineEndsWithEachSourcesLatestWord() {
        TorrentStatus s = status(List.of("dht: 12 nodes", "tracker: all trackers failed (connection refused), "
                + "retrying in 30s"));
        assertEquals("  | dht: 12 nodes  | tracker: all trackers failed (connection refused), retrying in 30s",
                ProgressView.sources(s.sources()));
    }

    @Test
    void aTorrentWithoutSourcesAddsNothing() {
        assertEquals("", ProgressView.sources(status(List.of()).sources()));
    }

    @Test
    void aMagnetFetchingItsMetadataSaysHowFarItGot() {
        assertEquals("fetching metadata: 2 peers, 1/3 pieces",
                new FetchStatus(MetadataFetch.State.FETCHING, 2, 1, 3, List.of()).describe());
        assertEquals("fetching metadata: 1 peer",
                new FetchStatus(MetadataFetch.State.FETCHING, 1, 0, 0, List.of()).describe());
    }

    @Test
    void fileLinesShowSelectedFilesOnlyAndSkipPadding() {
        FileLayout layout = new FileLayout(16384, List.of(
                FileEntry.of(List.of("t", "a.bin"), 10_000, 0),
                new FileEntry(List.of("t", ".pad", "6384"), 6384, 10_000, true, false, false, null),
                FileEntry.of(List.of("t", "b.bin"), 2 * 1024 * 1024, 16384),
                FileEntry.of(List.of("t", "empty.txt"), 0, 16384 + 2 * 1024 * 1024),
                FileEntry.of(List.of("t", "skipped.bin"), 5, 16384 + 2 * 1024 * 1024)));
        Set<Integer> selected = Set.of(0, 1, 2, 3);
        List<String> lines = ProgressView.fileLines(layout, selected::contains,
                List.of(10_000L, 6384L, 1024L * 1024, 0L, 0L));
        assertEquals(List.of(
                "    100.0%   9.77 KiB  t/a.bin",
                "     50.0%      2 MiB  t/b.bin",
                "    100.0%        0 B  t/empty.txt"), lines);
    }

    @Test
    void theLineSaysHowManyPeersAreBannedAndWhy() {
        TorrentStatus s = new TorrentStatus("00".repeat(20), "x.bin", Torrent.State.DOWNLOADING, 100, 50, 50, 0, 2048,
                0, 3, null, List.of(), List.of(50L), Map.of("corrupt data", 2, "corrupt metadata", 1), null);
        assertEquals("x.bin   50.0%  down 2 KiB/s  up 0 B/s  peers 3, 2 banned (corrupt data), 1 banned (corrupt metadata)"
                + "  downloading  ETA 0s", ProgressView.line(s));
    }

    @Test
    void aDownloadWithNoUsablePeerSaysWhyInsteadOfPeersNone() {
        TorrentStatus s = new TorrentStatus("00".repeat(20), "x.bin", Torrent.State.DOWNLOADING, 100, 50, 50, 0, 0,
                0, 0, null, List.of(), List.of(50L), Map.of("corrupt data", 6),
                "no usable peers: 6 banned (corrupt data), 1 refusing");
        assertEquals("x.bin   50.0%  down 0 B/s  up 0 B/s  no usable peers: 6 banned (corrupt data), 1 refusing"
                + "  downloading", ProgressView.line(s));
    }

    private static TorrentStatus status(List<String> sources) {
        return new TorrentStatus("00".repeat(20), "x.bin", Torrent.State.DOWNLOADING, 100, 50, 50, 0, 0, 0, 0, null,
                sources, List.of(50L), Map.of(), null);
    }
}

package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import mim.core.session.FetchStatus;
import mim.core.session.MetadataFetch;
import mim.core.spi.TorrentDetails;
import mim.core.spi.TorrentStats;
import org.junit.jupiter.api.Test;

/** What the peer sources say, on the status line written to a log; each file's share with --per-file. */
class ProgressViewTest {
    @Test
    void aLogLineEndsWithEachSourcesLatestWord() {
        TorrentStats s = status(List.of("dht: 12 nodes", "tracker: all trackers failed (connection refused), "
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
        List<TorrentDetails.File> files = List.of(file("t/a.bin", 10_000, true, false),
                file("t/.pad/6384", 6384, false, true), file("t/b.bin", 2 * 1024 * 1024, true, false),
                file("t/empty.txt", 0, true, false), file("t/skipped.bin", 5, false, false));
        List<String> lines = ProgressView.fileLines(files, List.of(10_000L, 6384L, 1024L * 1024, 0L, 0L));
        assertEquals(List.of(
                "    100.0%   9.77 KiB  t/a.bin",
                "     50.0%      2 MiB  t/b.bin",
                "    100.0%        0 B  t/empty.txt"), lines);
    }

    @Test
    void theLineSaysHowManyPeersAreBannedAndWhy() {
        TorrentStats s = new TorrentStats("downloading", false, null, 100, 50, 50, 0, 2048, 0, 3, List.of(50L),
                Map.of("corrupt metadata", 1, "corrupt data", 2), List.of());
        assertEquals("x.bin   50.0%  down 2 KiB/s  up 0 B/s  peers 3, 2 banned (corrupt data), 1 banned (corrupt metadata)"
                + "  downloading  ETA 0s", ProgressView.line(new ProgressView.Shown("x.bin", s, List.of(), null)));
    }

    @Test
    void aDownloadWithNoUsablePeerSaysWhyInsteadOfPeersNone() {
        TorrentStats s = new TorrentStats("downloading", false, null, 100, 50, 50, 0, 0, 0, 0, List.of(50L),
                Map.of("corrupt data", 6), List.of());
        assertEquals("x.bin   50.0%  down 0 B/s  up 0 B/s  no usable peers: 6 banned (corrupt data), 1 refusing"
                + "  downloading", ProgressView.line(new ProgressView.Shown("x.bin", s, List.of(),
                        "no usable peers: 6 banned (corrupt data), 1 refusing")));
    }

    @Test
    void aRemoteMagnetFetchingItsMetadataSaysSoWithItsPeers() {
        TorrentStats s = new TorrentStats("fetching_metadata", false, null, 0, 0, 0, 0, 0, 0, 2, List.of(), Map.of(),
                List.of());
        StringWriter text = new StringWriter();
        new ProgressView(new PrintWriter(text), false, true).draw(List.of(new ProgressView.Shown("x.iso", s, List.of(),
                null)));
        assertEquals("x.iso  fetching metadata: 2 peers\n", text.toString());
    }

    private static TorrentStats status(List<String> sources) {
        return new TorrentStats("downloading", false, null, 100, 50, 50, 0, 0, 0, 0, List.of(50L), Map.of(), sources);
    }

    private static TorrentDetails.File file(String name, long length, boolean included, boolean padding) {
        return new TorrentDetails.File(name, List.of(name.split("/")), length, included, padding);
    }
}

package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import mim.core.session.FetchStatus;
import mim.core.session.MetadataFetch;
import mim.core.session.Torrent;
import mim.core.session.TorrentStatus;
import org.junit.jupiter.api.Test;

/** What the peer sources say, on the status line written to a log. */
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

    private static TorrentStatus status(List<String> sources) {
        return new TorrentStatus("00".repeat(20), "x.bin", Torrent.State.DOWNLOADING, 100, 50, 50, 0, 0, 0, 0, null,
                sources);
    }
}

package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
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
                ProgressView.sources(s));
    }

    @Test
    void aTorrentWithoutSourcesAddsNothing() {
        assertEquals("", ProgressView.sources(status(List.of())));
    }

    private static TorrentStatus status(List<String> sources) {
        return new TorrentStatus("00".repeat(20), "x.bin", Torrent.State.DOWNLOADING, 100, 50, 50, 0, 0, 0, 0, null,
                sources);
    }
}

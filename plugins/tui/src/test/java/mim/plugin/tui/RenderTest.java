package mim.plugin.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import mim.core.spi.Limits;
import mim.core.spi.PeerStats;
import mim.core.spi.SessionStats;
import mim.core.spi.TorrentDetails;
import mim.core.spi.TorrentStats;
import mim.core.spi.TorrentSummary;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RenderTest {
    private static final String LONG_NAME = "Debian GNU Linux 12.8.0 amd64 netinst with firmware and every "
            + "language pack there is, with the installer's documentation in each of them and the release notes, "
            + "a name much longer than any screen";
    private static final SessionStats SESSION = new SessionStats(3, 3_000_000, 40_000, 1_572_864, 20_480, 7, 120);

    private static TorrentStats stats(String state, long total, long have, long down, long up, int peers) {
        return new TorrentStats(state, have == total && total > 0, null, total, have, have, up * 10, down, up, peers,
                List.of(have / 2, have - have / 2), Map.of(), List.of("tracker: 3 peers"));
    }

    private static Torrent torrent(int id, String name, TorrentStats stats) {
        return new Torrent(new TorrentSummary(id, "%040x".formatted(id), name, "/data", stats.state(), 10,
                Instant.EPOCH, null, List.of()), stats, Limits.NONE);
    }

    private static Snapshot snapshot() {
        return new Snapshot(List.of(
                torrent(1, LONG_NAME, stats("downloading", 700_000_000, 350_000_000, 1_500_000, 20_000, 5)),
                torrent(2, "small.iso", stats("seeding", 4_000_000, 4_000_000, 0, 0, 2)),
                torrent(3, "paused-one", stats("paused", 1 << 30, 1 << 20, 0, 0, 0))), SESSION, Limits.NONE, null,
                null);
    }

    private static String text(List<Row> rows) {
        return rows.stream().map(Row::text).collect(Collectors.joining("\n"));
    }

    @ParameterizedTest
    @CsvSource({"80,24", "100,30", "200,50"})
    void fillsTheScreenExactlyAndMarksTheSelection(int width, int height) {
        UiState ui = new UiState();
        ui.selected = 2;
        List<Row> rows = Render.screen(snapshot(), ui, width, height);
        assertEquals(height, rows.size(), text(rows));
        for (Row row : rows) {
            assertEquals(width, row.text().length(), "row overflows or falls short: [" + row.text() + "]");
            for (Row.Span s : row.spans()) {
                assertTrue(s.from() >= 0 && s.to() <= width && s.from() < s.to(), s.toString());
            }
        }
        String screen = text(rows);
        assertTrue(screen.contains("> small.iso"), screen);
        assertTrue(screen.contains("  paused-one"), screen);
        assertTrue(screen.contains("50%"), screen);
        assertTrue(screen.contains("100%"), screen);
        assertTrue(screen.contains("down 1.50 MiB/s"), screen);
        assertTrue(screen.contains("…"), "the long name is cut with an ellipsis:\n" + screen);
        assertFalse(screen.contains("any screen"), screen);
    }

    @Test
    void dropsTheLeastUsefulColumnsFirstOnANarrowScreen() {
        Render.Layout narrow = Render.layout(80, 40);
        Render.Layout wide = Render.layout(200, 100);
        assertFalse(narrow.columns().contains(Render.Column.RATIO));
        assertTrue(narrow.columns().contains(Render.Column.PERCENT));
        assertTrue(narrow.columns().contains(Render.Column.DOWN));
        assertTrue(narrow.columns().contains(Render.Column.STATE));
        assertTrue(narrow.name() >= 16 && narrow.bar() >= 8, narrow.toString());
        assertEquals(Render.Column.values().length, wide.columns().size());
        assertTrue(wide.name() > narrow.name());
        String header = Render.screen(snapshot(), new UiState(), 200, 50).get(1).text();
        assertTrue(header.contains("Ratio") && header.contains("Peers") && header.contains("ETA"), header);
    }

    @Test
    void givesTheBarWhatTheNamesDoNotNeed() {
        Render.Layout shortNames = Render.layout(100, 10);
        Render.Layout longNames = Render.layout(100, 60);
        assertTrue(shortNames.bar() > longNames.bar(), shortNames + " " + longNames);
        assertTrue(shortNames.name() >= 16, shortNames.toString());
        assertTrue(Render.layout(300, 10).bar() <= 40, "a bar has a most useful width");
        String row = Render.screen(new Snapshot(List.of(torrent(1, "a.iso", stats("downloading", 100, 50, 0, 0,
                0))), SESSION, Limits.NONE, null, null), new UiState(), 100, 30).get(2).text();
        assertTrue(row.contains("#".repeat(shortNames.bar() / 2) + ".".repeat(shortNames.bar() / 2)), row);
    }

    @Test
    void filtersAndSortsTheList() {
        UiState ui = new UiState();
        ui.sort = Sort.SIZE;
        ui.descending = true;
        List<String> names = ui.visible(snapshot().torrents()).stream().map(Torrent::name).toList();
        assertEquals(List.of("paused-one", LONG_NAME, "small.iso"), names);
        ui.filter = "ISO";
        String screen = text(Render.screen(snapshot(), ui, 100, 30));
        assertTrue(screen.contains("> small.iso"), screen);
        assertFalse(screen.contains("paused-one"), screen);
        assertTrue(screen.contains("filter: ISO"), screen);
    }

    @Test
    void showsTheFilesWithTheirChoiceAndTheSelectedOneMarked() {
        TorrentStats s = stats("downloading", 3_000, 1_500, 100, 0, 1);
        TorrentDetails details = new TorrentDetails(new TorrentSummary(1, "%040x".formatted(1), "album", "/data",
                "downloading", 3, Instant.EPOCH, null, List.of("music", "flac")), List.of(
                new TorrentDetails.File("album/one.flac", List.of("album", "one.flac"), 1_000, true, false),
                new TorrentDetails.File("album/.pad/0", List.of("album", ".pad", "0"), 10, false, true),
                new TorrentDetails.File("album/two.flac", List.of("album", "two.flac"), 2_000, false, false)));
        PeerStats peer = new PeerStats("127.0.0.1:6881", "libtorrent 2.0", false, true, "downloading", true, 10, 0,
                100, 0);
        UiState ui = new UiState();
        ui.view = UiState.View.DETAILS;
        ui.selected = 1;
        ui.fileCursor = 1;
        Torrent album = new Torrent(details.summary(), s, new Limits(5L << 20, null, 2.0, null));
        Snapshot snapshot = new Snapshot(List.of(album), SESSION, new Limits(null, 500L << 10, null, null),
                new Snapshot.Detail(details, album, List.of(peer)), null);
        List<Row> rows = Render.screen(snapshot, ui, 80, 24);
        String screen = text(rows);
        assertTrue(screen.contains("  [x]  "), screen);
        assertTrue(screen.contains("> [ ]  "), "the second file shown (past the padding) is under the cursor:\n" + screen);
        assertTrue(screen.contains("album/two.flac"), screen);
        assertFalse(screen.contains(".pad"), screen);
        assertTrue(screen.contains("127.0.0.1:6881") && screen.contains("libtorrent 2.0"), screen);
        assertTrue(screen.contains("sources: tracker: 3 peers"), screen);
        assertTrue(screen.contains("in /data   info-hash " + "%040x".formatted(1)), screen);
        assertTrue(screen.contains("limits: down 5.00 MiB/s, up none   labels: music, flac"), screen);
        assertTrue(rows.get(23).text().contains("up 20.0 KiB/s (max 500 KiB/s)"), "the session's limit: "
                + rows.get(23));
        rows.forEach(r -> assertEquals(80, r.text().length(), r.text()));
    }

    @Test
    void saysWhenTheServerIsGoneAndShowsTheHelpAndPrompts() {
        Snapshot gone = new Snapshot(snapshot().torrents(), SESSION, Limits.NONE, null,
                "mim server at 127.0.0.1:3030 is not answering");
        UiState ui = new UiState();
        String screen = text(Render.screen(gone, ui, 80, 24));
        assertTrue(screen.contains("DISCONNECTED"), screen);
        assertTrue(screen.contains("is not answering; trying again"), screen);
        ui.prompt = UiState.Prompt.ADD;
        ui.typed.append("magnet:?xt=urn:btih:" + "ab".repeat(20) + "&dn=" + "x".repeat(100));
        List<Row> rows = Render.screen(snapshot(), ui, 80, 24);
        assertTrue(rows.get(22).text().startsWith("Add (magnet link"), rows.get(22).text());
        assertTrue(rows.get(22).text().endsWith("xxx_"), "the end of a long line typed shows: " + rows.get(22).text());
        ui.prompt = null;
        ui.help = true;
        screen = text(Render.screen(snapshot(), ui, 80, 24));
        assertFalse(screen.contains("…"), "every key's line whole at 80 columns:\n" + screen);
        for (String key : Render.KEYS) {
            assertTrue(screen.contains(key), screen);
        }
    }

    @Test
    void emptySessionAndTinyScreensStillFit() {
        Snapshot empty = new Snapshot(List.of(), new SessionStats(0, 0, 0, 0, 0, 0, 0), Limits.NONE, null, null);
        assertTrue(text(Render.screen(empty, new UiState(), 80, 24)).contains("No torrents: a adds one."));
        List<Row> tiny = Render.screen(snapshot(), new UiState(), 20, 3);
        assertEquals(3, tiny.size());
        tiny.forEach(r -> assertEquals(20, r.text().length()));
    }
}

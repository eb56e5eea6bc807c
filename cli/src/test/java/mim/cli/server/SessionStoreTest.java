package mim.cli.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import mim.core.session.TorrentRecord;
import mim.core.spi.Limits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionStoreTest {
    private static final String HASH_A = "aa".repeat(20);
    private static final String HASH_B = "bb".repeat(20);

    @TempDir
    Path dir;

    private final Instant added = Instant.parse("2024-05-01T10:00:00Z");

    private TorrentRecord fromFile(int id, String hash, byte[] file) {
        return new TorrentRecord(id, hash, file, null, Path.of("/srv/t/isos"), Set.of(2, 0), null, true, true, added,
                added.plusSeconds(60), 1234, 56, new Limits(500_000L, null, 1.5, Duration.ofHours(2)),
                List.of("linux", "tv"));
    }

    private TorrentRecord fromLink(int id, String hash) {
        return new TorrentRecord(id, hash, null, "magnet:?xt=urn:btih:" + hash, Path.of("/srv/t"), null, "\\.iso$",
                false, false, added, null, 0, 0, null, List.of());
    }

    @Test
    void whatIsSavedIsLoadedAsItWas() throws Exception {
        SessionStore store = new SessionStore(dir);
        byte[] torrent = "d4:infod4:name1:aee".getBytes();
        Limits session = new Limits(5L << 20, 1L << 20, null, null);
        Map<String, String> categories = Map.of("tv", "shows", "radarr", "");
        store.save(session, categories, List.of(fromFile(3, HASH_A, torrent), fromLink(5, HASH_B)));

        SessionStore.Loaded loaded = new SessionStore(dir).load();
        assertEquals(List.of(), loaded.warnings());
        assertEquals(session, loaded.sessionLimits());
        assertEquals(categories, loaded.categories());
        TorrentRecord a = loaded.torrents().get(0);
        assertEquals(3, a.id());
        assertArrayEquals(torrent, a.torrentFile());
        assertEquals(Set.of(0, 2), a.selection());
        assertTrue(a.paused() && a.overwrite());
        assertEquals(added.plusSeconds(60), a.completedAt());
        assertEquals(1234, a.downloadedBytes());
        assertEquals(Path.of("/srv/t/isos"), a.folder());
        assertEquals(new Limits(500_000L, null, 1.5, Duration.ofHours(2)), a.limits());
        assertEquals(List.of("linux", "tv"), a.labels());
        TorrentRecord b = loaded.torrents().get(1);
        assertNull(b.torrentFile());
        assertEquals("magnet:?xt=urn:btih:" + HASH_B, b.magnetLink());
        assertEquals("\\.iso$", b.selectionRegex());
        assertNull(b.selection());
        assertEquals(Limits.NONE, b.limits());
        assertEquals(List.of(), b.labels());
        assertTrue(Files.isRegularFile(dir.resolve("torrents/" + HASH_A + ".torrent")));
        assertEquals(List.of("session.json", "torrents"), names(dir), "no temporary file is left behind");
    }

    @Test
    void aTorrentThatLeftTakesItsTorrentFileWithIt() throws Exception {
        SessionStore store = new SessionStore(dir);
        store.save(Limits.NONE, Map.of(), List.of(fromFile(1, HASH_A, "d1:xi1ee".getBytes()), fromFile(2, HASH_B, "d1:yi2ee".getBytes())));
        store.save(Limits.NONE, Map.of(), List.of(fromFile(2, HASH_B, "d1:yi2ee".getBytes())));
        assertEquals(List.of(HASH_B + ".torrent"), names(dir.resolve("torrents")));
        assertEquals(1, store.load().torrents().size());
    }

    @Test
    void noFileIsAnEmptySession() throws Exception {
        SessionStore.Loaded loaded = new SessionStore(dir).load();
        assertEquals(List.of(), loaded.torrents());
        assertEquals(List.of(), loaded.warnings());
    }

    @Test
    void aFileFromBeforeCategoriesHasNone() throws Exception {
        Files.writeString(dir.resolve("session.json"), "{\"version\": 1, \"session_limits\": null, \"torrents\": []}");
        SessionStore.Loaded loaded = new SessionStore(dir).load();
        assertEquals(Map.of(), loaded.categories());
        assertEquals(List.of(), loaded.warnings());
    }

    @Test
    void aCorruptFileIsKeptAsideAndReportedNeverDropped() throws Exception {
        Path file = dir.resolve("session.json");
        for (String bad : List.of("{\"version\": 1, \"torrents\": [", "{\"version\": 2, \"torrents\": []}",
                "{\"version\": 1, \"torrents\": [{\"id\": 1}]}", "[]",
                "{\"version\": 1, \"categories\": {\"tv\": null}, \"torrents\": []}")) {
            Files.writeString(file, bad);
            SessionStore.Loaded loaded = new SessionStore(dir).load();
            assertEquals(List.of(), loaded.torrents());
            assertEquals(1, loaded.warnings().size());
            assertTrue(loaded.warnings().get(0).contains("is not a session mim can read"), loaded.warnings().get(0));
            assertFalse(Files.exists(file));
        }
        assertEquals(List.of("session.json.corrupt-1", "session.json.corrupt-2", "session.json.corrupt-3",
                "session.json.corrupt-4", "session.json.corrupt-5"), names(dir));
        assertEquals("{\"version\": 1, \"torrents\": [", Files.readString(dir.resolve("session.json.corrupt-1")));
        assertTrue(new SessionStore(dir).load().warnings().isEmpty(), "the next start begins afresh");
    }

    @Test
    void aMissingTorrentFileLeavesOutThatTorrentAndSaysSo() throws Exception {
        SessionStore store = new SessionStore(dir);
        store.save(Limits.NONE, Map.of(), List.of(fromFile(1, HASH_A, "d1:xi1ee".getBytes()), fromLink(2, HASH_B)));
        Files.delete(dir.resolve("torrents/" + HASH_A + ".torrent"));
        SessionStore.Loaded loaded = store.load();
        assertEquals(List.of(2), loaded.torrents().stream().map(TorrentRecord::id).toList());
        assertTrue(loaded.warnings().get(0).startsWith("torrent 1 (" + HASH_A + ") is left out"), loaded.warnings().get(0));
    }

    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

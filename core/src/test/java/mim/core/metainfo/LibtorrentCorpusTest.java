package mim.core.metainfo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.stream.Stream;
import mim.core.metainfo.InvalidTorrentException.Category;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * libtorrent's parser corpus: every file its own test suite lists must load or be refused as
 * libtorrent does, and each loaded file must look the way the table's note (and libtorrent's test)
 * says.
 */
class LibtorrentCorpusTest {
    private static final String CORPUS = "libtorrent";

    static Stream<Arguments> rows() {
        return Corpus.rows(CORPUS).map(r -> Arguments.of(r.get(0), r.get(1), r.get(2)));
    }

    @ParameterizedTest(name = "{0}: {1} {2}")
    @MethodSource("rows")
    void behavesAsTheTableSays(String file, String expect, String note) throws Exception {
        byte[] data = Corpus.read(CORPUS, file);
        switch (expect) {
            case "ok" -> {
                Metainfo m = Metainfo.parse(data);
                TorrentCheck check = LibtorrentExpectations.CHECKS.get(file);
                assertNotNull(check, "no check written for " + file + " (" + note + ")");
                check.accept(m);
                assertLayoutIsConsistent(m);
            }
            case "error" -> {
                InvalidTorrentException e = assertThrows(InvalidTorrentException.class, () -> Metainfo.parse(data));
                assertEquals(Category.ofLibtorrentName(note), e.category(), e.getMessage());
                assertOneLine(e.getMessage());
            }
            case "unlisted" -> {
                try {
                    assertLayoutIsConsistent(Metainfo.parse(data));
                } catch (InvalidTorrentException e) {
                    assertOneLine(e.getMessage());
                }
            }
            default -> fail("unknown expectation " + expect);
        }
    }

    @Test
    void everyTorrentInTheFolderIsInTheTable() {
        List<String> listed = Corpus.rows(CORPUS).map(r -> r.get(0)).toList();
        assertEquals(Corpus.torrents(CORPUS).toList(), listed.stream().sorted().toList());
        assertEquals(listed.size(), Corpus.rows(CORPUS).filter(r -> r.get(1).equals("ok")).count()
                + Corpus.rows(CORPUS).filter(r -> !r.get(1).equals("ok")).count());
    }

    @Test
    void everyCheckIsForAFileTheTableExpectsToLoad() {
        List<String> ok = Corpus.rows(CORPUS).filter(r -> r.get(1).equals("ok")).map(r -> r.get(0)).sorted().toList();
        assertEquals(ok, LibtorrentExpectations.CHECKS.keySet().stream().sorted().toList());
    }

    @Test
    void hybridWithoutTailPaddingLosesThePadItsV1PartLacks() throws Exception {
        // older libtorrent wrote hybrids whose v1 file list ends without the pad the v2 tree implies
        Metainfo m = Metainfo.parse(Corpus.read(CORPUS, "v2_hybrid-missing-tailpad.torrent"));
        assertTrue(m.isHybrid());
        assertFalse(m.files().get(m.files().size() - 1).pad());
        Metainfo padded = Metainfo.parse(Corpus.read(CORPUS, "v2_hybrid.torrent"));
        assertTrue(padded.files().get(padded.files().size() - 1).pad());
        assertEquals(padded.files().size() - 1, m.files().size());
    }

    /** Whatever loads has a sane geometry: files end to end, pieces and hashes agree. */
    static void assertLayoutIsConsistent(Metainfo m) {
        FileLayout layout = m.layout();
        assertFalse(layout.files().isEmpty());
        assertTrue(layout.totalLength() > 0);
        assertEquals((layout.totalLength() + m.pieceLength() - 1) / m.pieceLength(), m.pieceCount());
        if (m.hasV1()) {
            assertEquals(20, m.pieceHash(m.pieceCount() - 1).length);
            assertArrayEquals(InfoHash.v1Of(m.rawInfo()).bytes(), m.infoHashV1().bytes());
        }
        if (m.hasV2()) {
            assertArrayEquals(InfoHash.v2Of(m.rawInfo()).bytes(), m.infoHashV2().bytes());
        }
        for (FileEntry f : layout.files()) {
            for (String component : f.path()) {
                assertFalse(component.isEmpty() || component.equals(".") || component.equals(".."), f.displayPath());
                assertFalse(component.contains("/") || component.contains("\\") || component.contains("\0"), f.displayPath());
            }
        }
        assertFalse(m.name().isEmpty());
    }

    static void assertOneLine(String message) {
        assertNotNull(message);
        assertFalse(message.isBlank());
        assertFalse(message.contains("\n"), message);
    }

    /** An assertion over a loaded torrent that may throw checked exceptions. */
    @FunctionalInterface
    interface TorrentCheck {
        void accept(Metainfo m) throws Exception;
    }
}

package mim.core.metainfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import mim.core.metainfo.InvalidTorrentException.Category;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Real-world torrents made by other tools: each must read as libtorrent 2.0.8 reads it. */
class WebtorrentCorpusTest {
    private static final String CORPUS = "webtorrent";

    static Stream<Arguments> rows() {
        return Corpus.rows(CORPUS).map(r -> Arguments.of(r.get(0), r));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void readsAsLibtorrentReadsIt(String file, List<String> row) throws Exception {
        byte[] data = Corpus.read(CORPUS, file);
        if (row.get(1).equals("error")) {
            InvalidTorrentException e = assertThrows(InvalidTorrentException.class, () -> Metainfo.parse(data));
            assertEquals(Category.MISSING_NAME, e.category());
            LibtorrentCorpusTest.assertOneLine(e.getMessage());
            return;
        }
        Metainfo m = Metainfo.parse(data);
        assertEquals(row.get(2), m.name());
        assertEquals(row.get(3), m.infoHashV1().hex());
        assertEquals(Integer.parseInt(row.get(4)), m.files().size());
        assertEquals(Long.parseLong(row.get(5)), m.totalLength());
        assertEquals(Integer.parseInt(row.get(6)), m.webSeeds().size());
        LibtorrentCorpusTest.assertLayoutIsConsistent(m);
    }
}

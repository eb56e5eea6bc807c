package mim.core.metainfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import mim.core.bencode.BencodeException;
import mim.core.bencode.BencodeReader;
import mim.core.magnet.MagnetLink;
import mim.core.testing.AllocationLimit;
import mim.core.testing.RegressionInputs;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken input never escapes as anything but {@link InvalidTorrentException}: every corpus file,
 * truncated at many lengths and with random bytes changed (fixed seeds, so failures repeat), and
 * whatever Jazzer makes of the files stored in {@code MetainfoFuzzTestInputs/parse}, which began as
 * copies of a few of the corpora's torrents (under the corpora's licences, in
 * {@code resources/corpus}).
 */
@ExtendWith(RegressionInputs.class)
class MetainfoFuzzTest {
    private static final int TRUNCATIONS = 64;
    private static final int MUTANTS = 150;

    static Stream<String> torrents() {
        return Stream.concat(Corpus.torrents("libtorrent").map(f -> "libtorrent/" + f),
                Corpus.torrents("webtorrent").map(f -> "webtorrent/" + f));
    }

    private static byte[] read(String path) {
        int slash = path.indexOf('/');
        return Corpus.read(path.substring(0, slash), path.substring(slash + 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("torrents")
    void truncationsAreRefusedCleanly(String path) {
        byte[] data = read(path);
        int end = valueEnd(data);
        int step = Math.max(1, data.length / TRUNCATIONS);
        for (int length = 0; length < data.length; length += step) {
            byte[] cut = Arrays.copyOf(data, length);
            boolean refused = refusedCleanly(cut, path + " cut to " + length);
            // a top-level dictionary cut short never parses; cutting only trailing bytes is harmless
            assertTrue(refused || length >= end, path + " cut to " + length + " loaded");
        }
    }

    /** Where the file's top-level value ends, or its length when it is not bencoding at all. */
    private static int valueEnd(byte[] data) {
        try {
            return BencodeReader.strict().allowingTrailingData().read(data).length();
        } catch (BencodeException e) {
            return data.length;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("torrents")
    void byteFlipsLoadOrAreRefusedCleanly(String path) {
        byte[] data = read(path);
        Random random = new Random(path.hashCode());
        for (int i = 0; i < MUTANTS; i++) {
            byte[] mutant = data.clone();
            int flips = 1 + random.nextInt(4);
            for (int k = 0; k < flips; k++) {
                int at = random.nextInt(mutant.length);
                // half the time a structural byte, so the grammar itself is exercised
                mutant[at] = random.nextBoolean() ? (byte) random.nextInt(256) : (byte) "ield:0123456789-".charAt(random.nextInt(16));
            }
            refusedCleanly(mutant, path + " mutant " + i);
        }
    }

    /**
     * A torrent loads consistently or is refused with a one-line {@link InvalidTorrentException}.
     * What loads also loads from its info dictionary alone, as a magnet link's fetch would read it,
     * and its magnet link reads back as itself.
     */
    @FuzzTest
    void parse(byte[] input) throws Exception {
        AllocationLimit.check(input.length, () -> {
            Metainfo m;
            try {
                m = Metainfo.parse(input);
            } catch (InvalidTorrentException e) {
                LibtorrentCorpusTest.assertOneLine(e.getMessage());
                return;
            }
            LibtorrentCorpusTest.assertLayoutIsConsistent(m);
            Metainfo fetched = Metainfo.fromInfo(m.rawInfo(), m.trackerTiers(), m.webSeeds());
            assertEquals(m.infoHash(), fetched.infoHash());
            assertEquals(m.layout().files(), fetched.layout().files());
            MagnetLink link = MagnetLink.of(m);
            assertEquals(link, MagnetLink.parse(link.toString()));
        });
    }

    /** True when refused with InvalidTorrentException, false when it loaded; fails on anything else. */
    private static boolean refusedCleanly(byte[] data, String what) {
        try {
            LibtorrentCorpusTest.assertLayoutIsConsistent(Metainfo.parse(data));
            return false;
        } catch (InvalidTorrentException e) {
            LibtorrentCorpusTest.assertOneLine(e.getMessage());
            return true;
        } catch (RuntimeException | StackOverflowError e) {
            fail(what + " threw " + e, e);
            return false;
        }
    }
}

package mim.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import mim.core.magnet.MagnetLink;
import mim.core.metainfo.Metainfo;
import org.junit.jupiter.api.Test;

class FileSelectionTest {
    /** libtorrent's sample: three files, the second a padding file. */
    private static Metainfo sample() throws Exception {
        try (InputStream in = FileSelectionTest.class.getResourceAsStream("/corpus/libtorrent/sample.torrent")) {
            return Metainfo.parse(in.readAllBytes());
        }
    }

    @Test
    void onlyFilesEveryRuleNamesAreChosenAndNeverAPaddingFile() throws Exception {
        Metainfo m = sample();
        Pattern all = Pattern.compile("");
        assertEquals(Set.of(0), FileSelection.choose(m, null, all, List.of(new MagnetLink.IndexRange(0, 0))));
        String third = Pattern.quote(m.files().get(2).displayPath());
        assertEquals(Set.of(2), FileSelection.choose(m, null, Pattern.compile(third),
                List.of(new MagnetLink.IndexRange(0, 2))));
        assertEquals(Set.of(), FileSelection.choose(m, null, Pattern.compile(third),
                List.of(new MagnetLink.IndexRange(0, 0))));
        assertEquals(Set.of(0, 2), FileSelection.choose(m, Set.of(0, 1, 2), null, List.of()), "1 is padding");
        assertEquals(Set.of(2), FileSelection.choose(m, Set.of(2, 3, 99), all, List.of()), "past the end names nothing");
    }

    @Test
    void noRuleChoosesEveryFile() throws Exception {
        assertNull(FileSelection.choose(sample(), null, null, List.of()));
    }
}

package mim.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import mim.core.MimException;
import org.junit.jupiter.api.Test;

class OutputFoldersTest {
    private final Path root = Path.of("/srv/torrents");

    @Test
    void foldersInsideTheRootAreNormalised() throws Exception {
        assertEquals(root, OutputFolders.resolve(root, null, null));
        assertEquals(root, OutputFolders.resolve(root, "", ""));
        assertEquals(root.resolve("isos"), OutputFolders.resolve(root, "isos", null));
        assertEquals(root.resolve("isos/debian"), OutputFolders.resolve(root, "a/../isos/./", "debian"));
        assertEquals(root.resolve("isos/debian"), OutputFolders.resolve(root, "/srv/torrents/isos", "x/../debian"));
    }

    @Test
    void aFolderThatClimbsOutOrLiesElsewhereIsRefused() {
        assertRefused(null, "../..", "sub_folder '../..' does not name a folder inside /srv/torrents");
        assertRefused(null, "/etc", "sub_folder '/etc'");
        assertRefused(null, "..", "sub_folder '..'");
        assertRefused("isos", "a/../../..", "sub_folder 'a/../../..' does not name a folder inside /srv/torrents/isos");
        assertRefused("../torrents-other", null, "output_folder '../torrents-other' lies outside the output folder");
        assertRefused("/etc", null, "output_folder '/etc' lies outside");
        assertRefused("/srv/torrents2", null, "lies outside");
        assertRefused("bad\0name", null, "is not a path");
    }

    private void assertRefused(String output, String sub, String why) {
        MimException.BadInput e = assertThrows(MimException.BadInput.class, () -> OutputFolders.resolve(root, output, sub));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }
}

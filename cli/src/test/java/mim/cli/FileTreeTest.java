package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import mim.core.metainfo.FileEntry;
import org.junit.jupiter.api.Test;

class FileTreeTest {
    private static final List<FileEntry> FILES = List.of(
            FileEntry.of(List.of("album", "cd1", "01.flac"), 30_000_000, 0),
            new FileEntry(List.of("album", ".pad", "1"), 2048, 30_000_000, true, false, false, null),
            new FileEntry(List.of("album", "play.sh"), 100, 30_002_048, false, true, false, null),
            new FileEntry(List.of("album", ".hidden"), 5, 30_002_148, false, false, true, null),
            new FileEntry(List.of("album", "latest"), 0, 30_002_153, false, false, false,
                    List.of("album", "cd1", "01.flac")),
            FileEntry.of(List.of("album", "cd1", "02.flac"), 1500, 30_002_153));

    @Test
    void indentsDirectoriesAndHidesPadFilesWithACount() {
        FileTree tree = new FileTree(FILES, false);
        assertEquals(1, tree.hiddenPadFiles());
        assertEquals(List.of(
                "album/       28.61 MiB",
                "  cd1/       28.61 MiB",
                "    01.flac  28.61 MiB",
                "    02.flac   1.46 KiB",
                "  play.sh        100 B  x",
                "  .hidden          5 B  h",
                "  latest           0 B  l -> album/cd1/01.flac"), tree.render());
    }

    @Test
    void marksPadFilesWhenAskedToShowThem() {
        FileTree tree = new FileTree(FILES, true);
        assertEquals(0, tree.hiddenPadFiles());
        assertEquals(List.of(
                "album/       28.61 MiB",
                "  cd1/       28.61 MiB",
                "    01.flac  28.61 MiB",
                "    02.flac   1.46 KiB",
                "  .pad/          2 KiB",
                "    1            2 KiB  p",
                "  play.sh        100 B  x",
                "  .hidden          5 B  h",
                "  latest           0 B  l -> album/cd1/01.flac"), tree.render());
    }
}

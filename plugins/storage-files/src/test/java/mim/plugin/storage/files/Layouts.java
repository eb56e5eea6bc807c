package mim.plugin.storage.files;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import mim.core.metainfo.FileEntry;
import mim.core.metainfo.FileLayout;

/** Small layouts for tests: files named by slash-separated paths, "pad:" marking pad files. */
final class Layouts {
    private Layouts() {}

    static FileLayout of(long pieceLength, Object... nameLengthPairs) {
        List<FileEntry> files = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < nameLengthPairs.length; i += 2) {
            String name = (String) nameLengthPairs[i];
            long length = ((Number) nameLengthPairs[i + 1]).longValue();
            boolean pad = name.startsWith("pad:");
            List<String> path = List.of((pad ? name.substring(4) : name).split("/"));
            files.add(new FileEntry(path, length, offset, pad, false, false, null));
            offset += length;
        }
        return new FileLayout(pieceLength, files);
    }

    static byte[] content(FileLayout layout, long seed) {
        byte[] b = new byte[(int) layout.totalLength()];
        new Random(seed).nextBytes(b);
        return b;
    }
}

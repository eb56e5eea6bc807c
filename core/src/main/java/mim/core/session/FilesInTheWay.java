package mim.core.session;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import mim.core.MimException;
import mim.core.metainfo.FileLayout;
import mim.core.spi.FileState;

/**
 * Selected files already in the output folder that nothing of ours vouches for (no resume state, no
 * overwrite allowed): someone else's data, or this torrent's content written by another program. A
 * torrent opens its storage read-only while it checks them, so nothing is written before the
 * decision: when every wanted piece verifies, the files are the torrent's complete content and are
 * seeded as they are (nothing will ever be written into them); otherwise the torrent refuses,
 * saying how much already matches. Immutable.
 */
record FilesInTheWay(FileLayout layout, Path folder, List<Integer> files) {

    /** The selected, non-pad files that exist on disk. */
    static FilesInTheWay find(FileLayout layout, Path folder, List<FileState> onDisk, IntPredicate selected) {
        List<Integer> existing = new ArrayList<>();
        for (int f = 0; f < onDisk.size(); f++) {
            if (selected.test(f) && !layout.files().get(f).pad() && onDisk.get(f).exists()) {
                existing.add(f);
            }
        }
        return new FilesInTheWay(layout, folder, List.copyOf(existing));
    }

    boolean isEmpty() {
        return files.isEmpty();
    }

    /** Whether the files may be used as they are: every wanted piece verified, so none will be written. */
    boolean complete(Bitfield wanted, Bitfield verified) {
        return missing(wanted, verified) == 0;
    }

    /**
     * Why the torrent will not write into the files:
     * {@code a.bin exists and 37 of 81 pieces match; --overwrite keeps those and downloads the rest into it}.
     */
    MimException.Storage refusal(Bitfield wanted, Bitfield verified) {
        int total = wanted.cardinality();
        int matching = total - missing(wanted, verified);
        Path first = folder.resolve(layout.files().get(files.get(0)).displayPath());
        String which = files.size() == 1 ? first + " exists"
                : first + " and " + (files.size() - 1) + (files.size() == 2 ? " other file exist" : " other files exist");
        String them = files.size() == 1 ? "it" : "them";
        String remedy = matching == 0 ? "--overwrite downloads over " + them
                : "--overwrite keeps " + (matching == 1 ? "that one" : "those") + " and downloads the rest into " + them;
        return new MimException.Storage(which + " and " + matching + " of " + total + " pieces match; " + remedy, null);
    }

    private static int missing(Bitfield wanted, Bitfield verified) {
        int missing = 0;
        for (int p = wanted.nextSetBit(0); p >= 0; p = wanted.nextSetBit(p + 1)) {
            if (!verified.get(p)) {
                missing++;
            }
        }
        return missing;
    }
}

package mim.core.metainfo;

import java.util.List;

/**
 * Compares the two file lists of a hybrid torrent (BEP 52): a v1 client and a v2 client must end up
 * with the same files at the same offsets, or the torrent means two different things. Only files
 * that hold data are compared (pad and empty files may differ), as libtorrent compares. Stateless.
 */
final class HybridCheck {
    private HybridCheck() {}

    /** A description of the first difference, or null when the lists agree. */
    static String mismatch(List<FileSpec> v2, List<FileSpec> v1) {
        if (v2.size() != v1.size()) {
            return "the v2 part has " + v2.size() + " files (with padding), the v1 part " + v1.size();
        }
        long offset2 = 0;
        long offset1 = 0;
        for (int i = 0; i < v2.size(); i++) {
            FileSpec a = v2.get(i);
            FileSpec b = v1.get(i);
            if (a.holdsData() != b.holdsData()) {
                return "file " + i + " holds data in one part only";
            }
            if (a.holdsData() && (a.length != b.length || !a.path.equals(b.path) || offset2 != offset1)) {
                return "file " + i + " is " + a.joinedPath() + " (" + a.length + " bytes at " + offset2 + ") in v2 but "
                        + b.joinedPath() + " (" + b.length + " bytes at " + offset1 + ") in v1";
            }
            offset2 += a.length;
            offset1 += b.length;
        }
        if (offset2 != offset1) {
            return "the parts have " + offset2 + " and " + offset1 + " bytes in total";
        }
        return null;
    }
}

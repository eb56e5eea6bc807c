package mim.core.metainfo;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mim.core.bencode.BDict;
import mim.core.bencode.BString;
import mim.core.metainfo.InvalidTorrentException.Category;

/**
 * Checks BEP 52 {@code piece layers}: for every file larger than one piece, the SHA-256 hashes of
 * its pieces, keyed by the file's pieces root. A layer is accepted only if it names a file of this
 * torrent, has exactly one hash per piece, and its merkle tree, padded as BEP 52 pads it, has the
 * file's root. Layers may be missing (like a magnet link, they can be fetched later). Stateless.
 */
final class PieceLayers {
    private static final int HASH = 32;

    private PieceLayers() {}

    /**
     * @return for each file index with a layer, the layer's bytes
     * @throws InvalidTorrentException {@link Category#INVALID_PIECE_LAYER} for any bad layer
     */
    static Map<Integer, byte[]> check(BDict layers, List<FileSpec> files, long pieceLength)
            throws InvalidTorrentException {
        Map<BString, Integer> byRoot = new HashMap<>();
        for (int i = 0; i < files.size(); i++) {
            FileSpec f = files.get(i);
            if (f.root != null && f.length > pieceLength) {
                byRoot.putIfAbsent(BString.of(f.root), i);
            }
        }
        Map<Integer, byte[]> out = new HashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            BString root = layers.keys().get(i);
            if (root.length() != HASH || !(layers.values().get(i) instanceof BString layer)
                    || layer.length() % HASH != 0) {
                throw invalid("a piece layer has a malformed key or value");
            }
            // removing the root also refuses a second layer for the same file
            Integer file = byRoot.remove(root);
            if (file == null) {
                throw invalid("a piece layer belongs to no file of the torrent");
            }
            FileSpec f = files.get(file);
            long pieces = (f.length + pieceLength - 1) / pieceLength;
            if (layer.length() != pieces * HASH) {
                throw invalid("the piece layer of " + f.joinedPath() + " has " + layer.length() / HASH
                        + " hashes for " + pieces + " pieces");
            }
            byte[] bytes = layer.bytes();
            if (!Arrays.equals(rootOf(bytes, pieceLength), f.root)) {
                throw invalid("the piece layer of " + f.joinedPath() + " does not match its pieces root");
            }
            out.put(file, bytes);
        }
        return out;
    }

    /**
     * The merkle root over a layer of piece hashes. The layer is padded to a power of two with the
     * hash of a piece of zero blocks, as the tree's unused leaves are zero hashes.
     */
    static byte[] rootOf(byte[] layer, long pieceLength) {
        MessageDigest sha256 = sha256();
        byte[] pad = new byte[HASH];
        for (long blocks = pieceLength / FileListParser.BLOCK_SIZE; blocks > 1; blocks /= 2) {
            sha256.update(pad);
            pad = sha256.digest(pad);
        }
        int count = layer.length / HASH;
        int width = Integer.highestOneBit(Math.max(1, count));
        if (width < count) {
            width *= 2;
        }
        byte[][] level = new byte[width][];
        for (int i = 0; i < width; i++) {
            level[i] = i < count ? Arrays.copyOfRange(layer, i * HASH, (i + 1) * HASH) : pad;
        }
        while (width > 1) {
            width /= 2;
            for (int i = 0; i < width; i++) {
                sha256.update(level[2 * i]);
                level[i] = sha256.digest(level[2 * i + 1]);
            }
        }
        return level[0];
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    private static InvalidTorrentException invalid(String message) {
        return new InvalidTorrentException(Category.INVALID_PIECE_LAYER, message);
    }
}

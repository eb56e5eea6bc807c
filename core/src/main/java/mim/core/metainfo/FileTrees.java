package mim.core.metainfo;

import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mim.core.bencode.BDict;
import mim.core.bencode.BValue;
import mim.core.hash.Merkle;
import mim.core.hash.PieceHashes;

/**
 * The v2 side of a new hybrid torrent (BEP 52): each file's {@code pieces root} and piece layer from
 * the hashed pieces, and the {@code file tree} dictionary. Stateless.
 */
final class FileTrees {
    private FileTrees() {}

    /** A file's merkle root, and its piece layer (null for a file of one piece or less). */
    record Root(byte[] hash, byte[] layer) {}

    /** The root of non-empty file {@code index} of a file-aligned layout whose pieces were hashed with roots. */
    static Root root(FileLayout layout, PieceHashes hashes, int index) {
        int first = layout.firstPiece(index);
        int pieces = layout.lastPiece(index) - first + 1;
        if (pieces == 1) {
            return new Root(hashes.root(first), null);
        }
        byte[] layer = new byte[pieces * Merkle.HASH];
        for (int p = 0; p < pieces; p++) {
            System.arraycopy(hashes.root(first + p), 0, layer, p * Merkle.HASH, Merkle.HASH);
        }
        MessageDigest sha256 = Merkle.sha256();
        int leavesPerPiece = (int) (layout.pieceLength() / Merkle.BLOCK);
        return new Root(Merkle.rootOfLayer(sha256, layer, pieces, leavesPerPiece), layer);
    }

    /**
     * The {@code file tree}: nested dictionaries by path component, each file a dictionary under the
     * empty key with its {@code length} and, when not empty, its {@code pieces root}. A single-file
     * torrent's tree holds the file under the torrent's name.
     */
    static BDict of(boolean single, String name, FileLayout layout, PieceHashes hashes) {
        Node top = new Node();
        for (int i = 0; i < layout.files().size(); i++) {
            FileEntry f = layout.files().get(i);
            if (f.pad()) {
                continue;
            }
            BDict.Builder leaf = BDict.builder().put("length", f.length());
            if (f.length() > 0) {
                leaf.put("pieces root", root(layout, hashes, i).hash());
            }
            List<String> path = single ? List.of(name) : f.path();
            Node node = top;
            for (String component : path) {
                node = node.children.computeIfAbsent(component, c -> new Node());
            }
            node.file = BDict.builder().put("", leaf.build()).build();
        }
        return top.toDict();
    }

    private static final class Node {
        final Map<String, Node> children = new LinkedHashMap<>();
        BDict file;

        BDict toDict() {
            if (file != null) {
                return file;
            }
            BDict.Builder d = BDict.builder();
            for (Map.Entry<String, Node> e : children.entrySet()) {
                BValue value = e.getValue().toDict();
                d.put(e.getKey(), value);
            }
            return d.build();
        }
    }
}

package mim.core.session;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import mim.core.bencode.BDict;
import mim.core.bencode.BList;
import mim.core.bencode.BString;
import mim.core.bencode.BencodeWriter;
import mim.core.metainfo.Metainfo;

/** Torrents of seeded random content, built in memory for engine tests. */
final class TestTorrents {
    private TestTorrents() {}

    static byte[] content(int length, long seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }

    static Metainfo singleFile(String name, byte[] data, int pieceLength) throws Exception {
        return singleFile(name, data, pieceLength, null, false);
    }

    /** The .torrent file of {@link #singleFile(String, byte[], int)}. */
    static byte[] singleFileBytes(String name, byte[] data, int pieceLength) throws Exception {
        return singleFileBytes(name, data, pieceLength, null, false);
    }

    /** A torrent of two files in folder {@code name}: {@code data}'s first {@code firstLength} bytes, and the rest. */
    static byte[] twoFilesBytes(String name, byte[] data, int firstLength, int pieceLength) throws Exception {
        BList files = BList.of(
                BDict.builder().put("length", firstLength).put("path", BList.of(BString.of("first.bin"))).build(),
                BDict.builder().put("length", data.length - firstLength).put("path", BList.of(BString.of("second.bin")))
                        .build());
        BDict info = BDict.builder().put("files", files).put("name", name).put("piece length", pieceLength)
                .put("pieces", hashes(data, pieceLength)).build();
        return BencodeWriter.encode(BDict.builder().put("info", info).build());
    }

    /** With an {@code announce} URL (or none, for null), and the private flag if asked. */
    static Metainfo singleFile(String name, byte[] data, int pieceLength, String announce, boolean isPrivate)
            throws Exception {
        return Metainfo.parse(singleFileBytes(name, data, pieceLength, announce, isPrivate));
    }

    private static byte[] singleFileBytes(String name, byte[] data, int pieceLength, String announce,
            boolean isPrivate) throws Exception {
        BDict.Builder info = BDict.builder().put("length", data.length).put("name", name)
                .put("piece length", pieceLength).put("pieces", hashes(data, pieceLength));
        if (isPrivate) {
            info.put("private", 1);
        }
        BDict.Builder top = BDict.builder().put("info", info.build());
        if (announce != null) {
            top.put("announce", announce);
        }
        return BencodeWriter.encode(top.build());
    }

    private static byte[] hashes(byte[] data, int pieceLength) throws Exception {
        ByteArrayOutputStream hashes = new ByteArrayOutputStream();
        for (int at = 0; at < data.length; at += pieceLength) {
            byte[] piece = Arrays.copyOfRange(data, at, Math.min(data.length, at + pieceLength));
            hashes.write(MessageDigest.getInstance("SHA-1").digest(piece));
        }
        return hashes.toByteArray();
    }
}

package mim.core.metainfo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import mim.core.MimException;
import mim.core.bencode.BDict;
import mim.core.bencode.BencodeReader;
import mim.core.bencode.BencodeWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorrentBuilderTest {
    private static final int K16 = 16 * 1024;

    @TempDir
    Path dir;

    private Path file(String relative, int size, long seed) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return Files.write(p, data);
    }

    /** A folder with odd sizes, an empty file, nested folders, names that sort differently joined or split. */
    private Path tree() throws IOException {
        Path root = dir.resolve("content");
        file("content/b.bin", 100_001, 1);
        file("content/a-b", 20_000, 2);
        file("content/a/c", 70_000, 3);
        file("content/a/empty", 0, 4);
        file("content/z/deep/x", 16_384, 5);
        file("content/.hidden", 10, 6);
        file("content/.git/config", 10, 7);
        return root;
    }

    private static Metainfo parse(TorrentBuilder.Torrent t) throws InvalidTorrentException {
        return Metainfo.parse(t.bytes());
    }

    @Test
    void sameInputAndOptionsGiveTheSameBytes() throws Exception {
        Path root = tree();
        TorrentBuilder b = TorrentBuilder.of(root).trackerTiers(List.of(List.of("http://t/a"))).creationDate(1L)
                .createdBy("mim test").hybrid(true);
        byte[] first = b.build(n -> {}).bytes();
        byte[] second = b.threads(3).build(n -> {}).bytes();
        assertArrayEquals(first, second);
        assertArrayEquals(first, BencodeWriter.encode(BencodeReader.decode(first)), "canonical bencoding");
    }

    @Test
    void filesAreSortedComponentByComponentAndHiddenOnesLeftOut() throws Exception {
        Metainfo m = parse(TorrentBuilder.of(tree()).pieceLength(K16).build(n -> {}));
        List<String> paths = m.files().stream().map(FileEntry::displayPath).toList();
        assertEquals(List.of("content/a/c", "content/a/empty", "content/a-b", "content/b.bin", "content/z/deep/x"),
                paths);
        assertEquals("content", m.name());
        assertTrue(m.isMultiFile());
        assertFalse(m.isHybrid());
    }

    @Test
    void includeHiddenAddsDotFilesAndFolders() throws Exception {
        Metainfo m = parse(TorrentBuilder.of(tree()).includeHidden(true).build(n -> {}));
        List<String> paths = m.files().stream().map(FileEntry::displayPath).toList();
        assertTrue(paths.containsAll(List.of("content/.git/config", "content/.hidden")), paths.toString());
    }

    @Test
    void v1PiecesAreTheSha1OfTheConcatenatedFiles() throws Exception {
        Path root = tree();
        Metainfo m = parse(TorrentBuilder.of(root).pieceLength(32 * 1024).build(n -> {}));
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (FileEntry f : m.files()) {
            all.write(Files.readAllBytes(dir.resolve(f.displayPath())));
        }
        byte[] content = all.toByteArray();
        assertEquals(content.length, m.totalLength());
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        for (int p = 0; p < m.pieceCount(); p++) {
            int from = (int) m.layout().pieceOffset(p);
            sha1.update(content, from, m.layout().pieceSize(p));
            assertArrayEquals(sha1.digest(), m.pieceHash(p), "piece " + p);
        }
    }

    @Test
    void singleFileTorrentHasLengthAndTheFilesName() throws Exception {
        Path f = file("one.iso", 50_000, 9);
        TorrentBuilder.Torrent t = TorrentBuilder.of(f).build(n -> {});
        Metainfo m = parse(t);
        assertFalse(m.isMultiFile());
        assertEquals("one.iso", m.name());
        assertEquals(50_000, m.totalLength());
        assertEquals(m.infoHashV1(), t.v1());
        assertNull(t.v2());
    }

    @Test
    void hybridAlignsFilesWithPadFilesAndCarriesTheV2Tree() throws Exception {
        Path root = tree();
        TorrentBuilder.Torrent t = TorrentBuilder.of(root).pieceLength(K16 * 2).hybrid(true).build(n -> {});
        Metainfo m = parse(t);
        assertTrue(m.isHybrid());
        assertEquals(m.infoHashV1(), t.v1());
        assertEquals(m.infoHashV2(), t.v2());
        long pieceLength = m.pieceLength();
        List<FileEntry> files = m.files();
        for (int i = 0; i < files.size(); i++) {
            FileEntry f = files.get(i);
            if (f.pad()) {
                assertEquals(List.of(".pad", Long.toString(f.length())), f.path());
                assertEquals(0, f.end() % pieceLength, "a pad file ends on a piece boundary");
            } else if (f.length() > 0) {
                assertEquals(0, f.offset() % pieceLength, f.displayPath() + " starts a piece");
                byte[] data = Files.readAllBytes(dir.resolve(f.displayPath()));
                assertArrayEquals(referenceRoot(data), m.fileRoot(i), f.displayPath());
                assertEquals(f.length() > pieceLength, m.pieceLayer(i) != null, f.displayPath());
            } else {
                assertNull(m.fileRoot(i));
            }
        }
        BDict top = (BDict) BencodeReader.decode(t.bytes());
        assertEquals(2, top.dict("info").integer("meta version", 0));
        assertNotNull(top.dict("piece layers"));
    }

    /** The BEP 52 root of a file: every 16 KiB leaf, padded with zero leaves to a power of two. */
    private static byte[] referenceRoot(byte[] data) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        List<byte[]> layer = new ArrayList<>();
        for (int at = 0; at < data.length; at += K16) {
            layer.add(sha.digest(Arrays.copyOfRange(data, at, Math.min(data.length, at + K16))));
        }
        while (Integer.bitCount(layer.size()) != 1) {
            layer.add(new byte[32]);
        }
        while (layer.size() > 1) {
            List<byte[]> up = new ArrayList<>();
            for (int i = 0; i < layer.size(); i += 2) {
                sha.update(layer.get(i));
                sha.update(layer.get(i + 1));
                up.add(sha.digest());
            }
            layer = up;
        }
        return layer.get(0);
    }

    @Test
    void optionsLandInTheirKeys() throws Exception {
        Path f = file("x", 1000, 3);
        Metainfo m = parse(TorrentBuilder.of(f).name("renamed").isPrivate(true).comment("hello").source("SRC")
                .webSeeds(List.of("http://ws/")).createdBy("me").creationDate(1_700_000_000L)
                .trackerTiers(List.of(List.of("http://a/ann", "http://b/ann"), List.of("udp://c:1/ann")))
                .build(n -> {}));
        assertEquals("renamed", m.name());
        assertTrue(m.isPrivate());
        assertEquals("hello", m.comment());
        assertEquals("SRC", m.source());
        assertEquals(List.of("http://ws/"), m.webSeeds());
        assertEquals("me", m.createdBy());
        assertEquals(1_700_000_000L, m.creationDate().getAsLong());
        assertEquals(List.of(List.of("http://a/ann", "http://b/ann"), List.of("udp://c:1/ann")), m.trackerTiers());
        BDict top = (BDict) BencodeReader.decode(
                TorrentBuilder.of(f).trackerTiers(List.of(List.of("http://a/ann"))).build(n -> {}).bytes());
        assertEquals("http://a/ann", top.string("announce").text());
        assertFalse(top.containsKey("announce-list"), "one tracker needs no list");
    }

    @Test
    void defaultPieceLengthAimsAtAFewThousandPiecesWithinBounds() {
        assertEquals(16 * 1024, TorrentBuilder.defaultPieceLength(1));
        assertEquals(16 * 1024, TorrentBuilder.defaultPieceLength(2000L * K16));
        assertEquals(4L << 20, TorrentBuilder.defaultPieceLength(4L << 30));
        assertEquals(64L << 20, TorrentBuilder.defaultPieceLength(1L << 50));
        long fourGiB = 4L << 30;
        long pieces = fourGiB / TorrentBuilder.defaultPieceLength(fourGiB);
        assertTrue(pieces >= 1000 && pieces <= 2000, pieces + " pieces");
    }

    @Test
    void refusesPieceLengthsThatAreNotPowersOfTwoInRange() {
        for (long bad : new long[] {0, 8 * 1024, 3 * K16, 128L << 20}) {
            assertThrows(IllegalArgumentException.class, () -> TorrentBuilder.of(dir).pieceLength(bad));
        }
    }

    @Test
    void missingPathEmptyFolderAndEmptyFilesAreBadInput() throws Exception {
        MimException.BadInput missing = assertThrows(MimException.BadInput.class,
                () -> TorrentBuilder.of(dir.resolve("nope")).build(n -> {}));
        assertTrue(missing.getMessage().endsWith("nope: no such file or directory"), missing.getMessage());

        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThrows(MimException.BadInput.class, () -> TorrentBuilder.of(empty).build(n -> {}));

        file("hiddenOnly/.secret", 10, 1);
        MimException e = assertThrows(MimException.BadInput.class,
                () -> TorrentBuilder.of(dir.resolve("hiddenOnly")).build(n -> {}));
        assertTrue(e.getMessage().contains("--include-hidden"), e.getMessage());

        file("zeros/a", 0, 1);
        assertThrows(MimException.BadInput.class, () -> TorrentBuilder.of(dir.resolve("zeros")).build(n -> {}));
    }

    @Test
    void aBrokenSymbolicLinkNamesTheLink() throws Exception {
        file("linked/a", 10, 1);
        Files.createSymbolicLink(dir.resolve("linked/b"), dir.resolve("gone"));
        MimException e = assertThrows(MimException.class, () -> TorrentBuilder.of(dir.resolve("linked")).build(n -> {}));
        assertTrue(e.getMessage().contains("linked/b") && e.getMessage().contains("broken symbolic link"),
                e.getMessage());
    }

    @Test
    void symbolicLinksAreFollowed() throws Exception {
        Path target = file("elsewhere/data", 3000, 2);
        file("withLink/a", 10, 1);
        Files.createSymbolicLink(dir.resolve("withLink/b"), target);
        Metainfo m = parse(TorrentBuilder.of(dir.resolve("withLink")).build(n -> {}));
        assertEquals(List.of(10L, 3000L), m.files().stream().map(FileEntry::length).toList());
    }
}

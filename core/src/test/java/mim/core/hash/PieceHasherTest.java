package mim.core.hash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import mim.core.metainfo.FileEntry;
import mim.core.metainfo.FileLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PieceHasherTest {
    private static final int K16 = 16 * 1024;

    @TempDir
    Path dir;

    /** Writes files of the given sizes (random bytes, fixed seed) and lays them out end to end. */
    private FileLayout write(long pieceLength, long... sizes) throws IOException {
        Random random = new Random(42);
        List<FileEntry> files = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < sizes.length; i++) {
            byte[] data = new byte[(int) sizes[i]];
            random.nextBytes(data);
            Files.write(dir.resolve("f" + i), data);
            files.add(FileEntry.of(List.of("f" + i), sizes[i], offset));
            offset += sizes[i];
        }
        return new FileLayout(pieceLength, files);
    }

    private byte[] content(FileLayout layout) throws IOException {
        byte[] all = new byte[(int) layout.totalLength()];
        for (FileEntry f : layout.files()) {
            byte[] data = f.pad() ? new byte[(int) f.length()] : Files.readAllBytes(dir.resolve(f.path().get(0)));
            System.arraycopy(data, 0, all, (int) f.offset(), data.length);
        }
        return all;
    }

    private static byte[] sha1(byte[] data, int from, int to) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-1");
        md.update(data, from, to - from);
        return md.digest();
    }

    @ParameterizedTest
    @CsvSource({"1, 65536, 1048576", "3, 32768, 65536", "4, 16384, 16384", "2, 1048576, 1"})
    void v1HashesEqualSha1OfEachPieceAcrossFileBoundaries(int threads, int chunk, long unit) throws Exception {
        FileLayout layout = write(64 * 1024, 100_000, 0, 1, 70_000, 300_001, 5);
        byte[] all = content(layout);
        AtomicLong progress = new AtomicLong();

        PieceHashes h = new PieceHasher(layout, threads, false, chunk, unit)
                .hash(FilesPieceSource.under(layout, dir), progress::addAndGet);

        assertEquals(layout.pieceCount(), h.pieceCount());
        byte[] expected = new byte[layout.pieceCount() * 20];
        for (int p = 0; p < layout.pieceCount(); p++) {
            int from = (int) layout.pieceOffset(p);
            System.arraycopy(sha1(all, from, from + layout.pieceSize(p)), 0, expected, p * 20, 20);
            assertTrue(h.sha1Matches(p, expected, p * 20));
        }
        assertArrayEquals(expected, h.concatenatedSha1());
        assertEquals(layout.totalLength(), progress.get());
        assertFalse(h.hasRoots());
    }

    @Test
    void missingAndShortFilesMakeOnlyTheirPiecesUnavailable() throws Exception {
        FileLayout layout = write(K16, 40_000, 40_000, 40_000);
        Files.delete(dir.resolve("f1"));
        Files.write(dir.resolve("f2"), new byte[39_000]);

        PieceHashes h = new PieceHasher(layout, 2, false, K16 * 4, K16)
                .hash(FilesPieceSource.under(layout, dir), n -> {});

        BitSet expected = new BitSet();
        expected.set((int) (40_000 / K16), (int) ((80_000 - 1) / K16) + 1); // f1
        expected.set((int) (119_000 / K16), layout.pieceCount()); // the tail f2 lacks
        assertEquals(expected, h.unavailable());
        assertTrue(h.sha1Matches(0, sha1(Files.readAllBytes(dir.resolve("f0")), 0, K16), 0));
    }

    @Test
    void aFileThatCannotBeReadFailsWithItsPath() throws Exception {
        FileLayout layout = write(K16, 40_000);
        Files.delete(dir.resolve("f0"));
        Files.createDirectory(dir.resolve("f0"));

        IOException e = assertThrows(IOException.class, () -> new PieceHasher(layout, 2, false)
                .hash(FilesPieceSource.under(layout, dir), n -> {}));
        assertTrue(e.getMessage().contains(dir.resolve("f0").toString()), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"1, 16384", "2, 32768", "3, 1048576"})
    void v2RootsAreTheMerkleRootsOfEachPiecesBlocks(int threads, int chunk) throws Exception {
        long pieceLength = 64 * 1024;
        // File-aligned like a hybrid torrent: a pad file after each file that does not end a piece.
        long[] sizes = {200_000, 1, 64 * 1024, 20_000};
        FileLayout data = write(pieceLength, sizes);
        List<FileEntry> aligned = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < sizes.length; i++) {
            aligned.add(FileEntry.of(List.of("f" + i), sizes[i], offset));
            offset += sizes[i];
            long pad = (pieceLength - offset % pieceLength) % pieceLength;
            if (pad > 0 && i < sizes.length - 1) {
                aligned.add(new FileEntry(List.of(".pad", Long.toString(pad)), pad, offset, true, false, false, null));
                offset += pad;
            }
        }
        FileLayout layout = new FileLayout(pieceLength, aligned);
        List<Path> paths = new ArrayList<>();
        for (FileEntry f : layout.files()) {
            paths.add(dir.resolve(f.path().get(0)));
        }

        PieceHashes h = new PieceHasher(layout, threads, true, chunk, pieceLength)
                .hash(new FilesPieceSource(layout, paths), n -> {});

        byte[] all = content(layout);
        int piece = 0;
        for (FileEntry f : data.files()) {
            byte[] bytes = Files.readAllBytes(dir.resolve(f.path().get(0)));
            List<byte[]> layer = referencePieceLayer(bytes, (int) pieceLength);
            for (byte[] root : layer) {
                assertArrayEquals(root, h.root(piece), "piece " + piece);
                piece++;
            }
        }
        assertEquals(layout.pieceCount(), piece);
        for (int p = 0; p < layout.pieceCount(); p++) {
            int from = (int) layout.pieceOffset(p);
            assertTrue(h.sha1Matches(p, sha1(all, from, from + layout.pieceSize(p)), 0), "piece " + p);
        }
    }

    /**
     * BEP 52 written out plainly: the leaves of the whole file padded to a power of two, reduced to
     * the layer whose nodes cover one piece; a file of one piece or less gives its root alone.
     */
    private static List<byte[]> referencePieceLayer(byte[] file, int pieceLength) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        int blocks = Math.max(1, (file.length + K16 - 1) / K16);
        int width = Integer.highestOneBit(blocks) == blocks ? blocks : Integer.highestOneBit(blocks) << 1;
        List<byte[]> nodes = new ArrayList<>();
        for (int b = 0; b < width; b++) {
            nodes.add(b < blocks
                    ? sha.digest(Arrays.copyOfRange(file, b * K16, Math.min(file.length, (b + 1) * K16)))
                    : new byte[32]);
        }
        int perPiece = pieceLength / K16;
        int pieces = (file.length + pieceLength - 1) / pieceLength;
        while (nodes.size() > 1 && (file.length <= pieceLength || nodes.size() > width / perPiece)) {
            List<byte[]> up = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i += 2) {
                sha.update(nodes.get(i));
                sha.update(nodes.get(i + 1));
                up.add(sha.digest());
            }
            nodes = up;
        }
        return file.length <= pieceLength ? nodes : nodes.subList(0, pieces);
    }
}

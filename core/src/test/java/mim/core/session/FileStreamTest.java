package mim.core.session;

import static mim.core.session.Loopback.DEADLINE;
import static mim.core.session.Loopback.await;
import static mim.core.session.Loopback.local;
import static mim.core.session.Loopback.params;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import mim.core.MimException;
import mim.core.metainfo.Metainfo;
import mim.core.spi.AddRequest;
import mim.core.spi.FileStream;
import mim.core.spi.Haves;
import mim.core.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Reading a file while it downloads, on loopback with content in memory. */
@ExtendWith(LeakCheck.class)
class FileStreamTest {
    private static final int PIECE = 64 * 1024;

    @TempDir
    Path seedFolder;
    @TempDir
    Path root;

    @Test
    void aReadWaitsForItsPieceAndGivesItsVerifiedBytes() throws Exception {
        byte[] data = TestTorrents.content(40 * PIECE + 123, 11);
        byte[] file = TestTorrents.singleFileBytes("movie.mkv", data, PIECE);
        try (Session leech = session(new MemoryStorage(data.length, 1), 2)) {
            int id = get(leech.control().add(request(file, Set.of(0)))).details().summary().id();
            try (FileStream stream = leech.control().stream(id, 0)) {
                assertEquals(data.length, stream.length());
                long at = data.length * 9L / 10;
                CompletableFuture<ByteBuffer> read = stream.read(at, 1_000_000);
                assertFalse(read.isDone(), "no peer has sent anything");
                try (Session seed = seeding(file, data)) {
                    leech.torrentList().get(0).addPeers("test", List.of(local(seed)));
                    int pieceEnd = (int) ((at / PIECE + 1) * PIECE);
                    assertArrayEquals(Arrays.copyOfRange(data, (int) at, pieceEnd), bytes(get(read)),
                            "the rest of the piece, never more");
                    assertArrayEquals(Arrays.copyOfRange(data, data.length - 100, data.length),
                            bytes(get(stream.read(data.length - 100, 4096))), "the file's end");
                }
            }
        }
    }

    @Test
    void aStreamOfAnUnselectedFileFetchesWhatItReadsAndNoMore() throws Exception {
        // 256 pieces; the first file ends inside piece 16, which the second shares
        byte[] data = TestTorrents.content(256 * PIECE, 12);
        int firstLength = 16 * PIECE + 1000;
        byte[] file = TestTorrents.twoFilesBytes("show", data, firstLength, PIECE);
        MemoryStorage leechStore = new MemoryStorage(data.length, 2);
        try (Session seed = seeding(file, data); Session leech = session(leechStore, 2)) {
            AddRequest onlyFirst = new AddRequest(new AddRequest.TorrentFile(file), null, null, Set.of(0), null, true,
                    false, false, List.of(local(seed)), Set.of());
            int id = get(leech.control().add(onlyFirst)).details().summary().id();
            try (FileStream stream = leech.control().stream(id, 1)) {
                assertEquals(data.length - firstLength, stream.length());
                ByteBuffer start = get(stream.read(0, PIECE));
                assertArrayEquals(Arrays.copyOfRange(data, firstLength, 17 * PIECE), bytes(start));
                ByteBuffer later = get(stream.read(20L * PIECE, PIECE));
                assertArrayEquals(Arrays.copyOfRange(data, firstLength + 20 * PIECE, 37 * PIECE), bytes(later),
                        "from byte 1000 of piece 36 to its end");
            }
            await(() -> leech.control().list().get(0).completedAt() != null, "the selected file completes");
            Haves haves = get(leech.control().haves(id));
            assertFalse(haves.has(255), "nothing past the stream's window is fetched");
            assertArrayEquals(Arrays.copyOfRange(data, firstLength, 17 * PIECE),
                    Arrays.copyOfRange(leechStore.content(), firstLength, 17 * PIECE), "what it read is on disk");
        }
    }

    @Test
    void aPauseEndsAWaitingReadAndAStartLetsTheStreamGoOn() throws Exception {
        byte[] data = TestTorrents.content(8 * PIECE, 13);
        byte[] file = TestTorrents.singleFileBytes("song.flac", data, PIECE);
        try (Session leech = session(new MemoryStorage(data.length, 1), 2)) {
            int id = get(leech.control().add(request(file, Set.of(0)))).details().summary().id();
            FileStream stream = leech.control().stream(id, 0);
            CompletableFuture<ByteBuffer> waiting = stream.read(3 * PIECE, PIECE);
            get(leech.control().pause(id));
            assertInstanceOf(MimException.class, cause(waiting));
            assertInstanceOf(MimException.class, cause(stream.read(0, PIECE)), "a paused torrent reads nothing");
            get(leech.control().start(id));
            try (Session seed = seeding(file, data)) {
                await(() -> !leech.torrentList().isEmpty(), "the torrent runs again");
                leech.torrentList().get(0).addPeers("test", List.of(local(seed)));
                assertArrayEquals(Arrays.copyOfRange(data, 3 * PIECE, 4 * PIECE), bytes(get(stream.read(3 * PIECE, PIECE))));
            }
            stream.close();
            assertInstanceOf(MimException.class, cause(stream.read(0, PIECE)), "a closed stream reads nothing");
            assertThrows(IndexOutOfBoundsException.class, () -> stream.read(data.length, 1));
        }
    }

    private Session seeding(byte[] file, byte[] data) throws Exception {
        Session seed = session(MemoryStorage.filled(data, Metainfo.parse(file).files().size()), 1);
        seed.add(params(Metainfo.parse(file), seedFolder, List.of())).completion()
                .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        return seed;
    }

    private Session session(MemoryStorage storage, long seed) throws Exception {
        return Loopback.builder(storage, seed, UnaryOperator.identity()).outputFolder(root.resolve("s" + seed)).build();
    }

    private static AddRequest request(byte[] file, Set<Integer> files) {
        List<InetSocketAddress> none = List.of();
        return new AddRequest(new AddRequest.TorrentFile(file), null, null, files, null, true, false, false, none, Set.of());
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static Throwable cause(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        return e.getCause();
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }
}

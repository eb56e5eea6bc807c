package mim.core.metadata;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class MetadataServerTest {
    static final long SECOND = 1_000_000_000L;
    static final byte[] INFO = new byte[2 * MetadataMessage.PIECE_SIZE + 10];

    static {
        for (int i = 0; i < INFO.length; i++) {
            INFO[i] = (byte) (31 * i);
        }
    }

    @Test
    void servesEachPieceOfTheInfo() {
        MetadataServer<String> s = MetadataServer.serving(INFO);
        assertEquals(OptionalInt.of(INFO.length), s.metadataSize());
        for (int p = 0; p < 3; p++) {
            var d = assertInstanceOf(MetadataMessage.Data.class, s.answer("a", new MetadataMessage.Request(p), 0));
            int from = p * MetadataMessage.PIECE_SIZE;
            assertArrayEquals(Arrays.copyOfRange(INFO, from, Math.min(INFO.length, from + MetadataMessage.PIECE_SIZE)), d.bytes());
            assertEquals(INFO.length, d.totalSize());
        }
    }

    @Test
    void rejectsPiecesPastTheEndAndEverythingWithoutInfo() {
        assertEquals(new MetadataMessage.Reject(3), MetadataServer.serving(INFO).answer("a", new MetadataMessage.Request(3), 0));
        MetadataServer<String> none = MetadataServer.without();
        assertEquals(OptionalInt.empty(), none.metadataSize());
        assertEquals(new MetadataMessage.Reject(0), none.answer("a", new MetadataMessage.Request(0), 0));
    }

    @Test
    void boundsEachPeersRate() {
        MetadataServer<String> s = new MetadataServer<>(INFO, 3, 2);
        MetadataMessage.Request r = new MetadataMessage.Request(0);
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(MetadataMessage.Data.class, s.answer("a", r, 0));
        }
        assertInstanceOf(MetadataMessage.Reject.class, s.answer("a", r, 0), "burst spent");
        assertInstanceOf(MetadataMessage.Data.class, s.answer("b", r, 0), "another peer has its own bucket");
        assertInstanceOf(MetadataMessage.Reject.class, s.answer("a", r, SECOND / 4), "half a token back");
        assertInstanceOf(MetadataMessage.Data.class, s.answer("a", r, SECOND / 2));
        assertInstanceOf(MetadataMessage.Reject.class, s.answer("a", r, SECOND / 2));
        s.peerGone("a");
        assertInstanceOf(MetadataMessage.Data.class, s.answer("a", r, SECOND / 2), "a new connection starts full");
    }

    @Test
    void refusesUnservableInfo() {
        assertThrows(IllegalArgumentException.class, () -> MetadataServer.serving(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> MetadataServer.serving(new byte[MetadataMessage.MAX_METADATA_SIZE + 1]));
        assertThrows(IllegalArgumentException.class, () -> new MetadataServer<String>(INFO, 0, 1));
    }
}

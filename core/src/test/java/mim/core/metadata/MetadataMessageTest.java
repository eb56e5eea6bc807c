package mim.core.metadata;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import mim.core.wire.ProtocolViolation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetadataMessageTest {
    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void requestAndRejectHaveBep9Bytes() throws Exception {
        assertEquals("d8:msg_typei0e5:piecei0ee", text(new MetadataMessage.Request(0).encode()));
        assertEquals("d8:msg_typei2e5:piecei3ee", text(new MetadataMessage.Reject(3).encode()));
        assertEquals(new MetadataMessage.Request(7), MetadataMessage.decode(ascii("d8:msg_typei0e5:piecei7ee")));
        assertEquals(new MetadataMessage.Reject(1), MetadataMessage.decode(ascii("d8:msg_typei2e5:piecei1ee")));
    }

    @Test
    void dataCarriesThePieceAfterTheDictionary() throws Exception {
        byte[] piece = new byte[100];
        Arrays.fill(piece, (byte) 'x');
        MetadataMessage.Data d = new MetadataMessage.Data(1, MetadataMessage.PIECE_SIZE + 100, piece);
        assertEquals("d8:msg_typei1e5:piecei1e10:total_sizei16484ee" + "x".repeat(100), text(d.encode()));
        assertEquals(d, MetadataMessage.decode(d.encode()));
    }

    @Test
    void dataWhosePieceBytesLookLikeBencodingStillReadsRight() throws Exception {
        byte[] piece = ascii("d8:msg_typei2ee");
        MetadataMessage.Data d = new MetadataMessage.Data(0, piece.length, piece);
        assertArrayEquals(piece, ((MetadataMessage.Data) MetadataMessage.decode(d.encode())).bytes());
    }

    @Test
    void fullPiecesAndTheShortLastOne() throws Exception {
        int total = 2 * MetadataMessage.PIECE_SIZE + 1;
        assertEquals(3, MetadataMessage.pieceCount(total));
        assertEquals(MetadataMessage.PIECE_SIZE, MetadataMessage.pieceLength(total, 1));
        assertEquals(1, MetadataMessage.pieceLength(total, 2));
        MetadataMessage.Data last = new MetadataMessage.Data(2, total, new byte[1]);
        assertEquals(last, MetadataMessage.decode(last.encode()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "le",
        "i1e",
        "d5:piecei0ee",                                        // no msg_type
        "d8:msg_typei0ee",                                     // no piece
        "d8:msg_typei3e5:piecei0ee",                           // unknown msg_type
        "d8:msg_typei0e5:piecei-1ee",                          // negative piece
        "d8:msg_typei0e5:piecei1024ee",                        // past 16 MiB of metadata
        "d8:msg_typei0e5:piece1:0e",                           // piece not an integer
        "d8:msg_typei0e5:piecei0eeX",                          // bytes after a request
        "d8:msg_typei2e5:piecei0eeX",                          // bytes after a reject
        "d8:msg_typei1e5:piecei0eeabc",                        // data without total_size
        "d8:msg_typei1e5:piecei0e10:total_sizei0eeabc",         // data of nothing
        "d8:msg_typei1e5:piecei0e10:total_sizei16777217eeabc",  // more than 16 MiB
        "d8:msg_typei1e5:piecei0e10:total_sizei4eeabc",         // 3 bytes for a 4-byte piece
        "d8:msg_typei1e5:piecei0e10:total_sizei2eeabc",         // 3 bytes for a 2-byte piece
        "d8:msg_typei1e5:piecei1e10:total_sizei3eeabc",         // piece past the end
        "d8:msg_typei0e5:piecedee",                            // nested value
        "d8:msg_typei0e5:piecei0e",                            // cut short
    })
    void refusesMalformedMessages(String payload) {
        assertThrows(ProtocolViolation.class, () -> MetadataMessage.decode(ascii(payload)));
    }

    @Test
    void refusesAHeaderPaddedPastItsBound() {
        String pad = "7:padding" + (MetadataMessage.MAX_HEADER) + ":" + "p".repeat(MetadataMessage.MAX_HEADER);
        assertThrows(ProtocolViolation.class,
                () -> MetadataMessage.decode(ascii("d8:msg_typei0e" + pad + "5:piecei0ee")));
    }

    @Test
    void constructorsRefuseInconsistentMessages() {
        assertThrows(IllegalArgumentException.class, () -> new MetadataMessage.Request(-1));
        assertThrows(IllegalArgumentException.class, () -> new MetadataMessage.Reject(MetadataMessage.MAX_PIECES));
        assertThrows(IllegalArgumentException.class,
                () -> new MetadataMessage.Data(0, MetadataMessage.PIECE_SIZE + 1, new byte[1]));
    }
}

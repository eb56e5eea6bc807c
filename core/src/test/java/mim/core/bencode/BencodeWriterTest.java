package mim.core.bencode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BencodeWriterTest {

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void writesEachKind() {
        assertEquals("i-7e", text(BInt.of(-7).encode()));
        assertEquals("i0e", text(BInt.of(0).encode()));
        assertEquals("i-9223372036854775808e", text(BInt.of(Long.MIN_VALUE).encode()));
        assertEquals("4:spam", text(BString.of("spam").encode()));
        assertEquals("0:", text(BString.of("").encode()));
        assertEquals("li1e1:ae", text(BList.of(BInt.of(1), BString.of("a")).encode()));
        assertEquals("de", text(BDict.empty().encode()));
    }

    @Test
    void sortsKeysAsRawBytes() {
        BDict d = BDict.builder()
                .put("zz", 1)
                .put(BString.of(new byte[] {(byte) 0xc3}), BInt.of(2))
                .put("a", "x")
                .put("ab", BList.of())
                .build();
        assertEquals("d1:a1:x2:able2:zzi1e1:\u00c3i2ee", text(d.encode()));
    }

    @Test
    void refusesRepeatedKeys() throws Exception {
        BValue read = BencodeReader.decode("d1:ai1e1:ai2ee".getBytes(StandardCharsets.US_ASCII));
        assertThrows(IllegalArgumentException.class, read::encode);
    }

    @Test
    void roundTripsCanonicalInputByteForByte() throws Exception {
        byte[] input = "d4:infod6:lengthi12e4:name3:abc12:piece lengthi16384ee3:keyli-1e0:deee"
                .getBytes(StandardCharsets.US_ASCII);
        assertEquals(text(input), text(BencodeReader.decode(input).encode()));
    }

    @Test
    void canonicalisesUnsortedInput() throws Exception {
        BValue read = BencodeReader.decode("d1:bi1e1:ai2ee".getBytes(StandardCharsets.US_ASCII));
        assertEquals("d1:ai2e1:bi1ee", text(read.encode()));
        assertEquals(14, BencodeWriter.size(read));
    }

    @Test
    void builderKeepsTheLastValueOfARepeatedKey() {
        BDict d = BDict.builder().put("a", 1).put("a", 2).build();
        assertEquals(1, d.size());
        assertEquals(2, d.integer("a", 0));
    }
}

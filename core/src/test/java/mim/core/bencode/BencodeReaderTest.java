package mim.core.bencode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import mim.core.bencode.BencodeException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BencodeReaderTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static BencodeException refused(BencodeReader reader, String input) {
        return assertThrows(BencodeException.class, () -> reader.read(ascii(input)));
    }

    private static BencodeException refused(String input) {
        return refused(BencodeReader.strict(), input);
    }

    @ParameterizedTest
    @CsvSource({"i0e,0", "i42e,42", "i-42e,-42", "i9223372036854775807e,9223372036854775807",
        "i-9223372036854775808e,-9223372036854775808"})
    void readsCanonicalIntegers(String input, long expected) throws Exception {
        assertEquals(BInt.of(expected), BencodeReader.decode(ascii(input)));
    }

    @ParameterizedTest
    @CsvSource({"i03e,0", "i-0e,0", "ie,0", "i-e,0", "i00e,0", "i-03e,0", "i1x,2", "i12,3", "i+1e,1"})
    void refusesIntegersThatAreNotCanonical(String input, int offset) {
        BencodeException e = refused(input);
        assertEquals(Reason.SYNTAX, e.reason());
        assertEquals(offset, e.offset());
        assertTrue(e.getMessage().startsWith("invalid bencoding at byte " + offset + ": "), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"i9223372036854775808e", "i-9223372036854775809e", "i99999999999999999999999e"})
    void refusesIntegersBeyondLong(String input) {
        assertTrue(refused(input).getMessage().contains("64 bits"));
    }

    @Test
    void readsStringsAsBytes() throws Exception {
        assertEquals(BString.of("spam"), BencodeReader.decode(ascii("4:spam")));
        assertEquals(BString.of(new byte[0]), BencodeReader.decode(ascii("0:")));
        BString binary = (BString) BencodeReader.decode(new byte[] {'2', ':', (byte) 0xff, 0});
        assertArrayEquals(new byte[] {(byte) 0xff, 0}, binary.bytes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"5:spam", "01:a", "4spam", "4", "99999999999999999999:x", ":a"})
    void refusesMalformedStrings(String input) {
        assertEquals(Reason.SYNTAX, refused(input).reason());
    }

    @Test
    void stringLengthPastTheEndIsReportedAtTheLength() {
        BencodeException e = refused("l3:abc9:abce");
        assertEquals(6, e.offset());
    }

    @Test
    void readsListsAndDictionariesInOrder() throws Exception {
        BValue v = BencodeReader.decode(ascii("d3:bar4:spam3:fooi42e4:listli1e1:xee"));
        BDict d = (BDict) v;
        assertEquals(List.of(BString.of("bar"), BString.of("foo"), BString.of("list")), d.keys());
        assertEquals(BString.of("spam"), d.string("bar"));
        assertEquals(42, d.integer("foo", -1));
        assertEquals(BList.of(BInt.of(1), BString.of("x")), d.list("list"));
        assertNull(d.dict("bar"));
        assertNull(d.get("missing"));
        assertTrue(d.hasCanonicalKeys());
    }

    @Test
    void acceptsUnsortedKeysButRemembers() throws Exception {
        BDict d = (BDict) BencodeReader.decode(ascii("d1:bi1e1:ai2ee"));
        assertFalse(d.hasCanonicalKeys());
        assertEquals(List.of(BString.of("b"), BString.of("a")), d.keys());
        assertEquals(2, d.integer("a", 0));
    }

    @Test
    void repeatedKeysAreNotCanonicalAndTheFirstWins() throws Exception {
        BDict d = (BDict) BencodeReader.decode(ascii("d1:ai1e1:ai2ee"));
        assertFalse(d.hasCanonicalKeys());
        assertEquals(1, d.integer("a", 0));
    }

    @Test
    void largeDictionariesAreIndexedWithTheSameFirstWinsRule() throws Exception {
        StringBuilder s = new StringBuilder("d");
        for (int i = 0; i < 20; i++) {
            s.append("2:k").append((char) ('a' + i)).append('i').append(i).append('e');
        }
        s.append("2:kai99ee");
        BDict d = (BDict) BencodeReader.decode(ascii(s.toString()));
        assertEquals(0, d.integer("ka", -1));
        assertEquals(19, d.integer("kt", -1));
    }

    @Test
    void canonicalReaderRefusesUnsortedAndRepeatedKeys() {
        BencodeReader canonical = BencodeReader.strict().requiringCanonicalKeys();
        BencodeException unsorted = refused(canonical, "d1:bi1e1:ai2ee");
        assertEquals(Reason.NOT_CANONICAL, unsorted.reason());
        assertEquals(7, unsorted.offset());
        assertEquals(Reason.NOT_CANONICAL, refused(canonical, "d1:xd1:ai1e1:ai2eee").reason());
    }

    @Test
    void keysCompareAsUnsignedBytes() throws Exception {
        // 0xff sorts after 'a' as an unsigned byte, although it is negative as a Java byte.
        byte[] input = {'d', '1', ':', 'a', 'i', '1', 'e', '1', ':', (byte) 0xff, 'i', '2', 'e', 'e'};
        BDict d = (BDict) BencodeReader.strict().requiringCanonicalKeys().read(input).root();
        assertTrue(d.hasCanonicalKeys());
    }

    @ParameterizedTest
    @ValueSource(strings = {"di1ei2ee", "dlee1:ae", "d1:a", "d1:ai1e", "l", "li1e", "", "x", "e"})
    void refusesBrokenContainers(String input) {
        assertEquals(Reason.SYNTAX, refused(input).reason());
    }

    @Test
    void refusesTrailingDataUnlessAllowed() throws Exception {
        BencodeException e = refused("i1ei2e");
        assertEquals(3, e.offset());
        BencodeReader.Document doc = BencodeReader.strict().allowingTrailingData().read(ascii("i1e\n"));
        assertEquals(BInt.of(1), doc.root());
        assertEquals(3, doc.length());
    }

    @Test
    void limitsNestingDepth() throws Exception {
        String ok = "l".repeat(100) + "e".repeat(100);
        BencodeReader.decode(ascii(ok));
        BencodeException e = refused("l".repeat(101) + "e".repeat(101));
        assertEquals(Reason.DEPTH_EXCEEDED, e.reason());
        assertEquals(100, e.offset());
        assertEquals(Reason.DEPTH_EXCEEDED, refused(BencodeReader.strict().withMaxDepth(2), "llleee").reason());
    }

    @Test
    void limitsInputSize() {
        BencodeException e = refused(BencodeReader.strict().withMaxSize(4), "5:abcde");
        assertEquals(Reason.TOO_LARGE, e.reason());
    }

    @Test
    void recordsTheExactBytesOfTheTopLevelInfoDictionary() throws Exception {
        // Unsorted keys inside info must survive byte for byte: the info-hash is over what was sent.
        String info = "d4:name1:x6:lengthi1ee";
        BencodeReader.Document doc = BencodeReader.strict().read(ascii("d8:announce1:u4:info" + info + "e"));
        assertArrayEquals(ascii(info), doc.rawInfo());
        assertEquals(20, doc.infoOffset());
    }

    @Test
    void infoIsOnlyRecordedAtTheTopLevel() throws Exception {
        BencodeReader.Document doc = BencodeReader.strict().read(ascii("d1:ad4:infodeee"));
        assertNull(doc.rawInfo());
        assertEquals(-1, doc.infoOffset());
        assertNull(BencodeReader.strict().read(ascii("l4:infodee")).rawInfo());
    }

    @Test
    void readsTenMegabytesInLinearTime() throws Exception {
        // A torrent-shaped input: a large pieces string and many small file dictionaries.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii("d4:infod5:filesl"));
        for (int i = 0; i < 100_000; i++) {
            out.writeBytes(ascii("d6:lengthi" + i + "e4:pathl4:dir" + (i % 10) + "8:file" + String.format("%04d", i % 10_000) + "ee"));
        }
        out.writeBytes(ascii("e6:pieces8000000:"));
        out.writeBytes(new byte[8_000_000]);
        out.writeBytes(ascii("ee"));
        byte[] input = out.toByteArray();
        assertTrue(input.length > 10_000_000);
        // warm it takes tens of milliseconds; the bound only catches quadratic work, which would take hours
        BencodeReader.Document doc = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> BencodeReader.strict().read(input));
        BDict info = ((BDict) doc.root()).dict("info");
        assertEquals(100_000, info.list("files").size());
        assertEquals(input.length - "d4:info".length() - "e".length(), doc.rawInfo().length);
    }
}

package mim.plugin.httpapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ByteRangeTest {
    private static Optional<ByteRange> parse(String header) throws ByteRange.Unsatisfiable {
        return ByteRange.parse(header, 1000);
    }

    @Test
    void aClosedRangeIsCutAtTheEnd() throws Exception {
        assertEquals(Optional.of(new ByteRange(0, 0)), parse("bytes=0-0"));
        assertEquals(Optional.of(new ByteRange(100, 349)), parse("bytes=100-349"));
        assertEquals(Optional.of(new ByteRange(900, 999)), parse("bytes=900-5000"));
        assertEquals(Optional.of(new ByteRange(5, 9)), parse(" Bytes = 5 - 9 "), "case and spaces do not matter");
        assertEquals(250, new ByteRange(100, 349).length());
        assertEquals("bytes 100-349/1000", new ByteRange(100, 349).contentRange(1000));
    }

    @Test
    void anOpenRangeRunsToTheEnd() throws Exception {
        assertEquals(Optional.of(new ByteRange(990, 999)), parse("bytes=990-"));
        assertEquals(Optional.of(new ByteRange(0, 999)), parse("bytes=0-"));
    }

    @Test
    void aSuffixRangeIsTheLastBytes() throws Exception {
        assertEquals(Optional.of(new ByteRange(990, 999)), parse("bytes=-10"));
        assertEquals(Optional.of(new ByteRange(0, 999)), parse("bytes=-5000"), "more than there is: all of it");
    }

    @Test
    void noRangeAnotherUnitOrSeveralRangesSendTheWholeBody() throws Exception {
        assertEquals(Optional.empty(), parse(null));
        assertEquals(Optional.empty(), parse("items=0-5"));
        assertEquals(Optional.empty(), parse("bytes=0-5,10-20"));
        assertEquals(Optional.empty(), parse("bytes"), "no '=': not a range of bytes");
    }

    @Test
    void malformedOrUnsatisfiableRangesAreRefused() {
        for (String bad : new String[] {"bytes=1000-", "bytes=1000-1005", "bytes=5-2", "bytes=-0", "bytes=", "bytes=5",
                "bytes=a-b", "bytes=-", "bytes=--5", "bytes=1-2-3", "bytes=+1-2", "bytes=99999999999999999999-"}) {
            assertThrows(ByteRange.Unsatisfiable.class, () -> parse(bad), bad);
        }
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=0-", 0), "an empty file has no byte");
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=-5", 0));
    }
}

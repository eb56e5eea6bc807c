package mim.core.bencode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import mim.core.testing.AllocationLimit;
import mim.core.testing.RegressionInputs;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Any bytes read by the strict reader give a value or a {@link BencodeException}, nothing else.
 * What the reader that insists on canonical keys accepts must be canonical bencoding, so writing the
 * value gives back exactly the bytes read; the lenient reader must accept it too, and record the
 * same {@code info} bytes. Stored inputs: {@code BencodeReaderFuzzTestInputs/read}.
 */
@ExtendWith(RegressionInputs.class)
class BencodeReaderFuzzTest {
    private static final BencodeReader LENIENT = BencodeReader.strict().allowingTrailingData();
    private static final BencodeReader CANONICAL = BencodeReader.strict().requiringCanonicalKeys();

    @FuzzTest
    void read(byte[] input) throws Exception {
        AllocationLimit.check(input.length, () -> readAllWays(input));
    }

    private static void readAllWays(byte[] input) {
        BencodeReader.Document lenient;
        try {
            lenient = LENIENT.read(input);
        } catch (BencodeException e) {
            assertRefusedCanonically(input);
            return;
        }
        byte[] value = Arrays.copyOf(input, lenient.length());
        assertTrue(lenient.length() > 0 && lenient.length() <= input.length, "length " + lenient.length());
        if (lenient.infoOffset() >= 0) {
            assertArrayEquals(Arrays.copyOfRange(input, lenient.infoOffset(),
                    lenient.infoOffset() + lenient.rawInfo().length), lenient.rawInfo());
        } else {
            assertNull(lenient.rawInfo());
        }
        BencodeReader.Document canonical;
        try {
            canonical = CANONICAL.read(value);
        } catch (BencodeException e) {
            assertEquals(BencodeException.Reason.NOT_CANONICAL, e.reason(), e.getMessage());
            return;
        }
        assertArrayEquals(value, canonical.root().encode(), "a canonical value is written back as it was read");
        assertEquals(lenient.root(), canonical.root());
        assertEquals(lenient.infoOffset(), canonical.infoOffset());
    }

    /** What the lenient reader refuses, the canonical one refuses too. */
    private static void assertRefusedCanonically(byte[] input) {
        try {
            CANONICAL.read(input);
        } catch (BencodeException expected) {
            return;
        }
        throw new AssertionError("the canonical reader accepted what the lenient one refused");
    }
}

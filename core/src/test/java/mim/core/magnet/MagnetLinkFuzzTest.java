package mim.core.magnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import mim.core.MimException;
import mim.core.testing.AllocationLimit;
import mim.core.testing.RegressionInputs;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Any text (the input's bytes read as UTF-8, as a command line arrives) parses into a link or is
 * refused with {@link MimException.BadInput} and a one-line message; a link that parses is written in
 * a form that parses back to the same link, as {@link MagnetLink} promises. Stored inputs:
 * {@code MagnetLinkFuzzTestInputs/parse}.
 */
@ExtendWith(RegressionInputs.class)
class MagnetLinkFuzzTest {

    @FuzzTest
    void parse(byte[] input) throws Exception {
        String text = new String(input, StandardCharsets.UTF_8);
        AllocationLimit.check(input.length, () -> {
            MagnetLink link;
            try {
                link = MagnetLink.parse(text);
            } catch (MimException.BadInput refused) {
                assertFalse(refused.getMessage().contains("\n") || refused.getMessage().contains("\r"), refused.getMessage());
                return;
            }
            assertEquals(link, MagnetLink.parse(link.toString()));
        });
    }
}

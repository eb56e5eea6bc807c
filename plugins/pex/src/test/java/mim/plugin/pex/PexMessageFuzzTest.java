package mim.plugin.pex;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Comparator;
import java.util.List;
import mim.core.testing.AllocationLimit;
import mim.core.testing.RegressionInputs;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Any ut_pex payload decodes into a message or is refused with {@link MalformedPex}; a message that
 * decodes is written in a form that decodes to the same peers and flags. (Only the same ones: an
 * IPv4-mapped address sent among the IPv6 peers is an IPv4 peer, written with those.) Stored
 * inputs: {@code PexMessageFuzzTestInputs/decode}.
 */
@ExtendWith(RegressionInputs.class)
class PexMessageFuzzTest {

    @FuzzTest
    void decode(byte[] payload) throws Exception {
        AllocationLimit.check(payload.length, () -> {
            PexMessage message;
            try {
                message = PexMessage.decode(payload);
            } catch (MalformedPex refused) {
                return;
            }
            PexMessage again = PexMessage.decode(message.encode());
            assertEquals(sorted(message.added()), sorted(again.added()));
            assertEquals(sorted(message.dropped()), sorted(again.dropped()));
        });
    }

    private static <T> List<T> sorted(List<T> items) {
        return items.stream().sorted(Comparator.comparing(Object::toString)).toList();
    }
}

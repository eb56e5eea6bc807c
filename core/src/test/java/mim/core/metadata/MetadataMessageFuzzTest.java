package mim.core.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import mim.core.testing.AllocationLimit;
import mim.core.testing.RegressionInputs;
import mim.core.wire.ProtocolViolation;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Any ut_metadata payload decodes into a message or is refused with {@link ProtocolViolation}; a
 * message that decodes is written in a form that decodes to the same message. Stored inputs:
 * {@code MetadataMessageFuzzTestInputs/decode}.
 */
@ExtendWith(RegressionInputs.class)
class MetadataMessageFuzzTest {

    @FuzzTest
    void decode(byte[] payload) throws Exception {
        AllocationLimit.check(payload.length, () -> {
            MetadataMessage message;
            try {
                message = MetadataMessage.decode(payload);
            } catch (ProtocolViolation refused) {
                return;
            }
            assertEquals(message, MetadataMessage.decode(message.encode()));
        });
    }
}

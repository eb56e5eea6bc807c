package mim.plugin.tracker.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetSocketAddress;
import mim.core.MimException;
import mim.core.spi.AnnounceResponse;
import mim.core.testing.AllocationLimit;
import mim.core.testing.RegressionInputs;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Any body a tracker answers with gives a response or a {@link MimException.Network} naming the
 * tracker, and a failure reason or none; a response's intervals lie within the clamps and its peers
 * are addresses with a port. What the tracker wrote and we show (a refusal, a warning) is one line
 * without control characters, which would break the status line or reach the terminal as escapes.
 * Stored inputs: {@code AnnounceParserFuzzTestInputs/parse}.
 */
@ExtendWith(RegressionInputs.class)
class AnnounceParserFuzzTest {
    private static final String TRACKER = "http://tracker.example/announce";

    @FuzzTest
    void parse(byte[] body) throws Exception {
        AllocationLimit.check(body.length, () -> {
            String reason = AnnounceParser.failureReason(body);
            if (reason != null) {
                assertShowable(reason);
            }
            AnnounceResponse response;
            try {
                response = AnnounceParser.parse(body, TRACKER);
            } catch (MimException.Network refused) {
                assertTrue(refused.getMessage().startsWith("tracker " + TRACKER + " "), refused.getMessage());
                assertShowable(refused.getMessage());
                return;
            }
            if (response.warning() != null) {
                assertShowable(response.warning());
            }
            long interval = response.interval().toSeconds();
            assertTrue(interval >= AnnounceParser.MIN_INTERVAL_SECONDS && interval <= AnnounceParser.MAX_INTERVAL_SECONDS);
            for (InetSocketAddress peer : response.peers()) {
                assertFalse(peer.isUnresolved(), peer::toString);
                assertTrue(peer.getPort() > 0, peer::toString);
            }
        });
    }

    private static void assertShowable(String text) {
        assertTrue(text.chars().noneMatch(Character::isISOControl), text);
    }
}

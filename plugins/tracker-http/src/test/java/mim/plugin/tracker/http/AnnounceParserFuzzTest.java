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
 * are addresses with a port. Stored inputs: {@code AnnounceParserFuzzTestInputs/parse}.
 */
@ExtendWith(RegressionInputs.class)
class AnnounceParserFuzzTest {
    private static final String TRACKER = "http://tracker.example/announce";

    @FuzzTest
    void parse(byte[] body) throws Exception {
        AllocationLimit.check(body.length, () -> {
            AnnounceParser.failureReason(body);
            AnnounceResponse response;
            try {
                response = AnnounceParser.parse(body, TRACKER);
            } catch (MimException.Network refused) {
                assertTrue(refused.getMessage().startsWith("tracker " + TRACKER + " "), refused.getMessage());
                return;
            }
            long interval = response.interval().toSeconds();
            assertTrue(interval >= AnnounceParser.MIN_INTERVAL_SECONDS && interval <= AnnounceParser.MAX_INTERVAL_SECONDS);
            for (InetSocketAddress peer : response.peers()) {
                assertFalse(peer.isUnresolved(), peer::toString);
                assertTrue(peer.getPort() > 0, peer::toString);
            }
        });
    }
}

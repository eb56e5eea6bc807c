package mim.plugin.dht;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import mim.core.testing.AllocationLimit;
import mim.core.testing.RegressionInputs;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Any datagram decodes into a KRPC message or is refused with {@link MalformedPacket}; a message that
 * decodes can be written, and what is written (when it still fits a datagram) reads back as a
 * message that is written the same way. Stored inputs: {@code KrpcCodecFuzzTestInputs/decode}.
 */
@ExtendWith(RegressionInputs.class)
class KrpcCodecFuzzTest {

    @FuzzTest
    void decode(byte[] packet) throws Exception {
        AllocationLimit.check(packet.length, () -> {
            Krpc message;
            try {
                message = KrpcCodec.decode(packet);
            } catch (MalformedPacket refused) {
                return;
            }
            byte[] written = KrpcCodec.encode(message);
            if (written.length <= KrpcCodec.MAX_PACKET) {
                assertArrayEquals(written, KrpcCodec.encode(KrpcCodec.decode(written)));
            }
        });
    }
}

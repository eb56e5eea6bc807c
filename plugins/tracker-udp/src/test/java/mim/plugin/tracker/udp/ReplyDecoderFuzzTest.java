package mim.plugin.tracker.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import mim.core.testing.AllocationLimit;
import mim.core.testing.RegressionInputs;
import mim.core.testing.TrackingAllocator;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Any datagram is, for the {@link ReplyDecoder} in a channel, either one reply passed on or one
 * count of a malformed datagram, never an exception; its buffer is released either way. A tracker's
 * error text, which we show, is one line without control characters. The first
 * byte of an input says whether the tracker was reached over IPv6 (bit 0), which makes announce
 * peers 18 bytes instead of 6; the rest is the datagram. Stored inputs:
 * {@code ReplyDecoderFuzzTestInputs/decode}.
 */
@ExtendWith(RegressionInputs.class)
class ReplyDecoderFuzzTest {
    private static final InetSocketAddress US = new InetSocketAddress("127.0.0.1", 6881);
    private static final InetSocketAddress TRACKER_V4 = new InetSocketAddress("127.0.0.1", 6969);
    private static final InetSocketAddress TRACKER_V6 = new InetSocketAddress("::1", 6969);

    @FuzzTest
    void decode(byte[] input) throws Exception {
        AllocationLimit.check(input.length, () -> {
            boolean overIpv6 = input.length > 0 && (input[0] & 1) != 0;
            int from = Math.min(1, input.length);
            TrackingAllocator alloc = new TrackingAllocator();
            ReplyDecoder decoder = new ReplyDecoder();
            EmbeddedChannel ch = new EmbeddedChannel(decoder);
            ch.writeInbound(new DatagramPacket(alloc.copyOf(input, from, input.length - from), US,
                    overIpv6 ? TRACKER_V6 : TRACKER_V4));
            Reply.From reply = ch.readInbound();
            assertNull(ch.readInbound());
            assertEquals(reply == null ? 1 : 0, decoder.malformed());
            if (reply != null && reply.reply() instanceof Reply.Announced announced) {
                assertTrue(announced.interval() >= 0);
            }
            if (reply != null && reply.reply() instanceof Reply.Failed failed) {
                assertTrue(failed.message().chars().noneMatch(Character::isISOControl), failed.message());
            }
            assertFalse(ch.finishAndReleaseAll());
            alloc.assertAllReleased();
        });
    }
}

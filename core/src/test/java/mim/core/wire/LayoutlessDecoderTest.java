package mim.core.wire;

import static mim.core.wire.Fixtures.CONFIG;
import static mim.core.wire.Fixtures.buf;
import static mim.core.wire.Fixtures.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;
import mim.core.metainfo.Metainfo;
import mim.core.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The decoder of a connection that fetches metadata, with no torrent geometry known: availability
 * messages of any size within the limits pass, blocks and requests are refused.
 */
@ExtendWith(LeakCheck.class)
class LayoutlessDecoderTest {
    private static final int MAX_FRAME = CONFIG.maxFrameLength(Metainfo.MAX_PIECES);

    private static EmbeddedChannel decoder() {
        return new EmbeddedChannel(new MessageDecoder(CONFIG, null, true, true));
    }

    @Test
    void acceptsABitfieldOfAnyLengthAsWholeBytesOfPieces() {
        EmbeddedChannel ch = decoder();
        byte[] bits = new byte[5000];
        bits[4999] = 1;
        byte[] frame = new byte[4 + 1 + bits.length];
        frame[2] = (byte) ((1 + bits.length) >> 8);
        frame[3] = (byte) (1 + bits.length);
        frame[4] = 5;
        System.arraycopy(bits, 0, frame, 5, bits.length);
        ch.writeInbound(Unpooled.wrappedBuffer(frame));
        Message.Bitfield b = assertInstanceOf(Message.Bitfield.class, ch.readInbound());
        assertEquals(40_000, b.pieceCount());
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void acceptsHavesAndAllowedFastBelowTheLargestTorrentsPieceCount() {
        EmbeddedChannel ch = decoder();
        ch.writeInbound(buf(hex("00000005 04 000f4240 00000005 11 00000003")));
        assertEquals(new Message.Have(1_000_000), ch.readInbound());
        assertEquals(new Message.AllowedFast(3), ch.readInbound());
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void refusesHavesPastTheLargestTorrent() {
        assertTrue(violation("00000005 04 00200000").contains("more than any torrent has"));
    }

    @Test
    void refusesBlocksAndRequests() {
        for (String wire : List.of("0000000d 06 00000000 00000000 00004000", "0000000a 07 00000000 00000000 ff",
                "0000000d 08 00000000 00000000 00004000", "0000000d 10 00000000 00000000 00004000")) {
            assertTrue(violation(wire).contains("before we have the torrent's metadata"), wire);
        }
    }

    @Test
    void refusesAFrameLongerThanTheLargestBitfieldOnSight() {
        EmbeddedChannel ch = decoder();
        DecoderException e = assertThrows(DecoderException.class,
                () -> ch.writeInbound(buf(hex(String.format("%08x 05", MAX_FRAME + 1)))));
        assertInstanceOf(TooLongFrameException.class, e);
        assertFalse(ch.finishAndReleaseAll());
    }

    private static String violation(String wire) {
        EmbeddedChannel ch = decoder();
        DecoderException e = assertThrows(DecoderException.class, () -> ch.writeInbound(buf(hex(wire))));
        assertFalse(ch.finishAndReleaseAll());
        return assertInstanceOf(ProtocolViolation.class, e.getCause()).getMessage();
    }
}

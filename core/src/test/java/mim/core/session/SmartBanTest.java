package mim.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import mim.core.wire.BlockRef;
import org.junit.jupiter.api.Test;

class SmartBanTest {
    private static final int B = BlockRef.STANDARD_LENGTH;
    private final InetAddress liar = ip("10.0.0.66");
    private final InetAddress honest = ip("10.0.0.2");
    private final InetAddress other = ip("10.0.0.3");

    private static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A piece of four blocks, each filled with its own byte; {@code spoilt} blocks have one byte changed. */
    private static byte[][] digests(int... spoilt) {
        byte[] piece = new byte[4 * B - 100];
        for (int i = 0; i < piece.length; i++) {
            piece[i] = (byte) (i / B);
        }
        for (int b : spoilt) {
            piece[b * B + 7] ^= 1;
        }
        return BlockDigests.of(ByteBuffer.wrap(piece));
    }

    @Test
    void theSendersWhoseBlocksDifferFromTheVerifiedPieceAreTheLiars() {
        SmartBan smart = new SmartBan();
        assertEquals(Set.of(), smart.failed(5, List.of(honest, liar, honest, other), digests(1)));
        assertTrue(smart.isSuspect(5));

        assertEquals(Set.of(liar), smart.passed(5, digests()));
        assertFalse(smart.isSuspect(5));
        assertEquals(Set.of(), smart.passed(5, digests()), "judged once");
    }

    @Test
    void everyAttemptIsJudged() {
        SmartBan smart = new SmartBan();
        smart.failed(0, List.of(honest, liar, honest, honest), digests(1));
        smart.failed(0, List.of(other, other, honest, other), digests(0));
        assertEquals(Set.of(liar, other), smart.passed(0, digests()));
    }

    @Test
    void aSenderWithOtherBytesForTheSameBlockThanBeforeIsALiarAtOnce() {
        SmartBan smart = new SmartBan();
        smart.failed(0, List.of(liar, honest, honest, honest), digests(0));
        assertEquals(Set.of(), smart.failed(0, List.of(liar, honest, honest, honest), digests(0)),
                "the same wrong bytes again: not yet known to be a lie");
        assertEquals(Set.of(liar), smart.failed(0, List.of(liar, honest, honest, honest), spoiltOtherwise()));
    }

    /** Block 0 wrong in a different way than {@link #digests(int...)} spoils it. */
    private static byte[][] spoiltOtherwise() {
        byte[][] d = digests(0);
        d[0] = Arrays.copyOf(d[0], d[0].length);
        d[0][0] ^= 1;
        return d;
    }

    @Test
    void attemptsAreBoundedAPiece() {
        SmartBan smart = new SmartBan();
        smart.failed(0, List.of(other, honest, honest, honest), digests(0));
        for (int i = 0; i < SmartBan.MAX_ATTEMPTS_PER_PIECE; i++) {
            smart.failed(0, List.of(honest, liar, honest, honest), digests(1));
        }
        assertEquals(Set.of(liar), smart.passed(0, digests()), "the oldest attempt, other's, was let go");
        assertEquals(0, smart.suspects());
    }

    @Test
    void blockDigestsCoverAShortLastBlockAndAreFedInAnyParts() {
        byte[] piece = new byte[2 * B + 5];
        Arrays.fill(piece, (byte) 9);
        byte[][] whole = BlockDigests.of(ByteBuffer.wrap(piece));
        BlockDigests parts = new BlockDigests(piece.length);
        parts.update(ByteBuffer.wrap(piece, 0, 100));
        parts.update(ByteBuffer.wrap(piece, 100, B));
        parts.update(ByteBuffer.wrap(piece, 100 + B, piece.length - 100 - B));
        byte[][] split = parts.finish();
        assertEquals(3, whole.length);
        for (int b = 0; b < 3; b++) {
            assertTrue(Arrays.equals(whole[b], split[b]), "block " + b);
        }
        assertFalse(Arrays.equals(whole[0], whole[2]), "the short last block hashes its own bytes");
    }
}

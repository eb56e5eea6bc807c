package mim.core.wire.mse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.math.BigInteger;
import java.util.HexFormat;
import mim.core.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Key agreement and key streams against answers computed from the specification by
 * resources/mse/known_answers.py (Python's hashlib and big integers, and an RC4 of its own).
 */
@ExtendWith(LeakCheck.class)
class MseKnownAnswerTest {
    static final BigInteger XA = new BigInteger("1111111111111111111111111111111111111111", 16);
    static final BigInteger XB = new BigInteger("ff", 16);
    static final byte[] SKEY = hex("0123456789abcdef0123456789abcdef01234567");

    static final String YA = "3476dc8d123697fcc69e9121618a08514ffa536506df209ce956ad3cf819f76f3fcebc46f4e8be364ec8f144"
            + "5b9dbf8a9528ca7bfbc89ad13f28137640a2cfd1055d55d5cc6676d18b410e086631309e95fa7b0dae2b8379186b17ad3472c755";
    /** 2^255: a key with leading zero bytes, which must still take 96 bytes. */
    static final String YB = "00".repeat(64) + "80" + "00".repeat(31);
    static final String S = "0c67ca0585754c925027a80433b20896c3f427082f92ae1b40fa68ba767b736166d2e05683b5fb76fde088c1"
            + "e8a051b1500e8e3b29527cec51a99ce4c3796e7ef5f0442caaf097ede9004d881e05f738d75dafeee9202504d8b75f7087788db7";
    static final String REQ1 = "c08bfbf9db7f3d138850324d426cfecd8c9dad25";
    static final String OBFUSCATED = "73fafbdd8110a5613dfd6aee452b568d22bc5fff";
    static final String KEY_A_STREAM = "6231de301bce043c6239a1e6f1da8d0f";
    static final String KEY_B_STREAM = "40f227ad19836903ef228c974744f199";

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void publicKeysAndSharedSecretMatchTheSpecification() throws Exception {
        DiffieHellman a = new DiffieHellman(XA);
        DiffieHellman b = new DiffieHellman(XB);
        assertEquals(YA, hex(a.publicKey()));
        assertEquals(YB, hex(b.publicKey()));
        assertEquals(S, hex(a.sharedSecret(b.publicKey())));
        assertEquals(S, hex(b.sharedSecret(a.publicKey())));
    }

    @Test
    void hashesNameTheTorrentWithoutRevealingIt() {
        byte[] s = hex(S);
        assertEquals(REQ1, hex(MseKeys.req1(s)));
        byte[] obfuscated = MseKeys.obfuscate(MseKeys.req2(SKEY), s);
        assertEquals(OBFUSCATED, hex(obfuscated));
        assertArrayEquals(MseKeys.req2(SKEY), MseKeys.obfuscate(obfuscated, s), "xor with HASH('req3', S) undoes it");
    }

    @Test
    void keyStreamsStartAfterTheFirst1024Bytes() {
        byte[] a = new byte[16];
        MseKeys.initiatorStream(hex(S), SKEY).apply(a, 0, a.length);
        assertEquals(KEY_A_STREAM, hex(a));
        byte[] b = new byte[16];
        MseKeys.receiverStream(hex(S), SKEY).apply(b, 0, b.length);
        assertEquals(KEY_B_STREAM, hex(b));
    }

    @Test
    void streamContinuesAcrossCallsAndBufferKinds() {
        Rc4 whole = MseKeys.initiatorStream(hex(S), SKEY);
        byte[] expected = new byte[40_000];
        whole.apply(expected, 0, expected.length);

        // Piecewise: an array, a direct buffer in place (past the scratch size), then a copy into a new buffer.
        Rc4 pieces = MseKeys.initiatorStream(hex(S), SKEY);
        byte[] first = new byte[7];
        pieces.apply(first, 0, first.length);
        ByteBuf direct = Unpooled.directBuffer(20_000).writeZero(20_000);
        ByteBuf copy = Unpooled.buffer(20_000 - 7);
        ByteBuf zeros = Unpooled.buffer(20_000 - 7).writeZero(20_000 - 7);
        try {
            pieces.apply(direct, 0, direct.readableBytes());
            pieces.transformInto(zeros, copy);
            byte[] got = new byte[40_000];
            System.arraycopy(first, 0, got, 0, 7);
            direct.getBytes(0, got, 7, 20_000);
            copy.getBytes(0, got, 20_007, 20_000 - 7);
            assertArrayEquals(expected, got);
            assertEquals(0, zeros.readerIndex(), "the source is left unread");
        } finally {
            direct.release();
            copy.release();
            zeros.release();
        }
    }

    @Test
    void refusesDegeneratePublicKeys() {
        DiffieHellman a = new DiffieHellman(XA);
        byte[] one = new byte[96];
        one[95] = 1;
        assertThrows(EncryptionFailed.class, () -> a.sharedSecret(one));
        byte[] pMinusOne = DiffieHellman.P.subtract(BigInteger.ONE).toByteArray();
        byte[] key = new byte[96];
        System.arraycopy(pMinusOne, pMinusOne.length - 96, key, 0, 96);
        assertThrows(EncryptionFailed.class, () -> a.sharedSecret(key));
    }
}

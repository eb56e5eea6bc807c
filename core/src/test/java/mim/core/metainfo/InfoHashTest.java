package mim.core.metainfo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InfoHashTest {
    private static final String HEX = "c0fda1edafdbdbb96443424e0b3899af7159d10e";

    @Test
    void hexRoundTripsInEitherCase() {
        InfoHash h = InfoHash.fromHex(HEX.toUpperCase());
        assertEquals(HEX, h.hex());
        assertEquals(InfoHash.Version.V1, h.version());
        assertEquals(h, InfoHash.fromHex(HEX));
        assertEquals(h.hashCode(), InfoHash.fromHex(HEX).hashCode());
    }

    @Test
    void base32RoundTripsAndAgreesWithHex() {
        InfoHash h = InfoHash.fromHex(HEX);
        String b32 = h.base32();
        assertEquals(32, b32.length());
        assertEquals(h, InfoHash.fromBase32(b32));
        assertEquals(h, InfoHash.fromBase32(b32.toLowerCase()));
        // RFC 4648 test vector: 20 bytes of 0x00 are 32 'A's
        assertEquals("A".repeat(32), InfoHash.v1(new byte[20]).base32());
    }

    @Test
    void v2HashesAreSha256AndTruncateTo20Bytes() {
        byte[] info = "d4:name1:xe".getBytes(StandardCharsets.US_ASCII);
        InfoHash v2 = InfoHash.v2Of(info);
        assertEquals(64, v2.hex().length());
        assertEquals(v2, InfoHash.fromHex(v2.hex()));
        assertArrayEquals(java.util.Arrays.copyOf(v2.bytes(), 20), v2.truncated());
        assertThrows(IllegalStateException.class, v2::base32);
        assertNotEquals(InfoHash.v1(v2.truncated()), InfoHash.v2(v2.bytes()));
    }

    @Test
    void refusesWrongLengthsAndCharacters() {
        assertThrows(IllegalArgumentException.class, () -> InfoHash.v1(new byte[19]));
        assertThrows(IllegalArgumentException.class, () -> InfoHash.v2(new byte[20]));
        assertThrows(IllegalArgumentException.class, () -> InfoHash.fromHex("abc"));
        assertThrows(IllegalArgumentException.class, () -> InfoHash.fromHex("g".repeat(40)));
        assertThrows(IllegalArgumentException.class, () -> InfoHash.fromBase32("1".repeat(32)));
        assertThrows(IllegalArgumentException.class, () -> InfoHash.fromBase32("A".repeat(31)));
    }

    @Test
    void bytesAreCopied() {
        byte[] b = new byte[20];
        InfoHash h = InfoHash.v1(b);
        b[0] = 1;
        h.bytes()[1] = 1;
        assertArrayEquals(new byte[20], h.bytes());
    }
}

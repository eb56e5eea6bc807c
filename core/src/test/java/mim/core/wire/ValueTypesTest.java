package mim.core.wire;

import static mim.core.wire.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The wire's value types refuse what cannot be valid. */
class ValueTypesTest {
    @Test
    void reservedBitsSitWhereTheBepsPutThem() {
        Reserved libtorrent = new Reserved(0x0000000000100005L);
        assertTrue(libtorrent.fast() && libtorrent.extensionProtocol() && libtorrent.dht());
        assertEquals("0000000000100000", new Reserved(Reserved.EXTENSION_PROTOCOL).toString(), "byte 5, 0x10");
        assertEquals("0000000000000004", new Reserved(Reserved.FAST).toString(), "byte 7, 0x04");
        assertFalse(Reserved.NONE.with(Reserved.DHT).fast());
    }

    @Test
    void peerIdIsTwentyBytes() {
        assertThrows(IllegalArgumentException.class, () -> PeerId.of(new byte[19]));
        PeerId id = PeerId.generate("-MM0001-", new Random(1));
        assertEquals(20, id.bytes().length);
        assertTrue(id.toString().startsWith("-MM0001-"));
        assertEquals(id, PeerId.of(id.bytes()));
        assertEquals("%00%FFab" + "%00".repeat(16), PeerId.of(concat(hex("00ff"), ascii("ab"), new byte[16])).toString());
    }

    @Test
    void blockRefRefusesNegativeEmptyAndOverflowingBlocks() {
        assertThrows(IllegalArgumentException.class, () -> new BlockRef(-1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new BlockRef(0, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new BlockRef(0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new BlockRef(0, Integer.MAX_VALUE, 1));
        assertEquals(32768, new BlockRef(0, 16384, 16384).end());
    }

    @Test
    void bitfieldConvertsToAndFromPieceSets() {
        BitSet pieces = new BitSet();
        pieces.set(0);
        pieces.set(8);
        pieces.set(9);
        Message.Bitfield b = Message.Bitfield.of(10, pieces);
        assertArrayEquals(hex("80c0"), b.bits());
        assertEquals(pieces, b.toBitSet());
        assertTrue(b.has(9));
        assertThrows(IndexOutOfBoundsException.class, () -> b.has(10));
        assertThrows(IllegalArgumentException.class, () -> Message.Bitfield.of(9, pieces));
        assertArrayEquals(new byte[0], Message.Bitfield.of(0, new BitSet()).bits());
    }
}

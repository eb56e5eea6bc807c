package mim.core.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BitfieldTest {

    @Test
    void setAndClearKeepTheCardinality() {
        Bitfield b = new Bitfield(10);
        assertTrue(b.isEmpty());
        assertTrue(b.set(3));
        assertFalse(b.set(3));
        assertTrue(b.set(9));
        assertEquals(2, b.cardinality());
        assertTrue(b.get(3));
        assertFalse(b.get(4));
        assertTrue(b.clear(3));
        assertFalse(b.clear(3));
        assertEquals(1, b.cardinality());
        assertFalse(b.isComplete());
    }

    @Test
    void completeWhenEveryPieceIsSet() {
        Bitfield b = new Bitfield(3);
        b.set(0);
        b.set(1);
        assertFalse(b.isComplete());
        b.set(2);
        assertTrue(b.isComplete());
        assertTrue(new Bitfield(0).isComplete());
        assertEquals(130, Bitfield.full(130).cardinality());
    }

    @Test
    void refusesIndicesOutOfRange() {
        Bitfield b = new Bitfield(8);
        assertThrows(IndexOutOfBoundsException.class, () -> b.set(8));
        assertThrows(IndexOutOfBoundsException.class, () -> b.get(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> b.nextSetBit(9));
    }

    @Test
    void wireFormPutsPieceZeroInTheHighBit() throws Exception {
        Bitfield b = new Bitfield(11);
        b.set(0);
        b.set(7);
        b.set(8);
        b.set(10);
        assertArrayEquals(new byte[] {(byte) 0x81, (byte) 0xA0}, b.toWire());
        assertEquals(b, Bitfield.fromWire(new byte[] {(byte) 0x81, (byte) 0xA0}, 11));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 8, 9, 63, 64, 65, 1000, 100_003})
    void wireFormRoundTrips(int size) throws Exception {
        SplittableRandom random = new SplittableRandom(size);
        Bitfield b = new Bitfield(size);
        for (int i = 0; i < size; i++) {
            if (random.nextBoolean()) {
                b.set(i);
            }
        }
        Bitfield back = Bitfield.fromWire(b.toWire(), size);
        assertEquals(b, back);
        assertEquals(b.cardinality(), back.cardinality());
        assertEquals((size + 7) / 8, b.toWire().length);
    }

    @Test
    void refusesSpareBitsSet() {
        Bitfield.Malformed e = assertThrows(Bitfield.Malformed.class,
                () -> Bitfield.fromWire(new byte[] {0, 0x10}, 11));
        assertTrue(e.getMessage().contains("spare"));
        // the last used bit (piece 10) is fine
        assertTrue(assertDoesNotThrowWire(new byte[] {0, 0x20}, 11).get(10));
    }

    @Test
    void refusesAWrongLength() {
        assertThrows(Bitfield.Malformed.class, () -> Bitfield.fromWire(new byte[3], 16));
        assertThrows(Bitfield.Malformed.class, () -> Bitfield.fromWire(new byte[1], 16));
        assertThrows(Bitfield.Malformed.class, () -> Bitfield.fromWire(new byte[1], 0));
    }

    @Test
    void nextSetAndClearAgreeWithBitSet() {
        SplittableRandom random = new SplittableRandom(7);
        int size = 517;
        Bitfield b = new Bitfield(size);
        BitSet ref = new BitSet(size);
        for (int i = 0; i < size; i++) {
            // runs of set and clear bits, so that whole words are skipped
            if ((i / 70) % 2 == 0 && random.nextInt(4) != 0) {
                b.set(i);
                ref.set(i);
            }
        }
        for (int from = 0; from <= size; from++) {
            int set = ref.nextSetBit(from);
            assertEquals(set, b.nextSetBit(from), "nextSetBit from " + from);
            int clear = ref.nextClearBit(from);
            assertEquals(clear >= size ? -1 : clear, b.nextClearBit(from), "nextClearBit from " + from);
        }
    }

    @Test
    void nextClearBitOfAFullFieldIsNone() {
        assertEquals(-1, Bitfield.full(64).nextClearBit(0));
        assertEquals(-1, Bitfield.full(70).nextClearBit(3));
        assertEquals(-1, new Bitfield(70).nextSetBit(0));
    }

    @Test
    void intersectsAndNotFindsSomethingWanted() {
        Bitfield peer = new Bitfield(200);
        Bitfield wanted = Bitfield.full(200);
        Bitfield have = new Bitfield(200);
        peer.set(150);
        assertTrue(peer.intersectsAndNot(wanted, have));
        have.set(150);
        assertFalse(peer.intersectsAndNot(wanted, have));
    }

    @Test
    void copyIsIndependent() {
        Bitfield b = new Bitfield(5);
        b.set(1);
        Bitfield c = b.copy();
        c.set(2);
        assertEquals(1, b.cardinality());
        assertEquals(2, c.cardinality());
    }

    private static Bitfield assertDoesNotThrowWire(byte[] bytes, int size) {
        try {
            return Bitfield.fromWire(bytes, size);
        } catch (Bitfield.Malformed e) {
            throw new AssertionError(e);
        }
    }
}

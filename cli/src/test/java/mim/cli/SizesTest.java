package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SizesTest {
    @Test
    void usesBinaryUnitsWithAtMostTwoDecimals() {
        assertEquals("0 B", Sizes.human(0));
        assertEquals("1023 B", Sizes.human(1023));
        assertEquals("1 KiB", Sizes.human(1024));
        assertEquals("159.94 KiB", Sizes.human(163783));
        assertEquals("64 MiB", Sizes.human(64L << 20));
        assertEquals("5.11 GiB", Sizes.human(5490455272L));
        assertEquals("1024 GiB", Sizes.human((1L << 40) - 1));
        assertEquals("8 EiB", Sizes.human(Long.MAX_VALUE));
    }

    @Test
    void readsCountsAndBinaryUnits() {
        assertEquals(OptionalLong.of(1048576), Sizes.parse("1048576"));
        assertEquals(OptionalLong.of(500 << 10), Sizes.parse("500K"));
        assertEquals(OptionalLong.of(5L << 20), Sizes.parse(" 5 MiB "));
        assertEquals(OptionalLong.of(2L << 30), Sizes.parse("2g"));
        assertEquals(OptionalLong.empty(), Sizes.parse("5 megs"));
        assertEquals(OptionalLong.empty(), Sizes.parse("-1"));
    }

    @Test
    void aRateMayEndInPerSecond() {
        assertEquals(5L << 20, new RateConverter().convert("5M/s"));
        assertEquals(0L, new RateConverter().convert("0"));
        assertThrows(CommandLine.TypeConversionException.class, () -> new RateConverter().convert("fast"));
    }

    @Test
    void exactFormAddsTheByteCount() {
        assertEquals("15 B", Sizes.humanExact(15));
        assertEquals("414.7 MiB (434839491 bytes)", Sizes.humanExact(434839491));
    }
}

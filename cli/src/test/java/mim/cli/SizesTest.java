package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

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
    void exactFormAddsTheByteCount() {
        assertEquals("15 B", Sizes.humanExact(15));
        assertEquals("414.7 MiB (434839491 bytes)", Sizes.humanExact(434839491));
    }
}

package mim.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Byte counts as people read them, in binary units. Stateless. */
final class Sizes {
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Sizes() {}

    /** {@code 512 B}, {@code 64 MiB}, {@code 5.11 GiB}: at most two decimals, trailing zeros dropped. */
    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        int unit = 0;
        long divisor = 1024;
        while (unit < UNITS.length - 1 && bytes / divisor >= 1024) {
            divisor <<= 10;
            unit++;
        }
        BigDecimal value = BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(divisor), 2, RoundingMode.HALF_UP);
        return value.stripTrailingZeros().toPlainString() + " " + UNITS[unit];
    }

    /** {@link #human} with the exact count beside it, unless they say the same. */
    static String humanExact(long bytes) {
        return bytes < 1024 ? bytes + " B" : human(bytes) + " (" + bytes + " bytes)";
    }
}

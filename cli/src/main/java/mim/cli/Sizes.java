package mim.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte counts as people read them, in binary units. Stateless. */
final class Sizes {
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    private static final Pattern FORM = Pattern.compile("(\\d{1,12})\\s*(?:([kmg])(?:i?b)?|b)?");

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

    /**
     * Reads a byte count written as people write it: bytes, or with a binary unit ({@code 16K},
     * {@code 5M}, {@code 4MiB}, {@code 1G}); empty if it is not one.
     */
    static OptionalLong parse(String value) {
        Matcher m = FORM.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        int shift = m.group(2) == null ? 0 : switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            default -> 30;
        };
        return OptionalLong.of(Long.parseLong(m.group(1)) << shift);
    }

    /** {@link #human} with the exact count beside it, unless they say the same. */
    static String humanExact(long bytes) {
        return bytes < 1024 ? bytes + " B" : human(bytes) + " (" + bytes + " bytes)";
    }
}

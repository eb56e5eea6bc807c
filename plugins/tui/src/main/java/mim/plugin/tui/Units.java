package mim.plugin.tui;

import java.util.Locale;

/** Sizes, rates and durations in the few columns a screen gives them. Stateless. */
final class Units {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Units() {}

    /** {@code 512 B}, {@code 1.50 MiB}, {@code 15.2 GiB}, {@code 153 GiB}: three digits at most, 8 columns. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        String digits = value >= 100 ? String.format(Locale.ROOT, "%.0f", value)
                : value >= 10 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%.2f", value);
        return digits + " " + UNITS[unit];
    }

    /** A rate in bytes a second; nothing moving is blank, so the moving ones stand out. */
    static String rate(long bytesPerSecond) {
        return bytesPerSecond <= 0 ? "" : size(bytesPerSecond) + "/s";
    }

    /** {@code 45s}, {@code 3m05s}, {@code 2h07m}, {@code 3d04h}, {@code >99d}. */
    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        if (seconds < 86_400) {
            return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
        }
        return seconds < 100 * 86_400L
                ? String.format(Locale.ROOT, "%dd%02dh", seconds / 86_400, seconds % 86_400 / 3600)
                : ">99d";
    }

    /** A fraction from 0 to 1 as {@code 7%}, {@code 99%} (never 100% before it is whole), {@code 100%}. */
    static String percent(double fraction) {
        int p = (int) Math.floor(fraction * 100);
        return (fraction >= 1 ? 100 : Math.min(p, 99)) + "%";
    }

    /** A rate limit: {@code 5.00 MiB/s}, or {@code none}. */
    static String limit(Long bytesPerSecond) {
        return bytesPerSecond == null ? "none" : size(bytesPerSecond) + "/s";
    }

    /** A rate limit as it is typed at a prompt: {@code 5M}, {@code 500k}, {@code 1000}, or {@code -} for none. */
    static String typedLimit(Long bytesPerSecond) {
        if (bytesPerSecond == null) {
            return "-";
        }
        long b = bytesPerSecond;
        return b % (1 << 30) == 0 ? b / (1 << 30) + "G" : b % (1 << 20) == 0 ? b / (1 << 20) + "M"
                : b % 1024 == 0 ? b / 1024 + "k" : Long.toString(b);
    }

    /**
     * A rate limit typed at a prompt: bytes a second with an optional binary unit and {@code /s}
     * ({@code 500k}, {@code 5M}, {@code 1.5m/s}); {@code -}, {@code 0} or {@code none} for no limit (null).
     *
     * @throws IllegalArgumentException for anything else, its message saying what a limit looks like
     */
    static Long parseLimit(String typed) {
        String t = typed.strip().toLowerCase(Locale.ROOT);
        t = t.endsWith("/s") ? t.substring(0, t.length() - 2) : t;
        t = t.endsWith("ib") ? t.substring(0, t.length() - 2) : t.endsWith("b") ? t.substring(0, t.length() - 1) : t;
        if (t.equals("-") || t.equals("none")) {
            return null;
        }
        int shift = t.isEmpty() ? 0 : switch (t.charAt(t.length() - 1)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
        double value;
        try {
            value = Double.parseDouble(digits);
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (!(value >= 0 && value * (1L << shift) < Long.MAX_VALUE / 2) || !digits.matches("[0-9.]+")) {
            throw new IllegalArgumentException("'" + typed.strip() + "' is not a rate (500k, 5M, 1048576; - for none)");
        }
        long bytes = Math.round(value * (1L << shift));
        return bytes == 0 ? null : bytes;
    }

    /** Text cut to {@code width} columns, an ellipsis where it was cut. */
    static String fit(String text, int width) {
        if (text.length() <= width) {
            return text;
        }
        return width <= 0 ? "" : text.substring(0, width - 1) + "…";
    }
}

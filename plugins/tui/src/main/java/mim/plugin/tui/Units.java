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

    /** Text cut to {@code width} columns, an ellipsis where it was cut. */
    static String fit(String text, int width) {
        if (text.length() <= width) {
            return text;
        }
        return width <= 0 ? "" : text.substring(0, width - 1) + "…";
    }
}

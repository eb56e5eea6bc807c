package mim.core.session;

import java.time.Duration;

/**
 * When a torrent has seeded enough and stops: once it has sent {@code ratio} times its size (or
 * what it downloaded, if more), or once it has seeded for {@code time}, whichever comes first. Either
 * may be null for no such limit. Immutable.
 */
public record SeedLimits(Double ratio, Duration time) {
    public static final SeedLimits NONE = new SeedLimits(null, null);

    public SeedLimits {
        if (ratio != null && !(ratio >= 0)) {
            throw new IllegalArgumentException("a seed ratio is a number from 0 up");
        }
        if (time != null && time.isNegative()) {
            throw new IllegalArgumentException("a seed time cannot be negative");
        }
    }

    /** These limits, each of the two this does not set taken from {@code fallback}. */
    SeedLimits or(SeedLimits fallback) {
        return new SeedLimits(ratio != null ? ratio : fallback.ratio, time != null ? time : fallback.time);
    }

    /** The ratio as trackers and other clients count it: uploaded over the larger of downloaded and size. */
    static double ratio(long uploaded, long downloaded, long size) {
        long base = Math.max(downloaded, size);
        return base == 0 ? 0 : (double) uploaded / base;
    }

    /** Why seeding should stop now, or null to go on. */
    String reached(long uploaded, long downloaded, long size, Duration seeding) {
        double r = ratio(uploaded, downloaded, size);
        if (ratio != null && r >= ratio) {
            return String.format(java.util.Locale.ROOT, "ratio %.2f reached the seed ratio %.2f", r, ratio);
        }
        if (time != null && seeding.compareTo(time) >= 0) {
            return "seeded for " + seeding.toSeconds() + " s, the seed time";
        }
        return null;
    }
}
